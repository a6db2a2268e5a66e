"""Ingestion API: formats, ids, order, duplicates, bad files."""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

import pytest

from extractor import InputError, SkippedFile, iter_articles
from extractor._errors import ConfigError
from extractor._ingest import discover_inputs
from schema import Article

FIXTURES = Path(__file__).parent / "fixtures" / "ingest"


def _ingest(*paths: Path | str, max_bytes: int = 20_000_000) -> tuple[list[Article], list[SkippedFile]]:
    skipped: list[SkippedFile] = []
    articles = list(iter_articles(list(paths), on_skip=skipped.append, max_bytes=max_bytes))
    return articles, skipped


# --- formats -------------------------------------------------------------------------


def test_txt_file_gives_one_article_with_stem_id_and_raw_sha(tmp_path: Path) -> None:
    raw = b"Ministers met in Oslo.\nThey discussed fisheries.\n"
    path = tmp_path / "oslo-talks.txt"
    path.write_bytes(raw)
    (article,), skipped = _ingest(path)
    assert skipped == []
    assert article.id == "oslo-talks"
    assert article.text == "Ministers met in Oslo.\nThey discussed fisheries."
    assert article.sha256 == hashlib.sha256(raw).hexdigest()
    assert article.source_path == str(path)


def test_source_path_stays_relative_when_given_relative(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.txt").write_text("Ministers met in Oslo on Monday.")
    monkeypatch.chdir(tmp_path)
    (article,), _ = _ingest("in")
    assert article.source_path == os.path.join("in", "a.txt")


def test_markdown_front_matter_fills_metadata_and_markup_is_dropped() -> None:
    (article,), skipped = _ingest(FIXTURES / "pact.md")
    assert skipped == []
    assert article.id == "pact"
    assert article.title == "Two neighbours sign a border pact"
    assert article.url == "https://example.org/border-pact"
    assert article.publisher == "Example Wire"
    assert article.published == "2023-11-02"
    assert article.byline == "Ana Weiss"
    assert "signed a border cooperation accord in Santiago on Monday, according to a government statement." in (
        article.text
    )
    for residue in ("**", "](", "![", "# ", "> ", "Read more", "title:"):
        assert residue not in article.text
    assert article.sha256 == hashlib.sha256((FIXTURES / "pact.md").read_bytes()).hexdigest()


def test_markdown_front_matter_id_overrides_file_name(tmp_path: Path) -> None:
    path = tmp_path / "note.md"
    path.write_text("---\nid: custom-7\npublished: 2024-02\n---\nThe envoy arrived in Cairo on Sunday.\n")
    (article,), _ = _ingest(path)
    assert article.id == "custom-7"
    assert article.published == "2024-02"


def test_markdown_without_front_matter_uses_text_metadata(tmp_path: Path) -> None:
    path = tmp_path / "plain.md"
    path.write_text("Envoys Meet in Cairo\n\n12 February 2025\n\nThe envoys met in Cairo on Sunday.\n")
    (article,), _ = _ingest(path)
    assert article.title == "Envoys Meet in Cairo"
    assert article.published == "2025-02-12"
    assert "12 February 2025" not in article.text


def test_markdown_with_broken_front_matter_is_skipped(tmp_path: Path) -> None:
    path = tmp_path / "broken.md"
    path.write_text("---\ntitle: [unclosed\n---\nBody text of the article.\n")
    articles, skipped = _ingest(path)
    assert articles == []
    assert skipped == [SkippedFile(str(path), skipped[0].reason)]
    assert skipped[0].reason.startswith("invalid YAML front matter")


def test_html_goes_through_trafilatura_with_its_metadata() -> None:
    (article,), skipped = _ingest(FIXTURES / "summit.html")
    assert skipped == []
    assert article.id == "summit"
    assert article.title == "Leaders agree to deepen defence ties"
    assert article.url == "https://harbourtimes.example/world/leaders-defence-ties"
    assert article.publisher == "Harbour Times"
    assert article.published == "2024-03-07"
    assert article.byline == "Maria Lopez"
    assert "met in Lisbon on Thursday" in article.text
    assert '"We share the same ocean and the same concerns," the Norwegian' in article.text
    for residue in ("Read more", "Home", "Copyright", "<p>", "Fishing quotas"):
        assert residue not in article.text


def test_jsonl_gives_one_article_per_line_with_fallback_ids() -> None:
    path = FIXTURES / "wire.jsonl"
    articles, skipped = _ingest(path)
    assert skipped == []
    assert [a.id for a in articles] == ["wire-1", "wire-2", "wire-3"]
    first, second, third = articles
    assert first.title == "Kenya and Ethiopia hold talks"
    assert first.url == "https://wire.example/1"
    assert first.publisher == "Example Wire"
    assert first.published == "2024-05-14"
    assert (
        first.text
        == "Officials from Kenya and Ethiopia held talks in Nairobi on Tuesday.\nThe talks focused on water sharing."
    )
    assert second.title is None and second.published is None
    assert third.published == "2024-06"
    lines = path.read_bytes().split(b"\n")
    assert first.sha256 == hashlib.sha256(lines[0]).hexdigest()
    assert third.sha256 == hashlib.sha256(lines[3]).hexdigest()
    assert {a.source_path for a in articles} == {str(path)}


def test_jsonl_bad_lines_are_skipped_with_line_numbers(tmp_path: Path) -> None:
    path = tmp_path / "mixed.jsonl"
    path.write_text(
        "\n".join(
            [
                json.dumps({"id": "ok-1", "text": "The ministers met in Rome."}),
                "{not json",
                json.dumps({"id": "no-text", "title": "Missing"}),
                json.dumps(["a", "list"]),
                json.dumps({"id": "bad-url", "text": "Talks in Rome.", "url": 5}),
                json.dumps({"text": "   "}),
                json.dumps({"id": 42, "text": "Numeric ids are accepted."}),
            ]
        )
        + "\n"
    )
    articles, skipped = _ingest(path)
    assert [a.id for a in articles] == ["ok-1", "42"]
    reasons = [s.reason for s in skipped]
    assert [r.split(":")[0] for r in reasons] == ["line 2", "line 3", "line 4", "line 5", "line 6"]
    assert "invalid JSON" in reasons[0]
    assert "no 'text' field" in reasons[1]
    assert "JSON object" in reasons[2]
    assert "'url' must be a string" in reasons[3]
    assert all(s.path == str(path) for s in skipped)


def test_jsonl_line_longer_than_max_bytes_is_skipped(tmp_path: Path) -> None:
    path = tmp_path / "long.jsonl"
    path.write_text(json.dumps({"text": "short"}) + "\n" + json.dumps({"text": "x" * 500}) + "\n")
    articles, skipped = _ingest(path, max_bytes=100)
    assert [a.id for a in articles] == ["long-1"]
    assert skipped[0].reason.startswith("line 2: too large")


# --- order, discovery, duplicates ----------------------------------------------------------


def _tree(root: Path) -> None:
    (root / "b").mkdir(parents=True)
    (root / "a" / "deep").mkdir(parents=True)
    (root / ".hidden").mkdir()
    for rel in ("z.txt", "b/m.txt", "a/deep/k.txt", "a/c.txt", ".hidden/h.txt", ".dot.txt"):
        (root / rel).write_text(f"Article {rel} reports that ministers met in Rome.")


def test_folders_are_read_recursively_in_sorted_order_skipping_hidden(tmp_path: Path) -> None:
    _tree(tmp_path)
    articles, _ = _ingest(tmp_path)
    assert [a.id for a in articles] == ["a/c", "a/deep/k", "b/m", "z"]
    assert [a.id for a in _ingest(tmp_path)[0]] == ["a/c", "a/deep/k", "b/m", "z"]


def test_explicit_files_keep_given_order_and_are_read_once(tmp_path: Path) -> None:
    _tree(tmp_path)
    articles, _ = _ingest(tmp_path / "z.txt", tmp_path / "b", tmp_path / "b" / "m.txt")
    assert [a.id for a in articles] == ["z", "m"]


def test_discover_inputs_lists_files_without_reading_and_rejects_missing_paths(tmp_path: Path) -> None:
    _tree(tmp_path)
    (tmp_path / "notes.pdf").write_bytes(b"%PDF")
    found = discover_inputs([tmp_path])
    assert [p.name for p in found] == ["c.txt", "k.txt", "m.txt", "notes.pdf", "z.txt"]
    with pytest.raises(InputError, match="no such file or folder") as caught:
        discover_inputs([tmp_path / "missing"])
    assert caught.value.exit_code == 2
    with pytest.raises(InputError):
        list(iter_articles([tmp_path / "missing"]))


def test_the_same_file_name_in_two_subfolders_gives_two_ids_from_the_relative_path(tmp_path: Path) -> None:
    scrape = tmp_path / "scrape"
    for day in ("2025-03-12", "2025-04-10"):
        (scrape / day).mkdir(parents=True)
        (scrape / day / "article.txt").write_text(f"Talks were held in Rome on {day}.")
    assert [a.id for a in _ingest(scrape)[0]] == ["2025-03-12/article", "2025-04-10/article"]
    # a folder named directly is its own root: its files keep their stems
    assert [a.id for a in _ingest(scrape / "2025-03-12")[0]] == ["article"]


def test_ids_do_not_change_when_an_unrelated_file_is_added(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "story.txt").write_text("Talks were held in Rome.")
    before = [a.id for a in _ingest(tmp_path)[0]]
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "story.txt").write_text("Talks were held in Paris.")
    (tmp_path / "story.txt").write_text("Talks were held in Oslo.")
    after = [a.id for a in _ingest(tmp_path)[0]]
    assert before == ["a/story"]
    assert after == ["a/story", "b/story", "story"]


