"""The local release history: a git repository (``releases/`` by default) with one tag per version.

``extract run`` rebuilds ``dataset/`` by swapping in a new folder, so the history cannot
live inside it; it lives beside it. Each release is one commit whose tree is exactly the
release folder, tagged ``vX.Y.Z``, like the Hub repository. The working tree of the
history repository shows the latest release; ``git worktree add DIR vX.Y.Z`` shows any.

Only a repository this tool created is a release history: it carries the marker
``.git/newsextract-releases`` (a history from an older version, whose every commit is by
``newsextract@localhost``, is adopted). Any other git repository is refused, so a
publish never commits onto a user's branch.

Publishing is all-or-nothing: the release's blobs and trees are written as git objects
(unreachable until the end), then the branch and the tag are moved in one ``update-ref``
transaction. Only after that is the working tree refreshed. A journal
``.git/newsextract-publish.json`` names the publishing process for the whole write; when
that process died mid-way, the next publish removes the git lock files it left and
refreshes the working tree before anything else.
"""

from __future__ import annotations

import io
import json
import os
import re
import shutil
import socket
import subprocess
import tarfile
from pathlib import Path

from extractor._crashpoints import checkpoint
from extractor._durable import pid_alive, signals_deferred, write_json_exclusive
from extractor._errors import ConfigError, InputError, NewsExtractError
from extractor._outdir import RELEASES_MARKER
from extractor._publish._version import Version

_AUTHOR_EMAIL = "newsextract@localhost"
_IDENTITY = ("-c", "user.name=newsextract", "-c", f"user.email={_AUTHOR_EMAIL}")
# Objects, refs and the index reach the disk before git reports success (git 2.36+; older
# versions ignore the setting).
_DURABLE = ("-c", "core.fsync=added", "-c", "core.fsyncMethod=fsync")
_TAG = re.compile(r"^v(\d+\.\d+\.\d+)$")
_ZERO = "0" * 40
_JOURNAL = "newsextract-publish.json"
_HOW = "give --releases a new or empty folder"


