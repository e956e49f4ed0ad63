"""The shapes of an event's structured properties, and how skipped features are reported.

``geoevents.reader`` checks what every consumer needs to find a Feature at all (type,
geometry, event_type, dates): a file that breaks that is not an events file and is
refused.  The structured properties (``route``, ``drugs``, ``counts``...) are checked
here: a hand-edited file with ``"route": "A > B"`` in one feature is still an events
file, so that feature is skipped with one line on stderr and the rest are mapped and
written, instead of one value crashing the map, the CSV writer or the filters.
"""
from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

import click

SkipHandler = Callable[[str], None]

# Say this many skipped features one line each; past that, one line with the count (a
# broken file of a million features must not bury the summary line under a million).
SKIP_LINES = 100


def properties_problem(props: Mapping[str, Any]) -> str | None:
    """Why a Feature's structured properties do not fit the contract, or None.

    Absent and null values are allowed everywhere (a partial event is still an event).
    """
    problem = (_list_of_objects(props, "route", "route stop")
               or _list_of_objects(props, "drugs", "drug")
               or _drug_numbers(props.get("drugs"))
               or _counts(props.get("counts"))
               or _list_of_text(props, "agencies")
               or _list_of_text(props, "countries")
               or _seizure_record(props))
    if problem:
        return problem
    price = props.get("price")
    if price is not None and not isinstance(price, Mapping):
        return f"price is not an object ({_kind(price)})"
    return None


def _seizure_record(props: Mapping[str, Any]) -> str | None:
    """The seizure-record variables (README "Seizure records"): the map's popup, the
    seizure table and the filters read them as text, objects and lists of codes."""
    for key in ("conveyance", "detection", "incident"):
        if problem := _text(props.get(key), key):
            return problem
    for key in ("concealment", "traffickers", "route_roles"):
        value = props.get(key)
        if value is not None and not isinstance(value, Mapping):
            return f"{key} is not an object ({_kind(value)})"
    hidden, people, roles = (props.get(k) or {} for k in ("concealment", "traffickers", "route_roles"))
    count = people.get("count")
    if count is not None and not _is_number(count):
        return f"traffickers count is not a number ({_kind(count)})"
    checks = [_text(hidden.get("text"), "concealment text"), _text(hidden.get("class"), "concealment class"),
              _list_of_text(people, "nationalities", "traffickers nationalities")]
    checks += [_list_of_text(roles, role, f"route_roles {role}") for role in ("departure", "transit", "destination")]
    return next((problem for problem in checks if problem), None)


def _text(value: Any, name: str) -> str | None:
    if value is None or isinstance(value, str):
        return None
    return f"{name} is not text ({_kind(value)})"


def _list_of_objects(props: Mapping[str, Any], key: str, item: str) -> str | None:
    value = props.get(key)
    if value is None:
        return None
    if not isinstance(value, list):
        return f"{key} is not a list ({_kind(value)})"
    for number, entry in enumerate(value, 1):
        if not isinstance(entry, Mapping):
            return f"{item} {number} is not an object ({_kind(entry)})"
    return None


def _drug_numbers(drugs: Any) -> str | None:
    for number, drug in enumerate(drugs or [], 1):
        for key in ("quantity", "kg"):
            if drug.get(key) is not None and not _is_number(drug[key]):
                return f"drug {number} {key} is not a number ({_kind(drug[key])})"
        problem = _text(drug.get("class"), f"drug {number} class")  # the map colours by it
        if problem:
            return problem
    return None


def _counts(counts: Any) -> str | None:
    if counts is None:
        return None
    if not isinstance(counts, Mapping):
        return f"counts is not an object ({_kind(counts)})"
    for name, value in counts.items():
        if value is not None and not _is_number(value):
            return f"count {str(name)[:40]!r} is not a number ({_kind(value)})"
    return None


def _list_of_text(props: Mapping[str, Any], key: str, name: str | None = None) -> str | None:
    value, name = props.get(key), name or key
    if value is None:
        return None
    if not isinstance(value, list):
        return f"{name} is not a list ({_kind(value)})"
    for entry in value:
        if not isinstance(entry, str):
            return f"{name} holds {_kind(entry)}, not text"
    return None


def _is_number(value: Any) -> bool:
    # bool is an int to Python but true/false to JSON: not a quantity
    return isinstance(value, int | float) and not isinstance(value, bool)


def _kind(value: Any) -> str:
    """The JSON name of a value's type, for messages ("a string", "null")."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, Mapping):
        return "an object"
    return type(value).__name__


def warn_skipped(message: str) -> None:
    """The default :data:`SkipHandler`: one ``skipped ...`` line on stderr at once."""
    click.echo(f"geoevents: skipped {message}", err=True)


class SkipLog:
    """Skipped-feature messages held until the run has succeeded.

    A run that then fails says one error line and nothing else; one that succeeds
    says each skip (up to :data:`SKIP_LINES`, then how many more) before its summary.
    """

    def __init__(self) -> None:
        self.held: list[str] = []
        self.count = 0

    def add(self, message: str) -> None:
        self.count += 1
        if len(self.held) < SKIP_LINES:
            self.held.append(message)

    def merge(self, other: SkipLog) -> None:
        """Take over the messages of ``other`` (a file's, once the file has loaded)."""
        self.held.extend(other.held[:max(SKIP_LINES - len(self.held), 0)])
        self.count += other.count

    def flush(self) -> None:
        for message in self.held:
            warn_skipped(message)
        if self.count > len(self.held):
            warn_skipped(f"{self.count - len(self.held)} more feature(s) whose properties "
                         "do not fit the event contract")
        self.held.clear()
        self.count = 0
