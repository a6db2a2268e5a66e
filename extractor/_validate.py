"""Validate third-party record files against the published JSON Schema files.

A third party has the JSON Schema in ``schema/json``, not our Pydantic models, so this is
what is checked here. Two validators of the same published schema are compiled once per
run for each type:

- a fast one, ``jsonschema-rs`` (compiled Rust, formats checked), that only says valid or
  not, and clears almost every record;
- the reference, ``jsonschema``'s draft 2020-12 validator with its format checker (which is
  what rejects ``2025-02-30``). It decides every record the fast one does not clear and
  writes the report's messages and JSON pointers, so the report is the reference's alone.
  Where the two disagree, the fast one is only ever stricter (a test checks it on every
  case of the tests and on generated records), and the reference has the last word.

How the type of a record is found, first match wins:

1. ``record_type`` (``--type``), when it is not ``"auto"``;
2. a ``type`` field in the record naming a type (``"statement"`` or ``"statements"``); the
   field is a type tag, not data, so it is removed before validating (the schemas forbid
   unknown fields). With an explicit ``record_type``, a tag naming another type is an error;
3. the file's name or its folder's name: ``statements.jsonl``, ``statement.json``,
   ``military_facilities.parquet``, ``meetings/train-00000.parquet``.

A record whose type cannot be told is an invalid record (the file is readable; the record
does not say what it is). A file found by expanding a directory whose name names no type
and whose first record has no tag (``croissant.json`` next to the data) is skipped with a
warning instead.

Warnings (which fail only under ``strict``): a file with no records, a skipped file, and
records whose tag names another type than their file's name.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, cast

from jsonschema import Draft202012Validator
from jsonschema.exceptions import SchemaError, ValidationError, best_match

from extractor._errors import InputError
from extractor._schemas import record_type_names, resolve_type_name
from extractor._validate_read import (
    InputFile,
    Unreadable,
    UnreadableFileError,
    decode_exactly,
    expand_paths,
    read_values,
)
from extractor._validate_report import (
    FileReport,
    RecordError,
    TypeSource,
    ValidationReport,
    ValidationWarning,
)

__all__ = ["RecordError", "ValidationReport", "ValidationWarning", "validate_records"]

DEFAULT_MAX_ERRORS = 1000
_MESSAGE_LIMIT = 300
_ENUM_LISTED = 10
_TYPE_TAG = "type"


def validate_records(
    paths: Sequence[Path | str],
    *,
    record_type: str = "auto",
    schema_dir: Path | None = None,
    max_errors: int = DEFAULT_MAX_ERRORS,
) -> ValidationReport:
    """Check every record in ``paths`` (JSONL, JSON, Parquet files or folders of them).

    Raises ``InputError`` (unusable input) for a missing path, an unsupported extension,
    an unknown ``record_type`` or a missing schema file, before any file is read. A file
    that cannot be read (or breaks off) is listed in ``report.unreadable`` and the other
    files are still checked; everything wrong inside a readable file is a ``RecordError``.
    """
    files = expand_paths(paths)
    explicit_type = None if record_type == "auto" else _require_type(record_type)
    validators = _Validators(schema_dir)
    if explicit_type is not None:
        validators.get(explicit_type)  # a broken schema directory fails before any file is read
    report = ValidationReport(max_errors=max_errors)
    for input_file in files:
        try:
            _validate_file(input_file, explicit_type, validators, report)
        except UnreadableFileError as e:
            report.unreadable.append(ValidationWarning(str(input_file.path), e.reason))
    return report


def _validate_file(
    input_file: InputFile, explicit_type: str | None, validators: _Validators, report: ValidationReport
) -> None:
    name = str(input_file.path)
    name_type = _type_from_path(input_file.path)
    file_type = explicit_type or name_type
    source: TypeSource = "option" if explicit_type else ("file name" if name_type else "records")
    counts = FileReport(file=name, record_type=file_type, type_source=source)
    report.files.append(counts)
    is_parquet = input_file.file_format == "parquet"
    records = invalid = mismatched = 0

    def fail(position: int, errors: Iterable[tuple[str, str]], record_type: str | None) -> None:
        line, row = (None, position) if is_parquet else (position, None)
        for path, message in errors:
            report.add_error(RecordError(name, line, row, path, _shorten(message), record_type))

    for position, value, raw in read_values(input_file):
        if type(value) is dict:
            record = cast(dict[str, Any], value)
            found = _take_type(record, file_type, explicit_type)
        elif isinstance(value, Unreadable):
            found = _Problem(value.pointer, value.message)
        else:
            found = _Problem("", f"expected a JSON object, got {_json_kind(value)}")
        if isinstance(found, _Problem):
            if found.message is _UNTYPED and input_file.from_directory and records == 0:
                report.warnings.append(ValidationWarning(name, _SKIPPED))
                report.files.remove(counts)
                return
            records += 1
            invalid += 1
            fail(position, [(found.pointer, found.message)], file_type)
            continue
        records += 1
        if found != file_type and file_type is not None:
            mismatched += 1
        checker = validators.get(found)
        if checker.fast.is_valid(record):
            continue
        errors = checker.exact.iter_errors(_exact_value(record, raw))
        first = next(errors, None)
        if first is not None:
            invalid += 1
            fail(position, _explain_all([first, *errors]), found)

    counts.records, counts.invalid = records, invalid
    if records == 0:
        report.warnings.append(ValidationWarning(name, "no records"))
    if mismatched:
        report.warnings.append(
            ValidationWarning(name, f"{mismatched} records are tagged with another type than {name_type!r}")
        )


_SKIPPED = "skipped: its name names no record type and its first record has no 'type' field; pass --type to validate it"
_UNTYPED = (
    "cannot tell the record type: pass --type, add a 'type' field, "
    "or name the file after the type (e.g. statements.jsonl)"
)


@dataclass(frozen=True, slots=True)
class _Checker:
    """The fast validator and the reference validator of one record type's published schema."""

    fast: Any  # jsonschema_rs.Validator (the package ships no type hints)
    exact: Draft202012Validator


