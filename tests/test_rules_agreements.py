"""Agreement rules: types, parties, signing dates, durations, status, covered facilities, vague mentions."""

from __future__ import annotations

import pytest
from _rules_helpers import context, family_score, seed_contexts

from extractor._rules._agreements import extract_agreements
from extractor._rules._facilities import extract_facilities
from schema import Agreement


def agreements(text: str, *, published: str | None = "2025-02-12") -> list[Agreement]:
    ctx = context(text, published=published)
    return extract_agreements(ctx, extract_facilities(ctx))


def test_memorandum_with_joint_parties_and_year() -> None:
    (deal,) = agreements("Turkey and Libya signed a maritime memorandum in 2019.")
    assert (deal.agreement_type, deal.parties, deal.date_signed) == ("memorandum", ["Turkey", "Libya"], "2019")
    assert deal.title is None


def test_defence_pact_signed_on_a_weekday() -> None:
    (pact,) = agreements("France and India signed a defence pact on Monday.")
    assert pact.agreement_type == "treaty" and pact.date_signed == "2025-02-10"
    assert set(pact.parties) == {"France", "India"}


def test_named_treaty_with_extension() -> None:
    (treaty,) = agreements("The United States and Russia agreed to extend the New START treaty for five years.")
    assert treaty.title == "New START treaty" and treaty.agreement_type == "treaty"
    assert treaty.duration_years == 5 and set(treaty.parties) == {"United States", "Russia"}


def test_withdrawal_terminates_and_is_not_a_signing_date() -> None:
    (treaty,) = agreements("Washington withdrew from the Intermediate-Range Nuclear Forces Treaty in 2019.")
    assert treaty.title == "Intermediate-Range Nuclear Forces Treaty"
    assert treaty.status == "terminated" and treaty.date_signed is None


def test_base_lease_takes_its_parties_and_facilities_from_the_base() -> None:
    text = (
        "Washington keeps about 4,000 troops at Camp Lemonnier. "
        "The base operates under a 20-year lease signed in 2014, which remains in force."
    )
    (lease,) = agreements(text)
    assert (lease.agreement_type, lease.duration_years, lease.date_signed) == ("lease", 20, "2014")
    assert lease.facilities == ["Camp Lemonnier"] and set(lease.parties) == {"United States", "Djibouti"}
    assert lease.status == "in_force"


def test_agreed_to_station_for_years_is_a_lease_covering_there() -> None:
    text = (
        "Russia operates the Kant Air Base in Kyrgyzstan. "
        "In 2012, Russia and Kyrgyzstan agreed to station Russian troops there for 15 years."
    )
    (lease,) = agreements(text)
    assert (lease.agreement_type, lease.date_signed, lease.duration_years) == ("lease", "2012", 15)
    assert lease.facilities == ["Kant Air Base"] and lease.parties == ["Russia", "Kyrgyzstan"]


def test_organisations_are_parties() -> None:
    (deal,) = agreements("The European Union and Mercosur concluded a free-trade agreement after 25 years of talks.")
    assert deal.parties == ["European Union", "Mercosur"] and deal.duration_years is None


def test_decade_long_and_between() -> None:
    (deal,) = agreements("A decade-long gas deal between Qatar and Germany was announced.")
    assert deal.duration_years == 10 and deal.parties == ["Qatar", "Germany"] and deal.agreement_type == "deal"


@pytest.mark.parametrize(
    ("text", "status"),
    [
        ("Iran and the IAEA are negotiating a draft agreement on inspections.", "proposed"),
        ("Japan and the Philippines want to renegotiate their defence agreement.", "under_review"),
        ("Niger scrapped its military cooperation accord with the United States.", "terminated"),
        ("Moscow says the defence treaty with Minsk remains valid.", "in_force"),
    ],
)
def test_status_cues(text: str, status: str) -> None:
    (agreement,) = agreements(text)
    assert agreement.status == status


def test_a_back_reference_does_not_pick_up_a_facility_in_a_later_clause() -> None:
    text = (
        "Saudi Arabia and Pakistan signed a mutual defence pact on Wednesday. "
        "The pact comes a week after Israel struck Doha, the capital of Qatar, which hosts Al Udeid Air Base."
    )
    (pact,) = agreements(text)
    assert set(pact.parties) == {"Saudi Arabia", "Pakistan"} and pact.facilities == []
    assert pact.date_signed == "2025-02-12"


def test_vague_mention_merges_into_the_concrete_agreement() -> None:
    text = (
        "In 2020, Israel and the United Arab Emirates signed the Abraham Accords. "
        "Officials in Israel said the accords with the United Arab Emirates were still valid."
    )
    (accords,) = agreements(text)
    assert accords.title == "Abraham Accords" and accords.date_signed == "2020"
    assert accords.status == "in_force" and len(accords.evidence) == 2


