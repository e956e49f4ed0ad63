"""Segmentation: paragraphs, headings, page breaks, repeated bodies, sentences, offsets."""
from __future__ import annotations

import re

import pytest

from geoevents.ingest import document_from_text, read_document
from geoevents.sentences import split_sentences

PAGE_BREAK_LINE = re.compile(r"^[A-Z]+ \d{8} \d{3} OF \d{3}$", re.M)

BODY = """TAGS: SNAR KZ
SUBJECT: KAZAKHSTAN: SEIZURES IN THE NORTH
1. (SBU) Officers of the Financial Police in Kostanay seized 41
kilos of heroin from a rail car. The U.S. Embassy was informed.
DRUG FLOW
2. (SBU) The courier, A. Nurlanov, was paid $4,500 (No. 3 in the
ring's ledger. He kept records.) to move the drugs to
KOSTANAY 00000211 002 OF 003
Chelyabinsk, where 12.375 kilos were sold. Police closed the case.
3. (SBU) Border guards at the crossing detained two
law-
enforcement officers.
MATTHEWS
STATE FOR INL
SIPDIS
TAGS: SNAR KZ
1. (SBU) Officers of the Financial Police in Kostanay seized 41
kilos of heroin from a rail car. The U.S. Embassy was informed.
DRUG FLOW
2. (SBU) The courier, A. Nurlanov, was paid $4,500 (No. 3 in the
ring's ledger. He kept records.) to move the drugs to
KOSTANAY 00000211 002 OF 003
Chelyabinsk, where 12.375 kilos were sold. Police closed the case.
3. (SBU) Border guards at the crossing detained two
law-
enforcement officers.
MATTHEWS
"""


def _squash(text: str) -> str:
    return "".join(PAGE_BREAK_LINE.sub("", text).split())


def test_repeated_body_is_kept_once_with_headings():
    doc = document_from_text(BODY)
    assert [p.number for p in doc.paragraphs] == [1, 2, 3]
    assert doc.paragraphs[1].heading == "DRUG FLOW"
    assert doc.paragraphs[0].heading is None
    assert all("MATTHEWS" not in p.text for p in doc.paragraphs)  # signature dropped


def test_page_break_rejoins_the_sentence():
    para = document_from_text(BODY).paragraphs[1]
    texts = [s.text for s in para.sentences]
    assert texts[0].startswith("The courier, A. Nurlanov, was paid $4,500 (No. 3")
    assert texts[0].endswith("to move the drugs to Chelyabinsk, where 12.375 kilos were sold.")
    assert texts[1] == "Police closed the case."
    assert "OF 003" not in para.text


def test_hyphen_at_line_end_joins_the_word():
    para = document_from_text(BODY).paragraphs[2]
    assert "two law-enforcement officers." in para.text


def test_sentence_offsets_map_back_to_the_file():
    doc = document_from_text(BODY)
    for para in doc.paragraphs:
        assert doc.text[para.char_start:para.char_end].startswith(f"{para.number}.")
        for sent in para.sentences:
            assert _squash(doc.text[sent.char_start:sent.char_end]) == _squash(sent.text)


@pytest.mark.parametrize("text, count", [
    ("The U.S. Drug Enforcement Administration helped. It paid.", 2),
    ("Police seized 48.763 kilos. Then they left.", 2),
    ("They paid $8,000. Couriers fled.", 2),
    ("Decree No. 41 was signed. It entered into force.", 2),
    ("Gen. K. Tokayev spoke. He left.", 2),
    ("(NOTE: Users eat 5 grams. END NOTE). Prices rose.", 2),
    ("He said \"no.\" Then he left.", 2),
    ("Officers seized heroin in Osh. 2008 was a record year.", 2),
    ("They met at 10 a.m. on Monday.", 1),
    ("", 0),
])
def test_sentence_splitting(text, count):
    assert len(split_sentences(text)) == count


def test_plain_text_paragraphs_by_blank_lines():
    doc = document_from_text("First block line one\ncontinues here.\n\n\nSecond block.\n")
    assert [(p.number, p.text) for p in doc.paragraphs] == [
        (1, "First block line one continues here."), (2, "Second block.")]


def test_seed_cable_structure(seed_path):
    doc = read_document(str(seed_path))
    assert doc.doc_id == "08ASTANA2380"
    assert doc.doc_date.isoformat() == "2008-12-02"
    assert doc.title == "KAZAKHSTAN: 2008-2009 INCSR REPORT, PART 1"
    assert doc.tags == ("SNAR", "KCRM", "KCOR", "PREL", "KZ")
    assert [p.number for p in doc.paragraphs] == list(range(1, 54))
    sentences = [s for p in doc.paragraphs for s in p.sentences]
    assert not [s for s in sentences if "ASTANA 0000" in s.text or "SIPDIS" in s.text]
    heroin = [s.text for s in sentences if "1,514 kilos of heroin" in s.text]
    assert len(heroin) == 1
    assert heroin[0].startswith("The total includes 1,514 kilos of heroin")
    assert heroin[0].endswith("over last year's 20,467 kilos).")
    for sent in sentences:
        assert _squash(doc.text[sent.char_start:sent.char_end]) == _squash(sent.text)


def test_a_run_on_sentence_is_cut_at_clause_boundaries():
    from geoevents.sentences import MAX_SENTENCE, split_sentences

    text = "Police seized heroin in Osh, " * 200 + "and hashish in Taraz."
    spans = split_sentences(text)
    assert len(spans) > 1 and all(e - s <= MAX_SENTENCE for s, e in spans)
    assert all(text[e - 1] == "," for s, e in spans[:-1])  # cut after a comma, not inside a word
    assert "".join(text[s:e] for s, e in spans).replace(" ", "") == text.replace(" ", "")


def test_paragraph_numbers_past_999_are_paragraphs():
    from geoevents.ingest import document_from_text

    body = "".join(f"{n}. (SBU) Paragraph number {n} of a long compilation.\n" for n in range(1, 1003))
    doc = document_from_text("SUBJECT: LONG\n" + body, "long.txt")
    numbers = [p.number for p in doc.paragraphs]
    assert numbers[-3:] == [1000, 1001, 1002] and len(numbers) == 1002


HEADLINES_UNDER_THE_STORY = """Border guards seize opium

Guards at the river seized 12 kg of opium on Monday. The courier escaped.
New bridge opens between the two river towns this spring
Local football club wins the regional cup after penalty shootout
Parliament debates a bill on the electricity tariffs for households
All news
"""


def test_a_list_of_other_stories_under_the_report_is_page_chrome():
    from geoevents.segment import page_chrome

    doc = document_from_text(HEADLINES_UNDER_THE_STORY)
    assert [page_chrome(p.text) for p in doc.paragraphs] == [False, True]
    assert doc.paragraphs[0].text.endswith("The courier escaped.")


def test_wrapped_prose_is_not_a_list_of_headlines():
    from geoevents.segment import page_chrome

    text = ("Report\n\nOfficers in the eastern region detained three men\nwho were carrying a large load of\n"
            "hashish in the boot of an old car\nthat was stopped near the bridge.\n")
    assert not any(page_chrome(p.text) for p in document_from_text(text).paragraphs)
