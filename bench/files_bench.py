#!/usr/bin/env python3
"""Files benchmark: the `file` connector loading a large overlap export (issue 17).

Data: bench/files_data.py, N overlap-shaped rows (15 columns, quoted fields, UTF-8) as a CSV
file and as a JSON Lines file, generated once per size into --data (deterministic, reused).

Per round, alternately, each into a fresh folder:
  tempo       `tempo sync` of the CSV into a fresh store (connection `files`, stream `overlaps`,
              entity `overlap`, 11 mapped columns, keep_raw on: the defaults a user gets);
  reimport    `tempo sync` again into that store, the file untouched (the mtime incremental
              skips it);
  retouched   `tempo sync` again after the file's mtime moved forward with the same bytes (a
              re-download of the same export): the BENCH line's re-import;
  jsonl       `tempo sync` of the JSON Lines file into a fresh store;
  import      sqlite3's own `.import --csv` into a table of the CSV's 15 columns with the same
              indexes as `overlap` (unique id, account_domain) and Tempo's pragmas: the ceiling
              (plain inserts, one transaction, no upsert, no provenance, no raw JSON);
  python      bench/reference/load_csv.py: csv + executemany upserts into the DDL of a store
              Tempo created (what an analyst would write; no raw JSON).
Each run's table must end with exactly N live rows. Peak RSS is ru_maxrss (wait4) of the
process; at the other --sizes only `tempo` runs (peak RSS must stay flat as N grows).

Records/s is N over the wall time around the process. Every run prints the 1-minute load
average before it (/proc/loadavg) and "other CPU": the CPU seconds other processes of the
machine used per wall second of the run (1.0 = one core busy with other work).

Last line (medians over --runs rounds at --rows):
  BENCH_FILES tempo_rps=T import_rps=I python_rps=P reimport_ratio=R peak_rss_mb=M
reimport_ratio is the first import's wall time over the `retouched` re-import's; peak_rss_mb
the largest peak of every tempo run at every size.
"""
import argparse
import os
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time

import files_data
import harness
from load_csv import MAPPING  # bench/reference: the columns both loaders map

HERE = os.path.dirname(os.path.abspath(__file__))
STORE_PRAGMAS = ("PRAGMA page_size=8192; PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; "
                 "PRAGMA cache_size=-32768; PRAGMA temp_store=MEMORY;")


def write_config(path, plugin_dir, data_path):
    cols = ", ".join(f"{k}: {v}" for k, v in MAPPING.items())
    with open(path, "w") as f:
        f.write("store:\n  path: tempo.db\n"
                f"plugins:\n  path: [{plugin_dir}]\n"
                "connections:\n  - name: files\n    plugin: file\n    config:\n"
                "      streams:\n        - name: overlaps\n"
                f"          path: {data_path}\n          entity: overlap\n"
                "          id: overlap_id\n          updated_at: updated_at\n"
                f"          columns: {{{cols}}}\n")


def live_rows(db_path, table="overlap"):
    db = sqlite3.connect(db_path)
    try:
        where = " WHERE deleted_at IS NULL" if table == "overlap" else ""
        return db.execute(f"SELECT COUNT(*) FROM {table}{where}").fetchone()[0]
    finally:
        db.close()


def timed(cmd, stdin=None, cwd=None):
    """Runs cmd; returns (wall s, peak RSS MB, other CPU, stdout). Fails loudly on failure."""
    load = os.getloadavg()[0]
    busy0 = harness.busy_cpu_seconds()
    start = time.monotonic()
    err = tempfile.TemporaryFile()
    proc = subprocess.Popen(cmd, stdin=subprocess.PIPE if stdin is not None else None,
                            stdout=subprocess.PIPE, stderr=err, cwd=cwd)
    if stdin is not None:
        proc.stdin.write(stdin)
        proc.stdin.close()
    out = proc.stdout.read()
    rc, usage = harness.wait_rusage(proc)
    wall = time.monotonic() - start
    if rc != 0:
        err.seek(0)
        harness.fail(f"{' '.join(cmd[:3])} failed ({rc}): {err.read().decode(errors='replace')[-2000:]}")
    own = usage.ru_utime + usage.ru_stime
    other = max(0.0, (harness.busy_cpu_seconds() - busy0 - own) / wall)
    return {"wall": wall, "rss": usage.ru_maxrss / 1024.0, "other": other, "load": load,
            "cpu": own / wall, "out": out}


