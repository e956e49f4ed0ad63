"""A stored document's body: its summary and Features as JSON lines, deflated against a preset dictionary.

The event store keeps each document's Features once, together, in one compressed value;
the events table holds only the columns its queries use.  A document's Features repeat
the same property names, vocabulary, doc_id and place names, so deflating them together
takes under a fifth of their JSON.  A preset dictionary -- the property names and
common values of the public contract, in the order Event.to_feature writes them, no
text of any report -- takes a third off that again for the short documents typical of
a corpus, whose few Features have no earlier text of their own to refer back to.  And
a line leaves out the values its event's row holds (:class:`Held`).

The dictionary a store's bodies were written with is kept in the store (meta), so a
later change to :data:`DICTIONARY` never makes an existing store unreadable.
"""
from __future__ import annotations

import json
import zlib
from collections.abc import Iterable, Mapping
from typing import Any, NamedTuple

LEVEL = 9  # bodies are a few kilobytes: the slowest level costs microseconds and saves ~5%
_WBITS = -15  # raw deflate: no zlib header or Adler-32, six bytes a document saved


def dumps(value: Any) -> str:
    """JSON as the store writes it: compact, UTF-8, never a raw newline (lines stay lines)."""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def _template() -> bytes:
    """The preset dictionary: summary and Feature lines shaped like a body's, holding the
    contract's names and vocabulary but no text of any report.  Deflate refers to nearer
    text more cheaply, so the most common shapes (seizures, arrests) come last."""
    def props(kind: str, title: str, drugs: list[dict[str, Any]], counts: dict[str, Any],
              agencies: list[str], sentence: str, traffickers: Any) -> dict[str, Any]:
        return {
            "event_type": kind, "title": title, "start": "", "end": "",
            "date_precision": "month", "date_text": "January", "place": "", "place_text": "",
            "place_id": "gn:", "place_kind": "city", "country_code": "", "admin1": " Region",
            "geo_precision": "city", "resolved_by": "gazetteer", "route": [], "drugs": drugs,
            "counts": counts, "agencies": agencies, "operation": None, "doc_id": "",
            "doc_date": "2000-01-01", "paragraph": 1, "sentence": sentence, "char_start": 0,
            "char_end": 0, "confidence": 0.9, "id": "", "status": "reported",
            "date_anchor": "document", "date_source": "sentence", "countries": [],
            "price": None, "incident": "", "lang": "en", "conveyance": None, "concealment": None,
            "detection": None, "traffickers": traffickers, "route_roles": None}

    def feature(properties: dict[str, Any], geometry: str = "Point") -> str:
        point = [0.0, 0.0]
        return _ID + _START + _END + _TIME + dumps({
            "type": "Feature", "id": "",
            "geometry": {"type": geometry, "coordinates": point if geometry == "Point" else [point, point]},
            "properties": properties, "time": ""})

    def drug(substance: str, unit: str, drug_class: str) -> dict[str, Any]:
        return {"substance": substance, "quantity": 1.0, "unit": unit, "kg": 1.0, "class": drug_class}

    # Words of the genre, first (furthest from the text, so the costliest to refer to).
    words = ("January February March April May June July August September October November "
             "December Region Province Oblast district border crossing checkpoint Kazakhstan "
             "Kyrgyzstan Tajikistan Uzbekistan Turkmenistan Afghanistan Russia Iran Pakistan "
             "China Ministry of Internal Affairs National Security Committee Agency on Drug "
             "Control prosecutor court trafficking smuggling courier detained convicted arrested "
             "seized героин опий гашиш марихуана изъято задержаны килограммов")
    lines = [
        dumps({"words": words}),
        _SHA + dumps({"doc_id": "", "doc_date": "2000-01-01", "title": "", "path": "",
                      "sha256": "", "lang": "en"}),
        feature(props("route", "Route — ", [], {}, [], " route from  through  to ", None),
                "LineString"),
        feature(props("sentencing", "Sentencing — ", [], {"sentence_years": 1.0}, [],
                      ", a court in  sentenced  to  years in prison.", None)),
        feature(props("lab_closure", "Lab closed — ",
                      [{**drug("methamphetamine", "", "ATS"), "quantity": None, "kg": None}],
                      {}, ["police"], ", police closed a laboratory producing  in .", None)),
        feature(props("arrest", "Arrests —  arrested — ", [], {"arrested": 1.0},
                      ["Border Guard Service", "customs", "police"],
                      ", the  arrested  members of a trafficking group in .",
                      {"count": 1, "nationalities": []})),
        feature(props("seizure", "Seizure —  kg hashish — ", [drug("hashish", "kilogram", "cannabis")],
                      {}, ["customs", "police"],
                      ", customs officers seized  kilograms of hashish in .", None)),
        feature(props("seizure", "Seizure —  kg heroin — ",
                      [drug("heroin", "kilo", "opiate"), drug("opium", "kilo", "opiate")],
                      {}, ["Drug Control Agency"],
                      ", the Drug Control Agency seized  kilos of heroin and raw opium in .", None)),
    ]
    return "\n".join(lines).encode("utf-8")


