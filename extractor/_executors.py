"""Where ``run_extraction`` does its work: in this process, or on a Ray cluster.

Like the engine configurations, these are typed, frozen descriptions; nothing is imported
or connected until a run uses them (Ray only inside ``extractor._ray``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar, TypeAlias

from extractor._errors import ConfigError

__all__ = ["EXECUTOR_NAMES", "ExecutorConfig", "LocalExecutor", "RayExecutor"]


@dataclass(frozen=True, kw_only=True)
class LocalExecutor:
    """Everything in this process, articles streamed one at a time (the default)."""

    name: ClassVar[str] = "local"


@dataclass(frozen=True, kw_only=True)
class RayExecutor:
    """Ingestion, extraction and the cross-article merge as Ray tasks on a cluster.

    ``address``: the cluster (``HOST:PORT`` of its head, or ``auto``); None means the
    ``RAY_ADDRESS`` setting, and without one a Ray instance local to this process.
    ``articles_per_partition``: about how many articles one task reads and extracts (a
    JSONL file is never split). The output folder and the LLM cache must be on a path
    every node shares.
    """

    address: str | None = None
    articles_per_partition: int = 100
    name: ClassVar[str] = "ray"

    def __post_init__(self) -> None:
        if self.address is not None and not self.address.strip():
            raise ConfigError("the Ray address is empty; give HOST:PORT of the cluster's head, or leave it out")
        if self.articles_per_partition < 1:
            raise ConfigError(f"articles_per_partition must be at least 1, got {self.articles_per_partition}")


ExecutorConfig: TypeAlias = LocalExecutor | RayExecutor
"""Either executor configuration."""

EXECUTOR_NAMES = (LocalExecutor.name, RayExecutor.name)
