#!/usr/bin/env python3
"""End-to-end benchmark: HubSpot contacts from tempo-fakeapi into a fresh SQLite store.

Pipelines, run alternately (round 1: all of them, round 2: all of them, ...) so that machine
drift hits each one alike; each run writes a fresh store in a fresh temporary folder:

  tempo      `tempo sync` of the hubspot connector's contacts stream (full refresh, raw JSON
             kept, 100-record pages, requests_per_10s 0 = no client-side rate budget, which
             only a private server like the fake may get; --requests-per-10s sets one)
  singer     bench/reference/tap_hubspot.py | bench/reference/target_sqlite.py (urllib + json,
             Singer RECORD/STATE messages through a pipe, a commit per STATE = per page)
  inprocess  bench/reference/inprocess.py (urllib + json.loads + executemany, a commit every
             50,000 records)
  ceiling    tempo-bench-ceiling: only the store writes of already-parsed records, through
             Tempo's write path (store::OpenStore + RecordWriter, commits as the engine makes
             them, WAL checkpoints on a thread of their own, store::Checkpointer)
  ceiling1   the same on one thread, SQLite checkpointing inside the commits (how the store
             wrote before the Checkpointer; for comparison, not in the BENCH line)

Before the rounds, one uncounted tempo run warms the fake's page cache (--no-warmup: none), so
no pipeline pays for the fake building pages. Every pipeline reads (or, for the ceiling,
writes) the same records: the fake's contacts at
--scale records/5 with the connector's property list. Records/s is records over the wall time
the harness measures around the process(es), start-up included; peak RSS comes from wait4
(the larger of tap and target for singer). The fake server's CPU time per run comes from
/proc/PID/stat, so a saturated server shows as a CPU share near 1.0 (one core).

Last line:
  BENCH tempo_recps=N reference_recps=M ratio=R ceiling_recps=C peak_rss_mb=X
with medians over --runs runs; reference_recps is the Singer-style pipeline and peak_rss_mb
Tempo's.
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
from harness import HERE, TOKEN, Fake, count_rows, wait_rusage

TEMPLATES = 10000  # records the ceiling cycles through


def run_tempo(ctx, work):
    cfg = os.path.join(work, "tempo.yaml")
    harness.write_tempo_config(cfg, ctx.plugin_dir, ctx.fake.base_url, ctx.args.requests_per_10s)
    perf_data = None
    if getattr(ctx, "perf_run", False):
        perf_data = os.path.join(ctx.args.perf, "tempo.perf.data")
    run = harness.run_tempo_sync(ctx.tempo, cfg, work, perf_data)
    summary = run["summary"]
    extra = {"duration_s": summary["duration_ms"] / 1000.0,
             "rate_wait_s": summary.get("rate_limit_wait_ms", 0) / 1000.0,
             "commits": summary.get("commits"), "requests": summary.get("requests")}
    return summary["records"], run["wall"], run["rss_mb"], run["cpu_s"], \
        os.path.join(work, "tempo.db"), extra


def run_singer(ctx, work):
    db = os.path.join(work, "tempo.db")
    start = time.monotonic()
    tap = subprocess.Popen([sys.executable, os.path.join(HERE, "reference", "tap_hubspot.py"),
                            "--base-url", ctx.fake.base_url, "--token", TOKEN],
                           stdout=subprocess.PIPE)
    target = subprocess.Popen([sys.executable, os.path.join(HERE, "reference", "target_sqlite.py"),
                               "--db", db, "--schema", ctx.schema],
                              stdin=tap.stdout, stdout=subprocess.PIPE)
    tap.stdout.close()
    out = target.stdout.read()
    rc_t, u_tap = wait_rusage(tap)
    rc_g, u_target = wait_rusage(target)
    wall = time.monotonic() - start
    if rc_t != 0 or rc_g != 0:
        sys.exit(f"singer pipeline failed: tap {rc_t}, target {rc_g}")
    summary = json.loads(out)
    cpu = sum(u.ru_utime + u.ru_stime for u in (u_tap, u_target))
    return summary["records"], wall, max(u_tap.ru_maxrss, u_target.ru_maxrss) / 1024.0, cpu, \
        db, {"commits": summary["commits"]}


def run_inprocess(ctx, work):
    db = os.path.join(work, "tempo.db")
    start = time.monotonic()
    proc = subprocess.Popen([sys.executable, os.path.join(HERE, "reference", "inprocess.py"),
                             "--base-url", ctx.fake.base_url, "--token", TOKEN, "--db", db,
                             "--schema", ctx.schema], stdout=subprocess.PIPE)
    out = proc.stdout.read()
    rc, usage = wait_rusage(proc)
    wall = time.monotonic() - start
    if rc != 0:
        sys.exit(f"in-process pipeline failed ({rc})")
    summary = json.loads(out)
    return summary["records"], wall, usage.ru_maxrss / 1024.0, \
        usage.ru_utime + usage.ru_stime, db, {"commits": summary["commits"]}


def run_ceiling(ctx, work, extra_args=()):
    db = os.path.join(work, "tempo.db")
    start = time.monotonic()
    proc = subprocess.Popen([ctx.ceiling, "--store", db, "--templates", ctx.templates,
                             "--records", str(ctx.records), *extra_args], stdout=subprocess.PIPE)
    out = proc.stdout.read()
    rc, usage = wait_rusage(proc)
    wall = time.monotonic() - start
    if rc != 0:
        sys.exit(f"tempo-bench-ceiling failed ({rc})")
    summary = json.loads(out)
    # The ceiling's own clock covers only the writes (not reading its templates).
    return summary["records"], summary["seconds"], usage.ru_maxrss / 1024.0, \
        usage.ru_utime + usage.ru_stime, db, {"commits": summary["commits"], "wall_s": wall}


def run_ceiling1(ctx, work):
    return run_ceiling(ctx, work, ["--no-background-checkpoints"])


PIPELINES = {"tempo": run_tempo, "singer": run_singer, "inprocess": run_inprocess,
             "ceiling": run_ceiling, "ceiling1": run_ceiling1}


def prepare(ctx, work):
    """The schema of a store Tempo creates (for the Python pipelines) and the ceiling's input."""
    store = os.path.join(work, "schema.db")
    subprocess.run([ctx.ceiling, "--store", store, "--init-only"], check=True)
    db = sqlite3.connect(store)
    ddl = [r[0] for r in db.execute(
        "SELECT sql FROM sqlite_master WHERE sql IS NOT NULL AND name NOT LIKE 'sqlite_%' "
        "ORDER BY rowid")]
    version = db.execute("PRAGMA user_version").fetchone()[0]
    db.close()
    ctx.schema = os.path.join(work, "schema.json")
    with open(ctx.schema, "w") as f:
        json.dump({"ddl": ddl, "user_version": version}, f)

    ctx.templates = os.path.join(work, "templates.bin")
    harness.write_templates(ctx.fake.base_url, ctx.templates, min(TEMPLATES, ctx.records))


