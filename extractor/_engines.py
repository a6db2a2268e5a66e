"""The public engine configurations: typed, frozen, and able to build the running engine.

``RulesEngine()`` and ``LLMEngine(model=...)`` say *which* engine and *how*; ``build``
makes the object that does the work (``extractor._rules.RulesEngine``,
``extractor._llm.LLMEngine``), importing it only then, so a configuration costs nothing
to create and can be compared, hashed and shown.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar, TypeAlias

from extractor._config import Settings
from extractor._errors import ConfigError

if TYPE_CHECKING:
    from extractor._engine import Engine

__all__ = ["ENGINE_NAMES", "EngineConfig", "LLMEngine", "RulesEngine"]


@dataclass(frozen=True, kw_only=True)
class RulesEngine:
    """The offline rules engine: no model, no network, deterministic.

    ``aliases``: extra actor registry YAML files, merged into the shipped one.
    """

    aliases: tuple[Path, ...] = ()
    name: ClassVar[str] = "rules"

    def __post_init__(self) -> None:
        # A list or strings given at run time still make a hashable, comparable config.
        object.__setattr__(self, "aliases", tuple(Path(path) for path in self.aliases))

    def build(self, settings: Settings | None = None) -> Engine:
        """The running engine (loads the actor registry; ``settings`` is not needed)."""
        from extractor._rules import RulesEngine as Running

        return Running(alias_files=self.aliases)


@dataclass(frozen=True, kw_only=True)
class LLMEngine:
    """A model behind an OpenAI-compatible, Ollama or Anthropic API.

    ``model``: ``PROVIDER/MODEL`` (``openai/gpt-4o-mini``), or a bare model name with
    ``base_url``. ``concurrency``: requests in flight. ``use_cache``: reuse and store model
    answers under the cache folder (off unless asked; ``extract run`` asks). ``request_timeout``
    (seconds) and ``max_attempts`` (transport attempts per request) override the
    ``NEWSEXTRACT_LLM_*`` settings when given.
    """

    model: str
    base_url: str | None = None
    concurrency: int = 4
    use_cache: bool = False
    request_timeout: float | None = None
    max_attempts: int | None = None
    name: ClassVar[str] = "llm"

    def __post_init__(self) -> None:
        if not self.model or not self.model.strip():
            raise ConfigError("the llm engine needs a model, PROVIDER/MODEL, e.g. openai/gpt-4o-mini")
        if self.concurrency < 1:
            raise ConfigError(f"the llm engine's concurrency must be at least 1, got {self.concurrency}")
        if self.request_timeout is not None and self.request_timeout <= 0:
            raise ConfigError(f"the request timeout must be positive, got {self.request_timeout}")
        if self.max_attempts is not None and self.max_attempts < 1:
            raise ConfigError(f"max_attempts must be at least 1, got {self.max_attempts}")

    def build(self, settings: Settings | None = None) -> Engine:
        """The running engine; ``settings`` defaults to ``Settings.from_env()``."""
        from extractor._llm import LLMEngine as Running
        from extractor._llm._client import RetryPolicy

        return Running(
            model=self.model,
            base_url=self.base_url,
            concurrency=self.concurrency,
            use_cache=self.use_cache,
            settings=settings,
            request_timeout=self.request_timeout,
            retry_policy=RetryPolicy(attempts=self.max_attempts) if self.max_attempts is not None else None,
        )


EngineConfig: TypeAlias = RulesEngine | LLMEngine
"""Either public engine configuration."""

ENGINE_NAMES = (RulesEngine.name, LLMEngine.name)


def build_engine(engine: EngineConfig | Engine, settings: Settings | None) -> Engine:
    """The running engine for a configuration; an object that already runs is used as it is."""
    if isinstance(engine, RulesEngine | LLMEngine):
        return engine.build(settings)
    if isinstance(engine, str):
        raise ConfigError(
            f"engine={engine!r}: pass an engine object, extractor.RulesEngine() or extractor.LLMEngine(model=...)"
        )
    return engine
