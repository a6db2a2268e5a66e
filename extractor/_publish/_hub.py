"""Push a release folder to the Hugging Face Hub: create the repo, ONE commit with every file, one tag.

The token comes from ``Settings.hf_token`` (``HF_TOKEN``) and nowhere else; it is never
put in a message. The endpoint is ``Settings.hf_endpoint`` (``HF_ENDPOINT``) when set,
which is how the tests point the push at a local stand-in server.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from extractor._config import Settings
from extractor._errors import ConfigError

# The HTTP stacks huggingface_hub has used (httpx2 since huggingface_hub 2.x, httpx, requests).
_HTTP_CLIENTS = frozenset({"httpx", "httpx2", "httpcore", "httpcore2", "requests", "urllib3", "h11", "anyio"})


@dataclass(frozen=True)
class HubPush:
    """Where a release went: the repository URL, the commit and the tag."""

    repo_url: str
    commit_oid: str
    tag: str


def release_files(release_dir: Path) -> list[tuple[str, int]]:
    """Every file of a release folder as ``(path in repo, size in bytes)``, sorted."""
    return sorted(
        (path.relative_to(release_dir).as_posix(), path.stat().st_size)
        for path in release_dir.rglob("*")
        if path.is_file()
    )


def push_release(release_dir: Path, *, repo_id: str, tag: str, message: str, settings: Settings) -> HubPush:
    """Upload ``release_dir`` as one commit to the dataset repository ``repo_id`` and tag it."""
    from huggingface_hub import CommitOperationAdd, HfApi
    from huggingface_hub.errors import HfHubHTTPError

    if settings.hf_token is None:
        raise ConfigError("HF_TOKEN is not set; a Hub push needs a token with write access")
    token = settings.hf_token.get_secret_value()
    api = HfApi(endpoint=settings.hf_endpoint, token=token)
    operations = [
        CommitOperationAdd(path_in_repo=path, path_or_fileobj=str(release_dir / path))
        for path, _ in release_files(release_dir)
    ]
    # `from None` below, not `from e`: the client's error text may quote the token, and a
    # chained cause would print it unscrubbed in any traceback; only `_scrubbed` text travels.
    where = settings.hf_endpoint or "https://huggingface.co"
    try:
        repo_url = api.create_repo(repo_id, repo_type="dataset", exist_ok=True)
        commit = api.create_commit(repo_id, operations, commit_message=message, repo_type="dataset", revision="main")
        api.create_tag(repo_id, tag=tag, revision=commit.oid, repo_type="dataset", tag_message=message)
    except (HfHubHTTPError, OSError, ValueError) as e:
        raise ConfigError(f"Hub push to {repo_id} failed: {_scrubbed(e, token)}") from None
    except (KeyError, TypeError, AttributeError, IndexError) as e:
        # The client read an answer without the fields every Hub answer has: the endpoint
        # is some other web server (a proxy's page, a mistyped HF_ENDPOINT).
        raise ConfigError(
            f"Hub push to {repo_id} failed: the server at {where} does not answer like the Hugging Face Hub "
            f"({type(e).__name__}: {_scrubbed(e, token)}); check HF_ENDPOINT"
        ) from None
    except Exception as e:  # the HTTP client's own errors (connection refused, timeouts)
        if type(e).__module__.split(".")[0] not in _HTTP_CLIENTS:
            raise
        raise ConfigError(
            f"Hub push to {repo_id} failed: cannot reach the Hub at {where}: {_scrubbed(e, token)}"
        ) from None
    return HubPush(repo_url=str(repo_url), commit_oid=commit.oid, tag=tag)


def _scrubbed(error: BaseException, token: str) -> str:
    text = " ".join(str(error).split()) or type(error).__name__
    return text.replace(token, "***")
