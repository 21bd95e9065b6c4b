#!/usr/bin/env bash
# Runs the benchmarks against a Release build folder (default build-release). `make bench`.
#
#   bench/run.sh [BUILD] [--suite e2e|sync_engine|all] [ARGS...]
#
# e2e (the default): bench/hubspot_e2e_bench.py, `tempo sync` of HubSpot contacts from
#   tempo-fakeapi against the Python reference pipelines and the store's ceiling; ARGS go to it
#   (--records N, default 1000000; --runs N, default 5; --perf DIR; see --help).
# sync_engine: bench/sync_engine_bench.py, the synthetic plugin at several sizes; ARGS go to it.
# all: both, the sync-engine one first (ARGS go to the e2e one).
# ARGS can also come from the environment: `make bench BENCH_ARGS="--records 100000 --runs 3"`.
set -euo pipefail
build=${1:-build-release}
shift || true
here=$(cd "$(dirname "$0")" && pwd)
suite=${BENCH_SUITE:-e2e}
if [[ ${1:-} == --suite ]]; then
  suite=${2:?--suite needs e2e, sync_engine or all}
  shift 2
fi
# shellcheck disable=SC2206
args=(${BENCH_ARGS:-} "$@")
case "$suite" in
  e2e) python3 "$here/hubspot_e2e_bench.py" --build "$build" "${args[@]}" ;;
  sync_engine) python3 "$here/sync_engine_bench.py" --build "$build" "${args[@]}" ;;
  all)
    python3 "$here/sync_engine_bench.py" --build "$build"
    python3 "$here/hubspot_e2e_bench.py" --build "$build" "${args[@]}"
    ;;
  *) echo "unknown suite '$suite': e2e, sync_engine or all" >&2; exit 2 ;;
esac
