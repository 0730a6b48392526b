#!/usr/bin/env bash
# Optional: a Python environment with the reference tools the benchmarks compare against side by
# side — PyTorch, transformers, sentence-transformers, scikit-learn, numpy and hnswlib — in
# .cache/refenv (git-ignored). Several GB (PyPI's torch wheel brings its CUDA libraries), so the
# default set-up does not install it; benchmarks find it automatically (Shared PythonReference)
# and say so when a tool is missing. Idempotent: a second run only checks the imports.
# Tests never need it: their reference values are committed with the command that made them.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
env="$root/.cache/refenv"
packages=(torch==2.15.0 transformers sentence-transformers scikit-learn==1.9.1 numpy hnswlib)
check='import torch, transformers, sentence_transformers, sklearn, numpy, hnswlib'
if [[ -x "$env/bin/python3" ]] && "$env/bin/python3" -c "$check" 2>/dev/null; then
    echo "reference environment ready: $env"
    exit 0
fi
python3 -m venv "$env"
"$env/bin/pip" install --quiet --upgrade pip
"$env/bin/pip" install --quiet "${packages[@]}"
"$env/bin/python3" -c "$check; print('torch', torch.__version__, '| transformers', transformers.__version__, '| sentence-transformers', sentence_transformers.__version__, '| hnswlib ok')"
echo "reference environment ready: $env"