class _Validators:
    """One compiled pair of validators per record type, loaded from the published schema files."""

    def __init__(self, schema_dir: Path | None) -> None:
        if schema_dir is None:
            from schema import JSON_SCHEMA_DIR

            schema_dir = JSON_SCHEMA_DIR
        self._schema_dir = schema_dir
        self._compiled: dict[str, _Checker] = {}

    def get(self, record_type: str) -> _Checker:
        validator = self._compiled.get(record_type)
        if validator is None:
            validator = self._compiled[record_type] = self._compile(record_type)
        return validator

    def _compile(self, record_type: str) -> _Checker:
        import jsonschema_rs

        path = self._schema_dir / f"{record_type}.schema.json"
        try:
            document = json.loads(path.read_text(encoding="utf-8"))
            Draft202012Validator.check_schema(document)
            fast = jsonschema_rs.Draft202012Validator(document, validate_formats=True)
        except FileNotFoundError as e:
            raise InputError(f"no JSON Schema for type {record_type!r}", path=path) from e
        except (OSError, ValueError, SchemaError) as e:
            raise InputError(f"not a usable JSON Schema: {_first_line(e)}", path=path) from e
        exact = Draft202012Validator(document, format_checker=Draft202012Validator.FORMAT_CHECKER)
        return _Checker(fast=fast, exact=exact)


def _exact_value(value: dict[str, Any], raw: bytes | None) -> dict[str, Any]:
    """The record as the standard library decodes it, for the reference validator's messages."""
    if raw is None:
        return value
    exact = decode_exactly(raw)
    if type(exact) is not dict:
        return value
    exact.pop(_TYPE_TAG, None)
    return exact


def _require_type(name: str) -> str:
    resolved = resolve_type_name(name)
    if resolved is None:
        raise InputError(f"unknown record type {name!r}; expected auto or one of: {', '.join(record_type_names())}")
    return resolved


def _type_from_path(path: Path) -> str | None:
    """A type named by the file (``statements.jsonl``, ``statements-0000.parquet``) or its folders."""
    stem = path.name.split(".", 1)[0]
    candidates = [stem, stem.split("-", 1)[0], *(parent.name for parent in path.parents[:2])]
    for candidate in candidates:
        resolved = resolve_type_name(candidate) if candidate else None
        if resolved is not None:
            return resolved
    return None


class _Problem:
    """Why a value cannot be checked against a schema, and where in it (a JSON pointer)."""

    __slots__ = ("message", "pointer")

    def __init__(self, pointer: str, message: str) -> None:
        self.pointer = pointer
        self.message = message