@pytest.mark.parametrize(
    "text",
    [
        "The two sides agreed that talks were useful.",
        "The president vowed to honour all past commitments.",
        "He said Ankara would respect existing deals with Moscow.",
        "Messi signed a two-year contract with Inter Miami.",
        "The striker agreed a five-year deal with the club.",
        "Forecasters said the storm would deal a blow to farmers in the region.",
        "The North Atlantic Treaty Organization met in Brussels.",
        "Under diplomatic protocol, the Japanese emperor greeted the US president first.",
        "He said he was in agreement with the Chinese position.",
    ],
)
def test_not_an_agreement(text: str) -> None:
    assert agreements(text) == []


def test_every_seed_agreement_is_grounded_and_valid() -> None:
    for ctx in seed_contexts():
        for record in extract_agreements(ctx, extract_facilities(ctx)):
            Agreement.model_validate(record.model_dump())
            assert all(ctx.text[e.start : e.end] == e.text for e in record.evidence)
            assert record.parties or record.facilities


def test_seed_gold_f1() -> None:
    score = family_score("agreements")
    accuracy = score.attribute_accuracy()
    print(f"agreements {score.counts.to_dict()} attributes {accuracy}")
    assert (score.counts.f1 or 0.0) >= 0.8
    assert min(value or 0.0 for value in accuracy.values()) >= 0.7


def test_framework_is_an_agreement_and_signing_puts_it_in_force() -> None:
    (framework,) = agreements("Japan and Australia signed a five-year framework for maritime security cooperation.")
    assert (framework.agreement_type, framework.duration_years, framework.status) == ("other", 5, "in_force")
    assert set(framework.parties) == {"Japan", "Australia"}


def test_a_year_before_the_noun_dates_a_second_treaty_in_the_clause() -> None:
    found = agreements(
        "The new accord between Ukraine and Hungary replaces the 1992 treaty between Ukraine and Hungary."
    )
    old = [a for a in found if a.date_signed == "1992"]
    assert len(old) == 1 and old[0].agreement_type == "treaty" and old[0].status == "terminated"


def test_a_future_signing_is_proposed_and_undated() -> None:
    (deal,) = agreements("Spain and Morocco said a new fisheries agreement would be signed this year.")
    assert deal.status == "proposed" and deal.date_signed is None
    (trade,) = agreements("India and Chile will sign a trade agreement next year.")
    assert trade.status == "proposed"


def test_a_definite_reference_adds_its_term_to_the_agreement_before() -> None:
    text = (
        "Kenya and Britain signed a defence cooperation agreement in 2021. "
        "The agreement had an initial term of five years."
    )
    (deal,) = agreements(text)
    assert (deal.date_signed, deal.duration_years) == ("2021", 5) and len(deal.evidence) == 2


def test_fixed_term_access_to_bases_is_a_lease() -> None:
    (access,) = agreements(
        "Australia and Papua New Guinea signed a security agreement in 2023 that gives Australian troops access to "
        "four bases for 20 years."
    )
    assert access.agreement_type == "lease" and access.duration_years == 20
    (trade,) = agreements("Australia and Papua New Guinea signed a trade agreement in 2023 that runs for 20 years.")
    assert trade.agreement_type == "other"


def test_year_before_lowercase_modifiers_is_the_signing_year() -> None:
    (deal,) = agreements("Kenya first hosted British troops under a 2016 defence cooperation agreement with Britain.")
    assert deal.date_signed == "2016" and set(deal.parties) == {"Kenya", "United Kingdom"}


def test_joint_subject_with_article_names_both_parties() -> None:
    (pact,) = agreements(
        "Australia and the Netherlands signed a naval pact on Monday, as both countries face pressure from Iran."
    )
    assert set(pact.parties) == {"Australia", "Netherlands"}


def test_aside_after_the_agreement_names_no_party() -> None:
    (pact,) = agreements(
        "Kenya said British troops may use three more sites under an expanded defence pact with Britain, "
        "a move likely to anger Somalia."
    )
    assert "Somalia" not in pact.parties


def test_organisation_as_a_description_is_not_a_party() -> None:
    (deal,) = agreements("Norway will send troops to Poland under a security agreement between the two NATO allies.")
    assert "NATO" not in deal.parties


def test_place_named_by_a_demonym_is_not_a_party() -> None:
    (memo,) = agreements(
        "Kenya and Uganda signed a memorandum on a pipeline linking Kenya's coast to the Tanzanian port of Tanga."
    )
    assert set(memo.parties) == {"Kenya", "Uganda"}


def test_framework_for_negotiations_is_no_agreement() -> None:
    assert agreements("Egypt and Sudan said they were close to agreeing on a framework for negotiations.") == []


