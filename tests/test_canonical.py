"""Cross-article merging: what must merge, what must not, and ids that do not depend on order."""

from __future__ import annotations

import itertools
import json
from collections.abc import Callable
from dataclasses import replace
from typing import Any
from unittest.mock import patch

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from extractor._canonical import canonicalize
from extractor._canonical._types import RULES, TypeRules
from schema import Actor, Agreement, Evidence, Extractor, Meeting, MilitaryFacility, Statement

ENGINE = Extractor(engine="rules", version="test")
MACRON = Actor(name="Emmanuel Macron", country="FRA", role="President of France")
MODI = Actor(name="Narendra Modi", country="IND", role="Prime Minister of India")
SCHOLZ = Actor(name="Olaf Scholz", country="DEU")


def _evidence(article_id: str, start: int = 0, text: str = "passage") -> list[Evidence]:
    return [Evidence(article_id=article_id, start=start, end=start + len(text), text=text)]


def meeting(article_id: str, *, start: int = 0, date: str | None = None, **fields: object) -> Meeting:
    values: dict[str, object] = {
        "participants": [MACRON, MODI],
        "format": "in_person",
        "status": "held",
        "location": None,
    }
    values.update(fields)
    return Meeting(
        id=f"m-{article_id}-{start}",
        evidence=_evidence(article_id, start),
        confidence=0.6,
        extractor=ENGINE,
        date=date,
        **values,  # type: ignore[arg-type]
    )


def facility(article_id: str, name: str, *aliases: str, **fields: object) -> MilitaryFacility:
    values: dict[str, object] = {"facility_type": "air_base", "operator": "USA", "host_country": "DJI"}
    values.update(fields)
    return MilitaryFacility(
        id=f"f-{article_id}-{name}",
        evidence=_evidence(article_id, text=name),
        confidence=0.7,
        extractor=ENGINE,
        name=name,
        aliases=list(aliases) or [name],
        status="active",
        **values,  # type: ignore[arg-type]
    )


def agreement(article_id: str, **fields: object) -> Agreement:
    values: dict[str, object] = {
        "agreement_type": "lease",
        "parties": ["India", "Maldives"],
        "date_signed": None,
        "duration_years": None,
        "status": "in_force",
        "facilities": [],
    }
    values.update(fields)
    return Agreement(
        id=f"a-{article_id}",
        evidence=_evidence(article_id),
        confidence=0.5,
        extractor=ENGINE,
        **values,  # type: ignore[arg-type]
    )


def test_one_meeting_reported_by_three_articles_is_one_row_with_all_evidence() -> None:
    mentions = [
        meeting("a1", location="Paris", date="2025-10"),
        meeting("a2", date="2025-10-15"),
        meeting("a3", location="Paris"),
    ]
    merged = canonicalize(mentions)
    [row] = merged.records["meetings"]
    assert {e.article_id for e in row.evidence} == {"a1", "a2", "a3"}
    assert row.date == "2025-10-15"  # the most precise consistent date wins
    assert row.location == "Paris"
    assert row.conflicts is None
    assert {m.canonical_id for m in merged.mentions} == {row.id}
    assert len(merged.mentions) == 3


def test_two_phone_calls_a_month_apart_stay_two_meetings() -> None:
    calls = [
        meeting("a1", date="2025-01-10", format="phone_call"),
        meeting("a2", date="2025-02-11", format="phone_call"),
    ]
    assert len(canonicalize(calls).records["meetings"]) == 2


def test_a_planned_visit_and_the_visit_itself_are_two_records() -> None:
    mentions = [meeting("a1", status="planned"), meeting("a2", status="held", location="Delhi")]
    rows = canonicalize(mentions).records["meetings"]
    assert sorted(r.status for r in rows) == ["held", "planned"]


def test_a_call_and_an_in_person_meeting_do_not_merge_and_places_must_agree() -> None:
    mentions = [
        meeting("a1", format="phone_call"),
        meeting("a2", format="in_person"),
        meeting("a3", format="in_person", location="Paris"),
        meeting("a4", format="in_person", location="Berlin"),
    ]
    rows = canonicalize(mentions).records["meetings"]
    assert len(rows) == 3  # the undated Paris and Berlin meetings are different events
    assert sum(1 for r in rows if r.format == "phone_call") == 1


def test_two_meetings_the_engine_kept_apart_in_one_article_stay_apart() -> None:
    summit = meeting("a1", participants=[MACRON, MODI, SCHOLZ], location="Rio", date="2025-07-06")
    sideline = meeting("a1", start=50, participants=[MACRON, MODI], location="Rio", date="2025-07-06")
    elsewhere = meeting("a2", participants=[MACRON, MODI], location="Rio", date="2025-07-06")
    rows = canonicalize([summit, sideline, elsewhere]).records["meetings"]
    assert len(rows) == 2  # another article's report joins one of them