def _take_type(record: dict[str, Any], file_type: str | None, explicit_type: str | None) -> str | _Problem:
    """The record's type; its ``type`` tag, if any, is removed (it is a tag, not data)."""
    tag = record.pop(_TYPE_TAG, None)
    if tag is None:
        return file_type if file_type is not None else _Problem("", _UNTYPED)
    pointer = f"/{_TYPE_TAG}"
    if not isinstance(tag, str):
        return _Problem(pointer, f"'type' must be a string naming the record type, not {_json_kind(tag)}")
    resolved = resolve_type_name(tag)
    if resolved is None:
        known = ", ".join(record_type_names())
        return _Problem(pointer, f"unknown record type {tag!r}; expected one of: {known}")
    if explicit_type is not None and resolved != explicit_type:
        return _Problem(pointer, f"record is tagged {tag!r} but --type is {explicit_type!r}")
    return resolved


def _json_kind(value: object) -> str:
    kinds = {dict: "an object", list: "an array", str: "a string", bool: "a boolean", int: "a number"}
    if value is None:
        return "null"
    return kinds.get(type(value), "a number")


def _explain_all(errors: Iterable[ValidationError]) -> list[tuple[str, str]]:
    """``(JSON pointer, message)`` for each schema error, pointing at the field concerned."""
    explained: list[tuple[str, str]] = []
    for error in errors:
        parent = _pointer(error.absolute_path)
        if error.validator == "required":
            missing = _missing_property(error)
            explained.append((f"{parent}/{_escape(missing)}", f"required field {missing!r} is missing"))
        elif error.validator == "additionalProperties" and isinstance(error.instance, dict):
            allowed = error.schema.get("properties", {}) if isinstance(error.schema, dict) else {}
            explained.extend(
                (f"{parent}/{_escape(key)}", f"unknown field {key!r} is not allowed")
                for key in error.instance
                if key not in allowed
            )
        else:
            explained.append(_explain(error))
    return explained


def _explain(error: ValidationError) -> tuple[str, str]:
    """Descend through ``anyOf`` wrappers (nullable fields, shared types) to the real failure."""
    while error.validator in ("anyOf", "oneOf") and error.context:
        by_branch: dict[Any, list[ValidationError]] = {}
        for sub in error.context:
            by_branch.setdefault(sub.relative_schema_path[0], []).append(sub)
        candidates = [errs for errs in by_branch.values() if not _is_null_branch(errs)]
        near_misses = [errs for errs in candidates if all(sub.validator == "format" for sub in errs)]
        if len(candidates) == 1 and len(candidates[0]) == 1:
            error = candidates[0][0]
        elif near_misses:
            error = near_misses[0][0]
        else:
            described = error.schema.get("description") if isinstance(error.schema, dict) else None
            if described:
                message = f"{_short_repr(error.instance)} is not valid: {described}"
                return _pointer(error.absolute_path), message
            error = best_match([error])
            break
    if error.validator == "enum" and isinstance(error.validator_value, list):
        return _pointer(error.absolute_path), _enum_message(error)
    return _pointer(error.absolute_path), error.message


def _is_null_branch(errors: list[ValidationError]) -> bool:
    return len(errors) == 1 and errors[0].validator == "type" and errors[0].validator_value == "null"


def _enum_message(error: ValidationError) -> str:
    allowed = error.validator_value if isinstance(error.validator_value, list) else []
    if len(allowed) <= _ENUM_LISTED:
        return f"{_short_repr(error.instance)} is not one of {', '.join(map(repr, allowed))}"
    described = error.schema.get("description") if isinstance(error.schema, dict) else None
    kind = f" ({described.rstrip('.')})" if described else ""
    return f"{_short_repr(error.instance)} is not one of the {len(allowed)} allowed values{kind}"


def _missing_property(error: ValidationError) -> str:
    required = error.validator_value if isinstance(error.validator_value, list) else []
    present = error.instance if isinstance(error.instance, dict) else {}
    for name in required:
        if name not in present and error.message.startswith(repr(name)):
            return str(name)
    return next((str(name) for name in required if name not in present), "")


def _pointer(parts: Iterable[str | int]) -> str:
    return "".join(f"/{_escape(part)}" for part in parts)


def _escape(part: str | int) -> str:
    return str(part).replace("~", "~0").replace("/", "~1")


def _short_repr(value: object) -> str:
    return _shorten(repr(value), limit=80)


def _shorten(message: str, limit: int = _MESSAGE_LIMIT) -> str:
    return message if len(message) <= limit else message[: limit - 1] + "…"


def _first_line(error: BaseException) -> str:
    text = str(error).strip()
    return text.splitlines()[0] if text else type(error).__name__
