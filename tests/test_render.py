"""The map page as text: escaping, self-containment, determinism, data preparation."""
from __future__ import annotations

import hashlib
import json
import re
import subprocess
import sys
from datetime import date
from html.parser import HTMLParser
from pathlib import Path

import pytest

from geoevents.render import bundled_countries, default_title, map_html, render_map
from geoevents.render.assets import app_source, asset_bytes, inline_script, leaflet_css, leaflet_js
from geoevents.render import page as page_module
from geoevents.render.data import _UNREAD, AREA_RADIUS_M, Preparer, day_number, iso_day, prepare, script_json


import test_render_samples as S  # noqa: E402  (tests/ is on sys.path, as for test_export_fixtures)


class _Scripts(HTMLParser):
    """Collects script elements (attributes and text) the way a browser tokenizes them."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.scripts: list[tuple[dict[str, str | None], str]] = []
        self.links: list[dict[str, str | None]] = []
        self.fetching: list[tuple[str, str | None]] = []  # markup attributes that load a URL
        self.title = ""
        self._in: dict[str, str | None] | None = None
        self._in_title = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name in ("src", "href", "srcset", "poster", "data") and tag != "a":
                self.fetching.append((tag, value))
        if tag == "script":
            self._in = dict(attrs)
            self.scripts.append((self._in, ""))
        elif tag == "link":
            self.links.append(dict(attrs))
        elif tag == "title":
            self._in_title = True

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._in = None
        elif tag == "title":
            self._in_title = False

    def handle_data(self, data: str) -> None:
        if self._in is not None:
            attrs, text = self.scripts[-1]
            self.scripts[-1] = (attrs, text + data)
        elif self._in_title:
            self.title += data


@pytest.fixture(scope="module")
def page() -> str:
    return map_html(S.sample_features(), S.DOCUMENTS, countries=S.countries_fixture())


def _parse(html: str) -> _Scripts:
    parser = _Scripts()
    parser.feed(html)
    return parser


def _payload(html: str) -> dict:
    data = [text for attrs, text in _parse(html).scripts if attrs.get("id") == "geoevents-data"]
    assert len(data) == 1
    return json.loads(data[0])


def test_script_json_escapes_what_could_end_the_block() -> None:
    value = {"s": "</script><script>x()</script> <!-- & \u2028\u2029 >"}
    text = script_json(value)
    assert not re.search(r"[<>&\u2028\u2029]", text)
    assert json.loads(text) == value


def test_document_text_only_inside_the_json_block(page: str) -> None:
    parsed = _parse(page)
    # Exactly our scripts: folium's settings, Leaflet, the data block, our library, the map.
    kinds = [(a.get("type"), a.get("id"), a.get("src")) for a, _ in parsed.scripts]
    assert kinds.count(("application/json", "geoevents-data", None)) == 1
    assert len(kinds) == 5 and all(src is None for _, _, src in kinds)
    for attrs, text in parsed.scripts:
        assert "__pwned" not in text or attrs.get("id") == "geoevents-data"
    payload = _payload(page)
    titles = {e["p"]["title"] for e in payload["events"]}
    assert S.INJECT_TITLE in titles  # intact after the JSON round trip
    sentence = next(e["p"]["sentence"] for e in payload["events"] if e["p"]["title"] == S.INJECT_TITLE)
    assert sentence == S.INJECT_SENTENCE
    for raw in (S.INJECT_PLACE, S.INJECT_DATE, "<b>Customs</b>", "<!-- nothing"):
        assert raw not in page


def test_template_syntax_in_documents_is_not_evaluated(page: str) -> None:
    """folium renders its elements' output again as Jinja: our text must bypass that."""
    payload = _payload(page)
    sentence = next(e["p"]["sentence"] for e in payload["events"] if e["p"]["title"] == S.INJECT_TITLE)
    assert "{{ 7*7 }}" in sentence and "{% if true %}kept{% endif %}" in sentence
    assert payload["documents"][0]["title"] == S.INJECT_DOC_TITLE
    assert "{{ 6*7 }}" in _parse(page).title and "KAZAKHSTAN &amp; &lt;b&gt;TEST&lt;/b&gt; {{ 6*7 }}" in page
    assert page.count('<script type="application/json" id="geoevents-data">') == 1


