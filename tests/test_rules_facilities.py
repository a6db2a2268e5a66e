"""Facility rules: named bases, place-identified bases, spelling variants, context attributes, negatives."""

from __future__ import annotations

import pytest
from _rules_helpers import context, family_score, seed_contexts

from extractor._rules._facilities import extract_facilities
from extractor._rules._gazetteer import by_name, by_place, gazetteer
from extractor._text import place_key
from schema import MilitaryFacility


def facilities(text: str) -> list[MilitaryFacility]:
    return extract_facilities(context(text))


def test_camp_lemonnier_from_the_gazetteer() -> None:
    (base,) = facilities("Djibouti hosts Camp Lemonnier, the only permanent US base in Africa.")
    assert (base.name, base.operator, base.host_country) == ("Camp Lemonnier", "USA", "DJI")
    assert base.status == "active"


def test_named_air_base_with_host_in_context() -> None:
    (base,) = facilities("US troops at Al Udeid Air Base in Qatar were put on alert.")
    assert (base.name, base.facility_type, base.host_country) == ("Al Udeid Air Base", "air_base", "QAT")


@pytest.mark.parametrize("spelling", ["Ramstein Airbase", "Ramstein air base", "Ramstein Air Base"])
def test_airbase_spellings_fold_to_one_name(spelling: str) -> None:
    (base,) = facilities(f"American transport aircraft flew from {spelling} in Germany.")
    assert base.name == "Ramstein Air Base" and base.aliases == [spelling]


def test_spelling_variants_in_one_article_are_one_record_with_every_alias() -> None:
    text = (
        "Russia keeps warships at its naval base in Tartous. "
        "Its jets fly from the Hmeimim air base, and Moscow operates the Khmeimim Airbase near Latakia."
    )
    by_name_ = {f.name: f for f in facilities(text)}
    assert set(by_name_) == {"Tartus Naval Base", "Khmeimim Air Base"}
    assert set(by_name_["Khmeimim Air Base"].aliases) == {"Hmeimim air base", "Khmeimim Airbase"}
    assert by_name_["Tartus Naval Base"].operator == "RUS"


def test_operator_owned_base_in_a_country_resolves_through_the_gazetteer() -> None:
    (base,) = facilities("China opened its naval base in Djibouti in 2017.")
    assert base.operator == "CHN" and base.facility_type == "naval_base" and base.host_country == "DJI"


def test_unknown_place_with_base_kind_and_planned_status() -> None:
    (base,) = facilities("Moscow plans to build a naval base in Berbera on Somalia's coast.")
    assert base.facility_type in ("naval_base", "other")
    assert base.status == "planned" and base.host_country == "SOM"


def test_unknown_named_base_and_its_place_phrase_merge() -> None:
    text = "India is building a military base on Agalega island, with a new airstrip at Agalega Air Base."
    (base,) = facilities(text)
    assert base.name == "Agalega Air Base" and base.facility_type == "air_base" and base.operator == "IND"


def test_country_compound_is_not_a_facility_name() -> None:
    (base,) = facilities("Britain keeps the joint UK-US military base on Diego Garcia.")
    assert base.name == "Naval Support Facility Diego Garcia"


def test_closed_and_contested_status() -> None:
    (closed,) = facilities("The United States withdrew from Bagram Airfield in July 2021.")
    assert closed.status == "closed"
    (contested,) = facilities("The fate of the Incirlik Air Base came into question after the coup attempt.")
    assert contested.status == "contested"


def test_logistics_center_of_an_unknown_place() -> None:
    (hub,) = facilities("Russian forces set up a logistics support center in Kamishli near the Turkish border.")
    assert hub.facility_type == "logistics_hub" and hub.location == "Kamishli"