class ReleaseHistory:
    """The git repository that keeps every release."""

    def __init__(self, path: Path) -> None:
        self.path = path

    @property
    def exists(self) -> bool:
        return (self.path / ".git").is_dir()

    def versions(self) -> list[Version]:
        """Every released version, oldest first."""
        if not self.exists:
            if self.path.exists() and (not self.path.is_dir() or any(self.path.iterdir())):
                raise InputError(f"exists but is not a release history (no .git inside); {_HOW}", path=self.path)
            return []
        self._check_ours()
        tags = self._git("tag", "--list", "v*").decode().split()
        return sorted(Version.parse(match[1]) for tag in tags if (match := _TAG.fullmatch(tag)))

    def _check_ours(self) -> None:
        if (self.path / ".git" / RELEASES_MARKER).is_file():
            return
        authors = set(self._git("log", "--all", "--format=%ae", check=False).decode().split())
        if authors == {_AUTHOR_EMAIL}:
            return  # a history written by an older version, before the marker
        if not authors and [entry.name for entry in self.path.iterdir()] == [".git"]:
            return  # created but never used (a publish stopped right after `git init`): nothing to lose
        raise InputError(
            f"is a git repository that extract publish did not create; refusing to commit to it ({_HOW})",
            path=self.path,
        )

    def latest(self) -> Version | None:
        versions = self.versions()
        return versions[-1] if versions else None

    def export(self, version: Version, dest: Path) -> Path:
        """Write the files of one release into ``dest`` (created) and return it."""
        archive = self._git("archive", "--format=tar", version.tag)
        dest.mkdir(parents=True, exist_ok=True)
        with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
            tar.extractall(dest, filter="data")
        return dest

    def recover(self) -> None:
        """Finish what a killed publish left: its git lock files, a stale working tree, its journal.

        A lock file with no journal of a dead publish beside it belongs to someone else's
        git, so it is reported, never removed.
        """
        if not self.exists:
            return
        self._check_ours()
        journal = self.path / ".git" / _JOURNAL
        owner = _read_owner(journal)
        if journal.exists() and owner is not None and _alive(*owner):
            raise ConfigError(
                f"{self.path}: another extract publish (pid {owner[0]} on {owner[1]}) is writing this release "
                f"history; wait for it, or remove {journal} if no such publish exists"
            )
        if journal.exists():
            started = journal.stat().st_mtime
            for lock in self._lock_files():
                if lock.stat().st_mtime >= started:  # taken by git during that publish
                    lock.unlink(missing_ok=True)
        locks = self._lock_files()
        if locks:
            raise InputError(
                f"{locks[0]} exists: a git command is using the release history (or one was killed); "
                "if no git command is running there, remove that file",
                path=self.path,
            )
        if journal.exists():
            # The refs are either the old or the new release (one transaction); the working
            # tree may be half way: make it show what HEAD records.
            if self._git("rev-parse", "--verify", "--quiet", "HEAD", check=False).strip():
                self._git(*_DURABLE, "read-tree", "-u", "--reset", "HEAD")
            journal.unlink()

    def _lock_files(self) -> list[Path]:
        git_dir = self.path / ".git"
        found = [git_dir / name for name in ("index.lock", "HEAD.lock", "packed-refs.lock", "config.lock")]
        found = [path for path in found if path.exists()]
        refs = git_dir / "refs"
        return found + (sorted(refs.rglob("*.lock")) if refs.is_dir() else [])

    def commit(self, release_dir: Path, version: Version, message: str) -> tuple[str, list[str]]:
        """Record ``release_dir`` as the release ``version``: one commit and its tag, atomically.

        Returns the commit and any warnings: a working tree that could not be refreshed
        after the release was recorded is a warning (the next publish refreshes it).
        """
        if not self.exists:
            self.path.mkdir(parents=True, exist_ok=True)
            self._git("init", "--quiet", "--initial-branch=main")
        marker = self.path / ".git" / RELEASES_MARKER
        if not marker.is_file():
            self._check_ours()
            marker.write_text('{"format": 1, "kind": "releases"}\n', encoding="utf-8")
        self.recover()
        journal = self.path / ".git" / _JOURNAL
        if not write_json_exclusive(journal, {"pid": os.getpid(), "host": socket.gethostname()}):
            raise ConfigError(f"{self.path}: another extract publish is writing this release history; wait for it")
        recorded = False
        try:
            checkpoint("publish:journal")
            tree = self._write_tree(release_dir)
            branch = self._git("symbolic-ref", "HEAD").decode().strip()
            parent = self._git("rev-parse", "--verify", "--quiet", "HEAD", check=False).decode().strip()
            parents = ("-p", parent) if parent else ()
            commit = self._git(*_IDENTITY, *_DURABLE, "commit-tree", tree, *parents, "-m", message).decode().strip()
            checkpoint("publish:objects")
            transaction = (
                "start\n"
                f"update {branch} {commit} {parent or _ZERO}\n"
                f"create refs/tags/{version.tag} {commit}\n"
                "prepare\ncommit\n"
            )
            # Ctrl-C or SIGTERM wait until the release is recorded and checked out, or not at all.
            with signals_deferred():
                try:
                    self._git(*_DURABLE, "update-ref", "--stdin", stdin=transaction.encode())
                except NewsExtractError as e:
                    raise ConfigError(
                        f"{self.path}: could not record release {version} (another publish at the same time, "
                        f"or the tag {version.tag} exists already): {e}"
                    ) from e
                recorded = True
                checkpoint("publish:recorded")
                # The release is recorded; the checkout only mirrors it, so a failure here loses nothing.
                try:
                    self._git(*_DURABLE, "read-tree", "-u", "--reset", "HEAD")
                except NewsExtractError as e:
                    return commit, [
                        f"release {version} is recorded, but the working tree was not refreshed ({e}); "
                        "the next publish refreshes it"
                    ]
                checkpoint("publish:checkout")
                journal.unlink()
        except BaseException:
            if not recorded:
                journal.unlink(missing_ok=True)  # nothing recorded: the loose objects are harmless
            raise
        return commit, []

    def _write_tree(self, folder: Path) -> str:
        entries = []
        for child in sorted(folder.iterdir(), key=lambda path: path.name):
            if child.is_dir():
                entries.append(f"040000 tree {self._write_tree(child)}\t{child.name}")
            else:
                blob = self._git(*_DURABLE, "hash-object", "-w", "--", str(child.resolve())).decode().strip()
                entries.append(f"100644 blob {blob}\t{child.name}")
        return (
            self._git(*_DURABLE, "mktree", stdin="".join(f"{entry}\n" for entry in entries).encode()).decode().strip()
        )

    def _git(self, *args: str, stdin: bytes | None = None, check: bool = True) -> bytes:
        git = shutil.which("git")
        if git is None:
            raise ConfigError("git is not installed; the local release history needs it")
        done = subprocess.run([git, "-C", str(self.path), *args], input=stdin, capture_output=True, check=False)
        if check and done.returncode != 0:
            detail = done.stderr.decode(errors="replace").strip().splitlines()
            command = next(arg for arg in args if not arg.startswith("-") and "=" not in arg)
            raise InputError(f"git {command} failed: {detail[-1] if detail else 'no detail'}", path=self.path)
        return done.stdout


def _read_owner(journal: Path) -> tuple[int, str] | None:
    try:
        content = json.loads(journal.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if (
        not isinstance(content, dict)
        or not isinstance(content.get("pid"), int)
        or not isinstance(content.get("host"), str)
    ):
        return None
    return content["pid"], content["host"]


def _alive(pid: int, host: str) -> bool:
    """Whether a publish that wrote a journal may still be running (ours, if it is this process, is not)."""
    if host != socket.gethostname():
        return True  # cannot tell: assume it runs
    return pid != os.getpid() and pid_alive(pid)