class Ctx:
    pass


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--build", default="build-release")
    ap.add_argument("--records", type=int, default=1000000,
                    help="contacts to sync (rounded up to a multiple of 5: the fake serves "
                         "5 contacts per --scale unit)")
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--seed", type=int, default=42)
    ap.add_argument("--pipelines", default="tempo,singer,inprocess,ceiling,ceiling1")
    ap.add_argument("--no-warmup", action="store_true",
                    help="skip the uncounted tempo run that warms the fake's page cache")
    ap.add_argument("--requests-per-10s", type=int, default=0,
                    help="the hubspot connector's rate budget; 0 (the default): none, only for "
                         "private servers such as the fake (its schema allows at most 1000)")
    ap.add_argument("--perf", metavar="DIR",
                    help="before the measured rounds, one extra tempo run under `perf record -g` "
                         "(DIR/tempo.perf.data; not counted)")
    ap.add_argument("--keep", action="store_true", help="keep the work folder")
    args = ap.parse_args()
    names = [p for p in args.pipelines.split(",") if p]
    for p in names:
        if p not in PIPELINES:
            sys.exit(f"unknown pipeline {p!r}; known: {', '.join(PIPELINES)}")

    ctx = Ctx()
    ctx.args = args
    build = harness.Build(args.build)
    build.require("tempo", "fakeapi", "ceiling")
    ctx.tempo, ctx.ceiling, ctx.plugin_dir = build.tempo, build.ceiling, build.plugin_dir
    if args.perf:
        os.makedirs(args.perf, exist_ok=True)
    scale = (args.records + 4) // 5
    work = tempfile.mkdtemp(prefix="tempo-e2e-bench-")
    ctx.fake = None
    try:
        ctx.fake = Fake(build.fakeapi, args.seed, scale, os.path.join(work, "fakeapi.log"))
        ctx.records = ctx.fake.contacts()
        prepare(ctx, work)
        print(f"hubspot contacts end to end: {ctx.records:,} records, pages of 100, raw JSON kept; "
              f"median of {args.runs} alternating runs; {harness.machine_line()}; "
              f"load {harness.load1():.2f}")
        if args.perf:
            ctx.perf_run = True
            perf_dir = os.path.join(work, "perf-run")
            os.makedirs(perf_dir)
            run_tempo(ctx, perf_dir)
            ctx.perf_run = False
            shutil.rmtree(perf_dir, ignore_errors=True)
            print(f"perf profile of one tempo run: {os.path.join(args.perf, 'tempo.perf.data')}")
        elif not args.no_warmup:
            # The fake builds each page's JSON on first use and caches it: without this, the
            # first round's first pipeline would pay for that.
            warm_dir = os.path.join(work, "warm-up")
            os.makedirs(warm_dir)
            records, seconds = run_tempo(ctx, warm_dir)[:2]
            shutil.rmtree(warm_dir, ignore_errors=True)
            print(f"  warm-up (not counted): one tempo run, {records / seconds:,.0f} rec/s")
        results = {p: [] for p in names}
        for ctx.round in range(args.runs):
            for p in names:
                run_dir = os.path.join(work, f"{p}-{ctx.round}")
                os.makedirs(run_dir)
                fake_cpu0 = ctx.fake.cpu_seconds()
                records, seconds, rss, cpu, db, extra = PIPELINES[p](ctx, run_dir)
                fake_cpu = ctx.fake.cpu_seconds() - fake_cpu0
                contacts, raws = count_rows(db)
                if records != ctx.records or contacts != ctx.records or raws != ctx.records:
                    sys.exit(f"{p}: expected {ctx.records} records, got {records} reported, "
                             f"{contacts} contact rows, {raws} raw_records rows")
                r = {"recps": records / seconds, "seconds": seconds, "rss": rss,
                     "cpu_share": cpu / seconds, "fake_share": fake_cpu / seconds, **extra}
                results[p].append(r)
                print(f"  round {ctx.round + 1} {p:<10} {r['recps']:>10,.0f} rec/s "
                      f"{seconds:>7.2f} s  rss {rss:>6.1f} MB  cpu {r['cpu_share']:.2f}  "
                      f"fake cpu {r['fake_share']:.2f}", flush=True)
                if not args.keep:
                    shutil.rmtree(run_dir, ignore_errors=True)
    finally:
        if ctx.fake:
            ctx.fake.stop()
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
        else:
            print(f"work folder kept: {work}")

    def med(p, key):
        vals = [r[key] for r in results[p] if r.get(key) is not None]
        return statistics.median(vals) if vals else float("nan")

    print()
    print(f"{'pipeline':<10} {'records/s':>11} {'min':>9} {'max':>9} {'seconds':>8} "
          f"{'peak RSS MB':>11} {'own CPU':>8} {'fake CPU':>8}")
    for p in names:
        rs = [r["recps"] for r in results[p]]
        print(f"{p:<10} {med(p, 'recps'):>11,.0f} {min(rs):>9,.0f} {max(rs):>9,.0f} "
              f"{med(p, 'seconds'):>8.2f} {med(p, 'rss'):>11.1f} {med(p, 'cpu_share'):>8.2f} "
              f"{med(p, 'fake_share'):>8.2f}")
    print("(own CPU / fake CPU: CPU seconds of the pipeline's processes / of tempo-fakeapi per "
          "second of the run; 1.0 = one core busy)")
    if "tempo" in results:
        wait = med("tempo", "rate_wait_s")
        dur = med("tempo", "duration_s")
        busy = [ctx.records / (r["duration_s"] - r["rate_wait_s"]) for r in results["tempo"]
                if r["duration_s"] > r["rate_wait_s"]]
        print(f"tempo: run duration {dur:.2f} s of which {wait:.2f} s waiting for the rate budget "
              f"(requests_per_10s={args.requests_per_10s}); commits {med('tempo', 'commits'):.0f}; "
              f"records / (duration - rate wait) = "
              f"{statistics.median(busy) if busy else float('nan'):,.0f} rec/s")

    tempo = med("tempo", "recps") if "tempo" in results else float("nan")
    ref = med("singer", "recps") if "singer" in results else float("nan")
    ceiling = med("ceiling", "recps") if "ceiling" in results else float("nan")
    rss = med("tempo", "rss") if "tempo" in results else float("nan")
    ratio = tempo / ref if ref == ref and ref > 0 else float("nan")
    inproc = med("inprocess", "recps") if "inprocess" in results else float("nan")
    ceiling1 = med("ceiling1", "recps") if "ceiling1" in results else float("nan")
    print(f"BENCH_DETAIL inprocess_recps={inproc:.0f} ceiling1_recps={ceiling1:.0f} "
          f"records={ctx.records} runs={args.runs}")
    print(f"BENCH tempo_recps={tempo:.0f} reference_recps={ref:.0f} ratio={ratio:.2f} "
          f"ceiling_recps={ceiling:.0f} peak_rss_mb={rss:.1f}")


if __name__ == "__main__":
    main()
