"""The result of ``validate_records``: per-file counts, record errors and warnings."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from typing import Any, Literal

TypeSource = Literal["option", "file name", "records"]


@dataclass(frozen=True, slots=True)
class RecordError:
    """One problem with one record: where it is, which field, and what is wrong.

    ``line`` is the 1-based line a JSONL record is on (or a JSON record starts on);
    ``row`` is the 0-based row of a Parquet record. ``path`` is a JSON pointer into the
    record (``/speaker/name``); ``""`` means the record as a whole.
    """

    file: str
    line: int | None
    row: int | None
    path: str
    message: str
    record_type: str | None

    @property
    def location(self) -> str:
        """``file:line`` or ``file:row N``."""
        return f"{self.file}:{self.line}" if self.row is None else f"{self.file}:row {self.row}"

    def __str__(self) -> str:
        where = f"{self.location}: {self.path}" if self.path else self.location
        return f"{where}: {self.message}"


@dataclass(frozen=True, slots=True)
class ValidationWarning:
    """Something suspicious about a whole file that is not an invalid record (fails ``strict``)."""

    file: str
    message: str

    def __str__(self) -> str:
        return f"{self.file}: warning: {self.message}"


@dataclass(slots=True)
class FileReport:
    """Counts for one input file; ``record_type`` is the type from ``--type`` or the file name."""

    file: str
    record_type: str | None
    type_source: TypeSource
    records: int = 0
    invalid: int = 0


@dataclass(slots=True)
class ValidationReport:
    """Every file's counts, the first ``max_errors`` record errors, the warnings, and the unreadable files.

    ``errors_found`` counts every error, including those beyond ``max_errors`` that were
    not kept, so memory stays bounded on a huge file full of bad records.
    """

    max_errors: int
    files: list[FileReport] = field(default_factory=list)
    errors: list[RecordError] = field(default_factory=list)
    warnings: list[ValidationWarning] = field(default_factory=list)
    unreadable: list[ValidationWarning] = field(default_factory=list)
    errors_found: int = 0

    @property
    def records(self) -> int:
        """How many records were read, valid or not."""
        return sum(counts.records for counts in self.files)

    @property
    def invalid(self) -> int:
        """How many records have at least one error."""
        return sum(counts.invalid for counts in self.files)

    @property
    def ok(self) -> bool:
        """True when every record is valid (warnings aside)."""
        return self.invalid == 0

    @property
    def truncated(self) -> bool:
        """True when more errors were found than kept."""
        return self.errors_found > len(self.errors)

    def passed(self, *, strict: bool = False) -> bool:
        """The policy: every file read, every record valid and, when ``strict``, no warning either."""
        return self.ok and not self.unreadable and not (strict and self.warnings)

    def add_error(self, error: RecordError) -> None:
        self.errors_found += 1
        if len(self.errors) < self.max_errors:
            self.errors.append(error)

    def summary(self) -> str:
        """One line, e.g. ``1000 records, 3 invalid``."""
        text = f"{self.records} {_plural(self.records, 'record')}, {self.invalid} invalid"
        if self.warnings:
            text += f", {len(self.warnings)} {_plural(len(self.warnings), 'warning')}"
        if self.unreadable:
            text += f", {len(self.unreadable)} unreadable {_plural(len(self.unreadable), 'file')}"
        if self.truncated:
            text += f" (showing the first {len(self.errors)} of {self.errors_found} errors)"
        return text

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-ready form, as ``extract validate --json`` prints it."""
        return {
            "ok": self.ok,
            "records": self.records,
            "invalid": self.invalid,
            "summary": self.summary(),
            "errors_found": self.errors_found,
            "errors_truncated": self.truncated,
            "files": [asdict(counts) for counts in self.files],
            "errors": [asdict(error) for error in self.errors],
            "warnings": [asdict(warning) for warning in self.warnings],
            "unreadable": [asdict(problem) for problem in self.unreadable],
        }

    def to_json(self) -> str:
        """``to_dict`` as indented JSON text."""
        return json.dumps(self.to_dict(), indent=2, ensure_ascii=False)


def _plural(count: int, noun: str) -> str:
    return noun if count == 1 else noun + "s"
