"""Build a release folder: the data (text stripped on request), schemas, and what the card says."""

from __future__ import annotations

import json
import shutil
from collections import Counter
from pathlib import Path
from statistics import fmean
from typing import Any

from extractor._card import CardInfo
from extractor._dataset import arrow_schema, config_files, iter_rows
from extractor._errors import DataError
from schema import Article

SCHEMA_FOLDER = "schema"
RUN_REPORT = "run_report.json"


def copy_data(dataset_dir: Path, release_dir: Path, configs: list[str], *, no_text: bool) -> None:
    """Copy every config's Parquet files (its shards keep their names); with ``no_text``,
    articles keep an empty ``text``."""
    for config in configs:
        (release_dir / config).mkdir(parents=True, exist_ok=True)
        for source in config_files(dataset_dir, config):
            target = release_dir / config / source.name
            if config == "articles" and no_text:
                _write_without_text(source, target)
            else:
                shutil.copyfile(source, target)
    if (dataset_dir / RUN_REPORT).is_file():
        shutil.copyfile(dataset_dir / RUN_REPORT, release_dir / RUN_REPORT)


def _write_without_text(source: Path, target: Path) -> None:
    import pyarrow as pa
    import pyarrow.compute as pc
    import pyarrow.parquet as pq

    table = pq.read_table(source, schema=arrow_schema(Article))
    empty = pc.if_else(pc.is_null(table["text"]), table["text"], pa.scalar("", pa.string()))
    table = table.set_column(table.schema.get_field_index("text"), "text", empty)
    pq.write_table(table, target, compression="zstd", write_statistics=False)


def write_schemas(release_dir: Path) -> dict[str, str]:
    """The JSON Schema files, generated from the models; returns file name -> text."""
    from schema import RECORD_TYPES, dumps_schema, json_schema

    folder = release_dir / SCHEMA_FOLDER
    folder.mkdir(parents=True, exist_ok=True)
    texts = {f"{name}.schema.json": dumps_schema(json_schema(name)) for name in RECORD_TYPES}
    for file_name, text in texts.items():
        (folder / file_name).write_text(text, encoding="utf-8")
    return texts


def read_schemas(release_dir: Path | None) -> dict[str, str]:
    """The JSON Schema files of an earlier release (empty for none)."""
    folder = release_dir / SCHEMA_FOLDER if release_dir else None
    if folder is None or not folder.is_dir():
        return {}
    return {path.name: path.read_text(encoding="utf-8") for path in sorted(folder.glob("*.schema.json"))}


def card_info(dataset_dir: Path, configs: list[str], rows: dict[str, int], **release: Any) -> CardInfo:
    """What the card says about a dataset, read from its rows (and ``run_report.json`` when present)."""
    run_report = _run_report(dataset_dir)
    extractors: Counter[tuple[str, str, str | None, str | None]] = Counter()
    statistics: dict[str, dict[str, str]] = {}
    input_sha256: dict[str, str] = {}
    for config in configs:
        if config == "articles":
            lengths = []
            for row in iter_rows(dataset_dir, config):
                input_sha256[row["id"]] = row["sha256"]
                lengths.append(len(row["text"]))
            statistics[config] = {"mean text characters": f"{fmean(lengths):.0f}" if lengths else "-"}
            continue
        confidences: list[float] = []
        passages = 0
        cited: set[str] = set()
        for row in iter_rows(dataset_dir, config):
            confidences.append(row["confidence"])
            passages += len(row["evidence"])
            cited.update(item["article_id"] for item in row["evidence"])
            found = row["extractor"]
            extractors[(found["engine"], found["version"], found["model"], found.get("prompt_hash"))] += 1
        statistics[config] = {
            "mean confidence": f"{fmean(confidences):.2f}" if confidences else "-",
            "evidence passages": str(passages),
            "articles cited": str(len(cited)),
        }
    engines = _joined(key[0] for key in extractors) or str(run_report.get("engine") or "unknown")
    versions = _joined(key[1] for key in extractors) or "unknown"
    return CardInfo(
        rows_per_config=rows,
        engine=engines,
        package_version=versions,
        model=_joined(key[2] for key in extractors if key[2]) or None,
        prompt_hash=_joined(key[3] for key in extractors if key[3]) or None,
        input_sha256=input_sha256,
        accounting={k: int(v) for k, v in (run_report.get("accounting") or {}).items()},
        statistics=statistics,
        **release,
    )


def _joined(values: Any) -> str:
    return ", ".join(sorted(set(values)))


def _run_report(dataset_dir: Path) -> dict[str, Any]:
    path = dataset_dir / RUN_REPORT
    if not path.is_file():
        return {}
    try:
        loaded = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as e:
        raise DataError(f"{path}: not readable JSON ({e})") from e
    return loaded if isinstance(loaded, dict) else {}
