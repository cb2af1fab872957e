#!/usr/bin/env bash
# Runs each payplan fuzz harness for a while; fails on the first finding.
#
#   tests/fuzz/run.sh BUILD_DIR [HARNESS...]     (default: all four)
#
# BUILD_DIR is a build configured with -DPAYPLAN_BUILD_FUZZERS=ON and built
# with --target fuzzers. PAYPLAN_FUZZ_SECONDS (default 60) is each harness's
# time. The corpus grows in BUILD_DIR/tests/fuzz/corpus/NAME (kept between
# runs, seeded from BUILD_DIR/tests/fuzz/seeds/NAME); a crashing input is
# written to BUILD_DIR/tests/fuzz/findings/NAME-crash-..., and running the
# harness on that file alone reproduces it. Each harness uses the dictionary
# of its language's words beside this script (plan.dict, org.dict,
# orders.dict). Extra libFuzzer flags can be
# given in PAYPLAN_FUZZ_FLAGS (e.g. "-max_len=8192"). Inputs that once failed
# are kept as tests/fuzz/regressions/NAME-WHAT and replayed before each run.
set -euo pipefail
build="${1:?usage: tests/fuzz/run.sh BUILD_DIR [HARNESS...]}"
shift
harnesses=("$@")
[ ${#harnesses[@]} -eq 0 ] && harnesses=(orders plan org end_to_end)
seconds="${PAYPLAN_FUZZ_SECONDS:-60}"
dir="$build/tests/fuzz"
here="$(cd "$(dirname "$0")" && pwd)"
mkdir -p "$dir/findings"

summary=()
for name in "${harnesses[@]}"; do
  exe="$dir/${name}_fuzz"
  [ -x "$exe" ] || { echo "fuzz: $exe is missing (build with --target fuzzers)" >&2; exit 2; }
  mkdir -p "$dir/corpus/$name"
  log="$dir/findings/$name.log"
  case "$name" in plan | org) dict="$here/$name.dict" ;; *) dict="$here/orders.dict" ;; esac
  # earlier findings (tests/fuzz/regressions/NAME-*) are run once each first
  shopt -s nullglob
  found=("$here/regressions/$name-"*)
  shopt -u nullglob
  if [ ${#found[@]} -gt 0 ]; then
    echo "fuzz: $name: replaying ${#found[@]} earlier finding(s)"
    "$exe" -timeout=25 -rss_limit_mb=2048 "${found[@]}" >"$dir/findings/$name-replay.log" 2>&1 ||
      { tail -n 40 "$dir/findings/$name-replay.log" >&2; echo "fuzz: $name: an earlier finding fails again" >&2; exit 1; }
  fi
  echo "fuzz: $name for ${seconds}s"
  status=0
  # -timeout: one input taking longer than 25 s is a finding too.
  # shellcheck disable=SC2086
  ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1}" UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1}" \
    "$exe" -max_total_time="$seconds" -print_final_stats=1 -timeout=25 -rss_limit_mb=2048 \
      -artifact_prefix="$dir/findings/$name-" -dict="$dict" ${PAYPLAN_FUZZ_FLAGS:-} \
      "$dir/corpus/$name" "$dir/seeds/$name" >"$log" 2>&1 || status=$?
  execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
  rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -1)
  cov=$(grep -o 'cov: [0-9]*' "$log" | tail -1 || true)
  if [ "$status" -ne 0 ]; then
    tail -n 60 "$log" >&2
    echo "fuzz: $name FAILED (exit $status); log $log, input in $dir/findings/" >&2
    exit 1
  fi
  summary+=("$(printf '%-11s %10s executions %8s exec/s  %s' "$name" "${execs:-?}" "${rate:-?}" "${cov:-}")")
done
echo "fuzz: ${seconds}s per harness, no findings"
printf '  %s\n' "${summary[@]}"
