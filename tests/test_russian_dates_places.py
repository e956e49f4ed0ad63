"""Russian dates and places: one test per way of saying things (sentences written for the project)."""
from __future__ import annotations

from datetime import date

import pytest

from geoevents.dates import find_dates
from geoevents.ingest import document_from_text
from geoevents.language import paragraph_languages
from geoevents.places import paragraph_places

DOC_DATE = date(2024, 6, 15)


@pytest.mark.parametrize("text, written, start, end", [
    ("Операция прошла 8 февраля на трассе.", "8 февраля", "2024-02-08", "2024-02-08"),
    ("Курьер задержан 31 мая 2024 года в поезде.", "31 мая 2024 года", "2024-05-31", "2024-05-31"),
    ("Акт составлен 3 января 2023 г. на посту.", "3 января 2023 г.", "2023-01-03", "2023-01-03"),
    ("Рейды шли с 16 по 22 сентября в трёх районах.", "с 16 по 22 сентября", "2023-09-16", "2023-09-22"),
    ("Акция длилась с 25 августа по 5 сентября 2023 года.", "с 25 августа по 5 сентября 2023 года",
     "2023-08-25", "2023-09-05"),
    ("Партию отправили в феврале.", "феврале", "2024-02-01", "2024-02-29"),
    ("Склад нашли в марте 2022 года.", "марте 2022 года", "2022-03-01", "2022-03-31"),
    ("Итоги работы в первом квартале 2024 года подвели вчерне.", "первом квартале 2024 года",
     "2024-01-01", "2024-03-31"),
    ("За первое полугодие 2023 года изъято больше.", "первое полугодие 2023 года", "2023-01-01", "2023-06-30"),
    ("За девять месяцев 2023 года изъято 3 тонны.", "За девять месяцев 2023 года", "2023-01-01", "2023-09-30"),
    ("С начала года полиция изъяла 400 кг.", "С начала года", "2024-01-01", "2024-06-15"),
    ("В прошлом году таких случаев не было.", "В прошлом году", "2023-01-01", "2023-12-31"),
    ("Вчера на границе задержали двоих.", "Вчера", "2024-06-14", "2024-06-14"),
    ("На прошлой неделе прошли обыски.", "На прошлой неделе", "2024-06-03", "2024-06-09"),
    ("Число дел выросло в 2023–2024 годах.", "в 2023–2024 годах", "2023-01-01", "2024-12-31"),
    ("Приговор вынесен 08.09.2014 в Таразе.", "08.09.2014", "2014-09-08", "2014-09-08"),
    ("В конце марта сотрудники вышли на след.", "В конце марта", "2024-03-21", "2024-03-31"),
    # a weekday: the last one on or before the report's day (15 June 2024 is a Saturday)
    ("В среду полицейские остановили фуру.", "В среду", "2024-06-12", "2024-06-12"),
    # "накануне" alone is the day before
    ("Накануне в Таразе задержали курьера.", "Накануне", "2024-06-14", "2024-06-14"),
    # a plan: a month without its year is the next one, the plan word before or after it
    ("В январе ведомство планирует открыть новый пост.", "январе", "2025-01-01", "2025-01-31"),
    ("Учения будут проведены в марте на границе.", "марте", "2025-03-01", "2025-03-31"),
    # ... but a past act before the plan word keeps the month past
    ("В январе задержали курьера, которого будут судить.", "январе", "2024-01-01", "2024-01-31"),
])
def test_russian_date_forms(text, written, start, end):
    found = find_dates(text, DOC_DATE, lang="ru")
    assert [(s.text, str(s.start), str(s.end)) for s in found] == [(written, start, end)]


def test_an_english_text_keeps_the_english_grammar():
    (span,) = find_dates("Police seized heroin on 8 February.", DOC_DATE)
    assert (span.text, str(span.start)) == ("8 February", "2024-02-08")
    assert find_dates("Police seized heroin on 8 февраля.", DOC_DATE) == []


def _places(text: str) -> list[tuple[str, str | None, str | None]]:
    doc = document_from_text(text, "report.txt")
    langs = paragraph_languages([p.text for p in doc.paragraphs])
    return [(p.text, p.name, p.kind) for found in paragraph_places(doc, langs=langs) for p in found]


