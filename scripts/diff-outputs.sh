#!/usr/bin/env bash
# Byte-for-byte: do this tree's outputs equal those of an earlier commit?
#
#   bash scripts/diff-outputs.sh [BASE]      # BASE: a commit, default HEAD~1
#
# Builds the CLI of BASE (in a temporary worktree) and of this tree, runs
# both over every plan of every rules-examples/ folder (payplan run, and
# payplan compare for plan-change), plus payplan explain for a few orders,
# and diffs every file they write. Exit 0: identical; 1: a difference (shown).
# Used for refactorings that must not change behaviour (issue 10).
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
base="${1:-HEAD~1}"
work="$(mktemp -d /tmp/payplan-diff.XXXXXX)"
trap 'git -C "$root" worktree remove --force "$work/base-src" >/dev/null 2>&1 || true; rm -rf "$work"' EXIT

build() {  # build SRC BUILD_DIR
  cmake -S "$1" -B "$2" -G Ninja -DCMAKE_BUILD_TYPE=Release -DPAYPLAN_BUILD_TESTS=OFF -DPAYPLAN_BUILD_BENCH=OFF \
    >/dev/null
  cmake --build "$2" --target payplan_cli >/dev/null
}

git -C "$root" worktree add --detach "$work/base-src" "$base" >/dev/null 2>&1
echo "building $base ($(git -C "$root" rev-parse --short "$base")) and this tree ..."
build "$work/base-src" "$work/base-build"
build "$root" "$work/new-build"

outputs() {  # outputs CLI OUT_DIR: every output of every example into OUT_DIR
  local cli="$1" out="$2" ex plan name
  mkdir -p "$out"
  for ex in "$root"/rules-examples/*/; do
    [ -f "$ex/org.yaml" ] || continue
    for plan in "$ex"/plan*.yaml; do
      name="$(basename "$ex")-$(basename "$plan" .yaml)"
      "$cli" run --plan "$plan" --org "$ex/org.yaml" --orders "$ex/orders.csv" --out "$out/$name" \
        >"$out/$name.stdout" 2>"$out/$name.stderr" || echo "exit $?" >>"$out/$name.stderr"
    done
  done
  ex="$root/rules-examples/plan-change"
  "$cli" compare --plan "$ex/plan-2025.yaml" --plan "$ex/plan-2026-proposal.yaml" --org "$ex/org.yaml" \
    --orders "$ex/orders.csv" --out "$out/compare" >"$out/compare.stdout" 2>"$out/compare.stderr" || true
  ex="$root/rules-examples/account-handover"
  for order in SO-10278 RT-2601; do
    "$cli" explain --plan "$ex/plan-threshold.yaml" --org "$ex/org.yaml" --orders "$ex/orders.csv" --payee raj \
      --order "$order" >"$out/explain-$order.stdout" 2>&1 || true
  done
  ex="$root/rules-examples/manager-growth"
  "$cli" explain --plan "$ex/plan.yaml" --org "$ex/org.yaml" --orders "$ex/orders.csv" --payee maria \
    --order SO-10320 >"$out/explain-SO-10320.stdout" 2>&1 || true
}

outputs "$work/base-build/payplan" "$work/base-out"
outputs "$work/new-build/payplan" "$work/new-out"
# the folders' names differ between the two runs only in what the CLI echoes back
sed -i "s#$work/base-out#OUT#g" "$work"/base-out/*.stdout
sed -i "s#$work/new-out#OUT#g" "$work"/new-out/*.stdout
# DIR.payplan-lock holds the writer's process id (src/io/output.cpp): not an output
files=$(cd "$work/new-out" && find . -type f ! -name '*.payplan-lock' | wc -l)
if diff -r -x '*.payplan-lock' "$work/base-out" "$work/new-out"; then
  echo "identical: $files files from $(ls "$root"/rules-examples/*/plan*.yaml | wc -l) plans, compare and explain"
else
  echo "DIFFERENT (above)"
  exit 1
fi
