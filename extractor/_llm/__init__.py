"""The ``llm`` engine: one structured request per article chunk, grounded, cached, concurrent.

Each chunk of an article goes to the model with the container response model
(``_container.Extraction``). instructor validates the answer with the chunk text as
validation context, so a quote that is not in the article is sent back to the model as
a re-ask; after ``max_reasks`` the last answer is salvaged and only its grounded records
are kept. Transport failures are retried separately (``_client.with_transport_retries``).
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import hashlib
from collections.abc import Iterable, Iterator
from typing import Any

from extractor._config import Settings
from extractor._engine import AnyRecord, ArticleResult
from extractor._errors import ConfigError, ModelError
from extractor._llm._cache import AnswerCache, cache_key
from extractor._llm._chunking import Chunk, chunk_article
from extractor._llm._client import ModelClient, RetryPolicy, parse_model
from extractor._llm._convert import convert, merge_records
from extractor._llm._prompt import PROMPT_VERSION, prompt_hash
from extractor._llm._request import ChunkFailedError, Counters, Decoding, request_extraction
from extractor._version import package_version
from schema import SCHEMA_VERSION, Article, Extractor

STAT_KEYS = ("calls", "retries", "reasks", "tokens_in", "tokens_out", "rejected", "cache_hits")


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
            self.settings.llm_timeout, "NEWSEXTRACT_LLM_TIMEOUT", default=120.0
        )
        if self.request_timeout <= 0:
            raise ConfigError(f"the request timeout must be positive, got {self.request_timeout}")
        attempts = int(_positive(self.settings.llm_attempts, "NEWSEXTRACT_LLM_ATTEMPTS", default=4))
        self.retry_policy = retry_policy or RetryPolicy(attempts=attempts)
        self.decoding = decoding or Decoding(
            max_tokens=int(_positive(self.settings.llm_max_tokens, "NEWSEXTRACT_LLM_MAX_TOKENS", default=2048)),
            max_reasks=_whole(self.settings.llm_reasks, "NEWSEXTRACT_LLM_REASKS", default=2),
        )
        self._cache = AnswerCache(self.settings.cache_dir / "llm")

    def __repr__(self) -> str:
        return f"LLMEngine(model={self.spec.label!r}, base_url={self.spec.base_url!r})"

    @property
    def provenance(self) -> Extractor:
        return Extractor(engine="llm", version=package_version(), model=self.spec.label, prompt_hash=prompt_hash())

    def extract_all(self, articles: Iterable[Article]) -> Iterator[ArticleResult]:
        """One result per article, in input order; ``ModelError`` when the server is unusable."""
        batch = list(articles)
        if not batch:
            return iter(())
        results, transport_failures = _run_sync(self._extract_many(batch))
        if transport_failures == len(batch):
            reason = results[0].error or "no answer"
            raise ModelError(f"model server {self.spec.label} failed for every article: {reason}")
        return iter(results)

    async def _extract_many(self, articles: list[Article]) -> tuple[list[ArticleResult], int]:
        client = ModelClient(self.spec, settings=self.settings, request_timeout=self.request_timeout)
        client.open()
        semaphore = asyncio.Semaphore(self.concurrency)
        try:
            outcomes = await asyncio.gather(*(self._extract_one(a, client, semaphore) for a in articles))
        finally:
            await client.close()
        return [result for result, _ in outcomes], sum(transport for _, transport in outcomes)

    async def _extract_one(
        self, article: Article, client: ModelClient, semaphore: asyncio.Semaphore
    ) -> tuple[ArticleResult, bool]:
        counters = Counters()
        chunks = chunk_article(article.text, max_chars=self.decoding.chunk_chars)
        answers = await asyncio.gather(
            *(self._answer(article, chunk, client, semaphore, counters) for chunk in chunks),
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
        records: list[AnyRecord] = []
        for chunk, extraction in zip(chunks, answers, strict=True):
            assert not isinstance(extraction, BaseException)
            kept, rejected = convert(extraction, article=article, chunk=chunk, extractor=self.provenance)
            records += kept
            counters.rejected += rejected
        return ArticleResult(article=article, records=merge_records(records), stats=counters.as_stats()), False

    async def _answer(
        self,
        article: Article,
        chunk: Chunk,
        client: ModelClient,
        semaphore: asyncio.Semaphore,
        counters: Counters,
    ) -> Any:
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
        async with semaphore:
            extraction = await request_extraction(
                client,
                chunk_text,
                title=article.title,
                published=article.published,
                decoding=self.decoding,
                policy=self.retry_policy,
                counters=counters,
            )
        if self.use_cache:
            self._cache.put(key, extraction, meta={"model": self.spec.label, "article_id": article.id})
        return extraction


def _positive(raw: str | None, name: str, *, default: float) -> float:
    if raw is None:
        return default
    try:
        value = float(raw)
    except ValueError:
        raise ConfigError(f"{name} must be a number, got {raw!r}") from None
    if value <= 0:
        raise ConfigError(f"{name} must be positive, got {raw!r}")
    return value


def _whole(raw: str | None, name: str, *, default: int) -> int:
    if raw is None:
        return default
    if not raw.strip().isdigit():
        raise ConfigError(f"{name} must be a whole number of at least 0, got {raw!r}")
    return int(raw)


def _run_sync(coroutine: Any) -> Any:
    """Run ``coroutine`` to completion, also when called from inside a running event loop."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(coroutine)
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, coroutine).result()


__all__ = ["STAT_KEYS", "Decoding", "LLMEngine", "RetryPolicy"]