@pytest.mark.parametrize("text, expected", [
    # an oblast in the prepositional case: adjective and noun agree once put in the nominative
    ("Наркотики нашли в Жамбылской области у дороги на окраине.", ("Жамбылской области", "Zhambyl Region", "region")),
    # a city in the prepositional case
    ("Сотрудники полиции задержали курьера в Шымкенте вечером.", ("Шымкенте", "Shymkent", "city")),
    # an indeclinable name stays as written
    ("Партию героина доставили в Алматы на грузовике.", ("Алматы", "Almaty", "city")),
    # a crossing named after КПП and in quotation marks
    ("Пограничники на КПП «Кайрак» досмотрели фуру с овощами.", ("Кайрак", "Kairak border crossing", "crossing")),
    # a country in the genitive, from the gazetteer's Russian country names
    ("Груз следовал из Узбекистана через всю республику на север.", ("Узбекистана", "Uzbekistan", "country")),
    # a country's adjective, in lower case as Russian writes it
    ("Изъята крупная партия афганского героина в багажнике.", ("афганского", "Afghanistan", "country")),
    # a border named by two countries' adjectives joined with a hyphen
    ("Наряд задержал нарушителей на казахстанско-российской границе ночью.",
     ("казахстанско-российской", "Kazakhstan-Russia border", "border")),
    ("На туркмено-афганской границе нашли тайник с грузом.", ("туркмено-афганской", "Afghanistan-Turkmenistan border", "border")),
    # a road crossing named "<place>-авто"
    ("Досмотр фуры на КПП «Кайрак-авто» занял два часа.", ("Кайрак-авто", "Kairak border crossing", "crossing")),
    # an old Russian name of a Kazakh city
    ("Курьер ехал поездом в Уральск через степь и пустыню.", ("Уральск", "Oral", "city")),
    # a region whose adjective the analyser misreads: each word's forms are tried together
    ("Героин изъяли в Хатлонской области у границы.", ("Хатлонской области", "Khatlon Region", "region")),
    ("Тайник нашли в Лебапском велаяте у реки.", ("Лебапском велаяте", "Lebap", "region")),
    # an Afghan province and city under their Russian names
    ("Лаборатория работала в провинции Тахар на севере.", ("Тахар", "Takhār", "region")),
    ("Партию отправили из Кундуза на север.", ("Кундуза", "Kunduz", "city")),
    # a name the dictionary lacks, its case ending undone; a two-letter city
    ("Курьера задержали в Токмоке утром.", ("Токмоке", "Tokmok", "city")),
    ("Курьера задержали в Оше утром.", ("Оше", "Osh", "city")),
    # "регион" for an oblast, its adjective agreeing with "область"
    ("Лаборатории работали в Алматинском регионе два года.", ("Алматинском регионе", "Almaty Region", "region")),
    # a natural feature: its lower-case kind word continues the name
    ("Коноплю собирали в Чуйской долине каждое лето.", ("Чуйской долине", "Chu Valley", "feature")),
    ("Лодку с грузом задержали на Каспийском море.", ("Каспийском море", "Caspian Sea", "feature")),
    # an airport named after its kind word: the air crossing, not a town of the same name
    ("Пассажира задержали в международном аэропорту «Манас» утром.", ("Манас", "Manas International Airport", "crossing")),
    # the country's name in Kazakh letters, as a page's header prints it
    ("Қазақстан жаңалықтары: курьера задержали на границе.", ("Қазақстан", "Kazakhstan", "country")),
])
def test_russian_place_forms(text, expected):
    assert expected in _places(text)


def test_an_agency_adjective_is_no_town():
    # "Пограничной службы" is the Border Service, not a town called Пограничный
    assert _places("Сотрудники Пограничной службы задержали курьера у Кайрака.") == [
        ("Кайрака", "Kairak border crossing", "crossing")]


def test_a_common_word_in_capitals_at_a_sentence_start_is_no_place():
    assert _places("В ходе рейда сотрудники изъяли наркотики. По данным ведомства, дело возбуждено.") == []


@pytest.mark.parametrize("opening", [
    "Астана, 3 июня 2024 года. ",  # city, date
    "АСТАНА. КАЗИНФОРМ – ",  # city, agency, dash
    "Алматы. 12 марта. КазТАГ – ",  # city, date, agency, dash
    # a headline in capitals on the line above: the dateline still opens its paragraph
    "ПОЛИЦИЯ ИЗЪЯЛА ГАШИШ У ВОДИТЕЛЯ\nАстана, 3 июня. (Агентство, Иван Петров). — ",
])
def test_a_russian_dateline_is_where_the_report_was_filed_not_a_site(opening):
    from geoevents.pipeline import document_events

    text = opening + "На посту у села сотрудники полиции изъяли 12 кг гашиша у водителя грузовика.\n"
    events = document_events(document_from_text(text, "report.txt"))
    assert events and all(e.place is None or e.place.kind == "country" for e in events)


def test_a_bare_russian_number_between_commas_is_not_a_year():
    # Russian writes a year with its noun or a preposition; a page's bare number is not one
    spans = find_dates("Новости, 1930, 12.05.2024. Курьера задержали в 2019 году.", DOC_DATE, lang="ru")
    assert [(s.text, str(s.start)) for s in spans] == [("12.05.2024", "2024-05-12"), ("в 2019 году", "2019-01-01")]
