"""What every extraction engine provides, and the result it hands back per article."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Protocol

from schema import Agreement, Article, Meeting, MilitaryFacility, Statement

AnyRecord = Meeting | Statement | MilitaryFacility | Agreement


@dataclass
class ArticleResult:
    """Records one engine extracted from one article (before cross-article merging).

    ``error`` is a one-line reason when the engine failed on this article; the run goes on.
    ``stats`` carries engine accounting (model calls, retries, tokens, rejected records).
    ``set_aside`` is a one-line reason when the engine chose not to extract from this
    article at all (the rules engine's topic gate: "off topic: sports 8 vs political 3").
    """

    article: Article
    records: list[AnyRecord] = field(default_factory=list)
    error: str | None = None
    stats: dict[str, int] = field(default_factory=dict)
    set_aside: str | None = None


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
