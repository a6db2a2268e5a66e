"""The README's usage examples run, in order, in a scratch copy of the project, and succeed."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
FENCE = re.compile(r"^```(\w+)\n(.*?)^```", re.MULTILINE | re.DOTALL)


def _usage_blocks() -> list[tuple[str, str]]:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    usage = readme.split("\n## Usage", 1)[1].split("\n## ", 1)[0]
    return [(language, body) for language, body in FENCE.findall(usage)]


def test_the_readme_shows_the_main_job_and_both_set_up_commands() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    set_up = readme.split("\n## Set-up", 1)[1].split("\n## ", 1)[0]
    commands = [body.strip() for language, body in FENCE.findall(set_up) if language == "bash"]
    assert len(commands) == 2
    assert "extract run seeds/" in commands[0]
    assert commands[1] == "bash scripts/test.sh"
    assert "scripts/test.sh" in (ROOT / ".ci" / "run").read_text(encoding="utf-8")


def test_usage_examples_run(tmp_path: Path) -> None:
    shutil.copytree(ROOT / "seeds", tmp_path / "seeds")
    shutil.copytree(ROOT / "tests" / "gold", tmp_path / "tests" / "gold")
    bin_dir = Path(sys.executable).parent
    env = {
        **os.environ,
        "PATH": f"{bin_dir}{os.pathsep}{os.environ.get('PATH', '')}",
        "HF_DATASETS_OFFLINE": "1",
        "HF_HUB_OFFLINE": "1",
        "HF_HOME": str(tmp_path / "hf-home"),
        "NEWSEXTRACT_CACHE_DIR": str(tmp_path / "cache"),
    }
    blocks = _usage_blocks()
    assert blocks, "no examples found under ## Usage"
    ran = 0
    for language, body in blocks:
        if language == "yaml":
            name = body.splitlines()[0].removeprefix("#").strip()
            (tmp_path / name).write_text(body, encoding="utf-8")
            continue
        if language == "python":
            commands = [[sys.executable, "-c", body]]
        elif language == "bash":
            commands = [["bash", "-c", line] for line in body.splitlines() if line.strip()]
        else:
            pytest.fail(f"unexpected code block language {language!r} in the README's usage section")
        for command in commands:
            result = subprocess.run(command, cwd=tmp_path, env=env, capture_output=True, text=True, check=False)
            assert result.returncode == 0, f"{command[-1]!r} exited {result.returncode}:\n{result.stderr}"
            ran += 1
    assert ran >= 8
