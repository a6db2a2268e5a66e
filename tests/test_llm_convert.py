"""Model answers to schema records: normalisation, rejection, merging."""

from __future__ import annotations

import pytest
from llm_server.articles import SAMPLE_TEXT, make_article

from extractor._llm._chunking import Chunk
from extractor._llm._container import Extraction
from extractor._llm._convert import convert, merge_records, normalise_country, normalise_date
from schema import Agreement, Extractor, MilitaryFacility, Statement

PROVENANCE = Extractor(engine="llm", version="0", model="openai/m", prompt_hash="abc")


@pytest.mark.parametrize(
    ("value", "expected"),
    [("rus", "RUS"), ("Russia", "RUS"), ("Syrian", "SYR"), ("XXX", None), ("", None), (None, None)],
)
def test_normalise_country(value: str | None, expected: str | None) -> None:
    assert normalise_country(value) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2024", "2024"),
        ("2024-02", "2024-02"),
        ("2024-02-29T10:00", "2024-02-29"),
        ("2023-02-30", None),
        ("last Tuesday", None),
        ("2024-13", None),
        (None, None),
    ],
)
def test_normalise_date(value: str | None, expected: str | None) -> None:
    assert normalise_date(value) == expected


def test_convert_keeps_grounded_records_and_counts_the_rest() -> None:
    article = make_article("x", SAMPLE_TEXT)
    extraction = Extraction.model_validate(
        {
            "military_facilities": [
                {
                    "name": "Port Aldo",
                    "aliases": ["Aldo", "Fort Nowhere"],
                    "facility_type": "Naval base",
                    "operator": "Ruritania",
                    "host_country": "aut",
                    "quotes": ["the Port Aldo naval base"],
                },
                {"name": "Port Aldo", "quotes": ["a base that is not in the text at all"]},
            ],
            "agreements": [
                {
                    "agreement_type": "lease",
                    "parties": ["Ruritania", " "],
                    "duration_years": -3,
                    "date_signed": "2019",
                    "status": "in force",
                    "quotes": ["under a 25-year lease signed in 2019"],
                }
            ],
            "meetings": [{"participants": [{"name": "Invented Person"}], "quotes": ["met her Ruritanian counterpart"]}],
        }
    )
    kept, rejections, removed = convert(
        extraction, article=article, chunk=Chunk(0, len(SAMPLE_TEXT)), extractor=PROVENANCE
    )
    records = [item.record for item in kept]
    assert sorted(r.reason for r in rejections) == ["participant_not_in_article", "quote_not_found"]
    assert removed == 0
    facility, agreement = records
    assert isinstance(facility, MilitaryFacility) and isinstance(agreement, Agreement)
    assert facility.aliases == ["Port Aldo", "Aldo"] and facility.facility_type == "naval_base"
    assert facility.operator is None and facility.host_country == "AUT"
    assert agreement.parties == ["Ruritania"] and agreement.duration_years is None
    assert agreement.status == "in_force" and agreement.date_signed == "2019"
    for record in records:
        for evidence in record.evidence:
            assert article.text[evidence.start : evidence.end] == evidence.text


def test_offsets_of_a_later_chunk_index_the_whole_article() -> None:
    article = make_article("x", SAMPLE_TEXT)
    start = SAMPLE_TEXT.index("Ruritania keeps")
    extraction = Extraction.model_validate(
        {"military_facilities": [{"name": "Port Aldo", "quotes": ["Port Aldo naval base"]}]}
    )
    (kept,), _, _ = convert(extraction, article=article, chunk=Chunk(start, len(SAMPLE_TEXT)), extractor=PROVENANCE)
    (evidence,) = kept.record.evidence
    assert evidence.start > start and SAMPLE_TEXT[evidence.start : evidence.end] == "Port Aldo naval base"


def test_merge_unites_evidence_of_records_with_one_id() -> None:
    article = make_article("x", SAMPLE_TEXT)
    answers = [
        {"military_facilities": [{"name": "Port Aldo", "quotes": [quote]}]}
        for quote in ("Port Aldo naval base", "under a 25-year lease")
    ]
    records = []
    for answer in answers:
        kept, _, _ = convert(
            Extraction.model_validate(answer), article=article, chunk=Chunk(0, len(SAMPLE_TEXT)), extractor=PROVENANCE
        )
        records += kept
    (merged,) = merge_records(records)
    assert len(merged.record.evidence) == 2
    assert merged.record.id == records[0].record.id
    assert merged.grounding is not None and merged.grounding.alignment == ("exact", "exact")


def test_names_are_canonical_through_the_registry_and_the_gazetteer() -> None:
    text = "Putin said Moscow keeps Hmeimim under the 2017 lease with Damascus, Sharaa agreed."
    article = make_article("x", text)
    extraction = Extraction.model_validate(
        {
            "statements": [{"speaker": {"name": "Putin"}, "text": "Moscow keeps Hmeimim", "quotes": [text]}],
            "military_facilities": [{"name": "Hmeimim air base", "quotes": ["Moscow keeps Hmeimim"]}],
            "agreements": [
                {"agreement_type": "lease", "parties": ["Russia", "Syria"], "facilities": ["Hmeimim"], "quotes": [text]}
            ],
        }
    )
    kept, rejections, _ = convert(extraction, article=article, chunk=Chunk(0, len(text)), extractor=PROVENANCE)
    assert rejections == []
    statement, facility, agreement = (item.record for item in kept)
    assert isinstance(statement, Statement) and statement.speaker.name == "Vladimir Putin"
    assert statement.speaker.country == "RUS"  # from the registry, since the answer gave none
    assert isinstance(facility, MilitaryFacility) and facility.name == "Khmeimim Air Base"
    assert "Hmeimim" in facility.aliases and facility.operator == "RUS"
    assert isinstance(agreement, Agreement) and agreement.facilities == ["Khmeimim Air Base"]
