"""A local stand-in for the Hugging Face Hub, serving the endpoints a dataset push uses.

The Hub cannot be reached from the test machines, so ``extract publish --repo-id`` is
tested against this server on 127.0.0.1. It implements what ``huggingface_hub``'s
``create_repo``, ``create_commit`` (small files, inline "regular" uploads) and
``create_tag`` call, and records every request so a test can count commits and tags.
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest


@pytest.fixture(autouse=True)
def online_to_the_stand_in(monkeypatch: pytest.MonkeyPatch) -> None:
    """huggingface_hub reads HF_HUB_OFFLINE once, at import; an earlier test in the worker may have set it.

    Imported by the test modules that talk to a stand-in server, so each of them runs online.
    """
    import huggingface_hub.constants

    monkeypatch.setattr(huggingface_hub.constants, "HF_HUB_OFFLINE", False)


_REPO = r"(?P<repo>[^/]+/[^/]+)"
_ROUTES = {
    "create": re.compile(r"^/api/repos/create$"),
    "validate": re.compile(r"^/api/validate-yaml$"),
    "preupload": re.compile(rf"^/api/datasets/{_REPO}/preupload/(?P<rev>[^/?]+)"),
    "commit": re.compile(rf"^/api/datasets/{_REPO}/commit/(?P<rev>[^/?]+)"),
    "tag": re.compile(rf"^/api/datasets/{_REPO}/tag/(?P<rev>[^/?]+)"),
}


@dataclass
class Commit:
    repo: str
    revision: str
    message: str
    files: dict[str, bytes]
    oid: str


@dataclass
class HubState:
    """Everything the stand-in was asked to do."""

    token: str
    repos: set[str] = field(default_factory=set)
    commits: list[Commit] = field(default_factory=list)
    tags: dict[str, dict[str, str]] = field(default_factory=dict)  # repo -> tag -> commit oid
    requests: list[tuple[str, str]] = field(default_factory=list)
    authorizations: list[str | None] = field(default_factory=list)
    fail_commits: bool = False


class HubStub:
    """``with HubStub(token) as hub:`` serves on ``hub.url`` until the block ends."""

    def __init__(self, token: str) -> None:
        self.state = HubState(token=token)
        state = self.state

        class Handler(_Handler):
            hub = state

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self._server.server_address[1]}"
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    def __enter__(self) -> HubStub:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join()


class _Handler(BaseHTTPRequestHandler):
    hub: HubState

    def log_message(self, format: str, *args: Any) -> None:  # keep test output quiet
        del format, args

    def do_GET(self) -> None:
        self._record()
        self._answer(404, {"error": f"not implemented in the stand-in: GET {self.path}"})

    def do_POST(self) -> None:
        self._record()
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        if self.headers.get("Authorization") != f"Bearer {self.hub.token}":
            self._answer(401, {"error": "Invalid credentials in Authorization header"})
            return
        path = self.path.split("?", 1)[0]
        for name, pattern in _ROUTES.items():
            match = pattern.match(path)
            if match:
                getattr(self, f"_{name}")(match.groupdict(), body)
                return
        self._answer(404, {"error": f"not implemented in the stand-in: POST {path}"})

    def _record(self) -> None:
        self.hub.requests.append((self.command, self.path.split("?", 1)[0]))
        self.hub.authorizations.append(self.headers.get("Authorization"))

    def _answer(self, status: int, payload: dict[str, Any]) -> None:
        data = json.dumps(payload).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def _create(self, _: dict[str, str], body: bytes) -> None:
        request = json.loads(body)
        repo = f"{request['organization']}/{request['name']}"
        if repo in self.hub.repos:
            self._answer(409, {"error": "You already created this dataset repo", "url": self._url(repo)})
            return
        self.hub.repos.add(repo)
        self._answer(200, {"url": self._url(repo), "name": repo})

    def _validate(self, _: dict[str, str], body: bytes) -> None:
        content = json.loads(body)["content"]
        ok = content.startswith("---\n") and "\n---\n" in content[4:]
        self._answer(200 if ok else 400, {"errors": [] if ok else [{"message": "no front matter"}]})

    def _preupload(self, route: dict[str, str], body: bytes) -> None:
        if route["repo"] not in self.hub.repos:
            self._answer(404, {"error": "Repository not found"})
            return
        files = json.loads(body)["files"]
        self._answer(
            200,
            {"files": [{"path": item["path"], "uploadMode": "regular", "shouldIgnore": False} for item in files]},
        )

    def _commit(self, route: dict[str, str], body: bytes) -> None:
        if self.hub.fail_commits:
            self._answer(500, {"error": "the stand-in was told to fail commits"})
            return
        lines = [json.loads(line) for line in body.splitlines() if line.strip()]
        header = next(line["value"] for line in lines if line["key"] == "header")
        files = {
            line["value"]["path"]: base64.b64decode(line["value"]["content"]) for line in lines if line["key"] == "file"
        }
        unexpected = [line["key"] for line in lines if line["key"] not in {"header", "file"}]
        if unexpected:
            self._answer(400, {"error": f"the stand-in only takes inline files, got {unexpected}"})
            return
        oid = hashlib.sha1(body).hexdigest()
        commit = Commit(route["repo"], route["rev"], header["summary"], files, oid)
        self.hub.commits.append(commit)
        self._answer(
            200,
            {"success": True, "commitOid": oid, "commitUrl": f"{self._url(route['repo'])}/commit/{oid}"},
        )

    def _tag(self, route: dict[str, str], body: bytes) -> None:
        tag = json.loads(body)["tag"]
        tags = self.hub.tags.setdefault(route["repo"], {})
        if tag in tags:
            self._answer(409, {"error": f"Tag {tag} already exists"})
            return
        tags[tag] = route["rev"]
        self._answer(200, {})

    def _url(self, repo: str) -> str:
        return f"http://{self.headers.get('Host')}/datasets/{repo}"
