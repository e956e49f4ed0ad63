"""Ingestion: encodings, header forms, bad inputs, batches."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import date

import pytest

from geoevents.errors import InputError
from geoevents.ingest import (decode_bytes, document_from_text, expand_inputs, read_document,
                              read_documents)

FIELD_BLOCK = """Identifier
Created
Classification
Origin
07BISHKEK1130
2007-09-14 06:31:00
CONFIDENTIAL
Embassy Bishkek
Cable title:
KYRGYZSTAN: BORDER SERVICE REPORTS RISE IN HEROIN INTERDICTIONS
VZCZCXRO0001 RR RUEHBI DE RUEHEK #1130/01 2570631 ZNY CCCCC ZZH R 140631Z SEP 07 FM AMEMBASSY BISHKEK TO RUEHC/SECSTATE WASHDC 9912
C O N F I D E N T I A L SECTION 01 OF 02 BISHKEK 001130
SIPDIS
E.O. 12958: DECL: 09/14/2017
TAGS: SNAR PREL KG TI
SUBJECT: KYRGYZSTAN: BORDER SERVICE REPORTS RISE IN HEROIN INTERDICTIONS
1. (C) Summary: Border guards in Batken seized 61 kilos of heroin in August.
2. (C) The seizure followed a tip from Tajik colleagues.
"""

TABLE_FORM = """Reference ID  Created  Released  Classification  Origin
06DUSHANBE502  2006-03-21 11:04  2011-08-30 01:44  UNCLASSIFIED//FOR OFFICIAL USE ONLY  Embassy Dushanbe

TAGS: SNAR TI AF
SUBJECT: TAJIKISTAN: DRUG CONTROL AGENCY SEIZURE FIGURES
1. (SBU) The Drug Control Agency seized 410 kilos of opium in February.
2. (SBU) Most of it crossed the Pyanj river near Nizhniy Pyanj.
"""

RAW_TELEGRAM = """VZCZCXYZ0000
PP RUEHWEB
DE RUEHTA #0912/01 1201040
ZNR UUUUU ZZH
P 301040Z APR 05
FM AMEMBASSY ALMATY
TO RUEHC/SECSTATE WASHDC PRIORITY 2211
BT
UNCLAS SECTION 01 OF 02 ALMATY 000912
SIPDIS
E.O. 12958: N/A
TAGS: SNAR KCRM KZ
SUBJECT: KAZAKHSTAN: POLICE REPORT FIRST-QUARTER DRUG SEIZURES
REF: STATE 55123
1. (U) Police in Karaganda seized 14 kilos of hashish in March.
2. (U) Customs officers at Khorgos detained two couriers.
"""

DATELINE = """Police dismantle heroin ring in southern Kyrgyzstan

OSH, 9 April 2004 - Police in Osh said on Friday they had broken up a ring that
moved heroin from Tajikistan into the Fergana Valley.