def tempo_sync(build, work):
    cfg = os.path.join(work, "tempo.yaml")
    r = timed([build.tempo, "-q", "-c", cfg, "sync", "files", "--json"])
    r["summary"] = harness.json.loads(r["out"])
    return r


def sqlite_import(csv_path, work, n):
    db = os.path.join(work, "import.db")
    cols = ", ".join(f"{c} TEXT" for c in files_data.COLUMNS)
    script = (f"{STORE_PRAGMAS}\nCREATE TABLE overlap_import ({cols});\n"
              "CREATE UNIQUE INDEX overlap_import_id ON overlap_import(overlap_id);\n"
              "CREATE INDEX overlap_import_domain ON overlap_import(account_domain);\n"
              f".import --csv --skip 1 {csv_path} overlap_import\n")
    r = timed(["sqlite3", "-batch", db], stdin=script.encode())
    got = live_rows(db, "overlap_import")
    if got != n:
        harness.fail(f".import: {got} rows, expected {n}")
    return r


def python_load(csv_path, work, ddl, n):
    db_path = os.path.join(work, "python.db")
    db = sqlite3.connect(db_path)
    db.executescript("PRAGMA page_size=8192; PRAGMA journal_mode=WAL;")
    for stmt in ddl:
        db.execute(stmt)
    db.commit()
    db.close()
    r = timed([sys.executable, os.path.join(HERE, "reference", "load_csv.py"), db_path, csv_path])
    got = live_rows(db_path)
    if got != n:
        harness.fail(f"python loader: {got} rows, expected {n}")
    return r


def overlap_ddl(db_path):
    db = sqlite3.connect(db_path)
    try:
        return [row[0] for row in db.execute(
            "SELECT sql FROM sqlite_master WHERE tbl_name = 'overlap' AND sql IS NOT NULL "
            "ORDER BY type DESC")]  # the table first, then its indexes
    finally:
        db.close()


def tempo_fresh(build, work, data_path, n, what):
    os.makedirs(work)
    write_config(os.path.join(work, "tempo.yaml"), build.plugin_dir, data_path)
    r = tempo_sync(build, work)
    got = live_rows(os.path.join(work, "tempo.db"))
    if got != n or r["summary"]["records"] != n:
        harness.fail(f"{what}: {got} live overlap rows, {r['summary']['records']} records; "
                     f"expected {n}")
    return r


