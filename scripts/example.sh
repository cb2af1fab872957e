#!/usr/bin/env bash
# Sets up, builds, and runs payplan on the bundled example.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh --cli   # the CLI only: no tests, benchmarks or Python
example=rules-examples/basic-commission
./build/payplan run --plan "$example/plan.yaml" --org "$example/org.yaml" \
  --orders "$example/orders.csv" --out out/basic-commission