Officers seized 7 kilos of heroin and arrested four men, a spokesman said.
"""


def test_field_block_header():
    doc = document_from_text(FIELD_BLOCK)
    assert doc.doc_id == "07BISHKEK1130"
    assert doc.doc_date == date(2007, 9, 14) and doc.doc_date_source == "created"
    assert doc.title == "KYRGYZSTAN: BORDER SERVICE REPORTS RISE IN HEROIN INTERDICTIONS"
    assert doc.classification == "CONFIDENTIAL" and doc.origin == "Embassy Bishkek"
    assert doc.tags == ("SNAR", "PREL", "KG", "TI")
    assert doc.country_focus == ("KG", "TJ")  # cable tags are FIPS codes: TI is Tajikistan
    assert [p.number for p in doc.paragraphs] == [1, 2]
    assert doc.paragraphs[0].classification == "C"


def test_reference_id_table_header():
    doc = document_from_text(TABLE_FORM)
    assert doc.doc_id == "06DUSHANBE502"
    assert doc.doc_date == date(2006, 3, 21)
    assert doc.classification == "UNCLASSIFIED//FOR OFFICIAL USE ONLY"
    assert doc.origin == "Embassy Dushanbe"
    assert doc.title == "TAJIKISTAN: DRUG CONTROL AGENCY SEIZURE FIGURES"
    assert [p.number for p in doc.paragraphs] == [1, 2]


def test_a_cable_copy_with_its_header_lines_joined_still_names_its_post():
    """Web copies of cables often run the header into one line: the section line's post
    is still where the cable was filed (its origin), not lost to the run-on text."""
    doc = document_from_text("UNCLAS SECTION 01 OF 03 TASHKENT 000412 SIPDIS SENSITIVE SIPDIS "
                             "DEPT FOR SCA/CEN E.O. 12958: N/A TAGS: SNAR, UZ SUBJECT: BORDER TALKS\n\n"
                             "1. (SBU) Customs officers met the delegation on 3 May.\n")
    assert doc.origin == "Tashkent"
    assert document_from_text("Customs officers met the delegation on 3 May.\n").origin is None


def test_raw_telegram_header_builds_id_from_dtg_and_post():
    doc = document_from_text(RAW_TELEGRAM)
    assert doc.doc_id == "05ALMATY912"
    assert doc.doc_date == date(2005, 4, 30) and doc.doc_date_source == "dtg"
    assert doc.origin == "Embassy Almaty"
    assert doc.classification == "UNCLASSIFIED"
    assert doc.title.startswith("KAZAKHSTAN: POLICE REPORT")
    assert [p.number for p in doc.paragraphs] == [1, 2]
    assert all("RUEH" not in s.text for p in doc.paragraphs for s in p.sentences)


def test_dateline_gives_date_for_news_items():
    doc = document_from_text(DATELINE, path="osh.txt")
    assert doc.doc_date == date(2004, 4, 9) and doc.doc_date_source == "dateline"
    assert doc.title == "Police dismantle heroin ring in southern Kyrgyzstan"
    assert [p.number for p in doc.paragraphs] == [1, 2]
    assert doc.doc_id.startswith("osh-")


def test_doc_date_option_is_the_fallback():
    doc = document_from_text("Police seized 3 kilos of heroin in March.\n", doc_date=date(2010, 5, 1))
    assert doc.doc_date == date(2010, 5, 1) and doc.doc_date_source == "option"
    header_dated = document_from_text(FIELD_BLOCK, doc_date=date(2010, 5, 1))
    assert header_dated.doc_date == date(2007, 9, 14)


def test_undated_document_has_no_date():
    doc = document_from_text("Police seized 3 kilos of heroin in March.\n")
    assert doc.doc_date is None and doc.doc_date_source == "none"


RUSSIAN = "Сотрудники полиции изъяли 12 килограммов героина в Шымкенте в марте 2008 года.\n" * 3


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "cp1251", "koi8_r"])
def test_encodings_are_detected(tmp_path, encoding):
    path = tmp_path / f"report-{encoding}.txt"
    path.write_bytes(RUSSIAN.encode(encoding))
    doc = read_document(str(path))
    assert doc.text == RUSSIAN
    expected = {"utf-8-sig": "utf-8-sig", "utf-16": "utf-16"}.get(encoding, encoding)
    assert doc.encoding == expected


def test_latin1_is_the_last_resort(tmp_path):
    text = "Gendarmerie saisit 40 kg de résine à Marseille, d'après le préfet.\n"
    path = tmp_path / "fr.txt"
    path.write_bytes(text.encode("latin-1"))
    doc = read_document(str(path))
    assert "résine" in doc.text and doc.encoding in ("latin_1", "cp1252")


@pytest.mark.parametrize("data, reason", [
    (b"", "empty file"),
    (b"   \n\n\t", "empty file"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary"),
    (bytes(range(1, 32)) * 20, "binary"),
    (b"\xef\xbb\xbf\xff\xfe bad", "invalid utf-8-sig"),
])
def test_bad_files_name_the_file(tmp_path, data, reason):
    path = tmp_path / "bad.txt"
    path.write_bytes(data)
    with pytest.raises(InputError) as info:
        read_document(str(path))
    assert str(path) in str(info.value) and reason in str(info.value)


def test_unreadable_and_missing_paths(tmp_path):
    with pytest.raises(InputError, match="no such file"):
        read_document(str(tmp_path / "missing.txt"))
    with pytest.raises(InputError, match="is a directory"):
        read_document(str(tmp_path))


def test_batch_goes_on_past_bad_files(tmp_path):
    (tmp_path / "a.txt").write_text(RAW_TELEGRAM)
    (tmp_path / "b.txt").write_bytes(b"\x00\x01\x02")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "c.txt").write_text(TABLE_FORM)
    (tmp_path / "sub" / "ignored.md").write_text("not a report")
    results = list(read_documents([str(tmp_path), str(tmp_path / "nope.txt")]))
    docs = [r for r in results if not isinstance(r, InputError)]
    errors = [r for r in results if isinstance(r, InputError)]
    assert sorted(d.doc_id for d in docs) == ["05ALMATY912", "06DUSHANBE502"]
    assert sorted(e.path.rsplit("/", 1)[-1] for e in errors) == ["b.txt", "nope.txt"]


def test_glob_changes_what_a_directory_yields(tmp_path):
    (tmp_path / "a.txt").write_text(RAW_TELEGRAM)
    (tmp_path / "b.cable").write_text(TABLE_FORM)
    docs = list(read_documents([str(tmp_path)], glob="*.cable"))
    assert [d.doc_id for d in docs] == ["06DUSHANBE502"]


def test_huge_line_is_handled(tmp_path):
    path = tmp_path / "long.txt"
    path.write_text("Police seized heroin. " * 200_000)
    doc = read_document(str(path))
    assert len(doc.paragraphs) == 1 and len(doc.paragraphs[0].sentences) == 200_000


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_utf16_without_bom_is_recognised_by_its_zero_bytes(tmp_path, encoding):
    assert decode_bytes("heroin".encode(encoding), "x.txt") == ("heroin", encoding)
    path = tmp_path / "report.txt"
    path.write_bytes(RUSSIAN.encode(encoding))  # Cyrillic: zeros only in spaces and digits
    doc = read_document(str(path))
    assert doc.text == RUSSIAN and doc.encoding == encoding


@pytest.mark.parametrize("data", [
    b"\x00\x01binary\x00" * 20,  # zeros at both offsets of a code unit
    "heroin".encode("utf-16-le") + b"\x00",  # odd length
    b"\x01\x00\x02\x00\x03\x00" * 50,  # one-sided zeros, but control characters
    b"\x00\xd8A\x00",  # one-sided zeros, but a lone surrogate
])
def test_nul_bytes_that_are_not_utf16_are_binary(data):
    with pytest.raises(InputError, match="binary"):
        decode_bytes(data, "x.txt")


KORDAI = "Police in Кордай seized 5 kg of heroin on 3 May 2008. " * 40  # 2,200 characters


def test_a_stray_byte_in_utf8_is_replaced_not_a_reason_for_cp1251(tmp_path, capsys):
    data = KORDAI.encode("utf-8")
    path = tmp_path / "kordai.txt"
    cut = data.index(b"heroin", 500)  # between ASCII letters: no character is split
    path.write_bytes(data[:cut] + b"\xff" + data[cut:])
    doc = read_document(str(path))
    assert doc.encoding == "utf-8"
    assert doc.text.count("Кордай") == 40 and doc.text.count("\ufffd") == 1
    assert doc.text.replace("\ufffd", "") == KORDAI
    err = capsys.readouterr().err
    assert err == (f"geoevents: warning: {path}: 1 invalid UTF-8 byte sequence(s) replaced "
                   "with U+FFFD\n")
    path.write_bytes(b"\xef\xbb\xbf" + data[:cut] + b"\xff" + data[cut:])  # and with a BOM
    doc = read_document(str(path))
    assert doc.encoding == "utf-8-sig" and doc.text.replace("\ufffd", "") == KORDAI
    assert capsys.readouterr().err == err


def test_stray_bytes_are_tolerated_up_to_one_sequence_per_thousand_characters(capsys):
    data = KORDAI.encode("utf-8")  # 2,200 characters: two bad sequences allowed
    at = [data.index(b"heroin", start) for start in (300, 900)]  # ASCII positions
    two = data[:at[0]] + b"\xff\xfe" + data[at[0]:at[1]] + b"\xc3" + data[at[1]:]
    text, encoding = decode_bytes(two, "x.txt")
    assert encoding == "utf-8" and text.count("\ufffd") == 3  # one per byte, as Python does
    assert "2 invalid UTF-8 byte sequence(s)" in capsys.readouterr().err
    third = two.index(b"heroin", 1500)
    three = two[:third] + b"\x80" + two[third:]
    assert decode_bytes(three, "x.txt")[1] != "utf-8"  # too many: a code page is likelier


def test_a_single_byte_code_page_is_not_mistaken_for_damaged_utf8(capsys):
    english = "The minister\u2019s statement followed the seizure of 40 kg of heroin. " * 30
    assert decode_bytes(english.encode("cp1252"), "x.txt")[1] != "utf-8"  # no valid UTF-8
    mostly = ("Police seized 40 kg of heroin near the border. " * 40
              + "Задержан в Шымкенте.\n")
    text, encoding = decode_bytes(mostly.encode("cp1251"), "x.txt")
    assert encoding == "cp1251" and "Задержан в Шымкенте" in text
    assert capsys.readouterr().err == ""


def test_a_lone_line_is_text_not_a_title():
    doc = document_from_text("1. (SBU) Police seized 5 kilos in Osh in May 2007\n")
    assert doc.title is None and [p.number for p in doc.paragraphs] == [1]
    doc = document_from_text("Heroin haul in Osh\n")
    assert doc.title is None and doc.paragraphs[0].text == "Heroin haul in Osh"


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes")
def test_a_fifo_in_a_scanned_directory_is_noted_and_never_opened(tmp_path):
    (tmp_path / "a.txt").write_text(RAW_TELEGRAM)
    os.mkfifo(tmp_path / "b.txt")  # opening it would block: no writer ever comes
    (tmp_path / "c.txt").write_text(TABLE_FORM)
    entries = list(expand_inputs([str(tmp_path)]))
    assert entries[0] == str(tmp_path / "a.txt") and entries[2] == str(tmp_path / "c.txt")
    assert isinstance(entries[1], InputError)
    assert str(entries[1]) == (f"{tmp_path / 'b.txt'}: a FIFO (named pipe), "
                               "not a regular file: not read")
    docs = [d.doc_id for d in read_documents([str(tmp_path)]) if not isinstance(d, InputError)]
    assert docs == ["05ALMATY912", "06DUSHANBE502"]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes")
def test_extract_skips_a_fifo_in_a_directory_with_one_line(tmp_path):
    reports = tmp_path / "reports"
    reports.mkdir()
    (reports / "a.txt").write_text(RAW_TELEGRAM)
    os.mkfifo(reports / "b.txt")
    out = tmp_path / "events.geojson"
    result = subprocess.run([sys.executable, "-c", "from geoevents.cli import main; main()",
                             "extract", str(reports), "--offline", "--jobs", "1", "-o", str(out)],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    notes = [line for line in result.stderr.splitlines() if "b.txt" in line]
    assert notes == [f"geoevents: skipped {reports / 'b.txt'}: a FIFO (named pipe), "
                     "not a regular file: not read"]
    assert json.loads(out.read_text(encoding="utf-8"))["documents"][0]["doc_id"] == "05ALMATY912"