def test_different_participants_do_not_merge_but_a_subset_of_two_does() -> None:
    trio = meeting("a1", participants=[MACRON, MODI, SCHOLZ], date="2025-03-02")
    pair = meeting("a2", participants=[MACRON, MODI], date="2025-03")
    other_pair = meeting("a3", participants=[MACRON, SCHOLZ], date="2025-04")
    rows = canonicalize([trio, pair, other_pair]).records["meetings"]
    assert len(rows) == 2
    merged = next(r for r in rows if len(r.evidence) == 2)
    assert {a.name for a in merged.participants} == {"Emmanuel Macron", "Narendra Modi", "Olaf Scholz"}


def test_facility_spellings_merge_into_one_row_with_every_alias() -> None:
    mentions = [
        facility("a1", "Khmeimim Air Base", "Khmeimim Airbase"),
        facility("a2", "Hmeimim"),
        facility("a3", "Camp Lemonnier"),
    ]
    rows = canonicalize(mentions).records["military_facilities"]
    assert len(rows) == 2
    base = next(r for r in rows if "Hmeimim" in r.aliases)
    # aliases are the spellings the mentions saw; the canonical name is not added unseen
    assert set(base.aliases) == {"Khmeimim Airbase", "Hmeimim"}
    assert base.name == "Khmeimim Air Base"


def test_disagreements_are_listed_as_conflicts_and_lower_confidence() -> None:
    agreeing = canonicalize([facility("a1", "Camp Lemonnier"), facility("a2", "Camp Lemonnier")])
    disagreeing = canonicalize(
        [facility("a1", "Camp Lemonnier"), facility("a2", "Camp Lemonnier", facility_type="naval_base")]
    )
    [calm] = agreeing.records["military_facilities"]
    [row] = disagreeing.records["military_facilities"]
    assert row.conflicts is not None
    assert [c.field for c in row.conflicts] == ["facility_type"]
    assert {json.loads(v) for v in row.conflicts[0].values} == {"air_base", "naval_base"}
    assert row.confidence < calm.confidence


def test_the_same_lease_described_two_ways_is_one_agreement() -> None:
    lease = agreement("a1", date_signed="2017", duration_years=49.0, facilities=["Tartus naval base"])
    station = agreement(
        "a2", agreement_type="other", date_signed="2017", duration_years=49.0, status="unknown", facilities=[]
    )
    unrelated = agreement("a3", agreement_type="treaty", date_signed="2019", parties=["France", "Germany"])
    rows = canonicalize([lease, station, unrelated]).records["agreements"]
    assert len(rows) == 2
    merged = next(r for r in rows if len(r.evidence) == 2)
    assert merged.agreement_type == "lease" and merged.duration_years == 49.0


def test_agreements_with_nothing_but_parties_in_common_do_not_merge() -> None:
    rows = canonicalize([agreement("a1"), agreement("a2", agreement_type="treaty")]).records["agreements"]
    assert len(rows) == 2


def test_differently_named_agreements_of_one_day_stay_apart_unless_they_share_a_facility() -> None:
    same_day = {"parties": ["United States", "Saudi Arabia"], "date_signed": "2025-05-13"}
    arms = agreement("a1", agreement_type="deal", title="arms sales agreement", **same_day)
    partnership = agreement("a1", agreement_type="other", title="strategic economic partnership", **same_day)
    assert len(canonicalize([arms, partnership]).records["agreements"]) == 2
    # One name missing: the same day and parties still make one agreement, as before.
    untitled = agreement("a2", agreement_type="other", title=None, **same_day)
    assert len(canonicalize([arms, untitled]).records["agreements"]) == 1
    # Two names for one lease of one base: still one.
    base = {"facilities": ["Ream Naval Base"], "parties": ["China", "Cambodia"]}
    lease = agreement("a1", title="Ream lease", **base)
    accord = agreement("a2", title="secret basing accord", **base)
    assert len(canonicalize([lease, accord]).records["agreements"]) == 1


def test_statements_are_not_merged_across_articles_but_are_within_one() -> None:
    def said(article_id: str, start: int, text: str) -> Statement:
        return Statement(
            id=f"s-{article_id}-{start}",
            evidence=_evidence(article_id, start, text),
            confidence=0.8,
            extractor=ENGINE,
            speaker=MACRON,
            text=text,
            direct=True,
        )

    mentions = [
        said("a1", 0, "We stand together"),
        said("a1", 0, "We stand together"),
        said("a2", 5, "We stand together"),
    ]
    rows = canonicalize(mentions).records["statements"]
    assert sorted(e.article_id for r in rows for e in r.evidence) == ["a1", "a2"]


@pytest.mark.parametrize("order", list(itertools.permutations(range(4))))
def test_ids_and_rows_do_not_depend_on_input_order(order: tuple[int, ...]) -> None:
    mentions = [
        meeting("a1", location="Paris", date="2025-10"),
        meeting("a2", date="2025-10-15"),
        facility("a3", "Tartous"),
        facility("a4", "Tartus naval facility"),
    ]
    baseline = canonicalize(mentions)
    shuffled = canonicalize([mentions[i] for i in order])
    assert shuffled.records == baseline.records
    assert shuffled.mentions == baseline.mentions


