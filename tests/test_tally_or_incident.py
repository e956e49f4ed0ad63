"""A tally sums a period or many acts; one incident told with several drugs stays a seizure."""
from __future__ import annotations

from datetime import date

HEAD = "Police report drug cases in the south\n\n"
HEAD_RU = "Полиция сообщает о задержаниях\n\n"


def _types(text: str, head: str = HEAD) -> dict[str, set[str]]:
    """event type -> the substances of its events, for a news item dated 14 October 2024."""
    from geoevents.ingest import document_from_text
    from geoevents.pipeline import document_events

    out: dict[str, set[str]] = {}
    for event in document_events(document_from_text(head + text, doc_date=date(2024, 10, 14))):
        out.setdefault(event.event_type, set()).update(q.substance for q in event.drugs)
    return out


def test_one_search_with_two_drugs_and_no_period_is_a_seizure():
    types = _types("Inside the sacks, nine contained 11.2 kilograms of heroin "
                   "and two contained 1.4 kilograms of hashish.")
    assert types.get("seizure") == {"heroin", "hashish"} and "statistic" not in types


def test_several_acts_summed_with_no_period_is_a_tally():
    types = _types("As a result of these raids, officers seized 52 kg of drugs, including 40 kg "
                   "of hashish and 12 kg of opium.")
    assert types.get("statistic") == {"hashish", "opium"} and "seizure" not in types


def test_drugs_seized_in_several_countries_are_a_tally():
    types = _types("Some 300 kg of heroin and 90 kg of opium were seized in three countries "
                   "taking part in the joint effort.")
    assert types.get("statistic") == {"heroin", "opium"}


def test_a_case_recorded_in_a_town_is_not_a_tally():
    types = _types("A further case was recorded in Jalal-Abad, where two local men were caught "
                   "with 3.5 kg of hashish.")
    assert "statistic" not in types and types.get("seizure") == {"hashish"}


def test_crimes_recorded_are_a_tally():
    types = _types("Since January the provincial police have recorded 214 drug crimes and "
                   "seized 61 kg of hashish.")
    assert "statistic" in types


def test_a_resident_registered_somewhere_is_not_a_tally_in_russian():
    types = _types("Житель Тараза, зарегистрированный в Шымкенте, задержан с 2,5 кг гашиша.", HEAD_RU)
    assert "statistic" not in types and types.get("seizure") == {"hashish"}


def test_crimes_registered_are_a_tally_in_russian():
    types = _types("С января полицией зарегистрировано 98 преступлений в сфере оборота наркотиков.",
                   HEAD_RU)
    assert "statistic" in types


def test_one_drug_seized_in_joint_operations_is_a_tally():
    types = _types("Two tons of hashish seized in joint operations of the three border services.")
    assert types.get("statistic") == {"hashish"} and "seizure" not in types


def test_one_drug_seized_in_two_regions_over_days_is_a_tally():
    types = _types("More than 9 kilograms of drugs were seized by police in Talas and Chui regions "
                   "over four days.")
    assert "statistic" in types and "seizure" not in types


def test_one_raid_is_still_a_seizure():
    types = _types("During the raid in Tokmok, police seized 5 kg of heroin from a garage.")
    assert types.get("seizure") == {"heroin"} and "statistic" not in types


def test_drugs_seized_over_days_in_two_regions_are_a_tally_in_russian():
    types = _types("За четыре дня в Таласской и Чуйской областях изъято более 9 кг наркотиков.", HEAD_RU)
    assert "statistic" in types and "seizure" not in types


def test_a_sum_since_early_this_year_is_a_tally():
    types = _types("Nearly 3 tons of opium has been seized and 40 suspects have been arrested in "
                   "Kunduz province since early this year, the official added.")
    assert "statistic" in types and "seizure" not in types
