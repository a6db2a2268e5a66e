"""A Hub that cannot be reached, or a server that is not the Hub: one-line errors, no release recorded."""

from __future__ import annotations

import socket
import subprocess
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from hub_stub import online_to_the_stand_in  # noqa: F401  (an autouse fixture)
from hub_stub.sample_dataset import Sample
from typer.testing import CliRunner

from cli import app

TOKEN = "hf_stand_in_secret_token"


def _closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
    return port  # nothing listens there once the probe is closed


@contextmanager
def not_a_hub(body: bytes, content_type: str) -> Iterator[str]:
    """A web server that answers every request with 200 and ``body``: up, but not the Hub."""

    class Handler(BaseHTTPRequestHandler):
        def _answer(self) -> None:
            length = int(self.headers.get("content-length") or 0)
            self.rfile.read(length)
            self.send_response(200)
            self.send_header("content-type", content_type)
            self.send_header("content-length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def do_GET(self) -> None:
            self._answer()

        def do_POST(self) -> None:
            self._answer()

        def do_PUT(self) -> None:
            self._answer()

        def log_message(self, format: str, *args: object) -> None:
            return

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        host, port = server.server_address[:2]
        yield f"http://{host!s}:{port}"
    finally:
        server.shutdown()
        server.server_close()


def _publish(tmp_path: Path, endpoint: str) -> tuple[int, str]:
    dataset = Sample().write(tmp_path / "dataset")
    env = {"HF_TOKEN": TOKEN, "HF_ENDPOINT": endpoint, "NEWSEXTRACT_CACHE_DIR": str(tmp_path / "cache")}
    command = ["publish", str(dataset), "--version", "1.0.0", "--repo-id", "org/events"]
    result = CliRunner().invoke(app, command, env=env)
    return result.exit_code, result.output


def _assert_one_line_error(code: int, output: str, tmp_path: Path) -> str:
    assert code == 2, output
    assert "internal error" not in output and "Traceback" not in output and TOKEN not in output
    errors = [line for line in output.splitlines() if line.startswith("error: ")]
    assert len(errors) == 1, output
    releases = tmp_path / "releases"
    if releases.exists():  # nothing was recorded for the release that failed
        tags = subprocess.run(["git", "-C", str(releases), "tag"], capture_output=True, text=True, check=True)
        assert tags.stdout.split() == []
    return errors[0]


def test_an_unreachable_hub_is_a_one_line_error(tmp_path: Path) -> None:
    code, output = _publish(tmp_path, f"http://127.0.0.1:{_closed_port()}")
    error = _assert_one_line_error(code, output, tmp_path)
    assert "cannot reach the Hub" in error


@pytest.mark.parametrize(
    ("body", "content_type"),
    [(b"{}", "application/json"), (b"[1, 2]", "application/json"), (b"<html>hello</html>", "text/html")],
)
def test_a_server_that_is_not_the_hub_is_a_one_line_error(tmp_path: Path, body: bytes, content_type: str) -> None:
    with not_a_hub(body, content_type) as url:
        code, output = _publish(tmp_path, url)
    error = _assert_one_line_error(code, output, tmp_path)
    assert "does not answer like the Hugging Face Hub" in error or "Hub push to org/events failed" in error
