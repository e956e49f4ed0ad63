"""Parse the metadata block of a cable in its common public forms.

Forms handled: the field-list block (``Identifier / Created / Classification / Origin``
then the values, then ``Cable title:``), the one-line ``Reference ID  Created  Released
Classification  Origin`` table, the raw telegram (``VZCZC``, ``DE RUEH… #NNNN``, a
date-time group such as ``P 020158Z DEC 08``, ``FM AMEMBASSY ASTANA``, ``TAGS:``,
``SUBJECT:``), and a news dateline such as ``BISHKEK, 9 April 2004 -``.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

MONTHS = {m: i for i, m in enumerate(
    ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"], 1)}
CLASSIFICATIONS = (
    "UNCLASSIFIED//FOR OFFICIAL USE ONLY", "UNCLASSIFIED", "CONFIDENTIAL//NOFORN",
    "CONFIDENTIAL", "SECRET//NOFORN", "SECRET", "LIMITED OFFICIAL USE",
)
HEADER_WINDOW = 12_000  # header facts live near the top; never scan a huge file for them

_FIELD_NAMES = ("identifier", "reference id", "created", "released", "classification", "origin")
_CREATED = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
_DTG = re.compile(r"\b(?:[OPRZ]{1,2}\s+)?(\d{2})\d{4}Z\s+(JAN|FEB|MAR|APR|MAY|JUN|JUL|AUG|SEP|OCT|NOV|DEC)\s+(\d{2}|\d{4})\b")
_DE_LINE = re.compile(r"\bDE\s+RUE[A-Z]{2,4}\s+#(\d{1,5})")
_FM_LINE = re.compile(r"\bFM\s+(AMEMBASSY|AMCONSUL|USMISSION|USEU|SECSTATE|AMEMBASSY)\s+([A-Z][A-Z ]*?)(?=\s+TO\b|\s*$|\s+INFO\b)", re.M)
_SECTION = re.compile(
    r"^\s*(UNCLAS|C\s?O\s?N\s?F\s?I\s?D\s?E\s?N\s?T\s?I\s?A\s?L|S\s?E\s?C\s?R\s?E\s?T|LIMITED OFFICIAL USE)"
    r"(?:\s+E\s?F\s?T\D+)?(?:\s+SECTION\s+\d+\s+OF\s+\d+)?\s+([A-Z][A-Z ]+?)\s+0*(\d{1,6})"
    # the line may end there, or (a copy that joined the header's lines) run on into the
    # distribution marks: "TASHKENT 000412 SIPDIS SENSITIVE ..."
    r"(?:\s*$|(?=[ \t]+(?:SIPDIS|SENSITIVE|NOFORN|E\.O\.)))", re.M)
_TAGS = re.compile(r"^\s*TAGS:\s*(.+)$", re.M)
_SUBJECT = re.compile(r"^\s*SUBJ(?:ECT)?:\s*(.+)$", re.M)
_TITLE = re.compile(r"^\s*Cable title:\s*\n?\s*(.+)$", re.M | re.I)
_DATELINE = re.compile(
    r"^\s*([A-Z][A-Za-z'.-]+(?:[ -][A-Z][A-Za-z'.-]+){0,3}),\s+"
    r"(?:(\d{1,2})\s+([A-Z][a-z]{2,8})\.?,?\s+(\d{4})|([A-Z][a-z]{2,8})\.?\s+(\d{1,2}),?\s+(\d{4}))"
    r"\s*(?:\([^)\n]{1,40}\)\s*)?[-\u2013\u2014:]", re.M)

# A Russian news dateline: a city then a date ("Костанай, 10 июня 2024 года.", "ДУШАНБЕ,
# 22.02.2024 (Азия-Плюс) –"), or a line that is only a date stamp ("14 марта 2024, 11:20",
# "18.04.2024"), also with its town before the text on the same line ("25.09.2014, г. Тараз.
# С 16 по ..."); a body sentence that starts with a date is neither.
_RU_DATE = r"(?:(?P<d>\d{1,2})\s+(?P<mon>[а-яё]{3,9})\s+(?P<y>\d{4})|(?P<nd>\d{1,2})\.(?P<nm>\d{1,2})\.(?P<ny>\d{4}))(?:\s*(?:года|г\.))?"
_DATELINE_RU = re.compile(
    rf"^[ \t]*(?P<city>[А-ЯЁ][А-Яа-яЁё-]+(?:[ -][А-ЯЁ][А-Яа-яЁё-]+){{0,2}})[,.][ \t]+{_RU_DATE}"
    rf"[ \t]*(?:\([^)\n]{{1,40}}\)[ \t]*)?(?:[.,:\u2013\u2014-]|$)", re.M)
_DATE_STAMP_RU = re.compile(
    rf"^[ \t]*{_RU_DATE}(?:,?[ \t]*\d{{1,2}}:\d{{2}})?"
    rf"(?:,[ \t]*(?P<city>г\.[ \t]*[А-ЯЁ][а-яё-]+)(?:\.[ \t]+(?=[А-ЯЁ«\d])|\.?[ \t]*$)|[ \t]*$)",
    re.M)


@dataclass(frozen=True, slots=True)
class Header:
    doc_id: str | None = None
    doc_date: date | None = None
    doc_date_source: str = "none"  # created | dtg | dateline | none
    title: str | None = None
    origin: str | None = None
    classification: str | None = None
    tags: tuple[str, ...] = ()
    end: int = 0  # where the body may begin (after a field-list block)


def parse_header(text: str) -> Header:
    """Collect every header fact found in the top of ``text``."""
    top = text[:HEADER_WINDOW]
    fields, end = _field_block(top)
    doc_id = fields.get("identifier") or fields.get("reference id")
    classification = _classification(fields.get("classification"), top)
    origin = fields.get("origin")
    doc_date, source = _parse_created(fields.get("created")), "created"
    title = _title(top)
    dtg = _DTG.search(top)
    if doc_date is None and dtg:
        doc_date, source = _dtg_date(dtg), "dtg"
    fm = _FM_LINE.search(top)
    section = _SECTION.search(top)
    post = fm.group(2).strip() if fm else (section.group(2).strip() if section else None)
    if origin is None and fm:
        kind = {"AMCONSUL": "Consulate", "USMISSION": "Mission"}.get(fm.group(1), "Embassy")
        origin = f"{kind} {post.title()}" if fm.group(1) != "SECSTATE" else "Secretary of State"
    elif origin is None and post:
        origin = post.title()  # the post that numbered the cable ("TASHKENT 000400")
    if doc_id is None and dtg and post:
        number = _DE_LINE.search(top)
        serial = number.group(1) if number else (section.group(3) if section else None)
        if serial:
            doc_id = f"{dtg.group(3)[-2:]}{post.replace(' ', '')}{int(serial)}"
    if doc_date is None:
        dateline = _DATELINE.search(top)
        if dateline:
            doc_date, source = _dateline_date(dateline), "dateline"
            origin = origin or dateline.group(1).title()
        elif (russian := _DATELINE_RU.search(top) or _DATE_STAMP_RU.search(top)) is not None:
            doc_date, source = _russian_dateline_date(russian), "dateline"
            city = russian.group("city")
            origin = origin or (city.removeprefix("г.").strip().title() if city else None)
    tags_match = _TAGS.search(top)
    tags = tuple(re.findall(r"[A-Z][A-Z0-9]+", tags_match.group(1))) if tags_match else ()
    if title is None and not fields:
        title = _plain_title(text)
    return Header(doc_id=doc_id, doc_date=doc_date, doc_date_source=source if doc_date else "none",
                  title=title, origin=origin, classification=classification, tags=tags, end=end)


def _field_block(top: str) -> tuple[dict[str, str], int]:
    """Field names then values, one per line, or a one-line table of both."""
    lines = top.splitlines(keepends=True)
    stripped = [ln.strip() for ln in lines]
    start = next((i for i, s in enumerate(stripped) if s), None)
    if start is None:
        return {}, 0
    first = stripped[start].lower()
    if first.startswith("reference id") and start + 1 < len(lines):
        # "Reference ID  Created  Released  Classification  Origin" then one row of values.
        return _table_row(stripped[start + 1]), sum(len(x) for x in lines[: start + 2])
    names: list[str] = []
    i = start
    while i < len(stripped) and stripped[i].lower() in _FIELD_NAMES:
        names.append(stripped[i].lower())
        i += 1
    if len(names) < 2:
        return {}, 0
    values = stripped[i: i + len(names)]
    fields = dict(zip(names, values))
    i += len(names)
    if i < len(stripped) and stripped[i].lower().startswith("cable title:"):
        i += 2 if stripped[i].lower() == "cable title:" else 1
    return fields, sum(len(x) for x in lines[:i])


def _table_row(row: str) -> dict[str, str]:
    m = re.match(r"(\S+)\s+(\d{4}-\d{2}-\d{2}(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?)\s+"
                 r"(?:(\d{4}-\d{2}-\d{2}(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?)\s+)?(.*)$", row)
    if not m:
        return {}
    fields = {"reference id": m.group(1), "created": m.group(2)}
    rest = m.group(4).strip()
    for name in CLASSIFICATIONS:
        if rest.upper().startswith(name):
            fields["classification"] = name
            rest = rest[len(name):].strip()
            break
    if rest:
        fields["origin"] = rest
    return fields


def _parse_created(value: str | None) -> date | None:
    m = _CREATED.search(value or "")
    return _safe_date(int(m.group(1)), int(m.group(2)), int(m.group(3))) if m else None


def _dtg_date(m: re.Match[str]) -> date | None:
    year = int(m.group(3))
    year = year + (1900 if year >= 70 else 2000) if year < 100 else year
    return _safe_date(year, MONTHS[m.group(2).lower()], int(m.group(1)))


def _dateline_date(m: re.Match[str]) -> date | None:
    if m.group(2):
        day, month, year = m.group(2), m.group(3), m.group(4)
    else:
        month, day, year = m.group(5), m.group(6), m.group(7)
    number = MONTHS.get(month[:3].lower())
    return _safe_date(int(year), number, int(day)) if number else None


def _russian_dateline_date(m: re.Match[str]) -> date | None:
    from geoevents.dates.grammar_ru import MONTH_NUMBER  # only when a Russian dateline is there

    if m.group("ny"):
        return _safe_date(int(m.group("ny")), int(m.group("nm")), int(m.group("nd")))
    number = MONTH_NUMBER.get(m.group("mon").lower())
    return _safe_date(int(m.group("y")), number, int(m.group("d"))) if number else None


def _safe_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None  # an impossible date in a header is ignored, not fatal


def _classification(value: str | None, top: str) -> str | None:
    if value:
        return value.strip().upper()
    m = _SECTION.search(top) or re.search(
        r"^\s*(UNCLAS|C O N F I D E N T I A L|CONFIDENTIAL|S E C R E T|SECRET)\b", top, re.M)
    if not m:
        return None
    word = m.group(1).replace(" ", "")
    return "UNCLASSIFIED" if word == "UNCLAS" else word


def _title(top: str) -> str | None:
    m = _TITLE.search(top) or _SUBJECT.search(top)
    return " ".join(m.group(1).split()) if m else None


def _plain_title(text: str) -> str | None:
    """A plain report's first line is its title when it stands alone and reads like one."""
    lines = text[:4000].splitlines()
    for i, line in enumerate(lines):
        line = line.strip()
        if not line:
            continue
        alone = i + 1 < len(lines) and not lines[i + 1].strip()
        more = any(rest.strip() for rest in lines[i + 1:])  # a title heads some text
        short = len(line) <= 150 and not line.endswith((".", ",", ";"))
        numbered = bool(re.match(r"\d{1,3}\.\s", line))
        return line if alone and more and short and not numbered and not _DATELINE.match(line) else None
    return None
