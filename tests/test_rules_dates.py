from __future__ import annotations

import pytest
from _rules_helpers import context

from extractor._rules._dates import find_dates, resolve_date

ANCHOR = "2025-02-12"  # a Wednesday


@pytest.mark.parametrize(
    ("expression", "with_anchor", "without_anchor"),
    [
        ("February 12, 2025", "2025-02-12", "2025-02-12"),
        ("3 March 2024", "2024-03-03", "2024-03-03"),
        ("in 2017", "2017", "2017"),
        ("in October 2025", "2025-10", "2025-10"),
        ("on 3 March", "2025-03-03", None),
        ("on Wednesday", "2025-02-12", None),
        ("on Sunday", "2025-02-09", None),
        ("last Wednesday", "2025-02-05", None),
        ("last month", "2025-01", None),
        ("in December", "2024-12", None),
        ("in February", "2025-02", None),
        ("earlier this month", "2025-02", None),
        ("yesterday", "2025-02-11", None),
        ("last week", "2025-02", None),
        ("last year", "2024", None),
        ("two days ago", "2025-02-10", None),
    ],
)
def test_resolution_table(expression: str, with_anchor: str | None, without_anchor: str | None) -> None:
    assert resolve_date(expression, ANCHOR) == with_anchor
    assert resolve_date(expression, None) == without_anchor


def test_modal_may_is_not_a_month() -> None:
    assert resolve_date("officials may meet", ANCHOR) is None


def test_find_dates_gives_offsets_and_words() -> None:
    text = "The ministers met on Monday and again in March 2023."
    ctx = context(text, published=ANCHOR)
    dates = find_dates(ctx, 0, len(text))
    assert [(d.text, d.value) for d in dates] == [("on Monday", "2025-02-10"), ("in March 2023", "2023-03")]
    assert all(text[d.start : d.end] == d.text for d in dates)


def test_week_across_months_keeps_only_the_year() -> None:
    assert resolve_date("last week", "2025-03-05") == "2025"


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        # planned or expected events resolve forward from the anchor (2025-02-12, a Wednesday)
        ("The chancellor is expected to visit Canberra in November.", "2025-11"),
        ("The ministers will meet again on Friday.", "2025-02-14"),
        ("The envoy expects to hold talks with rebel leaders in Doha on Monday.", "2025-02-17"),
        ("The premier plans to open the new port in Mombasa on Saturday.", "2025-02-15"),
        ("The two delegations are to meet in Geneva on Tuesday.", "2025-02-18"),
        ("Delegates are due to gather in Nairobi on March 4.", "2025-03-04"),
        ("An upcoming summit in January will test the truce.", "2026-01"),
        # past context resolves backward
        ("The chancellor visited Canberra in November.", "2024-11"),
        ("The ministers met on Friday.", "2025-02-07"),
        ("The envoy expected little from the talks he held on Monday.", "2025-02-10"),
        # a reporting verb closes the planned clause: "said on Monday" is the day it was said
        ("The fleet will sail soon, the admiral said on Monday.", "2025-02-10"),
    ],
)
def test_direction_follows_the_clause(sentence: str, expected: str) -> None:
    [found] = find_dates(context(sentence, published=ANCHOR), 0, len(sentence))
    assert found.value == expected


def test_future_context_without_anchor_stays_unresolved() -> None:
    sentence = "The envoy will travel to Oslo in April."
    [found] = find_dates(context(sentence, published=None), 0, len(sentence))
    assert found.value is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Talks stall\n\nNAIROBI, Sept 9, 2024 (Reuters) - Kenyan officials said", "2024-09-09"),
        ("LIMA, 14 April 2023 (AFP) - Peru's congress voted", "2023-04-14"),
        ("OTTAWA, Feb 2 (Reuters) - Canada's premier said", None),  # no year
        ("In a speech on June 5, 2024 the minister said", None),  # not a dateline
    ],
)
def test_dateline_gives_the_anchor_when_the_article_has_none(text: str, expected: str | None) -> None:
    ctx = context(text, published=None)
    assert ctx.anchor == expected
