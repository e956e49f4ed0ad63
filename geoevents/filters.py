"""Event filters shared by `extract`, `filter` and `map`: dates, type, country, drug, bbox.

:func:`filter_options` adds the same click options to any command and
:func:`spec_from_options` turns their values into a validated :class:`FilterSpec`
(bad values raise click.BadParameter naming the option).  Matching works on the
GeoJSON Features of the event contract, so it serves fresh and re-read events alike.
"""
from __future__ import annotations

import calendar
import math
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from types import MappingProxyType
from typing import Any, TypeVar

import click

from geoevents.export import split_antimeridian
from geoevents.model import EVENT_TYPES

F = TypeVar("F", bound=Callable[..., Any])
BBox = tuple[float, float, float, float]
_NUMERIC = re.compile(r"(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?")
_LOOKS_NUMERIC = re.compile(r"[\d\s./-]+")
# An analyst asking for a drug family means its usual street and seizure forms.
DRUG_FAMILIES: Mapping[str, frozenset[str]] = MappingProxyType({
    "cannabis": frozenset({"cannabis", "marijuana", "marihuana", "hashish", "hashish oil",
                           "hemp", "cannabis resin"}),
    "opiates": frozenset({"opium", "heroin", "morphine", "poppy straw", "codeine"}),
    "ats": frozenset({"amphetamine", "methamphetamine", "ecstasy", "mdma"}),
})


@dataclass(frozen=True, slots=True)
class FilterSpec:
    """What an event must satisfy to be kept; the defaults keep everything."""

    date_from: date | None = None
    date_to: date | None = None
    # An analyst asking for March means the events of March: an event dated only to
    # "2008" overlaps March but is not known to be in it, so by default it is left out
    # (reason "coarse", counted apart so the summary can say so); ``within=False`` is
    # --overlap, which keeps every event whose interval touches the range.
    within: bool = True
    types: frozenset[str] = frozenset()
    countries: frozenset[str] = frozenset()
    drugs: frozenset[str] = frozenset()
    bbox: BBox | None = None
    min_kg: float | None = None
    # the date bounds as ISO text: ISO dates compare correctly as strings, which keeps
    # matching a streamed Feature cheap (no date parsing per event)
    _range: tuple[str, str] = field(init=False, repr=False, compare=False)
    # ``dated``, computed once: rejection() runs once per event of a million-line input
    _dated: bool = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        lo = self.date_from.isoformat() if self.date_from else "0000-01-01"
        hi = self.date_to.isoformat() if self.date_to else "9999-12-31"
        object.__setattr__(self, "_range", (lo, hi))
        object.__setattr__(self, "_dated", self.date_from is not None or self.date_to is not None)

    @property
    def dated(self) -> bool:
        """True when a date bound is set (undated events are then excluded)."""
        return self._dated

    def matches(self, feature: Mapping[str, Any]) -> bool:
        return self.rejection(feature) is None

    def rejection(self, feature: Mapping[str, Any]) -> str | None:
        """Why ``feature`` is excluded: undated, date (outside the range), coarse (overlaps
        the range but is not inside it, only with ``within``), type, country, drug, kg, bbox."""
        props = feature.get("properties") or {}
        if self._dated:
            start, end = props.get("start") or props.get("end"), props.get("end")
            end = end or start
            if not start:
                return "undated"
            lo, hi = self._range
            if not (start <= hi and end >= lo):
                return "date"
            if self.within and not (lo <= start and end <= hi):
                return "coarse"
        if self.types and props.get("event_type") not in self.types:
            return "type"
        if self.countries and not self.countries & _feature_countries(props):
            return "country"
        if self.drugs or self.min_kg is not None:
            chosen = [d for d in props.get("drugs") or [] if isinstance(d, Mapping)
                      and (not self.drugs or drug_matches(str(d.get("substance")), self.drugs))]
            if not chosen:
                return "drug"
            if self.min_kg is not None and _total_kg(chosen) < self.min_kg:
                return "kg"
        if self.bbox is not None and not geometry_in_bbox(feature.get("geometry"), self.bbox):
            return "bbox"
        return None


