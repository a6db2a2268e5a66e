"""The four record types, the article, and the audit rows that link them."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from schema._types import Actor, Country, Evidence, Extractor, FieldEvidence, IsoDate, _Strict

MeetingFormat = Literal["in_person", "phone_call", "video_call", "unknown"]
MeetingStatus = Literal["held", "planned", "cancelled"]
FacilityType = Literal["air_base", "naval_base", "army_base", "logistics_hub", "other"]
FacilityStatus = Literal["active", "contested", "planned", "closed", "unknown"]
AgreementType = Literal["lease", "treaty", "contract", "memorandum", "deal", "other"]
AgreementStatus = Literal["in_force", "under_review", "proposed", "terminated", "unknown"]
# How an evidence item was found: a model's quote aligned exactly, after folding quote marks,
# dashes, space and case, or fuzzily; "span" when the engine took the span from the article
# itself and there was no quote to align (the rules engine).
AlignmentMethod = Literal["exact", "normalised", "fuzzy", "span"]


class Conflict(_Strict):
    """Two merged mentions that disagree on one field; the kept value is the record's."""

    field: str = Field(description="Name of the field the mentions disagree on.")
    values: list[str] = Field(description="Every distinct value seen, JSON-encoded, kept value first.")
    rule: str = Field(description="The documented rule that chose the kept value.")


class _Record(_Strict):
    id: str = Field(min_length=1, description="Stable id: the same input and version give the same id.")
    evidence: list[Evidence] = Field(
        min_length=1, description="Every passage the record rests on, from every article that reports it."
    )
    confidence: float = Field(ge=0.0, le=1.0, description="Confidence in the record, between 0 and 1.")
    extractor: Extractor = Field(description="Which engine, package version and model made the record.")
    conflicts: list[Conflict] | None = Field(
        default=None, description="Disagreements between merged mentions, or null when there are none."
    )


class _Dated(_Record):
    date: IsoDate | None = Field(
        default=None, description="When it happened, ISO 8601 reduced precision, or null when unknown."
    )
    date_text: str | None = Field(default=None, description="The words of the article the date came from, or null.")
    date_anchor: IsoDate | None = Field(
        default=None, description="The publication date used to resolve a relative date, or null."
    )


class Meeting(_Dated):
    """Two or more parties meet in person, by phone or by video."""

    participants: list[Actor] = Field(min_length=1, description="Who took part.")
    location: str | None = Field(default=None, description="City or place of the meeting, or null.")
    format: MeetingFormat = Field(description="in_person, phone_call, video_call or unknown.")
    status: MeetingStatus = Field(description="held, planned or cancelled.")


class Statement(_Dated):
    """Something an actor said, directly quoted or reported."""

    speaker: Actor = Field(description="Who said it.")
    text: str = Field(min_length=1, description="The quoted words, or the reported content as the article words it.")
    direct: bool = Field(description="True when the article quotes the words.")
    channel: str | None = Field(
        default=None, description="Outlet, interview or readout the statement was made through, or null."
    )


class MilitaryFacility(_Record):
    """A named or clearly identified base or installation."""

    name: str = Field(min_length=1, description="Canonical name of the facility.")
    aliases: list[str] = Field(description="Every spelling of the name seen in the articles.")
    facility_type: FacilityType = Field(description="air_base, naval_base, army_base, logistics_hub or other.")
    operator: Country | None = Field(default=None, description="Country that operates it, or null.")
    host_country: Country | None = Field(default=None, description="Country it stands in, or null.")
    location: str | None = Field(default=None, description="City or place, or null.")
    status: FacilityStatus = Field(description="active, contested, planned, closed or unknown.")


class Agreement(_Record):
    """A treaty, lease, contract, deal or memorandum."""

    title: str | None = Field(default=None, description="Title of the agreement, or null.")
    agreement_type: AgreementType = Field(description="lease, treaty, contract, memorandum, deal or other.")
    parties: list[str] = Field(description="Parties: countries by common English name, organisations by name.")
    date_signed: IsoDate | None = Field(
        default=None, description="When it was signed, ISO 8601 reduced precision, or null."
    )
    duration_years: float | None = Field(default=None, ge=0, description="Duration in years, or null.")
    status: AgreementStatus = Field(description="in_force, under_review, proposed, terminated or unknown.")
    facilities: list[str] = Field(description="Canonical names of the military facilities it covers.")


class Article(_Strict):
    """An ingested article; evidence offsets index its ``text``."""

    id: str = Field(min_length=1, description="Input file name without extension, or the id of a JSONL line.")
    text: str = Field(description="The cleaned article text that evidence offsets index.")
    title: str | None = Field(default=None, description="Headline, or null.")
    url: str | None = Field(default=None, description="Source URL, or null.")
    publisher: str | None = Field(default=None, description="Publisher or outlet, or null.")
    published: IsoDate | None = Field(default=None, description="Publication date, or null.")
    source_path: str | None = Field(default=None, description="Path of the input file, or null.")
    sha256: str = Field(pattern=r"^[0-9a-f]{64}$", description="SHA-256 of the raw input bytes, hex.")
    byline: str | None = Field(default=None, description="Author or agency byline, or null.")


class Mention(_Strict):
    """One extracted mention and the canonical record it was merged into."""

    id: str = Field(min_length=1, description="Stable id of the mention.")
    record_type: Literal["meeting", "statement", "military_facility", "agreement"] = Field(
        description="Type of the canonical record."
    )
    canonical_id: str = Field(min_length=1, description="Id of the canonical record this mention went into.")
    article_id: str = Field(min_length=1, description="Article the mention was extracted from.")
    evidence: list[Evidence] = Field(min_length=1, description="The mention's own evidence.")
    attributes: str = Field(description="The mention's own attributes as a JSON object string.")
    confidence: float = Field(ge=0.0, le=1.0, description="The mention's own confidence.")
    extractor: Extractor = Field(description="Which engine made the mention.")
    alignment: list[AlignmentMethod] | None = Field(
        default=None,
        description=(
            "How each evidence item was found, in the order of evidence: exact, normalised or fuzzy "
            "alignment of a model's quote, or span when the engine took the span from the text itself; "
            "null in datasets written before this field existed."
        ),
    )
    field_evidence: list[FieldEvidence] | None = Field(
        default=None,
        description=(
            "Where the article states each field of the mention (participants, speaker, date, place, "
            "parties), one passage per field path; a field the article does not state has none. Null "
            "when the engine gives no per-field evidence (the rules engine)."
        ),
    )
