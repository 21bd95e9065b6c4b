"""Shared parts of the HubSpot benchmarks (bench/hubspot_*_bench.py, bench/upserts_bench.py).

One place for: the fake server as a child process (start-up timed, CPU and admin API), the
`tempo sync` config the benchmarks write and the run itself (wall time, peak RSS from wait4,
the run's JSON summary), the store checks every harness runs after each run, the ceiling's
template file, and the machine/load line every report starts with.
"""
import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
import urllib.parse
import urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "reference"))
import common  # noqa: E402

TOKEN = "pat-na1-7e3c2a90-0000-4000-8000-000000000042"  # the fake's private-app token
CONTACT_ID_BASE = 1000001  # the fake's HubSpot contact id of row 0 (docs/fake-api.md)


def fail(message):
    """Stops the benchmark loudly; the callers' `finally` blocks stop processes, remove files."""
    raise SystemExit(f"BENCH FAILED: {message}")


class Build:
    """The binaries of a build folder; exits naming what is missing."""

    def __init__(self, build):
        build = os.path.abspath(build)
        self.tempo = os.path.join(build, "bin", "tempo")
        self.fakeapi = os.path.join(build, "bin", "tempo-fakeapi")
        self.ceiling = os.path.join(build, "bin", "tempo-bench-ceiling")
        self.plugin_dir = os.path.join(build, "plugins")

    def require(self, *names):
        for name in names:
            path = getattr(self, name)
            if not os.access(path, os.X_OK):
                sys.exit(f"{path} is missing: build the tempo, tempo-fakeapi, tempo-bench-ceiling "
                         "and tempo_plugin_hubspot targets (with -DTEMPO_BUILD_TESTS=ON) first")
        if "tempo" in names and not os.path.exists(os.path.join(self.plugin_dir,
                                                                "tempo_hubspot.so")):
            sys.exit(f"{self.plugin_dir}/tempo_hubspot.so is missing: build the hubspot plugin")


def machine_line():
    cpu_model = "?"
    with open("/proc/cpuinfo") as f:
        for line in f:
            if line.startswith("model name"):
                cpu_model = line.split(":", 1)[1].strip()
                break
    return f"{os.cpu_count()} cores, {cpu_model}"


def load1():
    """The 1-minute load average (it includes the benchmark's own processes)."""
    return os.getloadavg()[0]


def busy_cpu_seconds():
    """CPU seconds all processes of the machine have spent so far (/proc/stat). Taken around
    a run, minus the run's own processes' CPU, it is what other jobs took meanwhile: the
    benchmarks report it as "other CPU" (cores busy with other work, 1.0 = one core)."""
    with open("/proc/stat") as f:
        fields = f.readline().split()
    user, nice, system, _idle, _iowait, irq, softirq, steal = (int(x) for x in fields[1:9])
    return (user + nice + system + irq + softirq + steal) / os.sysconf("SC_CLK_TCK")


