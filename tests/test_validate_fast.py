"""The fast path of validate_records (jsonschema-rs, orjson) against the reference (jsonschema).

The report must be the reference's alone: the fast validator may only clear records the
reference finds valid. Checked three ways: on every invalid-record case of the validate
tests, on generated records, and by comparing whole reports with the fast path switched off.
"""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import extractor._validate as validate_module
from extractor import validate_records
from extractor._validate import _Validators
from tests.test_validate import meeting, statement, write_jsonl

_CHECKERS = _Validators(None)

_DATES = st.one_of(
    st.none(),
    st.sampled_from(
        [
            "2025",
            "2025-10",
            "2025-10-15",
            "2024-02-29",
            "2025-02-29",
            "2025-02-30",
            "2025-13",
            "2025-00",
            "2025-1-5",
            "25",
            "2025\n",
            "٢٠٢٥",
            "2025-10-15T10:00",
            "20251015",
            "",
            " 2025",
        ]
    ),
    st.text(max_size=12),
)
_NUMBERS = st.one_of(
    st.floats(allow_nan=False, allow_infinity=False),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.sampled_from([0, 1, 0.5, -0.0, 1.0000001, -1e-9, True, False]),
)
_VALUES = st.one_of(st.none(), st.booleans(), _NUMBERS, st.text(max_size=8), st.lists(st.integers(), max_size=2))


def _mutations() -> st.SearchStrategy[dict[str, Any]]:
    field_names = sorted(statement(0))
    return st.dictionaries(
        st.sampled_from([*field_names, "date", "confidence", "extra", "speaker.country", "evidence.start"]),
        st.one_of(_DATES, _NUMBERS, _VALUES),
        max_size=3,
    )


def _mutate(record: dict[str, Any], changes: dict[str, Any]) -> dict[str, Any]:
    for key, value in changes.items():
        if key == "speaker.country" and isinstance(record.get("speaker"), dict):
            record["speaker"]["country"] = value
        elif key == "evidence.start" and isinstance(record.get("evidence"), list) and record["evidence"]:
            if isinstance(record["evidence"][0], dict):
                record["evidence"][0]["start"] = value
        else:
            record[key] = value
    return record


def _agree(record_type: str, record: Any) -> None:
    checker = _CHECKERS.get(record_type)
    if checker.fast.is_valid(record):
        assert not list(checker.exact.iter_errors(record)), f"fast path more lenient than jsonschema on {record!r}"


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    index=st.integers(min_value=0, max_value=50),
    changes=_mutations(),
    drop=st.sets(st.sampled_from(["id", "text", "speaker", "evidence", "date"]), max_size=2),
)
def test_fast_validator_never_clears_what_the_reference_rejects(
    index: int, changes: dict[str, Any], drop: set[str]
) -> None:
    record = _mutate(statement(index), changes)
    for name in drop:
        record.pop(name, None)
    _agree("statement", record)


@pytest.mark.parametrize(
    "record",
    [
        statement(1, date="2025-02-30"),
        statement(2, date="2024-02-29"),
        statement(3, date="2025-02-29"),
        statement(4, date="2025\n"),
        statement(5, date="٢٠٢٥"),
        statement(6, confidence=1.5),
        statement(7, confidence=-0.01),
        statement(8, confidence="0.5"),
        statement(9, direct="yes"),
        statement(10, extra=1),
        statement(11, speaker={"name": "X", "country": "XXX", "role": None}),
        statement(12, speaker={"name": "X", "country": "rus", "role": None}),
        statement(13, evidence=[]),
        statement(14, confidence=True),
        statement(15, confidence=10**30),
        {"id": "only-an-id"},
        [],
        "text",
    ],
)
def test_fast_and_reference_agree_on_hand_made_cases(record: Any) -> None:
    _agree("statement", record)
    _agree("meeting", record)


