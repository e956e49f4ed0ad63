"""Score extracted events against the hand-annotated reports in tests/data/events.

Shared by tests/test_events_corpus.py and benchmarks/events_accuracy.py.  Gold events are
matched to predicted GeoJSON features within one document: same event_type and paragraph,
then the pair that agrees on most fields.  Per-type precision/recall come from the
matching; per-field accuracy is measured on matched pairs only, and a field is scored
only where the annotation states it (an empty route or drug list is "not stated").
"""
from __future__ import annotations

import json
import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

DATA_DIR = Path(__file__).resolve().parent / "data" / "events"
FIELDS: tuple[str, ...] = (
    "date", "date_precision", "place", "country_code", "geo_precision", "drugs", "counts",
    "route", "status", "price", "operation",
)
KG_TOLERANCE = 0.01  # relative

# Synonyms a feature may legitimately carry for a canonical substance or a country stop.
_SUBSTANCE_ALIASES = {
    "raw opium": "opium", "cannabis resin": "hashish", "hash": "hashish", "mdma": "ecstasy",
    "pervitin": "methamphetamine", "precursor": "precursors", "narcotics": "drugs",
    "drug": "drugs",
}
_NAME_ALIASES = {
    "russian federation": "russia", "kyrgyz republic": "kyrgyzstan", "st petersburg": "saint petersburg",
    "st. petersburg": "saint petersburg",
}
# Words that say what kind of place a name is, not which one.
_KIND_WORDS = frozenset({
    "region", "oblast", "province", "city", "district", "the", "border", "crossing", "checkpoint",
    "railway", "station", "port", "of", "autonomous", "town",
})


@dataclass(frozen=True)
class GoldDocument:
    """One annotated report: the text file and its hand-made event list."""

    path: Path
    doc_date: str | None
    events: tuple[dict[str, Any], ...]


@dataclass(frozen=True)
class Pair:
    """A gold event and the feature matched to it (None when the extractor missed it)."""

    doc: str
    gold: dict[str, Any]
    predicted: dict[str, Any] | None


@dataclass(frozen=True)
class Score:
    """Matching outcome over a corpus: pairs, unmatched predictions, field verdicts."""

    pairs: tuple[Pair, ...]
    spurious: tuple[tuple[str, dict[str, Any]], ...]  # (doc, feature) with no gold partner

    def type_table(self) -> dict[str, tuple[int, int, int]]:
        """event_type -> (true positives, false positives, false negatives)."""
        tp, fp, fn = Counter(), Counter(), Counter()
        for pair in self.pairs:
            kind = pair.gold["event_type"]
            (tp if pair.predicted is not None else fn)[kind] += 1
        for _, feature in self.spurious:
            fp[feature["properties"]["event_type"]] += 1
        kinds = sorted(set(tp) | set(fp) | set(fn))
        return {k: (tp[k], fp[k], fn[k]) for k in kinds}

    def totals(self) -> tuple[int, int, int]:
        table = self.type_table().values()
        return sum(t[0] for t in table), sum(t[1] for t in table), sum(t[2] for t in table)

    def f1(self) -> float:
        return prf(*self.totals())[2]

    def field_accuracy(self) -> dict[str, tuple[int, int]]:
        """field -> (correct, scored) over matched pairs."""
        out = {f: [0, 0] for f in FIELDS}
        for pair in self.pairs:
            if pair.predicted is None:
                continue
            for name, ok in field_verdicts(pair.gold, pair.predicted["properties"]).items():
                if ok is not None:
                    out[name][0] += int(ok)
                    out[name][1] += 1
        return {k: (v[0], v[1]) for k, v in out.items()}

    def accuracy(self, field: str) -> float:
        correct, scored = self.field_accuracy()[field]
        return correct / scored if scored else 1.0

    def errors(self, field: str) -> list[tuple[str, dict[str, Any], dict[str, Any]]]:
        """(doc, gold, predicted properties) for every matched pair that gets ``field`` wrong."""
        return [(p.doc, p.gold, p.predicted["properties"]) for p in self.pairs
                if p.predicted is not None
                and field_verdicts(p.gold, p.predicted["properties"])[field] is False]


def prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


# ---------------------------------------------------------------- loading

def load_gold(json_path: Path) -> GoldDocument:
    data = json.loads(json_path.read_text(encoding="utf-8"))
    events = tuple(part for event in data["events"] for part in per_substance(event))
    return GoldDocument(json_path.parent / data["document"], data.get("doc_date"), events)


def per_substance(gold: dict[str, Any]) -> list[dict[str, Any]]:
    """A seizure or tally annotated with several substances is scored as one event per
    substance, the unit the extractor writes (geoevents.events.per_substance): the
    annotation keeps the report's facts, this only changes what one event counts."""
    from geoevents.events.lexicon import lexicon
    from geoevents.events.per_substance import SPLIT_TYPES, substance_groups
    from geoevents.model import Quantity

    drugs = gold.get("drugs") or []
    if gold["event_type"] not in SPLIT_TYPES or len({canonical_substance(d["substance"]) for d in drugs}) < 2:
        return [gold]
    classes = lexicon("en").substance_class
    amounts = tuple(Quantity(canonical_substance(d["substance"]), d.get("quantity"), d.get("unit", "kg"),
                             d.get("kg"), drug_class=classes.get(d["substance"].lower())) for d in drugs)
    keep = [{id(q) for q in group} for group in substance_groups(amounts)]
    return [dict(gold, drugs=[d for d, q in zip(drugs, amounts) if id(q) in group]) for group in keep]


def gold_corpus(data_dir: Path = DATA_DIR) -> list[GoldDocument]:
    return [load_gold(p) for p in sorted(data_dir.glob("*.json"))]


def predict_features(path: Path) -> list[dict[str, Any]]:
    """Run the whole pipeline on one file, offline, and return its GeoJSON features."""
    from geoevents.ingest import read_document
    from geoevents.pipeline import document_events

    return [event.to_feature() for event in document_events(read_document(str(path)))]


# ---------------------------------------------------------------- comparing fields

def norm_name(name: str) -> str:
    """Fold case, accents and punctuation so transliteration noise does not count."""
    text = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    text = _NAME_ALIASES.get(text.strip(), text)
    text = re.sub(r"[^a-z0-9]+", " ", text).strip()
    return _NAME_ALIASES.get(text, text)


def _tokens(name: str) -> frozenset[str]:
    words = norm_name(name).split()
    kept = frozenset(w for w in words if w not in _KIND_WORDS)
    return kept or frozenset(words)


@lru_cache(maxsize=None)
def gazetteer_ids(name: str) -> frozenset[str]:
    """Place ids the project gazetteer gives ``name`` (empty when it has no gazetteer yet)."""
    try:
        from geoevents.gazetteer import load_gazetteer
    except ImportError:
        return frozenset()
    return frozenset(e.place_id for e in load_gazetteer().lookup(name))


def same_place(gold_name: str, candidates: Iterable[str | None], place_ids: Iterable[str | None] = ()) -> bool:
    """Equal names once kind words ("region", "border crossing") and punctuation are set aside,
    or a feature place_id the gazetteer gives the annotated name (Termez = Tirmiz)."""
    want = _tokens(gold_name)
    for cand in candidates:
        if not cand:
            continue
        got = _tokens(cand)
        if got == want or (len(want) == 1 and want <= got) or (len(got) == 1 and got <= want):
            return True
    ids = {pid for pid in place_ids if pid}
    return bool(ids) and bool(ids & gazetteer_ids(gold_name))


def _as_list(value: Any) -> list[Any]:
    if value is None:
        return []
    return list(value) if isinstance(value, list) else [value]


