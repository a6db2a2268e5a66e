"""The ``llm`` engine: one structured request per article chunk, grounded, cached, concurrent.

Each chunk of an article goes to the model with the container response model
(``_container.Extraction``), whose lists have no cap; chunks are small enough that a
dense chunk's answer fits ``max_tokens``, and an answer cut off anyway is continued
("records after these"). Each proposed record is then validated and grounded on its own
(``_records``): a record that a re-ask can fix is sent back alone, a bad record is dropped
and counted by reason (``rejected_<reason>`` in the run's accounting), and the rest of
the answer is kept. Transport failures are retried separately
(``_client.with_transport_retries``).
Results stream back in input order through a bounded window of articles (``_stream``).

Waiting is bounded: each HTTP request has a total deadline (``--timeout``, default 60 s,
body included), each chunk ``--max-attempts`` transport attempts, and the run a circuit
breaker that stops it after ``NEWSEXTRACT_LLM_MAX_FAILURES`` (default 4) transport
failures in a row with no answer, so a server that never answers ends a default run
after one round of timeouts (about a minute) with ``ModelError``.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import hashlib
import itertools
import math
from collections.abc import Iterable, Iterator
from contextlib import AbstractAsyncContextManager, closing
from dataclasses import dataclass
from typing import Any

from extractor._config import Settings
from extractor._engine import ArticleResult, GroundedRecord
from extractor._errors import ConfigError, ModelError
from extractor._llm._cache import AnswerCache, cache_key
from extractor._llm._chunking import Chunk, chunk_article
from extractor._llm._client import ModelClient, RetryPolicy, parse_model
from extractor._llm._container import Extraction
from extractor._llm._convert import convert, merge_records
from extractor._llm._prompt import PROMPT_VERSION, prompt_hash
from extractor._llm._request import ChunkFailedError, Counters, Decoding, TruncatedError, request_extraction
from extractor._llm._stream import BackgroundLoop, in_order
from extractor._llm._transport import CircuitBreaker
from extractor._version import package_version
from schema import SCHEMA_VERSION, Article, Extractor

# Articles in flight per concurrency slot: enough that a slot freed by a finished article
# finds the next one already waiting, few enough that memory stays bounded.
WINDOW_PER_SLOT = 2
# Halvings of a chunk whose answer is cut off before its first complete record.
MAX_SPLITS = 3

STAT_KEYS = ("calls", "retries", "reasks", "tokens_in", "tokens_out", "rejected", "cache_hits")

# Defaults of the waiting bounds. With the default concurrency (4), a server that never
# answers opens the breaker when the first four requests time out: about one
# DEFAULT_TIMEOUT, well under two minutes, instead of chunks x attempts x timeout.
DEFAULT_TIMEOUT = 60.0
DEFAULT_ATTEMPTS = 4
DEFAULT_MAX_FAILURES = 4


class LLMEngine:
    """Extracts records with a model behind instructor; see the module docstring."""

    name = "llm"

    def __init__(
        self,
        *,
        model: str | None,
        base_url: str | None = None,
        concurrency: int = 4,
        use_cache: bool = True,
        settings: Settings | None = None,
        request_timeout: float | None = None,
        retry_policy: RetryPolicy | None = None,
        decoding: Decoding | None = None,
    ) -> None:
        if concurrency < 1:
            raise ConfigError(f"--concurrency must be at least 1, got {concurrency}")
        self.spec = parse_model(model, base_url)
        self.concurrency = concurrency
        self.use_cache = use_cache
        self.settings = settings if settings is not None else Settings.from_env()
        self.request_timeout = request_timeout or _positive(
            self.settings.llm_timeout, "--timeout (NEWSEXTRACT_LLM_TIMEOUT)", default=DEFAULT_TIMEOUT
        )
        if self.request_timeout <= 0:
            raise ConfigError(f"the request timeout must be positive, got {self.request_timeout}")
        attempts = _count(self.settings.llm_attempts, "--max-attempts (NEWSEXTRACT_LLM_ATTEMPTS)", DEFAULT_ATTEMPTS)
        self.retry_policy = retry_policy or RetryPolicy(attempts=attempts)
        self.max_failures = _count(self.settings.llm_max_failures, "NEWSEXTRACT_LLM_MAX_FAILURES", DEFAULT_MAX_FAILURES)
        self.decoding = decoding or Decoding(
            max_tokens=int(_positive(self.settings.llm_max_tokens, "NEWSEXTRACT_LLM_MAX_TOKENS", default=4096)),
            max_reasks=_whole(self.settings.llm_reasks, "NEWSEXTRACT_LLM_REASKS", default=2),
        )
        self._cache = AnswerCache(self.settings.cache_dir / "llm")
        # Set by an executor that limits requests beyond this process (the Ray executor's
        # one limit per endpoint); None: ``concurrency`` requests in flight here.
        self.request_gate: AbstractAsyncContextManager[Any] | None = None

    def __repr__(self) -> str:
        return f"LLMEngine(model={self.spec.label!r}, base_url={self.spec.base_url!r})"

    @property
    def provenance(self) -> Extractor:
        return Extractor(engine="llm", version=package_version(), model=self.spec.label, prompt_hash=prompt_hash())

    def extract_all(self, articles: Iterable[Article]) -> Iterator[ArticleResult]:
        """Yield one result per article, in input order, as soon as it and all earlier ones are done.

        Articles are read from ``articles`` lazily, at most ``concurrency * WINDOW_PER_SLOT``
        ahead of the last result yielded. When every article failed because the server was
        unusable, the failures are still yielded and ``ModelError`` is raised at the end.
        """
        remaining = iter(articles)
        first = next(remaining, None)
        if first is None:
            return  # no client, so no key needed, for an empty run
        tally = _Tally()
        breaker = CircuitBreaker(threshold=self.max_failures)
        with BackgroundLoop() as background:
            client = ModelClient(
                self.spec, settings=self.settings, request_timeout=self.request_timeout, breaker=breaker
            )
            background.call(_open(client))
            semaphore = self.request_gate or asyncio.Semaphore(self.concurrency)

            def start(article: Article) -> concurrent.futures.Future[tuple[ArticleResult, bool]]:
                return background.submit(self._extract_one(article, client, semaphore))

            try:
                window = self.concurrency * WINDOW_PER_SLOT
                with closing(in_order(itertools.chain([first], remaining), start, window=window)) as outcomes:
                    for result, transport in outcomes:
                        if breaker.reason is not None:
                            raise ModelError(f"model server {self.spec.label} stopped the run: {breaker.reason}")
                        tally.add(result, transport=transport)
                        yield result
            finally:
                background.cancel_all()
                background.call(client.close())
        if breaker.reason is not None:
            raise ModelError(f"model server {self.spec.label} stopped the run: {breaker.reason}")
        if tally.every_article_failed_in_transport:
            raise ModelError(f"model server {self.spec.label} failed for every article: {tally.first_reason}")

    async def _extract_one(
        self, article: Article, client: ModelClient, semaphore: AbstractAsyncContextManager[Any]
    ) -> tuple[ArticleResult, bool]:
        counters = Counters()
        chunks = chunk_article(article.text, max_chars=self.decoding.chunk_limit)
        answers = await asyncio.gather(
            *(self._answer_or_split(article, chunk, client, semaphore, counters) for chunk in chunks),
            return_exceptions=True,
        )
        failures = [answer for answer in answers if isinstance(answer, BaseException)]
        if failures:
            failure = failures[0]
            if isinstance(failure, ChunkFailedError):
                reason, transport = failure.reason, failure.transport
            elif isinstance(failure, Exception):
                # A bug on one article must not cost the others their results.
                reason, transport = f"unexpected {type(failure).__name__}: {client.redact(str(failure))}", False
            else:
                raise failure
            return ArticleResult(article=article, error=reason, stats=counters.as_stats()), transport
        records: list[GroundedRecord] = []
        for answered in answers:
            assert not isinstance(answered, BaseException)
            for chunk, extraction in answered:
                kept, rejections, removed = convert(extraction, article=article, chunk=chunk, extractor=self.provenance)
                records += kept
                counters.names_removed += removed
                for rejection in rejections:
                    counters.reject(rejection.reason)
        merged = merge_records(records)
        grounding = {item.record.id: item.grounding for item in merged if item.grounding is not None}
        result = ArticleResult(
            article=article, records=[item.record for item in merged], stats=counters.as_stats(), grounding=grounding
        )
        return result, False

    async def _answer_or_split(
        self,
        article: Article,
        chunk: Chunk,
        client: ModelClient,
        semaphore: AbstractAsyncContextManager[Any],
        counters: Counters,
        *,
        depth: int = 0,
    ) -> list[tuple[Chunk, Extraction]]:
        """The answer for ``chunk``; a chunk too dense for one answer is split in halves."""
        try:
            return [(chunk, await self._answer(article, chunk, client, semaphore, counters))]
        except TruncatedError:
            text = chunk.text_of(article.text)
            halves = chunk_article(text, max_chars=len(text) // 2 + 1)
            if depth >= MAX_SPLITS or len(halves) < 2:
                raise
            counters.splits += 1
            answered: list[tuple[Chunk, Extraction]] = []
            for half in halves:
                piece = Chunk(chunk.start + half.start, chunk.start + half.end)
                answered += await self._answer_or_split(article, piece, client, semaphore, counters, depth=depth + 1)
            return answered

    async def _answer(
        self,
        article: Article,
        chunk: Chunk,
        client: ModelClient,
        semaphore: AbstractAsyncContextManager[Any],
        counters: Counters,
    ) -> Extraction:
        chunk_text = chunk.text_of(article.text)
        key = cache_key(
            article_sha256=article.sha256,
            chunk=[chunk.start, chunk.end, hashlib.sha256(chunk_text.encode()).hexdigest()],
            model=self.spec.label,
            prompt=[PROMPT_VERSION, prompt_hash()],
            schema=SCHEMA_VERSION,
            decoding=[self.decoding.temperature, self.decoding.max_tokens, self.decoding.max_reasks],
            title=article.title,
            published=article.published,
        )
        if self.use_cache:
            cached = self._cache.get(key)
            if cached is not None:
                counters.cache_hits += 1
                return cached
        failed_before = counters.followups_failed
        async with semaphore:
            extraction = await request_extraction(
                client,
                chunk_text,
                title=article.title,
                published=article.published,
                decoding=self.decoding,
                policy=self.retry_policy,
                counters=counters,
                article_text=article.text,
            )
        # An answer whose re-ask or continuation failed is used but not cached: the next run
        # asks again rather than keep a loss that may have been the server's.
        if self.use_cache and counters.followups_failed == failed_before:
            self._cache.put(key, extraction, meta={"model": self.spec.label, "article_id": article.id})
        return extraction


def _positive(raw: str | None, name: str, *, default: float) -> float:
    if raw is None:
        return default
    try:
        value = float(raw)
    except ValueError:
        raise ConfigError(f"{name} must be a number, got {raw!r}") from None
    if not value > 0 or math.isinf(value):
        raise ConfigError(f"{name} must be a positive, finite number, got {raw!r}")
    return value


def _count(raw: str | None, name: str, default: int) -> int:
    if raw is None:
        return default
    if not raw.strip().isdigit() or int(raw) < 1:
        raise ConfigError(f"{name} must be a whole number of at least 1, got {raw!r}")
    return int(raw)


def _whole(raw: str | None, name: str, *, default: int) -> int:
    if raw is None:
        return default
    if not raw.strip().isdigit():
        raise ConfigError(f"{name} must be a whole number of at least 0, got {raw!r}")
    return int(raw)


async def _open(client: ModelClient) -> None:
    client.open()  # the SDK client must be created on the loop that will use it


@dataclass
class _Tally:
    """Whether a streamed run failed for every article because of the transport."""

    articles: int = 0
    transport_failures: int = 0
    first_reason: str = "no answer"

    def add(self, result: ArticleResult, *, transport: bool) -> None:
        self.articles += 1
        if transport:
            if self.transport_failures == 0:
                self.first_reason = result.error or self.first_reason
            self.transport_failures += 1

    @property
    def every_article_failed_in_transport(self) -> bool:
        return self.articles > 0 and self.transport_failures == self.articles


__all__ = [
    "DEFAULT_ATTEMPTS",
    "DEFAULT_MAX_FAILURES",
    "DEFAULT_TIMEOUT",
    "STAT_KEYS",
    "WINDOW_PER_SLOT",
    "Decoding",
    "LLMEngine",
    "RetryPolicy",
]
