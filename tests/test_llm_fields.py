"""How each evidence item was aligned, and per-field evidence, from a recorded answer to the dataset."""

from __future__ import annotations

import json
import logging
import warnings
from pathlib import Path
from typing import Any

import pytest
from llm_replay._files import chunk_hash
from llm_server.articles import make_article
from llm_server.replay import ReplayServer

from extractor import LLMEngine, read_rows, run_extraction
from extractor._config import Settings
from extractor._ingest import iter_articles
from extractor._llm._chunking import Chunk
from extractor._llm._container import Extraction
from extractor._llm._convert import convert
from extractor._llm._fields import date_spans
from extractor._llm._names import COUNTRY, PHRASE, WORD, name_spans
from schema import Extractor, Mention

PROVENANCE = Extractor(engine="llm", version="0", model="openai/m", prompt_hash="abc")

# Published on Thursday 16 October 2025, so "Wednesday" is the 15th.
ARTICLE = {
    "id": "visit",
    "published": "2025-10-16",
    "title": "Putin hosts Sharaa",
    "text": (
        "Russian President Vladimir Putin met Syrian President Ahmed al-Sharaa in Moscow on Wednesday, "
        "the Kremlin said.\n\n"
        "The two leaders discussed the future of the Russian bases at Hmeimim and Tartus.\n\n"
        "“We agreed to keep working together on security,” Putin told reporters after the talks.\n\n"
        "Later, Sharaa said the talks had been constructive and frank, adding that Syria would review "
        "every agreement signed by the former government."
    ),
}
ANSWER = {
    "meetings": [
        {
            "participants": [{"name": "Vladimir Putin"}, {"name": "Ahmed al-Sharaa"}],
            "date": "2025-10-15",
            "location": "Moscow",
            "format": "in_person",
            "quotes": ["Russian President Vladimir Putin met Syrian President Ahmed al-Sharaa in Moscow on Wednesday"],
        }
    ],
    "statements": [
        {
            # Straight quote marks where the article has curly ones: aligned after folding.
            "speaker": {"name": "Putin"},
            "text": "We agreed to keep working together on security",
            "direct": True,
            "date": "2025-10-15",
            "quotes": ['"We agreed to keep working together on security," Putin told reporters'],
        },
        {
            # One word the article does not have ("very"): aligned fuzzily.
            "speaker": {"name": "Ahmed al-Sharaa"},
            "text": "the talks had been constructive and frank",
            "quotes": ["Later, Sharaa said the talks had been very constructive and frank, adding that Syria"],
        },
    ],
    "military_facilities": [],
    "agreements": [],
}


