"""The shape the model answers in: one container holding all four record types.

It is deliberately not the published schema: evidence is a list of verbatim
``quotes`` (the engine finds the offsets), countries and dates are plain strings
(the engine normalises or nulls them), and enumerations fall back to their
"unknown"/"other" value instead of failing a whole answer over one word.

When validated with a context ``{"text": ...}`` the container checks that every
quote can be found in that text and raises a readable error that instructor sends
back to the model as a re-ask.
"""

from __future__ import annotations

import copy
from typing import Annotated, Any, get_args

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ValidationError,
    ValidationInfo,
    field_validator,
    model_validator,
)

from extractor._llm._grounding import MIN_QUOTE_CHARS, align_quote, mentioned
from schema import AgreementStatus, AgreementType, FacilityStatus, FacilityType, MeetingFormat, MeetingStatus

_MAX_RECORDS = 8
_MAX_QUOTES = 3

_QUOTES_DESCRIPTION = (
    f"1 to {_MAX_QUOTES} passages copied character for character from the article "
    f"(at least {MIN_QUOTE_CHARS} characters each) that state this record."
)


class _Lenient(BaseModel):
    model_config = ConfigDict(extra="ignore")

    @field_validator("*", mode="before")
    @classmethod
    def _empty_to_none(cls, value: object, info: ValidationInfo) -> object:
        if isinstance(value, str) and value.strip().lower() in {"", "null", "none", "n/a", "unknown date"}:
            field = cls.model_fields[info.field_name] if info.field_name else None
            if field is not None and not field.is_required():
                return field.default
        return value


class LLMActor(_Lenient):
    name: str = Field(min_length=1, description="Full name of the person or organisation.")
    country: str | None = Field(default=None, description="ISO 3166-1 alpha-3 code, e.g. RUS, or null.")
    role: str | None = Field(default=None, description='Role, e.g. "President of Russia", or null.')


class _Grounded(_Lenient):
    quotes: list[str] = Field(min_length=1, max_length=_MAX_QUOTES, description=_QUOTES_DESCRIPTION)


def _falls_back_to(literal: Any, default: str) -> BeforeValidator:
    """Fold case and spacing of an answer; an unknown word becomes ``default`` (one word
    must not sink a whole answer). The allowed values are the schema's own."""
    allowed = get_args(literal)

    def coerce(value: object) -> object:
        if isinstance(value, str):
            folded = value.strip().lower().replace(" ", "_").replace("-", "_")
            return folded if folded in allowed else default
        return default if value is None else value

    return BeforeValidator(coerce)


_Format = Annotated[MeetingFormat, _falls_back_to(MeetingFormat, "unknown")]
_MeetingStatus = Annotated[MeetingStatus, _falls_back_to(MeetingStatus, "held")]
_FacilityType = Annotated[FacilityType, _falls_back_to(FacilityType, "other")]
_FacilityStatus = Annotated[FacilityStatus, _falls_back_to(FacilityStatus, "unknown")]
_AgreementType = Annotated[AgreementType, _falls_back_to(AgreementType, "other")]
_AgreementStatus = Annotated[AgreementStatus, _falls_back_to(AgreementStatus, "unknown")]


class LLMMeeting(_Grounded):
    participants: list[LLMActor] = Field(min_length=1, max_length=8, description="Who met.")
    date: str | None = Field(default=None, description="YYYY, YYYY-MM or YYYY-MM-DD, or null.")
    location: str | None = Field(default=None, description="City or place, or null.")
    format: _Format = "unknown"
    status: _MeetingStatus = "held"


class LLMStatement(_Grounded):
    speaker: LLMActor
    text: str = Field(min_length=1, description="The quoted words, or the reported content as worded.")
    direct: bool = Field(default=False, description="True when the article quotes the words.")
    date: str | None = Field(default=None, description="YYYY, YYYY-MM or YYYY-MM-DD, or null.")
    channel: str | None = Field(default=None, description="Outlet, interview or readout, or null.")


class LLMFacility(_Grounded):
    name: str = Field(min_length=1, description="Name of the base or installation.")
    aliases: list[str] = Field(default_factory=list, max_length=6, description="Other spellings used.")
    facility_type: _FacilityType = "other"
    operator: str | None = Field(default=None, description="ISO alpha-3 code of the operating country.")
    host_country: str | None = Field(default=None, description="ISO alpha-3 code of the host country.")
    location: str | None = Field(default=None, description="City or place, or null.")
    status: _FacilityStatus = "unknown"


