# One target per habit. `make test` is the README's test command.
.PHONY: test check check-fast lint format typecheck imports bench schema run clean

test:            ## install what the tests need, static checks, whole suite
	bash scripts/test.sh

check:           ## the test suite only, in the existing environment
	.venv/bin/python -m pytest -q

# The developer's loop: no install step, and the tests marked `slow` (a real model
# server, a browser) left out; the test command and CI still run everything. Bytecode is
# cached even where the shell sets PYTHONDONTWRITEBYTECODE: otherwise every xdist worker and
# every `extract` subprocess a test starts compiles the package and pytest rewrites every
# test module again (half of the collection time).
check-fast: lint ## static checks + the tests not marked slow (no model server, cluster or browser)
	env -u PYTHONDONTWRITEBYTECODE .venv/bin/python -m pytest -q -m "not slow" -n auto

lint:            ## ruff, mypy strict, import-linter layers
	.venv/bin/ruff check .
	.venv/bin/ruff format --check .
	.venv/bin/mypy
	.venv/bin/lint-imports

format:
	.venv/bin/ruff check --fix .
	.venv/bin/ruff format .

schema:          ## regenerate the committed JSON Schema files from the models
	.venv/bin/extract schema --out schema/json

bench:           ## benchmarks, run by hand; figures go to BENCHMARKS.md
	.venv/bin/python benchmarks/bench_validate.py --records 200000
	.venv/bin/python benchmarks/bench_run.py
	.venv/bin/python benchmarks/bench_llm.py

run:             ## the main job
	.venv/bin/extract run seeds/

clean:
	rm -rf .mypy_cache .ruff_cache .pytest_cache .hypothesis build dist *.egg-info