def period_label(start: str, end: str) -> str:
    """How a reader names an event's [start, end]: "the year 2008", "the years
    2007-2008", "2008-01..2008-09" (whole months) or "2008-02-20..2008-04-10"."""
    first, last = date.fromisoformat(start), date.fromisoformat(end)
    month_end = calendar.monthrange(last.year, last.month)[1] == last.day
    if (first.month, first.day, last.month, last.day) == (1, 1, 12, 31):
        years = str(first.year) if first.year == last.year else f"{first.year}-{last.year}"
        return f"the year{'' if first.year == last.year else 's'} {years}"
    if first.day == 1 and month_end:
        if (first.year, first.month) == (last.year, last.month):
            return f"the month {start[:7]}"
        return f"{start[:7]}..{end[:7]}"
    return f"{start}..{end}"


def coarse_period(feature: Mapping[str, Any]) -> str:
    """The period label of a feature left out as "coarse" (its start and end exist)."""
    props = feature.get("properties") or {}
    start = props.get("start") or props.get("end")
    return period_label(start, props.get("end") or start)


def coarse_note(periods: Mapping[str, int]) -> str | None:
    """The summary's clause on events left out because they are dated only to a longer
    period that overlaps the range ("2008" for a March filter); None when there are none.
    Said on every command that filters by date, so no one mistakes them for absent."""
    total = sum(periods.values())
    if not total:
        return None
    ranked = sorted(periods.items(), key=lambda item: (-item[1], item[0]))
    parts = [f"{n} to {label}" for label, n in ranked[:3]]
    rest = total - sum(n for _, n in ranked[:3])
    if rest:
        parts.append(f"{rest} to other periods")
    return (f"{total} dated only to a longer period overlapping the range not included "
            f"({', '.join(parts)}); --overlap keeps them")


def _feature_countries(props: Mapping[str, Any]) -> set[str]:
    codes = {str(c).upper() for c in props.get("countries") or []}
    if props.get("country_code"):
        codes.add(str(props["country_code"]).upper())
    return codes


def _total_kg(drugs: Iterable[Mapping[str, Any]]) -> float:
    """Drugs only: precursors ("2 tonnes of chemical reagents") are not drugs."""
    return sum(d["kg"] for d in drugs if isinstance(d.get("kg"), (int, float)) and d.get("class") != "precursor")


def drug_matches(substance: str, wanted: Iterable[str]) -> bool:
    """A substance matches a name, a word of its name ("heroin base"), or its family."""
    name = substance.lower().strip()
    words = set(name.split())
    for want in wanted:
        if want == name or want in words or name in DRUG_FAMILIES.get(want, ()):
            return True
    return False


# --- geometry against a bounding box ---------------------------------------------------

def geometry_in_bbox(geometry: Mapping[str, Any] | None, bbox: BBox) -> bool:
    """True when any vertex or line segment of the geometry lies in the box.

    A box with west > east crosses the antimeridian (RFC 7946 §5.2); so may lines.
    A polygon that wholly contains the box without an edge in it is not detected
    (events are points and routes).
    """
    if not geometry:
        return False
    west, south, east, north = bbox
    boxes = [(west, south, east, north)] if west <= east else [
        (west, south, 180.0, north), (-180.0, south, east, north)]
    return any(_part_in_box(part, box) for part in _parts(geometry) for box in boxes)


def _parts(geometry: Mapping[str, Any]) -> Iterable[list[list[float]]]:
    """Vertex lists: one per point, one per line or polygon ring."""
    kind = geometry.get("type")
    coords = geometry.get("coordinates")
    if kind == "GeometryCollection":
        for sub in geometry.get("geometries") or []:
            yield from _parts(sub)
    elif kind == "Point":
        yield [coords]
    elif kind == "MultiPoint":
        yield from ([c] for c in coords)
    elif kind in ("LineString",):
        yield coords
    elif kind in ("MultiLineString", "Polygon"):
        yield from coords
    elif kind == "MultiPolygon":
        for polygon in coords:
            yield from polygon