def test_no_script_can_switch_the_parser_state(page: str) -> None:
    """'<!--' inside a script puts the HTML parser in an escaped state where '</script>'
    no longer closes it; none of our inline scripts may contain it."""
    for attrs, text in _parse(page).scripts:
        assert "<!--" not in text
        if attrs.get("type") == "application/json":
            assert "<" not in text and ">" not in text


def test_title_escaped_in_head_and_sidebar(page: str) -> None:
    parsed = _parse(page)
    assert parsed.title.startswith(S.INJECT_DOC_TITLE)  # shown as text, not markup
    assert page.count("<title>") == 1 and "</title><script>" not in page
    assert "&lt;/title&gt;&lt;script&gt;window.__pwned=5" in page


def test_self_contained_by_default(page: str) -> None:
    parsed = _parse(page)
    assert parsed.links == [] and parsed.fetching == []
    assert all(not a.get("src") for a, _ in parsed.scripts)
    styles = re.findall(r"<style>(.*?)</style>", page, re.S)
    assert styles and not any(re.search(r"url\((?!data:|#default#VML)|@import", css) for css in styles)
    assert "sourceMappingURL" not in page
    # the OSM tile layer is present but not shown until switched on
    assert "tile.openstreetmap.org" in page


def test_cdn_variant_links_leaflet_with_integrity() -> None:
    html = map_html(S.sample_features(), S.DOCUMENTS, cdn=True, countries=S.countries_fixture())
    parsed = _parse(html)
    srcs = [a for a, _ in parsed.scripts if a.get("src")]
    assert len(srcs) == 1 and srcs[0]["src"].endswith("/leaflet@1.9.3/dist/leaflet.js")
    assert srcs[0]["integrity"].startswith("sha384-")
    assert len(parsed.links) == 1 and parsed.links[0]["integrity"].startswith("sha384-")
    assert len(html) < len(map_html(S.sample_features(), S.DOCUMENTS,
                                    countries=S.countries_fixture())) - 100_000
    assert _payload(html)["online"] is True


def test_same_input_same_bytes() -> None:
    one = map_html(S.sample_features(), S.DOCUMENTS, countries=S.countries_fixture())
    two = map_html(S.sample_features(), S.DOCUMENTS, countries=S.countries_fixture())
    assert one == two
    assert not re.search(r"[0-9a-f]{32}", one.replace("0" * 64, ""))  # no uuid-style ids left


def test_day_numbers_before_1970_and_across_2001() -> None:
    assert day_number("1970-01-01") == 0
    assert day_number("1965-05-10") == (date(1965, 5, 10) - date(1970, 1, 1)).days < 0
    assert day_number("2001-09-08") < day_number("2001-09-09") < day_number("2001-09-10")
    for text in ("1965-05-10", "2001-09-09", "2024-02-29"):
        assert iso_day(day_number(text)) == text
    for bad in ("2008-02-30", "2008-3-1", "20080301", None, 2008):
        assert day_number(bad) is None


def test_prepare_orders_by_date_and_classifies_geometry() -> None:
    prepared = prepare(S.sample_features())
    records = prepared.records
    dated = [r for r in records if r["s"] is not None]
    assert [r["s"] for r in dated] == sorted(r["s"] for r in dated)
    assert records[0]["p"]["title"] == "Laboratory closed near Almaty"  # 1965 first
    assert records[1]["p"]["start"] == "2001-09-08" and records[2]["p"]["start"] == "2001-09-10"
    by_title = {r["p"].get("title"): r for r in records}
    assert by_title["Operation Kanal in the south"]["k"] == "area"
    assert by_title["Operation Kanal in the south"]["r"] == AREA_RADIUS_M["region"]
    assert by_title["Arrests across Kazakhstan"]["r"] == AREA_RADIUS_M["country"]
    assert by_title["Seizure at the Kazakh-Kyrgyz border"]["k"] == "area"
    assert by_title["Heroin seized at Shymkent"]["k"] == "pin"
    route = by_title["Afghan heroin route to Russia"]
    assert route["k"] == "route" and len(route["g"]) == 4
    assert by_title["Dog handlers trained"]["k"] is None  # unplaced, still kept
    # month precision keeps its whole interval
    kanal = by_title["Operation Kanal in the south"]
    assert (kanal["s"], kanal["e"]) == (day_number("2007-06-01"), day_number("2007-06-30"))


