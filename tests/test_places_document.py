"""document_places: focus from TAGS or text, the geocoder hook, and the seed cable."""
from __future__ import annotations

from geoevents.ingest import document_from_text, read_document
from geoevents.model import Place
from geoevents.places import document_places, infer_focus

CABLE = """TAGS: SNAR KCRM KZ
SUBJECT: TEST REPORT
1. (SBU) Police in Petropavlovsk seized 20 kilos of Afghan heroin.
2. (SBU) Two officers trained in Obertraun, Austria, and a third in Zzyzxberg.
"""


class FakeGeocoder:
    """Answers from a dict and counts the questions (stands in for geoevents.geocode)."""

    def __init__(self, answers: dict[str, tuple[float, float, str]]):
        self.answers = answers
        self.asked: list[tuple[str, str | None]] = []

    def geocode(self, name: str, country_hint: str | None) -> Place | None:
        self.asked.append((name, country_hint))
        if name not in self.answers:
            return None
        lat, lon, cc = self.answers[name]
        return Place(text=name, char_start=0, char_end=len(name), name=name, kind="city",
                     country_code=cc, lat=lat, lon=lon, geo_precision="city",
                     resolved_by="geocoder")


def test_offline_uses_tags_as_focus_and_keeps_qualified_unknowns():
    doc = document_from_text(CABLE)
    places = document_places(doc)
    by_text = {p.text: (n, p) for n, p in places}
    assert by_text["Petropavlovsk"][1].country_code == "KZ"
    assert by_text["Afghan"][1].role == "origin"
    n, bad = by_text["Obertraun, Austria"]
    assert n == 2 and (bad.country_code, bad.resolved_by) == ("AT", "qualifier")
    assert "Zzyzxberg" not in by_text  # offline: an unknown name stays out
    para = doc.paragraphs[0].text
    p = by_text["Petropavlovsk"][1]
    assert para[p.char_start:p.char_end] == "Petropavlovsk"


def test_geocoder_is_asked_once_per_unknown_name():
    geo = FakeGeocoder({"Obertraun": (47.56, 13.69, "AT"), "Zzyzxberg": (43.2, 76.9, "KZ")})
    text = CABLE + "3. (SBU) A second lab was found in Zzyzxberg.\n"
    places = document_places(document_from_text(text), offline=False, geocoder=geo)
    geocoded = [(n, p.text, p.resolved_by, p.lat) for n, p in places if p.resolved_by == "geocoder"]
    assert geocoded == [(2, "Obertraun, Austria", "geocoder", 47.56),
                        (2, "Zzyzxberg", "geocoder", 43.2), (3, "Zzyzxberg", "geocoder", 43.2)]
    assert sorted(geo.asked) == [("Obertraun", "AT"), ("Zzyzxberg", "KZ")]


def test_geocoder_without_answer_keeps_the_offline_result():
    geo = FakeGeocoder({})
    places = document_places(document_from_text(CABLE), offline=False, geocoder=geo)
    texts = {p.text: p for _, p in places}
    assert texts["Obertraun, Austria"].resolved_by == "qualifier"
    assert "Zzyzxberg" not in texts


def test_offline_flag_wins_over_a_geocoder():
    geo = FakeGeocoder({"Zzyzxberg": (43.2, 76.9, "KZ")})
    document_places(document_from_text(CABLE), offline=True, geocoder=geo)
    assert geo.asked == []


def test_focus_inferred_from_text_without_tags():
    text = ("Tajikistan reported record seizures. Tajikistan and Russia agreed on controls.\n\n"
            "Police in Khorog found opium in a truck bound for Osh.\n")
    doc = document_from_text(text)
    assert doc.country_focus == ()
    assert infer_focus([p.text for p in doc.paragraphs]) == ("TJ",)
    assert {p.country_code for _, p in document_places(doc)} >= {"TJ", "RU", "KG"}


