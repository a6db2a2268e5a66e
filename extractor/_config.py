"""The one place that reads the environment. Nothing here runs at import time."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from pydantic import SecretStr


@dataclass(frozen=True)
class Settings:
    """Everything newsextract takes from the environment, read once by ``from_env``.

    Secrets are ``SecretStr`` so that a ``repr`` in a log or an error never shows them.
    """

    cache_dir: Path
    hf_token: SecretStr | None = None
    hf_endpoint: str | None = None
    openai_api_key: SecretStr | None = None
    anthropic_api_key: SecretStr | None = None
    # NEWSEXTRACT_LLM_API_KEY: the key for a --base-url server. OPENAI_API_KEY and
    # ANTHROPIC_API_KEY go only to their providers' own APIs.
    llm_api_key: SecretStr | None = None
    # Raw text of NEWSEXTRACT_LLM_TIMEOUT (total seconds per model request),
    # NEWSEXTRACT_LLM_ATTEMPTS (transport attempts), NEWSEXTRACT_LLM_MAX_TOKENS (answer
    # length), NEWSEXTRACT_LLM_REASKS (validation re-asks) and
    # NEWSEXTRACT_LLM_MAX_FAILURES (transport failures in a row that stop a run); the
    # llm engine checks them.
    llm_timeout: str | None = None
    llm_attempts: str | None = None
    llm_max_tokens: str | None = None
    llm_reasks: str | None = None
    llm_max_failures: str | None = None
    # RAY_ADDRESS: the cluster of ``--executor ray`` when no address is given.
    ray_address: str | None = None

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> Settings:
        env = os.environ if environ is None else environ
        xdg_cache = env.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
        return cls(
            cache_dir=Path(env.get("NEWSEXTRACT_CACHE_DIR") or Path(xdg_cache) / "newsextract"),
            hf_token=_secret(env.get("HF_TOKEN")),
            hf_endpoint=env.get("HF_ENDPOINT") or None,
            openai_api_key=_secret(env.get("OPENAI_API_KEY")),
            anthropic_api_key=_secret(env.get("ANTHROPIC_API_KEY")),
            llm_api_key=_secret(env.get("NEWSEXTRACT_LLM_API_KEY")),
            llm_timeout=env.get("NEWSEXTRACT_LLM_TIMEOUT") or None,
            llm_attempts=env.get("NEWSEXTRACT_LLM_ATTEMPTS") or None,
            llm_max_tokens=env.get("NEWSEXTRACT_LLM_MAX_TOKENS") or None,
            llm_reasks=env.get("NEWSEXTRACT_LLM_REASKS") or None,
            llm_max_failures=env.get("NEWSEXTRACT_LLM_MAX_FAILURES") or None,
            ray_address=env.get("RAY_ADDRESS") or None,
        )


def _secret(value: str | None) -> SecretStr | None:
    return SecretStr(value) if value else None
