"""Benchmark the llm engine: concurrency speed-up, cached re-run, calls and tokens per article.

    .venv/bin/python benchmarks/bench_llm.py            # scripted loopback server only
    .venv/bin/python benchmarks/bench_llm.py --real     # also the real llama.cpp server (slow)

The concurrency figure uses a scripted OpenAI-compatible server that answers every
request after a fixed latency (200 ms), so the ideal speed-up of ``--concurrency 8`` over
``--concurrency 1`` is close to 8x; what is lost is the client's own CPU time per call.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from llm_server.articles import grounded_answer, make_article  # noqa: E402
from llm_server.scripted import Reply, ScriptedServer, article_text, completion  # noqa: E402

from extractor import iter_articles  # noqa: E402
from extractor._config import Settings  # noqa: E402
from extractor._llm import Decoding, LLMEngine  # noqa: E402
from schema import Article  # noqa: E402


def seed_articles(copies: int) -> list[Article]:
    seeds = list(iter_articles([ROOT / "seeds"]))
    return [
        make_article(f"{article.id}-{copy}", f"{article.text}\n(copy {copy})")
        for copy in range(copies)
        for article in seeds
    ]


def timed_run(engine: LLMEngine, articles: list[Article]) -> tuple[float, dict[str, int]]:
    started = time.perf_counter()
    results = list(engine.extract_all(articles))
    elapsed = time.perf_counter() - started
    totals: dict[str, int] = {}
    for result in results:
        for key, value in result.stats.items():
            totals[key] = totals.get(key, 0) + value
    return elapsed, totals


def scripted(latency: float, articles: int) -> None:
    def answer(request: dict[str, Any], _: int) -> Reply:
        reply = completion(grounded_answer(article_text(request)))
        reply.delay = latency
        return reply

    batch = seed_articles(max(1, articles // 5))
    with ScriptedServer(answer) as server, tempfile.TemporaryDirectory() as cache:
        settings = Settings(cache_dir=Path(cache))

        def engine(concurrency: int, *, use_cache: bool) -> LLMEngine:
            return LLMEngine(
                model="openai/scripted",
                base_url=server.url,
                concurrency=concurrency,
                use_cache=use_cache,
                settings=settings,
            )

        timed_run(engine(8, use_cache=False), batch[:2])  # warm-up: imports, first connection
        serial, _ = timed_run(engine(1, use_cache=False), batch)
        parallel, _ = timed_run(engine(8, use_cache=False), batch)
        timed_run(engine(8, use_cache=True), batch)
        cached, totals = timed_run(engine(8, use_cache=True), batch)
    print(f"scripted server, {latency * 1000:.0f} ms latency, {len(batch)} articles")
    print(f"  concurrency 1: {serial:.2f} s   concurrency 8: {parallel:.2f} s   speed-up {serial / parallel:.1f}x")
    print(f"  fully cached re-run: {cached:.3f} s, {totals['calls']} model calls, {totals['cache_hits']} cache hits")


def real(articles: int, max_tokens: int, reasks: int) -> None:
    from llm_server.llama import MODEL_ALIAS, llama_server

    batch = list(iter_articles([ROOT / "seeds"]))[:articles]
    with tempfile.TemporaryDirectory() as work, llama_server(Path(work) / "server.log") as url:
        engine = LLMEngine(
            model=f"openai/{MODEL_ALIAS}",
            base_url=url,
            concurrency=1,
            use_cache=True,
            settings=Settings(cache_dir=Path(work) / "cache"),
            request_timeout=600,
            decoding=Decoding(max_tokens=max_tokens, max_reasks=reasks),
        )
        started = time.perf_counter()
        results = list(engine.extract_all(batch))
        elapsed = time.perf_counter() - started
        cached, cached_totals = timed_run(engine, batch)
    print(f"llama.cpp server, Gemma 3 270M Q4_K_M, {len(batch)} seeds, max_tokens {max_tokens}, re-asks {reasks}")
    for key in ("calls", "reasks", "retries", "tokens_in", "tokens_out", "rejected"):
        values = [result.stats.get(key, 0) for result in results]
        print(f"  {key} per article: mean {statistics.mean(values):.1f} (min {min(values)}, max {max(values)})")
    kept = sum(len(result.records) for result in results)
    failed = [result.error for result in results if result.error]
    print(f"  records kept: {kept}; failed articles: {len(failed)} {failed[:2]}")
    print(f"  wall time: {elapsed:.1f} s ({elapsed / len(batch):.1f} s per article)")
    print(f"  cached re-run: {cached:.3f} s, {cached_totals['calls']} model calls")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--latency", type=float, default=0.2)
    parser.add_argument("--articles", type=int, default=40)
    parser.add_argument("--real", action="store_true", help="also benchmark the real llama.cpp server")
    parser.add_argument("--real-articles", type=int, default=5)
    parser.add_argument("--max-tokens", type=int, default=256)
    parser.add_argument("--reasks", type=int, default=1)
    options = parser.parse_args()
    scripted(options.latency, options.articles)
    if options.real:
        real(options.real_articles, options.max_tokens, options.reasks)


if __name__ == "__main__":
    main()
