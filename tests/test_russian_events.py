"""Russian events: the engine reading the Russian pack (sentences written for the project)."""
from __future__ import annotations

import pytest

from geoevents.events.counts import find_counts
from geoevents.events.quantities import find_quantities
from geoevents.events.triggers import find_triggers
from geoevents.ingest import document_from_text
from geoevents.pipeline import document_events


@pytest.mark.parametrize("text, substance, drug_class, kg", [
    ("сотрудники изъяли 27 кг героина", "heroin", "opiate", 27.0),
    ("обнаружено более 2 тонн гашиша", "hashish", "cannabis", 2000.0),
    ("в тайнике было 1,5 тонны марихуаны", "marijuana", "cannabis", 1500.0),
    ("изъято 612 килограммов героина", "heroin", "opiate", 612.0),
    ("у него нашли 21 грамм мефедрона", "mephedrone", "synthetic cathinone", 0.021),
    ("всего изъято свыше 100 кг наркотиков", "drugs", None, 100.0),
    # a decimal comma with three digits, a space between thousands
    ("изъято 20,374 килограмма опия", "opium", "opiate", 20.374),
    ("изъято 1 200 кг гашиша", "hashish", "cannabis", 1200.0),
    # a second, smaller unit completes the amount
    ("партия весом 1 тонна 112 кг героина", "heroin", "opiate", 1112.0),
    ("изъято 71 кг 110 грамм гашиша", "hashish", "cannabis", 71.11),
    ("чистым весом 3 кг 250 гр. гашиша", "hashish", "cannabis", 3.25),
    # the drug named before its weight
    ("пакеты с героином общим весом 297 кг", "heroin", "opiate", 297.0),
    # an amount said in words alone
    ("При обыске у них нашли около полутонны гашиша.", "hashish", "cannabis", 500.0),
    # the drug after the amount in the nominative, by a verb or a dash
    ("из них около 240 кг составляет героин", "heroin", "opiate", 240.0),
    ("из них около 120 кг – опий-сырец", "opium", "opiate", 120.0),
    ("свыше 900 кг – наркотики канабисной группы", "cannabis", "cannabis", 900.0),
    # a word describing the drug between the amount and its name
    ("изъяли 6 кг высококачественного героина", "heroin", "opiate", 6.0),
])
def test_russian_amounts_read_into_canonical_substances(text, substance, drug_class, kg):
    (found,) = find_quantities(text, "ru")
    q = found.quantity
    assert (q.substance, q.drug_class, q.kg) == (substance, drug_class, kg)


@pytest.mark.parametrize("sentence, kind", [
    ("Пограничники изъяли 12 кг гашиша у водителя.", "seizure"),
    ("На посту было изъято 3 кг героина.", "seizure"),
    ("Полицейские задержали курьера с грузом.", "arrest"),
    ("Суд приговорил его к 12 годам лишения свободы.", "sentencing"),
    ("В селе ликвидирована нарколаборатория по выпуску мефедрона.", "lab_closure"),
    ("Сотрудники пресекли канал контрабанды героина из Афганистана.", "operation"),
])
def test_russian_triggers(sentence, kind):
    assert kind in {t.event_type for t in find_triggers(sentence, "ru") if t.status == "reported"}


def test_russian_counts():
    counts = find_counts("В ходе операции задержаны трое граждан Узбекистана.", "ru")
    assert counts.get("detained") == 3


def test_a_russian_report_gives_english_titles_and_cyrillic_source_text():
    text = ("Костанай, 10 июня 2024 года. 8 июня на КПП «Кайрак» пограничники изъяли 27 кг героина "
            "в грузовом автомобиле, следовавшем из Узбекистана в Россию. Водитель, гражданин Узбекистана, "
            "задержан.\n")
    events = document_events(document_from_text(text, "report.txt"))
    seizure = next(e.to_feature()["properties"] for e in events if e.event_type == "seizure")
    assert seizure["title"] == "Seizure — 27 kg heroin — Kairak border crossing"
    assert seizure["lang"] == "ru"
    assert seizure["place_text"] == "Кайрак" and seizure["date_text"] == "8 июня"
    assert (seizure["start"], seizure["end"]) == ("2024-06-08", "2024-06-08")
    assert seizure["drugs"][0]["class"] == "opiate"


@pytest.mark.parametrize("opening, day", [
    ("Костанай, 10 июня 2024 года. Пограничники", "2024-06-10"),
    ("АСТАНА, 3 марта 2023 г. – Полицейские", "2023-03-03"),
    ("ДУШАНБЕ, 22.02.2024 (Агентство) – Сотрудники", "2024-02-22"),  # a numeric date and the agency
    ("Заголовок новости\n14 марта 2024, 11:20\nСотрудники", "2024-03-14"),  # a stamp line with the time
    ("25.09.2014, г. Тараз.\nСотрудники", "2014-09-25"),  # a stamp line with the town
    ("11.05.2019, г. Шымкент. С 2 по 8 мая полицейские", "2019-05-11"),  # the text on the stamp's line
])
def test_a_russian_dateline_dates_the_report(opening, day):
    from geoevents.header import parse_header

    assert str(parse_header(opening + " изъяли героин.\n").doc_date) == day


