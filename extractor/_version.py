"""The package version, read from the installed distribution's metadata."""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version


def package_version() -> str:
    try:
        return version("newsextract")
    except PackageNotFoundError:  # running from a source tree that was never installed
        return "0+unknown"
