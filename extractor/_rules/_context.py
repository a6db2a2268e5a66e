"""What every rule family receives for one article."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from extractor._rules._text import Span, bounded_sentences, split_sentences
from schema import Article, Extractor

if TYPE_CHECKING:
    from extractor._rules._actors import ActorRegistry


@dataclass(frozen=True)
class RuleContext:
    """One article, its sentences, the actor registry and the provenance to stamp on records."""

    article: Article
    registry: ActorRegistry
    extractor: Extractor
    sentences: list[Span] = field(default_factory=list)

    @classmethod
    def for_article(cls, article: Article, registry: ActorRegistry, extractor: Extractor) -> RuleContext:
        return cls(article, registry, extractor, bounded_sentences(article.text, split_sentences(article.text)))

    @property
    def text(self) -> str:
        return self.article.text

    @property
    def anchor(self) -> str | None:
        """The publication date that relative dates resolve against, or None."""
        if self.article.published is None:
            from extractor._rules._dates import dateline_date  # _dates imports this module

            return dateline_date(self.text)
        return self.article.published