def test_a_body_sentence_that_opens_with_a_date_does_not_date_the_report():
    from geoevents.header import parse_header

    assert parse_header("31 мая 2024 года в пункте пропуска задержан курьер с героином.\n").doc_date is None


def test_a_russian_route_runs_through_the_site_where_the_drugs_were_stopped():
    text = ("Костанай, 10 июня 2024 года. На КПП «Кайрак» пограничники изъяли 27 кг героина в грузовом "
            "автомобиле, следовавшем из Узбекистана в Россию.\n")
    (seizure,) = [e for e in document_events(document_from_text(text, "report.txt")) if e.event_type == "seizure"]
    assert [s.name for s in seizure.route] == ["Uzbekistan", "Kairak border crossing", "Russia"]


def test_a_russian_route_from_through_to():
    text = ("Душанбе, 22 февраля 2024 года. Сотрудники агентства изъяли 612 килограммов героина, который "
            "готовились переправить из Афганистана через Таджикистан в Россию.\n")
    (seizure,) = [e for e in document_events(document_from_text(text, "report.txt")) if e.event_type == "seizure"]
    assert [s.name for s in seizure.route] == ["Afghanistan", "Tajikistan", "Russia"]


@pytest.mark.parametrize("sentence", [
    "С начала года полицейские изъяли 1,5 тонны наркотиков и возбудили 340 уголовных дел.",
    "Всего за девять месяцев 2023 года изъято 3 тонны гашиша.",
])
def test_a_russian_tally_is_a_statistic(sentence):
    text = "Шымкент, 12 октября 2023 г. – " + sentence + "\n"
    types = {e.event_type for e in document_events(document_from_text(text, "report.txt"))}
    assert "statistic" in types and "seizure" not in types


@pytest.mark.parametrize("sentence, site", [
    # whose citizens they are is not where it happened
    ("В Шымкенте полицейские задержали двух граждан Таджикистана с 5 кг героина.", "Shymkent"),
    # the partner agency's country is not where it happened
    ("Пограничники совместно со спецслужбами Кыргызской Республики изъяли 6 кг гашиша.", "Kazakhstan"),
    # "в" with the accusative is where the drugs were going, with the prepositional where they were
    ("В Актобе изъяли 40 кг гашиша, который везли в Россию.", "Aktobe"),
])
def test_a_russian_site_is_where_it_happened(sentence, site):
    text = "Алматы, 5 мая 2024 года. " + sentence + "\n"
    events = [e for e in document_events(document_from_text(text, "report.txt")) if e.event_type != "route"]
    assert events and all(e.place is not None and e.place.name == site for e in events)


@pytest.mark.parametrize("text", [
    # the seizure said without an amount ("изъята партия героина"), its weight told next
    "Алматы, 5 мая 2024 года. В Шымкенте полицейские изъяли крупную партию гашиша. Её вес составил 23 кг.\n",
    # the biggest consignment of the year is one seizure, not a tally of the year
    "Алматы, 5 мая 2024 года. В Таразе полиция изъяла крупнейшую в этом году партию гашиша весом 23 кг.\n",
])
def test_a_russian_consignment_is_one_seizure_with_its_mass(text):
    events = document_events(document_from_text(text, "report.txt"))
    (seizure,) = [e for e in events if e.event_type == "seizure"]
    assert [(d.substance, d.kg) for d in seizure.drugs] == [("hashish", 23.0)]
    assert "statistic" not in {e.event_type for e in events}


def test_drugs_taken_from_the_detainees_are_one_seizure_not_a_tally():
    from datetime import date

    text = "Таможенники задержали двух курьеров.\n\nУ задержанных изъяли 40 кг гашиша и 12 кг опия.\n"
    types = [e.event_type for e in document_events(document_from_text(text, "report.txt", date(2024, 5, 5)))]
    assert "seizure" in types and "statistic" not in types


def test_a_read_also_line_ends_a_russian_report():
    text = ("В Шымкенте полицейские изъяли 5 кг героина.\n"
            "Читайте также\n"
            "В Таразе изъяли 20 кг гашиша.\n")
    events = document_events(document_from_text(text, "report.txt"))
    assert [e.place.name for e in events if e.event_type == "seizure"] == ["Shymkent"]


def test_a_sentence_cut_off_where_the_page_ends_tells_no_second_seizure():
    sentence = "3 мая 2021 года в Оше сотрудники таможни изъяли 18,4 килограмма синтетических наркотиков."
    text = sentence + "\n\n" + sentence[:sentence.index(" наркотиков")] + "\n"
    seizures = [e for e in document_events(document_from_text(text, "report.txt")) if e.event_type == "seizure"]
    assert len(seizures) == 1 and seizures[0].drugs[0].substance == "synthetic drugs"