def place_ok(gold: dict[str, Any], props: dict[str, Any]) -> bool | None:
    names = _as_list(gold.get("place"))
    if not names:
        return None
    candidates = [props.get("place"), props.get("place_text")]
    if any(same_place(n, candidates, [props.get("place_id")]) for n in names):
        return True
    # a country named differently ("Kyrgyz Republic") is the same place when codes agree
    return (gold.get("geo_precision") == "country" and props.get("place_kind") == "country"
            and props.get("country_code") in _as_list(gold.get("country_code")))


def canonical_substance(name: str) -> str:
    key = (name or "").strip().lower()
    return _SUBSTANCE_ALIASES.get(key, key)


def drugs_ok(gold: dict[str, Any], props: dict[str, Any]) -> bool | None:
    wanted = gold.get("drugs") or []
    if not wanted:
        return None
    available = list(props.get("drugs") or [])
    for drug in wanted:
        hit = next((d for d in available if _drug_matches(drug, d)), None)
        if hit is None:
            return False
        available.remove(hit)
    return True


def _drug_matches(gold: dict[str, Any], got: dict[str, Any]) -> bool:
    if canonical_substance(gold["substance"]) != canonical_substance(got.get("substance", "")):
        return False
    if gold.get("kg") is not None:
        kg = got.get("kg")
        return kg is not None and abs(kg - gold["kg"]) <= KG_TOLERANCE * gold["kg"]
    if gold.get("quantity") is not None:  # doses, tablets, ampoules, hectares
        return got.get("quantity") is not None and abs(got["quantity"] - gold["quantity"]) < 1e-6
    return True


def counts_ok(gold: dict[str, Any], props: dict[str, Any]) -> bool | None:
    """Every annotated count value appears among the feature's counts (key names vary)."""
    wanted = gold.get("counts") or {}
    if not wanted:
        return None
    values = Counter(float(v) for v in (props.get("counts") or {}).values())
    for value in wanted.values():
        if values[float(value)] <= 0:
            return False
        values[float(value)] -= 1
    return True


def route_ok(gold: dict[str, Any], props: dict[str, Any]) -> bool | None:
    """Same stops in the same order; a non-route event's own site may head the list or not."""
    stops = gold.get("route") or []
    if not stops:
        return None
    got = [(s.get("name"), s.get("place_id")) for s in props.get("route") or []]
    if gold["event_type"] != "route":
        site = _as_list(gold.get("place"))
        stops = [s for s in stops if not any(same_place(s, [n]) for n in site)]
        got = [g for g in got if not any(same_place(n, [g[0]], [g[1]]) for n in site)]
    return len(stops) == len(got) and all(same_place(s, [g[0]], [g[1]]) for s, g in zip(stops, got))


def price_ok(gold: dict[str, Any], props: dict[str, Any]) -> bool | None:
    want = gold.get("price")
    if not want:
        return None
    got = props.get("price") or {}
    if got.get("amount") != want["amount"]:
        return False
    return "previous" not in want or got.get("previous") == want["previous"]


def operation_ok(gold: dict[str, Any], props: dict[str, Any]) -> bool | None:
    """The operation's name, compared without quotes, case or punctuation."""
    want = gold.get("operation")
    if not want:
        return None
    return norm_name(props.get("operation") or "") == norm_name(want)


def field_verdicts(gold: dict[str, Any], props: dict[str, Any]) -> dict[str, bool | None]:
    """True/False per field, None where the annotation does not state that field."""
    codes = _as_list(gold.get("country_code"))
    is_route = gold["event_type"] == "route"
    return {
        "date": props.get("start") == gold["start"] and props.get("end") == gold["end"],
        "date_precision": props.get("date_precision") == gold["date_precision"],
        "place": None if is_route else place_ok(gold, props),
        "country_code": (props.get("country_code") in codes) if codes and not is_route else None,
        "geo_precision": props.get("geo_precision") == gold["geo_precision"],
        "drugs": drugs_ok(gold, props),
        "counts": counts_ok(gold, props),
        "route": route_ok(gold, props),
        "status": props.get("status", "reported") == gold.get("status", "reported"),
        "price": price_ok(gold, props),
        "operation": operation_ok(gold, props),
    }