def test_prepare_reports_bad_features_and_keeps_them() -> None:
    prepared = prepare(S.sample_features() + ["not a feature", {"type": "Feature"}])
    assert len(prepared.records) == len(S.sample_features()) + 2
    text = "\n".join(prepared.problems)
    assert "2008-02-30" in text  # impossible date: listed, left undated
    assert "unknown event_type 'smuggling?'" in text
    assert "unusable Point geometry" in text  # out-of-range coordinates
    weird = next(r for r in prepared.records if r["id"] == "hand-weird")
    assert weird["t"] == "other" and weird["k"] is None


def test_prepare_makes_ids_unique_and_json_finite() -> None:
    feature = S.sample_features()[0]
    twin = json.loads(json.dumps(feature))
    twin["properties"]["drugs"][0]["quantity"] = float("nan")
    prepared = prepare([feature, twin])
    ids = [r["id"] for r in prepared.records]
    assert len(set(ids)) == 2
    script_json([r for r in prepared.records])  # would raise on NaN


def test_end_before_start_is_left_undated() -> None:
    feature = {"type": "Feature", "geometry": None,
               "properties": {"id": "x", "event_type": "arrest", "start": "2008-05-01", "end": "2008-04-01"}}
    prepared = prepare([feature])
    assert prepared.records[0]["s"] is None and "before start" in prepared.problems[0]


def test_default_title() -> None:
    one = [{"doc_id": "08ASTANA2380", "title": "KAZAKHSTAN: 2008-2009 INCSR REPORT, PART 1"}]
    assert default_title(one) == "KAZAKHSTAN: 2008-2009 INCSR REPORT, PART 1 (08ASTANA2380)"
    two = one + [{"doc_id": "X", "title": "Other"}]
    assert default_title(two) == "KAZAKHSTAN: 2008-2009 INCSR REPORT, PART 1 and 1 more document"
    assert default_title([]) == "geoevents map"
    html = map_html([], one, title="My <own> title", countries=S.countries_fixture())
    assert "<title>My &lt;own&gt; title</title>" in html


def test_render_map_writes_file(tmp_path: Path) -> None:
    out = tmp_path / "sub" / "m.html"
    render_map(S.sample_features(), S.DOCUMENTS, out, countries=S.countries_fixture())
    text = out.read_text(encoding="utf-8")
    assert text.startswith("<!DOCTYPE html>") and text.rstrip().endswith("</html>")
    assert '"Kazakhstan"' in text  # the outline fixture is drawn as a base layer


def test_empty_input_still_renders() -> None:
    html = map_html([], [], countries=None)
    payload = _payload(html)
    assert payload["events"] == [] and "fitBounds" not in html.split("geoevents-data")[-1]


def test_opening_view_is_set_without_a_zoom_animation(page: str) -> None:
    """The first view fits the events at once: animated from the world view, the zoom
    would hide the event canvases until it ended and then repaint them all, a second
    full paint before the map first shows (issue 15)."""
    script = page[page.index('id="geoevents-data"'):]  # the page's scripts after the data
    fits = [line for line in script.splitlines() if line.startswith("map_") and ".fitBounds(" in line]
    assert len(fits) == 1 and fits[0].endswith('{"maxZoom": 7, "padding": [40, 40], "animate": false});')


def test_bundled_outlines_when_gazetteer_present() -> None:
    outlines = bundled_countries()
    assert outlines is not None, "gazetteer/data/countries.geojson is part of the package"
    codes = {f["properties"]["iso_a2"] for f in outlines["features"]}
    assert {"KZ", "KG", "TJ", "UZ", "AF", "RU"} <= codes


def test_vendored_leaflet_matches_notice() -> None:
    notice = asset_bytes("NOTICE").decode("utf-8")
    for name in ("leaflet/leaflet.js", "leaflet/leaflet.css", "leaflet/images/layers.png"):
        digest = hashlib.sha256(asset_bytes(name)).hexdigest()
        assert digest in notice, name
    assert "BSD 2-Clause" in asset_bytes("leaflet/LICENSE").decode("utf-8")
    assert "url(images/" not in leaflet_css()
    assert "sourceMappingURL" not in leaflet_js()


def test_inline_script_cannot_be_closed_early() -> None:
    assert inline_script('var s = "</script><b>";') == '<script>var s = "<\\/script><b>";</script>'


