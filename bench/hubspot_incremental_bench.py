#!/usr/bin/env python3
"""Incremental benchmark: after a full sync of N contacts, change 1 % and sync incrementally.

Each round, against one tempo-fakeapi process at --scale N/5:
  1. full sync: `tempo sync crm` into a fresh store with the end-to-end benchmark's config
     (bench/hubspot_e2e_bench.py: contacts, full refresh, raw JSON kept, requests_per_10s 0);
     the store must then hold N live contact rows and N raw_records rows;
  2. change --touch-percent (1 %) of the contacts through the fake's control API
     (POST /_admin/dataset/touch?entity=contacts&first=R&count=C&at=MS): --touch-blocks runs of
     contiguous rows, one at a seeded random place in each of --touch-blocks equal slices of
     the id range, each run with its own modification time (1 ms apart, newer than any
     before); touching bumps lastmodifieddate and the contact's title (not timed);
  3. incremental sync: the same config with `mode: incremental` and the connector's search
     pacing `search_requests_per_second` at --search-rps (default 1000, its schema's maximum;
     the connector's default is 4, HubSpot's real limit): POST .../contacts/search on
     lastmodifieddate from the stored cursor, then the archived list;
  4. checks: still N live contact rows and N raw_records rows; exactly the touched contacts
     carry the incremental run's sync_run_id, each with the lastmodifieddate it was touched
     at as source_updated_at; the run's sync_runs row succeeded.
The incremental run is logged with -v, so its time can be split by the log's millisecond
timestamps: start-up (process start to "reading"), HTTP time per request (request line to
response line), the engine's work between requests (parsing, upserts, checkpoints, search
pacing), the finish (last response to the stream's summary line: flush and commit) and exit.

Last line (medians over --runs rounds):
  BENCH_INCREMENTAL n=N touched=K full_s=F incr_s=I pct=P requests=R
with pct = 100 x incremental wall time / full sync wall time (target <= 3).
"""
import argparse
import datetime
import os
import random
import re
import shutil
import sqlite3
import statistics
import sys
import tempfile
import time

import harness

LOG_LINE = re.compile(r"^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3})Z (\w+) (.*)$")


def log_time(stamp):
    return datetime.datetime.strptime(stamp, "%Y-%m-%dT%H:%M:%S.%f").replace(
        tzinfo=datetime.timezone.utc).timestamp()


def timeline(run):
    """Splits a verbose tempo run's wall time by its log (see the module comment)."""
    requests = []  # (kind, seconds)
    t_read = t_done = t_last = None
    pending = None
    with open(run["stderr"], errors="replace") as f:
        for line in f:
            m = LOG_LINE.match(line.rstrip("\n"))
            if not m:
                continue
            t, text = log_time(m.group(1)), m.group(3)
            if "': reading (" in text and t_read is None:
                t_read = t
            elif ": headers " in text:
                kind = "search" if "/search:" in text else \
                    "archived list" if "archived=true" in text else "list"
                pending = (kind, t)
            elif re.search(r": HTTP \d+, \d+ bytes in ", text) and pending:
                requests.append((pending[0], t - pending[1]))
                t_last = t
                pending = None
            elif re.search(r"': \d+ records, \d+ rejects, \d+ deletes", text):
                t_done = t
    if t_read is None or t_done is None or not requests:
        harness.fail(f"cannot read the timeline of the incremental run from {run['stderr']}")
    http = sum(s for _, s in requests)
    searches = [s for k, s in requests if k == "search"]
    return {
        "startup": max(0.0, t_read - run["started"]),
        "first_search": searches[0] if searches else 0.0,
        "other_searches": sum(searches[1:]),
        "archived": sum(s for k, s in requests if k != "search"),
        "between": max(0.0, (t_last - t_read) - http),
        "finish": max(0.0, t_done - t_last),
        "exit": max(0.0, run["ended"] - t_done),
        "n_search": len(searches), "n_other": len(requests) - len(searches),
    }


def touch(fake, records, percent, blocks, rng):
    """Touches about `percent` % of the contacts as `blocks` runs spread over the id range.
    Returns ({source id: expected source_updated_at}, seconds the API calls took)."""
    want = max(1, round(records * percent / 100.0))
    blocks = max(1, min(blocks, want))
    slice_len = records // blocks
    base_ms = int(time.time() * 1000) + 1000
    expected = {}
    start = time.monotonic()
    for b in range(blocks):
        count = want // blocks + (1 if b < want % blocks else 0)
        if count > slice_len:
            harness.fail(f"--touch-blocks {blocks} is too few for {want} records")
        first = b * slice_len + rng.randrange(slice_len - count + 1)
        answer = fake.admin("POST", "/dataset/touch", {"entity": "contacts", "first": first,
                                                        "count": count, "at": base_ms + b})
        if answer.get("count") != count:
            harness.fail(f"the fake touched {answer} instead of {count} rows at {first}")
        for row in range(first, first + count):
            expected[str(harness.CONTACT_ID_BASE + row)] = answer["at"]
    return expected, time.monotonic() - start