class Fake:
    """tempo-fakeapi as a child process; `start_seconds` is its start-up (dataset build)."""

    def __init__(self, binary, seed, scale, log_path):
        self.log = open(log_path, "wb")
        start = time.monotonic()
        self.proc = subprocess.Popen([binary, "--seed", str(seed), "--scale", str(scale)],
                                     stdout=subprocess.PIPE, stderr=self.log)
        line = self.proc.stdout.readline().decode().strip()
        if not line.startswith("listening on "):
            self.stop()
            fail(f"tempo-fakeapi did not start: {line!r} (see {log_path})")
        self.url = line[len("listening on "):]
        self.base_url = self.url + "/hubspot"
        self.dataset = self.admin_get("/dataset")  # answers once the dataset is served
        self.start_seconds = time.monotonic() - start

    def cpu_seconds(self):
        with open(f"/proc/{self.proc.pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def rss_mb(self):
        with open(f"/proc/{self.proc.pid}/status") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024.0
        return float("nan")

    def admin_get(self, path):
        with urllib.request.urlopen(self.url + "/_admin" + path, timeout=60) as r:
            return json.load(r)

    def admin(self, method, path, params=None):
        url = self.url + "/_admin" + path
        if params:
            url += "?" + urllib.parse.urlencode(params)
        req = urllib.request.Request(url, data=b"" if method == "POST" else None, method=method)
        with urllib.request.urlopen(req, timeout=120) as r:
            body = r.read()
        return json.loads(body) if body else {}

    def contacts(self):
        d = self.admin_get("/dataset")
        return int(d.get("counts", d)["contacts"])

    def stop(self):
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.log.close()


def wait_rusage(proc):
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    return proc.returncode, usage


def count_rows(db_path):
    """(live contact rows, raw_records rows) of a store."""
    db = sqlite3.connect(db_path)
    try:
        c = db.execute("SELECT COUNT(*) FROM contact WHERE deleted_at IS NULL").fetchone()[0]
        r = db.execute("SELECT COUNT(*) FROM raw_records").fetchone()[0]
        return c, r
    finally:
        db.close()


def check_rows(db_path, expected, what):
    """Fails unless the store holds exactly `expected` live contact and raw_records rows."""
    contacts, raws = count_rows(db_path)
    if contacts != expected or raws != expected:
        fail(f"{what}: expected {expected} rows, the store has {contacts} live contact rows and "
             f"{raws} raw_records rows")


def write_tempo_config(path, plugin_dir, base_url, requests_per_10s, mode="full_refresh",
                       extra=None):
    """The e2e benchmark's config: connection `crm`, hubspot contacts, raw JSON kept, the store
    `tempo.db` next to the config, the 15 contact properties of common.PROPERTIES (the
    connector's 8 plus `extra_properties`). `extra` adds connector config keys."""
    lines = ["store:", "  path: tempo.db", "plugins:", f"  path: [{plugin_dir}]",
             "connections:", "  - name: crm", "    plugin: hubspot", "    keep_raw: true",
             "    streams:", f"      - {{name: contacts, mode: {mode}}}", "    config:",
             f"      base_url: {base_url}", f"      access_token: {TOKEN}",
             "      portal_id: bench", f"      requests_per_10s: {requests_per_10s}",
             # the benchmark's width: 15 properties, as the reference pipelines ask for them
             f"      extra_properties: {{contacts: [{', '.join(common.EXTRA)}]}}"]
    for key, value in (extra or {}).items():
        lines.append(f"      {key}: {value}")
    with open(path, "w") as f:
        f.write("\n".join(lines) + "\n")


def run_tempo_sync(tempo, cfg, work, perf_data=None, verbose=False):
    """`tempo -q -c cfg sync crm --json` (`-v` instead of `-q` when verbose: a debug line per
    HTTP request, in work/tempo.stderr); fails loudly when it fails. Returns a dict: summary
    (the JSON line), wall (s, around the process), rss_mb (ru_maxrss), cpu_s (user + system),
    started and ended (time.time() around the process), stderr (the log's path)."""
    cmd = [tempo, "-v" if verbose else "-q", "-c", cfg, "sync", "crm", "--json"]
    if perf_data:
        cmd = ["perf", "record", "-g", "-o", perf_data, "--"] + cmd
    err_path = os.path.join(work, "tempo.stderr")
    started = time.time()
    start = time.monotonic()
    with open(err_path, "wb") as err_file:
        proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=err_file)
        out = proc.stdout.read()
        rc, usage = wait_rusage(proc)
    wall = time.monotonic() - start
    ended = time.time()
    if rc != 0:
        with open(err_path, "rb") as f:
            fail(f"tempo sync failed ({rc}): {f.read().decode(errors='replace')[-2000:]}")
    try:
        summary = json.loads(out)
    except ValueError:
        fail(f"tempo sync printed no JSON summary: {out[-500:]!r}")
    return {"summary": summary, "wall": wall, "rss_mb": usage.ru_maxrss / 1024.0,
            "cpu_s": usage.ru_utime + usage.ru_stime, "started": started, "ended": ended,
            "stderr": err_path}


def write_templates(base_url, path, want):
    """The ceiling's input (bench/ceiling.cc): `want` contacts fetched from the fake, mapped
    like the connector maps them."""
    after, n = None, 0
    with open(path, "wb") as f:
        while n < want:
            page = json.loads(common.fetch_page(base_url, TOKEN, after))
            for obj in page["results"]:
                c = common.contact_row(obj, None)
                raw = common.raw_json_of(obj)
                vals = [c[1], c[2] or "\x15"] + [v if v is not None else "\x15"
                                                 for v in (c[6], c[7], c[8], c[9], c[5], c[10])]
                f.write(("\x1f".join(vals + [raw]) + "\x1e").encode())
                n += 1
                if n >= want:
                    break
            after = common.next_after(page)
            if not after:
                break
    return n
