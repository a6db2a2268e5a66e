"""A real two-node Ray cluster on 127.0.0.1 for the tests, and the processes to stop it.

Every process of the cluster inherits a marker variable, so teardown stops exactly the
processes this cluster started (by pid), never another Ray on the machine.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RAY = Path(sys.executable).with_name("ray")
_MARKER = "NEWSEXTRACT_TEST_RAY_CLUSTER"
_START_TIMEOUT_S = 120


@dataclass(frozen=True)
class Cluster:
    address: str
    marker: str

    def pids(self, title: str = "") -> list[int]:
        """Processes of this cluster (optionally those whose title contains ``title``)."""
        found = []
        for entry in Path("/proc").iterdir():
            if not entry.name.isdigit():
                continue
            try:
                environ = (entry / "environ").read_bytes()
                cmdline = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
            except OSError:
                continue
            if f"{_MARKER}={self.marker}".encode() in environ.split(b"\0") and title in cmdline:
                found.append(int(entry.name))
        return found


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def split_jsonl(source: Path, folder: Path, shards: int) -> Path:
    """``source``'s lines dealt into ``shards`` consecutive JSONL files in ``folder``."""
    lines = source.read_text(encoding="utf-8").splitlines(keepends=True)
    folder.mkdir(parents=True, exist_ok=True)
    size = -(-len(lines) // shards)
    for number in range(shards):
        (folder / f"shard-{number:03d}.jsonl").write_text("".join(lines[number * size : (number + 1) * size]))
    return folder


@contextmanager
def ray_cluster(cpus_per_node: int = 1, nodes: int = 2, *, hard_timeout_s: float = 900) -> Iterator[Cluster]:
    """A head and ``nodes - 1`` more nodes, each with its own CPUs; a small object store, no dashboard.

    After ``hard_timeout_s`` the cluster is stopped whatever is running on it, so a hung
    run fails (its driver loses the cluster) instead of holding the test session forever.
    """
    marker = uuid.uuid4().hex
    temp = Path(tempfile.mkdtemp(prefix="nxray", dir="/tmp"))  # Ray's socket paths must stay short
    port = free_port()
    env = {
        **os.environ,
        _MARKER: marker,
        "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")]),
        "RAY_USAGE_STATS_ENABLED": "0",
        # A token file left in ~/.ray by another local Ray must not make the head demand
        # a token the second node does not send: a loopback test cluster needs none.
        "RAY_AUTH_MODE": "disabled",
    }
    common = [f"--num-cpus={cpus_per_node}", "--object-store-memory=100000000", f"--temp-dir={temp}"]
    cluster = Cluster(address=f"127.0.0.1:{port}", marker=marker)
    try:
        head = [
            str(RAY),
            "start",
            "--head",
            "--node-ip-address=127.0.0.1",
            f"--port={port}",
            "--include-dashboard=false",
        ]
        for command in [head] + [[str(RAY), "start", f"--address={cluster.address}"]] * (nodes - 1):
            started = subprocess.run(
                [*command, *common, "--disable-usage-stats"],
                env=env,
                check=False,  # its output goes into the error below
                capture_output=True,
                text=True,
                timeout=_START_TIMEOUT_S,
            )
            if started.returncode != 0:
                raise RuntimeError(f"{' '.join(command[:3])} failed: {started.stdout[-2000:]}{started.stderr[-2000:]}")
        watchdog = threading.Timer(hard_timeout_s, _stop, args=(cluster,))
        watchdog.daemon = True
        watchdog.start()
        try:
            yield cluster
        finally:
            watchdog.cancel()
    finally:
        _stop(cluster)
        shutil.rmtree(temp, ignore_errors=True)


def _children(pids: set[int]) -> set[int]:
    """``pids`` and all their descendants (Ray's agents rename themselves and hide the marker)."""
    parents: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                parents[int(entry.name)] = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
    found = set(pids)
    grew = True
    while grew:
        more = {pid for pid, parent in parents.items() if parent in found} - found
        found |= more
        grew = bool(more)
    return found


def _stop(cluster: Cluster) -> None:
    everything = _children(set(cluster.pids()))
    for sig in (signal.SIGTERM, signal.SIGKILL):
        for pid in everything | set(cluster.pids()):
            with suppress(ProcessLookupError):
                os.kill(pid, sig)
        deadline = time.monotonic() + 10
        while _alive(everything | set(cluster.pids())) and time.monotonic() < deadline:
            time.sleep(0.2)
        if not _alive(everything | set(cluster.pids())):
            return


def _alive(pids: set[int]) -> set[int]:
    """The processes of ``pids`` still running (a zombie has finished)."""
    running = set()
    for pid in pids:
        try:
            state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
        except (OSError, IndexError):
            continue
        if state != "Z":
            running.add(pid)
    return running


def cluster_cpus(address: str) -> float:
    """The cluster's CPUs, asked from a separate process (the test process stays unconnected)."""
    code = (
        f"import json, ray; ray.init(address={address!r}, log_to_driver=False);"
        " print(json.dumps(ray.cluster_resources().get('CPU', 0)))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60)
    return float(json.loads(done.stdout.strip().splitlines()[-1]))
