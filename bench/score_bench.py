#!/usr/bin/env python3
"""Score benchmark: `tempo score` and `tempo report --format html` on a large store (issue 17).

The store: bench/score_data.py's CSV files (at --scales of the full size: 300 partners, 200k
accounts, 1M opportunities, 2M leads, 500k overlaps, ...) synced into a fresh store with the
`file` connector (`tempo sync crm`, timed apart, not counted), kept in --data between runs.
Per scale and round: `tempo score --as-of 2026-06-30` (read transaction, every metric, evidence,
score tables written) timed with its peak RSS, then `tempo report --format html`, then the
plain-Python reference (bench/reference/score_reference.py) over a copy of the same SQLite
file. The store's growth by the score run and the evidence rows it wrote are reported.
A score run longer than --timeout seconds, or needing more than --max-memory-gb of address
space, is stopped and reported as such (the machine is shared).

Last line (the largest scale, medians over --runs):
  BENCH_SCORE score_s=S report_s=R python_s=P speedup=X peak_rss_mb=M evidence_rows=N evidence_mb=B
"""
import argparse
import json
import os
import resource
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time

import harness
import score_data

HERE = os.path.dirname(os.path.abspath(__file__))


def timed(cmd, cwd=None, timeout=None, max_memory_gb=None):
    """(wall s, peak RSS MB, CPU s, stdout, finished) of cmd; fails loudly on failure. With
    max_memory_gb, the process's address space is limited to that (it fails if it needs more:
    then finished is False), so a run that would exhaust the shared machine stops instead."""
    start = time.monotonic()
    err = tempfile.TemporaryFile()
    out = tempfile.TemporaryFile()

    def limit():
        if max_memory_gb:
            cap = int(max_memory_gb * 2**30)
            resource.setrlimit(resource.RLIMIT_AS, (cap, cap))
    proc = subprocess.Popen(cmd, stdout=out, stderr=err, cwd=cwd, preexec_fn=limit)
    finished, usage = True, None
    while True:
        pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
        if pid != 0:
            rc = proc.returncode = os.waitstatus_to_exitcode(status)
            break
        if timeout and time.monotonic() - start > timeout:
            proc.kill()
            _, status, usage = os.wait4(proc.pid, 0)
            rc, finished = os.waitstatus_to_exitcode(status), False
            break
        time.sleep(0.05)
    rss, cpu = usage.ru_maxrss / 1024.0, usage.ru_utime + usage.ru_stime
    wall = time.monotonic() - start
    if finished and rc != 0 and max_memory_gb:
        finished = False  # out of its memory (or failed): reported, not fatal
    if finished and rc != 0:
        err.seek(0)
        harness.fail(f"{' '.join(cmd[:4])} failed ({rc}): "
                     f"{err.read().decode(errors='replace')[-2000:]}")
    out.seek(0)
    return {"wall": wall, "rss": rss, "cpu": cpu, "out": out.read(), "finished": finished}


def store_for(build, data_dir, scale):
    """The synced store of `scale` (built once: generate the CSV files, `tempo sync crm`)."""
    folder = os.path.join(data_dir, f"score-{scale}")
    db = os.path.join(folder, "tempo.db")
    if os.path.exists(os.path.join(folder, "synced")):
        return folder, db
    counts = score_data.generate(scale, folder)
    score_data.write_config(folder, build.plugin_dir)
    if os.path.exists(db):
        os.remove(db)
    r = timed([build.tempo, "-q", "-c", os.path.join(folder, "tempo.yaml"), "sync", "crm",
               "--json"])
    summary = json.loads(r["out"])
    print(f"  scale {scale}: {counts}; synced {summary['records']:,} records in "
          f"{r['wall']:.1f} s (not counted)", flush=True)
    open(os.path.join(folder, "synced"), "w").close()
    return folder, db


def evidence(db_path):
    db = sqlite3.connect(db_path)
    try:
        run = db.execute("SELECT max(id) FROM score_run").fetchone()[0]
        rows = db.execute("SELECT COUNT(*) FROM score_evidence WHERE run_id = ?",
                          (run,)).fetchone()[0]
        metrics = db.execute("SELECT COUNT(*) FROM score_metric WHERE run_id = ?",
                             (run,)).fetchone()[0]
        top = db.execute("SELECT metric, evidence_role, COUNT(*) AS n FROM score_evidence "
                         "WHERE run_id = ? GROUP BY 1, 2 ORDER BY n DESC LIMIT 6",
                         (run,)).fetchall()
        print("      evidence rows by metric and role: " +
              ", ".join(f"{m} {role} {n:,}" for m, role, n in top), flush=True)
        return rows, metrics
    finally:
        db.close()


