#!/usr/bin/env python3
"""Upserts benchmark: random-order contact upserts into an empty and into a large table.

tempo-bench-ceiling (bench/ceiling.cc) writes already-parsed contact records through the
engine's own store::RecordWriter, committing as the engine does (at most --commit-records,
the engine's 50,000, and at most 4 MiB of buffered records: about 3,600 of these records),
each commit's records in source-id order as the engine writes them, checkpoints on a
background thread; no HTTP, JSON or plugin. Per round, alternately, each into a fresh store:

  empty  --records (200,000) records with new source ids in a seeded random order into an
         empty table;
  full   the table is first prefilled with --rows (2,000,000) rows (ids in order, timed
         separately and not counted), then --records records whose ids are drawn at random
         from the prefilled range (updates of existing rows) in a seeded random order;
  mixed  (with --mixed) like full, but half the records update existing rows and half insert
         new ids, all in one random order.

After every run the store must hold exactly the expected live contact rows (and as many
raw_records rows), and exactly --records of them must carry the measured run's sync_run_id.

Targets: full >= 100,000 records/s, and the per-record cost on the full table at most twice
the cost on the empty one (ratio = empty_recps / full_recps <= 2).

Last line (medians over --runs rounds):
  BENCH_UPSERTS empty_recps=E full_recps=F rows=2000000 ratio=R
"""
import argparse
import json
import os
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time

import harness

TEMPLATES = 10000


