"""A fresh virtual environment built from pyproject.toml alone ingests an HTML page.

This catches a dependency that the development environment happens to have but the
project does not declare (``lxml_html_clean``, which trafilatura needs for HTML since
lxml 5.2 stopped shipping ``lxml.html.clean``). pip's own cache keeps a rerun short.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PAGE = """<!doctype html>
<html><head><meta charset="utf-8"><title>Ministers meet in Vienna</title></head>
<body>
<nav><a href="/">Home</a> | <a href="/world">World</a></nav>
<article>
<h1>Ministers meet in Vienna</h1>
<p>Foreign Minister Maria Lindqvist met her Ruritanian counterpart Tomas Varga in Vienna on Tuesday.</p>
<p>The two ministers discussed trade, energy and the future of the Danube shipping agreement.</p>
<p>Officials said further talks would be held in the spring, after both parliaments had met.</p>
</article>
<footer>Copyright the publisher</footer>
</body></html>
"""


@pytest.mark.slow
def test_a_fresh_install_from_pyproject_ingests_html(tmp_path: Path) -> None:
    source = tmp_path / "src"
    source.mkdir()
    # A copy, so the build's own files (build/, *.egg-info) never land in the checkout.
    for name in ("pyproject.toml", "README.md"):
        shutil.copy2(ROOT / name, source / name)
    for package in ("schema", "extractor", "cli"):
        shutil.copytree(ROOT / package, source / package, ignore=shutil.ignore_patterns("__pycache__"))
    venv = tmp_path / "venv"
    environment = {k: v for k, v in os.environ.items() if k not in {"PYTHONPATH", "VIRTUAL_ENV", "PYTHONHOME"}}
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, env=environment, timeout=300)
    python = venv / "bin" / "python"
    installed = subprocess.run(
        [str(python), "-m", "pip", "install", "--quiet", "--disable-pip-version-check", str(source)],
        capture_output=True,
        text=True,
        env=environment,
        timeout=900,
        check=False,
    )
    assert installed.returncode == 0, installed.stderr[-3000:]

    inputs = tmp_path / "in"
    inputs.mkdir()
    (inputs / "vienna.html").write_text(PAGE, encoding="utf-8")
    done = subprocess.run(
        [str(venv / "bin" / "extract"), "run", str(inputs), "--out", str(tmp_path / "ds"), "--quiet"],
        capture_output=True,
        text=True,
        env=environment,
        cwd=tmp_path,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "1 article;" in done.stdout and "0 inputs skipped" in done.stdout, done.stdout + done.stderr
    probe = (
        "import sys; from extractor import read_rows; "
        "rows = read_rows(sys.argv[1], 'articles'); print(rows[0]['title']); print(rows[0]['text'])"
    )
    read = subprocess.run(
        [str(python), "-c", probe, str(tmp_path / "ds")],
        capture_output=True,
        text=True,
        env=environment,
        cwd=tmp_path,
        timeout=300,
        check=True,
    )
    assert read.stdout.startswith("Ministers meet in Vienna\n")
    assert "Maria Lindqvist met her Ruritanian counterpart" in read.stdout
    assert "Copyright the publisher" not in read.stdout  # trafilatura, not the raw page, gave the text
