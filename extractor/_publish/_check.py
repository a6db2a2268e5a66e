"""What a dataset must pass before it is published: the schemas, unique ids, grounded evidence."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from extractor._dataset import RECORD_CONFIGS, available_configs, config_files, data_file, iter_rows
from extractor._errors import DataError, InputError
from schema import CONFIG_OF_TYPE

_TYPE_OF_CONFIG = {config: type_name for type_name, config in CONFIG_OF_TYPE.items()}
_EVIDENCE_CONFIGS = (*RECORD_CONFIGS, "mentions")
_LISTED = 50


def check_dataset(dataset_dir: Path) -> list[str]:
    """The configs present, after checking them all; ``DataError`` listing every problem found.

    Every row must validate against its JSON Schema (what a third party checks), ids must be
    unique within a config, and every evidence passage must satisfy
    ``articles[article_id].text[start:end] == text``.
    """
    from extractor._validate import validate_records

    if not dataset_dir.is_dir():
        raise InputError("not a dataset folder", path=dataset_dir)
    configs = available_configs(dataset_dir)
    if "articles" not in configs:
        raise InputError(f"no articles in this dataset folder (expected {data_file(dataset_dir, 'articles')})")
    problems: list[str] = []
    for config in configs:
        report = validate_records(config_files(dataset_dir, config), record_type=_TYPE_OF_CONFIG[config])
        problems.extend(str(error) for error in report.errors)
        problems.extend(_duplicate_ids(config, iter_rows(dataset_dir, config)))
    if not problems:  # offsets are only meaningful in rows that have the right shape
        texts = {row["id"]: row["text"] for row in iter_rows(dataset_dir, "articles")}
        for config in (config for config in _EVIDENCE_CONFIGS if config in configs):
            problems.extend(_ungrounded(config, iter_rows(dataset_dir, config), texts))
    if problems:
        shown = problems[:_LISTED]
        more = f" (and {len(problems) - _LISTED} more)" if len(problems) > _LISTED else ""
        raise DataError(
            f"{dataset_dir}: refusing to publish, {len(problems)} problem(s): {'; '.join(shown)}{more}",
            problems=problems,
        )
    return configs


def _duplicate_ids(config: str, rows: Iterable[dict[str, object]]) -> list[str]:
    seen: set[object] = set()
    problems = []
    for number, row in enumerate(rows):
        if row["id"] in seen:
            problems.append(f"{config} row {number}: duplicate id {row['id']!r}")
        seen.add(row["id"])
    return problems


def _ungrounded(config: str, rows: Iterable[dict[str, object]], texts: dict[str, str]) -> list[str]:
    problems = []
    for row in rows:
        evidence = row["evidence"]
        assert isinstance(evidence, list)  # the schema check has passed
        for index, item in enumerate(evidence):
            where = f"{config} {row['id']!r} evidence {index}"
            text = texts.get(item["article_id"])
            if text is None:
                problems.append(f"{where}: unknown article {item['article_id']!r}")
            elif text[item["start"] : item["end"]] != item["text"]:
                problems.append(
                    f"{where}: article {item['article_id']!r} text[{item['start']}:{item['end']}] "
                    f"is not the quoted passage {item['text'][:40]!r}"
                )
    return problems