def show(name, r, n):
    extra = ""
    if "summary" in r:
        extra = f"  records {r['summary']['records']:>8}  commits {r['summary'].get('commits', 0)}"
    print(f"    {name:<10} {n / r['wall']:>10,.0f} rows/s {r['wall']:>7.2f} s  rss "
          f"{r['rss']:>6.1f} MB  cpu {r['cpu']:.2f}  other cpu {r['other']:.2f}  load "
          f"{r['load']:.2f}{extra}", flush=True)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--build", default="build-release")
    ap.add_argument("--rows", type=int, default=1000000, help="the compared size")
    ap.add_argument("--sizes", default="100000",
                    help="other sizes for the peak RSS check (tempo only), comma-separated")
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--data", default=os.path.join(tempfile.gettempdir(), "tempo-bench-files"),
                    help="where the generated files are kept between runs")
    ap.add_argument("--keep", action="store_true", help="keep the work folder")
    args = ap.parse_args()
    build = harness.Build(args.build)
    if not os.access(build.tempo, os.X_OK):
        sys.exit(f"{build.tempo} is missing: build the tempo target")
    if not os.path.exists(os.path.join(build.plugin_dir, "tempo_file.so")):
        sys.exit(f"{build.plugin_dir}/tempo_file.so is missing: build the file plugin")
    n = args.rows
    sizes = [int(s) for s in args.sizes.split(",") if s and int(s) != n]

    print(f"files: {harness.machine_line()}, load {open('/proc/loadavg').read().strip()}")
    start = time.monotonic()
    csv_path, jsonl_path = files_data.write(n, args.data)
    print(f"  data: {csv_path} ({os.path.getsize(csv_path) / 1e6:.0f} MB), {jsonl_path} "
          f"({os.path.getsize(jsonl_path) / 1e6:.0f} MB), ready in {time.monotonic() - start:.1f} s",
          flush=True)
    work = tempfile.mkdtemp(prefix="tempo-bench-files-")
    results = {k: [] for k in ("tempo", "reimport", "retouched", "jsonl", "import", "python")}
    rss_by_size = {}
    try:
        for i in range(args.runs):
            print(f"  round {i + 1}", flush=True)
            d = os.path.join(work, f"csv-{i}")
            r = tempo_fresh(build, d, csv_path, n, f"tempo, round {i + 1}")
            results["tempo"].append(r)
            show("tempo", r, n)
            r = tempo_sync(build, d)
            results["reimport"].append(r)
            show("reimport", r, n)
            now = time.time_ns()
            os.utime(csv_path, ns=(now, now))
            r = tempo_sync(build, d)
            if live_rows(os.path.join(d, "tempo.db")) != n:
                harness.fail("retouched: the store no longer holds every row once")
            results["retouched"].append(r)
            show("retouched", r, n)
            ddl = overlap_ddl(os.path.join(d, "tempo.db"))
            if not args.keep:
                shutil.rmtree(d, ignore_errors=True)
            d = os.path.join(work, f"jsonl-{i}")
            r = tempo_fresh(build, d, jsonl_path, n, f"jsonl, round {i + 1}")
            results["jsonl"].append(r)
            show("jsonl", r, n)
            d = os.path.join(work, f"ref-{i}")
            os.makedirs(d)
            r = sqlite_import(csv_path, d, n)
            results["import"].append(r)
            show("import", r, n)
            r = python_load(csv_path, d, ddl, n)
            results["python"].append(r)
            show("python", r, n)
            if not args.keep:
                shutil.rmtree(os.path.join(work, f"jsonl-{i}"), ignore_errors=True)
                shutil.rmtree(d, ignore_errors=True)
        rss_by_size[n] = max(r["rss"] for r in results["tempo"] + results["jsonl"] +
                             results["reimport"] + results["retouched"])
        for size in sizes:
            path, _ = files_data.write(size, args.data)
            peaks = []
            for i in range(args.runs):
                d = os.path.join(work, f"size-{size}-{i}")
                r = tempo_fresh(build, d, path, size, f"{size} rows, run {i + 1}")
                show(f"{size // 1000}k", r, size)
                peaks.append(r["rss"])
                if not args.keep:
                    shutil.rmtree(d, ignore_errors=True)
            rss_by_size[size] = max(peaks)
    finally:
        if args.keep:
            print(f"work folder kept: {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)

    def med(key, field="wall"):
        return statistics.median(r[field] for r in results[key])

    print()
    print(f"{'run':<10} {'rows/s':>10} {'min':>10} {'max':>10} {'seconds':>8} {'RSS MB':>7} "
          f"{'own CPU':>8} {'other CPU':>9} {'load':>5}")
    for key, rs in results.items():
        rates = [n / r["wall"] for r in rs]
        print(f"{key:<10} {n / med(key):>10,.0f} {min(rates):>10,.0f} {max(rates):>10,.0f} "
              f"{med(key):>8.2f} {med(key, 'rss'):>7.1f} {med(key, 'cpu'):>8.2f} "
              f"{med(key, 'other'):>9.2f} {med(key, 'load'):>5.2f}")
    print("peak RSS of tempo by size: " +
          ", ".join(f"{s:,} rows {m:.1f} MB" for s, m in sorted(rss_by_size.items())))
    tempo_rps, import_rps, python_rps = n / med("tempo"), n / med("import"), n / med("python")
    ratio = med("tempo") / med("retouched")
    peak = max(rss_by_size.values())
    print(f"targets: tempo/import {tempo_rps / import_rps:.2f} (>= 0.70), tempo/python "
          f"{tempo_rps / python_rps:.2f} (>= 5), re-import {ratio:.1f}x faster (>= 10), "
          f"peak RSS {peak:.1f} MB (<= 64, flat)")
    print(f"BENCH_FILES tempo_rps={tempo_rps:.0f} import_rps={import_rps:.0f} "
          f"python_rps={python_rps:.0f} reimport_ratio={ratio:.2f} peak_rss_mb={peak:.1f}")


if __name__ == "__main__":
    main()