def test_files_named_one_by_one_with_one_stem_get_their_paths_as_ids(tmp_path: Path) -> None:
    for day in ("d1", "d2"):
        (tmp_path / day).mkdir()
        (tmp_path / day / "article.txt").write_text(f"Talks were held in Rome ({day}).")
    (tmp_path / "other.txt").write_text("Talks were held in Oslo.")
    files = [tmp_path / "d1" / "article.txt", tmp_path / "d2" / "article.txt", tmp_path / "other.txt"]
    ids = [a.id for a in _ingest(*files)[0]]
    assert ids == [(tmp_path / "d1" / "article").as_posix(), (tmp_path / "d2" / "article").as_posix(), "other"]


def test_a_repeated_id_inside_one_jsonl_file_skips_the_later_line(tmp_path: Path) -> None:
    path = tmp_path / "wire.jsonl"
    lines = [
        {"id": "x", "text": "Talks in Rome."},
        {"id": "y", "text": "Talks in Oslo."},
        {"id": "x", "text": "Again."},
    ]
    path.write_text("".join(json.dumps(line) + "\n" for line in lines))
    articles, skipped = _ingest(path)
    assert [a.id for a in articles] == ["x", "y"]
    assert articles[0].text == "Talks in Rome."
    assert skipped == [SkippedFile(str(path), "line 3: duplicate article id 'x' (first on line 1)")]


