#!/usr/bin/env bash
# Runs the benchmarks against a Release build folder (default build-release). `make bench`.
set -euo pipefail
build=${1:-build-release}
here=$(cd "$(dirname "$0")" && pwd)
python3 "$here/sync_engine_bench.py" --build "$build" "${@:2}"
