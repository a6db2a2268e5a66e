"""The model-facing container: enumerations fold case and spacing and fall back, never fail."""

from __future__ import annotations

from typing import get_args

import pytest

from extractor._llm._container import LLMAgreement, LLMFacility, LLMMeeting
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
