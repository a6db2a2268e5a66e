"""The shipped actor registry and facility gazetteer, read for any engine.

The data files (``extractor/data/actors.yaml`` and ``facilities.yaml``) are shared; the
rules engine keeps its own richer matchers over them (``extractor._rules._registry`` and
``_gazetteer``), and engines must not import each other, so this module is the one
engine-neutral way to ask "which canonical actor or facility does this name denote?".
Lookups are spelling-insensitive: case, accents, punctuation, "al-"/"the" particles and,
for facilities, generic words and transliteration variants (``_normalise.facility_key``).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib.resources import files
from typing import Any

from extractor._normalise import facility_key, name_key

_PARTICLES = frozenset({"al", "el", "the", "ad", "as", "ar", "an"})


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


def actor_key(name: str) -> str:
    """A lookup key for a person or organisation name, without particles ("al-", "the")."""
    words = name_key(name.replace("-", " ")).split()
    kept = [word for word in words if word not in _PARTICLES]
    return " ".join(kept or words)


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


__all__ = ["KnownActor", "KnownFacility", "actor_key", "known_actor", "known_facility"]