def test_framework_agreement_is_still_an_agreement() -> None:
    (deal,) = agreements("Egypt and Sudan signed a framework agreement on water sharing on Monday.")
    assert set(deal.parties) == {"Egypt", "Sudan"}


def test_deal_that_keeps_a_base_under_a_lease_is_a_lease() -> None:
    (lease,) = agreements(
        "Britain signed a deal to hand the islands to Mauritius while keeping the airfield under a 50-year lease."
    )
    assert (lease.agreement_type, lease.duration_years) == ("lease", 50.0)


def test_ratified_agreement_is_a_treaty() -> None:
    (treaty,) = agreements("Chile and Peru signed a defence agreement in 2012, ratified by both parliaments in 2013.")
    assert treaty.agreement_type == "treaty" and treaty.date_signed == "2012"


def test_pact_and_its_title_are_one_agreement() -> None:
    found = agreements(
        "Chile and Peru signed a landmark defence pact on Monday.\n\n"
        "The foreign ministers of Chile and Peru signed the Pacific Access Agreement in a ceremony in Lima."
    )
    assert len(found) == 1
    assert found[0].title == "Pacific Access Agreement" and found[0].agreement_type == "treaty"


def test_two_titled_agreements_stay_apart() -> None:
    found = agreements(
        "Chile and Peru signed the Pacific Access Agreement in 2019.\n\n"
        "Chile and Peru signed the Andean Water Treaty in 2021."
    )
    assert len(found) == 2


def test_understanding_with_a_year_and_the_two_countries() -> None:
    (agreement,) = agreements(
        "Ghana and Togo reopened the Aflao crossing on Monday. "
        "The 2017 fisheries understanding between the two countries remains in place."
    )
    assert sorted(agreement.parties) == ["Ghana", "Togo"]
    assert (agreement.agreement_type, agreement.date_signed, agreement.status) == ("other", "2017", "in_force")


def test_memorandum_of_understanding_is_one_memorandum() -> None:
    (agreement,) = agreements("Peru and Chile signed a memorandum of understanding on fisheries in 2021.")
    assert agreement.agreement_type == "memorandum"


def test_treaty_with_year_after_its_name() -> None:
    (agreement,) = agreements("Peru and Ecuador reaffirmed the Treaty of Brasilia of 1998 on Friday.")
    assert (agreement.title, agreement.date_signed, agreement.status) == ("Treaty of Brasilia", "1998", "in_force")


def test_unrecognised_state_is_its_own_party() -> None:
    (agreement,) = agreements("Taiwan and Somaliland signed a memorandum of understanding on health in 2022.")
    assert sorted(agreement.parties) == ["Somaliland", "Taiwan"]


def test_convention_center_is_no_agreement() -> None:
    assert agreements("Ghanaian President John Mahama spoke at the Accra Convention Center on Monday.") == []


def test_a_bare_deal_of_one_party_is_its_dealings_in_general_not_an_agreement() -> None:
    assert agreements("Chile has expanded its arms deals with several neighbours over the past decade.") == []
    (pact,) = agreements("Chile and Peru signed a fisheries deal on Monday.")
    assert set(pact.parties) == {"Chile", "Peru"}


def test_parties_come_from_the_agreements_own_clause_and_a_plural_is_one_agreement_each() -> None:
    found = agreements(
        "The two Andean states that have signed fisheries treaties with Chile - Peru and Bolivia - objected to "
        "the Argentine proposal."
    )
    assert sorted(tuple(a.parties) for a in found) == [("Bolivia", "Chile"), ("Peru", "Chile")]
    (deal,) = agreements("Chile signed a fisheries deal with Peru on Monday, a move welcomed by Argentina.")
    assert deal.parties == ["Chile", "Peru"]


def test_a_company_counterparty_stays_a_company() -> None:
    (contract,) = agreements("The Kenyan army signed a contract with the Chinese firm Norinco in 2019.")
    assert contract.parties == ["Kenya", "Norinco"]
    (deal,) = agreements("Peru signed a deal with Andes Aerospace for six trainer jets in April.")
    assert deal.parties == ["Peru", "Andes Aerospace"]


# --- issue 12: clause scope, companies, generic plurals, present perfect, headlines, drafts ----------


@pytest.mark.parametrize(
    ("text", "parties"),
    [
        ("Hungary signed a deal with Russia's state nuclear corporation Rosatom on Monday.", ["Hungary", "Rosatom"]),
        ("Poland has signed a contract with US planemaker Boeing for twelve helicopters.", ["Poland", "Boeing"]),
        ("The Romanian army signed a contract with Lockheed Martin Corp in 2023.", ["Romania", "Lockheed Martin Corp"]),
        ("Kongsberg, the Norwegian defence company, signed a supply deal with Chile in May.", ["Kongsberg", "Chile"]),
    ],
)
def test_a_company_is_a_party_and_its_home_country_is_not(text: str, parties: list[str]) -> None:
    (deal,) = agreements(text)
    assert deal.parties == parties


