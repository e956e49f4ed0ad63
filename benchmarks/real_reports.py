"""Recall and precision on real reports, per part (dev / held-back) and genre.

The gold is `tests/data/real/index.json` (facts and URLs only); the texts live in an ignored
folder (see benchmarks/real/README.md). Matching is `../shared/eval/score_real.py`, the
scorer outside checks use: this script runs it once over every document and sums its
per-document lines by part, language and genre. Precision is matched/predicted: every
event of every document is annotated, so an unmatched prediction is a false positive.

    python benchmarks/real_reports.py --texts benchmarks/real/            # dev part only
    python benchmarks/real_reports.py --texts benchmarks/real/ --part all # both halves
    python benchmarks/real_reports.py --texts benchmarks/real/ --lang en --misses
"""
from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import tempfile
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DOC_LINE = re.compile(r"^(?P<name>\S+)\s+(?P<lang>\w+) recall (?P<m>\d+)/(?P<n>\d+).*?; predicted (?P<p>\d+)")
ROUTES = re.compile(r"routes (\d+)/(\d+)")


FIELDS = ("conveyance", "concealment_class", "detection", "traffickers", "route_roles")


def _predicted(field: str, props: dict):
    if field == "concealment_class":
        return (props.get("concealment") or {}).get("class")
    if field == "traffickers":
        t = props.get("traffickers")
        return None if t is None else (t.get("count"), tuple(sorted(t.get("nationalities") or [])))
    if field == "route_roles":
        r = props.get("route_roles")
        return None if r is None else (tuple(r.get("departure") or []), tuple(r.get("destination") or []))
    return props.get(field)


def _gold(field: str, g: dict):
    v = g.get(field)
    if v is None:
        return None
    if field == "traffickers":
        return (v.get("count"), tuple(sorted(v.get("nationalities") or [])))
    if field == "route_roles":
        return (tuple(v.get("departure") or []), tuple(v.get("destination") or []))
    return v


