#!/usr/bin/env bash
# Runs every libFuzzer target of a `make test-fuzz` build for a fixed time each, starting from
# its seed corpus (its folder of tests/fuzz/corpus/), and fails naming each target that found
# a crash, a sanitizer report, a timeout or a leak, with the input that did it.
#
#   scripts/run-fuzzers.sh BUILD_DIR [SECONDS] [TARGET...]
#
# New inputs go to BUILD_DIR/fuzz-corpus/NAME/ (kept between runs, never into the repository);
# a finding is written to BUILD_DIR/fuzz-findings/NAME/. To keep a finding as a regression
# test, copy its input into the target's folder of tests/fuzz/corpus/ (`make test` replays it).
# To fuzz one target longer by hand: scripts/run-fuzzers.sh build-fuzz 3600 config
# FUZZ_JOBS (default: the number of cores) targets run at once, each on one core.
set -uo pipefail
cd "$(dirname "$0")/.."
build=${1:?usage: run-fuzzers.sh BUILD_DIR [SECONDS] [TARGET...]}
seconds=${2:-20}
shift $(( $# >= 2 ? 2 : 1 ))
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
  mapfile -t targets < <(ls tests/fuzz/corpus)
fi

export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=0}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
# One target: prints its line and, when it found something, its report and a mark file.
fuzz_one() {
  local name=$1 exe="$build/tests/fuzz/fuzz_$1"
  local work="$build/fuzz-corpus/$name" findings="$build/fuzz-findings/$name"
  local log="$build/fuzz-findings/$name.log" start status runs
  mkdir -p "$work" "$findings"
  if [ ! -x "$exe" ]; then
    echo "run-fuzzers: $name: $exe is not built (make test-fuzz builds it)" >&2
    touch "$findings.failed"
    return 1
  fi
  start=$(date +%s)
  # -timeout: one input taking over 10 s is a finding (a hang); -rss_limit_mb: 2 GiB.
  "$exe" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
    -artifact_prefix="$findings/" "$work" "tests/fuzz/corpus/$name" >"$log" 2>&1
  status=$?
  runs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' | tail -1)
  echo "run-fuzzers: $name: ${runs:-?} inputs in $(( $(date +%s) - start )) s, exit $status"
  if [ $status -ne 0 ]; then
    grep -E 'ERROR|runtime error|Test unit written|SUMMARY' "$log" | head -8 >&2
    echo "run-fuzzers: $name: full output in $log" >&2
    touch "$findings.failed"
    return 1
  fi
}

jobs=${FUZZ_JOBS:-$(nproc)}
mkdir -p "$build/fuzz-findings"
rm -f "$build"/fuzz-findings/*.failed
for name in "${targets[@]}"; do
  while [ "$(jobs -rp | wc -l)" -ge "$jobs" ]; do wait -n || true; done
  fuzz_one "$name" &
done
wait
failed=()
for name in "${targets[@]}"; do
  [ -e "$build/fuzz-findings/$name.failed" ] && failed+=("$name")
done
if [ ${#failed[@]} -ne 0 ]; then
  echo "run-fuzzers: findings in: ${failed[*]}" >&2
  exit 1
fi
echo "run-fuzzers: ${#targets[@]} targets, ${seconds} s each, no finding"
