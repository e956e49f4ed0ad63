"""The seizure table (--format seizures-csv): fixed columns, one row per substance of each
seizure, nothing else, cells guarded like every CSV."""
from __future__ import annotations

import csv
import io

from geoevents.export import write_events
from geoevents.ingest import document_from_text
from geoevents.pipeline import document_events
from geoevents.seizure_table import COLUMNS

TEXT = ("TAGS: SNAR KZ\nSUBJECT: SEIZURES\n1. (SBU) In March 2008 the Customs Service seized 537 kilos of "
        "heroin and 20 kilos of hashish at the Kairak border checkpoint using an X-ray scanner. Two Russian "
        "citizens were detained. The cargo was en route from Uzbekistan to Saint Petersburg.\n"
        "2. (SBU) On 4 May 2008 Kazakhstan and Kyrgyzstan signed a protocol on border cooperation.\n")


def _table(tmp_path, text=TEXT):
    doc = document_from_text(text, "cable.txt")
    features = [e.to_feature() for e in document_events(doc)]
    out = tmp_path / "seizures.csv"
    write_events(features, [doc], str(out), "seizures-csv")
    with open(out, newline="", encoding="utf-8") as handle:
        return list(csv.reader(handle))


def test_columns_are_fixed_and_one_row_per_substance(tmp_path):
    header, *rows = _table(tmp_path)
    assert tuple(header) == COLUMNS
    table = [dict(zip(header, r)) for r in rows]
    assert sorted((r["substance"], r["kg"]) for r in table) == [("hashish", "20"), ("heroin", "537")]
    # two substances found together: two seizures, one incident
    assert len({r["seizure_id"] for r in table}) == 2 and len({r["incident"] for r in table}) == 1
    row = table[0]
    assert (row["detection"], row["trafficker_count"], row["nationalities"]) == ("x_ray", "2", "RU")
    assert (row["departure"], row["destination"]) == ("UZ", "RU")
    assert row["substance_class"] in ("opiate", "cannabis") and row["country_code"] == "KZ"


def test_only_seizures_make_rows(tmp_path):
    header, *rows = _table(tmp_path, "On 4 May 2008 Kazakhstan and Kyrgyzstan signed a protocol on border "
                                     "cooperation.\n")
    assert tuple(header) == COLUMNS and rows == []


def test_document_text_cannot_become_a_formula(tmp_path):
    header, *rows = _table(tmp_path, "=HYPERLINK(\"x\") Police in Taraz seized 5 kg of heroin on 3 May 2015.\n")
    sentence = dict(zip(header, rows[0]))["sentence"]
    assert sentence.startswith("'=")
