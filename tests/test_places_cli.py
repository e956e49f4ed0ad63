"""`geoevents places` and `geoevents gazetteer` through the real CLI entry point."""
from __future__ import annotations

import json
import subprocess
from pathlib import Path
import sys

import pytest

CABLE = """TAGS: SNAR KZ
SUBJECT: TEST
1. (SBU) Customs seized heroin at the Khorgos checkpoint and in Taraz.
2. (SBU) The couriers were Uzbek citizens heading to Saint Petersburg.
"""


def run(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "geoevents.cli", *args], input=stdin,
                          capture_output=True, text=True, timeout=120)


@pytest.fixture
def cable(tmp_path):
    path = tmp_path / "cable.txt"
    path.write_text(CABLE, encoding="utf-8")
    return path


def test_places_json_has_the_documented_fields_and_file_offsets(cable):
    res = run("places", str(cable), "--offline")
    assert res.returncode == 0, res.stderr
    records = json.loads(res.stdout)
    assert [r["text"] for r in records] == ["Khorgos checkpoint", "Taraz", "Uzbek", "Saint Petersburg"]
    for r in records:
        assert {"text", "paragraph", "char_start", "char_end", "name", "place_id", "kind",
                "country_code", "admin1", "lat", "lon", "geo_precision", "resolved_by",
                "candidates"} <= set(r)
        assert CABLE[r["char_start"]:r["char_end"]] == r["text"]
    assert records[0]["kind"] == "crossing" and records[3]["country_code"] == "RU"


def test_places_table_and_output_file(cable, tmp_path):
    out = tmp_path / "p.txt"
    res = run("places", str(cable), "--offline", "--format", "table", "-o", str(out))
    assert res.returncode == 0 and res.stdout == ""
    lines = out.read_text(encoding="utf-8").splitlines()
    assert lines[0].split()[:3] == ["para", "text", "name"] and len(lines) == 5


def test_places_directory_with_glob_and_a_bad_file(tmp_path, cable):
    (tmp_path / "bad.txt").write_bytes(b"\x00\x01\x02binary")
    (tmp_path / "notes.md").write_text("Police in Osh.", encoding="utf-8")
    res = run("places", str(tmp_path), "--offline", "--glob", "*.txt")
    assert res.returncode == 0
    assert "bad.txt" in res.stderr and len(json.loads(res.stdout)) == 4


def test_places_missing_file_is_one_line_exit_2(tmp_path):
    res = run("places", str(tmp_path / "nope.txt"), "--offline")
    assert res.returncode == 2 and len(res.stderr.strip().splitlines()) == 1


def test_gazetteer_lookup_and_stats():
    res = run("gazetteer", "lookup", "Uralsk")
    assert res.returncode == 0 and json.loads(res.stdout)[0]["name"] == "Oral"
    res = run("gazetteer", "lookup", "Petropavlovsk", "--country", "ru", "--limit", "1")
    assert [e["country_code"] for e in json.loads(res.stdout)] == ["RU"]
    stats = json.loads(run("gazetteer", "stats").stdout)
    assert stats["entries"] > 40_000 and stats["load_seconds"] >= 0


@pytest.mark.parametrize("args", [("gazetteer", "lookup", ""), ("gazetteer", "lookup", "Osh", "--country", "KAZ")])
def test_gazetteer_lookup_bad_input(args):
    res = run(*args)
    assert res.returncode == 2 and res.stderr.startswith("geoevents:")


def test_gazetteer_lookup_unknown_is_an_empty_list():
    assert json.loads(run("gazetteer", "lookup", "x" * 10_000).stdout) == []


def test_help_has_examples():
    for cmd in (("places",), ("gazetteer",), ("gazetteer", "lookup")):
        res = run(*cmd, "--help")
        assert res.returncode == 0 and "Examples:" in res.stdout


def test_places_online_asks_the_geocoder_for_unknown_names_only(tmp_path, monkeypatch):
    """The real geopy client against a local Nominatim stub: one request per unknown name."""
    sys.path.insert(0, str(Path(__file__).parent))
    from nominatim_stub import NominatimStub, Reply, nominatim_result

    for var in ("HTTP_PROXY", "HTTPS_PROXY", "http_proxy", "https_proxy", "ALL_PROXY", "all_proxy"):
        monkeypatch.delenv(var, raising=False)
    text = ("TAGS: SNAR KZ\nSUBJECT: TEST\n1. (SBU) Officers trained in Obertraun, Austria, and "
            "later in Taraz.\n2. (SBU) A second course was held in Obertraun.\n")
    path = tmp_path / "c.txt"
    path.write_text(text, encoding="utf-8")
    answer = nominatim_result(name="Obertraun", lat=47.56, lon=13.69, cls="place", typ="village",
                              addresstype="village", rank=19,
                              address={"village": "Obertraun", "state": "Upper Austria",
                                       "country": "Austria", "country_code": "at"})
    with NominatimStub({"Obertraun": Reply([answer])}) as stub:
        res = run("places", str(path), "--geocoder-option", f"domain={stub.domain}",
                  "--geocoder-option", "scheme=http", "--geocode-cache", ":memory:")
        asked = [r.params.get("q") for r in stub.requests]
    assert res.returncode == 0, res.stderr
    records = {(r["paragraph"], r["text"]): r for r in json.loads(res.stdout)}
    assert records[(1, "Obertraun, Austria")]["resolved_by"] == "geocoder"
    assert records[(2, "Obertraun")]["lat"] == pytest.approx(47.56)
    assert records[(1, "Taraz")]["resolved_by"] == "gazetteer"
    assert asked == ["Obertraun"]


def test_places_reads_a_russian_report_in_russian(tmp_path):
    # the stage command reads each paragraph in its own language, as `extract` does
    path = tmp_path / "ru.txt"
    path.write_text("Полицейские Бишкека задержали курьера.\n\nГруз шёл из Таджикистана.\n", encoding="utf-8")
    out = run("places", str(path), "--offline")
    assert out.returncode == 0, out.stderr
    assert [(p["text"], p["country_code"]) for p in json.loads(out.stdout)] == [
        ("Бишкека", "KG"), ("Таджикистана", "TJ")]