class LLMAgreement(_Grounded):
    title: str | None = Field(default=None, description="Title, or null.")
    agreement_type: _AgreementType = "other"
    parties: list[str] = Field(default_factory=list, max_length=8, description="Countries or organisations.")
    date_signed: str | None = Field(default=None, description="YYYY, YYYY-MM or YYYY-MM-DD, or null.")
    duration_years: float | None = Field(default=None, description="Duration in years, or null.")
    status: _AgreementStatus = "unknown"
    facilities: list[str] = Field(default_factory=list, max_length=6, description="Facilities it covers.")

    @field_validator("duration_years", mode="before")
    @classmethod
    def _duration(cls, value: object) -> object:
        if isinstance(value, str):
            try:
                return float(value.split()[0])
            except (ValueError, IndexError):
                return None
        return value


_SCHEMAS: dict[str, dict[str, Any]] = {}

LLMRecord = LLMMeeting | LLMStatement | LLMFacility | LLMAgreement


class Extraction(BaseModel):
    """Every meeting, statement, military facility and agreement the article reports."""

    model_config = ConfigDict(extra="ignore")

    meetings: list[LLMMeeting] = Field(default_factory=list, max_length=_MAX_RECORDS)
    statements: list[LLMStatement] = Field(default_factory=list, max_length=_MAX_RECORDS)
    military_facilities: list[LLMFacility] = Field(default_factory=list, max_length=_MAX_RECORDS)
    agreements: list[LLMAgreement] = Field(default_factory=list, max_length=_MAX_RECORDS)

    @classmethod
    def model_json_schema(cls, *args: Any, **kwargs: Any) -> dict[str, Any]:
        # instructor asks for the schema on every request; building it costs tens of ms.
        key = repr((args, sorted(kwargs.items())))
        if key not in _SCHEMAS:
            _SCHEMAS[key] = super().model_json_schema(*args, **kwargs)
        return copy.deepcopy(_SCHEMAS[key])

    def records(self) -> list[tuple[str, LLMRecord]]:
        """``(field name, record)`` for every record, in a stable order."""
        out: list[tuple[str, LLMRecord]] = []
        for field in ("meetings", "statements", "military_facilities", "agreements"):
            out.extend((field, record) for record in getattr(self, field))
        return out

    @model_validator(mode="after")
    def _grounded(self, info: ValidationInfo) -> Extraction:
        context = info.context
        if not isinstance(context, dict) or not isinstance(context.get("text"), str):
            return self
        problems = grounding_problems(self, context["text"])
        if problems:
            shown = "; ".join(problems[:8])
            raise ValueError(
                f"{len(problems)} record(s) are not supported by the article: {shown}. "
                "Every quote must be copied exactly from the article text; "
                "remove any record you cannot support with an exact quote."
            )
        return self


def salvage_items(data: object) -> tuple[Extraction, int]:
    """An ``Extraction`` of the well-formed records in ``data`` and how many were not.

    For answers cut off at the token limit: each record is validated on its own, so
    the complete ones survive and the one cut in half is counted, not kept.
    """
    kept: dict[str, list[BaseModel]] = {}
    dropped = 0
    items = data if isinstance(data, dict) else {}
    for field, model in _ITEM_MODELS.items():
        values = items.get(field)
        kept[field] = []
        for value in values if isinstance(values, list) else []:
            try:
                kept[field].append(model.model_validate(value))
            except ValidationError:
                dropped += 1
    return Extraction.model_validate({field: [m.model_dump() for m in ms] for field, ms in kept.items()}), dropped


_ITEM_MODELS: dict[str, type[BaseModel]] = {
    "meetings": LLMMeeting,
    "statements": LLMStatement,
    "military_facilities": LLMFacility,
    "agreements": LLMAgreement,
}


def grounding_problems(extraction: Extraction, text: str) -> list[str]:
    """One readable problem per record whose quotes or key names are not in ``text``."""
    problems: list[str] = []
    counters: dict[str, int] = {}
    for field, record in extraction.records():
        index = counters.get(field, 0)
        counters[field] = index + 1
        problem = record_problem(record, text)
        if problem:
            problems.append(f"{field}[{index}]: {problem}")
    return problems


def record_problem(record: LLMRecord, text: str) -> str | None:
    """Why ``record`` is not grounded in ``text``, or ``None`` when it is."""
    for quote in record.quotes:
        if align_quote(text, quote) is None:
            return f"quote not found in the article: {_clip(quote)!r}"
    name = key_name(record)
    if name is not None and not mentioned(text, name):
        return f"{name!r} is not mentioned in the article"
    return None


def key_name(record: LLMRecord) -> str | None:
    """The name a record is about, which the article must mention."""
    if isinstance(record, LLMMeeting):
        return " ".join(actor.name for actor in record.participants)
    if isinstance(record, LLMStatement):
        return record.speaker.name
    if isinstance(record, LLMFacility):
        return record.name
    return record.title


def _clip(quote: str, limit: int = 80) -> str:
    quote = " ".join(quote.split())
    return quote if len(quote) <= limit else quote[: limit - 1] + "…"
