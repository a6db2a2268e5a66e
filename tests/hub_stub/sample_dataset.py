"""Small dataset folders for the publish tests, written with the pipeline's own ``ConfigWriter``."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

from extractor._dataset import ALL_CONFIGS, ConfigWriter
from schema import (
    Actor,
    Agreement,
    Article,
    Evidence,
    Extractor,
    Meeting,
    Mention,
    MilitaryFacility,
    Statement,
)

EXTRACTOR = Extractor(engine="rules", version="0.1.0", model=None)
TEXTS = {
    "a1": (
        "Russian President Vladimir Putin met Syrian President Ahmed al-Sharaa in Moscow on Wednesday. "
        "Putin said Russia would keep its air base at Khmeimim. "
        "The two sides signed a memorandum on the Tartus naval base."
    ),
    "a2": (
        "Turkish Foreign Minister Hakan Fidan spoke by phone with Iranian counterpart Abbas Araghchi. "
        "Fidan said the talks were constructive."
    ),
}


def evidence(article_id: str, passage: str) -> Evidence:
    start = TEXTS[article_id].index(passage)
    return Evidence(article_id=article_id, start=start, end=start + len(passage), text=passage)


def article(article_id: str) -> Article:
    raw = TEXTS[article_id].encode()
    return Article(
        id=article_id,
        text=TEXTS[article_id],
        title=f"Title of {article_id}",
        published="2025-01-15",
        source_path=f"seeds/{article_id}.txt",
        sha256=hashlib.sha256(raw).hexdigest(),
    )


def meeting(record_id: str, article_id: str, passage: str, **values: object) -> Meeting:
    fields: dict[str, object] = {
        "participants": [Actor(name="Vladimir Putin", country="RUS"), Actor(name="Ahmed al-Sharaa", country="SYR")],
        "location": "Moscow",
        "format": "in_person",
        "status": "held",
        "date": "2025-01-15",
        **values,
    }
    return Meeting.model_validate(
        {
            "id": record_id,
            "evidence": [evidence(article_id, passage)],
            "confidence": 0.8,
            "extractor": EXTRACTOR,
            **fields,
        }
    )


@dataclass
class Sample:
    """The records of one sample dataset; tests edit it between two publishes."""

    articles: list[Article] = field(default_factory=lambda: [article("a1"), article("a2")])
    meetings: list[Meeting] = field(
        default_factory=lambda: [
            meeting("m1", "a1", "Vladimir Putin met Syrian President Ahmed al-Sharaa in Moscow"),
            meeting(
                "m2",
                "a2",
                "Hakan Fidan spoke by phone with Iranian counterpart Abbas Araghchi",
                participants=[Actor(name="Hakan Fidan", country="TUR"), Actor(name="Abbas Araghchi", country="IRN")],
                format="phone_call",
                location=None,
            ),
        ]
    )
    statements: list[Statement] = field(
        default_factory=lambda: [
            Statement(
                id="s1",
                evidence=[evidence("a1", "Putin said Russia would keep its air base at Khmeimim.")],
                confidence=0.7,
                extractor=EXTRACTOR,
                speaker=Actor(name="Vladimir Putin", country="RUS", role="President of Russia"),
                text="Russia would keep its air base at Khmeimim",
                direct=False,
            ),
            Statement(
                id="s2",
                evidence=[evidence("a2", "Fidan said the talks were constructive.")],
                confidence=0.7,
                extractor=EXTRACTOR,
                speaker=Actor(name="Hakan Fidan", country="TUR"),
                text="the talks were constructive",
                direct=False,
            ),
        ]
    )
    military_facilities: list[MilitaryFacility] = field(
        default_factory=lambda: [
            MilitaryFacility(
                id="f1",
                evidence=[evidence("a1", "air base at Khmeimim")],
                confidence=0.9,
                extractor=EXTRACTOR,
                name="Khmeimim Air Base",
                aliases=["Khmeimim"],
                facility_type="air_base",
                operator="RUS",
                host_country="SYR",
                status="active",
            )
        ]
    )
    agreements: list[Agreement] = field(
        default_factory=lambda: [
            Agreement(
                id="g1",
                evidence=[evidence("a1", "signed a memorandum on the Tartus naval base")],
                confidence=0.6,
                extractor=EXTRACTOR,
                agreement_type="memorandum",
                parties=["Russia", "Syria"],
                status="unknown",
                facilities=["Tartus naval base"],
            )
        ]
    )
    mentions: list[Mention] = field(
        default_factory=lambda: [
            Mention(
                id="m1#a1",
                record_type="meeting",
                canonical_id="m1",
                article_id="a1",
                evidence=[evidence("a1", "Vladimir Putin met Syrian President Ahmed al-Sharaa in Moscow")],
                attributes="{}",
                confidence=0.8,
                extractor=EXTRACTOR,
            )
        ]
    )

    def write(self, dataset_dir: Path) -> Path:
        """Write every config (replacing what was there) and return the folder."""
        for config in ALL_CONFIGS:
            writer = ConfigWriter(dataset_dir, config)
            writer.add_all(getattr(self, config))
            writer.close()
        return dataset_dir
