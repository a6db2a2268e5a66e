"""CPU cost and memory of `extract run` (rules engine) on generated and real-length corpora.

Two corpora:

* ``generated``: articles recombined from many sentence templates with many slot values
  (leaders, countries, cities, bases, verbs, dates, sports and weather filler), 6 to 18 short
  lines each (about 0.9k characters);
* ``real``: the seed articles and the dev-set articles of ``tests/devset`` (about 1.5k to 2.6k
  characters), each copy made distinct by a numbered closing line, cycled to the size asked.

Each size runs ``run_extraction`` (what ``extract run`` calls) in a fresh Python process and
reports that process's own CPU seconds (user + system; wall time on a shared machine measures
the other jobs), articles per CPU second, the CPU seconds of the cross-article merge alone
(``DiskMerger.merge``) and the peak RSS (``ru_maxrss``).

``--long`` adds single articles of 1 MB and 10 MB (the seeds repeated as short lines) and
reports CPU microseconds per character: the rules must stay linear in the text.

    python benchmarks/bench_run.py                              # 1,000 and 10,000, both corpora
    python benchmarks/bench_run.py --sizes 1000 10000 50000 --corpus real
    python benchmarks/bench_run.py --sizes --long               # only the long articles
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
REAL_SOURCES = [ROOT / "seeds", *sorted((ROOT / "tests" / "devset").glob("*/articles"))]

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


def make_real_corpus(path: Path, count: int) -> None:
    """``count`` real-length articles: the seeds and dev-set articles, cycled, each copy distinct."""
    texts = [file.read_text(encoding="utf-8") for source in REAL_SOURCES for file in sorted(source.glob("*.txt"))]
    with path.open("w", encoding="utf-8") as out:
        for number in range(count):
            text = texts[number % len(texts)]
            copy = number // len(texts)
            article = {
                "id": f"real-{number:06d}",
                "title": None,
                "published": f"2025-{copy % 12 + 1:02d}-{copy % 28 + 1:02d}",
                "text": text + (f"\nReport {copy}." if copy else ""),
            }
            out.write(json.dumps(article, ensure_ascii=False) + "\n")


def make_long_article(path: Path, characters: int) -> None:
    """One article of ``characters`` characters: the seeds repeated as short punctuated lines."""
    seeds = "\n".join(file.read_text(encoding="utf-8") for file in sorted((ROOT / "seeds").glob("*.txt")))
    text = (seeds * (characters // len(seeds) + 1))[:characters]
    article = {"id": f"long-{characters}", "title": None, "published": "2025-03-04", "text": text}
    path.write_text(json.dumps(article, ensure_ascii=False) + "\n", encoding="utf-8")


# Runs in a fresh process: the run's own CPU, the merge's CPU and the peak RSS of that process.
_CHILD = """
import json, resource, sys, time
from extractor import run_extraction
from extractor._canonical._spill import DiskMerger
merge_cpu = [0.0]
original = DiskMerger.merge
def timed(self, **kwargs):
    started = time.process_time()
    try:
        return original(self, **kwargs)
    finally:
        merge_cpu[0] += time.process_time() - started
DiskMerger.merge = timed
report = run_extraction([sys.argv[1]], out=sys.argv[2])
usage = resource.getrusage(resource.RUSAGE_SELF)
print(json.dumps({"cpu_s": usage.ru_utime + usage.ru_stime, "merge_cpu_s": merge_cpu[0],
                  "peak_rss_mib": usage.ru_maxrss / 1024, "rows": report.rows}))
"""


# Runs the extraction once and keeps what the engine handed the merger (its spill file).
_SAVE = """
import shutil, sys
from extractor import run_extraction
from extractor._canonical._spill import DiskMerger
original = DiskMerger.merge
def saving(self, **kwargs):
    self._spill.close()
    shutil.copyfile(self._spill_path, sys.argv[3])
    return original(self, **kwargs)
DiskMerger.merge = saving
run_extraction([sys.argv[1]], out=sys.argv[2])
"""

# The merge alone, in a fresh process, on saved engine output: its CPU, the process's peak RSS
# and a digest of every row and mention row in the order written (equal digests: equal output).
_MERGE = """
import hashlib, json, resource, sys, tempfile, time
from pathlib import Path
from extractor._canonical import RECORD_KINDS
from extractor._canonical._spill import DiskMerger
models = {type_name: kind for kind, (_config, type_name) in RECORD_KINDS.items()}
digests = {}
def note(config, row):
    digests.setdefault(config, hashlib.sha256()).update(row.model_dump_json().encode() + b"\\n")
started = time.process_time()
with tempfile.TemporaryDirectory() as folder, DiskMerger(Path(folder) / "merge") as merger:
    with open(sys.argv[1], encoding="utf-8") as lines:
        for line in lines:
            type_name, payload = line.rstrip("\\n").split("\\t", 1)
            merger.add(models[type_name].model_validate_json(payload))
    merger.merge(on_row=note, on_mention=lambda mention: note("mentions", mention))
