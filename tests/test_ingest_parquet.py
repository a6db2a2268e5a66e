"""Parquet input: one article per row, with a JSONL line's fields, rules and messages."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from extractor import InputError, SkippedFile, iter_articles
from extractor._ingest import count_inputs, discover_inputs
from schema import Article

TEXT = "Officials from Kenya and Ethiopia held talks in Nairobi on Tuesday."


def _ingest(*paths: Path, max_bytes: int = 20_000_000) -> tuple[list[Article], list[SkippedFile]]:
    skipped: list[SkippedFile] = []
    articles = list(iter_articles(list(paths), on_skip=skipped.append, max_bytes=max_bytes))
    return articles, skipped


def _write(path: Path, rows: list[dict[str, Any]], **options: Any) -> Path:
    pq.write_table(pa.Table.from_pylist(rows), path, **options)
    return path


def test_rows_give_articles_with_their_metadata_and_row_number_ids(tmp_path: Path) -> None:
    path = _write(
        tmp_path / "wire.parquet",
        [
            {"id": "k-1", "text": TEXT, "title": "Talks", "url": "https://wire.example/1", "publisher": "Wire"},
            {"id": None, "text": "The talks focused on water sharing.", "title": None, "url": None, "publisher": None},
        ],
    )
    articles, skipped = _ingest(path)
    assert skipped == []
    assert [a.id for a in articles] == ["k-1", "wire-2"]  # like a JSONL line: <file id>-<number>
    first, second = articles
    assert (first.title, first.url, first.publisher) == ("Talks", "https://wire.example/1", "Wire")
    assert first.text == TEXT and first.source_path == str(path)
    assert second.title is None and second.publisher is None
    # The hash is of the row's known columns as canonical JSON.
    canonical = json.dumps(
        {"id": "k-1", "publisher": "Wire", "text": TEXT, "title": "Talks", "url": "https://wire.example/1"},
        ensure_ascii=False,
        sort_keys=True,
        separators=(",", ":"),
    )
    assert first.sha256 == hashlib.sha256(canonical.encode()).hexdigest()


def test_integer_ids_date_columns_aliases_and_unknown_columns(tmp_path: Path) -> None:
    table = pa.table(
        {
            "id": pa.array([7, 8], pa.int64()),
            "text": [TEXT, TEXT + " Again."],
            "date": pa.array([dt.date(2024, 5, 14), None], pa.date32()),
            "author": ["Maria Lopez", None],
            "html": ["<html>" * 1000, "<p>"],  # not a row field: never read
        }
    )
    pq.write_table(table, tmp_path / "t.parquet")
    stamped = pa.table({"text": [TEXT], "published": pa.array([dt.datetime(2024, 6, 1, 12, 30)], pa.timestamp("s"))})
    pq.write_table(stamped, tmp_path / "u.parquet")
    articles, skipped = _ingest(tmp_path)
    assert skipped == []
    assert [a.id for a in articles] == ["7", "8", "u-1"]
    assert articles[0].published == "2024-05-14" and articles[0].byline == "Maria Lopez"
    assert articles[1].published is None
    assert articles[2].published == "2024-06-01"
    with_html = articles[0].sha256
    pq.write_table(table.drop_columns(["html"]), tmp_path / "t.parquet")
    assert _ingest(tmp_path / "t.parquet")[0][0].sha256 == with_html


def test_bad_rows_are_skipped_with_row_numbers_and_the_jsonl_reasons(tmp_path: Path) -> None:
    path = _write(
        tmp_path / "mixed.parquet",
        [
            {"id": "ok-1", "text": "The ministers met in Rome.", "url": None},
            {"id": "no-text", "text": None, "url": None},
            {"id": "blank", "text": "   ", "url": None},
            {"id": "ok-2", "text": "Talks in Rome went on.", "url": None},
        ],
    )
    bad_url = _write(tmp_path / "url.parquet", [{"text": "Talks in Rome.", "url": 5}])
    float_id = _write(tmp_path / "fid.parquet", [{"id": 1.5, "text": "Talks in Rome."}])
    articles, skipped = _ingest(path, bad_url, float_id)
    assert [a.id for a in articles] == ["ok-1", "ok-2"]
    assert [(s.path, s.reason) for s in skipped] == [
        (str(path), "row 2: no 'text' field"),
        (str(path), "row 3: 'text' must be a non-empty string"),
        (str(bad_url), "row 1: 'url' must be a string"),
        (str(float_id), "row 1: 'id' must be a string or an integer"),
    ]


def test_a_row_over_max_bytes_and_a_repeated_id_are_skipped(tmp_path: Path) -> None:
    path = _write(
        tmp_path / "r.parquet",
        [{"id": "a", "text": "short text"}, {"id": "b", "text": "x" * 500}, {"id": "a", "text": "again"}],
    )
    articles, skipped = _ingest(path, max_bytes=100)
    assert [a.id for a in articles] == ["a"]
    assert skipped[0].reason.startswith("row 2: too large (")
    assert skipped[1].reason == "row 3: duplicate article id 'a' (first on row 1)"


def test_an_id_in_a_parquet_file_and_another_file_stops_the_run_naming_both(tmp_path: Path) -> None:
    _write(tmp_path / "a.parquet", [{"id": "same", "text": TEXT}])
    (tmp_path / "b.jsonl").write_text(json.dumps({"id": "same", "text": TEXT}) + "\n")
    with pytest.raises(InputError, match="duplicate article id 'same'") as refused:
        _ingest(tmp_path)
    assert "a.parquet" in str(refused.value) and "b.jsonl" in str(refused.value)


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"PAR1 this is not really parquet", "not a readable Parquet file (Parquet magic bytes not found"),
        (b"", "not a readable Parquet file ("),
    ],
)
def test_a_corrupt_file_is_one_skipped_input_and_the_run_goes_on(tmp_path: Path, content: bytes, reason: str) -> None:
    (tmp_path / "bad.parquet").write_bytes(content)
    _write(tmp_path / "good.parquet", [{"text": TEXT}])
    articles, skipped = _ingest(tmp_path)
    assert [a.id for a in articles] == ["good-1"]
    assert len(skipped) == 1 and skipped[0].path == str(tmp_path / "bad.parquet")
    assert skipped[0].reason.startswith(reason) and "\n" not in skipped[0].reason


def test_no_text_column_and_no_rows_are_one_skip_each(tmp_path: Path) -> None:
    _write(tmp_path / "a.parquet", [{"id": "x", "body": TEXT}])
    pq.write_table(pa.table({"text": pa.array([], pa.string())}), tmp_path / "b.parquet")
    articles, skipped = _ingest(tmp_path)
    assert articles == []
    assert [(Path(s.path).name, s.reason) for s in skipped] == [
        ("a.parquet", "no 'text' column"),
        ("b.parquet", "empty file (no rows)"),
    ]


def test_a_damaged_row_group_skips_its_rows_only_and_rows_stream_before_it(tmp_path: Path) -> None:
    rows = [{"id": f"r{number}", "text": f"Article {number}: " + "ministers met in Rome. " * 20} for number in range(6)]
    path = _write(tmp_path / "d.parquet", rows, row_group_size=2, compression="zstd")
    metadata = pq.ParquetFile(path).metadata
    column = metadata.row_group(1).column(1)  # the text of rows 3-4
    data = bytearray(path.read_bytes())
    start = column.dictionary_page_offset or column.data_page_offset
    data[start : start + column.total_compressed_size] = b"\xff" * column.total_compressed_size
    path.write_bytes(bytes(data))
    events: list[str] = []
    for article in iter_articles([path], on_skip=lambda s: events.append(f"skip {s.reason.split(':')[0]}")):
        events.append(article.id)
    assert events == ["r0", "r1", "skip rows 3-4", "r4", "r5"]


def test_rows_are_counted_from_the_footer_and_a_folder_of_shards_is_read_in_order(tmp_path: Path) -> None:
    for shard in range(3):
        _write(tmp_path / f"train-{shard:05d}-of-00003.parquet", [{"text": f"{TEXT} {n}"} for n in range(4)])
    (tmp_path / "broken.parquet").write_bytes(b"nope")
    files = discover_inputs([tmp_path])
    assert count_inputs(files) == 3 * 4 + 1
    articles, skipped = _ingest(tmp_path)
    assert [a.id for a in articles][:5] == [f"train-00000-of-00003-{n}" for n in range(1, 5)] + [
        "train-00001-of-00003-1"
    ]
    assert len(articles) == 12 and len(skipped) == 1
