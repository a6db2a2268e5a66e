"""Boilerplate patterns: each family with positives and prose negatives."""

from __future__ import annotations

import pytest

from extractor._ingest._article import clean_article
from extractor._ingest._clean import is_boilerplate_line, is_navigation_line, strip_inline_tags

PROSE = "The foreign minister said the talks in Geneva would resume next week."


def _text(*lines: str) -> str:
    return clean_article("\n".join(lines)).text


@pytest.mark.parametrize(
    "line",
    [
        "icon bookmark-bicon bookmarkicon cameraicon checkicon chevron downicon closeicon editicon",
        "Home | News | World | Business | Sport | Opinion",
        "Home • World • Politics • Video",
        "News World Politics Business Sport Opinion Video Podcasts",
        "Podcasts",
        "0:00",
        "27:20",
        "1:02:13",
        "Advertisement",
        "ADVERTISEMENT",
        "Share this article",
        "Share on Facebook and Twitter",
        "Sign up for our newsletter to get the latest news in your inbox",
        "Subscribe to our daily newsletter",
        "We use cookies to improve your experience on our website.",
        "This website uses cookies. By continuing to browse you consent to our use of cookies.",
        "Accept all cookies",
        "By continuing to use this site you agree to our use of cookies.",
        "Please enable JavaScript to view the comments.",
        "You must log in to comment.",
        "Dear readers! Thank you for your engagement. Please note that we have switched to a new "
        "commenting system. To leave comments, you will need to register.",
        "Comments are closed for this article.",
        "Please read our comment policy before posting.",
        "READ MORE: Russia has turned a 'defeat' in Syria into a new partnership",
        "Read more: Fishing quotas dominate regional summit",
        "Related: Envoys meet in Doha",
        "Related article: Syria could let Russia keep bases",
        "See also - Summit ends without a deal",
        "Also read: Leaders to meet in Cairo",
        "Read more",
        "© 2025 Example Media. All rights reserved.",
        "Copyright 2024 Harbour Times",
        "Follow us on Telegram",
        "Click here to subscribe",
        "5 min read",
        "Story continues below advertisement",
        "Reporting by Jane Doe; Editing by John Roe",
        "Your browser does not support the video tag.",
        "-----",
    ],
)
def test_boilerplate_lines_are_recognised(line: str) -> None:
    assert is_boilerplate_line(line)
    assert _text(PROSE, line, PROSE) == f"{PROSE}\n{PROSE}"


@pytest.mark.parametrize(
    "line",
    [
        PROSE,
        "Analysts urged readers to read more widely before judging the deal, he said.",
        "The minister said he would read more of the report before commenting.",
        "He declined to comment on the policy, saying talks were ongoing.",
        "Related talks are expected to take place in Doha next month.",
        "The advertisement campaign was paid for by the ruling party, officials said.",
        "Shares in the defence company rose after the contract was announced.",
        "Home Secretary Yvette Cooper visited Paris on Monday.",
        "World leaders gathered in Brussels on Thursday for the summit.",
        "Asia and Europe sign a trade pact",
        "The talks began at 10:00 and ended at noon.",
        "Follow-up talks are planned for March.",
        "The committee said cookies and sweets were banned from the summit venue.",
        "Syria | Russia",
        "His comment rules out a deal, analysts said.",
        "He was arrested over his decision to post comments critical of the government.",
        "The regulator fined the firm for using cookies without consent on its website.",
        "Officials refused to add comments on the leaked memo.",
        "By the end of the week, the two sides had agreed to a ceasefire.",
    ],
)
def test_prose_lines_are_kept(line: str) -> None:
    assert not is_boilerplate_line(line)
    assert _text(PROSE, line) == f"{PROSE}\n{line}"


def test_navigation_needs_a_run_not_one_word() -> None:
    assert not is_navigation_line("The icon of the revolution returned to Havana.")
    assert not is_navigation_line("News of the deal reached the world markets on Monday.")


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("By <u>AFP</u>", "By AFP"),
        ('Talks <a href="/x">resumed</a> in <em>Doha</em>.', "Talks resumed in Doha."),
        ("First line<br/>second", "First line second"),
        ("<strong>Breaking</strong>", "Breaking"),
    ],
)
def test_inline_tags_are_removed(raw: str, clean: str) -> None:
    assert strip_inline_tags(raw) == clean


@pytest.mark.parametrize(
    "line",
    ["If x<y and y>z then the ratio holds.", "The <unknown> marker stays.", "Rates rose 5% <br-like> text"],
)
def test_text_that_only_looks_like_tags_is_kept(line: str) -> None:
    assert strip_inline_tags(line) == line


def test_related_block_with_bulleted_items_is_removed() -> None:
    text = _text(
        PROSE,
        "Related Stories:",
        "- Syria holds first elections since Assad",
        "- Drought pushes millions to the brink",
        "",
        "- Leader addresses UN General Assembly",
    )
    assert text == PROSE


def test_related_block_of_plain_headlines_stops_at_the_next_paragraph() -> None:
    text = _text(
        "Related articles",
        "Summit ends without a deal",
        "Envoys meet in Doha",
        "",
        "Building a new Syria",
        "",
        PROSE,
    )
    assert text == f"Building a new Syria\n\n{PROSE}"


def test_related_block_does_not_eat_a_following_paragraph() -> None:
    assert _text("Related:", PROSE) == PROSE


def test_podcast_widget_footer_is_removed() -> None:
    assert _text(PROSE, "", "Podcasts", "0:00", "27:20", "0:00", "25:22") == PROSE


def test_original_url_label_with_url_on_a_later_line() -> None:
    cleaned = clean_article(f"{PROSE}\n\nOriginal url:\n\nhttps://example.com/2025/02/a-long-sl ug-a1\n")
    assert cleaned.text == PROSE
    assert cleaned.url == "https://example.com/2025/02/a-long-slug-a1"


def test_original_url_label_with_url_on_the_same_line() -> None:
    cleaned = clean_article(f"{PROSE}\nSource URL: https://example.com/story")
    assert cleaned.text == PROSE
    assert cleaned.url == "https://example.com/story"


def test_wording_is_never_altered() -> None:
    raw = "  “Quoted,” he said\u00a0 \nNext    line   keeps  its   inner   spacing.\n\n\n\nThird ‘line’ — here."
    assert _text(raw) == "“Quoted,” he said\nNext    line   keeps  its   inner   spacing.\n\nThird ‘line’ — here."


def test_blank_line_runs_collapse_and_edges_are_trimmed() -> None:
    assert _text("", "", PROSE, "", "", "", PROSE, "", "") == f"{PROSE}\n\n{PROSE}"


def test_windows_line_endings() -> None:
    assert _text(f"{PROSE}\r\nAdvertisement\r\n{PROSE}\r\n") == f"{PROSE}\n{PROSE}"


def test_a_line_of_section_names_of_a_defence_site_is_navigation() -> None:
    assert is_navigation_line("Featured Analysis War Defence Diplomacy Podcasts Explainers Regions")
    assert not is_navigation_line("War and diplomacy: the defence ministers meet in Riga")
