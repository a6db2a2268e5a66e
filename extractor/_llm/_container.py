"""The shape the model answers in: one container holding all four record types.

It is deliberately not the published schema: evidence is a list of verbatim
``quotes`` (the engine finds the offsets), countries and dates are plain strings
(the engine normalises or nulls them), and enumerations fall back to their
"unknown"/"other" value instead of failing a whole answer over one word.

The model is shown the full record schema, with no cap on the number of records (an
interview has twenty statements), but the answer is parsed leniently: each list holds
raw items that are validated and grounded one by one (``parse_record`` and
``_records``), so one malformed or unsupported record never costs the others.
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

from extractor._llm._grounding import MIN_QUOTE_CHARS
from schema import AgreementStatus, AgreementType, FacilityStatus, FacilityType, MeetingFormat, MeetingStatus

# Evidence passages per record: a record rests on one or two sentences; more is noise,
# and extra quotes are ignored (not an error) when a model sends them.
_MAX_QUOTES = 3

_QUOTES_DESCRIPTION = (
    f"1 to {_MAX_QUOTES} passages copied character for character from the article "
    f"(at least {MIN_QUOTE_CHARS} characters each) that state this record."
)


class _Lenient(BaseModel):
    # A year answered as a number (2017) is still a date string.
    model_config = ConfigDict(extra="ignore", coerce_numbers_to_str=True)

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
    quotes: list[str] = Field(min_length=1, description=_QUOTES_DESCRIPTION)

    @field_validator("quotes", mode="before")
    @classmethod
    def _some_quotes(cls, value: object) -> object:
        if isinstance(value, str):
            return [value]
        if isinstance(value, list):
            return [item for item in value if isinstance(item, str) and item.strip()][:_MAX_QUOTES]
        return value


def _as_actor(value: object) -> object:
    """A bare name stands for an actor with that name."""
    return {"name": value} if isinstance(value, str) else value


def _named_actors(value: object) -> object:
    """Participants as actors, without the entries that name no one (one null must not sink a meeting)."""
    if not isinstance(value, list):
        return value
    actors = [_as_actor(item) for item in value]
    return [
        item for item in actors if isinstance(item, dict) and isinstance(item.get("name"), str) and item["name"].strip()
    ]


def _strings(value: object) -> object:
    """A list of names without nulls and blanks; a single name is a list of one."""
    if isinstance(value, str):
        return [value] if value.strip() else []
    if value is None:
        return []
    if isinstance(value, list):
        return [item for item in value if isinstance(item, str) and item.strip()]
    return value


_Names = Annotated[list[str], BeforeValidator(_strings)]


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
    participants: Annotated[list[LLMActor], BeforeValidator(_named_actors)] = Field(
        min_length=1, description="Everyone named as taking part."
    )
    date: str | None = Field(default=None, description="YYYY, YYYY-MM or YYYY-MM-DD, or null.")
    location: str | None = Field(default=None, description="City or place, or null.")
    format: _Format = "unknown"
    status: _MeetingStatus = "held"


class LLMStatement(_Grounded):
    speaker: Annotated[LLMActor, BeforeValidator(_as_actor)]
    text: str = Field(min_length=1, description="The quoted words, or the reported content as worded.")
    direct: bool = Field(default=False, description="True when the article quotes the words.")
    date: str | None = Field(default=None, description="YYYY, YYYY-MM or YYYY-MM-DD, or null.")
    channel: str | None = Field(default=None, description="Outlet, interview or readout, or null.")


class LLMFacility(_Grounded):
    name: str = Field(min_length=1, description="Name of the base or installation.")
    aliases: _Names = Field(default_factory=list, description="The names this article uses for it, verbatim.")
    facility_type: _FacilityType = "other"
    operator: str | None = Field(default=None, description="ISO alpha-3 code of the operating country.")
    host_country: str | None = Field(default=None, description="ISO alpha-3 code of the host country.")
    location: str | None = Field(default=None, description="City or place, or null.")
    status: _FacilityStatus = "unknown"


class LLMAgreement(_Grounded):
    title: str | None = Field(default=None, description="Title, or null.")
    agreement_type: _AgreementType = "other"
    parties: _Names = Field(default_factory=list, description="Countries or organisations, common English names.")
    date_signed: str | None = Field(default=None, description="YYYY, YYYY-MM or YYYY-MM-DD, or null.")
    duration_years: float | None = Field(default=None, description="Duration in years, or null.")
    status: _AgreementStatus = "unknown"
    facilities: _Names = Field(default_factory=list, description="Facilities it covers.")

    @field_validator("duration_years", mode="before")
    @classmethod
    def _duration(cls, value: object) -> object:
        if isinstance(value, str):
            try:
                return float(value.split()[0])
            except (ValueError, IndexError):
                return None
        return value


LLMRecord = LLMMeeting | LLMStatement | LLMFacility | LLMAgreement

RECORD_FIELDS: dict[str, type[LLMMeeting | LLMStatement | LLMFacility | LLMAgreement]] = {
    "meetings": LLMMeeting,
    "statements": LLMStatement,
    "military_facilities": LLMFacility,
    "agreements": LLMAgreement,
}
"""The container's lists, in answer order, and the model each item is validated against."""