def test_an_unrelated_article_changes_no_existing_id() -> None:
    mentions = [meeting("a1", date="2025-10"), facility("a2", "Camp Lemonnier")]
    before = canonicalize(mentions)
    after = canonicalize([*mentions, meeting("z9", participants=[SCHOLZ, MODI]), facility("z9", "Ramstein Air Base")])
    ids_before = {r.id for rows in before.records.values() for r in rows}
    ids_after = {r.id for rows in after.records.values() for r in rows}
    assert ids_before < ids_after


def test_mention_rows_can_be_streamed_instead_of_collected() -> None:
    mentions = [meeting("a1", date="2025-10"), meeting("a2", date="2025-10-15"), facility("a3", "Tartous")]
    collected = canonicalize(mentions)
    streamed: list[object] = []
    result = canonicalize(mentions, on_mention=streamed.append)
    assert result.mentions == []
    assert result.records == collected.records
    assert sorted(streamed, key=lambda m: m.id) == collected.mentions  # type: ignore[attr-defined]


PEOPLE = [MACRON, MODI, SCHOLZ, Actor(name="Lula da Silva", country="BRA")]
DATES = [None, "2025", "2025-03", "2025-03-02", "2025-03-09", "2025-04", "2024"]


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.lists(st.sampled_from(PEOPLE), min_size=1, max_size=3, unique_by=lambda a: a.name),
            st.sampled_from(DATES),
            st.sampled_from(["in_person", "phone_call", "unknown"]),
            st.sampled_from(["held", "planned"]),
            st.sampled_from([None, "Paris", "Delhi"]),
            st.sampled_from(["a1", "a2", "a3", "a4"]),
        ),
        max_size=12,
    )
)
def test_blocking_keys_never_change_the_clusters(specs: list[tuple[Any, ...]]) -> None:
    mentions = [
        meeting(article, start=number, participants=people, date=date, format=fmt, status=status, location=place)
        for number, (people, date, fmt, status, place, article) in enumerate(specs)
    ]
    _assert_same_as_brute_force(mentions)


class _MemberByMember:
    """A cluster summary that keeps the members and asks the member-by-member definitions."""

    def __init__(self, rules: TypeRules) -> None:
        self.rules = rules
        self.members: list[Any] = []

    def add(self, record: Any) -> None:
        self.members.append(record)

    def compatible(self, record: Any) -> bool:
        return self.rules.compatible(self.members, record)

    def score(self, record: Any) -> int:
        return self.rules.score(self.members, record)


def _member_by_member(rules: TypeRules) -> Callable[[], _MemberByMember]:
    return lambda: _MemberByMember(rules)


def _assert_same_as_brute_force(mentions: list[Any]) -> None:
    """Blocking keys and cluster summaries change nothing against every cluster, member by member."""
    blocked = canonicalize(mentions)
    everything = {
        kind: replace(
            rules,
            blocking_keys=lambda record: ({""}, {""}),
            summary=_member_by_member(rules),
        )
        for kind, rules in RULES.items()
    }
    with patch.dict("extractor._canonical._types.RULES", everything), patch("extractor._canonical.RULES", everything):
        brute_force = canonicalize(mentions)
    assert blocked.records == brute_force.records
    assert blocked.mentions == brute_force.mentions


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.lists(st.sampled_from(["India", "Maldives", "France", "Djibouti"]), max_size=3, unique=True),
            st.sampled_from(DATES),
            st.sampled_from(["lease", "treaty", "other"]),
            st.lists(st.sampled_from(["Camp Lemonnier", "camp lemonnier", "Hanimaadhoo"]), max_size=2, unique=True),
            st.sampled_from([None, 10, 25]),
            st.sampled_from([None, "", "The Lease", "the lease ", "Accord"]),
            st.sampled_from(["a1", "a2", "a3"]),
        ),
        max_size=10,
    ),
    st.lists(
        st.tuples(
            st.sampled_from(["Camp Lemonnier", "Lemonnier", "Camp Lemonier", "Diego Garcia"]),
            st.lists(st.sampled_from(["Camp Lemonnier", "Lemonnier", "Diego Garcia", "DG"]), max_size=2, unique=True),
            st.sampled_from(["a1", "a2", "a3"]),
        ),
        max_size=8,
    ),
)
def test_agreement_and_facility_summaries_answer_as_the_members_do(
    agreements: list[tuple[Any, ...]], facilities: list[tuple[Any, ...]]
) -> None:
    mentions: list[Any] = [
        agreement(
            f"{article}-{number}",
            parties=parties,
            date_signed=date,
            agreement_type=kind,
            facilities=sites,
            duration_years=years,
            title=title,
        )
        for number, (parties, date, kind, sites, years, title, article) in enumerate(agreements)
    ]
    mentions += [
        facility(f"{article}-{number}", name, *aliases) for number, (name, aliases, article) in enumerate(facilities)
    ]
    _assert_same_as_brute_force(mentions)