def test_page_script_builds_text_nodes_only() -> None:
    """Static guard: our script never parses strings as HTML or code."""
    code = app_source()
    code = re.sub(r"/\*.*?\*/|//[^\n]*", "", code, flags=re.S)  # comments may name the sinks
    for sink in ("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval(",
                 "new Function", "setTimeout(\"", "setInterval(\""):
        assert sink not in code, sink
    assert "textContent" in code


# --- writing at scale: no folium, streamed input and output, compact records ---------------

def test_writing_a_map_imports_no_folium_or_template_engine() -> None:
    """The page skeleton is written directly: folium, branca and jinja2 (and the pandas
    and requests folium pulls in) cost seconds per run and are never imported."""
    code = ("import sys\nsys.path.insert(0, sys.argv[1])\nimport test_render_samples as S\n"
            "from geoevents.render import map_html\n"
            "page = map_html(S.sample_features(), S.DOCUMENTS, countries=S.countries_fixture())\n"
            "assert 'L.map(' in page and 'GeoeventsMap.start(' in page\n"
            "print(sorted(m for m in ('folium', 'branca', 'jinja2', 'pandas', 'requests') if m in sys.modules))")
    done = subprocess.run([sys.executable, "-c", code, str(Path(__file__).parent)],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"


def test_streamed_features_and_late_documents_give_the_same_page(tmp_path: Path) -> None:
    """render_map reads features once, as they come, and the documents only after them
    (the event readers fill the document list as they go)."""
    documents: list[dict] = []

    def reader():
        yield from S.sample_features()
        documents.extend(S.DOCUMENTS)  # complete once the iterator is

    out = tmp_path / "streamed.html"
    render_map(reader(), documents, out, countries=S.countries_fixture())
    written = out.read_bytes().decode("utf-8")  # as written: Leaflet's CSS has CRLF lines
    assert written == map_html(S.sample_features(), S.DOCUMENTS, countries=S.countries_fixture())


def test_page_events_are_the_records_less_the_unread_properties(page: str) -> None:
    records = prepare(S.sample_features()).records
    events = _payload(page)["events"]
    assert [e["id"] for e in events] == [r["id"] for r in records]
    for event, record in zip(events, records):
        assert {k: v for k, v in event.items() if k != "p"} == {k: v for k, v in record.items() if k != "p"}
        assert event["p"] == {k: v for k, v in record["p"].items() if k not in _UNREAD}
        assert "start" not in event["p"] and "event_type" not in event["p"]


def test_events_written_in_slices_are_one_json_array(monkeypatch: pytest.MonkeyPatch) -> None:
    whole = _payload(map_html(S.sample_features(), S.DOCUMENTS, countries=S.countries_fixture()))
    for compact in (True, False):
        prepared = prepare(S.sample_features(), compact=compact)
        monkeypatch.setattr(page_module, "_SLICE", 3)  # 13 events: slices of 3, 3, 3, 3, 1
        sliced = _payload(page_module.render_page(prepared, S.DOCUMENTS, "t", S.countries_fixture(), False))
        monkeypatch.undo()
        assert len(sliced["events"]) == len(whole["events"]) > 6
        assert [e["id"] for e in sliced["events"]] == [e["id"] for e in whole["events"]]


def test_preparer_rollback_forgets_a_failed_input() -> None:
    """What an input added before it failed is taken back: records, problems, the feature
    count skip messages number by, and the ids seen (a later twin is not renamed)."""
    good = S.sample_features()[:4]
    later = [good[0], *S.sample_features()[4:]]  # a twin of the first: renamed "~2", not "~3"
    failed = [dict(good[0]), {"type": "Feature", "geometry": None, "properties": {"event_type": "odd"}}]
    preparer = Preparer(compact=True)
    for feature in good:
        preparer.add(feature)
    mark = preparer.mark()
    for feature in failed:
        preparer.add(feature)
    preparer.rollback(mark)
    for feature in later:
        preparer.add(feature)
    got, want = preparer.finish(), prepare(good + later, compact=True)
    assert got.encoded == want.encoded and got.records == want.records
    assert got.problems == want.problems and got.bounds == want.bounds
    ids = [r["id"] for r in got.records]
    assert f"{good[0]['properties']['id']}~2" in ids and not any(i.endswith("~3") for i in ids)
