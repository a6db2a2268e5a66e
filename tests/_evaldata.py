"""Small hand-built datasets for the eval and review tests (written with ConfigWriter)."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from extractor._dataset import ConfigWriter
from schema import Actor, Agreement, Article, Evidence, Extractor, Meeting, MilitaryFacility, Statement

EXTRACTOR = Extractor(engine="rules", version="0.0.test")


def article(article_id: str, text: str, **fields: Any) -> Article:
    return Article(id=article_id, text=text, sha256=hashlib.sha256(text.encode()).hexdigest(), **fields)


def evidence(art: Article, passage: str, occurrence: int = 0) -> Evidence:
    start = -1
    for _ in range(occurrence + 1):
        start = art.text.index(passage, start + 1)
    return Evidence(article_id=art.id, start=start, end=start + len(passage), text=passage)


def actor(name: str, country: str | None = None, role: str | None = None) -> Actor:
    return Actor(name=name, country=country, role=role)


def meeting(rid: str, ev: list[Evidence], participants: list[Actor], **fields: Any) -> Meeting:
    fields.setdefault("format", "in_person")
    fields.setdefault("status", "held")
    return Meeting(id=rid, evidence=ev, confidence=0.9, extractor=EXTRACTOR, participants=participants, **fields)


def statement(rid: str, ev: list[Evidence], speaker: Actor, text: str, **fields: Any) -> Statement:
    fields.setdefault("direct", True)
    return Statement(id=rid, evidence=ev, confidence=0.8, extractor=EXTRACTOR, speaker=speaker, text=text, **fields)


def facility(rid: str, ev: list[Evidence], name: str, aliases: list[str], **fields: Any) -> MilitaryFacility:
    fields.setdefault("facility_type", "air_base")
    fields.setdefault("status", "active")
    return MilitaryFacility(
        id=rid, evidence=ev, confidence=0.7, extractor=EXTRACTOR, name=name, aliases=aliases, **fields
    )


def agreement(rid: str, ev: list[Evidence], parties: list[str], **fields: Any) -> Agreement:
    fields.setdefault("agreement_type", "lease")
    fields.setdefault("status", "in_force")
    fields.setdefault("facilities", [])
    return Agreement(id=rid, evidence=ev, confidence=0.6, extractor=EXTRACTOR, parties=parties, **fields)


def write_dataset(folder: Path, configs: dict[str, Iterable[BaseModel]]) -> Path:
    for config, records in configs.items():
        writer = ConfigWriter(folder, config)
        writer.add_all(records)
        writer.close()
    return folder


def write_jsonl(path: Path, lines: Iterable[dict[str, Any]]) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("".join(json.dumps(line) + "\n" for line in lines), encoding="utf-8")
    return path


# ---- one small corpus, used by several tests ----------------------------------------------

TEXT_A = (
    "Russian President Vladimir Putin met Syrian President Ahmed al-Sharaa in Moscow on Wednesday. "
    '"We need Russia," Sharaa said. The two discussed the Khmeimim air base and the naval base in Tartus. '
    "Russia holds a 49-year lease on Hmeimim signed in 2017."
)
TEXT_B = (
    'Sharaa, who visited Moscow last week, told reporters: "Our ties are strategic." '
    "Officials said the Hmeimim base stays active. Putin spoke with Erdogan by phone on Friday."
)


def corpus() -> tuple[list[Article], dict[str, list[BaseModel]]]:
    """Two articles; the meeting and the facility are reported by both."""
    a = article("a", TEXT_A, title="Putin meets Sharaa", published="2025-10-15", publisher="Wire")
    b = article("b", TEXT_B, title="Sharaa on ties", published="2025-10-20")
    putin, sharaa = actor("Vladimir Putin", "RUS"), actor("Ahmed al-Sharaa", "SYR")
    records: dict[str, list[BaseModel]] = {
        "meetings": [
            meeting(
                "m1",
                [evidence(a, "Putin met Syrian President Ahmed al-Sharaa in Moscow"), evidence(b, "visited Moscow")],
                [putin, sharaa],
                date="2025-10-15",
                location="Moscow",
            ),
            meeting(
                "m2",
                [evidence(b, "Putin spoke with Erdogan by phone")],
                [putin, actor("Recep Tayyip Erdogan")],
                date="2025-10-17",
                format="phone_call",
            ),
        ],
        "statements": [
            statement("s1", [evidence(a, '"We need Russia," Sharaa said')], sharaa, "We need Russia"),
            statement("s2", [evidence(b, '"Our ties are strategic."')], sharaa, "Our ties are strategic."),
        ],
        "military_facilities": [
            facility(
                "f1",
                [evidence(a, "Khmeimim air base"), evidence(a, "Hmeimim"), evidence(b, "Hmeimim base")],
                "Khmeimim Air Base",
                ["Khmeimim", "Hmeimim"],
                operator="RUS",
                host_country="SYR",
            ),
            facility(
                "f2",
                [evidence(a, "naval base in Tartus")],
                "Tartus naval base",
                ["Tartus"],
                facility_type="naval_base",
                operator="RUS",
                host_country="SYR",
            ),
        ],
        "agreements": [
            agreement(
                "g1",
                [evidence(a, "a 49-year lease on Hmeimim signed in 2017")],
                ["Russia", "Syria"],
                facilities=["Khmeimim Air Base"],
                duration_years=49,
                date_signed="2017",
            )
        ],
    }
    return [a, b], records


def write_corpus(folder: Path) -> Path:
    articles, records = corpus()
    return write_dataset(folder, {"articles": articles, **records})
