# Thin wrappers over cmake/ctest. `make demo` and `make test` are the two commands a newcomer
# needs; both install missing Debian packages first.
BUILD_DIR ?= build
BENCH_DIR ?= build-release
JOBS ?= $(shell nproc)
CMAKE_FLAGS ?=
ASAN_DIR ?= build-asan
TSAN_DIR ?= build-tsan
FUZZ_DIR ?= build-fuzz
FUZZ_SECONDS ?= 20
# Sanitizer builds: -O1 with line tables only (-g1), for readable reports at a fraction of a
# debug build's compile time (CI builds them cold); asserts on. Warnings are checked by the
# regular build (-Werror there); GCC's instrumented -O1 warns falsely, so not as errors here.
SANITIZER_CMAKE = -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_C_FLAGS_RELWITHDEBINFO="-O1 -g1" \
  -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O1 -g1" -DTEMPO_WERROR=OFF
# The threaded parts under ThreadSanitizer: the engine's writer thread, the checkpointer, the
# SDK's prefetcher and the connector readers that use it, the HTTP service, the scheduler.
TSAN_TESTS ?= engine_test checkpointer_test prefetch_test http_unit_test schedule_test \
  hubspot_unit_test salesforce_connector_test crossbeam_unit_test mailchimp_unit_test
# libFuzzer targets: clang, ASan + UBSan, -O1.
FUZZ_FLAGS = -fsanitize=address,undefined,fuzzer-no-link -fno-sanitize-recover=undefined \
  -fno-omit-frame-pointer -O1 -gline-tables-only

.PHONY: all deps configure build test test-asan test-tsan test-fuzz demo demo-serve bench clean

all: build

deps:
	@./scripts/install-deps.sh

$(BUILD_DIR)/build.ninja:
	@$(MAKE) --no-print-directory deps
	cmake -S . -B $(BUILD_DIR) -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo $(CMAKE_FLAGS)

configure: $(BUILD_DIR)/build.ninja

build: deps configure
	cmake --build $(BUILD_DIR) -j $(JOBS)

# The PostgreSQL tests run against scripts/pg-test-server.sh's server unless TEMPO_TEST_PG_URL
# is already set (set it empty to skip them); where it cannot start they are reported skipped.
test: build
	@url="$${TEMPO_TEST_PG_URL-$$($(CURDIR)/scripts/pg-test-server.sh start || true)}"; \
	if [ -z "$$url" ]; then echo "make test: no PostgreSQL server: the PostgreSQL tests are skipped" >&2; fi; \
	cd $(BUILD_DIR) && TEMPO_TEST_PG_URL="$$url" ctest --output-on-failure -j $(JOBS) --timeout 600

# Everything built with AddressSanitizer + UndefinedBehaviorSanitizer, the whole suite run.
test-asan: deps
	cmake -S . -B $(ASAN_DIR) -G Ninja $(SANITIZER_CMAKE) -DTEMPO_SANITIZE=address $(CMAKE_FLAGS)
	cmake --build $(ASAN_DIR) -j $(JOBS)
	./scripts/run-sanitized-tests.sh $(ASAN_DIR) address -j $(JOBS)

# ThreadSanitizer on the tests of the threaded parts (TSAN_TESTS), built alone.
test-tsan: deps
	cmake -S . -B $(TSAN_DIR) -G Ninja $(SANITIZER_CMAKE) -DTEMPO_SANITIZE=thread $(CMAKE_FLAGS)
	cmake --build $(TSAN_DIR) -j $(JOBS) --target $(TSAN_TESTS)
	./scripts/run-sanitized-tests.sh $(TSAN_DIR) thread -j $(JOBS) \
	  -R "^($(shell echo $(TSAN_TESTS) | tr ' ' '|')):"

# Every libFuzzer target for FUZZ_SECONDS each from its seed corpus (tests/fuzz/README.md).
test-fuzz: deps
	cmake -S . -B $(FUZZ_DIR) -G Ninja -DCMAKE_BUILD_TYPE=None -DCMAKE_C_COMPILER=clang \
	  -DCMAKE_CXX_COMPILER=clang++ -DTEMPO_FUZZ=ON -DTEMPO_WERROR=OFF \
	  -DCMAKE_C_FLAGS="$(FUZZ_FLAGS)" -DCMAKE_CXX_FLAGS="$(FUZZ_FLAGS)" $(CMAKE_FLAGS)
	cmake --build $(FUZZ_DIR) -j $(JOBS) --target fuzzers
	./scripts/run-fuzzers.sh $(FUZZ_DIR) $(FUZZ_SECONDS)

demo: deps configure
	cmake --build $(BUILD_DIR) -j $(JOBS) --target demo_runtime
	./scripts/demo.sh $(BUILD_DIR)

# The demo's fake APIs again, on the port its tempo.yaml names, until Ctrl-C.
demo-serve:
	./scripts/demo.sh $(BUILD_DIR) --serve

bench: deps
	cmake -S . -B $(BENCH_DIR) -G Ninja -DCMAKE_BUILD_TYPE=Release -DTEMPO_BUILD_TESTS=ON $(CMAKE_FLAGS)
	cmake --build $(BENCH_DIR) -j $(JOBS)
	./bench/run.sh $(BENCH_DIR)

clean:
	rm -rf $(BUILD_DIR) $(BENCH_DIR) $(ASAN_DIR) $(TSAN_DIR) $(FUZZ_DIR)