@pytest.mark.parametrize(
    "text",
    [
        "Russia's two military bases in the country remain vulnerable.",
        "Russia still keeps forces at air and naval bases on the Syrian coast.",
        "The storm hit Fort Lauderdale with heavy winds, forecasters said.",
        "Barcelona beat Real Madrid at Camp Nou on Sunday.",
        "The president held talks at Camp David with the Japanese prime minister.",
        "Washington has military bases in Germany, Japan and South Korea.",
        "The striker returned to the team's training base in Manchester.",
    ],
)
def test_generic_or_non_military_mentions_are_not_facilities(text: str) -> None:
    assert facilities(text) == []


def test_fold_rules() -> None:
    assert place_key("Tartous") == place_key("Tartus")
    assert place_key("Khmeimim Airbase") == place_key("Hmeimim Air Base")
    assert place_key("İncirlik") == place_key("Incirlik")
    assert place_key("Al-Udeid") == place_key("Udeid")


def test_gazetteer_lookups() -> None:
    assert by_place("Humaymim") is not None and by_place("Humaymim").name == "Khmeimim Air Base"  # type: ignore[union-attr]
    assert by_name("Camp Lemonier") is not None
    assert by_place("Paris") is None and by_name("Paris Air Base") is None
    names = [entry.name for entry in gazetteer()]
    assert len(names) == len(set(names))


def test_every_seed_facility_is_grounded_and_valid() -> None:
    for ctx in seed_contexts():
        for record in extract_facilities(ctx):
            MilitaryFacility.model_validate(record.model_dump())
            assert all(ctx.text[e.start : e.end] == e.text for e in record.evidence)
            assert record.aliases and all(alias in ctx.text for alias in record.aliases)


def test_seed_gold_f1() -> None:
    score = family_score("military_facilities")
    accuracy = score.attribute_accuracy()
    print(f"military_facilities {score.counts.to_dict()} attributes {accuracy}")
    assert (score.counts.f1 or 0.0) >= 0.8
    assert min(value or 0.0 for value in accuracy.values()) >= 0.7


def test_full_name_with_a_lowercase_base() -> None:
    (base,) = facilities("Soldiers paraded at the Mohamed Boudiaf Ouled base before the ceremony.")
    assert base.aliases[0] == "Mohamed Boudiaf Ouled base"
    assert facilities("Wagner fighters left the NATO base and the Wagner base overnight.") == []


def test_named_facility_takes_the_place_after_it() -> None:
    (base,) = facilities("Marines trained at Fernando Lopez Air Base in Iloilo last year.")
    assert base.location == "Iloilo"
    (abroad,) = facilities("Marines trained at Fernando Lopez Air Base in Japan last year.")
    assert abroad.location == "Fernando Lopez"  # a country is the host, not the location


def test_disaster_story_names_no_facilities() -> None:
    text = (
        "Cyclone Remal killed 16 people as floods swept the coast. Rescuers evacuated thousands, and relief flights "
        "left Kurmitola Air Base with food. The death toll may rise as landslides cut roads, and storm winds "
        "flattened homes. Heavy rainfall displaced 40,000 people, a disaster official said."
    )
    assert facilities(text) == []
    assert len(facilities("Relief flights left Kurmitola Air Base after the cyclone, the army said.")) == 1


def test_name_with_a_lowercase_particle() -> None:
    (base,) = facilities("Oman said the Sultan bin Zayed base near Salalah would host more British troops.")
    assert "Sultan bin Zayed base" in base.aliases


def test_particle_alone_does_not_make_a_name() -> None:
    assert facilities("The minister said the base would grow.") == []


def test_operator_from_the_troops_in_the_sentence() -> None:
    (base,) = facilities("The Adama Tulu base, which hosted about 800 Italian troops, was handed to the army.")
    assert base.operator == "ITA"


def test_troops_of_two_countries_give_no_operator() -> None:
    (base,) = facilities("The Adama Tulu base hosted Italian troops and Spanish forces during the exercise.")
    assert base.operator is None


def test_a_base_that_was_transferred_is_closed() -> None:
    (base,) = facilities("The Adama Tulu base was formally transferred to the Ethiopian army on Friday.")
    assert base.status == "closed"
