# Thin wrappers over cmake/ctest. `make demo` and `make test` are the two commands a newcomer
# needs; both install missing Debian packages first.
BUILD_DIR ?= build
BENCH_DIR ?= build-release
JOBS ?= $(shell nproc)
CMAKE_FLAGS ?=

.PHONY: all deps configure build test demo demo-serve bench clean

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
	rm -rf $(BUILD_DIR) $(BENCH_DIR)
