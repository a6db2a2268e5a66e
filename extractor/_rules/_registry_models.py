"""The shape of the registry files (actors.yaml, facilities.yaml), checked by pydantic models.

A file that does not fit fails with one line naming the file, the entry and the field. An office
held by a person carries the period it was held (``since``, optional ``until``; ISO dates at day,
month or year precision): a registry role is used only for articles dated inside its period, so
that an article of 2016 never calls someone by an office they took in 2025. An office without a
period is left out (the article's own words still give a role).
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, ValidationError, field_validator

from schema import ISO_ALPHA3, FacilityType

_ISO_REDUCED = re.compile(r"^\d{4}(?:-\d{2}(?:-\d{2})?)?$")


def _iso(value: object) -> object:
    """YAML reads 2025-01-20 as a date; keep every period bound as an ISO string."""
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, int):
        return str(value)
    return value


IsoDate = Annotated[str, BeforeValidator(_iso), Field(pattern=_ISO_REDUCED.pattern)]


def _country(value: str | None) -> str | None:
    if value is not None and value not in ISO_ALPHA3:
        raise ValueError(f"{value!r} is not an ISO 3166-1 alpha-3 code")
    return value


class RolePeriod(BaseModel):
    """An office and when it was held."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    role: str = Field(min_length=1)
    since: IsoDate
    until: IsoDate | None = None

    def covers(self, day: str) -> bool:
        """True when ``day`` (ISO, any precision) falls inside the period, compared at the coarser precision."""
        begun = day[: len(self.since)] >= self.since[: len(day)]
        ended = self.until is not None and day[: len(self.until)] >= self.until[: len(day)]
        return begun and not ended


class ActorModel(BaseModel):
    model_config = ConfigDict(extra="forbid")
    name: str = Field(min_length=1)
    aliases: list[str] = []
    country: str | None = None
    role: str | None = None
    since: IsoDate | None = None
    until: IsoDate | None = None
    roles: list[RolePeriod] = []
    wikidata: str | None = None
    kind: Literal["person", "organisation"] = "person"

    _country = field_validator("country")(_country)

    @field_validator("name")
    @classmethod
    def _stripped(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("must not be blank")
        return value.strip()

    def periods(self) -> tuple[RolePeriod, ...]:
        """The offices with their periods; an organisation's role is a description, valid throughout."""
        if self.role is not None and self.kind == "organisation":
            return (RolePeriod(role=self.role, since="0001"),)
        if self.role is not None and self.since is not None:
            return (RolePeriod(role=self.role, since=self.since, until=self.until), *self.roles)
        return tuple(self.roles)  # a person's role without a period is left out


class FacilityModel(BaseModel):
    model_config = ConfigDict(extra="forbid")
    name: str = Field(min_length=1)
    aliases: list[str] = []
    places: list[str] = []
    facility_type: FacilityType = "other"
    operator: str | None = None
    host_country: str | None = None
    location: str | None = None
    operator_places: dict[str, list[str]] = {}

    _operator = field_validator("operator", "host_country")(_country)


def one_line(error: ValidationError, *, source: str, entry: int, name: object) -> str:
    """ "actor registry FILE: entry 3 (Name): since: String should match pattern ..." """
    first = error.errors()[0]
    where = ".".join(str(part) for part in first["loc"]) or "entry"
    label = f" ({name})" if isinstance(name, str) and name.strip() else ""
    return f"{source}: entry {entry}{label}: {where}: {first['msg']}"


__all__ = ["ActorModel", "FacilityModel", "RolePeriod", "one_line"]
