"""The actor alias registry: shipped data extended by user files, one actor per alias."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from importlib.resources import files
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import ValidationError

from extractor._errors import ConfigError
from extractor._rules._registry_models import ActorModel, RolePeriod, one_line
from extractor._text import alias_key
from schema import Actor

ActorKind = Literal["person", "organisation"]


@dataclass(frozen=True)
class ActorEntry:
    """One registry entry."""

    name: str
    aliases: tuple[str, ...] = ()
    country: str | None = None
    roles: tuple[RolePeriod, ...] = ()
    wikidata: str | None = None
    kind: ActorKind = "person"

    @property
    def role(self) -> str | None:
        """The office held now: the one period without an end, if any."""
        current = [period.role for period in self.roles if period.until is None]
        return current[-1] if current else None

    @property
    def actor(self) -> Actor:
        return Actor(name=self.name, country=self.country, role=self.role)

    def actor_on(self, day: str | None) -> Actor:
        """The actor with the office held on ``day`` (ISO, any precision); no day: the current one."""
        if day is None:
            return self.actor
        held = [period.role for period in self.roles if period.covers(day)]
        return Actor(name=self.name, country=self.country, role=held[-1] if held else None)

    @property
    def surfaces(self) -> tuple[str, ...]:
        return (self.name, *self.aliases)


@dataclass
class ActorRegistry:
    """Canonical actors by alias. Build with :meth:`load` (shipped data plus user files)."""

    entries: list[ActorEntry] = field(default_factory=list)
    _by_key: dict[str, ActorEntry] = field(default_factory=dict, init=False, repr=False)
    _pattern: re.Pattern[str] | None = field(default=None, init=False, repr=False)

    def __post_init__(self) -> None:
        for entry in self.entries:
            for surface in entry.surfaces:
                key = alias_key(surface)
                other = self._by_key.get(key)
                if other is not None and other.name != entry.name:
                    raise ConfigError(
                        f"actor registry: alias {surface!r} points to two actors: {other.name!r} and {entry.name!r}"
                    )
                self._by_key[key] = entry

    def __hash__(self) -> int:
        return id(self)

    @classmethod
    def load(cls, extra_files: Sequence[Path] = ()) -> ActorRegistry:
        """The shipped registry with each user file merged over it, in order."""
        merged = {entry.name: entry for entry in _shipped_entries()}
        for path in extra_files:
            try:
                content = Path(path).read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError) as e:
                raise ConfigError(f"actor registry {path}: cannot read: {e}") from e
            for entry in _parse(content, source=str(path)):
                merged[entry.name] = _extend(merged.get(entry.name), entry)
        return cls(list(merged.values()))

    def entry(self, surface: str) -> ActorEntry | None:
        """The entry an alias (in any case or punctuation) names, or None."""
        return self._by_key.get(alias_key(surface))

    def resolve(self, surface: str) -> Actor | None:
        """The canonical Actor an alias names, or None."""
        entry = self.entry(surface)
        return entry.actor if entry is not None else None

    def pattern(self) -> re.Pattern[str]:
        """A regex matching every alias as a whole word, longest first; "al-" prefixes optional."""
        if self._pattern is None:
            forms = sorted({surface for entry in self.entries for surface in entry.surfaces}, key=len, reverse=True)
            alternation = "|".join(_surface_regex(form) for form in forms)
            self._pattern = re.compile(rf"(?<![\w\-])(?:{alternation})(?![\w\-])")
        return self._pattern


def _surface_regex(surface: str) -> str:
    parts = []
    for token in re.split(r"\s+", surface.strip()):
        particle = re.match(r"^(?:[Aa]l|[Ee]l)[-‑](.+)$", token)
        if particle:
            parts.append(rf"(?:[Aa]l[-‑ ]|[Ee]l[-‑ ])?{re.escape(particle.group(1))}")
        elif token.lower() == "the":
            parts.append("[Tt]he")
        else:
            parts.append(re.sub(r"['’]", "['’]", re.escape(token)))
    return r"\s+".join(parts)


def _extend(base: ActorEntry | None, update: ActorEntry) -> ActorEntry:
    if base is None:
        return update
    aliases = tuple(dict.fromkeys([*base.aliases, *update.aliases]))
    return ActorEntry(
        name=update.name,
        aliases=aliases,
        country=update.country or base.country,
        roles=update.roles or base.roles,
        wikidata=update.wikidata or base.wikidata,
        kind=update.kind,
    )


@cache
def _shipped_entries() -> tuple[ActorEntry, ...]:
    """The shipped registry, parsed once per process: ``extractor.extract()`` builds an engine per
    call, and parsing the YAML took about 0.3 CPU-s, more than extracting a long article."""
    shipped = files("extractor").joinpath("data/actors.yaml").read_text(encoding="utf-8")
    return tuple(_parse(shipped, source="extractor/data/actors.yaml"))


# libyaml's loader when PyYAML was built with it (the wheels are): the same documents, ~10x faster.
_YamlLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _parse(content: str, *, source: str) -> Iterable[ActorEntry]:
    try:
        document = yaml.load(content, Loader=_YamlLoader)
    except yaml.YAMLError as e:
        first_line = str(e).splitlines()[0] if str(e) else "invalid YAML"
        raise ConfigError(f"actor registry {source}: invalid YAML: {first_line}") from e
    items = document.get("actors") if isinstance(document, Mapping) else document
    if not isinstance(items, list):
        raise ConfigError(f"actor registry {source}: expected a list of actors under 'actors:'")
    return [_entry(item, source=source, index=index) for index, item in enumerate(items)]


def _entry(item: Any, *, source: str, index: int) -> ActorEntry:
    try:
        model = ActorModel.model_validate(item)
    except ValidationError as e:
        name = item.get("name") if isinstance(item, Mapping) else None
        raise ConfigError(one_line(e, source=f"actor registry {source}", entry=index + 1, name=name)) from e
    return ActorEntry(
        name=model.name,
        aliases=tuple(alias.strip() for alias in model.aliases if alias.strip()),
        country=model.country,
        roles=model.periods(),
        wikidata=model.wikidata,
        kind=model.kind,
    )
