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
    A new check here belongs in :func:`plainly_fits` and geoevents.fastcheck too.
    """
    if type(props) is dict and plainly_fits(props):
        return None
    return _properties_problem(props)


def _properties_problem(props: Mapping[str, Any]) -> str | None:
    """The general check behind :func:`properties_problem`: any Mapping, exact messages."""
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


# The fast checks below test exact types, not isinstance: decoded JSON holds only
# these, and ``type(True) is int`` is False, so JSON true/false never pass as numbers.
def plainly_fits(props: dict[str, Any]) -> bool:
    """True when decoded-JSON ``props`` certainly fit; False sends them to the full check.

    The common case at corpus scale (a million features), unrolled on exact JSON types
    because every Feature of a sequence comes through here: a fraction of the cost of
    the general checks, and never True where :func:`_properties_problem` finds a
    problem -- on False it runs and gives the exact message.
    """
    get = props.get
    route = get("route")
    if route is not None:
        if type(route) is not list:
            return False
        for stop in route:
            if type(stop) is not dict:
                return False
    drugs = get("drugs")
    if drugs is not None:
        if type(drugs) is not list:
            return False
        for drug in drugs:
            if type(drug) is not dict:
                return False
            value = drug.get("quantity")
            if value is not None and type(value) is not float and type(value) is not int:
                return False
            value = drug.get("kg")
            if value is not None and type(value) is not float and type(value) is not int:
                return False
            value = drug.get("class")
            if value is not None and type(value) is not str:
                return False
    counts = get("counts")
    if counts is not None:
        if type(counts) is not dict:
            return False
        for value in counts.values():
            if value is not None and type(value) is not int and type(value) is not float:
                return False
    for key in ("agencies", "countries"):
        texts = get(key)
        if texts is not None and (type(texts) is not list or any(type(t) is not str for t in texts)):
            return False
    value = get("conveyance")
    if value is not None and type(value) is not str:
        return False
    value = get("detection")
    if value is not None and type(value) is not str:
        return False
    value = get("incident")
    if value is not None and type(value) is not str:
        return False
    value = get("price")
    if value is not None and type(value) is not dict:
        return False
    hidden, people, roles = get("concealment"), get("traffickers"), get("route_roles")
    if hidden is None and people is None and roles is None:
        return True  # most events are no seizure record
    return _plain_record(hidden, people, roles)


def _plain_texts(value: Any) -> bool:
    """None or a list of str (the fast form of :func:`_list_of_text`)."""
    if value is None:
        return True
    if type(value) is not list:
        return False
    for entry in value:
        if type(entry) is not str:
            return False
    return True


def _plain_record(hidden: Any, people: Any, roles: Any) -> bool:
    """The seizure-record objects plainly fit (the fast form of :func:`_seizure_record`)."""
    if hidden is not None:
        if type(hidden) is not dict:
            return False
        for key in ("text", "class"):
            value = hidden.get(key)
            if value is not None and type(value) is not str:
                return False
    if people is not None:
        if type(people) is not dict:
            return False
        count = people.get("count")
        if count is not None and type(count) is not int and type(count) is not float:
            return False
        if not _plain_texts(people.get("nationalities")):
            return False
    if roles is not None:
        if type(roles) is not dict:
            return False
        for role in ("departure", "transit", "destination"):
            if not _plain_texts(roles.get(role)):
                return False
    return True


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
