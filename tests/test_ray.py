"""`extract run --executor ray` on a real two-node Ray cluster on 127.0.0.1: the same dataset
as the local executor, a worker killed mid-run, an unreachable cluster."""

from __future__ import annotations

import json
import os
import signal
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("ray")

from _ray_cluster import Cluster, cluster_cpus, free_port, ray_cluster, split_jsonl
from typer.testing import CliRunner

from cli import app
from extractor import ConfigError, RayExecutor, read_rows, run_extraction
from extractor._dataset import ALL_CONFIGS

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"
sys.path.insert(0, str(ROOT / "benchmarks"))
from bench_run import make_corpus  # noqa: E402


@pytest.fixture(scope="module")
def cluster() -> Iterator[Cluster]:
    # The whole module takes about 2.5 minutes on two busy cores; 10 is a hang.
    with ray_cluster(cpus_per_node=1, hard_timeout_s=600) as running:
        assert cluster_cpus(running.address) == 2  # two nodes, one CPU each
        yield running


@pytest.fixture(scope="module")
def corpus_2k(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("corpus")
    make_corpus(folder / "all.jsonl", 2000)
    return split_jsonl(folder / "all.jsonl", folder / "shards", 20)


def _contents(dataset: Path) -> dict[str, Any]:
    """Every config's rows sorted by id, with the card and the run report."""
    contents: dict[str, Any] = {
        config: sorted(read_rows(dataset, config), key=lambda row: json.dumps(row, sort_keys=True))
        for config in ALL_CONFIGS
    }
    contents["card"] = (dataset / "README.md").read_text(encoding="utf-8")
    contents["report"] = json.loads((dataset / "run_report.json").read_text(encoding="utf-8"))
    return contents


def _assert_same(local: Path, distributed: Path) -> None:
    expected, got = _contents(local), _contents(distributed)
    for key in expected:
        assert got[key] == expected[key], key
    assert expected["articles"] and expected["mentions"]  # the comparison compared something


@pytest.mark.slow
def test_seeds_give_the_local_dataset_and_load_warning_free(cluster: Cluster, tmp_path: Path) -> None:
    import datasets

    local = run_extraction([SEEDS], out=tmp_path / "local")
    distributed = run_extraction([SEEDS], out=tmp_path / "ray", executor=RayExecutor(address=cluster.address))
    assert distributed.rows == local.rows and distributed.articles == 5
    _assert_same(tmp_path / "local", tmp_path / "ray")
    assert not (tmp_path / "ray" / ".ray").exists()  # the shards are gone once concatenated
    for config in ALL_CONFIGS:  # filterwarnings=error: any warning fails here
        loaded = datasets.load_dataset(str(tmp_path / "ray"), config, split="train", cache_dir=str(tmp_path / "hf"))
        assert loaded.num_rows == distributed.rows[config]


@pytest.mark.slow
def test_2000_generated_articles_give_the_local_dataset(cluster: Cluster, corpus_2k: Path, tmp_path: Path) -> None:
    local = run_extraction([corpus_2k], out=tmp_path / "local")
    distributed = run_extraction(
        [corpus_2k], out=tmp_path / "ray", executor=RayExecutor(address=cluster.address, articles_per_partition=100)
    )
    assert distributed.articles == local.articles == 2000
    assert distributed.rows == local.rows
    _assert_same(tmp_path / "local", tmp_path / "ray")


@pytest.mark.slow
def test_parquet_inputs_are_read_by_the_workers_and_give_the_local_sharded_dataset(
    cluster: Cluster, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    import extractor._ingest._readers as readers

    make_corpus(tmp_path / "all.jsonl", 400, seed=5)
    lines = [json.loads(line) for line in (tmp_path / "all.jsonl").read_text(encoding="utf-8").splitlines()]
    for line in lines[::37]:
        line["id"] = None  # rows without an id: <file id>-<row number>, whoever reads them
    lines[50]["text"] = " "  # a bad row, skipped as a bad JSONL line is
    inputs = tmp_path / "in"
    inputs.mkdir()
    for number in range(4):
        part = pa.Table.from_pylist(lines[number * 100 : (number + 1) * 100])
        pq.write_table(part, inputs / f"train-{number:05d}-of-00004.parquet", row_group_size=30)
    (inputs / "truncated.parquet").write_bytes((inputs / "train-00000-of-00004.parquet").read_bytes()[:-100])

    def driver_reads_rows(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError("the driver read the rows of a Parquet input")

    with monkeypatch.context() as patched:
        patched.setattr(readers, "read_parquet", driver_reads_rows)  # in this process only, not the workers
        distributed = run_extraction(
            [inputs],
            out=tmp_path / "ray",
            executor=RayExecutor(address=cluster.address, articles_per_partition=100),
            rows_per_shard=500,
        )
    local = run_extraction([inputs], out=tmp_path / "local", rows_per_shard=500)
    assert distributed.articles == local.articles == 399
    assert distributed.skipped == local.skipped and len(local.skipped) == 2
    assert distributed.rows == local.rows and local.rows["statements"] > 500  # sharded
    _assert_same(tmp_path / "local", tmp_path / "ray")
    # The same writer cuts the same shards: the data files are byte for byte the local ones.
    files = sorted(path.relative_to(tmp_path / "local") for path in (tmp_path / "local").rglob("*.parquet"))
    assert any(path.name.startswith("train-00001-of-") for path in files)
    assert files == sorted(path.relative_to(tmp_path / "ray") for path in (tmp_path / "ray").rglob("*.parquet"))
    for path in files:
        assert (tmp_path / "local" / path).read_bytes() == (tmp_path / "ray" / path).read_bytes(), path


@pytest.mark.slow
def test_a_worker_killed_mid_run_loses_and_duplicates_nothing(cluster: Cluster, tmp_path: Path) -> None:
    make_corpus(tmp_path / "all.jsonl", 300, seed=11)
    inputs = split_jsonl(tmp_path / "all.jsonl", tmp_path / "shards", 15)
    killed: list[int] = []
    stop = threading.Event()

    def kill_one_busy_worker() -> None:
        while not stop.is_set() and not killed:
            busy = cluster.pids("extract_partitions")
            if busy:
                os.kill(busy[0], signal.SIGKILL)
                killed.append(busy[0])
            time.sleep(0.01)

    killer = threading.Thread(target=kill_one_busy_worker, daemon=True)
    killer.start()
    try:
        report = run_extraction(
            [inputs], out=tmp_path / "ray", executor=RayExecutor(address=cluster.address, articles_per_partition=20)
        )
    finally:
        stop.set()
        killer.join(timeout=5)
    assert killed, "no worker was found running a partition"
    assert report.articles == 300
    run_extraction([inputs], out=tmp_path / "local")
    _assert_same(tmp_path / "local", tmp_path / "ray")


@pytest.mark.slow
def test_one_id_in_two_partitions_is_refused_as_locally_and_the_dataset_stays(cluster: Cluster, tmp_path: Path) -> None:
    from extractor import InputError

    inputs = tmp_path / "in"
    inputs.mkdir()
    line = json.dumps({"id": "same", "text": (SEEDS / sorted(os.listdir(SEEDS))[0]).read_text(encoding="utf-8")})
    (inputs / "a.jsonl").write_text(line + "\n", encoding="utf-8")
    (inputs / "b.jsonl").write_text(line + "\n", encoding="utf-8")
    out = tmp_path / "dataset"
    run_extraction([SEEDS], out=out)
    before = {path: path.read_bytes() for path in out.rglob("*") if path.is_file()}
    with pytest.raises(InputError, match="duplicate article id 'same'") as local:
        run_extraction([inputs], out=out)
    with pytest.raises(InputError, match="duplicate article id 'same'") as distributed:
        run_extraction([inputs], out=out, executor=RayExecutor(address=cluster.address, articles_per_partition=1))
    # Locally the reader names the JSONL lines; across partitions the driver names the files.
    for refused in (local.value, distributed.value):
        assert "a.jsonl" in str(refused) and "b.jsonl" in str(refused)
    assert {path: path.read_bytes() for path in out.rglob("*") if path.is_file()} == before


def test_an_unreachable_cluster_is_one_line_exit_2_and_the_dataset_stays(tmp_path: Path) -> None:
    out = tmp_path / "dataset"
    run_extraction([SEEDS], out=out)
    before = {path: path.read_bytes() for path in out.rglob("*") if path.is_file()}
    address = f"127.0.0.1:{free_port()}"  # nothing listens there
    with pytest.raises(ConfigError, match="cannot reach the Ray cluster"):
        run_extraction([SEEDS], out=out, executor=RayExecutor(address=address))
    result = CliRunner().invoke(
        app, ["run", str(SEEDS), "--out", str(out), "--executor", "ray", "--ray-address", address]
    )
    assert result.exit_code == 2
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: cannot reach the Ray cluster at")
    assert {path: path.read_bytes() for path in out.rglob("*") if path.is_file()} == before


def test_a_built_engine_holding_settings_is_refused_so_no_key_travels_in_a_task(tmp_path: Path) -> None:
    from pydantic import SecretStr

    from extractor import LLMEngine, Settings

    settings = Settings(cache_dir=tmp_path / "cache", openai_api_key=SecretStr("sk-not-a-real-key"))
    built = LLMEngine(model="openai/gpt-4o-mini").build(settings)
    with pytest.raises(ConfigError, match="not a built engine holding settings"):
        run_extraction([SEEDS], out=tmp_path / "d", engine=built, executor=RayExecutor(address="127.0.0.1:1"))
    assert not (tmp_path / "d").exists()


def test_ray_address_without_the_ray_executor_is_refused(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        app, ["run", str(SEEDS), "--out", str(tmp_path / "d"), "--ray-address", "127.0.0.1:6379"]
    )
    assert result.exit_code == 2
    assert "--ray-address applies to --executor ray only" in result.output
    assert not (tmp_path / "d").exists()


def test_ray_address_comes_from_the_environment_only_through_settings() -> None:
    from extractor import Settings

    assert Settings.from_env({"RAY_ADDRESS": "10.0.0.1:6379"}).ray_address == "10.0.0.1:6379"
    assert Settings.from_env({}).ray_address is None
    with pytest.raises(ConfigError):
        RayExecutor(address=" ")


@pytest.mark.slow
def test_llm_engine_one_limit_per_endpoint_a_shared_cache_and_summed_accounting(
    cluster: Cluster, tmp_path: Path
) -> None:
    from llm_server.articles import SAMPLE_TEXT, grounded_answer
    from llm_server.scripted import ScriptedServer, article_text, completion

    from extractor import LLMEngine, Settings

    inputs = tmp_path / "in"
    inputs.mkdir()
    for number in range(6):
        (inputs / f"a{number}.txt").write_text(SAMPLE_TEXT.replace("Vienna", f"Vienna {number}"), encoding="utf-8")
    lock = threading.Lock()
    in_flight = [0, 0]  # now, most at once

    def script(request: dict[str, Any], _number: int) -> Any:
        with lock:
            in_flight[0] += 1
            in_flight[1] = max(in_flight[1], in_flight[0])
        time.sleep(0.3)  # long enough for two workers' requests to overlap without the limit
        with lock:
            in_flight[0] -= 1
        return completion(grounded_answer(article_text(request)))

    with ScriptedServer(script) as server:
        engine = LLMEngine(model="openai/scripted", base_url=server.url, concurrency=1, use_cache=True)
        ray_settings = Settings.from_env({"NEWSEXTRACT_CACHE_DIR": str(tmp_path / "shared-cache")})
        distributed = run_extraction(
            [inputs],
            out=tmp_path / "ray",
            engine=engine,
            settings=ray_settings,
            executor=RayExecutor(address=cluster.address, articles_per_partition=1),
        )
        assert in_flight[1] == 1, "two workers had requests in flight at once"
        assert len(server.requests) == 6
        local = run_extraction(
            [inputs],
            out=tmp_path / "local",
            engine=engine,
            settings=Settings.from_env({"NEWSEXTRACT_CACHE_DIR": str(tmp_path / "local-cache")}),
        )
        assert distributed.accounting == local.accounting and distributed.accounting
        _assert_same(tmp_path / "local", tmp_path / "ray")
        # The workers wrote the answers to the shared cache: a second run asks nothing.
        again = run_extraction(
            [inputs],
            out=tmp_path / "ray",
            engine=engine,
            settings=ray_settings,
            executor=RayExecutor(address=cluster.address, articles_per_partition=1),
        )
        assert len(server.requests) == 12  # the local run's six, no more
        assert again.accounting.get("cache_hits") == 6
