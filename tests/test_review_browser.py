"""The review page in a real headless Chromium (Debian's, at /usr/bin/chromium).

Install it with ``scripts/setup-browser.sh``; without it these tests FAIL, never skip.
playwright drives the system browser; it never downloads one.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from _evaldata import actor, article, corpus, evidence, meeting, statement, write_dataset
from pydantic import BaseModel

from extractor import render_review

pytestmark = pytest.mark.slow

CHROMIUM = Path("/usr/bin/chromium")
LAUNCH_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
ARTIFACTS = Path(__file__).parent / "artifacts"
MISSING = f"Chromium not found at {CHROMIUM}: run scripts/setup-browser.sh (as root) to install Debian's chromium"


def review_records() -> tuple[list[BaseModel], dict[str, list[BaseModel]]]:
    """The shared corpus, plus a partly overlapping span and an article with astral characters."""
    articles, records = corpus()
    a = articles[0]
    records["statements"].append(
        statement("s3", [evidence(a, "Ahmed al-Sharaa in Moscow on Wednesday")], actor("Ahmed al-Sharaa"), "x")
    )
    c = article("c", "Flags 🇷🇺 and 🇸🇾 flew as Putin met Erdogan in Sochi. 😀 Erdogan smiled.")
    records["meetings"].append(
        meeting(
            "m3",
            [evidence(c, "Putin met Erdogan in Sochi"), evidence(c, "Erdogan smiled")],
            [actor("Vladimir Putin"), actor("Recep Tayyip Erdogan")],
            location="Sochi",
        )
    )
    return [*articles, c], records


def evidence_items(records: dict[str, list[BaseModel]]) -> list[tuple[str, str]]:
    return [(e.article_id, e.text) for rows in records.values() for r in rows for e in getattr(r, "evidence", [])]


def test_chromium_is_installed() -> None:
    assert CHROMIUM.is_file(), MISSING


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    if not CHROMIUM.is_file():
        pytest.fail(MISSING)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=LAUNCH_ARGS)
        yield launched
        launched.close()


def field_mentions(articles: list[BaseModel], records: dict[str, list[BaseModel]]) -> list[BaseModel]:
    """An llm mention of meeting m3 whose participants and place have their own passages."""
    import json

    from schema import Article, Extractor, FieldEvidence, Meeting, Mention

    c, m3 = articles[-1], records["meetings"][-1]
    assert isinstance(c, Article) and isinstance(m3, Meeting)
    text = c.text

    def passage(field: str, words: str, occurrence: int = 0) -> FieldEvidence:
        start = -1
        for _ in range(occurrence + 1):
            start = text.index(words, start + 1)
        return FieldEvidence(field=field, article_id="c", start=start, end=start + len(words), text=words)

    own = {"participants": [{"name": "Vladimir Putin"}, {"name": "Recep Tayyip Erdogan"}], "location": "Sochi"}
    return [
        Mention(
            id="mention-m3",
            record_type="meeting",
            canonical_id="m3",
            article_id="c",
            evidence=list(m3.evidence),
            attributes=json.dumps(own),
            confidence=0.8,
            extractor=Extractor(engine="llm", version="0", model="m"),
            alignment=["exact", "exact"],
            field_evidence=[passage("participants[1]", "Erdogan", 1), passage("location", "Sochi")],
        )
    ]


@pytest.fixture(scope="module")
def page_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("review")
    articles, records = review_records()
    mentions = field_mentions(articles, records)
    dataset = write_dataset(folder / "ds", {"articles": articles, **records, "mentions": mentions})
    return render_review(dataset, out=folder / "review.html")


@pytest.fixture
def page(browser: Any, page_file: Path) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 1400, "height": 820})
    opened = context.new_page()
    problems: list[str] = []
    opened.on(
        "console", lambda m: problems.append(f"console {m.type}: {m.text}") if m.type in {"error", "warning"} else None
    )
    opened.on("pageerror", lambda e: problems.append(f"page error: {e}"))
    opened.on("request", lambda r: None if r.url.startswith("file://") else problems.append(f"request: {r.url}"))
    opened.goto(page_file.as_uri())
    opened.wait_for_selector("#article-text mark")
    opened.problems = problems
    yield opened
    context.close()


def marks_by_evidence(page: Any) -> dict[str, str]:
    """Evidence index -> the highlighted text of every segment that carries it, joined."""
    segments = page.eval_on_selector_all("#article-text mark", "marks => marks.map(m => [m.dataset.ev, m.textContent])")
    joined: dict[str, str] = {}
    for ids, text in segments:
        for k in ids.split():
            joined[k] = joined.get(k, "") + text
    return joined


def test_page_loads_cleanly_and_highlights_every_evidence_item(page: Any) -> None:
    _, records = review_records()
    expected = evidence_items(records)
    seen: dict[str, str] = {}
    for item in page.locator("#article-list li").all():
        item.click()
        seen |= marks_by_evidence(page)
    assert page.problems == []
    assert len(seen) == len(expected)
    # Each highlighted span is exactly its passage (offsets survive astral characters).
    assert sorted(seen.values()) == sorted(text for _, text in expected)


def test_clicking_a_span_shows_its_record(page: Any) -> None:
    page.locator("#article-text mark", has_text="Putin met Syrian President").first.click()
    cards = page.locator("#details .record")
    assert cards.count() == 1
    assert "m1" in cards.first.locator("h3").inner_text()
    details = cards.first.inner_text()
    assert "Vladimir Putin (RUS); Ahmed al-Sharaa (SYR)" in details and "in_person" in details
    # The overlap of the meeting and statement s3 supports both records.
    page.locator("#article-text mark", has_text="Ahmed al-Sharaa in Moscow").first.click()
    titles = sorted(cards.locator("h3").all_inner_texts())
    assert [t.split(" · ")[1] for t in titles] == ["m1", "s3"]
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "review.png"))
    assert page.problems == []


def test_table_filter_and_row_click(page: Any) -> None:
    page.locator("#views button", has_text="Statements").click()
    assert page.locator("#record-table tbody tr").count() == 3
    page.fill("#table-filter", "STRATEGIC")
    assert page.locator("#record-table tbody tr").count() == 1
    page.locator("#record-table tbody tr").first.click()
    assert "s2" in page.locator("#details .record h3").inner_text()
    assert "showing 1 of 1 matching rows (3 in all)" in page.locator("#table-status").inner_text()
    # An evidence link in the record opens its article with the passage selected.
    page.locator("#details .record a").first.click()
    assert page.locator("#article-text").get_attribute("data-article") == "b"
    assert "Our ties are strategic" in page.locator("#article-text mark.selected").inner_text()


def test_clicking_a_field_outlines_where_the_article_states_it(page: Any) -> None:
    page.locator("#article-list li", has_text="c ·").first.click()
    page.locator("#article-text mark", has_text="Putin met Erdogan in Sochi").first.click()
    card = page.locator("#details .record").first
    assert "m3" in card.locator("h3").inner_text()
    # Only the fields with a passage are links: Erdogan (the second Erdogan of the text, in
    # the other evidence passage) and Sochi; Putin has none.
    assert card.locator("a.field-link").all_inner_texts() == ["Recep Tayyip Erdogan", "Sochi"]
    card.locator("a.field-link", has_text="Recep Tayyip Erdogan").click()
    outlined = page.locator("#article-text mark.field")
    assert outlined.all_inner_texts() == ["Erdogan"]
    assert outlined.first.evaluate("m => m.nextSibling.textContent") == " smiled"  # the second one
    card.locator("a.field-link", has_text="Sochi").click()
    assert page.locator("#article-text mark.field").all_inner_texts() == ["Sochi"]
    assert page.problems == []


def test_a_thousand_articles_load_fast_and_render_one_at_a_time(browser: Any, tmp_path: Path) -> None:
    articles, records = [], {"meetings": []}
    for n in range(1000):
        text = f"Story {n}. " + "Officials met and talked at length about many things. " * 40 + "Putin met Lula."
        art = article(f"art-{n:04d}", text, title=f"Story {n}")
        articles.append(art)
        records["meetings"].append(meeting(f"m{n}", [evidence(art, "Putin met Lula")], [actor("Vladimir Putin")]))
    dataset = write_dataset(tmp_path / "ds", {"articles": articles, **records})
    out = render_review(dataset, out=tmp_path / "big.html")
    page = browser.new_page()
    began = time.perf_counter()
    page.goto(out.as_uri())
    page.wait_for_selector("#article-text mark")
    seconds = time.perf_counter() - began
    assert page.locator("#article-list li").count() == 1000
    assert page.locator("#article-text mark").count() == 1  # only the selected article is in the DOM
    page.close()
    assert seconds < 10, f"1,000-article page took {seconds:.1f}s to load"