def test_duplicate_ids_across_files_name_both_sources(tmp_path: Path) -> None:
    (tmp_path / "one").mkdir()
    (tmp_path / "two").mkdir()
    (tmp_path / "one" / "a.md").write_text("---\nid: story\n---\nTalks were held in Rome.")
    (tmp_path / "two" / "b.md").write_text("---\nid: story\n---\nTalks were held in Paris.")
    with pytest.raises(InputError) as caught:
        list(iter_articles([tmp_path]))
    message = str(caught.value)
    assert "duplicate article id 'story'" in message
    assert str(tmp_path / "one" / "a.md") in message
    assert str(tmp_path / "two" / "b.md") in message
    assert "\n" not in message


def test_duplicate_ids_between_jsonl_and_file(tmp_path: Path) -> None:
    (tmp_path / "a.jsonl").write_text(json.dumps({"id": "b", "text": "Talks in Rome."}) + "\n")
    (tmp_path / "b.txt").write_text("Talks in Paris.")
    with pytest.raises(InputError, match=r"duplicate article id 'b' \(also in .*a\.jsonl:1\)"):
        list(iter_articles([tmp_path]))


# --- bad files --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("empty.txt", b"", "empty file"),
        ("blank.txt", b"  \n\t\n", "empty file (whitespace only)"),
        ("binary.txt", b"abc\x00def", "binary file (contains NUL bytes)"),
        ("latin.txt", "Caf\u00e9 talks".encode("latin-1"), "not UTF-8 text (invalid byte 0xe9 at offset 3)"),
        ("notes.pdf", b"%PDF-1.4", "unsupported file type '.pdf'"),
        ("furniture.txt", b"Advertisement\nSubscribe\n0:00\n", "no article text left after removing boilerplate"),
        ("empty.jsonl", b"\n\n", "empty file"),
    ],
)
def test_bad_files_are_skipped_and_the_run_goes_on(tmp_path: Path, name: str, content: bytes, reason: str) -> None:
    (tmp_path / name).write_bytes(content)
    (tmp_path / "zz-good.txt").write_text("Ministers met in Rome on Monday.")
    articles, skipped = _ingest(tmp_path)
    assert [a.id for a in articles] == ["zz-good"]
    assert skipped == [SkippedFile(str(tmp_path / name), reason)]


