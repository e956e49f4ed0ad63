"""Language of a document and of each paragraph; a language without a pack yields no events."""
from __future__ import annotations

import pytest

from geoevents.cli import main
from geoevents.ingest import document_from_text
from geoevents.language import detect
from geoevents.pipeline import document_events

RU = "Пограничники задержали двоих граждан с партией героина общим весом 32 кг на посту Кордай 8 февраля."
KK = "Шекарашылар Қордай бекетінде 32 кг героин тәркіледі және екі азаматты ұстады."
EN = "Border guards detained two men with 32 kg of heroin at the Kordai post on 8 February 2015."


@pytest.mark.parametrize("text, lang", [(EN, "en"), (RU, "ru"), (KK, "kk"),
                                        ("Lorem ipsum dolor sit amet consectetur adipiscing elit", "other"),
                                        ("1. 2008", None)])
def test_detect(text, lang):
    assert detect(text) == lang


def test_events_carry_the_language_and_other_paragraphs_yield_none():
    doc = document_from_text(f"{EN}\n\n{KK}\n", "mixed.txt")
    events = [e.to_feature()["properties"] for e in document_events(doc)]
    assert events and {e["lang"] for e in events} == {"en"}
    assert all("Қордай" not in e["sentence"] for e in events)
    assert doc.summary()["lang"] == "en"


def test_a_document_without_a_pack_is_one_line_and_no_events(tmp_path, capsys):
    report = tmp_path / "kk.txt"
    report.write_text(KK + "\n", encoding="utf-8")
    out = tmp_path / "out.geojson"
    with pytest.raises(SystemExit) as info:
        main(["extract", str(report), "--offline", "--jobs", "1", "-o", str(out)])
    assert info.value.code in (0, None)
    err = capsys.readouterr().err
    assert err.count("Kazakh; events are extracted from English and Russian") == 1
    assert '"features": []' in out.read_text(encoding="utf-8").replace("\n", "")