def agreement(gold: dict[str, Any], props: dict[str, Any]) -> int:
    return sum(1 for ok in field_verdicts(gold, props).values() if ok)


# ---------------------------------------------------------------- matching

def match_document(doc: str, gold: Sequence[dict[str, Any]],
                   features: Sequence[dict[str, Any]]) -> tuple[list[Pair], list[tuple[str, dict[str, Any]]]]:
    """Pair gold events with features of the same type and paragraph, best agreement first."""
    live = [f for f in features if f["properties"].get("status") != "negated"]
    candidates = []
    for gi, g in enumerate(gold):
        for fi, f in enumerate(live):
            props = f["properties"]
            if props["event_type"] == g["event_type"] and props["paragraph"] == g["paragraph"]:
                candidates.append((-agreement(g, props), gi, fi))
    candidates.sort()
    used_gold: dict[int, int] = {}
    used_pred: set[int] = set()
    for _, gi, fi in candidates:
        if gi not in used_gold and fi not in used_pred:
            used_gold[gi] = fi
            used_pred.add(fi)
    pairs = [Pair(doc, g, live[used_gold[gi]] if gi in used_gold else None) for gi, g in enumerate(gold)]
    spurious = [(doc, f) for fi, f in enumerate(live) if fi not in used_pred]
    return pairs, spurious


def score_corpus(documents: Sequence[GoldDocument],
                 predict: Callable[[Path], list[dict[str, Any]]] = predict_features) -> Score:
    pairs: list[Pair] = []
    spurious: list[tuple[str, dict[str, Any]]] = []
    for gold in documents:
        got_pairs, got_spurious = match_document(gold.path.name, gold.events, predict(gold.path))
        pairs.extend(got_pairs)
        spurious.extend(got_spurious)
    return Score(tuple(pairs), tuple(spurious))


def gold_as_feature(gold: dict[str, Any]) -> dict[str, Any]:
    """The feature a perfect extractor would write for ``gold`` (to test the scorer itself)."""
    place = _as_list(gold.get("place"))
    codes = _as_list(gold.get("country_code"))
    return {"type": "Feature", "properties": {
        "event_type": gold["event_type"], "paragraph": gold["paragraph"],
        "start": gold["start"], "end": gold["end"], "date_precision": gold["date_precision"],
        "place": place[0] if place else None, "place_text": place[0] if place else None,
        "place_kind": "country" if gold["geo_precision"] == "country" else None,
        "country_code": codes[0] if codes else None, "geo_precision": gold["geo_precision"],
        "drugs": [dict(d) for d in gold.get("drugs") or []],
        "counts": dict(gold.get("counts") or {}),
        "route": [{"name": s} for s in gold.get("route") or []],
        "status": gold.get("status", "reported"), "price": gold.get("price"),
        "operation": gold.get("operation"),
    }}


# ---------------------------------------------------------------- reporting

def format_report(score: Score) -> str:
    lines = [f"{'event_type':<12} {'gold':>5} {'pred':>5} {'tp':>4} {'P':>6} {'R':>6} {'F1':>6}"]
    for kind, (tp, fp, fn) in score.type_table().items():
        p, r, f = prf(tp, fp, fn)
        lines.append(f"{kind:<12} {tp + fn:>5} {tp + fp:>5} {tp:>4} {p:>6.2f} {r:>6.2f} {f:>6.2f}")
    tp, fp, fn = score.totals()
    p, r, f = prf(tp, fp, fn)
    lines.append(f"{'ALL':<12} {tp + fn:>5} {tp + fp:>5} {tp:>4} {p:>6.2f} {r:>6.2f} {f:>6.2f}")
    lines.append("")
    lines.append(f"{'field (matched pairs)':<22} {'correct':>8} {'scored':>7} {'acc':>6}")
    for name, (correct, scored) in score.field_accuracy().items():
        acc = f"{correct / scored:6.2f}" if scored else "     -"
        lines.append(f"{name:<22} {correct:>8} {scored:>7} {acc}")
    return "\n".join(lines)