def _reports(monkeypatch: pytest.MonkeyPatch, paths: list[Path]) -> tuple[dict[str, Any], dict[str, Any]]:
    fast = validate_records(paths).to_dict()

    class _NeverValid:
        def is_valid(self, value: object) -> bool:
            return False

    compile_checker = _Validators._compile

    def reference_only(self: _Validators, record_type: str) -> Any:
        checker = compile_checker(self, record_type)
        return validate_module._Checker(fast=_NeverValid(), exact=checker.exact)

    monkeypatch.setattr(_Validators, "_compile", reference_only)
    return fast, validate_records(paths).to_dict()


def test_fast_and_reference_paths_give_the_same_report(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    lines: list[Any] = [
        statement(0),
        statement(1, date="2025-02-30"),
        statement(2, confidence=12345678901234567890123),  # beyond 64 bits: reported exactly, not rounded
        statement(3, extra="x"),
        {**statement(4), "type": "statement"},
        {**statement(5), "type": "meeting"},
        "not json",
        '"a string"',
        '{"id": 1, "confidence": NaN}',
        '{"text": "\\ud800"}',
        "[" * 3000 + "]" * 3000,
        '{"n": ' + "9" * 5000 + "}",
        statement(6, speaker={"name": "Putin", "country": "RUSSIA", "role": None}),
    ]
    write_jsonl(tmp_path / "statements.jsonl", lines)
    (tmp_path / "meetings.json").write_text(json.dumps([meeting(0), {**meeting(1), "format": "phone"}]))
    rows = [statement(i) for i in range(20)]
    rows[7]["date"] = "2025-02-30"
    rows[9]["confidence"] = math.nan
    pq.write_table(pa.Table.from_pylist(rows), tmp_path / "statements.parquet")
    fast, reference = _reports(monkeypatch, [tmp_path])
    assert fast == reference
    assert fast["invalid"] == 14  # 11 JSONL lines, one JSON element, two Parquet rows
    [big] = [error for error in fast["errors"] if error["line"] == 3]
    assert big["message"].startswith("12345678901234567890123 ")


def test_what_run_cannot_write_is_invalid_on_every_path(tmp_path: Path) -> None:
    path = write_jsonl(
        tmp_path / "statements.jsonl",
        [
            '{"confidence": NaN}',
            '{"confidence": -Infinity}',
            '{"confidence": 1e999}',
            '{"text": "\\udc00 alone"}',
            '{"n": ' + "1" * 5000 + "}",
            "[" * 200_000 + "]" * 200_000,
            '"just a string"',
            '{"a": "\x01"}',
        ],
    )
    report = validate_records([path])
    messages = [error.message for error in report.errors]
    assert report.invalid == 8, messages
    assert messages[0] == "not valid JSON: NaN is not a JSON number"
    assert messages[1] == "not valid JSON: -Infinity is not a JSON number"
    assert messages[2] == "inf is not a JSON number"
    assert messages[3] == "a lone surrogate \\udc00 cannot be stored as UTF-8"
    assert report.errors[3].path == "/text"
    assert "more digits than can be converted" in messages[4]
    assert messages[5] == "not valid JSON here: nested too deeply"
    assert messages[6] == "expected a JSON object, got a string"
    assert messages[7] == "not valid JSON: Invalid control character at column 8"


def test_nan_in_a_parquet_float_column_is_invalid(tmp_path: Path) -> None:
    rows = [statement(0), statement(1)]
    rows[1]["confidence"] = math.nan
    pq.write_table(pa.Table.from_pylist(rows), tmp_path / "statements.parquet")
    report = validate_records([tmp_path / "statements.parquet"])
    assert report.invalid == 1
    assert (report.errors[0].row, report.errors[0].path, report.errors[0].message) == (
        1,
        "/confidence",
        "nan is not a JSON number",
    )


def test_lone_surrogate_in_a_json_document_is_invalid(tmp_path: Path) -> None:
    (tmp_path / "statements.json").write_text('[{"text": "\\ud800"}]')
    report = validate_records([tmp_path / "statements.json"])
    assert [(error.path, error.message) for error in report.errors] == [
        ("/text", "a lone surrogate \\ud800 cannot be stored as UTF-8")
    ]