def print_fields(scorer: Path, docs: list[dict], keep: Path, misses: bool = False) -> None:
    """Per field: filled right where the text states it, filled at all where it does not
    (matching gold to predicted events with the shared scorer's own rules)."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("score_real", scorer)
    sr = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(sr)  # type: ignore[union-attr]
    stated = {f: [0, 0] for f in FIELDS}  # right, total where gold states it
    unstated = {f: [0, 0] for f in FIELDS}  # filled, total where gold says null
    for d in docs:
        path = keep / f"{d['name']}.geojson"
        if not path.exists():
            continue
        feats = json.loads(path.read_text(encoding="utf-8")).get("features", [])
        used: set[int] = set()
        for g in d["events"]:
            if "conveyance" not in g:
                continue
            cands = [fi for fi, f in enumerate(feats) if fi not in used and not sr.assess(g, f)[0]]
            if not cands:
                continue
            used.add(cands[0])
            props = feats[cands[0]]["properties"]
            for field in FIELDS:
                want, got = _gold(field, g), _predicted(field, props)
                if want is None:
                    unstated[field][0] += got is not None
                    unstated[field][1] += 1
                else:
                    stated[field][0] += got == want
                    stated[field][1] += 1
                if misses and got != want:
                    print(f"  {d['name'][:40]:<40} {field:<17} gold {want!s:<28} got {got!s:<28} | "
                          f"{props.get('sentence', '')[:90]!r}")
    print(f"{'field':<18} {'stated: right':>14} {'not stated: filled':>19}")
    for field in FIELDS:
        (r, n), (w, m) = stated[field], unstated[field]
        print(f"{field:<18} {f'{r}/{n}':>7} {r / n if n else 0:>6.2f} {f'{w}/{m}':>11} {w / m if m else 0:>6.2f}")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter, epilog=__doc__)
    ap.add_argument("--texts", default=str(ROOT / "benchmarks" / "real"), help="folder of NAME.txt files")
    ap.add_argument("--gold", default=str(ROOT / "tests" / "data" / "real" / "index.json"))
    ap.add_argument("--scorer", default=str(ROOT.parent / "shared" / "eval" / "score_real.py"),
                    help="score_real.py (default: ../shared/eval/score_real.py)")
    ap.add_argument("--geoevents", default=str(Path(sys.executable).with_name("geoevents")))
    ap.add_argument("--part", choices=["dev", "heldout", "all"], default="dev",
                    help="which half to score (default dev; score the held-back half only when done)")
    ap.add_argument("--lang", choices=["en", "ru"], help="only documents of this language")
    ap.add_argument("--misses", action="store_true", help="print the scorer's per-document detail")
    ap.add_argument("--fields", action="store_true",
                    help="also score the seizure-record fields (conveyance, concealment class, detection, "
                         "traffickers, route roles) on matched seizures")
    a = ap.parse_args()

    scorer = Path(a.scorer)
    if not scorer.exists():
        print(f"real_reports: skipped: no scorer at {scorer} (pass --scorer)", file=sys.stderr)
        return 0
    index = json.loads(Path(a.gold).read_text(encoding="utf-8"))
    docs = [d for d in index["docs"] if (a.part == "all" or d.get("part", "dev") == a.part)
            and (a.lang is None or d.get("lang", "en") == a.lang)]
    missing = [d["name"] for d in docs if not (Path(a.texts) / f"{d['name']}.txt").exists()]
    if missing:
        print(f"real_reports: {len(missing)} texts missing from {a.texts} (first: {missing[0]}); "
              "see benchmarks/real/README.md", file=sys.stderr)
        docs = [d for d in docs if d["name"] not in missing]
        if not docs:
            return 0
    with tempfile.TemporaryDirectory() as tmp:
        gold = Path(tmp) / "gold.json"
        gold.write_text(json.dumps({"docs": docs}, ensure_ascii=False), encoding="utf-8")
        keep = Path(tmp) / "keep"
        out = subprocess.run([sys.executable, str(scorer), "--gold", str(gold), "--texts", a.texts,
                              "--geoevents", a.geoevents, "--keep", str(keep)], capture_output=True, text=True)
        if a.fields and out.returncode == 0:
            print_fields(scorer, docs, keep, a.misses)
    if out.returncode != 0:
        print(out.stderr, file=sys.stderr)
        return 1
    if a.misses:
        print(out.stdout)
    meta = {d["name"]: d for d in docs}
    sums: dict[tuple[str, str, str], list[int]] = defaultdict(lambda: [0, 0, 0, 0, 0, 0])
    for line in out.stdout.splitlines():
        m = DOC_LINE.match(line)
        if not m or m["name"] not in meta:
            continue
        d = meta[m["name"]]
        r = ROUTES.search(line)
        row = [int(m["m"]), int(m["n"]), int(m["p"]), 1, int(r[1]) if r else 0, int(r[2]) if r else 0]
        for key in ((d.get("part", "dev"), d.get("lang", "en"), d["genre"]), (d.get("part", "dev"), d.get("lang", "en"), "all")):
            sums[key] = [x + y for x, y in zip(sums[key], row)]
    print(f"{'part':<8} {'lang':<4} {'genre':<6} {'docs':>4} {'gold':>5} {'pred':>5} {'match':>5} "
          f"{'recall':>6} {'prec':>6} {'routes':>7}")
    for (part, lang, genre), (m, n, p, k, rm, rn) in sorted(sums.items(), key=lambda kv: (kv[0][0], kv[0][1], kv[0][2] == "all", kv[0][2])):
        print(f"{part:<8} {lang:<4} {genre:<6} {k:>4} {n:>5} {p:>5} {m:>5} {m / n if n else 0:>6.2f} "
              f"{m / p if p else 0:>6.2f} {f'{rm}/{rn}':>7}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
