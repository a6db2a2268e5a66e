#!/usr/bin/env bash
# The one test command: installs everything the tests need (the package and its test
# tools, Debian's Chromium for the review page, llama.cpp's prebuilt server and a tiny
# real model for the LLM engine), runs the static checks, then the whole test suite.
#
# Usage: bash scripts/test.sh [PYTEST ARGUMENTS...]
#   Extra arguments go to pytest, e.g. `bash scripts/test.sh -x -q tests/test_cli_run.py`
#   or `bash scripts/test.sh -m "not slow"`; without any, the whole suite runs.
#   The pip installs are skipped when pyproject.toml, this script and the set-up scripts
#   are unchanged since the last successful install into .venv (a hash kept in
#   .venv/.install-stamp); NEWSEXTRACT_REINSTALL=1 forces them.
set -euo pipefail
cd "$(dirname "$0")/.."

PYTHON=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
  "$PYTHON" -m venv .venv
fi

stamp=.venv/.install-stamp
inputs_hash=$(cat pyproject.toml scripts/test.sh scripts/setup-llm-server.sh | sha256sum | cut -d' ' -f1)
if [ "${NEWSEXTRACT_REINSTALL:-0}" != 1 ] && [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$inputs_hash" ]; then
  echo "== install: pyproject.toml and the set-up scripts are unchanged, skipped (NEWSEXTRACT_REINSTALL=1 forces it)"
else
  echo "== install: the package with its test tools and the llm-server and ray extras"
  rm -f "$stamp"
  .venv/bin/python -m pip install --quiet --upgrade pip
  .venv/bin/python -m pip install --quiet -e ".[test,anthropic,llm-server,ray]"
fi

# Both are idempotent and take about a second when everything is there already.
for setup in scripts/setup-browser.sh scripts/setup-llm-server.sh; do
  if [ -f "$setup" ]; then
    echo "== $setup"
    bash "$setup"
  fi
done
echo "$inputs_hash" > "$stamp"

echo "== static checks"
.venv/bin/ruff check .
.venv/bin/ruff format --check .
.venv/bin/mypy
.venv/bin/lint-imports

echo "== tests"
status=0
.venv/bin/python -m pytest "$@" || status=$?
if [ "$status" -eq 5 ]; then
  echo "error: pytest collected no tests" >&2
  exit 1
fi
exit "$status"
