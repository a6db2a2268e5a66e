"""`extract validate` and `extract schema` through the real command line: output and exit codes."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from cli import app
from schema import JSON_SCHEMA_DIR, RECORD_TYPES, Actor, Evidence, Extractor, Statement

runner = CliRunner()


def statement(index: int, **changes: Any) -> dict[str, Any]:
    text = f"Statement number {index}."
    record = Statement(
        id=f"s-{index}",
        evidence=[Evidence(article_id="a", start=index, end=index + len(text), text=text)],
        confidence=0.75,
        extractor=Extractor(engine="rules", version="0.1.0"),
        speaker=Actor(name="Vladimir Putin", country="RUS", role="President of Russia"),
        text=text,
        direct=True,
        date="2025-10-15",
    ).model_dump(mode="json")
    record.update(changes)
    return record


def write_statements(path: Path, bad: dict[int, str | dict[str, Any]] | None = None) -> Path:
    lines = [json.dumps(statement(i)) for i in range(1000)]
    for index, replacement in (bad or {}).items():
        lines[index] = replacement if isinstance(replacement, str) else json.dumps(replacement)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_thousand_valid_statements_exit_zero(tmp_path: Path) -> None:
    path = write_statements(tmp_path / "statements.jsonl")
    result = runner.invoke(app, ["validate", str(path)])
    assert result.exit_code == 0, result.output
    assert result.stdout.strip() == "1000 records, 0 invalid"


def test_three_bad_lines_exit_one_and_are_named(tmp_path: Path) -> None:
    no_speaker = {key: value for key, value in statement(700).items() if key != "speaker"}
    path = write_statements(
        tmp_path / "statements.jsonl",
        bad={41: '{"id": "s-41", ', 299: statement(299, date="2025-02-30"), 700: no_speaker},
    )
    result = runner.invoke(app, ["validate", str(path)])
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert len(lines) == 4
    assert lines[0].startswith(f"{path}:42: not valid JSON")
    assert lines[1].startswith(f"{path}:300: /date: '2025-02-30'")
    assert lines[2] == f"{path}:701: /speaker: required field 'speaker' is missing"
    assert lines[3] == "1000 records, 3 invalid"


def test_json_report(tmp_path: Path) -> None:
    path = write_statements(tmp_path / "statements.jsonl", bad={5: statement(5, confidence=2)})
    result = runner.invoke(app, ["validate", str(path), "--json"])
    assert result.exit_code == 1
    report = json.loads(result.stdout)
    assert (report["records"], report["invalid"], report["ok"]) == (1000, 1, False)
    assert [(error["line"], error["path"]) for error in report["errors"]] == [(6, "/confidence")]


@pytest.mark.parametrize("args", [["missing.jsonl"], ["--type", "speech", "statements.jsonl"]])
def test_unusable_input_exits_two_with_one_line(tmp_path: Path, args: list[str]) -> None:
    write_statements(tmp_path / "statements.jsonl")
    args = [str(tmp_path / arg) if arg.endswith(".jsonl") else arg for arg in args]
    result = runner.invoke(app, ["validate", *args])
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.startswith("error: ") and result.stderr.count("\n") == 1
    assert "Traceback" not in result.output


def test_strict_fails_on_warnings(tmp_path: Path) -> None:
    empty = tmp_path / "statements.jsonl"
    empty.write_text("")
    relaxed = runner.invoke(app, ["validate", str(empty)])
    strict = runner.invoke(app, ["validate", str(empty), "--strict"])
    assert (relaxed.exit_code, strict.exit_code) == (0, 1)
    assert f"{empty}: warning: no records" in strict.stdout


def test_type_option_overrides_the_file_name(tmp_path: Path) -> None:
    path = write_statements(tmp_path / "data.jsonl")
    assert runner.invoke(app, ["validate", str(path)]).exit_code == 1
    assert runner.invoke(app, ["validate", str(path), "--type", "statement"]).exit_code == 0


def test_validate_help_documents_exit_codes_and_strict() -> None:
    result = runner.invoke(app, ["validate", "--help"])
    assert result.exit_code == 0
    assert "--strict" in result.stdout and "Exit codes" in result.stdout


def test_schema_prints_one_type() -> None:
    result = runner.invoke(app, ["schema", "statement"])
    assert result.exit_code == 0
    assert result.stdout == (JSON_SCHEMA_DIR / "statement.schema.json").read_text(encoding="utf-8")


def test_schema_accepts_config_names() -> None:
    result = runner.invoke(app, ["schema", "military_facilities"])
    assert json.loads(result.stdout)["title"] == "MilitaryFacility"


def test_schema_without_arguments_lists_the_types() -> None:
    result = runner.invoke(app, ["schema"])
    assert result.exit_code == 0
    assert result.stdout.split() == list(RECORD_TYPES)


def test_schema_out_writes_every_file(tmp_path: Path) -> None:
    out = tmp_path / "new" / "json"
    result = runner.invoke(app, ["schema", "--out", str(out)])
    assert result.exit_code == 0
    written = sorted(path.name for path in out.iterdir())
    assert written == sorted(f"{name}.schema.json" for name in RECORD_TYPES)
    for name in written:
        assert (out / name).read_text(encoding="utf-8") == (JSON_SCHEMA_DIR / name).read_text(encoding="utf-8")


def test_schema_out_with_a_type_writes_one_file(tmp_path: Path) -> None:
    result = runner.invoke(app, ["schema", "meeting", "--out", str(tmp_path)])
    assert result.exit_code == 0
    assert [path.name for path in tmp_path.iterdir()] == ["meeting.schema.json"]


@pytest.mark.parametrize("args", [["speech"], ["--out", "FILE"]])
def test_schema_bad_input_exits_two(tmp_path: Path, args: list[str]) -> None:
    a_file = tmp_path / "taken"
    a_file.write_text("x")
    args = [str(a_file) if arg == "FILE" else arg for arg in args]
    result = runner.invoke(app, ["schema", *args])
    assert result.exit_code == 2
    assert result.stderr.startswith("error: ")
    assert a_file.read_text() == "x"


def test_an_unreadable_file_is_reported_the_others_checked_and_the_exit_is_2(tmp_path: Path) -> None:
    write_statements(tmp_path / "statements.jsonl", bad={3: '"a string"', 7: '{"confidence": NaN}'})
    (tmp_path / "meetings.parquet").write_bytes(b"PAR1 not parquet")
    result = runner.invoke(app, ["validate", str(tmp_path)])
    assert result.exit_code == 2, result.output
    lines = result.output.splitlines()
    assert f"{tmp_path / 'statements.jsonl'}:4: expected a JSON object, got a string" in lines
    assert f"{tmp_path / 'statements.jsonl'}:8: not valid JSON: NaN is not a JSON number" in lines
    assert any(
        line.startswith(f"{tmp_path / 'meetings.parquet'}: error: not a readable Parquet file") for line in lines
    )
    assert lines[-1] == "1000 records, 2 invalid, 1 unreadable file"
    assert "Traceback" not in result.output
