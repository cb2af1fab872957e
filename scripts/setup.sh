#!/usr/bin/env bash
# Sets up a fresh machine for payplan and builds it: Debian packages (only
# those missing), then a CMake build in build/. Safe to run again.
#
#   bash scripts/setup.sh         # everything: the library, CLI, tests, benchmarks, fuzzer tools
#   bash scripts/setup.sh --cli   # only what the command-line tool needs (scripts/example.sh)
set -euo pipefail
cd "$(dirname "$0")/.."

what=all
case "${1:-}" in
  "") ;;
  --cli) what=cli ;;
  *) echo "usage: bash scripts/setup.sh [--cli]" >&2; exit 1 ;;
esac

# The CLI needs a compiler, CMake, Ninja and the libraries it links.
packages=(g++ cmake ninja-build libboost-dev libhowardhinnant-date-dev libyaml-cpp-dev libssl-dev zlib1g-dev)
if [ "$what" = all ]; then
  # python3-venv builds the Python package; GoogleTest and Google Benchmark
  # the tests and benchmarks; chromium renders the HTML in tests; clang,
  # libclang-rt-14-dev (libFuzzer, ASan and UBSan runtimes) and llvm
  # (llvm-symbolizer, for readable stacks) build and run the fuzzers (tests/fuzz).
  packages+=(python3 python3-venv libgtest-dev libbenchmark-dev chromium clang libclang-rt-14-dev llvm)
fi
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing ${missing[*]}"
  sudo_cmd=""
  [ "$(id -u)" -ne 0 ] && sudo_cmd="sudo"
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq "${missing[@]}" >/dev/null
fi

build_type="${PAYPLAN_BUILD_TYPE:-Release}"
if [ "$what" = cli ]; then
  # a build folder already set up for everything keeps its tests: only the CLI is built either way
  if [ -f build/CMakeCache.txt ] && grep -q "^PAYPLAN_BUILD_TESTS:BOOL=ON" build/CMakeCache.txt; then
    cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE="$build_type" >/dev/null
  else
    cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE="$build_type" -DPAYPLAN_BUILD_TESTS=OFF -DPAYPLAN_BUILD_BENCH=OFF \
      >/dev/null
  fi
  cmake --build build --target payplan_cli --parallel "$(nproc)"
else
  cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE="$build_type" -DPAYPLAN_BUILD_TESTS=ON -DPAYPLAN_BUILD_BENCH=ON >/dev/null
  cmake --build build --parallel "$(nproc)"
fi
