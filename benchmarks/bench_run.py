"""Throughput and memory of `extract run` (rules engine) on a generated, varied corpus.

Articles are recombined from many sentence templates with many slot values (leaders,
countries, cities, bases, verbs, dates, sports and weather filler), so the engine sees
varied text rather than copies of the seeds. Each size runs the real CLI in a fresh
process; peak RSS is that process's maximum resident set size.

    python benchmarks/bench_run.py                 # 1,000 and 10,000 articles
    python benchmarks/bench_run.py --sizes 200 1000
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

LEADERS = [
    ("President", "Emmanuel Macron", "French"),
    ("Prime Minister", "Narendra Modi", "Indian"),
    ("Chancellor", "Olaf Scholz", "German"),
    ("President", "Recep Tayyip Erdogan", "Turkish"),
    ("Foreign Minister", "Wang Yi", "Chinese"),
    ("President", "Vladimir Putin", "Russian"),
    ("Secretary of State", "Antony Blinken", "US"),
    ("Defence Minister", "Rustem Umerov", "Ukrainian"),
    ("President", "Cyril Ramaphosa", "South African"),
    ("Prime Minister", "Fumio Kishida", "Japanese"),
    ("President", "Luiz Inacio Lula da Silva", "Brazilian"),
    ("Foreign Minister", "Abbas Araghchi", "Iranian"),
]
CITIES = ["Paris", "New Delhi", "Berlin", "Ankara", "Beijing", "Moscow", "Washington", "Kyiv", "Pretoria", "Tokyo"]
BASES = ["Camp Lemonnier", "Ramstein Air Base", "Incirlik Air Base", "Al Udeid Air Base", "Diego Garcia"]
DAYS = ["on Monday", "on Tuesday", "on Wednesday", "last week", "earlier this month", "in March", "on 3 May"]
VERBS = ["said", "stressed", "noted", "warned", "told reporters", "added", "emphasised"]
TOPICS = ["trade", "security", "energy", "the war", "regional stability", "nuclear talks", "migration"]
FILLER = [
    "Heavy rain is expected across the north of the country this weekend.",
    "The home side won 3-1 after a late goal in the second half.",
    "Analysts said markets were calm after the announcement.",
    "The ministry did not respond to a request for comment.",
    "Temperatures will stay well above the seasonal average.",
]


def _sentence(rng: random.Random) -> str:
    (title_a, name_a, adj_a), (title_b, name_b, adj_b) = rng.sample(LEADERS, 2)
    city, base, day, verb, topic = (rng.choice(x) for x in (CITIES, BASES, DAYS, VERBS, TOPICS))
    templates = [
        f"{adj_a} {title_a} {name_a} met {adj_b} {title_b} {name_b} in {city} {day}.",
        f"{name_a} held a phone call with {name_b} {day} to discuss {topic}.",
        f"“We will continue to work together on {topic},” {name_a} {verb}.",
        f"{name_b} {verb} that the talks on {topic} had been constructive.",
        f"The two countries signed a {rng.randint(5, 99)}-year lease for {base} {day}.",
        f"{name_a} is expected to visit {city} next month, officials {verb}.",
        f"According to {name_b}, the agreement on {topic} remains in force.",
        f"Troops stationed at {base} were placed on alert {day}.",
    ]
    return rng.choice(templates)


def make_corpus(path: Path, count: int, seed: int = 7) -> None:
    rng = random.Random(seed)
    with path.open("w", encoding="utf-8") as out:
        for number in range(count):
            body = [_sentence(rng) if rng.random() < 0.7 else rng.choice(FILLER) for _ in range(rng.randint(6, 18))]
            article = {
                "id": f"gen-{number:06d}",
                "title": f"Generated report {number}",
                "published": f"2025-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
                "text": "\n".join(body),
            }
            out.write(json.dumps(article, ensure_ascii=False) + "\n")


def measure(size: int, workdir: Path) -> dict[str, float]:
    corpus = workdir / f"corpus-{size}.jsonl"
    make_corpus(corpus, size)
    extract = Path(sys.executable).with_name("extract")
    started = time.perf_counter()
    subprocess.run([str(extract), "run", str(corpus), "--out", str(workdir / f"out-{size}"), "-q"], check=True)
    seconds = time.perf_counter() - started
    # The largest child so far: sizes run in ascending order, so growth would show.
    peak_kib = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return {
        "articles": size,
        "seconds": round(seconds, 2),
        "articles_per_s": round(size / seconds, 1),
        "peak_rss_mib": round(peak_kib / 1024, 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        for size in sorted(args.sizes):  # ascending, so each peak RSS is that size's own
            print(json.dumps(measure(size, Path(tmp))))


if __name__ == "__main__":
    main()
