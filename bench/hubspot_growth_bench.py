#!/usr/bin/env python3
"""Growth benchmark: `tempo sync` of HubSpot contacts at several sizes (records/s, peak RSS).

For each size N (--sizes, default 100,000, 1,000,000 and 3,000,000) one tempo-fakeapi process
at --scale N/5 serves --runs runs of `tempo sync crm` with the end-to-end benchmark's config
(bench/hubspot_e2e_bench.py: the hubspot connector's contacts stream, full refresh, raw JSON
kept, 100-record pages, requests_per_10s 0 = no client-side rate budget), each into a fresh
store. The fake's start-up (building its dataset) is timed and reported, never counted.
After every run the store must hold exactly N live contact rows and N raw_records rows.

Records/s is N over the wall time around the tempo process (start-up and the final commit
included); peak RSS is ru_maxrss from wait4. The target is a flat peak RSS, at most
--rss-limit-mb (64) at every size: the engine streams records into the store.

Last line:
  BENCH_GROWTH n=100000 recps=R rss_mb=X n=1000000 recps=R rss_mb=X ...
with recps the median over the runs and rss_mb the largest peak RSS of the runs at that size.
"""
import argparse
import os
import shutil
import statistics
import sys
import tempfile

import harness


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--build", default="build-release")
    ap.add_argument("--sizes", default="100000,1000000,3000000",
                    help="comma-separated record counts (each rounded up to a multiple of 5)")
    ap.add_argument("--runs", type=int, default=3, help="runs per size")
    ap.add_argument("--seed", type=int, default=42)
    ap.add_argument("--requests-per-10s", type=int, default=0,
                    help="the hubspot connector's rate budget; 0 (the default): none")
    ap.add_argument("--rss-limit-mb", type=float, default=64.0,
                    help="the peak-RSS target every size must meet")
    ap.add_argument("--keep", action="store_true", help="keep the work folder")
    args = ap.parse_args()
    try:
        sizes = [int(s) for s in args.sizes.split(",") if s]
    except ValueError:
        sys.exit(f"--sizes must be comma-separated integers, not {args.sizes!r}")
    if not sizes or min(sizes) < 1 or args.runs < 1:
        sys.exit("--sizes needs positive sizes and --runs at least 1")

    build = harness.Build(args.build)
    build.require("tempo", "fakeapi")
    print(f"hubspot contacts growth: sizes {', '.join(f'{n:,}' for n in sizes)}; full refresh, "
          f"pages of 100, raw JSON kept, requests_per_10s={args.requests_per_10s}; median of "
          f"{args.runs} runs per size; {harness.machine_line()}; load {harness.load1():.2f}",
          flush=True)
    work = tempfile.mkdtemp(prefix="tempo-growth-bench-")
    rows = []
    try:
        for size in sizes:
            scale = (size + 4) // 5
            fake = harness.Fake(build.fakeapi, args.seed, scale,
                                os.path.join(work, f"fakeapi-{size}.log"))
            try:
                records = fake.contacts()
                print(f"  {records:,} records: tempo-fakeapi --scale {scale} started in "
                      f"{fake.start_seconds:.2f} s (not counted), RSS {fake.rss_mb():.0f} MB",
                      flush=True)
                runs = []
                for i in range(args.runs):
                    run_dir = os.path.join(work, f"{size}-{i}")
                    os.makedirs(run_dir)
                    cfg = os.path.join(run_dir, "tempo.yaml")
                    harness.write_tempo_config(cfg, build.plugin_dir, fake.base_url,
                                               args.requests_per_10s)
                    busy0, fake_cpu0 = harness.busy_cpu_seconds(), fake.cpu_seconds()
                    run = harness.run_tempo_sync(build.tempo, cfg, run_dir)
                    fake_cpu = fake.cpu_seconds() - fake_cpu0
                    other = (harness.busy_cpu_seconds() - busy0 - fake_cpu - run["cpu_s"]) / \
                        run["wall"]
                    summary = run["summary"]
                    if summary["records"] != records:
                        harness.fail(f"{records:,} records: tempo reported {summary['records']}")
                    harness.check_rows(os.path.join(run_dir, "tempo.db"), records,
                                       f"{records:,} records, run {i + 1}")
                    r = {"recps": records / run["wall"], "wall": run["wall"],
                         "rss": run["rss_mb"], "cpu": run["cpu_s"] / run["wall"],
                         "fake_cpu": fake_cpu / run["wall"], "other": max(0.0, other),
                         "commits": summary.get("commits", 0),
                         "wait": summary.get("rate_limit_wait_ms", 0) / 1000.0}
                    runs.append(r)
                    print(f"    run {i + 1}: {r['recps']:>9,.0f} rec/s {r['wall']:>7.2f} s  "
                          f"rss {r['rss']:>5.1f} MB  cpu {r['cpu']:.2f}  fake cpu "
                          f"{r['fake_cpu']:.2f}  other cpu {r['other']:.2f}  commits {r['commits']}",
                          flush=True)
                    if not args.keep:
                        shutil.rmtree(run_dir, ignore_errors=True)
            finally:
                fake.stop()

            def med(key, runs=runs):
                return statistics.median(r[key] for r in runs)

            rows.append({"n": records, "recps": med("recps"),
                         "min": min(r["recps"] for r in runs),
                         "max": max(r["recps"] for r in runs), "wall": med("wall"),
                         "rss_med": med("rss"), "rss_max": max(r["rss"] for r in runs),
                         "cpu": med("cpu"), "fake_cpu": med("fake_cpu"),
                         "fake_start": fake.start_seconds, "other": med("other"),
                         "wait": med("wait")})
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
        else:
            print(f"work folder kept: {work}")

    print()
    print(f"{'records':>10} {'records/s':>10} {'min':>9} {'max':>9} {'seconds':>8} "
          f"{'RSS MB':>7} {'RSS max':>8} {'own CPU':>8} {'fake CPU':>8} {'fake start s':>12} "
          f"{'other CPU':>9}")
    for r in rows:
        print(f"{r['n']:>10,} {r['recps']:>10,.0f} {r['min']:>9,.0f} {r['max']:>9,.0f} "
              f"{r['wall']:>8.2f} {r['rss_med']:>7.1f} {r['rss_max']:>8.1f} {r['cpu']:>8.2f} "
              f"{r['fake_cpu']:>8.2f} {r['fake_start']:>12.2f} {r['other']:>9.2f}")
    print("(records/s, seconds, RSS MB, CPU: medians; RSS max: the largest peak of the runs; "
          "own CPU / fake CPU / other CPU: CPU seconds per wall second of tempo, of "
          "tempo-fakeapi and of every other process on the machine (other jobs), 1.0 = one "
          "core)")
    if any(r["wait"] > 0 for r in rows):
        print("note: some runs waited for the rate budget (--requests-per-10s)")
    worst = max(r["rss_max"] for r in rows)
    spread = worst - min(r["rss_max"] for r in rows)
    verdict = "met" if worst <= args.rss_limit_mb else "MISSED"
    print(f"peak RSS target (<= {args.rss_limit_mb:.0f} MB at every size): {verdict}; largest "
          f"{worst:.1f} MB, spread across sizes {spread:.1f} MB")
    print("BENCH_GROWTH " + " ".join(f"n={r['n']} recps={r['recps']:.0f} rss_mb={r['rss_max']:.1f}"
                                     for r in rows))


if __name__ == "__main__":
    main()
