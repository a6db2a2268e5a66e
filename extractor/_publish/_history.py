"""The local release history: a git repository (``releases/`` by default) with one tag per version.

``extract run`` rebuilds ``dataset/`` by swapping in a new folder, so the history cannot
live inside it; it lives beside it. Each release is one commit whose tree is exactly the
release folder, tagged ``vX.Y.Z``, like the Hub repository. The working tree of the
history repository shows the latest release; ``git worktree add DIR vX.Y.Z`` shows any.

Publishing is all-or-nothing: the release's blobs and trees are written as git objects
(unreachable until the end), then the branch and the tag are moved in one ``update-ref``
transaction. Only after that is the working tree refreshed.
"""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import tarfile
from pathlib import Path

from extractor._errors import ConfigError, InputError, NewsExtractError
from extractor._publish._version import Version

_IDENTITY = ("-c", "user.name=newsextract", "-c", "user.email=newsextract@localhost")
_TAG = re.compile(r"^v(\d+\.\d+\.\d+)$")
_ZERO = "0" * 40


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
            if self.path.exists() and any(self.path.iterdir()):
                raise InputError("exists but is not a release history (no .git inside)", path=self.path)
            return []
        tags = self._git("tag", "--list", "v*").decode().split()
        return sorted(Version.parse(match[1]) for tag in tags if (match := _TAG.fullmatch(tag)))

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

    def commit(self, release_dir: Path, version: Version, message: str) -> str:
        """Record ``release_dir`` as the release ``version``: one commit and its tag, atomically."""
        if not self.exists:
            self.path.mkdir(parents=True, exist_ok=True)
            self._git("init", "--quiet", "--initial-branch=main")
        tree = self._write_tree(release_dir)
        branch = self._git("symbolic-ref", "HEAD").decode().strip()
        parent = self._git("rev-parse", "--verify", "--quiet", "HEAD", check=False).decode().strip()
        parents = ("-p", parent) if parent else ()
        commit = self._git(*_IDENTITY, "commit-tree", tree, *parents, "-m", message).decode().strip()
        transaction = (
            "start\n"
            f"update {branch} {commit} {parent or _ZERO}\n"
            f"create refs/tags/{version.tag} {commit}\n"
            "prepare\ncommit\n"
        )
        try:
            self._git("update-ref", "--stdin", stdin=transaction.encode())
        except NewsExtractError as e:
            raise ConfigError(
                f"{self.path}: could not record release {version} (another publish at the same time, or "
                f"the tag {version.tag} exists already): {e}"
            ) from e
        # The release is recorded; the checkout only mirrors it, so a failure here loses nothing.
        self._git("read-tree", "-u", "--reset", "HEAD")
        return commit

    def _write_tree(self, folder: Path) -> str:
        entries = []
        for child in sorted(folder.iterdir(), key=lambda path: path.name):
            if child.is_dir():
                entries.append(f"040000 tree {self._write_tree(child)}\t{child.name}")
            else:
                blob = self._git("hash-object", "-w", "--", str(child.resolve())).decode().strip()
                entries.append(f"100644 blob {blob}\t{child.name}")
        return self._git("mktree", stdin="".join(f"{entry}\n" for entry in entries).encode()).decode().strip()

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
