"""The merge in time windows gives exactly ``canonicalize``'s rows, ids and order, holding only live clusters."""

from __future__ import annotations

import tempfile
from collections import Counter
from pathlib import Path
from typing import Any
from unittest.mock import patch

from hypothesis import given, settings
from hypothesis import strategies as st
from test_canonical import MACRON, MODI, SCHOLZ, agreement, facility, meeting

from extractor._canonical import RECORD_KINDS, canonicalize
from extractor._canonical import _window as window
from extractor._canonical._values import attributes
from schema import Actor, Mention

PEOPLE = [MACRON, MODI, SCHOLZ, Actor(name="Lula da Silva", country="BRA")]
# Days, months and years on both sides of month and year edges, so clusters that span a
# window (a day and its month, a month and its year, anything and the undated) are common.
DATES = [
    None,
    "2024",
    "2024-12",
    "2024-12-31",
    "2025",
    "2025-01",
    "2025-01-01",
    "2025-01-02",
    "2025-02",
    "2025-02-28",
]
ARTICLES = ["a1", "a2", "a3", "a4", "a5"]

meetings = st.builds(
    lambda people, date, fmt, status, place, article, start: meeting(
        article, start=start, participants=people, date=date, format=fmt, status=status, location=place
    ),
    st.lists(st.sampled_from(PEOPLE), min_size=1, max_size=3, unique_by=lambda a: a.name),
    st.sampled_from(DATES),
    st.sampled_from(["in_person", "phone_call", "unknown"]),
    st.sampled_from(["held", "planned"]),
    st.sampled_from([None, "Paris", "Delhi"]),
    st.sampled_from(ARTICLES),
    st.integers(0, 3),  # few starts: equal content keys, where only the input order decides
)
agreements = st.builds(
    lambda parties, date, sites, years, article: agreement(
        article, parties=parties, date_signed=date, facilities=sites, duration_years=years
    ),
    st.sampled_from([["India", "Maldives"], ["France", "Germany"], ["India"], []]),
    st.sampled_from(DATES),
    st.lists(st.sampled_from(["Camp Lemonnier", "Hanimaadhoo"]), max_size=1),
    st.sampled_from([None, 49.0]),
    st.sampled_from(ARTICLES),
)
facilities = st.builds(
    lambda name, article: facility(article, name),
    st.sampled_from(["Tartus", "Tartous", "Camp Lemonnier", "Hmeimim"]),
    st.sampled_from(ARTICLES),
)


def _lines(records: list[Any]) -> list[str]:
    return [f"{RECORD_KINDS[type(r)][1]}\t\t{r.model_dump_json()}\n" for r in records]


def _windowed(records: list[Any]) -> tuple[dict[str, list[Any]], list[Mention]]:
    rows: dict[str, list[Any]] = {}
    mentions: list[Mention] = []
    with tempfile.TemporaryDirectory() as folder:
        window.merge_block(
            _lines(records),
            Path(folder),
            on_row=lambda config, row: rows.setdefault(config, []).append(row),
            on_mention=mentions.append,
        )
        assert list(Path(folder).iterdir()) == []  # every run removed once read
    return rows, mentions


@settings(max_examples=80, deadline=None)
@given(st.lists(meetings | agreements | facilities, max_size=24), st.sampled_from([1, 2, 5, 4096]))
def test_windows_give_the_rows_ids_and_order_of_merging_all_at_once(records: list[Any], run_lines: int) -> None:
    streamed: list[Mention] = []
    expected = canonicalize(records, on_mention=streamed.append)
    with patch.object(window, "_RUN_LINES", run_lines):  # many runs: the on-disk sort is exercised
        rows, mentions = _windowed(records)
    assert {config: rows.get(config, []) for config in expected.records} == expected.records
    assert mentions == streamed


class _Watched(dict[int, Any]):
    """The live clusters, with the most ever held at once."""

    peak = 0

    def __setitem__(self, key: int, value: Any) -> None:
        super().__setitem__(key, value)
        self.peak = max(self.peak, len(self))


def _peak_live(records: list[Any]) -> int:
    lookups: Counter[str] = Counter()
    ordered = sorted(window._ordered(_lines(records), lookups), key=lambda item: item[0])
    live = _Watched()
    for _item in window._clustered(iter(ordered), lookups, live):
        pass
    return live.peak


def _day(number: int) -> str:
    return f"2025-{number // 28 + 1:02d}-{number % 28 + 1:02d}"


def test_day_dated_meetings_are_held_one_day_at_a_time() -> None:
    # Two distinct meetings a day (a pair in Paris, another pair in Delhi), each reported by
    # three articles, for 200 days: what is held is one day's clusters, not the corpus's.
    records = [
        meeting(f"d{day}-{copy}", date=_day(day), participants=people, location=place)
        for day in range(200)
        for people, place in (([MACRON, MODI], "Paris"), ([SCHOLZ, MODI], "Delhi"))
        for copy in range(3)
    ]
    assert _peak_live(records) <= 2
    assert len(canonicalize(records).records["meetings"]) == 400


def test_a_month_dated_mention_keeps_only_its_months_clusters_alive() -> None:
    # Month-dated reports of the Paris pair in every month: a day's cluster stays alive until its
    # month's reports are done, then goes; at most one month of days is held.
    records = [
        meeting(f"d{day}", date=_day(day), participants=[MACRON, MODI], location="Paris") for day in range(28 * 6)
    ]
    records += [
        meeting(f"m{month}", date=f"2025-{month:02d}", participants=[MACRON, MODI], location="Paris")
        for month in range(1, 7)
    ]
    assert _peak_live(records) <= 28 + 1
    rows, _mentions = _windowed(records)
    assert rows["meetings"] == canonicalize(records).records["meetings"]


def test_undated_mentions_keep_alive_only_the_clusters_they_could_join() -> None:
    # An undated report of the Delhi pair keeps every Delhi-pair cluster alive until the end;
    # the Paris pair's clusters, which it cannot join, still go day by day.
    records = [
        meeting(f"d{day}-{pair}", date=_day(day), participants=people, location=place)
        for day in range(100)
        for pair, (people, place) in enumerate((([MACRON, MODI], "Paris"), ([SCHOLZ, MODI], "Delhi")))
    ]
    records.append(meeting("undated", participants=[SCHOLZ, MODI], location="Delhi"))
    peak = _peak_live(records)
    assert 100 <= peak <= 100 + 2


def test_the_precisions_never_interleave_in_content_order() -> None:
    """The windows' proof needs every day-dated mention before every month-dated one, and so on:
    ten times the date's length, plus the count of filled fields, which must stay below 30."""
    for record in (meeting("a1"), agreement("a1"), facility("a1", "Tartus")):
        assert len(attributes(record)) < 30
