"""The actor alias registry: shipped data extended by user files, one actor per alias."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from importlib.resources import files
from pathlib import Path
from typing import Any, Literal

import yaml

from extractor._errors import ConfigError
from schema import ISO_ALPHA3, Actor

ActorKind = Literal["person", "organisation"]

_ARTICLE_WORDS = frozenset({"al", "el", "the"})
_SEPARATORS = re.compile(r"[\s\-‑–.’'`,]+")


def alias_key(surface: str) -> str:
    """Normalised lookup key: case, punctuation and "al-"/"the" prefixes do not matter."""
    tokens = [token for token in _SEPARATORS.split(surface.casefold()) if token]
    kept = [token for token in tokens if token not in _ARTICLE_WORDS]
    return " ".join(kept or tokens)


@dataclass(frozen=True)
class ActorEntry:
    """One registry entry."""

    name: str
    aliases: tuple[str, ...] = ()
    country: str | None = None
    role: str | None = None
    wikidata: str | None = None
    kind: ActorKind = "person"

    @property
    def actor(self) -> Actor:
        return Actor(name=self.name, country=self.country, role=self.role)

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
        shipped = files("extractor").joinpath("data/actors.yaml").read_text(encoding="utf-8")
        merged: dict[str, ActorEntry] = {}
        for entry in _parse(shipped, source="extractor/data/actors.yaml"):
            merged[entry.name] = entry
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
        role=update.role or base.role,
        wikidata=update.wikidata or base.wikidata,
        kind=update.kind,
    )


def _parse(content: str, *, source: str) -> Iterable[ActorEntry]:
    try:
        document = yaml.safe_load(content)
    except yaml.YAMLError as e:
        first_line = str(e).splitlines()[0] if str(e) else "invalid YAML"
        raise ConfigError(f"actor registry {source}: invalid YAML: {first_line}") from e
    items = document.get("actors") if isinstance(document, Mapping) else document
    if not isinstance(items, list):
        raise ConfigError(f"actor registry {source}: expected a list of actors under 'actors:'")
    return [_entry(item, source=source, index=index) for index, item in enumerate(items)]


def _entry(item: Any, *, source: str, index: int) -> ActorEntry:
    where = f"actor registry {source}: entry {index + 1}"
    if not isinstance(item, Mapping) or not isinstance(item.get("name"), str) or not item["name"].strip():
        raise ConfigError(f"{where}: needs a non-empty 'name'")
    aliases = item.get("aliases") or []
    if not isinstance(aliases, list) or not all(isinstance(alias, str) for alias in aliases):
        raise ConfigError(f"{where} ({item['name']}): 'aliases' must be a list of strings")
    country = item.get("country")
    if country is not None and country not in ISO_ALPHA3:
        raise ConfigError(f"{where} ({item['name']}): {country!r} is not an ISO 3166-1 alpha-3 code")
    kind: ActorKind = "organisation" if item.get("kind") == "organisation" else "person"
    if item.get("kind") not in {None, "person", "organisation"}:
        raise ConfigError(f"{where} ({item['name']}): kind must be person or organisation, not {item.get('kind')!r}")
    unknown = set(item) - {"name", "aliases", "country", "role", "wikidata", "kind"}
    if unknown:
        raise ConfigError(f"{where} ({item['name']}): unknown field(s) {', '.join(sorted(unknown))}")
    role, wikidata = item.get("role"), item.get("wikidata")
    return ActorEntry(
        name=item["name"].strip(),
        aliases=tuple(alias.strip() for alias in aliases if alias.strip()),
        country=country,
        role=str(role) if role is not None else None,
        wikidata=str(wikidata) if wikidata is not None else None,
        kind=kind,
    )
