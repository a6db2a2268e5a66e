"""validate_records: every input kind, every robustness case, and the report it returns."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from extractor import InputError, validate_records
from schema import Actor, Evidence, Extractor, Meeting, Statement

_SPEAKERS = [
    Actor(name="Vladimir Putin", country="RUS", role="President of Russia"),
    Actor(name="Ahmed al-Sharaa", country="SYR", role=None),
    Actor(name="Kremlin"),
]


def statement(index: int, **changes: Any) -> dict[str, Any]:
    """A contract-conforming Statement as JSON-ready data, varied by ``index``."""
    text = f"We will keep statement {index} in force."
    record = Statement(
        id=f"statement-{index}",
        evidence=[Evidence(article_id=f"article-{index % 7}", start=index, end=index + len(text), text=text)],
        confidence=(index % 100) / 100,
        extractor=Extractor(engine="rules", version="0.1.0"),
        speaker=_SPEAKERS[index % len(_SPEAKERS)],
        text=text,
        direct=index % 2 == 0,
        date=["2025", "2025-10", "2025-10-15", None][index % 4],
    ).model_dump(mode="json")
    record.update(changes)
    return record


def meeting(index: int) -> dict[str, Any]:
    return Meeting(
        id=f"meeting-{index}",
        evidence=[Evidence(article_id="a", start=0, end=4, text="met.")],
        confidence=0.5,
        extractor=Extractor(engine="rules", version="0.1.0"),
        participants=_SPEAKERS[:2],
        format="in_person",
        status="held",
        date="2025-01",
    ).model_dump(mode="json")


def write_jsonl(path: Path, lines: list[Any]) -> Path:
    text = "".join((line if isinstance(line, str) else json.dumps(line)) + "\n" for line in lines)
    path.write_text(text, encoding="utf-8")
    return path


def errors_by_line(report: Any) -> dict[int, list[str]]:
    found: dict[int, list[str]] = {}
    for error in report.errors:
        found.setdefault(error.line, []).append(error.path)
    return found


def test_thousand_valid_statements_pass(tmp_path: Path) -> None:
    path = write_jsonl(tmp_path / "statements.jsonl", [statement(i) for i in range(1000)])
    report = validate_records([path])
    assert (report.records, report.invalid, report.errors, report.warnings) == (1000, 0, [], [])
    assert report.ok and report.passed(strict=True)
    assert report.summary() == "1000 records, 0 invalid"


def test_three_bad_lines_are_named_with_their_json_paths(tmp_path: Path) -> None:
    lines: list[Any] = [statement(i) for i in range(1000)]
    lines[9] = '{"id": "broken", "evidence": ['
    lines[499] = statement(499, date="2025-02-30")
    lines[899] = {key: value for key, value in statement(899).items() if key != "speaker"}
    report = validate_records([write_jsonl(tmp_path / "statements.jsonl", lines)])
    assert (report.records, report.invalid) == (1000, 3)
    assert errors_by_line(report) == {10: [""], 500: ["/date"], 900: ["/speaker"]}
    assert "not valid JSON" in report.errors[0].message
    assert "date" in report.errors[1].message
    assert report.summary() == "1000 records, 3 invalid"
    assert not report.ok


def test_empty_file_has_no_records_and_a_warning(tmp_path: Path) -> None:
    path = tmp_path / "statements.jsonl"
    path.write_bytes(b"")
    report = validate_records([path])
    assert (report.records, report.invalid) == (0, 0)
    assert report.ok and report.passed() and not report.passed(strict=True)
    assert [warning.message for warning in report.warnings] == ["no records"]


def test_blank_lines_are_skipped_but_counted_in_line_numbers(tmp_path: Path) -> None:
    path = write_jsonl(tmp_path / "statements.jsonl", [statement(0), "", "   ", statement(1, text=5)])
    report = validate_records([path])
    assert report.records == 2
    assert errors_by_line(report) == {4: ["/text"]}


def test_utf8_bom_is_accepted(tmp_path: Path) -> None:
    path = tmp_path / "statements.jsonl"
    path.write_bytes(b"\xef\xbb\xbf" + json.dumps(statement(0)).encode() + b"\n")
    json_path = tmp_path / "statement.json"
    json_path.write_bytes(b"\xef\xbb\xbf" + json.dumps(statement(1)).encode())
    report = validate_records([path, json_path])
    assert (report.records, report.invalid) == (2, 0)


def test_invalid_utf8_is_a_line_error_and_the_run_goes_on(tmp_path: Path) -> None:
    good = json.dumps(statement(0)).encode()
    path = tmp_path / "statements.jsonl"
    path.write_bytes(good + b"\n" + b'{"id": "\xff\xfe"}\n' + good + b"\n")
    report = validate_records([path])
    assert (report.records, report.invalid) == (3, 1)
    [error] = report.errors
    assert (error.line, error.path) == (2, "")
    assert "UTF-8" in error.message and "0xff" in error.message


def test_invalid_utf8_in_a_json_file_names_its_line(tmp_path: Path) -> None:
    path = tmp_path / "statements.json"
    path.write_bytes(b'[\n{"id": 1},\n"\xc3"\n]')
    report = validate_records([path])
    assert [(error.line, "UTF-8" in error.message) for error in report.errors] == [(3, True)]


def test_json_array_reports_each_element_with_its_line(tmp_path: Path) -> None:
    path = tmp_path / "statements.json"
    path.write_text(json.dumps([statement(0), 42, statement(2, direct="yes"), ["x"]], indent=2))
    report = validate_records([path])
    text = path.read_text().splitlines()
    assert report.records == 4 and report.invalid == 3
    number_line = text.index("  42,") + 1
    assert [error.line for error in report.errors] == [number_line, number_line + 1, text.index("  [") + 1]
    assert [error.path for error in report.errors] == ["", "/direct", ""]
    assert "got a number" in report.errors[0].message
    assert "got an array" in report.errors[2].message


def test_json_single_object_and_empty_array(tmp_path: Path) -> None:
    one = tmp_path / "statement.json"
    one.write_text(json.dumps(statement(0)))
    empty = tmp_path / "statements.json"
    empty.write_text("[ ]")
    report = validate_records([one, empty])
    assert report.records == 1 and report.ok
    assert [warning.file for warning in report.warnings] == [str(empty)]


def test_broken_json_document_is_a_record_error_at_its_line(tmp_path: Path) -> None:
    path = tmp_path / "statements.json"
    path.write_text(json.dumps(statement(0)) + ",\n" + json.dumps(statement(1)))
    report = validate_records([path])
    assert [(error.line, error.path) for error in report.errors][-1] == (1, "")
    assert "not valid JSON" in report.errors[-1].message


def test_ten_megabyte_single_line_validates(tmp_path: Path) -> None:
    big = "x" * (10 * 2**20)
    path = write_jsonl(tmp_path / "statements.jsonl", [statement(0, text=big), statement(1, speaker=big)])
    report = validate_records([path])
    assert (report.records, report.invalid) == (2, 1)
    [error] = report.errors
    assert (error.line, error.path) == (2, "/speaker")
    assert len(error.message) < 400  # the 10 MB value is not copied into the message


@pytest.mark.parametrize(
    ("changes", "path"),
    [
        ({"confidence": "high"}, "/confidence"),
        ({"confidence": 1.5}, "/confidence"),
        ({"direct": "yes"}, "/direct"),
        ({"evidence": []}, "/evidence"),
        ({"evidence": [{"article_id": "a", "start": -1, "end": 2, "text": "ab"}]}, "/evidence/0/start"),
        ({"speaker": {"name": "X", "country": "XXX"}}, "/speaker/country"),
        ({"speaker": {"name": "X", "nickname": "Y"}}, "/speaker/nickname"),
        ({"surprise": 1}, "/surprise"),
    ],
)
def test_wrong_types_and_unknown_fields_point_at_the_field(tmp_path: Path, changes: dict[str, Any], path: str) -> None:
    report = validate_records([write_jsonl(tmp_path / "statements.jsonl", [statement(0, **changes)])])
    assert [error.path for error in report.errors] == [path]
    assert report.errors[0].record_type == "statement"


@pytest.mark.parametrize("missing", ["id", "evidence", "confidence", "extractor", "speaker", "text", "direct"])
def test_missing_required_fields_point_at_the_field(tmp_path: Path, missing: str) -> None:
    record = {key: value for key, value in statement(0).items() if key != missing}
    report = validate_records([write_jsonl(tmp_path / "statements.jsonl", [record])])
    assert [(error.path, error.message) for error in report.errors] == [
        (f"/{missing}", f"required field {missing!r} is missing")
    ]


@pytest.mark.parametrize("date", ["2025-13-40", "2025-02-30", "25-1-1", "2025-1", "2025-10-15T00:00", ""])
def test_bad_dates_are_invalid(tmp_path: Path, date: str) -> None:
    report = validate_records([write_jsonl(tmp_path / "statements.jsonl", [statement(0, date=date)])])
    assert [error.path for error in report.errors] == ["/date"]
    assert repr(date) in report.errors[0].message


@pytest.mark.parametrize("date", ["2025", "2025-10", "2025-10-15", "2024-02-29", None])
def test_good_dates_are_valid(tmp_path: Path, date: str | None) -> None:
    report = validate_records([write_jsonl(tmp_path / "statements.jsonl", [statement(0, date=date)])])
    assert report.ok


def test_type_tag_names_the_type_and_is_removed(tmp_path: Path) -> None:
    path = write_jsonl(
        tmp_path / "records.jsonl",
        [statement(0, type="statement"), {**meeting(1), "type": "meetings"}, statement(2, type="Statement")],
    )
    report = validate_records([path])
    assert (report.records, report.invalid) == (3, 0)
    assert report.files[0].type_source == "records"


def test_type_tag_problems_are_record_errors(tmp_path: Path) -> None:
    path = write_jsonl(tmp_path / "records.jsonl", [statement(0, type="speech"), statement(1, type=7), statement(2)])
    report = validate_records([path])
    assert [(error.line, error.path) for error in report.errors] == [(1, "/type"), (2, "/type"), (3, "")]
    assert "unknown record type 'speech'" in report.errors[0].message
    assert "cannot tell the record type" in report.errors[2].message


def test_explicit_type_wins_and_a_contradicting_tag_is_an_error(tmp_path: Path) -> None:
    path = write_jsonl(tmp_path / "meetings.jsonl", [statement(0), statement(1, type="meeting")])
    report = validate_records([path], record_type="statements")
    assert report.files[0].record_type == "statement"
    assert [(error.line, error.path) for error in report.errors] == [(2, "/type")]


def test_tag_contradicting_the_file_name_is_a_warning(tmp_path: Path) -> None:
    path = write_jsonl(tmp_path / "statements.jsonl", [statement(0), {**meeting(1), "type": "meeting"}])
    report = validate_records([path])
    assert report.ok and not report.passed(strict=True)
    assert "1 records are tagged with another type" in report.warnings[0].message


def test_unknown_type_option_is_unusable_input(tmp_path: Path) -> None:
    path = write_jsonl(tmp_path / "statements.jsonl", [statement(0)])
    with pytest.raises(InputError, match="unknown record type 'speech'") as caught:
        validate_records([path], record_type="speech")
    assert caught.value.exit_code == 2


def test_parquet_rows_are_streamed_and_numbered_from_zero(tmp_path: Path) -> None:
    folder = tmp_path / "statements"
    folder.mkdir()
    rows = [statement(i) for i in range(5000)]
    rows[4321]["date"] = "2025-02-30"
    pq.write_table(pa.Table.from_pylist(rows), folder / "train.parquet", row_group_size=1000)
    report = validate_records([folder / "train.parquet"])
    assert (report.records, report.invalid) == (5000, 1)
    [error] = report.errors
    assert (error.row, error.line, error.path) == (4321, None, "/date")
    assert str(error).startswith(f"{folder / 'train.parquet'}:row 4321: /date: ")


def test_damaged_parquet_is_listed_and_the_other_files_are_still_checked(tmp_path: Path) -> None:
    (tmp_path / "statements.parquet").write_bytes(b"PAR1 this is not parquet")
    write_jsonl(tmp_path / "statements.jsonl", [statement(0), statement(1, date="2025-02-30")])
    report = validate_records([tmp_path])
    assert [(Path(problem.file).name, "Parquet" in problem.message) for problem in report.unreadable] == [
        ("statements.parquet", True)
    ]
    assert (report.records, report.invalid) == (2, 1)
    assert not report.passed()
    assert "1 unreadable file" in report.summary()


def test_directory_expands_to_its_data_files(tmp_path: Path) -> None:
    (tmp_path / "meetings").mkdir()
    (tmp_path / ".cache").mkdir()
    write_jsonl(tmp_path / "statements.jsonl", [statement(0), statement(1)])
    pq.write_table(pa.Table.from_pylist([meeting(0)]), tmp_path / "meetings" / "train.parquet")
    write_jsonl(tmp_path / ".cache" / "statements.jsonl", ["not json"])
    (tmp_path / "statement.schema.json").write_text('{"type": "object"}')
    (tmp_path / "croissant.json").write_text('{"@context": {}}')
    (tmp_path / "run_report.json").write_text('{"engine": "rules"}')
    (tmp_path / "notes.json").write_text('{"comment": "not a record"}')
    (tmp_path / "README.md").write_text("# card")
    report = validate_records([tmp_path])
    assert sorted((Path(counts.file).name, counts.record_type, counts.records) for counts in report.files) == [
        ("statements.jsonl", "statement", 2),
        ("train.parquet", "meeting", 1),
    ]
    assert report.ok
    # a dataset folder's own metadata files are left out; another untyped file is a warning
    assert [Path(warning.file).name for warning in report.warnings] == ["notes.json"]


def test_named_file_without_a_type_is_checked_not_skipped(tmp_path: Path) -> None:
    path = tmp_path / "croissant.json"
    path.write_text('{"@context": {}}')
    report = validate_records([path])
    assert report.invalid == 1 and "cannot tell the record type" in report.errors[0].message


@pytest.mark.parametrize(
    ("name", "message"),
    [("missing.jsonl", "no such file"), ("statements.csv", "unsupported file type"), ("empty_dir", "no .jsonl")],
)
def test_unusable_paths_raise_input_error(tmp_path: Path, name: str, message: str) -> None:
    if name.endswith(".csv"):
        (tmp_path / name).write_text("a,b\n")
    if name == "empty_dir":
        (tmp_path / name).mkdir()
    with pytest.raises(InputError, match=message) as caught:
        validate_records([tmp_path / name])
    assert caught.value.exit_code == 2


def test_errors_are_capped_but_all_counted(tmp_path: Path) -> None:
    path = write_jsonl(tmp_path / "statements.jsonl", [statement(i, direct="no") for i in range(30)])
    report = validate_records([path], max_errors=5)
    assert (report.invalid, report.errors_found, len(report.errors)) == (30, 30, 5)
    assert report.truncated and "showing the first 5 of 30 errors" in report.summary()


def test_schema_directory_without_the_schema_is_unusable_input(tmp_path: Path) -> None:
    path = write_jsonl(tmp_path / "statements.jsonl", [statement(0)])
    with pytest.raises(InputError, match="no JSON Schema for type 'statement'"):
        validate_records([path], schema_dir=tmp_path)


def test_validation_uses_the_published_schema_files(tmp_path: Path) -> None:
    schemas = tmp_path / "schemas"
    schemas.mkdir()
    (schemas / "statement.schema.json").write_text(json.dumps({"type": "object", "required": ["nope"]}))
    path = write_jsonl(tmp_path / "statements.jsonl", [statement(0)])
    report = validate_records([path], schema_dir=schemas)
    assert [error.path for error in report.errors] == ["/nope"]


def test_report_to_json_is_machine_readable(tmp_path: Path) -> None:
    path = write_jsonl(tmp_path / "statements.jsonl", [statement(0), statement(1, date="2025-13-40")])
    data = json.loads(validate_records([path]).to_json())
    assert (data["ok"], data["records"], data["invalid"]) == (False, 2, 1)
    assert data["errors"][0] | {"message": ""} == {
        "file": str(path),
        "line": 2,
        "row": None,
        "path": "/date",
        "message": "",
        "record_type": "statement",
    }
    assert data["files"][0]["records"] == 2


def _mention(**changes: Any) -> dict[str, Any]:
    from schema import FieldEvidence, Mention

    record = Mention(
        id="mention-1",
        record_type="meeting",
        canonical_id="meeting-1",
        article_id="a",
        evidence=[Evidence(article_id="a", start=0, end=14, text="Vladimir Putin")],
        attributes='{"participants": [{"name": "Vladimir Putin"}]}',
        confidence=0.8,
        extractor=Extractor(engine="llm", version="0.1.0", model="m"),
        alignment=["fuzzy"],
        field_evidence=[FieldEvidence(field="participants[0]", article_id="a", start=9, end=14, text="Putin")],
    ).model_dump(mode="json")
    record.update(changes)
    return record


def test_mentions_with_alignment_and_field_evidence_validate(tmp_path: Path) -> None:
    older = {key: value for key, value in _mention().items() if key not in {"alignment", "field_evidence"}}
    lines = [
        _mention(),
        _mention(alignment=["span"], field_evidence=None),
        older,  # written before the fields existed
        _mention(alignment=["approximate"]),
        _mention(field_evidence=[{"field": "speaker", "article_id": "a", "start": 0, "end": 5}]),
        _mention(field_evidence=[{"field": "", "article_id": "a", "start": 0, "end": 5, "text": "Putin"}]),
    ]
    report = validate_records([write_jsonl(tmp_path / "mentions.jsonl", lines)])
    assert (report.records, report.invalid) == (6, 3)
    assert errors_by_line(report) == {4: ["/alignment/0"], 5: ["/field_evidence/0"], 6: ["/field_evidence/0/field"]}