def _part_in_box(points: list[list[float]], box: BBox) -> bool:
    west, south, east, north = box
    if any(west <= p[0] <= east and south <= p[1] <= north for p in points):
        return True
    return any(_segment_hits(a, b, box) for line in split_antimeridian(points)
               for a, b in zip(line, line[1:]))


def _segment_hits(a: list[float], b: list[float], box: BBox) -> bool:
    """Liang-Barsky clipping: does segment a-b pass through the box?"""
    west, south, east, north = box
    t0, t1 = 0.0, 1.0
    dx, dy = b[0] - a[0], b[1] - a[1]
    for p, q in ((-dx, a[0] - west), (dx, east - a[0]), (-dy, a[1] - south), (dy, north - a[1])):
        if p == 0:
            if q < 0:
                return False
            continue
        t = q / p
        if p < 0:
            t0 = max(t0, t)
        else:
            t1 = min(t1, t)
        if t0 > t1:
            return False
    return True


# --- parsing option values -------------------------------------------------------------

def parse_date_bound(text: str, end: bool = False) -> date:
    """First day (or, with ``end``, last day) of 2008, 2008-03, 2008-03-15 or "March 2008".

    Raises ValueError with a readable reason for impossible or unreadable dates.
    """
    text = text.strip()
    match = _NUMERIC.fullmatch(text)
    if match:
        year, month, day = (int(g) if g else None for g in match.groups())
        try:
            if month is None:
                return date(year, 12, 31) if end else date(year, 1, 1)
            if day is None:
                last = calendar.monthrange(year, month)[1] if 1 <= month <= 12 else 0
                return date(year, month, last if end else 1)
            return date(year, month, day)
        except ValueError as exc:
            raise ValueError(f"{text!r} is not a valid date ({exc})") from None
    if not text or _LOOKS_NUMERIC.fullmatch(text):
        raise ValueError(f"cannot read {text!r} as a date (use 2008, 2008-03 or 2008-03-15)")
    return _parse_words(text, end)


def _parse_words(text: str, end: bool) -> date:
    from dateparser.date import DateDataParser  # heavy: only for word dates

    settings = {"PREFER_DAY_OF_MONTH": "first", "PREFER_MONTH_OF_YEAR": "first"}
    data = DateDataParser(settings=settings).get_date_data(text)
    if data is None or data.date_obj is None:
        raise ValueError(f"cannot read {text!r} as a date (try 2008-03 or 'March 2008')")
    found = data.date_obj.date()
    if data.period == "year":
        return date(found.year, 12, 31) if end else date(found.year, 1, 1)
    if data.period == "month":
        last = calendar.monthrange(found.year, found.month)[1]
        return date(found.year, found.month, last if end else 1)
    return found


def parse_bbox(text: str) -> BBox:
    """W,S,E,N in degrees; west > east means the box crosses the antimeridian."""
    parts = [p for p in re.split(r"[,\s]+", text.strip()) if p]
    try:
        values = [float(p) for p in parts]
    except ValueError:
        values = []
    if len(values) != 4 or not all(math.isfinite(v) for v in values):
        raise ValueError(f"{text!r} is not four numbers W,S,E,N (e.g. 46,40,88,56)")
    west, south, east, north = values
    if not (-180 <= west <= 180 and -180 <= east <= 180):
        raise ValueError(f"{text!r}: longitudes must be within -180..180")
    if not (-90 <= south <= 90 and -90 <= north <= 90):
        raise ValueError(f"{text!r}: latitudes must be within -90..90")
    if south > north:
        raise ValueError(f"{text!r}: south {south} is north of north {north}")
    return west, south, east, north


