"""Every runtime and test dependency has an upper bound, so pip resolves without backtracking.

Measured with `pip install --dry-run` in a fresh venv (figures in the CHANGELOG's entry):
unbounded, pip walked 65 openai releases before it found one whose jiter requirement
fits instructor's.
"""

from __future__ import annotations

import tomllib
from pathlib import Path

from packaging.requirements import Requirement

ROOT = Path(__file__).resolve().parents[1]


def _requirements(*groups: str) -> list[Requirement]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    lines = list(project["dependencies"])
    for group in groups:
        lines += project["optional-dependencies"][group]
    return [Requirement(line) for line in lines]


def test_every_dependency_has_a_lower_and_an_upper_bound() -> None:
    for requirement in _requirements("anthropic", "test"):
        if requirement.name.startswith("types-"):
            continue  # stubs follow the library they describe
        operators = {spec.operator for spec in requirement.specifier}
        assert ">=" in operators, requirement
        assert operators & {"<", "<="}, requirement


def test_openai_stays_below_the_first_release_that_needs_a_newer_jiter_than_instructor_allows() -> None:
    by_name = {requirement.name: requirement for requirement in _requirements()}
    assert "3.3.0" in by_name["openai"].specifier
    assert "3.3.1" not in by_name["openai"].specifier
    assert "0.14.0" in by_name["jiter"].specifier and "0.15.0" not in by_name["jiter"].specifier
