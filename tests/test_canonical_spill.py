"""The on-disk merger gives the same rows and mentions as merging everything in memory."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st
from test_canonical import MACRON, MODI, SCHOLZ, agreement, facility, meeting

from extractor._canonical import canonicalize
from extractor._canonical._spill import DiskMerger
from schema import Actor, Mention

PEOPLE = [MACRON, MODI, SCHOLZ, Actor(name="Lula da Silva", country="BRA")]
meetings = st.builds(
    lambda people, date, status, place, article, start: meeting(
        article, start=start, participants=people, date=date, status=status, location=place
    ),
    st.lists(st.sampled_from(PEOPLE), min_size=1, max_size=3, unique_by=lambda a: a.name),
    st.sampled_from([None, "2025", "2025-03", "2025-03-02", "2024-11"]),
    st.sampled_from(["held", "planned"]),
    st.sampled_from([None, "Paris", "Delhi"]),
    st.sampled_from(["a1", "a2", "a3"]),
    st.integers(0, 50),
)
facilities = st.builds(
    lambda name, article: facility(article, name),
    st.sampled_from(["Tartus", "Tartous", "Camp Lemonnier", "Hmeimim", "Khmeimim Air Base"]),
    st.sampled_from(["a1", "a2", "a3"]),
)
agreements = st.builds(
    lambda parties, date, duration, article: agreement(
        article, parties=parties, date_signed=date, duration_years=duration
    ),
    st.sampled_from([["India", "Maldives"], ["France", "Germany"], []]),
    st.sampled_from([None, "2017", "2019"]),
    st.sampled_from([None, 49.0]),
    st.sampled_from(["a1", "a2"]),
)


def _on_disk(records: list[Any], buckets: int) -> tuple[dict[str, list[Any]], list[Mention]]:
    rows: dict[str, list[Any]] = {}
    mentions: list[Mention] = []
    with tempfile.TemporaryDirectory() as folder, DiskMerger(Path(folder) / "merge", buckets=buckets) as merger:
        for record in records:
            merger.add(record)
        merger.merge(on_row=lambda config, row: rows.setdefault(config, []).append(row), on_mention=mentions.append)
    return rows, mentions


@settings(max_examples=50, deadline=None)
@given(st.lists(meetings | facilities | agreements, max_size=14), st.sampled_from([1, 2, 7]))
def test_merging_on_disk_equals_merging_in_memory(records: list[Any], buckets: int) -> None:
    in_memory = canonicalize(records)
    rows, mentions = _on_disk(records, buckets)
    for config, expected in in_memory.records.items():
        assert sorted(rows.get(config, []), key=lambda r: r.id) == sorted(expected, key=lambda r: r.id), config
    assert sorted(mentions, key=lambda m: m.id) == in_memory.mentions


def test_the_merge_folder_holds_no_file_once_merged(tmp_path: Path) -> None:
    with DiskMerger(tmp_path / "merge", buckets=3) as merger:
        merger.add(meeting("a1", date="2025-10"))
        merger.add(facility("a2", "Tartus"))
        merger.merge(on_row=lambda config, row: None, on_mention=lambda mention: None)
    assert list((tmp_path / "merge").iterdir()) == []


def test_a_grounding_survives_the_spill_to_its_mention_row() -> None:
    from extractor._engine import GroundedRecord, Grounding
    from schema import FieldEvidence

    grounded = meeting("a1", start=3, participants=[MACRON, MODI], location="Paris\tcentre")
    # A tab and a newline in the values must not break the spill's lines.
    passage = FieldEvidence(field="participants[1]", article_id="a1", start=0, end=5, text="Modi\n")
    grounding = Grounding(alignment=("fuzzy",), fields=(passage,))
    plain = facility("a2", "Tartus")
    records = [GroundedRecord(grounded, grounding), plain]
    _rows, mentions = _on_disk(records, buckets=4)
    assert canonicalize(records).mentions == sorted(mentions, key=lambda mention: mention.id)
    by_article = {mention.article_id: mention for mention in mentions}
    assert by_article["a1"].alignment == ["fuzzy"] and by_article["a1"].field_evidence == [passage]
    # A record without a grounding took its spans from the text: span, and no field evidence.
    assert by_article["a2"].alignment == ["span"] and by_article["a2"].field_evidence is None
