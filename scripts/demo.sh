#!/usr/bin/env bash
# The demo (`make demo`): starts the fake provider APIs (tempo-fakeapi) on loopback, writes a
# tempo.yaml with the sample files' connections (config/demo.yaml) plus HubSpot and Salesforce
# connections pointed at the fakes, and runs `tempo demo` into a fresh store. Stops the fake
# server on exit.
set -euo pipefail
build=${1:-build}
root=$(cd "$(dirname "$0")/.." && pwd)
bin=$root/$build/bin
out=$root/$build/demo
mkdir -p "$out"
rm -f "$out/fakeapi.out"

"$bin/tempo-fakeapi" --seed 42 --scale 200 >"$out/fakeapi.out" 2>"$out/fakeapi.log" &
fake=$!
trap 'kill "$fake" 2>/dev/null || true; wait "$fake" 2>/dev/null || true' EXIT

line=""
for _ in $(seq 1 200); do
  line=$(head -n 1 "$out/fakeapi.out" 2>/dev/null || true)
  [[ $line == "listening on "* ]] && break
  if ! kill -0 "$fake" 2>/dev/null; then
    echo "demo: tempo-fakeapi did not start; see $out/fakeapi.log" >&2
    exit 1
  fi
  sleep 0.05
done
if [[ $line != "listening on "* ]]; then
  echo "demo: tempo-fakeapi did not report its port; see $out/fakeapi.log" >&2
  exit 1
fi
api=${line#listening on }

# The file connections' paths are relative to config/; make them absolute for build/demo/.
sed "s|path: demo/|path: $root/config/demo/|" "$root/config/demo.yaml" >"$out/tempo.yaml"
sed "s|@API@|$api|g" "$root/config/demo/apis.yaml.in" >>"$out/tempo.yaml"

"$bin/tempo" -c "$out/tempo.yaml" demo --store "$out/tempo.db"
