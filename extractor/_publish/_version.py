"""Semantic versions of releases and the bump rule.

The rule: a breaking schema change needs a major bump; records added, removed or
changed (or a field added to a schema) need a minor bump; a release whose data is
unchanged (card, changelog, metadata only) needs a patch bump. A larger bump than the
rule asks for is allowed; a smaller one, or a version that does not increase, is not.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any, Literal

from extractor._errors import ConfigError

Bump = Literal["major", "minor", "patch"]
BUMPS: tuple[Bump, ...] = ("patch", "minor", "major")
_SEMVER = re.compile(r"^v?(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)$")


@dataclass(frozen=True, order=True)
class Version:
    """``MAJOR.MINOR.PATCH``; ordered as semantic versions are."""

    major: int
    minor: int
    patch: int

    @classmethod
    def parse(cls, text: str) -> Version:
        match = _SEMVER.fullmatch(text.strip())
        if match is None:
            raise ConfigError(f"not a semantic version: {text!r} (expected MAJOR.MINOR.PATCH, e.g. 1.2.0)")
        major, minor, patch = (int(part) for part in match.groups())
        return cls(major, minor, patch)

    def bumped(self, bump: Bump) -> Version:
        if bump == "major":
            return Version(self.major + 1, 0, 0)
        if bump == "minor":
            return Version(self.major, self.minor + 1, 0)
        return Version(self.major, self.minor, self.patch + 1)

    def bump_from(self, previous: Version) -> Bump:
        """The level of the step from ``previous`` to this version (which must be greater)."""
        if self.major != previous.major:
            return "major"
        if self.minor != previous.minor:
            return "minor"
        return "patch"

    @property
    def tag(self) -> str:
        return f"v{self}"

    def __str__(self) -> str:
        return f"{self.major}.{self.minor}.{self.patch}"


NO_RELEASE = Version(0, 0, 0)


def next_version(previous: Version | None, *, version: str | None, bump: str | None, required: Bump) -> Version:
    """The version to publish: checked to increase and to be at least the ``required`` bump."""
    if (version is None) == (bump is None):
        raise ConfigError("give exactly one of a version (--version X.Y.Z) or a bump (--bump major|minor|patch)")
    base = previous or NO_RELEASE
    if bump is not None:
        if bump not in BUMPS:
            raise ConfigError(f"unknown bump {bump!r}; expected one of: major, minor, patch")
        chosen = base.bumped(bump)
    else:
        chosen = Version.parse(version or "")
    if chosen <= base:
        last = f"the last release is {previous}" if previous else "versions start above 0.0.0"
        raise ConfigError(f"version {chosen} does not increase: {last}")
    if previous is not None and BUMPS.index(chosen.bump_from(previous)) < BUMPS.index(required):
        raise ConfigError(
            f"version {chosen} is a {chosen.bump_from(previous)} bump from {previous}, but this release "
            f"needs at least a {required} bump ({_why(required)})"
        )
    return chosen


def _why(required: Bump) -> str:
    if required == "major":
        return "a schema changed in a breaking way"
    if required == "minor":
        return "records were added, removed or changed, or a schema gained a field"
    return "only the card and metadata changed"


def schema_change(previous: dict[str, str], current: dict[str, str]) -> tuple[Bump | None, list[str]]:
    """Compare two sets of JSON Schema texts (file name -> text): the bump they need and why.

    Breaking (major): a schema or a property removed, a property's definition changed, a
    property newly required. Additive (minor): a schema or an optional property added.
    """
    reasons: list[str] = []
    level: Bump | None = None

    def note(bump: Bump, reason: str) -> None:
        nonlocal level
        reasons.append(reason)
        if level is None or BUMPS.index(bump) > BUMPS.index(level):
            level = bump

    for name in sorted(previous.keys() - current.keys()):
        note("major", f"{name} removed")
    for name in sorted(current.keys() - previous.keys()):
        note("minor", f"{name} added")
    for name in sorted(previous.keys() & current.keys()):
        old, new = json.loads(previous[name]), json.loads(current[name])
        if old == new:
            continue
        found = len(reasons)
        old, new = _without_docs(old), _without_docs(new)
        old_props: dict[str, Any] = old.get("properties", {})
        new_props: dict[str, Any] = new.get("properties", {})
        for prop in sorted(old_props.keys() - new_props.keys()):
            note("major", f"{name}: field {prop} removed")
        for prop in sorted(old_props.keys() & new_props.keys()):
            if old_props[prop] != new_props[prop]:
                note("major", f"{name}: field {prop} changed")
        for prop in sorted(set(new.get("required", [])) - set(old.get("required", []))):
            note("major", f"{name}: field {prop} now required")
        for prop in sorted(new_props.keys() - old_props.keys()):
            if prop not in new.get("required", []):
                note("minor", f"{name}: field {prop} added")
        if old.get("$defs") != new.get("$defs"):
            note("major", f"{name}: shared definitions changed")
        if len(reasons) == found:
            note("patch", f"{name}: documentation changed")
    return level, reasons


def _without_docs(node: Any, *, names: bool = False) -> Any:
    """A schema without its prose, so that a reworded description is not a breaking change.

    ``names`` is true for the maps keyed by field or definition names (``properties``,
    ``$defs``), whose keys are never schema keywords: a field called ``title`` stays.
    """
    if isinstance(node, dict):
        return {
            key: _without_docs(value, names=not names and key in _NAME_MAPS)
            for key, value in node.items()
            if names or key not in _DOC_KEYS
        }
    if isinstance(node, list):
        return [_without_docs(item) for item in node]
    return node


_NAME_MAPS = frozenset({"properties", "$defs", "patternProperties"})


_DOC_KEYS = frozenset({"description", "title", "examples", "$id", "x-schema-version"})
