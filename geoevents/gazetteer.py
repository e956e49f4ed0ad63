"""The bundled gazetteer: a compact index built by ``python -m gazetteer.build``, loaded once.

The runtime reads three small tab-separated files from the ``gazetteer`` package (found
through importlib.resources, so an installed wheel works from any directory).  Name keys
are kept as one sorted list searched with bisect: loading is a few ``str.split`` calls,
not a parse of a large JSON document.
"""
from __future__ import annotations

import bisect
import functools
import math
import re
import unicodedata
from dataclasses import dataclass
from functools import cached_property
from importlib import resources
from typing import Any

KINDS: tuple[str, ...] = ("country", "region", "city", "crossing", "feature", "macro", "border")
# How precisely a kind of entry locates an event (GEO_PRECISIONS in geoevents.model).
PRECISION_OF_KIND: dict[str, str] = {
    "country": "country", "region": "region", "city": "city", "crossing": "site",
    "feature": "region", "macro": "region", "border": "border",
    "district": "region",  # a second-level unit (rayon, tuman, etrap): an area, finer than its region
}
FORMS: dict[str, str] = {"p": "name", "a": "alt", "d": "demonym"}
DATA_FILES: tuple[str, ...] = ("places.tsv", "keys.txt", "postings.txt", "countries.tsv",
                               "admin1.tsv")

_FOLD = str.maketrans({
    "ı": "i", "ł": "l", "Ł": "l", "ø": "o", "Ø": "o", "ß": "ss", "æ": "ae", "Æ": "ae",
    "œ": "oe", "Œ": "oe", "đ": "d", "Đ": "d", "ð": "d", "þ": "th", "Þ": "th",
    "ʹ": "", "ʼ": "", "ʻ": "", "’": "", "‘": "", "'": "", "`": "", "ʽ": "", "ʿ": "", "ʾ": "",
})
_SAINT = re.compile(r"\b(st|ste)\.?\s*(?=\w)")
_NOT_ALNUM = re.compile(r"[\W_]+")


@functools.lru_cache(maxsize=65_536)  # pure; the same words recur across a document
def name_key(text: str) -> str:
    """The lookup key of a name: case, accents, spacing and hyphens folded away.

    "Taldy Korgan", "Taldy-Korgan" and "Taldykorgan" share one key, as do
    "St. Petersburg" and "Saint Petersburg".  Build and runtime use this same function.
    """
    folded = unicodedata.normalize("NFKD", text.translate(_FOLD))
    folded = "".join(c for c in folded if not unicodedata.combining(c)).casefold()
    folded = _SAINT.sub(lambda m: "saint " if m.group(1) == "st" else "sainte ", folded)
    return _NOT_ALNUM.sub("", folded)


@dataclass(frozen=True, slots=True)
class Entry:
    """One gazetteer record: a country, region, city, crossing, feature, macro-region or border."""

    idx: int
    place_id: str
    name: str
    kind: str
    country_code: str  # ISO alpha-2, "" for features spanning several countries
    admin1_code: str  # GeoNames admin1 code within the country, "" when unknown
    admin1: str  # readable admin1 name, "" when unknown
    lat: float
    lon: float
    population: int

    @property
    def geo_precision(self) -> str:
        return PRECISION_OF_KIND.get(self.kind, "none")

    def to_json(self) -> dict[str, Any]:
        return {
            "place_id": self.place_id, "name": self.name, "kind": self.kind,
            "country_code": self.country_code or None, "admin1": self.admin1 or None,
            "lat": self.lat, "lon": self.lon, "population": self.population,
        }


@dataclass(frozen=True, slots=True)
class Match:
    """An entry reached through one name key, and how: its name, an alternate name or a demonym."""

    entry: Entry
    form: str  # name | alt | demonym