def store_mb(db_path):
    return sum(os.path.getsize(p) for p in (db_path, db_path + "-wal")
               if os.path.exists(p)) / 1e6


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--build", default="build-release")
    ap.add_argument("--scales", default="0.1,0.5,1.0")
    ap.add_argument("--runs", type=int, default=1)
    ap.add_argument("--timeout", type=float, default=900)
    ap.add_argument("--max-memory-gb", type=float, default=6,
                    help="address-space limit of `tempo score` (the machine is shared)")
    ap.add_argument("--data", default=os.path.join(tempfile.gettempdir(), "tempo-bench-score"))
    args = ap.parse_args()
    build = harness.Build(args.build)
    if not os.access(build.tempo, os.X_OK):
        sys.exit(f"{build.tempo} is missing: build the tempo target")
    print(f"score: {harness.machine_line()}, load {open('/proc/loadavg').read().strip()}")
    rows = []
    for scale in [float(s) for s in args.scales.split(",")]:
        folder, db = store_for(build, args.data, scale)
        results = []
        for i in range(args.runs):
            work = tempfile.mkdtemp(prefix="tempo-bench-score-")
            try:
                run_db = os.path.join(work, "tempo.db")
                shutil.copy(db, run_db)
                cfg = os.path.join(work, "tempo.yaml")
                with open(os.path.join(folder, "tempo.yaml")) as src, open(cfg, "w") as dst:
                    dst.write(src.read())
                before = store_mb(run_db)
                load = os.getloadavg()[0]
                s = timed([build.tempo, "-q", "-c", cfg, "score", "--as-of",
                           score_data.AS_OF], timeout=args.timeout,
                          max_memory_gb=args.max_memory_gb)
                r = {"load": load, "score": s}
                if s["finished"]:
                    r["evidence_rows"], r["metrics"] = evidence(run_db)
                    r["evidence_mb"] = store_mb(run_db) - before
                    r["report"] = timed([build.tempo, "-q", "-c", cfg, "report", "--format",
                                         "html", "--out", os.path.join(work, "report.html")],
                                        timeout=args.timeout)
                r["python"] = timed([sys.executable,
                                     os.path.join(HERE, "reference", "score_reference.py"),
                                     run_db, score_data.AS_OF], timeout=args.timeout)
                results.append(r)
                print(f"    scale {scale} run {i + 1}: load {load:.2f}  score "
                      + (f"{s['wall']:.1f} s rss {s['rss']:.0f} MB cpu {s['cpu']:.1f} s "
                         f"evidence {r['evidence_rows']:,} rows +{r['evidence_mb']:.0f} MB, "
                         f"report {r['report']['wall']:.1f} s"
                         if s["finished"] else f"stopped after {s['wall']:.0f} s (the "
                         f"{args.timeout:.0f} s timeout or the {args.max_memory_gb} GB limit)")
                      + f"  python {r['python']['wall']:.1f} s", flush=True)
            finally:
                shutil.rmtree(work, ignore_errors=True)
        done = [r for r in results if r["score"]["finished"]]

        def med(get, rs=done):
            return statistics.median(get(r) for r in rs) if rs else float("nan")
        rows.append({"scale": scale, "score_s": med(lambda r: r["score"]["wall"]),
                     "rss": max((r["score"]["rss"] for r in done), default=float("nan")),
                     "report_s": med(lambda r: r["report"]["wall"]),
                     "python_s": med(lambda r: r["python"]["wall"], results),
                     "evidence_rows": med(lambda r: r["evidence_rows"]),
                     "evidence_mb": med(lambda r: r["evidence_mb"]),
                     "finished": len(done), "runs": len(results)})
    print()
    print(f"{'scale':>6} {'score s':>8} {'RSS MB':>7} {'report s':>9} {'python s':>9} "
          f"{'evidence rows':>14} {'evidence MB':>12}")
    for r in rows:
        print(f"{r['scale']:>6} {r['score_s']:>8.1f} {r['rss']:>7.0f} {r['report_s']:>9.1f} "
              f"{r['python_s']:>9.1f} {r['evidence_rows']:>14,.0f} {r['evidence_mb']:>12.0f}"
              + ("" if r["finished"] == r["runs"] else "  (score stopped: time or memory limit)"))
    last = rows[-1]
    print(f"BENCH_SCORE score_s={last['score_s']:.1f} report_s={last['report_s']:.1f} "
          f"python_s={last['python_s']:.1f} speedup={last['python_s'] / last['score_s']:.2f} "
          f"peak_rss_mb={last['rss']:.0f} evidence_rows={last['evidence_rows']:.0f} "
          f"evidence_mb={last['evidence_mb']:.0f}")


if __name__ == "__main__":
    main()
