#!/usr/bin/env bash
# Sets up, builds, and runs every test: C++ (ctest) and Python (pytest,
# mypy, the notebook).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
bash scripts/setup-python.sh
ctest --test-dir build --output-on-failure --parallel "$(nproc)"
build/venv/bin/python -m mypy   # strict, over the package, its stubs and tests/python/test_typing.py
# pytest imports the installed package (build/venv), not the source folder
build/venv/bin/python -m pytest -p no:cacheprovider tests/python
