"""A Russian report on the map in Chromium: English titles, the Cyrillic source sentence and
place text shown as written (a report written for this test)."""
from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from cli_run import run
from test_browser_map import open_page, browser  # noqa: F401 (a fixture)

pytestmark = pytest.mark.browser

REPORT = ("Костанай, 10 июня 2024 года. 8 июня на КПП «Кайрак» пограничники изъяли 27 кг героина "
          "в грузовом автомобиле, следовавшем из Узбекистана в Россию.\n")


def test_a_russian_report_maps_with_its_cyrillic_sentence(browser: Any, tmp_path: Path,
                                                          capsys: pytest.CaptureFixture[str]) -> None:
    report = tmp_path / "сообщение.txt"
    report.write_text(REPORT, encoding="utf-8")
    page_path = tmp_path / "map.html"
    code, _, err = run(capsys, "map", str(report), "--offline", "-o", str(page_path))
    assert code == 0, err
    opened = open_page(browser, page_path)
    page = opened.page
    rows = page.eval_on_selector_all("#ge-list .ge-item", "items => items.map(i => [i.dataset.id, i.innerText])")
    seizure = next(row_id for row_id, label in rows if "Seizure" in label)
    opened.click_row(seizure)
    text = page.wait_for_selector(".leaflet-popup-content", timeout=5000).inner_text()
    assert "Seizure — 27 kg heroin — Kairak border crossing" in text
    assert "пограничники изъяли 27 кг героина" in text
    assert "сообщение.txt" in text  # the source file's name, in Cyrillic too
    assert opened.errors == [] and opened.requests == []
    page.close()