def test_a_registry_organisation_described_as_a_company_signs_for_itself() -> None:
    from extractor._rules._agreement_scope import companies_in

    ctx = context("Ghana signed a power deal with the firm Volta Grid.")
    assert [c.name for c in companies_in(ctx, 0, len(ctx.text))] == ["Volta Grid"]


def test_two_agreements_on_different_subjects_stay_two() -> None:
    found = agreements(
        "Egypt and Russia signed a nuclear agreement on Monday. Egypt and Russia also signed an arms agreement."
    )
    assert len(found) == 2


@pytest.mark.parametrize(
    "text",
    [
        "Belarus has expanded its arms deals with African countries in recent years.",
        "The shipyard relies on maintenance contracts with foreign navies and other clients.",
        "Turkey has signed defence deals with several Gulf states.",
    ],
)
def test_a_generic_plural_is_no_agreement(text: str) -> None:
    assert agreements(text) == []


def test_counted_plurals_are_still_agreements() -> None:
    found = agreements("Vietnam and Japan signed two defence deals on Monday.")
    assert found and set(found[0].parties) == {"Vietnam", "Japan"}


def test_present_perfect_signing_takes_the_day_the_sentence_reports() -> None:
    (deal,) = agreements(
        "Senegal has signed a fisheries agreement with Mauritania covering the shared waters off the coast, "
        "the ministry said on Monday."
    )
    assert deal.status == "in_force" and deal.date_signed == "2025-02-10"
    (undated,) = agreements("Senegal has signed a fisheries agreement with Mauritania.")
    assert undated.status == "in_force" and undated.date_signed is None


def test_a_headline_repeated_in_the_body_is_one_agreement() -> None:
    text = (
        "Kazakhstan signs grain deal\n\n"
        "Kazakhstan and Uzbekistan signed a grain deal on Tuesday, officials in Astana said."
    )
    (deal,) = agreements(text)
    assert set(deal.parties) == {"Kazakhstan", "Uzbekistan"} and len(deal.evidence) == 2


def test_the_draft_and_the_signed_text_are_one_agreement() -> None:
    text = (
        "Ecuador and Colombia finished a draft border agreement in March. "
        "Ecuador and Colombia signed the border agreement on Monday."
    )
    (deal,) = agreements(text)
    assert deal.status == "in_force" and deal.date_signed == "2025-02-10" and len(deal.evidence) == 2


def test_parties_are_not_taken_from_countries_outside_the_agreements_clause() -> None:
    text = "Norway said it saw Sweden's decision as a blow to the legal basis for a peace deal."
    assert agreements(text) == []
    (deal,) = agreements(
        "Mongolia and China signed a transit agreement on Monday, Mongolia's foreign ministry said in a statement."
    )
    assert set(deal.parties) == {"Mongolia", "China"}
    found = agreements("The two governments signed a trade pact, Argentina's ministry said.")
    assert all(pact.parties != ["Argentina"] for pact in found)


def test_in_agreement_is_not_an_agreement() -> None:
    assert agreements("Ireland appears to be in agreement with the Danish position on fisheries quotas.") == []


def test_a_set_of_deals_and_one_agreement_of_the_same_parties_stay_apart() -> None:
    found = agreements(
        "Qatar and Kenya signed a strategic partnership agreement on Monday. "
        "Qatari and Kenyan firms also signed 12 investment deals worth $2 billion."
    )
    assert len(found) == 2


def test_the_two_sides_who_signed_are_the_pair_named_before() -> None:
    text = (
        "Ghanaian President John Mahama hosted Ivorian leaders in Accra with Ivory Coast's delegation on Monday. "
        "The two sides signed a border cooperation agreement, the Ghana News Agency reported."
    )
    (deal,) = agreements(text)
    assert set(deal.parties) == {"Ghana", "Ivory Coast"}


def test_present_perfect_does_not_take_a_year_that_dates_something_else() -> None:
    (deal,) = agreements("Bangladesh has signed a fuel supply deal with Russia, which built its first reactor in 2017.")
    assert deal.date_signed is None and deal.status == "in_force"


def test_a_name_after_with_that_is_no_country_or_person_is_an_organisation() -> None:
    (contract,) = agreements("Portugal signed a contract with Embraer for five transport aircraft in 2019.")
    assert contract.parties == ["Portugal", "Embraer"]
    (deal,) = agreements(
        "Hungary has signed a deal with Rosatom to build two reactors near Paks, the government said on Tuesday."
    )
    assert (deal.parties, deal.date_signed) == (["Hungary", "Rosatom"], "2025-02-11")
    (person,) = agreements("Japan signed a trade deal with Trump on Monday.")
    assert set(person.parties) == {"Japan", "United States"}
