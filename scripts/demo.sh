#!/usr/bin/env bash
# The demo (`make demo`): starts the fake provider APIs (tempo-fakeapi) on loopback serving the
# demo's synthetic company (config/demo/world.scenario) with its history ending today, and has
# it write the partner team's files of that same world next to the store. Then writes a
# tempo.yaml with the files' connection (config/demo.yaml) and the API connections
# (config/demo/apis.yaml.in), and runs `tempo demo`: every connection synced into a fresh store,
# what landed, and the partners' TEMPO scores. Stops the fake server on exit.
#
# `scripts/demo.sh BUILD --serve` (`make demo-serve`) serves the same world again, on the port
# the demo's tempo.yaml names, until Ctrl-C, so `tempo -c` with the demo config then `sync ...` works
# after the demo.
set -euo pipefail
build=${1:-build}
root=$(cd "$(dirname "$0")/.." && pwd)
case $build in
  /*) base=$build ;;  # an absolute build folder (the demo-serve test's)
  *) base=$root/$build ;;
esac
bin=$base/bin
out=$base/demo
world=$root/config/demo/world.scenario
mkdir -p "$out"

if [[ ${2:-} == --serve ]]; then
  if [[ ! -f $out/fakeapi.env ]]; then
    echo "demo-serve: no demo has run in $build (no $out/fakeapi.env); run 'make demo' first" >&2
    exit 2
  fi
  # shellcheck source=/dev/null
  source "$out/fakeapi.env"  # port and as_of of the last demo
  echo "demo-serve: the demo's fake APIs on http://127.0.0.1:$port, the world as of $as_of;"
  echo "  in another terminal: $build/bin/tempo -c $build/demo/tempo.yaml sync hubspot (or status, score, report)"
  echo "  Ctrl-C stops them."
  exec "$bin/tempo-fakeapi" --scenario "$world" --as-of "$as_of" --port "$port"
fi
rm -rf "$out/fakeapi.out" "$out/files"

"$bin/tempo-fakeapi" --scenario "$world" --as-of now --write-files "$out/files" \
  >"$out/fakeapi.out" 2>"$out/fakeapi.log" &
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
# What `make demo-serve` needs to serve this world again where the demo config points.
port=${api##*:}
port=${port%%/*}
printf 'port=%s\nas_of=%s\n' "$port" "$(date -u +%Y-%m-%d)" >"$out/fakeapi.env"

# Marketo exports leads from the start of the world's history (history_days before today).
days=$(sed -n 's/.*history_days=\([0-9]*\).*/\1/p' "$world")
start=$(date -u -d "today - ${days:-730} days" +%Y-%m-%dT00:00:00Z)

# The files' connection reads what tempo-fakeapi just wrote; then the API connections. The
# store is the demo's, so `tempo -c build/demo/tempo.yaml score` (or status) reads it.
sed -e "s|path: demo/data/|path: $out/files/|" -e "s|path: demo.db|path: $out/tempo.db|" \
  "$root/config/demo.yaml" >"$out/tempo.yaml"
sed -e "s|@API@|$api|g" -e "s|@MARKETO_START@|$start|g" "$root/config/demo/apis.yaml.in" \
  >>"$out/tempo.yaml"
chmod 600 "$out/tempo.yaml"  # it holds the fake APIs' credentials inline

"$bin/tempo" -c "$out/tempo.yaml" demo --store "$out/tempo.db"
echo
echo "The demo's fake APIs stop now. 'make demo-serve' serves them again on port $port, so that"
echo "'$build/bin/tempo -c $build/demo/tempo.yaml sync hubspot' reads from them."
