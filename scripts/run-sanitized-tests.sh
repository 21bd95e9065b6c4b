#!/usr/bin/env bash
# Runs ctest in a sanitizer build (`make test-asan`, `make test-tsan`) so that a report in any
# process fails the run: the test executables and every `tempo` child they start, plugins
# included (the options reach the children through the environment).
#
#   scripts/run-sanitized-tests.sh BUILD_DIR address|thread [ctest args...]
#
# Each report is written to BUILD_DIR/sanitizer-logs/ (log_path, one file per process) as well
# as failing its process: a child's report counts even where the test expected the child to
# fail or killed it afterwards. After ctest, any file there fails the run and is printed.
# TEMPO_SANITIZER=1 tells the randomized suites to run fewer iterations (tests/support/seed.h).
set -uo pipefail
cd "$(dirname "$0")/.."
build=$(cd "${1:?usage: run-sanitized-tests.sh BUILD_DIR address|thread [ctest args]}" && pwd)
kind=${2:?address or thread}
shift 2
logs="$build/sanitizer-logs"
rm -rf "$logs"
mkdir -p "$logs"
export TEMPO_SANITIZER=1
case "$kind" in
  address)
    # verify_asan_link_order=0: tests preload libtempo_fault_vfs.so into tempo children, which
    # puts it before the ASan runtime in the library list. handle_segv=0: the crash tests'
    # plugins segfault on purpose (tests/plugins), and the tests assert what the host makes of
    # a real SIGSEGV; a stray one of ours still fails its test. Leaks are reported
    # (detect_leaks): tests/sanitizer/lsan.supp lists the only ones suppressed, none Tempo's.
    export ASAN_OPTIONS="detect_leaks=1:verify_asan_link_order=0:handle_segv=0:log_path=$logs/asan:strict_string_checks=1:check_initialization_order=1"
    export LSAN_OPTIONS="suppressions=$PWD/tests/sanitizer/lsan.supp:print_suppressions=0"
    export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1:log_path=$logs/ubsan"
    ;;
  thread)
    export TSAN_OPTIONS="halt_on_error=1:second_deadlock_stack=1:log_path=$logs/tsan:suppressions=$PWD/tests/sanitizer/tsan.supp"
    ;;
  *)
    echo "run-sanitized-tests: the kind is address or thread, not '$kind'" >&2
    exit 2
    ;;
esac
(cd "$build" && ctest --output-on-failure --timeout 1800 "$@")
status=$?
mapfile -t reports < <(find "$logs" -type f | sort)
if [ ${#reports[@]} -ne 0 ]; then
  echo "run-sanitized-tests: ${#reports[@]} sanitizer report(s) in $logs:" >&2
  for r in "${reports[@]}"; do
    echo "---- $r" >&2
    head -n 60 "$r" >&2
  done
  exit 1
fi
if [ $status -ne 0 ]; then
  echo "run-sanitized-tests: ctest failed (exit $status); no sanitizer report was written" >&2
fi
exit $status