def check_incremental(db_path, records, run_id, expected):
    harness.check_rows(db_path, records, "after the incremental sync")
    db = sqlite3.connect(db_path)
    try:
        got = dict(db.execute("SELECT source_id, source_updated_at FROM contact "
                              "WHERE connection = 'crm' AND sync_run_id = ?", (run_id,)))
        run_row = db.execute("SELECT status, requests, records, pages, commits, duration_ms "
                             "FROM sync_runs WHERE id = ?", (run_id,)).fetchone()
    finally:
        db.close()
    if got != expected:
        missing = [k for k in expected if k not in got][:5]
        extra = [k for k in got if k not in expected][:5]
        wrong = [(k, got[k], v) for k, v in expected.items() if k in got and got[k] != v][:5]
        harness.fail(f"incremental run {run_id}: {len(got)} rows carry it, {len(expected)} were "
                     f"touched; missing {missing}, not touched {extra}, wrong "
                     f"source_updated_at (id, got, want) {wrong}")
    if not run_row or run_row[0] != "succeeded":
        harness.fail(f"sync_runs row {run_id}: {run_row}")
    return {"requests": run_row[1], "records": run_row[2], "pages": run_row[3],
            "commits": run_row[4], "duration_s": (run_row[5] or 0) / 1000.0}


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--build", default="build-release")
    ap.add_argument("--records", type=int, default=1000000,
                    help="contacts (rounded up to a multiple of 5)")
    ap.add_argument("--runs", type=int, default=3, help="rounds (full sync, touch, incremental)")
    ap.add_argument("--seed", type=int, default=42, help="the fake's dataset seed")
    ap.add_argument("--touch-seed", type=int, default=7, help="seed of the touched rows")
    ap.add_argument("--touch-percent", type=float, default=1.0)
    ap.add_argument("--touch-blocks", type=int, default=1000,
                    help="runs of contiguous touched rows, each with its own timestamp")
    ap.add_argument("--search-rps", type=float, default=1000,
                    help="the connector's search_requests_per_second (schema maximum 1000, "
                         "default 4)")
    ap.add_argument("--requests-per-10s", type=int, default=0,
                    help="the hubspot connector's rate budget; 0 (the default): none")
    ap.add_argument("--target-pct", type=float, default=3.0)
    ap.add_argument("--keep", action="store_true", help="keep the work folder")
    args = ap.parse_args()
    if args.runs < 1 or args.records < 5 or not 0 < args.touch_percent <= 100:
        sys.exit("--runs >= 1, --records >= 5 and 0 < --touch-percent <= 100, please")

    build = harness.Build(args.build)
    build.require("tempo", "fakeapi")
    work = tempfile.mkdtemp(prefix="tempo-incremental-bench-")
    rng = random.Random(args.touch_seed)
    rounds = []
    fake = None
    try:
        fake = harness.Fake(build.fakeapi, args.seed, (args.records + 4) // 5,
                            os.path.join(work, "fakeapi.log"))
        records = fake.contacts()
        print(f"hubspot contacts incremental: {records:,} records, full sync then "
              f"{args.touch_percent:g} % touched in {args.touch_blocks} runs, "
              f"search_requests_per_second={args.search_rps:g}, "
              f"requests_per_10s={args.requests_per_10s}; median of {args.runs} rounds; "
              f"{harness.machine_line()}; load {harness.load1():.2f}; tempo-fakeapi started "
              f"in {fake.start_seconds:.2f} s (not counted)", flush=True)
        for i in range(args.runs):
            run_dir = os.path.join(work, f"round-{i}")
            os.makedirs(run_dir)
            cfg = os.path.join(run_dir, "tempo.yaml")
            db_path = os.path.join(run_dir, "tempo.db")
            harness.write_tempo_config(cfg, build.plugin_dir, fake.base_url,
                                       args.requests_per_10s)
            busy0, fake0 = harness.busy_cpu_seconds(), fake.cpu_seconds()
            full = harness.run_tempo_sync(build.tempo, cfg, run_dir)
            other_full = (harness.busy_cpu_seconds() - busy0 - full["cpu_s"] -
                          (fake.cpu_seconds() - fake0)) / full["wall"]
            if full["summary"]["records"] != records:
                harness.fail(f"full sync: tempo reported {full['summary']['records']} records")
            harness.check_rows(db_path, records, f"round {i + 1}, after the full sync")

            expected, touch_s = touch(fake, records, args.touch_percent, args.touch_blocks, rng)
            fake.admin("DELETE", "/requests")
            harness.write_tempo_config(cfg, build.plugin_dir, fake.base_url,
                                       args.requests_per_10s, mode="incremental",
                                       extra={"search_requests_per_second": args.search_rps})
            busy0, fake0 = harness.busy_cpu_seconds(), fake.cpu_seconds()
            inc = harness.run_tempo_sync(build.tempo, cfg, run_dir, verbose=True)
            fake_cpu = fake.cpu_seconds() - fake0
            other_inc = (harness.busy_cpu_seconds() - busy0 - inc["cpu_s"] - fake_cpu) / \
                inc["wall"]
            served = fake.admin_get("/requests")
            stored = check_incremental(db_path, records, inc["summary"]["run_id"], expected)
            tl = timeline(inc)
            r = {"full_s": full["wall"], "incr_s": inc["wall"],
                 "pct": 100.0 * inc["wall"] / full["wall"], "touched": len(expected),
                 "touch_s": touch_s, "read": inc["summary"]["records"],
                 "requests": stored["requests"], "served": served.get("total", 0),
                 "pages": stored["pages"], "commits": stored["commits"],
                 "duration_s": stored["duration_s"], "cpu_s": inc["cpu_s"],
                 "fake_cpu_s": fake_cpu, "rss": inc["rss_mb"],
                 "other_full": max(0.0, other_full), "other_inc": max(0.0, other_inc), **tl}
            rounds.append(r)
            print(f"  round {i + 1}: full {r['full_s']:.2f} s, touched {r['touched']:,} in "
                  f"{touch_s:.1f} s, incremental {r['incr_s']:.3f} s = {r['pct']:.2f} % "
                  f"({r['read']:,} records read, {r['requests']} requests, {r['commits']} "
                  f"commits; other CPU {r['other_full']:.2f} / {r['other_inc']:.2f})",
                  flush=True)
            if not args.keep:
                shutil.rmtree(run_dir, ignore_errors=True)
    finally:
        if fake:
            fake.stop()
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
        else:
            print(f"work folder kept: {work}")

    def med(key):
        return statistics.median(r[key] for r in rounds)

    print()
    print(f"{'':<36} {'median':>9} {'min':>9} {'max':>9}")
    for key, label, fmt in (
            ("full_s", "full sync, s", "{:>9.2f}"), ("incr_s", "incremental sync, s", "{:>9.3f}"),
            ("pct", "incremental / full, %", "{:>9.2f}"), ("read", "records read", "{:>9,.0f}"),
            ("requests", "requests (sync_runs.requests)", "{:>9,.0f}"),
            ("commits", "commits", "{:>9,.0f}"), ("cpu_s", "tempo CPU, s", "{:>9.3f}"),
            ("fake_cpu_s", "tempo-fakeapi CPU, s", "{:>9.3f}"), ("rss", "tempo peak RSS, MB",
                                                                 "{:>9.1f}"),
            ("other_full", "other CPU during full (cores)", "{:>9.2f}"),
            ("other_inc", "other CPU during incr. (cores)", "{:>9.2f}")):
        vals = [r[key] for r in rounds]
        print(f"{label:<36} " + fmt.format(statistics.median(vals)) + " " +
              fmt.format(min(vals)) + " " + fmt.format(max(vals)))
    print()
    print("where the incremental run's time goes (medians, ms):")
    parts = (("startup", "start-up (exec, config, plugin, store open, run row)"),
             ("first_search", "first search request (HTTP)"),
             ("other_searches", f"other {round(med('n_search')) - 1} search requests (HTTP)"),
             ("archived", f"{round(med('n_other'))} archived-list request(s) (HTTP)"),
             ("between", "engine between requests (parse, upsert, checkpoint, pacing)"),
             ("finish", "finish (flush, commit, run record)"),
             ("exit", "exit"))
    for key, label in parts:
        print(f"  {label:<62} {1000 * med(key):>7.0f}")
    print(f"  {'total (wall)':<62} {1000 * med('incr_s'):>7.0f}")
    n_search = med("n_search")
    print(f"search pacing floor: (searches - 1) / rate = {1000 * (n_search - 1) / args.search_rps:.0f}"
          f" ms at {args.search_rps:g}/s; at the connector's default 4/s it would be "
          f"{(n_search - 1) / 4:.1f} s")
    verdict = "met" if med("pct") <= args.target_pct else "MISSED"
    print(f"target (incremental <= {args.target_pct:g} % of the full sync): {verdict}")
    print(f"BENCH_INCREMENTAL n={records} touched={round(med('touched'))} "
          f"full_s={med('full_s'):.2f} incr_s={med('incr_s'):.3f} pct={med('pct'):.2f} "
          f"requests={med('requests'):.0f}")


if __name__ == "__main__":
    main()
