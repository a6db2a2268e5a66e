"""The facility gazetteer (extractor/data/facilities.yaml) and spelling-tolerant name matching.

Folding rule for names (documented in the data file too): transliterated to ASCII by anyascii
(diacritics dropped, other scripts romanised), lower case, "airbase"/"air field" -> "air base"/
"airfield", hyphens and leading "al"/"the" dropped, then transliteration variants: kh -> h,
ou -> u, ei/ey/ay -> i, y -> i, q -> k, and doubled letters collapsed ("Tartous" = "Tartus",
"Khmeimim" = "Hmeimim"). Two folded names of at least six letters that still differ by one edit
are the same facility ("Humaymim" -> "humimim" ~ "hmimim").
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from importlib.resources import files

import yaml

from extractor._text import place_key
from schema import FacilityType


@dataclass(frozen=True)
class FacilityEntry:
    name: str
    facility_type: FacilityType
    operator: str | None
    host_country: str | None
    location: str | None
    aliases: tuple[str, ...] = ()
    places: tuple[str, ...] = ()
    operator_places: dict[str, tuple[str, ...]] = field(default_factory=dict)


def _within_one_edit(a: str, b: str) -> bool:
    if a == b:
        return True
    if abs(len(a) - len(b)) > 1 or min(len(a), len(b)) < 6:
        return False
    if len(a) > len(b):
        a, b = b, a
    i = 0
    while i < len(a) and a[i] == b[i]:
        i += 1
    # one substitution, or one insertion into the shorter string
    return a[i + 1 :] == b[i + 1 :] if len(a) == len(b) else a[i:] == b[i + 1 :]


@cache
def gazetteer() -> tuple[FacilityEntry, ...]:
    """The shipped gazetteer, checked entry by entry (a bad entry is a one-line ValueError)."""
    from pydantic import ValidationError

    from extractor._rules._registry_models import FacilityModel, one_line

    raw = yaml.safe_load(files("extractor").joinpath("data/facilities.yaml").read_text(encoding="utf-8"))
    entries: list[FacilityEntry] = []
    for index, item in enumerate(raw or []):
        try:
            model = FacilityModel.model_validate(item)
        except ValidationError as e:
            name = item.get("name") if isinstance(item, dict) else None
            raise ValueError(one_line(e, source="facilities.yaml", entry=index + 1, name=name)) from e
        entries.append(
            FacilityEntry(
                name=model.name,
                facility_type=model.facility_type,
                operator=model.operator,
                host_country=model.host_country,
                location=model.location,
                aliases=tuple(model.aliases),
                places=tuple(model.places),
                operator_places={code: tuple(places) for code, places in model.operator_places.items()},
            )
        )
    return tuple(entries)


@cache
def _name_index() -> dict[str, FacilityEntry]:
    return {place_key(alias): entry for entry in gazetteer() for alias in (entry.name, *entry.aliases)}


@cache
def _place_index() -> dict[str, FacilityEntry]:
    return {place_key(place): entry for entry in gazetteer() for place in entry.places}


def by_name(surface: str) -> FacilityEntry | None:
    """The entry whose name or alias is ``surface`` up to spelling variants."""
    key = place_key(surface)
    entry = _name_index().get(key)
    if entry is not None:
        return entry
    head = _head(key)
    for known, candidate in _name_index().items():
        if _head(known) == head and _within_one_edit(_stem(known), _stem(key)):
            return candidate
    return None


def by_place(place: str, *, operator: str | None = None) -> FacilityEntry | None:
    """The entry a bare place identifies ("Hmeimim"), or one operated there by ``operator``."""
    key = place_key(place)
    entry = _place_index().get(key)
    if entry is None:
        entry = next((c for k, c in _place_index().items() if _within_one_edit(k, key)), None)
    if entry is not None:
        return entry
    if operator is not None:
        for candidate in gazetteer():
            if any(place_key(p) == key for p in candidate.operator_places.get(operator, ())):
                return candidate
    return None


def place_forms() -> list[str]:
    """Every gazetteer place and alias, longest first (for building a search pattern)."""
    forms = {form for entry in gazetteer() for form in (entry.name, *entry.aliases, *entry.places)}
    return sorted(forms, key=len, reverse=True)


_HEADS = re.compile(r"\b(air base|airfield|air station|naval \w+|military base|base|garrison|camp|fort)\b")


def _head(folded: str) -> str:
    match = _HEADS.search(folded)
    return match.group() if match else ""


def _stem(folded: str) -> str:
    return _HEADS.sub("", folded).strip()
