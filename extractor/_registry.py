"""The shipped actor registry and facility gazetteer, read for any engine.

The data files (``extractor/data/actors.yaml`` and ``facilities.yaml``) are shared; the
rules engine keeps its own richer matchers over them (``extractor._rules._registry`` and
``_gazetteer``), and engines must not import each other, so this module is the one
engine-neutral way to ask "which canonical actor or facility does this name denote?".
Lookups are spelling-insensitive: case, accents, punctuation, "al-"/"the" particles and,
for facilities, generic words and transliteration variants (``extractor._text.facility_key``).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib.resources import files
from typing import Any

from extractor._text import actor_key, alias_key, facility_key


@dataclass(frozen=True)
class KnownActor:
    """A registry entry: canonical name, the other names it goes by, country and role."""

    name: str
    aliases: tuple[str, ...]
    country: str | None
    role: str | None

    @property
    def surfaces(self) -> tuple[str, ...]:
        return (self.name, *self.aliases)


@dataclass(frozen=True)
class KnownFacility:
    """A gazetteer entry: canonical name, full-name aliases, bare place names, attributes."""

    name: str
    aliases: tuple[str, ...]
    places: tuple[str, ...]
    facility_type: str
    operator: str | None
    host_country: str | None
    location: str | None

    @property
    def surfaces(self) -> tuple[str, ...]:
        return (self.name, *self.aliases, *self.places)


def known_actor(name: str) -> KnownActor | None:
    """The registry entry ``name`` (canonical or alias, any spelling of case and accents) denotes."""
    return _actors().get(actor_key(name))


def known_facility(name: str) -> KnownFacility | None:
    """The gazetteer entry ``name`` (canonical, alias or place) denotes, up to spelling variants."""
    key = facility_key(name)
    return _facilities().get(key) if key else None


@cache
def _actors() -> dict[str, KnownActor]:
    index: dict[str, KnownActor] = {}
    for item in _load("actors.yaml").get("actors") or []:
        entry = KnownActor(
            name=str(item["name"]),
            aliases=tuple(str(alias) for alias in item.get("aliases") or ()),
            country=item.get("country"),
            role=item.get("role"),
        )
        for surface in entry.surfaces:
            index.setdefault(actor_key(surface), entry)
    return index


def canonical_actor_name(name: str) -> str | None:
    """The canonical name of the registry actor ``name`` is an alias of, by registry alias key.

    The key is the one the rules engine resolves aliases with (``extractor._text.alias_key``),
    so the evaluator credits exactly the aliases the shipped registry declares.
    """
    return _names_by_alias().get(alias_key(name))


@cache
def _names_by_alias() -> dict[str, str]:
    # A later entry wins, as in the rules engine's registry (the shipped file has no clash).
    index: dict[str, str] = {}
    for item in _load("actors.yaml").get("actors") or []:
        name = str(item["name"])
        for surface in (name, *(str(alias).strip() for alias in item.get("aliases") or ())):
            if surface:
                index[alias_key(surface)] = name
    return index


@cache
def _facilities() -> dict[str, KnownFacility]:
    index: dict[str, KnownFacility] = {}
    raw = _load("facilities.yaml")
    for item in raw if isinstance(raw, list) else []:
        entry = KnownFacility(
            name=str(item["name"]),
            aliases=tuple(str(alias) for alias in item.get("aliases") or ()),
            places=tuple(str(place) for place in item.get("places") or ()),
            facility_type=str(item.get("facility_type") or "other"),
            operator=item.get("operator"),
            host_country=item.get("host_country"),
            location=item.get("location"),
        )
        for surface in entry.surfaces:
            key = facility_key(surface)
            if key:
                index.setdefault(key, entry)
    return index


def _load(name: str) -> Any:
    import yaml

    return yaml.safe_load(files("extractor").joinpath("data", name).read_text(encoding="utf-8"))


__all__ = ["KnownActor", "KnownFacility", "actor_key", "canonical_actor_name", "known_actor", "known_facility"]
