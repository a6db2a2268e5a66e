"""Turn the model's answer for one chunk into grounded, schema-valid records.

Each proposed record is checked on its own (``_records.check_item``): the grounded ones
become records, the others are returned as rejections with their reason. Names go
through the actor registry and the facility gazetteer, so a record carries the canonical
name ("Khmeimim Air Base" for "Hmeimim") while its evidence stays the article's own
spans. Countries that are not ISO alpha-3 codes (or a country name we know) and dates
that are not real reduced-precision ISO dates become null instead of sinking the record.
"""

from __future__ import annotations

import re

from pydantic import TypeAdapter, ValidationError

from extractor._engine import AnyRecord, GroundedRecord, Grounding
from extractor._evidence import make_evidence, mention_id
from extractor._llm._chunking import Chunk
from extractor._llm._container import (
    Extraction,
    LLMActor,
    LLMAgreement,
    LLMFacility,
    LLMMeeting,
    LLMStatement,
)
from extractor._llm._fields import field_evidence
from extractor._llm._grounding import Alignment, align_quote
from extractor._llm._names import country_of
from extractor._llm._records import Checked, Rejection, check_item
from extractor._registry import known_actor, known_facility
from extractor._text import quote_fold
from schema import (
    Actor,
    Agreement,
    Article,
    Evidence,
    Extractor,
    IsoDate,
    Meeting,
    MilitaryFacility,
    Statement,
)

_CONFIDENCE: dict[Alignment, float] = {"exact": 0.8, "normalised": 0.65, "fuzzy": 0.55}
_RANK: list[str] = list(_CONFIDENCE)
_DATE_PREFIX = re.compile(r"^\s*(\d{4}(?:-\d{2}(?:-\d{2})?)?)")
_DATE_ADAPTER: TypeAdapter[str] = TypeAdapter(IsoDate)


def convert(
    extraction: Extraction, *, article: Article, chunk: Chunk, extractor: Extractor
) -> tuple[list[GroundedRecord], list[Rejection], int]:
    """The grounded records of ``extraction`` (each with how its quotes aligned and its
    per-field evidence), the rejected ones with their reasons, and how many names (meeting
    participants not named in the article) were removed from kept records."""
    chunk_text = chunk.text_of(article.text)
    records: list[GroundedRecord] = []
    rejections: list[Rejection] = []
    removed = 0
    for field, _, item in extraction.items():
        checked = check_item(field, item, chunk_text, names_text=article.text)
        if isinstance(checked, Rejection):
            rejections.append(checked)
            continue
        try:
            records.append(_to_record(checked, article=article, chunk=chunk, extractor=extractor))
            removed += checked.names_removed
        except (ValidationError, ValueError) as error:
            rejections.append(Rejection(field, item, "invalid_value", str(error).splitlines()[0]))
    return records, rejections, removed


def merge_records(records: list[GroundedRecord]) -> list[GroundedRecord]:
    """Records with one id merged (from overlapping chunks): evidence united (an item found
    twice keeps its best alignment), best confidence, the first passage of each field."""
    merged: dict[str, GroundedRecord] = {}
    for item in records:
        record, grounding = item.record, item.grounding
        seen = merged.get(record.id)
        if seen is None or grounding is None or seen.grounding is None:
            merged.setdefault(record.id, item)
            continue
        methods = dict(zip(seen.record.evidence, seen.grounding.alignment, strict=True))
        for evidence, method in zip(record.evidence, grounding.alignment, strict=True):
            known = methods.get(evidence)
            methods[evidence] = method if known is None or _RANK.index(method) < _RANK.index(known) else known
        united = sorted(methods, key=lambda evidence: (evidence.start, evidence.end))
        paths = {field.field for field in seen.grounding.fields}
        fields = seen.grounding.fields + tuple(field for field in grounding.fields if field.field not in paths)
        confidence = max(seen.record.confidence, record.confidence)
        merged[record.id] = GroundedRecord(
            seen.record.model_copy(update={"evidence": united, "confidence": confidence}),
            Grounding(alignment=tuple(methods[evidence] for evidence in united), fields=fields),
        )
    return list(merged.values())


def _evidence(checked: Checked, article: Article, chunk: Chunk) -> tuple[list[Evidence], list[Alignment]]:
    """The record's evidence, and how each item's quote was aligned (an item two quotes gave
    keeps the first, which ``_aligned`` sorted by position, not by method: the best is kept)."""
    found: dict[Evidence, Alignment] = {}
    for span in checked.spans:
        item = make_evidence(article, chunk.start + span.start, chunk.start + span.end)
        known = found.get(item)
        if known is None or _RANK.index(span.method) < _RANK.index(known):
            found[item] = span.method
    return list(found), list(found.values())


def _to_record(checked: Checked, *, article: Article, chunk: Chunk, extractor: Extractor) -> GroundedRecord:
    evidence, methods = _evidence(checked, article, chunk)
    record = _build(checked, evidence, article=article, chunk=chunk, extractor=extractor)
    fields = field_evidence(record, checked.record, article, evidence)
    return GroundedRecord(record, Grounding(alignment=tuple(methods), fields=fields))


