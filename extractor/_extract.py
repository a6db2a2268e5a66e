"""``extract``: one article in, its typed, grounded records out; no files written."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from extractor._config import Settings
from extractor._engine import AnyRecord, is_grounded
from extractor._engines import EngineConfig, RulesEngine, build_engine
from extractor._errors import ModelError
from schema import Agreement, Article, Meeting, MilitaryFacility, Statement

if TYPE_CHECKING:
    from extractor._engine import Engine

__all__ = ["Extraction", "extract"]


@dataclass(frozen=True)
class Extraction:
    """The records one engine found in one article, each grounded in ``article.text``.

    These are the article's own mentions, before the cross-article merging of
    ``run_extraction``. ``set_aside`` says why the engine extracted nothing at all (the
    rules engine's topic gate), ``ungrounded_dropped`` counts records dropped because an
    evidence passage was not the article's text at its offsets.
    """

    article: Article
    meetings: tuple[Meeting, ...] = ()
    statements: tuple[Statement, ...] = ()
    military_facilities: tuple[MilitaryFacility, ...] = ()
    agreements: tuple[Agreement, ...] = ()
    set_aside: str | None = None
    ungrounded_dropped: int = 0

    @property
    def records(self) -> tuple[AnyRecord, ...]:
        """All records, by kind: meetings, statements, military facilities, agreements."""
        return (*self.meetings, *self.statements, *self.military_facilities, *self.agreements)


def extract(
    text_or_article: str | Article,
    *,
    engine: EngineConfig | Engine | None = None,
    article_id: str | None = None,
    settings: Settings | None = None,
) -> Extraction:
    """Extract meetings, statements, military facilities and agreements from one article.

    A string is cleaned as a ``.txt`` input would be (its id: ``article_id``, or ``text-``
    and 12 hex digits of its sha256); evidence offsets index the returned
    ``Extraction.article.text``. ``engine`` defaults to ``RulesEngine()``. Nothing is
    written or cached, except model answers when ``LLMEngine(use_cache=True)`` asks.

    Raises ``DataError`` for a text with nothing left after cleaning, ``ConfigError`` for a
    bad engine configuration and ``ModelError`` when the engine failed on the article.
    """
    from extractor._ingest import article_from_text

    article = (
        text_or_article
        if isinstance(text_or_article, Article)
        else article_from_text(text_or_article, article_id=article_id)
    )
    running = build_engine(engine if engine is not None else RulesEngine(), settings)
    results = list(running.extract_all([article]))
    if len(results) != 1:
        raise ModelError(f"the {running.name} engine returned {len(results)} results for one article")
    result = results[0]
    if result.error is not None:
        raise ModelError(f"{article.id}: {result.error}")
    kept = [record for record in result.records if is_grounded(record, article)]
    return Extraction(
        article=article,
        meetings=tuple(record for record in kept if isinstance(record, Meeting)),
        statements=tuple(record for record in kept if isinstance(record, Statement)),
        military_facilities=tuple(record for record in kept if isinstance(record, MilitaryFacility)),
        agreements=tuple(record for record in kept if isinstance(record, Agreement)),
        set_aside=result.set_aside,
        ungrounded_dropped=len(result.records) - len(kept),
    )