def test_utf8_bom_is_dropped_but_hashed(tmp_path: Path) -> None:
    raw = b"\xef\xbb\xbfMinisters met in Rome."
    (tmp_path / "bom.txt").write_bytes(raw)
    (article,), _ = _ingest(tmp_path)
    assert article.text == "Ministers met in Rome."
    assert article.sha256 == hashlib.sha256(raw).hexdigest()


def test_file_over_max_bytes_is_skipped_without_reading(tmp_path: Path) -> None:
    (tmp_path / "big.txt").write_text("word " * 100)
    articles, skipped = _ingest(tmp_path, max_bytes=50)
    assert articles == []
    assert skipped[0].reason == "too large (500 bytes; the size limit is 50 bytes)"


def test_non_positive_max_bytes_is_a_config_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError):
        list(iter_articles([tmp_path], max_bytes=0))


def test_unreadable_file_is_skipped(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    locked = tmp_path / "locked.txt"
    locked.write_text("Secret talks.")
    (tmp_path / "open.txt").write_text("Open talks.")
    original = Path.read_bytes

    def read_bytes(self: Path) -> bytes:
        if self.name == "locked.txt":
            raise PermissionError(13, "Permission denied")
        return original(self)

    monkeypatch.setattr(Path, "read_bytes", read_bytes)
    articles, skipped = _ingest(tmp_path)
    assert [a.id for a in articles] == ["open"]
    assert skipped == [SkippedFile(str(locked), "unreadable: Permission denied")]


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() == 0, reason="root can read any file")
def test_file_without_read_permission_is_skipped(tmp_path: Path) -> None:
    locked = tmp_path / "locked.txt"
    locked.write_text("Secret talks.")
    locked.chmod(0)
    try:
        articles, skipped = _ingest(locked)
    finally:
        locked.chmod(0o644)
    assert articles == []
    assert skipped[0].reason.startswith("unreadable")


def test_html_declaring_a_legacy_charset_is_decoded(tmp_path: Path) -> None:
    html = (FIXTURES / "summit.html").read_text().replace('charset="utf-8"', 'charset="iso-8859-1"')
    html = html.replace("Lisbon", "Lisbo\u00e3o")
    (tmp_path / "legacy.html").write_bytes(html.encode("latin-1"))
    (article,), skipped = _ingest(tmp_path)
    assert skipped == []
    assert "Lisbo\u00e3o" in article.text


def test_html_without_main_text_is_skipped(tmp_path: Path) -> None:
    (tmp_path / "shell.html").write_text("<html><head><title>x</title></head><body></body></html>")
    articles, skipped = _ingest(tmp_path)
    assert articles == []
    assert skipped[0].reason == "no article text found in the HTML page"


def test_skips_are_logged_when_no_callback(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    (tmp_path / "empty.txt").write_bytes(b"")
    assert list(iter_articles([tmp_path])) == []
    assert "empty.txt: empty file" in caplog.text


def test_articles_are_yielded_before_later_files_are_read(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("Talks in Rome.")
    (tmp_path / "b.jsonl").write_text(json.dumps({"id": "a", "text": "Talks in Paris."}) + "\n")
    stream = iter_articles([tmp_path])
    assert next(stream).id == "a"
    with pytest.raises(InputError, match="duplicate"):
        next(stream)
