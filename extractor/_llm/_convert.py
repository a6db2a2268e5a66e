"""Turn the model's answer for one chunk into grounded, schema-valid records.

A record is kept only when every quote aligns to the article and the entity it is
about is mentioned there; everything else is counted as rejected. Countries that are
not ISO alpha-3 codes (or a country name we know) and dates that are not real reduced-
precision ISO dates become null instead of sinking the record.
"""

from __future__ import annotations

import re
from functools import cache

from pydantic import TypeAdapter, ValidationError

from extractor._engine import AnyRecord
from extractor._llm._chunking import Chunk
from extractor._llm._container import (
    Extraction,
    LLMActor,
    LLMAgreement,
    LLMFacility,
    LLMMeeting,
    LLMRecord,
    LLMStatement,
    record_problem,
)
from extractor._llm._grounding import align_quote, normalise
from extractor._rules._text import make_evidence, mention_id
from schema import (
    ISO_ALPHA3,
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

_EXACT_CONFIDENCE = 0.8
_TOLERANT_CONFIDENCE = 0.65
_DATE_PREFIX = re.compile(r"^\s*(\d{4}(?:-\d{2}(?:-\d{2})?)?)")
_DATE_ADAPTER: TypeAdapter[str] = TypeAdapter(IsoDate)


def convert(
    extraction: Extraction, *, article: Article, chunk: Chunk, extractor: Extractor
) -> tuple[list[AnyRecord], int]:
    """The grounded records of ``extraction`` and the number rejected."""
    chunk_text = chunk.text_of(article.text)
    records: list[AnyRecord] = []
    rejected = 0
    for _, llm_record in extraction.records():
        if record_problem(llm_record, chunk_text) is not None:
            rejected += 1
            continue
        try:
            records.append(_to_record(llm_record, article=article, chunk=chunk, extractor=extractor))
        except (ValidationError, ValueError):
            rejected += 1
    return records, rejected


def merge_records(records: list[AnyRecord]) -> list[AnyRecord]:
    """Records with one id merged (from overlapping chunks): evidence united, best confidence."""
    merged: dict[str, AnyRecord] = {}
    for record in records:
        seen = merged.get(record.id)
        if seen is None:
            merged[record.id] = record
            continue
        evidence = list(seen.evidence)
        evidence += [item for item in record.evidence if item not in evidence]
        evidence.sort(key=lambda item: (item.start, item.end))
        confidence = max(seen.confidence, record.confidence)
        merged[record.id] = seen.model_copy(update={"evidence": evidence, "confidence": confidence})
    return list(merged.values())


def _evidence(record: LLMRecord, article: Article, chunk: Chunk) -> tuple[list[Evidence], bool]:
    chunk_text = chunk.text_of(article.text)
    evidence: list[Evidence] = []
    exact = True
    for quote in record.quotes:
        match = align_quote(chunk_text, quote)
        if match is None:
            raise ValueError("ungrounded quote")
        exact = exact and match.exact
        for start, end in match.spans:
            item = make_evidence(article, chunk.start + start, chunk.start + end)
            if item not in evidence:
                evidence.append(item)
    evidence.sort(key=lambda item: (item.start, item.end))
    return evidence, exact


def _to_record(record: LLMRecord, *, article: Article, chunk: Chunk, extractor: Extractor) -> AnyRecord:
    evidence, exact = _evidence(record, article, chunk)
    common = {
        "evidence": evidence,
        "confidence": _EXACT_CONFIDENCE if exact else _TOLERANT_CONFIDENCE,
        "extractor": extractor,
    }
    chunk_text = chunk.text_of(article.text)
    if isinstance(record, LLMMeeting):
        participants = _unique_actors(record.participants)
        date = normalise_date(record.date)
        key = sorted(normalise(actor.name) for actor in participants)
        return Meeting(
            id=mention_id("llm-meeting", article.id, *key, date),
            participants=participants,
            date=date,
            location=_text_or_none(record.location),
            format=record.format,
            status=record.status,
            **common,
        )
    if isinstance(record, LLMStatement):
        speaker = _actor(record.speaker)
        words = record.text.strip() or record.quotes[0]
        return Statement(
            id=mention_id("llm-statement", article.id, normalise(speaker.name), normalise(words)),
            speaker=speaker,
            text=words,
            direct=record.direct and align_quote(chunk_text, words) is not None,
            date=normalise_date(record.date),
            channel=_text_or_none(record.channel),
            **common,
        )
    if isinstance(record, LLMFacility):
        name = record.name.strip()
        aliases = [name] + [alias.strip() for alias in record.aliases if _appears(chunk_text, alias)]
        return MilitaryFacility(
            id=mention_id("llm-facility", article.id, normalise(name)),
            name=name,
            aliases=list(dict.fromkeys(alias for alias in aliases if alias)),
            facility_type=record.facility_type,
            operator=normalise_country(record.operator),
            host_country=normalise_country(record.host_country),
            location=_text_or_none(record.location),
            status=record.status,
            **common,
        )
    return _agreement(record, article=article, common=common)


def _agreement(record: LLMAgreement, *, article: Article, common: dict[str, object]) -> Agreement:
    parties = list(dict.fromkeys(party.strip() for party in record.parties if party.strip()))
    title = _text_or_none(record.title)
    key = [record.agreement_type, normalise(title or ""), *sorted(normalise(party) for party in parties)]
    duration = record.duration_years if record.duration_years is None or record.duration_years >= 0 else None
    return Agreement(
        id=mention_id("llm-agreement", article.id, *key),
        title=title,
        agreement_type=record.agreement_type,
        parties=parties,
        date_signed=normalise_date(record.date_signed),
        duration_years=duration,
        status=record.status,
        facilities=list(dict.fromkeys(name.strip() for name in record.facilities if name.strip())),
        **common,
    )


def _actor(actor: LLMActor) -> Actor:
    return Actor(name=actor.name.strip(), country=normalise_country(actor.country), role=_text_or_none(actor.role))


def _unique_actors(actors: list[LLMActor]) -> list[Actor]:
    unique: dict[str, Actor] = {}
    for actor in actors:
        if actor.name.strip():
            unique.setdefault(normalise(actor.name), _actor(actor))
    return list(unique.values())


def _appears(text: str, phrase: str) -> bool:
    return bool(phrase.strip()) and normalise(phrase) in normalise(text)


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
    code = value.strip().upper()
    if code in ISO_ALPHA3:
        return code
    return _country_names().get(normalise(value))


@cache
def _country_names() -> dict[str, str]:
    from importlib import resources

    import yaml

    raw = yaml.safe_load(resources.files("extractor").joinpath("data/countries.yaml").read_text("utf-8"))
    names: dict[str, str] = {}
    if isinstance(raw, dict):
        for code, entry in raw.items():
            if not isinstance(entry, dict) or str(code) not in ISO_ALPHA3:
                continue
            for key in ("name", "adj", "alt"):
                values = entry.get(key) or []
                for name in [values] if isinstance(values, str) else values:
                    names.setdefault(normalise(str(name)), str(code))
    return names