def _build(
    checked: Checked, evidence: list[Evidence], *, article: Article, chunk: Chunk, extractor: Extractor
) -> AnyRecord:
    record = checked.record
    worst = max(checked.spans, key=lambda span: _RANK.index(span.method)).method
    common = {
        "evidence": evidence,
        "confidence": _CONFIDENCE[worst],
        "extractor": extractor,
    }
    chunk_text = chunk.text_of(article.text)
    if isinstance(record, LLMMeeting):
        participants = _unique_actors(record.participants)
        date = normalise_date(record.date)
        key = sorted(quote_fold(actor.name) for actor in participants)
        return Meeting(
            # Status and format belong to the key: a visit held and a return visit planned
            # by the same two leaders are two meetings of one article.
            id=mention_id("llm-meeting", article.id, *key, date, record.status, record.format),
            participants=participants,
            date=date,
            location=_text_or_none(record.location),
            format=record.format,
            status=record.status,
            **common,
        )
    if isinstance(record, LLMStatement):
        speaker = _actor(record.speaker)
        words = _statement_text(record, chunk_text)
        return Statement(
            id=mention_id("llm-statement", article.id, quote_fold(speaker.name), quote_fold(words)),
            speaker=speaker,
            text=words,
            direct=record.direct,
            date=normalise_date(record.date),
            channel=_text_or_none(record.channel),
            **common,
        )
    if isinstance(record, LLMFacility):
        return _facility(record, article=article, chunk_text=chunk_text, common=common)
    return _agreement(record, article=article, common=common)


def _statement_text(record: LLMStatement, chunk_text: str) -> str:
    """The statement's words as the article writes them when they align (a model's slip of
    one word is replaced by the article's own words), else as answered."""
    words = record.text.strip() or record.quotes[0]
    match = align_quote(chunk_text, words)
    if match is not None and len(match.spans) == 1:
        start, end = match.spans[0]
        return chunk_text[start:end]
    return words


def _facility(record: LLMFacility, *, article: Article, chunk_text: str, common: dict[str, object]) -> MilitaryFacility:
    known = known_facility(record.name) or next(
        (entry for alias in record.aliases if (entry := known_facility(alias)) is not None), None
    )
    name = known.name if known is not None else record.name.strip()
    candidates = [record.name, *record.aliases, *(known.surfaces if known is not None else ())]
    # The canonical name, the name the model gave, then every name as this article spells it.
    aliases = [name, record.name.strip()] + [
        spelled for alias in candidates if (spelled := _spelled(chunk_text, alias))
    ]
    facility_type = record.facility_type
    if facility_type == "other" and known is not None and known.facility_type != "other":
        facility_type = known.facility_type  # type: ignore[assignment]
    return MilitaryFacility(
        id=mention_id("llm-facility", article.id, quote_fold(name)),
        name=name,
        aliases=list(dict.fromkeys(alias for alias in aliases if alias)),
        facility_type=facility_type,
        operator=normalise_country(record.operator) or (known.operator if known is not None else None),
        host_country=normalise_country(record.host_country) or (known.host_country if known is not None else None),
        location=_text_or_none(record.location) or (known.location if known is not None else None),
        status=record.status,
        **common,
    )


def _agreement(record: LLMAgreement, *, article: Article, common: dict[str, object]) -> Agreement:
    parties = list(dict.fromkeys(party.strip() for party in record.parties if party.strip()))
    title = _text_or_none(record.title)
    date_signed = normalise_date(record.date_signed)
    key = [record.agreement_type, quote_fold(title or ""), *sorted(quote_fold(party) for party in parties)]
    key += [date_signed or "", record.status]
    duration = record.duration_years if record.duration_years is None or record.duration_years >= 0 else None
    return Agreement(
        id=mention_id("llm-agreement", article.id, *key),
        title=title,
        agreement_type=record.agreement_type,
        parties=parties,
        date_signed=date_signed,
        duration_years=duration,
        status=record.status,
        facilities=list(dict.fromkeys(_facility_name(name) for name in record.facilities if name.strip())),
        **common,
    )


def _actor(actor: LLMActor) -> Actor:
    """The actor under its registry name when the registry knows it; the answer's role wins."""
    known = known_actor(actor.name)
    name = known.name if known is not None else actor.name.strip()
    country = normalise_country(actor.country) or (known.country if known is not None else None)
    role = _text_or_none(actor.role) or (known.role if known is not None else None)
    return Actor(name=name, country=country, role=role)


def _unique_actors(actors: list[LLMActor]) -> list[Actor]:
    unique: dict[str, Actor] = {}
    for actor in actors:
        if actor.name.strip():
            resolved = _actor(actor)
            unique.setdefault(quote_fold(resolved.name), resolved)
    return list(unique.values())


def _facility_name(name: str) -> str:
    """A facility named by an agreement, under its gazetteer name when the gazetteer knows it."""
    known = known_facility(name)
    return known.name if known is not None else name.strip()


def _spelled(text: str, phrase: str) -> str | None:
    """``phrase`` as the article spells it (case and marks), or ``None`` when it is not there."""
    phrase = phrase.strip()
    if len(phrase) < 3:
        return None
    match = re.search(rf"(?<!\w){re.escape(phrase)}(?!\w)", text, flags=re.IGNORECASE)
    return match.group(0) if match else None


def _text_or_none(value: str | None) -> str | None:
    return value.strip() or None if value is not None else None


def normalise_date(value: str | None) -> str | None:
    """A valid reduced-precision ISO date taken from the start of ``value``, else ``None``."""
    if not value:
        return None
    match = _DATE_PREFIX.match(value)
    if match is None:
        return None
    try:
        return _DATE_ADAPTER.validate_python(match.group(1))
    except ValidationError:
        return None


def normalise_country(value: str | None) -> str | None:
    """An ISO alpha-3 code for a code or a common country name, else ``None``."""
    if not value or not value.strip():
        return None
    return country_of(value)
