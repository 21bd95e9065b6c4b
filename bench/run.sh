#!/usr/bin/env bash
# Runs the benchmarks against a Release build folder (default build-release). `make bench`.
#
#   bench/run.sh [BUILD] [--suite e2e|sync_engine|growth|incremental|upserts|files|score|all]
#                [ARGS...]
#
# e2e (the default): bench/hubspot_e2e_bench.py, `tempo sync` of HubSpot contacts from
#   tempo-fakeapi against the Python reference pipelines and the store's ceiling; ARGS go to it
#   (--records N, default 1000000; --runs N, default 5; --perf DIR; see --help).
# sync_engine: bench/sync_engine_bench.py, the synthetic plugin at several sizes.
# growth: bench/hubspot_growth_bench.py, `tempo sync` records/s and peak RSS at 100k, 1M and
#   3M contacts (--sizes, --runs).
# incremental: bench/hubspot_incremental_bench.py, a full sync of 1M contacts, 1 % of them
#   changed in the fake, then an incremental sync timed against the full one (--records, --runs).
# upserts: bench/upserts_bench.py, tempo-bench-ceiling's random-order upserts into an empty
#   table and into one of 2M rows (--records, --rows, --runs, --mixed).
# files: bench/files_bench.py, the file connector loading a 1M-row overlap CSV and JSON Lines
#   file (bench/files_data.py) into a fresh store and again into the same store, against
#   sqlite3's .import and a Python csv + executemany loader (--rows, --sizes, --runs, --data).
# score: bench/score_bench.py, tempo score and tempo report --format html on a synthetic store
#   (bench/score_data.py: 1M deals, 2M leads, 500k overlaps, 300 partners at scale 1.0) at
#   several scales, against a Python reference (--scales, --runs, --timeout, --max-memory-gb).
# all: every suite, the e2e one last (so its BENCH line stays the last line); ARGS go to the
#   e2e one, BENCH_ARGS_SYNC_ENGINE, BENCH_ARGS_GROWTH, BENCH_ARGS_INCREMENTAL,
#   BENCH_ARGS_UPSERTS, BENCH_ARGS_FILES and BENCH_ARGS_SCORE to the others.
# A single suite gets ARGS; they can also come from the environment:
#   make bench BENCH_ARGS="--records 100000 --runs 3"
# Each suite prints a machine-readable last line (BENCH, BENCH sync_engine, BENCH_GROWTH,
# BENCH_INCREMENTAL, BENCH_UPSERTS, BENCH_FILES, BENCH_SCORE) and exits non-zero when a store check fails.
set -euo pipefail
build=${1:-build-release}
shift || true
here=$(cd "$(dirname "$0")" && pwd)
suite=${BENCH_SUITE:-e2e}
if [[ ${1:-} == --suite ]]; then
  suite=${2:?--suite needs e2e, sync_engine, growth, incremental, upserts, files, score or all}
  shift 2
fi
# shellcheck disable=SC2206
args=(${BENCH_ARGS:-} "$@")

run_suite() {  # run_suite NAME ARGS...
  local name=$1
  shift
  case "$name" in
    e2e) python3 "$here/hubspot_e2e_bench.py" --build "$build" "$@" ;;
    sync_engine) python3 "$here/sync_engine_bench.py" --build "$build" "$@" ;;
    growth) python3 "$here/hubspot_growth_bench.py" --build "$build" "$@" ;;
    incremental) python3 "$here/hubspot_incremental_bench.py" --build "$build" "$@" ;;
    upserts) python3 "$here/upserts_bench.py" --build "$build" "$@" ;;
    files) python3 "$here/files_bench.py" --build "$build" "$@" ;;
    score) python3 "$here/score_bench.py" --build "$build" "$@" ;;
  esac
}

case "$suite" in
  e2e | sync_engine | growth | incremental | upserts | files | score) run_suite "$suite" "${args[@]}" ;;
  all)
    # shellcheck disable=SC2206
    {
      sync_engine_args=(${BENCH_ARGS_SYNC_ENGINE:-})
      growth_args=(${BENCH_ARGS_GROWTH:-})
      incremental_args=(${BENCH_ARGS_INCREMENTAL:-})
      upserts_args=(${BENCH_ARGS_UPSERTS:-})
      files_args=(${BENCH_ARGS_FILES:-})
      score_args=(${BENCH_ARGS_SCORE:-})
    }
    run_suite sync_engine "${sync_engine_args[@]}"
    run_suite growth "${growth_args[@]}"
    run_suite incremental "${incremental_args[@]}"
    run_suite upserts "${upserts_args[@]}"
    run_suite files "${files_args[@]}"
    run_suite score "${score_args[@]}"
    run_suite e2e "${args[@]}"
    ;;
  *)
    echo "unknown suite '$suite': e2e, sync_engine, growth, incremental, upserts, files, score or all" >&2
    exit 2
    ;;
esac
