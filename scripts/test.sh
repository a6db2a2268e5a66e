#!/usr/bin/env bash
# The one test command: installs everything the tests need (the package and its test
# tools, Debian's Chromium for the review page, llama.cpp's server and a tiny real
# model for the LLM engine), runs the static checks, then the whole test suite.
set -euo pipefail
cd "$(dirname "$0")/.."

PYTHON=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
  "$PYTHON" -m venv .venv
fi
.venv/bin/python -m pip install --quiet --upgrade pip
.venv/bin/python -m pip install --quiet -e ".[test,anthropic,ray]"

for setup in scripts/setup-browser.sh scripts/setup-llm-server.sh; do
  if [ -f "$setup" ]; then
    echo "== $setup"
    bash "$setup"
  fi
done

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
