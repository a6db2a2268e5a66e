"""`extract run --executor ray` (rules engine) on a real local Ray cluster.

Starts its own cluster on 127.0.0.1 (the tests' helper: head plus a second node, one CPU
each, 100 MB object store per node, no dashboard) and stops it at the end. The corpus is
bench_run.py's generator, dealt into JSONL shards of 100 articles (a JSONL file is one
unit of work). Each run is the real CLI in a fresh driver process; its peak RSS is that
process's own maximum resident set size (the workers are measured apart, not here).

    python benchmarks/bench_ray.py speedup --size 2000    # 1 vs 2 worker processes
    python benchmarks/bench_ray.py rss --sizes 10000 50000 # driver peak RSS
    python benchmarks/bench_ray.py overhead --size 1000    # against the local executor
"""

from __future__ import annotations

import argparse
import json
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT / "benchmarks"))
from _ray_cluster import ray_cluster, split_jsonl  # noqa: E402
from bench_run import make_corpus  # noqa: E402

_DRIVER = """
import resource, sys
from cli import main
sys.argv = ["extract", *sys.argv[2:]]
try:
    main()
except SystemExit as e:
    if e.code:
        raise
finally:
    with open({peak!r}, "w") as f:
        f.write(str(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss))
"""


def corpus(workdir: Path, size: int) -> Path:
    make_corpus(workdir / f"all-{size}.jsonl", size)
    return split_jsonl(workdir / f"all-{size}.jsonl", workdir / f"shards-{size}", max(1, size // 100))


def run(inputs: Path, out: Path, *options: str) -> dict[str, float]:
    """One `extract run` in a fresh driver process: seconds and the driver's peak RSS."""
    peak = out.with_suffix(".peak")
    code = _DRIVER.format(peak=str(peak))
    started = time.perf_counter()
    subprocess.run([sys.executable, "-c", code, "-", "run", str(inputs), "--out", str(out), "-q", *options], check=True)
    seconds = time.perf_counter() - started
    return {"seconds": round(seconds, 2), "driver_peak_rss_mib": round(int(peak.read_text()) / 1024, 1)}


def speedup(size: int, workdir: Path) -> dict[str, object]:
    inputs = corpus(workdir, size)
    rates = {}
    for nodes in (1, 2):
        with ray_cluster(cpus_per_node=1, nodes=nodes) as cluster:
            measured = run(inputs, workdir / f"out-{nodes}", "--executor", "ray", "--ray-address", cluster.address)
            rates[nodes] = round(size / measured["seconds"], 1)
    return {
        "articles": size,
        "articles_per_s_1_worker": rates[1],
        "articles_per_s_2_workers": rates[2],
        "ratio": round(rates[2] / rates[1], 2),
    }


def rss(sizes: list[int], workdir: Path) -> list[dict[str, object]]:
    results = []
    with ray_cluster(cpus_per_node=1) as cluster:
        for size in sizes:
            inputs = corpus(workdir, size)
            measured = run(inputs, workdir / f"out-{size}", "--executor", "ray", "--ray-address", cluster.address)
            results.append({"articles": size, **measured, "articles_per_s": round(size / measured["seconds"], 1)})
    return results


def overhead(size: int, workdir: Path) -> dict[str, object]:
    inputs = corpus(workdir, size)
    local = run(inputs, workdir / "out-local")
    with ray_cluster(cpus_per_node=1) as cluster:
        distributed = run(inputs, workdir / "out-ray", "--executor", "ray", "--ray-address", cluster.address)
    return {
        "articles": size,
        "local": local,
        "ray_2_workers": distributed,
        "ray_over_local": round(distributed["seconds"] / local["seconds"], 2),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("what", choices=["speedup", "rss", "overhead"])
    parser.add_argument("--size", type=int, default=1000)
    parser.add_argument("--sizes", type=int, nargs="+", default=[10000, 50000])
    args = parser.parse_args()
    # A timeout's SIGTERM still runs the cluster's teardown (``finally``), leaving no Ray behind.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    with tempfile.TemporaryDirectory() as tmp:
        workdir = Path(tmp)
        if args.what == "speedup":
            print(json.dumps(speedup(args.size, workdir)))
        elif args.what == "rss":
            for line in rss(sorted(args.sizes), workdir):
                print(json.dumps(line))
        else:
            print(json.dumps(overhead(args.size, workdir)))


if __name__ == "__main__":
    main()
