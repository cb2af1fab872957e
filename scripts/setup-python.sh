#!/usr/bin/env bash
# Sets up the Python package in a fresh virtual environment, build/venv:
# `pip install ".[test]"` builds payplan._core with scikit-build-core and
# pybind11 from PyPI, against the Debian libraries scripts/setup.sh installs.
set -euo pipefail
cd "$(dirname "$0")/.."
python=${PYTHON:-python3}
if [ ! -x build/venv/bin/python ]; then
  "$python" -m venv build/venv
fi
quietly() { "$@" > build/pip.log 2>&1 || { cat build/pip.log; exit 1; }; }
quietly build/venv/bin/python -m pip install -q --upgrade pip
quietly build/venv/bin/python -m pip install -q ".[test,dask]"
build/venv/bin/python -m ipykernel install --sys-prefix --name python3 >/dev/null
