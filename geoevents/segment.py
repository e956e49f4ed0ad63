"""Segment: clean a report body into numbered paragraphs and sentences with offsets.

Drops telegram routing and page-break lines (rejoining the sentences they cut), keeps
one copy of a body that was printed twice, and records for every paragraph a map from
its cleaned text back to positions in the decoded file.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from geoevents.header import Header
from geoevents.lang import other_stories
from geoevents.model import Paragraph, Sentence
from geoevents.sentences import split_sentences

# Lines that carry routing, paging or markings, never report content.
_NOISE = re.compile(
    r"""^(?:
      [A-Z][A-Z .'-]{1,30}\s0*\d{1,8}\s+\d{1,3}\s+OF\s+\d{1,3}      # ASTANA 00002380 002 OF 006
    | (?:UNCLAS|C\s?O\s?N\s?F\s?I\s?D\s?E\s?N\s?T\s?I\s?A\s?L|S\s?E\s?C\s?R\s?E\s?T|LIMITED\ OFFICIAL\ USE)
      (?:\s+E\s?F\s?T\w*)?(?:\s+SECTION\s+\d+\s+OF\s+\d+)?\s+[A-Z][A-Z ]+\s0*\d{1,8}   # UNCLAS SECTION 01 OF 06 ASTANA 002380
    | SIPDIS | NOFORN | BT | NNNN
    | E\.?\s?O\.?\s+\d{4,5}:.* | TAGS:.* | SUBJ(?:ECT)?:.* | REF(?:S)?:.* | REFTEL:?.*
    | (?:STATE|DEPT|PASS|FOR|INFO|TO|FM|DE|ZEN|CLASSIFIED\ BY|Classified\ By|REASON)\b[: ].*?(?:[A-Z]{2,}[/,]|WASHDC|PRIORITY|ROUTINE|IMMEDIATE|AMEMBASSY|RUE|SECSTATE|\d\.\d|1\.4).*
    | VZCZC.* | R?UE[A-Z]{2,4}[/ #].* | [OPRZ]{1,2}\s+\d{6}Z\s.* | \#\d+.*
    | Identifier | Created | Released | Classification | Origin | Reference\ ID.* | Cable\ title:.*
    | [A-H]\.\s+(?:\d{2})?\s?[A-Z]{3,}\s+0*\d{2,6}.*                # REF list: B. 08ASTANA 1234
    | END\ (?:TEXT|OF\ TEXT)\.?
    )\s*$""",
    re.X,
)
_NUMBERED = re.compile(r"^(\s*)(\d{1,5})\.\s+(?:\((U|SBU|C|S|TS|LOU|FOUO|[A-Z/]{1,12})\)\s*)?")
_HEADING = re.compile(r"^[A-ZА-ЯЁ][A-ZА-ЯЁ0-9 ,/&()'\".:;«»!?\u2013\u2014-]*[A-ZА-ЯЁ)»!?]$")


@dataclass
class _Block:
    """Lines of one paragraph while it is being collected."""

    number: int
    heading: str | None
    mark: str | None
    start: int
    pieces: list[tuple[int, str]] = field(default_factory=list)  # (file offset, text)


def segment_body(text: str, header: Header) -> tuple[Paragraph, ...]:
    lines = _lines(text, header.end)
    numbered = sum(1 for _, ln in lines if _NUMBERED.match(ln) and not _NOISE.match(ln.strip()))
    blocks = _numbered_blocks(lines) if numbered >= 2 else _plain_blocks(lines, header.title)
    return _dedupe(_paragraph(b) for b in blocks if b.pieces)


def _lines(text: str, start: int) -> list[tuple[int, str]]:
    out, pos = [], start
    for raw in text[start:].splitlines(keepends=True):
        out.append((pos, raw.rstrip("\r\n")))
        pos += len(raw)
    return out


def _is_heading(line: str) -> bool:
    return bool(_HEADING.match(line)) and sum(c.isalpha() for c in line) >= 3


def _numbered_blocks(lines: list[tuple[int, str]]) -> list[_Block]:
    blocks: list[_Block] = []
    current: _Block | None = None
    pending: list[str] = []  # capital lines that may head the next paragraph
    last_number = 0
    for offset, line in lines:
        stripped = line.strip()
        if not stripped:
            continue
        if _NOISE.match(stripped):
            pending = []  # a heading is never followed by routing lines
            continue
        m = _NUMBERED.match(line)
        if m and _plausible_number(int(m.group(2)), m.group(3), last_number):
            current = _Block(int(m.group(2)), pending[-1] if pending else None, m.group(3), offset + len(m.group(1)))
            current.pieces.append((offset + m.end(), line[m.end():].rstrip()))
            blocks.append(current)
            last_number, pending = current.number, []
            continue
        if _is_heading(stripped):
            pending.append(stripped)
            continue
        for held in pending:  # capital lines followed by text were text after all
            current = _append_preamble(blocks, current, offset, held)
        pending = []
        lead = len(line) - len(line.lstrip())
        current = _append_preamble(blocks, current, offset + lead, stripped)
    return blocks


def _append_preamble(blocks: list[_Block], current: _Block | None, offset: int, text: str) -> _Block:
    if current is None:  # unnumbered text before the first numbered paragraph
        current = _Block(0, None, None, offset)
        blocks.append(current)
    current.pieces.append((offset, text))
    return current


def _plausible_number(number: int, mark: str | None, last: int) -> bool:
    # A line may start "2008. The ..." inside a paragraph; trust a number only with a
    # classification mark, or when it continues or restarts the sequence.
    return mark is not None or number == last + 1 or number == 1 or (last == 0 and number < 5)


def _plain_blocks(lines: list[tuple[int, str]], title: str | None) -> list[_Block]:
    blocks: list[_Block] = []
    current: _Block | None = None
    for offset, line in lines:
        stripped = line.strip()
        if not stripped:
            current = None
            continue
        if _NOISE.match(stripped):
            continue
        if current is not None and other_stories().match(stripped):
            current = None  # "Related News" on its own line opens other stories: a paragraph of its own
        # a headline in capitals stands alone, not glued to the dateline under it ("SHARE" alone is a button)
        heading = _is_heading(stripped) and len(stripped.split()) >= 3
        if current is None or heading:
            if not blocks and stripped == title:
                continue  # the title line is metadata, not a paragraph
            current = _Block(len(blocks) + 1, None, None, offset + len(line) - len(line.lstrip()))
            blocks.append(current)
        lead = len(line) - len(line.lstrip())
        current.pieces.append((offset + lead, stripped))
        if heading:
            current = None
    return _renumbered([part for block in blocks for part in _split_headline_tail(block)])


def _split_headline_tail(block: _Block) -> list[_Block]:
    """A page that prints its "latest news" headlines right under the article, with no blank
    line between, gives one block: the headlines after the article's last full sentence become
    a block of their own (which page_chrome then sets aside)."""
    texts = [piece for _, piece in block.pieces]
    headlines = buttons = 0
    cut = None
    for i in range(len(texts) - 1, 0, -1):  # one pass from the end: the longest tail of headlines
        kind = _line_kind(texts[i])
        if kind is None:
            break
        headlines += kind == "headline"
        buttons += kind == "button"
        if _is_list(headlines, buttons) and texts[i - 1].rstrip().endswith((".", "!", "?", "»", "\u201d", '"')):
            cut = i
    if cut is None:
        return [block]
    tail = _Block(block.number, None, None, block.pieces[cut][0], block.pieces[cut:])
    return [_Block(block.number, block.heading, block.mark, block.start, block.pieces[:cut]), tail]


def _renumbered(blocks: list[_Block]) -> list[_Block]:
    for number, block in enumerate(blocks, start=1):
        block.number = number
    return blocks


def _paragraph(block: _Block) -> Paragraph:
    parts: list[str] = []
    runs: list[tuple[int, int]] = []
    length = 0
    prev_end = block.start
    # a web page's list of other stories' headlines keeps its line breaks (page_chrome reads them)
    between = "\n" if headline_list([piece for _, piece in block.pieces if piece]) else " "
    for offset, piece in block.pieces:
        if not piece:
            continue
        if parts:
            # a line ending "law-" continues the word on the next line
            glue = "" if parts[-1][-1:] == "-" and parts[-1][-2:-1].isalpha() and piece[0].isalpha() else between
            if glue:
                runs.append((length, prev_end))
                parts.append(glue)
                length += 1
        runs.append((length, offset))
        parts.append(piece)
        length += len(piece)
        prev_end = offset + len(piece)
    clean = "".join(parts)
    para = Paragraph(number=block.number, text=clean, char_start=block.start, char_end=prev_end,
                     sentences=(), heading=block.heading, classification=block.mark,
                     runs=tuple(runs))
    sentences = []
    for index, (start, end) in enumerate(split_sentences(clean)):
        s_start, s_end = para.source_span(start, end)
        sentences.append(Sentence(clean[start:end], s_start, s_end, index, start))
    return Paragraph(number=para.number, text=clean, char_start=para.char_start,
                     char_end=para.char_end, sentences=tuple(sentences), heading=para.heading,
                     classification=para.classification, runs=para.runs)


_DEDUPE_PREFIX = 40
_DEDUPE_BUCKET = 50  # copies compared per bucket: bounds the work on adversarial input


def _dedupe(paragraphs) -> tuple[Paragraph, ...]:
    """Keep the first copy of a paragraph the report prints again (a repeated body).

    A copy has the same number and the same letters, or one is a cut-off start of the
    other; only paragraphs that begin alike are compared, so the check stays linear.
    """
    seen: dict[tuple[int, str], list[str]] = {}
    kept = []
    for para in paragraphs:
        key = re.sub(r"\W+", "", para.text).lower()
        copies = seen.setdefault((para.number, key[:_DEDUPE_PREFIX]), [])
        if any(key == k or (len(key) > _DEDUPE_PREFIX and (k.startswith(key) or key.startswith(k)))
               for k in copies[-_DEDUPE_BUCKET:]):
            continue
        copies.append(key)
        kept.append(para)
    return tuple(kept)


_CHROME_START = re.compile(r"\s*(?:Currency rates|Exchange rates)\b", re.I)
_TICKER_SEPARATORS = re.compile(r"\s[•·|]\s")


_HEADLINE_LINE = re.compile(r"^[\"'«“]?[A-ZА-ЯЁ0-9][^\n]*[^.:;,\s]$")
_HEADLINE_WORDS = (5, 22)  # a headline's length in words: shorter lines are buttons, table rows
_HEADLINES_IN_A_LIST = 3
_SENTENCE_INSIDE = re.compile(r"[a-zа-яё]{2}[.!?]\s+[A-ZА-ЯЁ]")  # prose: one sentence ends, the next begins


def _line_kind(line: str) -> str | None:
    """"headline", "button" (a short line such as "All news") or None (a line of prose)."""
    words = len(line.split())
    if _HEADLINE_LINE.match(line) and _HEADLINE_WORDS[0] <= words <= _HEADLINE_WORDS[1] \
            and not _SENTENCE_INSIDE.search(line):
        return "headline"
    return "button" if words < _HEADLINE_WORDS[0] and not line.rstrip().endswith(".") else None


def _is_list(headlines: int, buttons: int) -> bool:
    return headlines >= _HEADLINES_IN_A_LIST and headlines >= 3 * buttons


def headline_list(lines: list[str]) -> bool:
    """Three lines or more, nearly all headlines (no closing full stop, 5-22 words; a short
    button line like "All news" among them): a page's list of other stories, not a paragraph
    of the report."""
    kinds = [_line_kind(line) for line in lines]
    return None not in kinds and _is_list(kinds.count("headline"), kinds.count("button"))


def page_chrome(text: str) -> bool:
    """A web page's currency ticker, menu or headline ticker ("Off the wire / A • B • C") or its
    list of other stories' headlines, not the report: one line that strings three items or
    more on bullets or bars, or a block of headline lines (see headline_list)."""
    lines = text.splitlines()
    return bool(_CHROME_START.match(text)) or any(
        len(_TICKER_SEPARATORS.findall(line)) >= 2 for line in lines) or headline_list(lines)
