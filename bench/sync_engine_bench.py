#!/usr/bin/env python3
"""Sync-engine benchmark: `tempo sync` of the synthetic plugin (leads of 15 fields, raw JSON
kept, 100-record pages) into a fresh SQLite store, for several record counts.

Reports the median over --runs runs of records/s (the run's own duration) and of peak RSS
(from wait4 on the tempo process), then one line per size:
  BENCH sync_engine records=N recps=R peak_rss_mb=X
Peak RSS must not grow with N: the engine streams records into the store.
"""
import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time


def run_once(tempo, plugin_dir, records, page_size):
    work = tempfile.mkdtemp(prefix="tempo-bench-")
    try:
        cfg = os.path.join(work, "tempo.yaml")
        with open(cfg, "w") as f:
            f.write(
                "store:\n  path: tempo.db\n"
                f"plugins:\n  path: [{plugin_dir}]\n"
                "connections:\n  - name: syn\n    plugin: synthetic\n"
                f"    config: {{records: {records}, page_size: {page_size}}}\n")
        start = time.monotonic()
        proc = subprocess.Popen([tempo, "-q", "-c", cfg, "sync", "syn", "--json"],
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        out = proc.stdout.read()
        err = proc.stderr.read()
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.monotonic() - start
        if os.waitstatus_to_exitcode(status) != 0:
            sys.exit(f"tempo sync failed: {err.decode(errors='replace')}")
        summary = json.loads(out)
        assert summary["records"] == records, summary
        seconds = summary["duration_ms"] / 1000.0
        return records / seconds, wall, usage.ru_maxrss / 1024.0
    finally:
        shutil.rmtree(work, ignore_errors=True)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--build", default="build-release")
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--sizes", default="100000,1000000")
    ap.add_argument("--page-size", type=int, default=100)
    args = ap.parse_args()
    tempo = os.path.abspath(os.path.join(args.build, "bin", "tempo"))
    plugin_dir = os.path.abspath(os.path.join(args.build, "test-plugins"))
    sizes = [int(s) for s in args.sizes.split(",")]
    print(f"sync engine: synthetic leads (15 fields + raw JSON), pages of {args.page_size}, "
          f"median of {args.runs} runs, {os.cpu_count()} cores")
    print(f"{'records':>10} {'records/s':>12} {'wall s':>8} {'peak RSS MB':>12}")
    lines = []
    for n in sizes:
        results = [run_once(tempo, plugin_dir, n, args.page_size) for _ in range(args.runs)]
        recps = statistics.median(r[0] for r in results)
        wall = statistics.median(r[1] for r in results)
        rss = statistics.median(r[2] for r in results)
        print(f"{n:>10} {recps:>12,.0f} {wall:>8.2f} {rss:>12.1f}")
        lines.append(f"BENCH sync_engine records={n} recps={recps:.0f} peak_rss_mb={rss:.1f}")
    for line in lines:
        print(line)


if __name__ == "__main__":
    main()