def run_ceiling(build, work, templates, args, kind, round_no):
    db_path = os.path.join(work, f"{kind}-{round_no}.db")
    cmd = [build.ceiling, "--store", db_path, "--templates", templates,
           "--records", str(args.records), "--commit-records", str(args.commit_records),
           "--order", args.order, "--seed", str(args.seed + round_no)]
    prefill = 0
    if kind != "empty":
        prefill = args.rows
        cmd += ["--prefill", str(prefill),
                "--update-fraction", "1" if kind == "full" else "0.5"]
    for p in args.pragma:
        cmd += ["--pragma", p]
    busy0 = harness.busy_cpu_seconds()
    start = time.monotonic()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE)
    out = proc.stdout.read()
    rc, usage = harness.wait_rusage(proc)
    wall = time.monotonic() - start
    if rc != 0:
        harness.fail(f"tempo-bench-ceiling ({kind}) failed ({rc})")
    summary = json.loads(out)
    own = usage.ru_utime + usage.ru_stime
    other = max(0.0, (harness.busy_cpu_seconds() - busy0 - own) / wall)
    inserts = summary["inserts"]
    expected = prefill + inserts
    if summary["records"] != args.records:
        harness.fail(f"{kind}: the ceiling wrote {summary['records']} records")
    harness.check_rows(db_path, expected, f"{kind}, round {round_no + 1}")
    db = sqlite3.connect(db_path)
    try:
        measured = db.execute("SELECT COUNT(*) FROM contact WHERE sync_run_id = 2").fetchone()[0]
    finally:
        db.close()
    if measured != args.records:
        harness.fail(f"{kind}: {measured} rows carry the measured run, expected {args.records}")
    size_mb = sum(os.path.getsize(p) for p in (db_path, db_path + "-wal")
                  if os.path.exists(p)) / 1e6
    if not args.keep:
        for suffix in ("", "-wal", "-shm"):
            if os.path.exists(db_path + suffix):
                os.remove(db_path + suffix)
    n = args.records
    return {"recps": summary["recps"], "seconds": summary["seconds"],
            "read_kb": summary.get("read_bytes", -1) / 1024.0 / n,
            "write_kb": summary.get("write_bytes", -1) / 1024.0 / n,
            "reads": summary.get("read_calls", -1) / n,
            "writes": summary.get("write_calls", -1) / n,
            "us": 1e6 * summary["seconds"] / args.records, "prefill_s": summary["prefill_seconds"],
            "prefill_recps": summary["prefill_recps"], "rows": expected, "size_mb": size_mb,
            "other": other, "rss": usage.ru_maxrss / 1024.0}


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--build", default="build-release")
    ap.add_argument("--records", type=int, default=200000, help="upserts measured per run")
    ap.add_argument("--rows", type=int, default=2000000, help="rows of the full table")
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--order", choices=("random", "sequential"), default="random")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--commit-records", type=int, default=50000,
                    help="at most this many records per transaction (the engine's default: "
                         "50,000; its 4 MiB bound usually comes first)")
    ap.add_argument("--mixed", action="store_true",
                    help="also measure half updates, half new ids into the full table")
    ap.add_argument("--pragma", action="append", default=[], metavar="NAME=VALUE",
                    help="extra PRAGMA after OpenStore (experiments; repeatable)")
    ap.add_argument("--fake-seed", type=int, default=42)
    ap.add_argument("--keep", action="store_true", help="keep the work folder and stores")
    args = ap.parse_args()
    if args.records < 1 or args.rows < args.records or args.runs < 1:
        sys.exit("--records >= 1, --rows >= --records and --runs >= 1, please")

    build = harness.Build(args.build)
    build.require("ceiling", "fakeapi")
    kinds = ["empty", "full"] + (["mixed"] if args.mixed else [])
    work = tempfile.mkdtemp(prefix="tempo-upserts-bench-")
    results = {k: [] for k in kinds}
    try:
        templates = os.path.join(work, "templates.bin")
        fake = harness.Fake(build.fakeapi, args.fake_seed, TEMPLATES // 5,
                            os.path.join(work, "fakeapi.log"))
        try:
            harness.write_templates(fake.base_url, templates, TEMPLATES)
        finally:
            fake.stop()
        print(f"contact upserts ({args.order} order) through store::RecordWriter: "
              f"{args.records:,} records per run, at most {args.commit_records:,} records or 4 MiB per "
              f"transaction, into "
              f"an empty table and into one of {args.rows:,} rows; median of {args.runs} "
              f"alternating rounds; {harness.machine_line()}; load {harness.load1():.2f}"
              + (f"; pragmas {', '.join(args.pragma)}" if args.pragma else ""), flush=True)
        for i in range(args.runs):
            for kind in kinds:
                r = run_ceiling(build, work, templates, args, kind, i)
                results[kind].append(r)
                prefill = (f"  (prefill {args.rows:,} rows: {r['prefill_s']:.1f} s, "
                           f"{r['prefill_recps']:,.0f} rec/s)" if kind != "empty" else "")
                print(f"  round {i + 1} {kind:<6} {r['recps']:>9,.0f} rec/s {r['seconds']:>6.2f} s"
                      f"  {r['us']:>5.1f} us/record  I/O per record: read {r['read_kb']:.1f} KB"
                      f" in {r['reads']:.2f} calls, wrote {r['write_kb']:.1f} KB in "
                      f"{r['writes']:.2f} calls  store {r['size_mb']:>5.0f} MB  other CPU "
                      f"{r['other']:.2f}{prefill}", flush=True)
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
        else:
            print(f"work folder kept: {work}")

    def med(kind, key):
        return statistics.median(r[key] for r in results[kind])

    print()
    print(f"{'table':<8} {'rows before':>11} {'records/s':>10} {'min':>9} {'max':>9} "
          f"{'seconds':>8} {'us/record':>9} {'read KB/rec':>11} {'write KB/rec':>12} "
          f"{'other CPU':>9}")
    for kind in kinds:
        rs = [r["recps"] for r in results[kind]]
        before = 0 if kind == "empty" else args.rows
        print(f"{kind:<8} {before:>11,} {med(kind, 'recps'):>10,.0f} {min(rs):>9,.0f} "
              f"{max(rs):>9,.0f} {med(kind, 'seconds'):>8.2f} {med(kind, 'us'):>9.2f} "
              f"{med(kind, 'read_kb'):>11.1f} {med(kind, 'write_kb'):>12.1f} "
              f"{med(kind, 'other'):>9.2f}")
    print("(read / write KB per record: bytes through read and write system calls of the "
          "measured phase, /proc/self/io; new stores have 8 KB pages; other CPU: cores other "
          "processes used meanwhile)")
    print(f"prefill of {args.rows:,} rows (in id order, not counted): "
          f"{med('full', 'prefill_recps'):,.0f} rec/s median")
    empty, full = med("empty", "recps"), med("full", "recps")
    ratio = empty / full if full > 0 else float("nan")
    print(f"targets: full >= 100,000 rec/s: {'met' if full >= 100000 else 'MISSED'}; "
          f"cost at {args.rows:,} rows <= 2 x empty (ratio {ratio:.2f}): "
          f"{'met' if ratio <= 2 else 'MISSED'}")
    print(f"BENCH_UPSERTS empty_recps={empty:.0f} full_recps={full:.0f} rows={args.rows} "
          f"ratio={ratio:.2f}")


if __name__ == "__main__":
    main()