def _split_values(values: Iterable[str] | str | None) -> list[str]:
    """Repeated options and comma lists alike: --type seizure --type arrest,price."""
    if values is None:
        return []
    if isinstance(values, str):
        values = [values]
    return [v.strip() for value in values for v in value.split(",") if v.strip()]


def spec_from_options(*, date_from: str | None = None, date_to: str | None = None,
                      within: bool = True, types: Iterable[str] | None = None,
                      countries: Iterable[str] | None = None, drugs: Iterable[str] | None = None,
                      bbox: str | None = None, min_kg: float | None = None,
                      **_other: Any) -> FilterSpec:
    """A validated FilterSpec from :func:`filter_options` values (other keys are ignored,
    so a command can pass all its keyword arguments)."""
    def bad(option: str, message: str) -> click.BadParameter:
        return click.BadParameter(message, param_hint=f"'{option}'")

    try:
        start = parse_date_bound(date_from) if date_from else None
    except ValueError as exc:
        raise bad("--from", str(exc)) from None
    try:
        end = parse_date_bound(date_to, end=True) if date_to else None
    except ValueError as exc:
        raise bad("--to", str(exc)) from None
    if start and end and start > end:
        raise bad("--from", f"{start.isoformat()} is after --to {end.isoformat()}")
    wanted_types = _split_values(types)
    unknown = [t for t in wanted_types if t not in EVENT_TYPES]
    if unknown:
        raise bad("--type", f"unknown event type {unknown[0]!r} "
                            f"(choose from {', '.join(EVENT_TYPES)})")
    codes = [c.upper() for c in _split_values(countries)]
    wrong = [c for c in codes if not re.fullmatch(r"[A-Z]{2}", c)]
    if wrong:
        raise bad("--country", f"{wrong[0]!r} is not an ISO 3166-1 alpha-2 code (e.g. KZ)")
    try:
        box = parse_bbox(bbox) if bbox else None
    except ValueError as exc:
        raise bad("--bbox", str(exc)) from None
    if min_kg is not None and not (math.isfinite(min_kg) and min_kg >= 0):
        raise bad("--min-kg", f"{min_kg} is not a non-negative number of kilograms")
    return FilterSpec(date_from=start, date_to=end, within=within,
                      types=frozenset(wanted_types), countries=frozenset(codes),
                      drugs=frozenset(d.lower() for d in _split_values(drugs)),
                      bbox=box, min_kg=min_kg)


def filter_options(func: F) -> F:
    """Add --from --to --within/--overlap --type --country --drug --bbox --min-kg to a command."""
    options = [
        click.option("--from", "date_from", metavar="DATE",
                     help="Keep events on or after DATE: 2008, 2008-03, 2008-03-15, 'March 2008'."),
        click.option("--to", "date_to", metavar="DATE",
                     help="Keep events up to DATE; a month or year means its last day."),
        click.option("--within/--overlap", "within", default=True,
                     help="--within (default): keep an event only when its whole [start, end] "
                          "lies in the range, so --from 2008-03 --to 2008-03 leaves out events "
                          "dated only '2008'; --overlap keeps every event that touches the range."),
        click.option("--type", "types", multiple=True, metavar="TYPE",
                     help=f"Event type, repeatable or comma-separated: {', '.join(EVENT_TYPES)}."),
        click.option("--country", "countries", multiple=True, metavar="CC",
                     help="ISO alpha-2 country code (event place or countries), repeatable."),
        click.option("--drug", "drugs", multiple=True, metavar="NAME",
                     help="Substance, repeatable; cannabis/opiates/ats name families."),
        click.option("--bbox", metavar="W,S,E,N",
                     help="Keep events whose geometry touches the box (W>E crosses 180°)."),
        click.option("--min-kg", "min_kg", type=float, metavar="KG",
                     help="Keep events seizing at least KG kilograms (of --drug, if given)."),
    ]
    for option in reversed(options):
        func = option(func)
    return func
