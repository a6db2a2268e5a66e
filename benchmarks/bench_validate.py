"""Benchmark `extract validate` against a bare jsonschema loop over the same JSONL file.

    .venv/bin/python benchmarks/bench_validate.py                 # 100k and 1M Statements
    .venv/bin/python benchmarks/bench_validate.py --records 200000 --small 20000

It writes a JSONL file of generated, contract-conforming Statements into a temporary
folder, then, for the small file and the full one, measures:

- the real CLI, `extract validate FILE --type statement`, as a subprocess: records/s
  over its wall time (start-up included) and its peak RSS (from `os.wait4`, so each run's
  figure is its own);
- a bare loop in this process, `for line in f: list(validator.iter_errors(json.loads(line)))`,
  with one precompiled Draft 2020-12 validator of the same published schema and the same
  format checker.

The ratio CLI/bare is our overhead (goal >= 0.8), given both per CPU second (child's
user+sys time against this process's CPU time; steady on a shared machine) and per wall
second. The two peak RSS figures show whether memory grows with the file size (it should not).
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
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from jsonschema import Draft202012Validator

ROOT = Path(__file__).resolve().parents[1]
SCHEMA_FILE = ROOT / "schema" / "json" / "statement.schema.json"

_NAMES = [
    ("Vladimir Putin", "RUS", "President of Russia"),
    ("Ahmed al-Sharaa", "SYR", "President of Syria"),
    ("Recep Tayyip Erdogan", "TUR", "President of Turkey"),
    ("Kremlin", "RUS", None),
    ("Syrian officials", "SYR", None),
    ("Antony Blinken", "USA", "Secretary of State"),
    ("Asaad al-Shibani", "SYR", "Foreign Minister of Syria"),
]
_WORDS = [
    "we",
    "will",
    "keep",
    "the",
    "bases",
    "and",
    "work",
    "with",
    "the",
    "new",
    "government",
    "on",
    "every",
    "agreement",
    "signed",
    "and",
    "respected",
]


def generate_statements(count: int, *, seed: int = 7) -> Iterator[dict[str, Any]]:
    """Varied, valid Statements: dates of every precision, one to three evidence passages."""
    rng = random.Random(seed)
    for index in range(count):
        name, country, role = rng.choice(_NAMES)
        text = " ".join(rng.choices(_WORDS, k=rng.randint(5, 25))).capitalize() + "."
        year, month, day = rng.randint(2000, 2030), rng.randint(1, 12), rng.randint(1, 28)
        date = rng.choice([f"{year}", f"{year}-{month:02d}", f"{year}-{month:02d}-{day:02d}", None])
        evidence = []
        for passage in range(rng.randint(1, 3)):
            start = rng.randint(0, 5000)
            evidence.append(
                {
                    "article_id": f"article-{index % 977}-{passage}",
                    "start": start,
                    "end": start + len(text),
                    "text": text,
                }
            )
        yield {
            "id": f"statement-{index:08d}",
            "evidence": evidence,
            "confidence": round(rng.random(), 3),
            "extractor": {"engine": "rules", "version": "0.1.0", "model": None},
            "speaker": {"name": name, "country": country, "role": role},
            "text": text,
            "direct": rng.random() < 0.5,
            "date": date,
            "channel": rng.choice([None, "press conference", "TASS", "readout"]),
        }


def write_jsonl(path: Path, count: int) -> None:
    with path.open("w", encoding="utf-8") as handle:
        for record in generate_statements(count):
            handle.write(json.dumps(record, ensure_ascii=False))
            handle.write("\n")


@dataclass
class Measure:
    records: int
    seconds: float
    cpu_seconds: float
    peak_rss_mib: float | None = None

    @property
    def rate(self) -> float:
        return self.records / self.seconds

    @property
    def cpu_rate(self) -> float:
        """Records per CPU second: steadier than wall time on a machine shared with other jobs."""
        return self.records / self.cpu_seconds


def measure_cli(path: Path, records: int) -> Measure:
    executable = shutil.which("extract", path=str(Path(sys.executable).parent)) or shutil.which("extract")
    if executable is None:
        raise SystemExit("the `extract` console script is not installed (pip install -e .)")
    command = [executable, "validate", str(path), "--type", "statement"]
    started = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    output = process.stdout.read() if process.stdout else b""
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - started
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        raise SystemExit(f"extract validate failed ({process.returncode}):\n{output.decode()[-2000:]}")
    if f"{records} records, 0 invalid" not in output.decode():
        raise SystemExit(f"unexpected summary: {output.decode()[-500:]}")
    cpu_seconds = usage.ru_utime + usage.ru_stime
    return Measure(records, seconds, cpu_seconds, peak_rss_mib=usage.ru_maxrss / 1024)  # ru_maxrss is KiB on Linux


def measure_bare(path: Path, records: int) -> Measure:
    validator = Draft202012Validator(
        json.loads(SCHEMA_FILE.read_text(encoding="utf-8")), format_checker=Draft202012Validator.FORMAT_CHECKER
    )
    seen = invalid = 0
    started, cpu_started = time.perf_counter(), time.process_time()
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            seen += 1
            if list(validator.iter_errors(json.loads(line))):
                invalid += 1
    seconds, cpu_seconds = time.perf_counter() - started, time.process_time() - cpu_started
    if seen != records or invalid:
        raise SystemExit(f"bare loop saw {seen} records, {invalid} invalid")
    return Measure(records, seconds, cpu_seconds)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--records", type=int, default=1_000_000, help="records in the large file")
    parser.add_argument("--small", type=int, default=100_000, help="records in the small file")
    args = parser.parse_args()
    sizes = sorted({min(args.small, args.records), args.records})
    with tempfile.TemporaryDirectory(prefix="bench-validate-") as folder:
        rows = []
        for size in sizes:
            path = Path(folder) / f"statements-{size}.jsonl"
            started = time.perf_counter()
            write_jsonl(path, size)
            print(
                f"generated {size} records ({path.stat().st_size / 2**20:.0f} MiB) "
                f"in {time.perf_counter() - started:.1f} s",
                flush=True,
            )
            bare = measure_bare(path, size)
            print(
                f"  bare loop:        {bare.rate:7.0f} records/s wall, {bare.cpu_rate:7.0f} per CPU s",
                flush=True,
            )
            cli = measure_cli(path, size)
            print(
                f"  extract validate: {cli.rate:7.0f} records/s wall, {cli.cpu_rate:7.0f} per CPU s, "
                f"peak RSS {cli.peak_rss_mib:.0f} MiB",
                flush=True,
            )
            rows.append((size, path.stat().st_size, bare, cli))
            path.unlink()
    print()
    print(
        "| records | file MiB | bare rec/CPU s | CLI rec/CPU s | ratio (CPU) "
        "| bare rec/s wall | CLI rec/s wall | ratio (wall) | CLI peak RSS MiB |"
    )
    print("|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for size, file_bytes, bare, cli in rows:
        print(
            f"| {size:,} | {file_bytes / 2**20:.0f} | {bare.cpu_rate:,.0f} | {cli.cpu_rate:,.0f} "
            f"| {cli.cpu_rate / bare.cpu_rate:.2f} | {bare.rate:,.0f} | {cli.rate:,.0f} "
            f"| {cli.rate / bare.rate:.2f} | {cli.peak_rss_mib:.0f} |"
        )


if __name__ == "__main__":
    main()