SEED_EXPECTED = [
    # (mention text, name, country, kind)
    ("Shymkent", "Shymkent", "KZ", "city"), ("Taraz", "Taraz", "KZ", "city"),
    ("Karaganda", "Karagandy", "KZ", "city"), ("Astana", "Astana", "KZ", "city"),
    ("Petropavlovsk", "Petropavl", "KZ", "city"), ("Almaty", "Almaty", "KZ", "city"),
    ("Taldy Korgan", "Taldykorgan", "KZ", "city"),
    ("Ust-Kamenogorsk", "Ust-Kamenogorsk", "KZ", "city"),
    ("Pavlodar (Northern Kazakhstan)", "Pavlodar", "KZ", "city"),
    ("Uralsk, Western Kazakhstan", "Oral", "KZ", "city"),
    ("Kairak border checkpoint", "Kairak border crossing", "KZ", "crossing"),
    ("Kazakhstani-Russian border", "Kazakhstan-Russia border", "KZ", "border"),
    ("Kazakhstani-Uzbek border", "Kazakhstan-Uzbekistan border", "KZ", "border"),
    ("Chu Valley", "Chu Valley", "KZ", "feature"),
    ("Zhambyl region", "Zhambyl Region", "KZ", "region"),
    ("North Kazakhstan region", "North Kazakhstan Region", "KZ", "region"),
    ("Southern Kazakhstan", "Southern Kazakhstan", "KZ", "macro"),
    ("Saint Petersburg", "Saint Petersburg", "RU", "city"),
    ("Tolyatti, Russia", "Tolyatti", "RU", "city"), ("Istanbul", "Istanbul", "TR", "city"),
    ("Artesia, New Mexico", "Artesia", "US", "city"),
    ("Kyrgyz Republic", "Kyrgyzstan", "KG", "country"),
    ("Russian Federation", "Russia", "RU", "country"),
    ("Tajikistan", "Tajikistan", "TJ", "country"), ("Uzbekistan", "Uzbekistan", "UZ", "country"),
    ("Afghanistan", "Afghanistan", "AF", "country"), ("Netherlands", "Netherlands", "NL", "country"),
    ("Turkish", "Turkey", "TR", "country"), ("Azerbaijan", "Azerbaijan", "AZ", "country"),
]


def test_seed_cable_every_listed_place(seed_path):
    doc = read_document(str(seed_path))
    places = [p for _, p in document_places(doc)]
    seen = {(p.text, p.name, p.country_code, p.kind) for p in places}
    for item in SEED_EXPECTED:
        assert item in seen, item
    regions = [p for p in places if p.kind == "region" and p.text in (
        "Almaty", "Zhambyl", "South Kazakhstan", "Kyzylorda", "East Kazakhstan")]
    assert [p.admin1 for p in regions][:5] == [
        "Almaty Region", "Zhambyl Region", "Turkistan Region", "Kyzylorda Region",
        "East Kazakhstan Region"]
    bad = next(p for p in places if p.text.startswith("Bad Kreuzen"))
    assert (bad.country_code, bad.resolved_by, bad.geo_precision) == ("AT", "qualifier", "country")
    afghan = [p for p in places if p.text == "Afghan"]
    assert afghan and all(p.role == "origin" for p in afghan)
    texts = {p.text for p in places}
    assert not texts & {"Jamaika", "Typhoon", "Mak", "Doping", "Kanal", "Nazarbayev", "Police"}
    assert all(p.country_code != "JM" for p in places)
    assert all(p.resolved for p in places)


def test_a_given_name_before_a_surname_is_a_person_not_a_town():
    from geoevents.ingest import document_from_text
    from geoevents.places import paragraph_places

    doc = document_from_text("Seizure in Termez\n\nZafar Rahimov, a police spokesman, said officers in "
                             "Termez seized 4 kg of heroin. Захар Зафаров из Ташкента не пострадал.")
    names = [p.name for found in paragraph_places(doc, offline=True) for p in found]
    assert "Zafar" not in names and "Tirmiz" in names


def test_a_border_line_counts_for_both_countries_when_choosing_the_report_country():
    from datetime import date

    from geoevents.ingest import document_from_text
    from geoevents.pipeline import document_events

    # the border names Afghanistan first, the towns are Tajik: the report's country is Tajikistan
    text = ("Drugs intercepted\n\nGuards on the Tajik-Afghan border detained an Afghan courier near "
            "Farkhor. Officers later searched a house in Farkhor. Since the beginning of the year the "
            "agency has intercepted more than 300 kg of drugs, its spokesman said.")
    doc = document_from_text(text, doc_date=date(2020, 5, 10))
    (tally,) = [e for e in document_events(doc) if e.event_type == "statistic"]
    assert tally.place.country_code == "TJ"
