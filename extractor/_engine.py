"""What every extraction engine provides, and the result it hands back per article."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Protocol, cast

from schema import Agreement, AlignmentMethod, Article, FieldEvidence, Meeting, MilitaryFacility, Statement

AnyRecord = Meeting | Statement | MilitaryFacility | Agreement


@dataclass(frozen=True)
class Grounding:
    """How one record's evidence was found, and where the article states each of its fields.

    ``alignment`` is parallel to the record's ``evidence`` (one method per item); ``fields``
    are the record's per-field passages (``participants[0]``, ``speaker``, ``date``...).
    Engines that align a model's quotes give one; a record without one was taken from the
    text itself, and its mention row says ``span`` for each evidence item.
    """

    alignment: tuple[AlignmentMethod, ...]
    fields: tuple[FieldEvidence, ...] = ()

    def to_json(self) -> str:
        fields = [item.model_dump(mode="json") for item in self.fields]
        return json.dumps({"alignment": list(self.alignment), "fields": fields}, ensure_ascii=False)

    @classmethod
    def from_json(cls, text: str) -> Grounding:
        raw = json.loads(text)
        return cls(
            alignment=tuple(cast(list[AlignmentMethod], raw["alignment"])),
            fields=tuple(FieldEvidence.model_validate(item) for item in raw["fields"]),
        )


@dataclass(frozen=True)
class GroundedRecord:
    """A record on its way to the merge, with its grounding when the engine gave one."""

    record: AnyRecord
    grounding: Grounding | None = None


@dataclass
class ArticleResult:
    """Records one engine extracted from one article (before cross-article merging).

    ``error`` is a one-line reason when the engine failed on this article; the run goes on.
    ``stats`` carries engine accounting (model calls, retries, tokens, rejected records).
    ``set_aside`` is a one-line reason when the engine chose not to extract from this
    article at all (the rules engine's topic gate: "off topic: sports 8 vs political 3").
    ``grounding`` maps a record's id (unique within one result) to how its evidence was
    aligned and where its fields are stated; the rules engine gives none.
    """

    article: Article
    records: list[AnyRecord] = field(default_factory=list)
    error: str | None = None
    stats: dict[str, int] = field(default_factory=dict)
    set_aside: str | None = None
    grounding: dict[str, Grounding] = field(default_factory=dict)

    def grounded_records(self, records: Iterable[AnyRecord]) -> list[GroundedRecord]:
        """``records`` (of this result) each with its grounding, when the engine gave one."""
        return [GroundedRecord(record, self.grounding.get(record.id)) for record in records]


def is_grounded(record: AnyRecord, article: Article) -> bool:
    """True when every evidence item of ``record`` is this article's text at its offsets."""
    return all(
        evidence.article_id == article.id and article.text[evidence.start : evidence.end] == evidence.text
        for evidence in record.evidence
    )


class Engine(Protocol):
    """An extraction engine. Each record it returns is grounded in ``article.text``."""

    name: str

    def extract_all(self, articles: Iterable[Article]) -> Iterator[ArticleResult]:
        """Yield one result per article, in input order."""
        ...
