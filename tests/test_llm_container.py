"""The model-facing container: enumerations fold case and spacing and fall back, never fail."""

from __future__ import annotations

from typing import get_args

import pytest

from extractor._llm._container import Extraction, LLMAgreement, LLMFacility, LLMMeeting
from schema import AgreementStatus, FacilityType, MeetingFormat

QUOTES = {"quotes": ["a passage long enough to count"]}


@pytest.mark.parametrize(
    ("model", "field", "answer", "kept"),
    [
        (LLMMeeting, "format", "Phone call", "phone_call"),
        (LLMMeeting, "format", "video-call", "video_call"),
        (LLMMeeting, "format", "carrier pigeon", "unknown"),
        (LLMMeeting, "status", None, "held"),
        (LLMFacility, "facility_type", "Naval Base", "naval_base"),
        (LLMFacility, "facility_type", "spaceport", "other"),
        (LLMAgreement, "status", "In Force", "in_force"),
        (LLMAgreement, "agreement_type", "handshake", "other"),
    ],
)
def test_an_enumeration_answer_is_folded_or_falls_back(model: type, field: str, answer: object, kept: str) -> None:
    extra = (
        {"participants": [{"name": "A"}]} if model is LLMMeeting else {"name": "Base"} if model is LLMFacility else {}
    )
    parsed = model.model_validate({**QUOTES, **extra, field: answer})
    assert getattr(parsed, field) == kept


@pytest.mark.parametrize(
    ("model", "field", "literal"),
    [
        (LLMMeeting, "format", MeetingFormat),
        (LLMFacility, "facility_type", FacilityType),
        (LLMAgreement, "status", AgreementStatus),
    ],
)
def test_the_model_is_offered_exactly_the_schema_values(model: type, field: str, literal: object) -> None:
    assert model.model_json_schema()["properties"][field]["enum"] == list(get_args(literal))


def test_common_answer_slips_do_not_sink_a_record() -> None:
    meeting = LLMMeeting.model_validate(
        {"participants": ["Xi Jinping", None, {"name": None}, {"name": "Lula"}], "quotes": "one quote", "date": 2024}
    )
    assert [actor.name for actor in meeting.participants] == ["Xi Jinping", "Lula"]
    assert meeting.quotes == ["one quote"] and meeting.date == "2024"
    agreement = LLMAgreement.model_validate({"parties": ["Russia", None, " "], "facilities": None, "quotes": ["q"]})
    assert agreement.parties == ["Russia"] and agreement.facilities == []


def test_the_answer_container_has_no_record_cap_and_keeps_raw_items() -> None:
    answer = Extraction.model_validate({"statements": [{"junk": True}] * 30, "meetings": None, "agreements": {"x": 1}})
    assert len(answer.statements) == 30 and answer.meetings == [] and len(answer.agreements) == 1
    assert "maxItems" not in str(Extraction.model_json_schema())


def test_list_names_of_a_plain_json_answer_are_understood() -> None:
    answer = Extraction.model_validate({"Extraction": {"Facilities": [{"name": "Base"}], "statement": [{}]}})
    assert len(answer.military_facilities) == 1 and len(answer.statements) == 1
