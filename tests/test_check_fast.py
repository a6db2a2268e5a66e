"""`make check-fast` leaves out the tests marked `slow`; this keeps that marker honest.

A test module that starts the real model server or a Ray cluster, or drives a browser, must be marked
`slow`, or the fast loop would start them; and only such modules, plus the few listed
below with the reason they take minutes, are marked, so the fast loop does not quietly
skip ordinary tests.
"""

from __future__ import annotations

import re
from pathlib import Path

TESTS = Path(__file__).resolve().parent
_NEEDS_SERVICE = re.compile(r"^\s*(?:from|import) (?:llm_server\.llama|playwright|_ray_cluster)\b", re.MULTILINE)
_SLOW = re.compile(r"pytest\.mark\.slow\b")
# Modules that need no service but take minutes by design.
_SLOW_BY_DESIGN = {
    "test_fresh_install.py": "builds a fresh venv from pyproject.toml and ingests HTML through it",
    "test_llm_bounds.py": "waits out the default request deadline against servers that hang or dribble",
}


def test_tests_that_need_a_model_server_or_a_browser_are_marked_slow_and_no_others() -> None:
    needs_service, marked_slow = set(), set()
    for path in sorted(TESTS.glob("test_*.py")):
        if path == Path(__file__).resolve():
            continue
        text = path.read_text(encoding="utf-8")
        if _NEEDS_SERVICE.search(text):
            needs_service.add(path.name)
        if _SLOW.search(text):
            marked_slow.add(path.name)
    assert needs_service, "no test starts the real model server or a browser any more"
    assert needs_service == marked_slow - set(_SLOW_BY_DESIGN)
    assert set(_SLOW_BY_DESIGN) <= marked_slow
