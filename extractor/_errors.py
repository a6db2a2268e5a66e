"""One exception hierarchy; each error knows the CLI exit code it maps to.

``DataError`` is bad data (exit 1): the input was read, and it is wrong.
``InputError`` is unusable input (exit 2): a path that is missing or cannot be read.
``ConfigError`` is a misconfiguration (exit 2): a bad option, a missing key or model.
``ModelError`` is a model server that is down or keeps answering garbage (exit 1).
"""

from __future__ import annotations

from pathlib import Path


class NewsExtractError(Exception):
    """Root of every error newsextract raises on purpose."""

    exit_code: int = 2

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


class InputError(NewsExtractError):
    """An input path that is missing, unreadable or of an unusable kind."""

    exit_code = 2

    def __init__(self, message: str, *, path: Path | str | None = None) -> None:
        super().__init__(f"{path}: {message}" if path is not None else message)
        self.path = path


class ConfigError(NewsExtractError):
    """A setting, option, model name or credential that cannot work."""

    exit_code = 2


class DataError(NewsExtractError):
    """Data that was read but breaks the contract (invalid records, broken invariants)."""

    exit_code = 1

    def __init__(self, message: str, *, problems: list[str] | None = None) -> None:
        super().__init__(message)
        self.problems = problems or []


class ModelError(NewsExtractError):
    """An extraction engine that produced nothing usable: a model server that is down,
    refuses or keeps answering garbage, or any engine that failed on every article."""

    exit_code = 1
