"""newsextract's library: ingest articles, extract grounded records, write, check and publish datasets.

From Python, ``extractor.extract("text")`` returns one article's records;
``run_extraction`` writes a dataset folder. Engines are configurations:
``RulesEngine()`` (offline) or ``LLMEngine(model="openai/gpt-4o-mini")``.

Heavy modules load on first use (``extractor.run_extraction`` imports the engine and
``datasets`` only when called), so importing this package stays fast.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from extractor._config import Settings
from extractor._errors import ConfigError, DataError, InputError, ModelError, NewsExtractError

# public name -> private module that defines it
_LAZY: dict[str, str] = {
    # validation of third-party records (issue: foundation)
    "validate_records": "extractor._validate",
    "ValidationReport": "extractor._validate",
    "RecordError": "extractor._validate",
    "write_json_schemas": "extractor._schemas",
    "schema_text": "extractor._schemas",
    "record_type_names": "extractor._schemas",
    "package_version": "extractor._version",
    # ingestion
    "iter_articles": "extractor._ingest",
    "SkippedFile": "extractor._ingest",
    # one article from Python, and the engines
    "extract": "extractor._extract",
    "Extraction": "extractor._extract",
    "RulesEngine": "extractor._engines",
    "LLMEngine": "extractor._engines",
    "LocalExecutor": "extractor._executors",
    "RayExecutor": "extractor._executors",
    # the main job
    "run_extraction": "extractor._pipeline",
    "RunReport": "extractor._pipeline",
    # dataset folder I/O
    "read_records": "extractor._dataset",
    "read_rows": "extractor._dataset",
    # evaluation and review
    "evaluate": "extractor._eval",
    "EvalReport": "extractor._eval",
    "render_review": "extractor._review",
    "export_gold": "extractor._review",
    # publishing
    "publish_dataset": "extractor._publish",
    "PublishReport": "extractor._publish",
}

if TYPE_CHECKING:  # pragma: no cover - for type checkers and IDEs only
    from extractor._dataset import read_records, read_rows
    from extractor._engines import LLMEngine, RulesEngine
    from extractor._eval import EvalReport, evaluate
    from extractor._executors import LocalExecutor, RayExecutor
    from extractor._extract import Extraction, extract
    from extractor._ingest import SkippedFile, iter_articles
    from extractor._pipeline import RunReport, run_extraction
    from extractor._publish import PublishReport, publish_dataset
    from extractor._review import export_gold, render_review
    from extractor._schemas import record_type_names, schema_text, write_json_schemas
    from extractor._validate import RecordError, ValidationReport, validate_records
    from extractor._version import package_version


def __getattr__(name: str) -> Any:
    module_name = _LAZY.get(name)
    if module_name is None:
        raise AttributeError(f"module 'extractor' has no attribute {name!r}")
    value = getattr(importlib.import_module(module_name), name)
    globals()[name] = value
    return value


__all__ = [
    "ConfigError",
    "DataError",
    "EvalReport",
    "Extraction",
    "InputError",
    "LLMEngine",
    "LocalExecutor",
    "ModelError",
    "NewsExtractError",
    "PublishReport",
    "RayExecutor",
    "RecordError",
    "RulesEngine",
    "RunReport",
    "Settings",
    "SkippedFile",
    "ValidationReport",
    "evaluate",
    "export_gold",
    "extract",
    "iter_articles",
    "package_version",
    "publish_dataset",
    "read_records",
    "read_rows",
    "record_type_names",
    "render_review",
    "run_extraction",
    "schema_text",
    "validate_records",
    "write_json_schemas",
]