usage = resource.getrusage(resource.RUSAGE_SELF)
digest = hashlib.sha256("".join(f"{c}:{d.hexdigest()}" for c, d in sorted(digests.items())).encode())
print(json.dumps({"merge_cpu_s": time.process_time() - started, "peak_rss_mib": usage.ru_maxrss / 1024,
                  "digest": digest.hexdigest()[:16]}))
"""


def measure_merge(spill: Path, articles: int, label: str, code: Path) -> dict[str, object]:
    """The merge alone on saved engine output, with the package of ``code`` first on the path."""
    mentions = sum(1 for _line in spill.open(encoding="utf-8"))
    done = subprocess.run(
        [sys.executable, "-c", _MERGE, str(spill.resolve())],
        check=True,
        capture_output=True,
        text=True,
        cwd=spill.parent,
        env={**os.environ, "PYTHONPATH": str(code)},
    )
    figures = json.loads(done.stdout.strip().splitlines()[-1])
    return {
        "corpus": label,
        "articles": articles,
        "mentions": mentions,
        "code": str(code),
        "merge_cpu_s": round(figures["merge_cpu_s"], 2),
        "peak_rss_mib": round(figures["peak_rss_mib"], 1),
        "digest": figures["digest"],
    }


def measure(corpus: Path, out: Path, articles: int, characters: int, label: str) -> dict[str, object]:
    done = subprocess.run(
        # cwd: the temporary folder, so the package comes from PYTHONPATH or the install and
        # never from whichever checkout the benchmark was started in
        [sys.executable, "-c", _CHILD, str(corpus), str(out)],
        check=True,
        capture_output=True,
        text=True,
        cwd=out.parent,
    )
    figures = json.loads(done.stdout.strip().splitlines()[-1])
    cpu = figures["cpu_s"]
    return {
        "corpus": label,
        "articles": articles,
        "characters": characters,
        "cpu_s": round(cpu, 2),
        "articles_per_cpu_s": round(articles / cpu, 1),
        "us_per_char": round(cpu / characters * 1e6, 2),
        "merge_cpu_s": round(figures["merge_cpu_s"], 2),
        "peak_rss_mib": round(figures["peak_rss_mib"], 1),
        "rows": figures["rows"],
    }


def _characters(corpus: Path) -> int:
    with corpus.open(encoding="utf-8") as lines:
        return sum(len(json.loads(line)["text"]) for line in lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="*", default=[1000, 10000])
    parser.add_argument("--corpus", choices=["generated", "real", "both"], default="both")
    parser.add_argument("--long", action="store_true", help="add one 1 MB and one 10 MB article")
    parser.add_argument(
        "--merge-only",
        nargs="*",
        type=Path,
        metavar="CHECKOUT",
        help="extract once per size, then time the merge alone on that engine output in a fresh "
        "process per checkout given (default: this one), with a digest of its output",
    )
    parser.add_argument("--keep", type=Path, help="keep corpora and engine output in this folder, reuse them")
    args = parser.parse_args()
    if args.merge_only is not None:
        _merge_only(args, args.merge_only or [ROOT])
        return
    corpora = ["generated", "real"] if args.corpus == "both" else [args.corpus]
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        for label in corpora:
            for size in sorted(args.sizes):
                corpus = work / f"{label}-{size}.jsonl"
                (make_corpus if label == "generated" else make_real_corpus)(corpus, size)
                print(json.dumps(measure(corpus, work / f"out-{label}-{size}", size, _characters(corpus), label)))
        if args.long:
            for characters in (1_000_000, 10_000_000):
                corpus = work / f"long-{characters}.jsonl"
                make_long_article(corpus, characters)
                print(json.dumps(measure(corpus, work / f"out-long-{characters}", 1, characters, "one long article")))


def _merge_only(args: argparse.Namespace, checkouts: list[Path]) -> None:
    corpora = ["generated", "real"] if args.corpus == "both" else [args.corpus]
    with tempfile.TemporaryDirectory() as tmp:
        work = args.keep or Path(tmp)
        work.mkdir(parents=True, exist_ok=True)
        for label in corpora:
            for size in sorted(args.sizes):
                spill = work / f"spill-{label}-{size}.txt"
                if not spill.exists():
                    corpus = work / f"{label}-{size}.jsonl"
                    (make_corpus if label == "generated" else make_real_corpus)(corpus, size)
                    out = work / f"out-{label}-{size}"
                    subprocess.run(
                        [sys.executable, "-c", _SAVE, str(corpus), str(out), str(spill)],
                        check=True,
                        cwd=work,
                        env={**os.environ, "PYTHONPATH": str(ROOT)},
                    )
                    shutil.rmtree(out, ignore_errors=True)
                for code in checkouts:
                    print(json.dumps(measure_merge(spill, size, label, code)), flush=True)


if __name__ == "__main__":
    main()
