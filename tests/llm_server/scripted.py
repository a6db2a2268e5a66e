"""A scripted OpenAI-compatible server on 127.0.0.1 for deterministic model behaviour.

``ScriptedServer(script)`` serves ``POST /v1/chat/completions``; ``script(request, n)``
gets the parsed JSON request and the 0-based request number and returns a ``Reply``.
It runs in a background thread, so it serves synchronous code under test.

Hostile modes: ``hang()`` never answers; ``drip(reply, every)`` sends the headers at
once, then the body one byte every ``every`` seconds, so each read succeeds well within
a per-read timeout while the whole answer takes far longer than any total deadline.
"""

from __future__ import annotations

import json
import re
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


@dataclass
class Reply:
    """What the server answers: a status, a JSON (or raw text) body, after ``delay`` seconds."""

    status: int = 200
    body: Any = None
    delay: float = 0.0
    headers: dict[str, str] = field(default_factory=dict)
    drip: float = 0.0  # seconds between body bytes; 0 sends the body at once


def hang() -> Reply:
    """A reply that never comes (until the server stops)."""
    return Reply(delay=3600.0)


def drip(reply: Reply, every: float) -> Reply:
    """``reply`` with its body sent one byte every ``every`` seconds after the headers."""
    return Reply(status=reply.status, body=reply.body, delay=reply.delay, headers=reply.headers, drip=every)


Script = Callable[[dict[str, Any], int], Reply]


def completion(content: str, *, finish_reason: str = "stop", prompt_tokens: int = 100) -> Reply:
    """A chat completion whose message content is ``content``."""
    return Reply(
        body={
            "id": "chatcmpl-scripted",
            "object": "chat.completion",
            "created": 0,
            "model": "scripted",
            "choices": [
                {
                    "index": 0,
                    "message": {"role": "assistant", "content": content},
                    "finish_reason": finish_reason,
                }
            ],
            "usage": {
                "prompt_tokens": prompt_tokens,
                "completion_tokens": max(1, len(content) // 4),
                "total_tokens": prompt_tokens + max(1, len(content) // 4),
            },
        }
    )


def article_text(request: dict[str, Any]) -> str:
    """The article chunk sent in the first user message, between the <article> tags."""
    for message in request.get("messages", []):
        content = message.get("content")
        if message.get("role") == "user" and isinstance(content, str):
            match = re.search(r"<article>\n(.*)\n</article>", content, flags=re.DOTALL)
            if match:
                return match.group(1)
    raise AssertionError("no article in the request")


def is_reask(request: dict[str, Any]) -> bool:
    """Whether this request carries a validation error back to the model."""
    return len(request.get("messages", [])) > 2


class ScriptedServer:
    """Context manager running the scripted server; ``url`` is the OpenAI base URL."""

    def __init__(self, script: Script) -> None:
        self.script = script
        self.requests: list[dict[str, Any]] = []
        self._lock = threading.Lock()
        self._stop = threading.Event()
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                length = int(self.headers.get("content-length") or 0)
                request = json.loads(self.rfile.read(length) or b"{}")
                request["_authorization"] = self.headers.get("authorization", "")
                with server._lock:
                    number = len(server.requests)
                    server.requests.append(request)
                reply = server.script(request, number)
                if reply.delay and server._stop.wait(reply.delay):
                    return
                payload = reply.body if isinstance(reply.body, str) else json.dumps(reply.body)
                data = payload.encode()
                try:
                    self.send_response(reply.status)
                    self.send_header("content-type", "application/json")
                    self.send_header("content-length", str(len(data)))
                    for name, value in reply.headers.items():
                        self.send_header(name, value)
                    self.end_headers()
                    if not reply.drip:
                        self.wfile.write(data)
                        return
                    for index in range(len(data)):
                        self.wfile.write(data[index : index + 1])
                        self.wfile.flush()
                        if server._stop.wait(reply.drip):
                            return
                except (BrokenPipeError, ConnectionResetError):
                    pass

            def log_message(self, format: str, *args: Any) -> None:
                return

        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._httpd.daemon_threads = True
        self._thread = threading.Thread(target=self._httpd.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        host, port = self._httpd.server_address[:2]
        return f"http://{host!s}:{port}/v1"

    def __enter__(self) -> ScriptedServer:
        self._thread.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        self._stop.set()
        self._httpd.shutdown()
        self._httpd.server_close()
        self._thread.join(timeout=5)