class Gazetteer:
    """Read-only index over the bundled data; build one with :func:`load_gazetteer`."""

    def __init__(self, rows: list[str], keys: list[str], postings: list[str],
                 countries: list[str], admin1: list[str]):
        self._rows = rows
        self._admin1 = dict(line.split("\t", 1) for line in admin1)
        self._keys = keys
        self._postings = postings
        self._countries: dict[str, tuple[int, frozenset[str]]] = {}
        for line in countries:
            cc, idx, neighbours = line.split("\t")
            self._countries[cc] = (int(idx), frozenset(n for n in neighbours.split(",") if n))

    def __len__(self) -> int:
        return len(self._rows)

    def entry(self, idx: int) -> Entry:
        """The entry on row ``idx`` (rows are parsed on demand: most are never needed)."""
        pid, name, kind, cc, a1code, lat, lon, pop = self._rows[idx].split("\t")
        return Entry(idx, pid, name, kind, cc, a1code, self._admin1.get(f"{cc}.{a1code}", ""),
                     float(lat), float(lon), int(pop or 0))

    def matches(self, key: str) -> tuple[Match, ...]:
        """Entries whose name, alternate name or demonym has exactly this :func:`name_key`."""
        i = bisect.bisect_left(self._keys, key)
        if not key or i >= len(self._keys) or self._keys[i] != key:
            return ()
        out = []
        for item in self._postings[i].split(","):
            out.append(Match(self.entry(int(item[:-1])), FORMS[item[-1]]))
        return tuple(out)

    def has_prefix(self, key: str) -> bool:
        """True when some name key starts with ``key`` (lets a scanner stop extending early)."""
        i = bisect.bisect_left(self._keys, key)
        return i < len(self._keys) and self._keys[i].startswith(key)

    def lookup(self, name: str, country: str | None = None) -> list[Entry]:
        """Entries called ``name`` (any form), best first: countries, then by size.

        ``country`` (ISO alpha-2) keeps only entries of that country.
        """
        seen: dict[int, tuple[float, Entry]] = {}
        for match in self.matches(name_key(name or "")):
            e = match.entry
            if country and e.country_code != country.upper():
                continue
            rank = _static_rank(e) + (1.0 if match.form == "name" else 0.0)
            if e.idx not in seen or seen[e.idx][0] < rank:
                seen[e.idx] = (rank, e)
        return [e for _, e in sorted(seen.values(), key=lambda t: (-t[0], t[1].idx))]

    def country(self, cc: str) -> Entry | None:
        """The country entry (its representative point is Natural Earth's label point)."""
        item = self._countries.get((cc or "").upper())
        return self.entry(item[0]) if item else None

    def neighbours(self, cc: str) -> frozenset[str]:
        """ISO codes of the countries sharing a land border with ``cc`` (GeoNames)."""
        item = self._countries.get((cc or "").upper())
        return item[1] if item else frozenset()

    def demonym(self, word: str) -> str | None:
        """The ISO code when ``word`` is a demonym/adjective of one country ("Afghan" -> AF)."""
        codes = {m.entry.country_code for m in self.matches(name_key(word or ""))
                 if m.form == "demonym" and m.entry.kind == "country"}
        return codes.pop() if len(codes) == 1 else None

    def border(self, a: str, b: str) -> Entry | None:
        """The border line entry between two countries, when they share one."""
        first, second = sorted((a.upper(), b.upper()))
        return self.by_id(f"ge:border/{first}-{second}")

    def by_id(self, place_id: str) -> Entry | None:
        idx = self._id_index.get(place_id)
        return None if idx is None else self.entry(idx)

    @cached_property
    def _id_index(self) -> dict[str, int]:
        return {row[:row.index("\t")]: i for i, row in enumerate(self._rows)}

    def stats(self) -> dict[str, Any]:
        """Counts by kind and of countries, name keys and postings (for `gazetteer stats`)."""
        by_kind: dict[str, int] = {}
        countries: set[str] = set()
        for row in self._rows:
            cols = row.split("\t", 4)
            by_kind[cols[2]] = by_kind.get(cols[2], 0) + 1
            if cols[3]:
                countries.add(cols[3])
        return {
            "entries": len(self._rows),
            "by_kind": dict(sorted(by_kind.items())),
            "countries_with_entries": len(countries),
            "name_keys": len(self._keys),
            "postings": sum(p.count(",") + 1 for p in self._postings),
        }


def _static_rank(e: Entry) -> float:
    """Context-free preference: countries first, then larger places."""
    bonus = {"country": 5.0, "macro": 1.0, "crossing": 0.5, "feature": 0.5}.get(e.kind, 0.0)
    return bonus + entry_size(e)


def entry_size(e: Entry) -> float:
    """log10 of population, with nominal sizes for kinds that carry none."""
    nominal = {"country": 7.0, "region": 5.5, "macro": 5.5, "feature": 4.5,
               "crossing": 3.5, "border": 4.0}
    if e.population > 0:
        return math.log10(e.population + 1)
    return nominal.get(e.kind, 3.0)


def _read_lines(name: str) -> list[str]:
    text = resources.files("gazetteer").joinpath("data").joinpath(name).read_text(encoding="utf-8")
    return text.split("\n")[:-1] if text.endswith("\n") else text.split("\n")


@functools.lru_cache(maxsize=1)
def load_gazetteer() -> Gazetteer:
    """Load the bundled index once per process (about a tenth of a second)."""
    return Gazetteer(_read_lines("places.tsv"), _read_lines("keys.txt"),
                     _read_lines("postings.txt"), _read_lines("countries.tsv"),
                     _read_lines("admin1.tsv"))


def countries_geojson_text() -> str:
    """The simplified Natural Earth country outlines (RFC 7946 FeatureCollection text)."""
    return resources.files("gazetteer").joinpath("data").joinpath("countries.geojson").read_text(
        encoding="utf-8")


def features_geojson_text() -> str:
    """Border lines and curated feature outlines (RFC 7946 FeatureCollection text)."""
    return resources.files("gazetteer").joinpath("data").joinpath("features.geojson").read_text(
        encoding="utf-8")
