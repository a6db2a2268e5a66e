"""Benchmark `extract validate` against the validators and parsers it could be built on, in one run.

    .venv/bin/python benchmarks/bench_validate.py                 # 100k and 1M Statements
    .venv/bin/python benchmarks/bench_validate.py --records 200000 --small 20000

It writes a JSONL file of generated, contract-conforming Statements into a temporary
folder, then, for the small file and the full one, measures side by side (records per CPU
second, which is steady on a shared machine, and per wall second):

- the real CLI, `extract validate FILE --type statement`, as a subprocess (start-up
  included), with its peak RSS (from `os.wait4`, so each run's figure is its own);
- bare loops in this process over the same lines, each with one precompiled validator of
  the same published schema: `jsonschema` (Draft 2020-12 with its format checker; the
  reference, and today's engine before the fast path), `fastjsonschema`, `jsonschema-rs`
  (with orjson parsing), and bare `json.loads` and `orjson.loads` (the floor: a record must
  at least be parsed). The `jsonschema` loop is slow (a few thousand records per second), so
  it runs over the first `--reference-sample` lines only and its rate is per record read.

The ratio CLI / json.loads is the figure to read (goal >= 0.7, or >= 200k records per CPU
second). The two peak RSS figures show whether memory grows with the file size (it should not).
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
from collections.abc import Callable, Iterator
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


def _loop(path: Path, limit: int, check: Callable[[bytes], bool]) -> Measure:
    seen = invalid = 0
    started, cpu_started = time.perf_counter(), time.process_time()
    with path.open("rb") as handle:
        for line in handle:
            seen += 1
            if not check(line):
                invalid += 1
            if seen == limit:
                break
    seconds, cpu_seconds = time.perf_counter() - started, time.process_time() - cpu_started
    if invalid:
        raise SystemExit(f"a bare loop found {invalid} invalid records in {seen}")
    return Measure(seen, seconds, cpu_seconds)


def bare_loops(path: Path, records: int, reference_sample: int) -> dict[str, Measure]:
    """Each baseline over the same file: validators with their usual parser, and the parsers alone."""
    import fastjsonschema
    import jsonschema_rs
    import orjson

    document = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
    reference = Draft202012Validator(document, format_checker=Draft202012Validator.FORMAT_CHECKER)
    fast = fastjsonschema.compile(document)
    rust = jsonschema_rs.validator_for(document, validate_formats=True)

    def with_fastjsonschema(line: bytes) -> bool:
        try:
            fast(json.loads(line))
        except fastjsonschema.JsonSchemaException:
            return False
        return True

    return {
        "jsonschema (sample)": _loop(path, reference_sample, lambda line: reference.is_valid(json.loads(line))),
        "fastjsonschema": _loop(path, records, with_fastjsonschema),
        "jsonschema-rs + orjson": _loop(path, records, lambda line: rust.is_valid(orjson.loads(line))),
        "json.loads": _loop(path, records, lambda line: json.loads(line) is not None),
        "orjson.loads": _loop(path, records, lambda line: orjson.loads(line) is not None),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--records", type=int, default=1_000_000, help="records in the large file")
    parser.add_argument("--small", type=int, default=100_000, help="records in the small file")
    parser.add_argument("--reference-sample", type=int, default=20_000, help="lines the jsonschema loop reads")
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
            measures = bare_loops(path, size, min(size, args.reference_sample))
            measures["extract validate (CLI)"] = cli = measure_cli(path, size)
            for name, measure in measures.items():
                print(f"  {name:24} {measure.cpu_rate:9,.0f} rec per CPU s {measure.rate:9,.0f} rec/s wall", flush=True)
            rows.append((size, path.stat().st_size, measures, cli))
            path.unlink()
    print()
    names = list(rows[0][2])
    print(
        "| records | file MiB | "
        + " | ".join(f"{name}, rec/CPU s" for name in names)
        + " | CLI / json.loads | CLI peak RSS MiB |"
    )
    print("|---:|---:|" + "---:|" * (len(names) + 2))
    for size, file_bytes, measures, cli in rows:
        cells = " | ".join(f"{measures[name].cpu_rate:,.0f}" for name in names)
        ratio = cli.cpu_rate / measures["json.loads"].cpu_rate
        print(f"| {size:,} | {file_bytes / 2**20:.0f} | {cells} | {ratio:.2f} | {cli.peak_rss_mib:.0f} |")


if __name__ == "__main__":
    main()