@pytest.fixture(scope="module")
def llm_dataset(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("fields")
    source = folder / "visit.jsonl"
    source.write_text(json.dumps(ARTICLE) + "\n", encoding="utf-8")
    (article,) = iter_articles([source])
    with ReplayServer({chunk_hash(article.text): json.dumps(ANSWER)}) as server:
        report = run_extraction(
            [source],
            out=folder / "dataset",
            engine=LLMEngine(model="openai/replay", base_url=server.url),
            settings=Settings(cache_dir=folder / "cache"),
        )
    assert report.ok and server.missing == []
    return folder / "dataset"


def _mentions(dataset: Path) -> dict[str, dict[str, Any]]:
    """Mention rows by the first words of their evidence."""
    return {row["evidence"][0]["text"][:12]: row for row in read_rows(dataset, "mentions")}


def test_each_evidence_item_records_how_it_was_aligned(llm_dataset: Path) -> None:
    rows = _mentions(llm_dataset)
    assert rows["Russian Pres"]["alignment"] == ["exact"]
    assert rows["We agreed to"]["alignment"] == ["normalised"]
    assert rows["Later, Shara"]["alignment"] == ["fuzzy"]
    for row in rows.values():
        Mention.model_validate(row)
        assert len(row["alignment"]) == len(row["evidence"])


def test_each_stated_field_carries_its_own_passage_of_the_article(llm_dataset: Path) -> None:
    text = read_rows(llm_dataset, "articles")[0]["text"]
    rows = _mentions(llm_dataset)
    fields = {key: {item["field"]: item["text"] for item in row["field_evidence"]} for key, row in rows.items()}
    assert fields["Russian Pres"] == {
        "participants[0]": "Vladimir Putin",
        "participants[1]": "Ahmed al-Sharaa",
        "location": "Moscow",
        "date": "Wednesday",
    }
    assert fields["We agreed to"] == {"speaker": "Putin", "date": "Wednesday"}
    # The second statement has no date in the answer: no entry, rather than a guess.
    assert fields["Later, Shara"] == {"speaker": "Sharaa"}
    for row in rows.values():
        for item in row["field_evidence"]:
            assert text[item["start"] : item["end"]] == item["text"]
    # The paths index the mention's own attributes.
    meeting = json.loads(rows["Russian Pres"]["attributes"])
    assert [actor["name"] for actor in meeting["participants"]] == ["Vladimir Putin", "Ahmed al-Sharaa"]


def test_rules_mentions_say_span_and_give_no_field_evidence(tmp_path: Path) -> None:
    source = tmp_path / "visit.jsonl"
    source.write_text(json.dumps(ARTICLE) + "\n", encoding="utf-8")
    run_extraction([source], out=tmp_path / "dataset")
    rows = read_rows(tmp_path / "dataset", "mentions")
    assert rows
    for row in rows:
        assert row["alignment"] == ["span"] * len(row["evidence"])
        assert row["field_evidence"] is None


def test_the_mentions_config_loads_with_datasets_without_a_warning(
    llm_dataset: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HF_DATASETS_OFFLINE", "1")
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    monkeypatch.setenv("HF_HOME", str(tmp_path / "hf"))
    import datasets

    logged: list[str] = []
    handler = logging.Handler(logging.WARNING)
    handler.emit = lambda record: logged.append(record.getMessage())  # type: ignore[method-assign]
    logging.getLogger("datasets").addHandler(handler)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            loaded = datasets.load_dataset(str(llm_dataset), "mentions", split="train", cache_dir=str(tmp_path / "c"))
    finally:
        logging.getLogger("datasets").removeHandler(handler)
    assert logged == []
    assert set(loaded.features["field_evidence"].feature) == {"field", "article_id", "start", "end", "text"}
    fuzzy = [row for row in loaded if row["alignment"] == ["fuzzy"]]
    assert len(fuzzy) == 1 and fuzzy[0]["field_evidence"][0]["field"] == "speaker"


def test_field_evidence_prefers_the_passage_inside_the_evidence() -> None:
    text = (
        "Vladimir Putin arrived on Monday.\n"
        "Three paragraphs of other news follow here.\n"
        "Then Putin met Erdogan in Sochi, where the two leaders talked for hours."
    )
    article = make_article("x", text, published="2024-05-14")
    answer = {
        "meetings": [
            {"participants": ["Putin", "Recep Tayyip Erdogan"], "location": "Sochi", "quotes": [text.splitlines()[2]]}
        ]
    }
    (kept,), _, _ = convert(
        Extraction.model_validate(answer), article=article, chunk=Chunk(0, len(text)), extractor=PROVENANCE
    )
    assert kept.grounding is not None
    found = {item.field: (item.start, item.text) for item in kept.grounding.fields}
    assert found["participants[0]"] == (text.index("Putin met"), "Putin")
    assert found["participants[1]"][1] == "Erdogan"  # the surname, as the article writes it
    assert found["location"][1] == "Sochi"
    assert "date" not in found  # the answer gave none


def test_name_spans_find_phrases_words_and_country_words() -> None:
    text = "Russian officials said Sergei Lavrov and Lavrov's deputy met the Kremlin team."
    spans = name_spans(text, "Sergei Viktorovich Lavrov")
    assert (text.index("Sergei"), text.index(" and"), WORD) in spans  # widened over the name's words
    assert any(text[s:e] == "Lavrov" and q == WORD for s, e, q in spans)
    assert [(text[s:e], q) for s, e, q in name_spans(text, "Russia")] == [("Russian", COUNTRY)]
    assert next((text[s:e], q) for s, e, q in name_spans(text, "the Kremlin")) == ("the Kremlin", PHRASE)
    assert name_spans(text, "unnamed sources") == []


@pytest.mark.parametrize(
    ("text", "value", "expected"),
    [
        ("They met on 13 December 2024 in Riyadh.", "2024-12-13", "13 December 2024"),
        ("They met on Dec. 13 in Riyadh.", "2024-12-13", "Dec. 13"),
        ("They met on December 13, 2023 in Riyadh.", "2024-12-13", None),  # another year
        ("They met on Friday in Riyadh.", "2024-12-13", "Friday"),
        ("They met yesterday in Riyadh.", "2024-12-13", "yesterday"),
        ("The talks in December 2024 failed.", "2024-12", "December 2024"),
        ("The talks next month may fail.", "2025-01", "next month"),
        ("It may be signed in May.", "2025-05", "May"),
        ("The lease of 2017 runs on.", "2017", "2017"),
    ],
)
def test_date_spans(text: str, value: str, expected: str | None) -> None:
    found = sorted(date_spans(text, value, "2024-12-14"), key=lambda span: (span[2], span[0]))
    assert (text[found[0][0] : found[0][1]] if found else None) == expected


def test_the_whole_name_wins_over_an_alias_at_the_same_place() -> None:
    text = "Chinese President Xi Jinping welcomed the visitors to Beijing on Tuesday."
    article = make_article("x", text, published="2024-05-14")
    answer = {"meetings": [{"participants": ["Xi Jinping"], "quotes": [text]}]}
    (kept,), _, _ = convert(
        Extraction.model_validate(answer), article=article, chunk=Chunk(0, len(text)), extractor=PROVENANCE
    )
    assert kept.grounding is not None
    assert {item.field: item.text for item in kept.grounding.fields}["participants[0]"] == "Xi Jinping"


def test_a_country_of_several_words_is_found_whole_never_by_one_of_its_words() -> None:
    text = "Xi will attend a China-Arab States summit. American officials were not invited."
    assert [text[s:e] for s, e, _q in name_spans(text, "United States government")] == ["American"]
    other = "Talks with Britain."
    assert [other[s:e] for s, e, _q in name_spans(other, "United Kingdom")] == ["Britain"]
