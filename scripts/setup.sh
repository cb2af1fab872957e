#!/usr/bin/env bash
# Sets up a fresh machine for payplan and builds it: Debian packages (only
# those missing), then a CMake build in build/. Safe to run again.
set -euo pipefail
cd "$(dirname "$0")/.."

# clang, libclang-rt-14-dev (libFuzzer, ASan and UBSan runtimes) and llvm
# (llvm-symbolizer, for readable stacks) build and run the fuzzers (tests/fuzz).
packages=(g++ cmake ninja-build python3 python3-venv libboost-dev libhowardhinnant-date-dev libyaml-cpp-dev libssl-dev
          libgtest-dev libbenchmark-dev chromium clang libclang-rt-14-dev llvm)
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
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE="$build_type" >/dev/null
cmake --build build --parallel "$(nproc)"