def encode(summary: str, features: Iterable[str], dictionary: bytes) -> bytes:
    """The body of a document: its summary line, then one line per Feature, deflated."""
    deflate = zlib.compressobj(LEVEL, zlib.DEFLATED, _WBITS, zdict=dictionary)
    text = "\n".join((summary, *features)).encode("utf-8")
    return deflate.compress(text) + deflate.flush()


def decode(body: bytes, dictionary: bytes) -> list[str]:
    """The lines of a body: the summary's JSON first, then each Feature's."""
    inflate = zlib.decompressobj(_WBITS, zdict=dictionary)
    return (inflate.decompress(body) + inflate.flush()).decode("utf-8").split("\n")


def first_line(body: bytes, dictionary: bytes) -> str:
    """The first line of a body (the summary's) alone -- a re-run reads every
    document's: inflated only as far as its end."""
    inflate = zlib.decompressobj(_WBITS, zdict=dictionary)
    text = inflate.decompress(body, 1024)
    while b"\n" not in text and inflate.unconsumed_tail:
        text += inflate.decompress(inflate.unconsumed_tail, 1024)
    if b"\n" not in text:
        text += inflate.flush()
    return text.split(b"\n", 1)[0].decode("utf-8")


class Held(NamedTuple):
    """What an event's row in the store holds that its Feature repeats (the row's id,
    start and end columns): a body leaves those values out and takes them back from
    the row.  Random hex ids twice and three copies of the dates were a fifth of a
    compressed body."""

    id: Any
    start: Any
    end: Any


# Which values a line left out, as letters before its JSON object (which starts with
# "{"): the Feature's "id" and properties.id, properties.start, properties.end, "time";
# the summary's sha256 (its document row's key: 64 hex digits no compressor shortens).
# A value is left out only when it is the very string the row holds (and "time" only
# when it is what the row's dates make), so every Feature comes back exactly, keys in
# their order: the value is emptied in place, not removed.
_ID, _START, _END, _TIME, _SHA = "i", "s", "e", "t", "h"


def summary_line(summary: Mapping[str, Any], sha: str) -> str:
    """A document's summary as the first line of its body, without its row's sha256."""
    if summary.get("sha256") == sha:
        return _SHA + dumps({**summary, "sha256": ""})
    return dumps(summary)


def summary_of(text: str, sha: str) -> dict[str, Any]:
    """The summary of a body's first line, given its document row's sha256."""
    flags, brace, rest = text.partition("{")
    found: dict[str, Any] = json.loads(brace + rest)
    if _SHA in flags:
        found["sha256"] = sha
    return found


def line(feature: Mapping[str, Any], held: Held) -> str:
    """A Feature's line in a body, without the values its events row holds."""
    props = feature.get("properties")
    if not isinstance(props, Mapping):
        return dumps(feature)
    top, inner, flags = dict(feature), dict(props), ""
    if isinstance(held.id, str) and top.get("id") == held.id and inner.get("id") == held.id:
        top["id"] = inner["id"] = ""
        flags += _ID
    if isinstance(held.start, str) and inner.get("start") == held.start:
        inner["start"] = ""
        flags += _START
    if isinstance(held.end, str) and inner.get("end") == held.end:
        inner["end"] = ""
        flags += _END
    if "time" in top and top["time"] == _time(held):
        top["time"] = ""
        flags += _TIME
    if not flags:
        return dumps(feature)
    top["properties"] = inner
    return flags + dumps(top)


def feature(text: str, held: Held) -> dict[str, Any]:
    """The Feature of a body's line, given what its events row holds."""
    flags, brace, rest = text.partition("{")
    found: dict[str, Any] = json.loads(brace + rest)
    if flags:
        props = found["properties"]
        if _ID in flags:
            found["id"] = props["id"] = held.id
        if _START in flags:
            props["start"] = held.start
        if _END in flags:
            props["end"] = held.end
        if _TIME in flags:
            found["time"] = _time(held)
    return found


def _time(held: Held) -> dict[str, Any] | None:
    """The "time" member Event.to_feature writes for the row's dates (None: not text)."""
    if not (isinstance(held.start, str) and isinstance(held.end, str)):
        return None
    return {"date": held.start} if held.start == held.end else {"interval": [held.start, held.end]}


DICTIONARY = _template()
