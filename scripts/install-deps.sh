#!/usr/bin/env bash
# Installs the Debian 12 packages Tempo needs to build, test, benchmark and run the demo.
# Idempotent: packages already present are skipped. As root it runs apt-get itself;
# otherwise it prints the one command to run and exits non-zero.
set -euo pipefail

packages=(
  build-essential cmake ninja-build pkg-config ccache
  libboost-dev            # Boost.DLL (header-only, 1.74)
  libcurl4-openssl-dev    # HTTP service
  libsimdjson-dev         # JSON parsing (On-Demand)
  libsqlite3-dev sqlite3  # the store
  libpq-dev               # the PostgreSQL store (host/store/pg/)
  postgresql              # its tests' server (scripts/pg-test-server.sh)
  libyaml-cpp-dev         # tempo.yaml
  libcli11-dev            # command line
  libspdlog-dev           # logging
  libhowardhinnant-date-dev tzdata  # time zones of cron schedules (/usr/share/zoneinfo)
  libcpp-httplib-dev      # fake API servers (tests, demo, bench); the daemon's /metrics
  catch2                  # tests (2.13)
  openssl                 # test certificates
  clang-format            # scripts/check-format.sh (CI)
  clang libclang-rt-14-dev  # make test-fuzz: libFuzzer with ASan and UBSan (tests/fuzz)
  python3                 # bench reference pipelines; scripts/check-doc-paths.py (ctest)
  chromium                # renders the HTML report headless in its test (ctest)
)

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi

if [ "$(id -u)" -ne 0 ]; then
  echo "install-deps: missing Debian packages: ${missing[*]}" >&2
  echo "install-deps: run: sudo apt-get update && sudo apt-get install -y --no-install-recommends ${missing[*]}" >&2
  exit 1
fi

echo "install-deps: installing ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