_LIST_NAMES = {
    **{name: name for name in RECORD_FIELDS},
    "meeting": "meetings",
    "statement": "statements",
    "quotes": "statements",
    "military_facility": "military_facilities",
    "facilities": "military_facilities",
    "facility": "military_facilities",
    "bases": "military_facilities",
    "agreement": "agreements",
    "deals": "agreements",
    "treaties": "agreements",
}


class _RequestSchema(BaseModel):
    """Every meeting, statement, military facility and agreement the article reports."""

    meetings: list[LLMMeeting] = Field(default_factory=list)
    statements: list[LLMStatement] = Field(default_factory=list)
    military_facilities: list[LLMFacility] = Field(default_factory=list)
    agreements: list[LLMAgreement] = Field(default_factory=list)


_SCHEMAS: dict[str, dict[str, Any]] = {}


class Extraction(BaseModel):
    """Every meeting, statement, military facility and agreement the article reports.

    Parsed leniently: each list keeps its raw items; ``records`` validates them one by one.
    """

    model_config = ConfigDict(extra="ignore")

    meetings: list[Any] = Field(default_factory=list)
    statements: list[Any] = Field(default_factory=list)
    military_facilities: list[Any] = Field(default_factory=list)
    agreements: list[Any] = Field(default_factory=list)

    @model_validator(mode="before")
    @classmethod
    def _list_names(cls, value: object) -> object:
        # Plain JSON mode does not constrain the keys: "facilities" or "Statements" are
        # the lists they name, and an answer wrapped in {"Extraction": {...}} is unwrapped.
        if isinstance(value, dict) and len(value) == 1:
            (inner,) = value.values()
            if isinstance(inner, dict) and not set(value) & set(RECORD_FIELDS):
                value = inner
        if not isinstance(value, dict):
            return value
        renamed: dict[str, Any] = {}
        for key, item in value.items():
            name = _LIST_NAMES.get(str(key).strip().lower().replace(" ", "_"), str(key))
            if name in renamed and isinstance(renamed[name], list) and isinstance(item, list):
                renamed[name] = renamed[name] + item
            else:
                renamed.setdefault(name, item)
        return renamed

    @field_validator("*", mode="before")
    @classmethod
    def _a_list(cls, value: object) -> object:
        # A model that answers one record as an object, or null for "none", loses nothing.
        if value is None:
            return []
        if isinstance(value, dict):
            return [value]
        return value if isinstance(value, list) else []

    @classmethod
    def model_json_schema(cls, *args: Any, **kwargs: Any) -> dict[str, Any]:
        # The model is shown the full record shape; instructor asks for it on every
        # request and building it costs tens of ms, so it is built once.
        key = repr((args, sorted(kwargs.items())))
        if key not in _SCHEMAS:
            schema = _RequestSchema.model_json_schema(*args, **kwargs)
            schema["title"] = cls.__name__
            _SCHEMAS[key] = schema
        return copy.deepcopy(_SCHEMAS[key])

    def items(self) -> list[tuple[str, int, Any]]:
        """``(list name, index, raw item)`` for every proposed record, in a stable order."""
        return [(field, index, item) for field in RECORD_FIELDS for index, item in enumerate(getattr(self, field))]

    def records(self) -> list[tuple[str, LLMRecord]]:
        """``(list name, record)`` for every item that is a well-formed record."""
        out: list[tuple[str, LLMRecord]] = []
        for field, _, item in self.items():
            record, _problem = parse_record(field, item)
            if record is not None:
                out.append((field, record))
        return out

    def count(self) -> int:
        return sum(len(getattr(self, field)) for field in RECORD_FIELDS)


def parse_record(field: str, item: object) -> tuple[LLMRecord | None, str | None]:
    """The record ``item`` is, or ``None`` and a one-line reason a re-ask can act on."""
    try:
        return RECORD_FIELDS[field].model_validate(item), None
    except ValidationError as error:
        problem = error.errors()[0]
        where = ".".join(str(part) for part in problem["loc"]) or "record"
        return None, f"{where}: {problem['msg']}"


def merged(parts: list[Extraction]) -> Extraction:
    """One container holding the items of ``parts`` in order (continuations, re-asks)."""
    return Extraction.model_validate(
        {field: [item for part in parts for item in getattr(part, field)] for field in RECORD_FIELDS}
    )
