#!/usr/bin/env bash
# Sets up, builds, and runs every test: C++ (ctest) and Python (pytest,
# mypy, the notebook), with each fuzzer run for PAYPLAN_FUZZ_SECONDS (default
# 60; 0 skips them) in build-fuzz/ (clang, ASan, UBSan) before Python's tests,
# so pytest's summary closes the run.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
bash scripts/setup-python.sh
ctest --test-dir build --output-on-failure --parallel "$(nproc)"
# Fuzzers (tests/fuzz): a separate clang build; any crash or sanitizer report fails.
if [ "${PAYPLAN_FUZZ_SECONDS:-60}" != 0 ]; then
  CC=clang CXX=clang++ cmake -S . -B build-fuzz -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DPAYPLAN_BUILD_FUZZERS=ON \
    -DPAYPLAN_BUILD_TESTS=OFF -DPAYPLAN_BUILD_BENCH=OFF -DPAYPLAN_BUILD_CLI=OFF -DPAYPLAN_INSTALL=OFF >/dev/null
  cmake --build build-fuzz --target fuzzers --parallel "$(nproc)"
  bash tests/fuzz/run.sh build-fuzz
fi
build/venv/bin/python -m mypy   # strict, over the package, its stubs and tests/python/test_typing.py
# pytest imports the installed package (build/venv), not the source folder
build/venv/bin/python -m pytest -p no:cacheprovider tests/python

