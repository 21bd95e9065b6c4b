// tempo run, the daemon, driven as an admin runs it, with synthetic plugins that misbehave:
// a segfault, an abort, an early exit and a hang each take down only their own run, which is
// recorded with the right status and error; the store stays sound and holds exactly what was
// committed; SIGTERM drains without losing data; SIGHUP reloads (and refuses a bad config);
// the per-connection lock keeps syncs of one connection apart; /metrics parses as Prometheus
// text; a daemon killed and restarted keeps a failing connection's backoff and attempt count.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <catch2/catch.hpp>

#include <chrono>
#include <functional>
#include <thread>

#include "store/store.h"
#include "support/process.h"
#include "support/prometheus_text.h"
#include "support/temp_dir.h"

namespace {

using namespace std::chrono_literals;
using tempo::testing::ProcessResult;
using tempo::testing::TempDir;
using tempo::testing::TempoBinary;

std::string TestPlugins() { return std::string(TEMPO_BINARY_DIR) + "/test-plugins"; }

// A tempo.yaml with the synthetic plugin; `body` is appended (scheduler:, connections:, ...).
std::string WriteConfig(const TempDir& dir, const std::string& body,
                        const std::string& name = "tempo.yaml") {
  return dir.Write(name,
                   "store:\n  path: tempo.db\nplugins:\n  path: [" + TestPlugins() + "]\n" + body);
}

// Every row of `sql` on the store, each as "a|b|c".
std::vector<std::string> Query(const TempDir& dir, const std::string& sql) {
  auto db = tempo::store::OpenStoreReadOnly(dir.File("tempo.db"));
  if (!db.ok()) return {};
  auto stmt = (*db)->Prepare(sql);
  if (!stmt.ok()) return {};  // not created or migrated yet: the caller polls again
  std::vector<std::string> rows;
  for (;;) {
    auto more = stmt->Step();
    if (!more.ok()) return {};  // busy: the caller polls again
    if (!*more) break;
    std::string line;
    for (int c = 0; c < stmt->ColumnCount(); ++c) {
      if (c > 0) line += '|';
      line += stmt->IsNull(c) ? "<null>" : stmt->Text(c);
    }
    rows.push_back(std::move(line));
  }
  return rows;
}

std::string QueryOne(const TempDir& dir, const std::string& sql) {
  std::vector<std::string> rows = Query(dir, sql);
  return rows.empty() ? "" : rows[0];
}

// Polls `done` every 50 ms for up to `timeout`.
bool WaitFor(const std::function<bool()>& done, std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < deadline) {
    if (done()) return true;
    std::this_thread::sleep_for(50ms);
  }
  return done();
}

// `tempo run` in the background; stopped (SIGTERM, then SIGKILL) at scope exit if still up.
class Daemon {
 public:
  Daemon(const TempDir& dir, const std::string& config, std::vector<std::string> env = {})
      : out_(dir.File("daemon" + std::to_string(++count_) + ".out")),
        err_(dir.File("daemon" + std::to_string(count_) + ".err")) {
    pid_ = tempo::testing::StartProcess({TempoBinary(), "-c", config, "run"}, out_, err_, env);
  }
  ~Daemon() {
    if (pid_ <= 0) return;
    ::kill(pid_, SIGTERM);
    if (!WaitFor([&] { return ::waitpid(pid_, nullptr, WNOHANG) == pid_; }, 10s)) {
      ::kill(pid_, SIGKILL);
      ::waitpid(pid_, nullptr, 0);
    }
  }
  std::string Log() const { return tempo::testing::ReadWhole(err_); }
  pid_t pid() const { return pid_; }
  void Signal(int sig) const { ::kill(pid_, sig); }
  // Sends SIGTERM and waits for the daemon to exit.
  ProcessResult Stop() { return StopWith(SIGTERM); }
  // Kills the daemon (SIGKILL: no chance to clean up) and waits for it.
  ProcessResult Kill() { return StopWith(SIGKILL); }
  // The port from "serving /healthz and /metrics on http://127.0.0.1:PORT".
  int Port() const {
    int port = 0;
    WaitFor(
        [&] {
          const std::string log = Log();
          const std::string marker = "/metrics on http://127.0.0.1:";
          size_t at = log.find(marker);
          if (at == std::string::npos) return false;
          port = std::atoi(log.c_str() + at + marker.size());
          return port > 0;
        },
        5s);
    return port;
  }

 private:
  ProcessResult StopWith(int sig) {
    ::kill(pid_, sig);
    ProcessResult r = tempo::testing::WaitProcess(pid_, out_, err_);
    pid_ = 0;
    return r;
  }

  static inline int count_ = 0;
  std::string out_, err_;
  pid_t pid_ = 0;
};

struct HttpResponse {
  int status = 0;
  std::string headers;
  std::string body;
};

// A plain HTTP/1.0 GET on 127.0.0.1:port.
HttpResponse HttpGet(int port, const std::string& path) {
  HttpResponse response;
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  REQUIRE(fd >= 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(port));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
    ::close(fd);
    return response;
  }
  const std::string request = "GET " + path + " HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n";
  REQUIRE(::write(fd, request.data(), request.size()) == static_cast<ssize_t>(request.size()));
  std::string raw;
  char buf[4096];
  ssize_t n;
  while ((n = ::read(fd, buf, sizeof buf)) > 0) raw.append(buf, static_cast<size_t>(n));
  ::close(fd);
  size_t split = raw.find("\r\n\r\n");
  if (raw.rfind("HTTP/1.", 0) != 0 || split == std::string::npos) return response;
  response.status = std::atoi(raw.c_str() + 9);
  response.headers = raw.substr(0, split);
  response.body = raw.substr(split + 4);
  return response;
}

int64_t Count(const TempDir& dir, const std::string& sql) {
  std::string v = QueryOne(dir, sql);
  return v.empty() ? -1 : std::stoll(v);
}

// The store holds exactly what the connection committed: its leads are 0..next-1 of its
// committed state, each once (the synthetic plugin emits record i before checkpointing
// {"next": i+1}).
void CheckExactlyCommitted(const TempDir& dir, const std::string& connection) {
  INFO(connection);
  const std::string next =
      QueryOne(dir,
               "SELECT COALESCE((SELECT json_extract(state_json, '$.next') FROM sync_state WHERE "
               "connection = '" +
                   connection + "'), 0)");
  CHECK(QueryOne(dir, "SELECT COUNT(*), COUNT(DISTINCT source_id) FROM lead WHERE connection = '" +
                          connection + "'") == next + "|" + next);
}

void CheckStoreSound(const TempDir& dir) {
  CHECK(Query(dir, "PRAGMA integrity_check") == std::vector<std::string>{"ok"});
  CHECK(Count(dir, "SELECT COUNT(*) FROM sync_runs WHERE status = 'running'") == 0);
  CHECK(Count(dir,
              "SELECT COUNT(*) FROM sync_runs WHERE finished_at IS NULL OR duration_ms IS "
              "NULL") == 0);
}

// The value of one sample of `metrics`, or -1.
double MetricValue(const std::vector<tempo::testing::PromSample>& metrics, const std::string& name,
                   const std::map<std::string, std::string>& labels) {
  for (const auto& s : metrics) {
    if (s.name == name && s.labels == labels) return s.value;
  }
  return -1;
}

}  // namespace

TEST_CASE("the exposition checker rejects what a Prometheus server would") {
  const std::string good =
      "# HELP a_total Things.\n# TYPE a_total counter\na_total{x=\"1\"} "
      "3\na_total{x=\"q\\\"\\n\\\\\"} 0\n"
      "# TYPE h histogram\nh_bucket{le=\"1\"} 1\nh_bucket{le=\"+Inf\"} 2\nh_sum 3.5\nh_count 2\n"
      "# TYPE g gauge\ng -1.5e3 1700000000000\ng{y=\"2\"} NaN\n";
  CHECK(tempo::testing::CheckPrometheusText(good).empty());
  const std::pair<std::string, std::string> bad[] = {
      {"a_total 1\n", "without a preceding # TYPE"},
      {"# TYPE a_total counter\na_total -1\n", "negative counter"},
      {"# TYPE a counter\na 1\n", "must end in _total"},
      {"# TYPE g gauge\ng 1\n# TYPE k gauge\nk 1\ng{x=\"1\"} 2\n", "in one block"},
      {"# TYPE g gauge\ng 1\ng 2\n", "duplicate series"},
      {"# TYPE g gauge\ng{x=\"a\\tb\"} 1\n", "bad escape"},
      {"# TYPE g gauge\ng{x=\"1\"\n", "malformed label set"},
      {"# TYPE g gauge\ng{1x=\"1\"} 1\n", "bad label name"},
      {"# TYPE g gauge\ng one\n", "bad value"},
      {"# TYPE g gauge\ng 1", "must end with a newline"},
      {"# TYPE g gauge\n# TYPE g counter\ng 1\n", "TYPE given twice"},
      {"# TYPE g gauge\ng 1\n# HELP 9g x\n", "bad metric name"},
      {"# TYPE g sometimes\ng 1\n", "unknown type"},
      {"# TYPE h histogram\nh_bucket{le=\"1\"} 2\nh_bucket{le=\"+Inf\"} 1\nh_sum 1\nh_count 1\n",
       "not cumulative"},
      {"# TYPE h histogram\nh_bucket{le=\"1\"} 1\nh_sum 1\nh_count 1\n", "no +Inf bucket"},
      {"# TYPE h histogram\nh_bucket{le=\"+Inf\"} 1\nh_sum 1\nh_count 2\n", "differs from _count"},
      {"# TYPE h histogram\nh_bucket 1\n", "a bucket needs le"},
  };
  for (const auto& [text, expected] : bad) {
    INFO(text);
    std::vector<std::string> problems = tempo::testing::CheckPrometheusText(text);
    REQUIRE_FALSE(problems.empty());
    std::string all;
    for (const auto& p : problems) all += p + "\n";
    CHECK_THAT(all, Catch::Contains(expected));
  }
}

TEST_CASE("segfault, abort and exit mid-stream take down only their own run, and /metrics parses") {
  TempDir dir;
  // Each faulty connection crashes on page 8 at 150 ms a page: after the first ~1 s commit, so
  // each run leaves committed data behind and the retry resumes from it.
  const std::string faulty = "records: 5000, page_size: 100, sleep_ms_per_page: 150";
  std::string cfg = WriteConfig(
      dir,
      "scheduler:\n  max_concurrent_runs: 5\n  run_timeout: 20s\n  grace_period: 1s\n"
      "  retry: {max_attempts: 2, initial_backoff: 1s, max_backoff: 1s}\n"
      "server: {listen: \"127.0.0.1:0\"}\n"
      "connections:\n"
      "  - {name: seg, plugin: synthetic, schedule: every 1h, config: {" +
          faulty +
          ", segfault_after_pages: 8}}\n"
          "  - {name: abrt, plugin: synthetic, schedule: every 1h, config: {" +
          faulty +
          ", abort_after_pages: 8}}\n"
          "  - {name: quit, plugin: synthetic, schedule: every 1h, config: {" +
          faulty +
          ", exit_after_pages: 8}}\n"
          "  - {name: quota, plugin: synthetic, schedule: every 1h, config: {records: 1000, "
          "quota_after_pages: 2}}\n"
          "  - {name: good, plugin: synthetic, schedule: every 1s, config: {records: 300}}\n");
  Daemon daemon(dir, cfg);
  const auto finished = [&](const std::string& c) {
    return Count(
        dir,
        "SELECT COUNT(*) FROM sync_runs WHERE status <> 'running' AND connection = '" + c + "'");
  };
  // Two attempts each (the first and one retry), then they wait for their next slot.
  REQUIRE(WaitFor(
      [&] { return finished("seg") == 2 && finished("abrt") == 2 && finished("quit") == 2; }, 20s));
  // The daemon is still there and still running the good connection after all of that.
  const int64_t good_runs = finished("good");
  CHECK(WaitFor([&] { return finished("good") >= good_runs + 2; }, 10s));

  const int port = daemon.Port();
  REQUIRE(port > 0);
  HttpResponse health = HttpGet(port, "/healthz");
  CHECK(health.status == 200);
  CHECK(health.body == "ok\n");
  HttpResponse metrics = HttpGet(port, "/metrics");
  CHECK(metrics.status == 200);
  CHECK_THAT(metrics.headers, Catch::Contains("text/plain; version=0.0.4"));
  std::vector<tempo::testing::PromSample> samples;
  std::vector<std::string> problems = tempo::testing::CheckPrometheusText(metrics.body, &samples);
  INFO(metrics.body);
  for (const std::string& p : problems) FAIL_CHECK(p);
  CHECK(MetricValue(samples, "tempo_sync_runs_total",
                    {{"connection", "seg"}, {"status", "failed"}}) == 2);
  CHECK(MetricValue(samples, "tempo_sync_runs_total",
                    {{"connection", "quota"}, {"status", "deferred"}}) == 1);
  CHECK(MetricValue(samples, "tempo_sync_runs_total",
                    {{"connection", "good"}, {"status", "succeeded"}}) >= 2);
  CHECK(MetricValue(samples, "tempo_sync_records_total", {{"connection", "good"}}) == 300);
  CHECK(MetricValue(samples, "tempo_scheduler_retries_total", {{"connection", "abrt"}}) == 1);
  CHECK(MetricValue(samples, "tempo_sync_run_duration_seconds_count", {{"connection", "quit"}}) ==
        2);
  CHECK(MetricValue(samples, "tempo_scheduler_next_run_timestamp_seconds",
                    {{"connection", "seg"}}) > 0);
  CHECK(MetricValue(samples, "tempo_up", {}) == 1);
  CHECK(HttpGet(port, "/nope").status == 404);

  ProcessResult stopped = daemon.Stop();
  CHECK(stopped.exit_code == 0);
  INFO(stopped.err);
  CHECK_THAT(stopped.err, Catch::Contains("[seg] run"));
  CHECK_THAT(stopped.err, Catch::Contains("retry 1 of 1"));

  CHECK(Query(dir, "SELECT status, error FROM sync_runs WHERE connection = 'seg'") ==
        std::vector<std::string>(2, "failed|plugin crashed: signal 11 (SIGSEGV)"));
  CHECK(Query(dir, "SELECT status, error FROM sync_runs WHERE connection = 'abrt'") ==
        std::vector<std::string>(2, "failed|plugin crashed: signal 6 (SIGABRT)"));
  CHECK(Query(dir, "SELECT status, error FROM sync_runs WHERE connection = 'quit'") ==
        std::vector<std::string>(
            2,
            "failed|the sync process exited (code 0) before finishing the run: the plugin "
            "ended the process mid-stream"));
  // Deferred (quota): recorded by the run itself, and not retried.
  CHECK(Query(dir, "SELECT status FROM sync_runs WHERE connection = 'quota'") ==
        std::vector<std::string>{"deferred"});
  CHECK(Count(dir,
              "SELECT COUNT(*) FROM sync_runs WHERE connection = 'good' AND status <> "
              "'succeeded'") == 0);
  CheckStoreSound(dir);
  for (const char* c : {"seg", "abrt", "quit", "quota", "good"}) CheckExactlyCommitted(dir, c);
  // The crashes came after a commit: data survived them, and the retry resumed from it.
  CHECK(Count(dir, "SELECT COUNT(*) FROM lead WHERE connection = 'seg'") > 0);
  CHECK(Count(dir, "SELECT COUNT(*) FROM lead WHERE connection = 'good'") == 300);
}

TEST_CASE("a hung plugin is killed at its timeout and the daemon goes on") {
  TempDir dir;
  std::string cfg = WriteConfig(
      dir,
      "scheduler:\n  run_timeout: 1500ms\n  grace_period: 500ms\n  retry: {max_attempts: 1}\n"
      "connections:\n"
      "  - {name: hang, plugin: synthetic, schedule: every 1h, config: {records: 1000, "
      "hang_after_pages: 3}}\n");
  const auto started = std::chrono::steady_clock::now();
  Daemon daemon(dir, cfg);
  REQUIRE(WaitFor(
      [&] { return Count(dir, "SELECT COUNT(*) FROM sync_runs WHERE status <> 'running'") == 1; },
      10s));
  // Not before SIGTERM at 1.5 s (ignored) and SIGKILL 0.5 s later; not much after either.
  const auto ended = std::chrono::steady_clock::now() - started;
  CHECK(ended >= 2000ms);
  CHECK(ended < 8000ms);
  const std::vector<std::string> run =
      Query(dir, "SELECT status, error, duration_ms FROM sync_runs");
  REQUIRE(run.size() == 1);
  CHECK_THAT(run[0], Catch::StartsWith("failed|timed out after 1s500ms; it did not stop within "
                                       "the 500ms grace period and was killed (SIGKILL)|"));
  const int64_t duration = std::stoll(run[0].substr(run[0].rfind('|') + 1));
  CHECK(duration >= 1000);  // from the row's start, a little after the process started
  ProcessResult stopped = daemon.Stop();
  CHECK(stopped.exit_code == 0);
  CHECK_THAT(stopped.err, Catch::Contains("[hang] run timeout (1s500ms) reached"));
  CheckStoreSound(dir);
  CheckExactlyCommitted(dir, "hang");
}

TEST_CASE("SIGTERM during a run: recorded cancelled at a checkpoint, and nothing is lost") {
  TempDir dir;
  std::string cfg =
      WriteConfig(dir,
                  "scheduler:\n  grace_period: 10s\n"
                  "connections:\n"
                  "  - {name: syn, plugin: synthetic, schedule: every 1h, config: {records: 4000, "
                  "page_size: 100, sleep_ms_per_page: 100}}\n");
  Daemon daemon(dir, cfg);
  // Wait for the first commit (about 1 s in), then stop the daemon mid-run.
  REQUIRE(WaitFor([&] { return Count(dir, "SELECT COUNT(*) FROM lead") > 0; }, 10s));
  const auto stop_sent = std::chrono::steady_clock::now();
  ProcessResult stopped = daemon.Stop();
  const auto drain_time = std::chrono::steady_clock::now() - stop_sent;
  CHECK(stopped.exit_code == 0);
  CHECK(drain_time < 5s);  // the run stopped at its next page, not at the grace period
  INFO(stopped.err);
  CHECK_THAT(stopped.err, Catch::Contains("stopping: no new runs"));
  CHECK(Query(dir, "SELECT status FROM sync_runs") == std::vector<std::string>{"cancelled"});
  CheckStoreSound(dir);
  CheckExactlyCommitted(dir, "syn");
  const int64_t kept = Count(dir, "SELECT COUNT(*) FROM lead");
  CHECK(kept > 0);
  CHECK(kept < 4000);

  // The next run resumes where the cancelled one stopped: every record exactly once.
  ProcessResult resumed =
      tempo::testing::RunProcess({TempoBinary(), "-c", cfg, "sync", "syn", "--json"}, dir.path());
  CHECK(resumed.exit_code == 0);
  CHECK_THAT(resumed.out, Catch::Contains("\"records\":" + std::to_string(4000 - kept)));
  CHECK(QueryOne(dir, "SELECT COUNT(*), COUNT(DISTINCT source_id) FROM lead") == "4000|4000");
  CheckStoreSound(dir);
}

TEST_CASE("a daemon killed with SIGKILL takes its running sync down with it, cancelled") {
  TempDir dir;
  std::string cfg =
      WriteConfig(dir,
                  "connections:\n"
                  "  - {name: syn, plugin: synthetic, schedule: every 1h, config: {records: 4000, "
                  "page_size: 100, sleep_ms_per_page: 100}}\n");
  Daemon daemon(dir, cfg);
  REQUIRE(WaitFor([&] { return Count(dir, "SELECT COUNT(*) FROM lead") > 0; }, 10s));
  daemon.Signal(SIGKILL);
  // The orphaned sync (40 pages of 100 ms: 4 s left to run) gets SIGTERM from the kernel and
  // ends at its next page, recorded cancelled; it does not run on with nobody to time it out.
  CHECK(WaitFor([&] { return QueryOne(dir, "SELECT status FROM sync_runs") == "cancelled"; }, 3s));
  CheckStoreSound(dir);
  CheckExactlyCommitted(dir, "syn");
  CHECK(Count(dir, "SELECT COUNT(*) FROM lead") < 4000);
}

TEST_CASE("a sync whose log reader goes away finishes and records its run") {
  TempDir dir;
  std::string cfg =
      WriteConfig(dir,
                  "connections:\n  - {name: syn, plugin: synthetic, config: {records: 3000, "
                  "page_size: 100, sleep_ms_per_page: 20}}\n");
  // head exits after 10 bytes; every later log line and the summary meet a closed pipe.
  ProcessResult r = tempo::testing::RunProcess(
      {"/bin/sh", "-c", TempoBinary() + " -v -c '" + cfg + "' sync syn 2>&1 | head -c 10"},
      dir.path());
  CHECK(r.exit_code == 0);
  CHECK(Query(dir, "SELECT status || ' ' || records FROM sync_runs") ==
        std::vector<std::string>{"succeeded 3000"});
  CheckStoreSound(dir);
}

TEST_CASE("one sync per connection at a time across processes, and a killed holder frees it") {
  TempDir dir;
  const auto config_with_sleep = [&](int sleep_ms) {
    return WriteConfig(dir,
                       "connections:\n  - {name: syn, plugin: synthetic, config: {records: 2000, "
                       "page_size: 100, sleep_ms_per_page: " +
                           std::to_string(sleep_ms) + "}}\n");
  };
  std::string cfg = config_with_sleep(1000);  // 20 s unless killed
  const std::vector<std::string> sync = {TempoBinary(), "-c", cfg, "sync", "syn"};
  pid_t first = tempo::testing::StartProcess(sync, dir.File("first.out"), dir.File("first.err"));
  REQUIRE(WaitFor(
      [&] { return Count(dir, "SELECT COUNT(*) FROM sync_runs WHERE status = 'running'") == 1; },
      10s));
  ProcessResult second = tempo::testing::RunProcess(sync, dir.path());
  CHECK(second.exit_code == 4);
  CHECK_THAT(second.err, Catch::Contains("connection 'syn' is already being synced by another "
                                         "process (pid " +
                                         std::to_string(first) + ")"));
  // The holder is killed: the kernel releases the lock, the next sync runs at once.
  ::kill(first, SIGKILL);
  config_with_sleep(0);
  ProcessResult killed =
      tempo::testing::WaitProcess(first, dir.File("first.out"), dir.File("first.err"));
  CHECK(killed.signal == SIGKILL);
  ProcessResult third = tempo::testing::RunProcess(sync, dir.path());
  CHECK(third.exit_code == 0);
  CHECK(QueryOne(dir,
                 "SELECT COUNT(*), COUNT(DISTINCT source_id) FROM lead WHERE connection = "
                 "'syn'") == "2000|2000");
  CHECK(Query(dir, "SELECT status FROM sync_runs WHERE connection = 'syn' ORDER BY id") ==
        std::vector<std::string>{"interrupted", "succeeded"});

  // One daemon per store.
  Daemon daemon(dir, cfg);
  REQUIRE(WaitFor([&] { return daemon.Log().find("tempo run: store") != std::string::npos; }, 5s));
  ProcessResult another = tempo::testing::RunProcess({TempoBinary(), "-c", cfg, "run"}, dir.path());
  CHECK(another.exit_code == 4);
  CHECK_THAT(another.err, Catch::Contains("another 'tempo run' is already running"));
  CHECK(daemon.Stop().exit_code == 0);
}

TEST_CASE("SIGHUP reloads the config, refusing an invalid one and keeping the old") {
  TempDir dir;
  const std::string one =
      "connections:\n  - {name: first, plugin: synthetic, schedule: every 1h, config: {records: "
      "10}}\n";
  std::string cfg = WriteConfig(dir, one);
  Daemon daemon(dir, cfg);
  REQUIRE(WaitFor(
      [&] {
        return Count(dir,
                     "SELECT COUNT(*) FROM sync_runs WHERE connection = 'first' AND status = "
                     "'succeeded'") == 1;
      },
      10s));
  WriteConfig(dir, one + "  - {name: second, plugin: synthetic, schedule: \"0 0 30 2 *\"}\n");
  daemon.Signal(SIGHUP);
  REQUIRE(
      WaitFor([&] { return daemon.Log().find("keeping the old one") != std::string::npos; }, 5s));
  CHECK_THAT(daemon.Log(), Catch::Contains("tempo.yaml:7:49: connections[1].schedule: this "
                                           "schedule never fires"));
  WriteConfig(dir, one +
                       "  - {name: second, plugin: synthetic, schedule: every 1h, config: "
                       "{records: 20}}\n");
  daemon.Signal(SIGHUP);
  REQUIRE(WaitFor(
      [&] {
        return Count(dir,
                     "SELECT COUNT(*) FROM sync_runs WHERE connection = 'second' AND status = "
                     "'succeeded'") == 1;
      },
      10s));
  // `first` kept its schedule through both reloads: it did not run again.
  CHECK(Count(dir, "SELECT COUNT(*) FROM sync_runs WHERE connection = 'first'") == 1);

  // While the daemon runs, tempo status shows the next scheduled time of each.
  ProcessResult status =
      tempo::testing::RunProcess({TempoBinary(), "-c", cfg, "status", "--json"}, dir.path());
  CHECK(status.exit_code == 0);
  CHECK_THAT(status.out, Catch::Contains("\"daemon_running\":true"));
  CHECK_THAT(status.out, Catch::Contains("\"next_run_at\":\""));
  ProcessResult text = tempo::testing::RunProcess({TempoBinary(), "-c", cfg, "status"}, dir.path());
  CHECK_THAT(text.out, Catch::Contains("next run "));
  CHECK_THAT(text.out, Catch::Contains("(in 59m, every 1h)"));

  ProcessResult stopped = daemon.Stop();
  CHECK(stopped.exit_code == 0);
  CHECK_THAT(stopped.err, Catch::Contains("reloaded: 2 connection(s)"));

  // Once it stopped, nothing will run on schedule: status says so instead of a next run.
  ProcessResult after =
      tempo::testing::RunProcess({TempoBinary(), "-c", cfg, "status", "--json"}, dir.path());
  CHECK_THAT(after.out, Catch::Contains("\"daemon_running\":false"));
  CHECK_THAT(after.out, Catch::Contains("\"next_run_at\":null"));
  ProcessResult idle = tempo::testing::RunProcess({TempoBinary(), "-c", cfg, "status"}, dir.path());
  CHECK_THAT(idle.out, !Catch::Contains("next run "));
  CHECK_THAT(idle.out, Catch::Contains("scheduled 'every 1h', but no daemon runs on this store"));
}

TEST_CASE("a cron schedule fires at its slot of the daemon's clock, once") {
  TempDir dir;
  std::string cfg = WriteConfig(
      dir,
      "connections:\n  - {name: cron, plugin: synthetic, schedule: \"* * * * *\", config: "
      "{records: 10}}\n");
  // Shift the daemon's clock so that its next minute boundary is 1.5 s away.
  const auto now_ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                          std::chrono::system_clock::now().time_since_epoch())
                          .count();
  int64_t offset = 60000 - now_ms % 60000 - 1500;
  if (offset < 0) offset += 60000;
  const auto started = std::chrono::steady_clock::now();
  Daemon daemon(dir, cfg, {"TEMPO_TEST_CLOCK_OFFSET=" + std::to_string(offset) + "ms"});
  std::this_thread::sleep_for(1000ms);
  CHECK(Count(dir, "SELECT COUNT(*) FROM sync_runs") <= 0);  // not before the slot
  REQUIRE(WaitFor(
      [&] { return Count(dir, "SELECT COUNT(*) FROM sync_runs WHERE status = 'succeeded'") == 1; },
      5s));
  const auto fired_after = std::chrono::steady_clock::now() - started;
  CHECK(fired_after >= 1400ms);
  std::this_thread::sleep_for(1000ms);
  CHECK(Count(dir, "SELECT COUNT(*) FROM sync_runs") == 1);  // once per slot
  ProcessResult stopped = daemon.Stop();
  CHECK(stopped.exit_code == 0);
  CHECK_THAT(stopped.err, Catch::Contains("TEMPO_TEST_CLOCK_OFFSET"));
}

TEST_CASE("config check reports a bad schedule with its position") {
  TempDir dir;
  std::string cfg = WriteConfig(
      dir, "connections:\n  - name: syn\n    plugin: synthetic\n    schedule: \"*/0 * * * *\"\n");
  ProcessResult r =
      tempo::testing::RunProcess({TempoBinary(), "-c", cfg, "config", "check"}, dir.path());
  CHECK(r.exit_code == 2);
  CHECK_THAT(r.err, Catch::Contains("tempo.yaml:8:15: connections[0].schedule: minute field "
                                    "'*/0': the step must be at least 1"));
  ProcessResult run = tempo::testing::RunProcess({TempoBinary(), "-c", cfg, "run"}, dir.path());
  CHECK(run.exit_code == 2);
}

TEST_CASE("a cron schedule in a time zone fires at the zone's slot, and says so") {
  TempDir dir;
  // Asia/Kathmandu is UTC+05:45 (no daylight-saving time): its full hours are at :15 UTC, so
  // the slot of "0 * * * *" there is 45 minutes away from the UTC one.
  std::string cfg = WriteConfig(
      dir,
      "connections:\n  - {name: cron, plugin: synthetic, schedule: \"0 * * * *\", timezone: "
      "Asia/Kathmandu, config: {records: 10}}\n");
  // Shift the daemon's clock so that its next hh:15:00 UTC is 1.5 s away.
  const int64_t now_ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                             std::chrono::system_clock::now().time_since_epoch())
                             .count();
  int64_t offset = (15 * 60000 - now_ms % 3600000) - 1500;
  while (offset < 0) offset += 3600000;
  const auto started = std::chrono::steady_clock::now();
  Daemon daemon(dir, cfg, {"TEMPO_TEST_CLOCK_OFFSET=" + std::to_string(offset) + "ms"});
  std::this_thread::sleep_for(1000ms);
  CHECK(Count(dir, "SELECT COUNT(*) FROM sync_runs") <= 0);  // not before the slot
  REQUIRE(WaitFor(
      [&] { return Count(dir, "SELECT COUNT(*) FROM sync_runs WHERE status = 'succeeded'") == 1; },
      5s));
  CHECK(std::chrono::steady_clock::now() - started >= 1400ms);
  // The plan names the zone and gives the slot in UTC and on the zone's clock (:00 there).
  const std::string log = daemon.Log();
  CHECK_THAT(log, Catch::Contains("[cron] schedule '0 * * * *' in Asia/Kathmandu, next run "));
  CHECK_THAT(log, Catch::Contains(":15:00Z ("));
  CHECK_THAT(log, Catch::Contains(":00 +0545)"));
  ProcessResult status =
      tempo::testing::RunProcess({TempoBinary(), "-c", cfg, "status", "--json"}, dir.path());
  CHECK_THAT(status.out, Catch::Contains("\"timezone\":\"Asia/Kathmandu\""));
  CHECK(daemon.Stop().exit_code == 0);
  ProcessResult idle = tempo::testing::RunProcess({TempoBinary(), "-c", cfg, "status"}, dir.path());
  CHECK_THAT(idle.out, Catch::Contains("scheduled '0 * * * *' in Asia/Kathmandu, but no daemon"));
}

TEST_CASE("config check refuses an unknown time zone at its position, with a did-you-mean") {
  TempDir dir;
  std::string cfg = WriteConfig(dir,
                                "connections:\n  - name: syn\n    plugin: synthetic\n    "
                                "schedule: \"0 6 * * 1-5\"\n    timezone: Europe/Pairs\n");
  ProcessResult r =
      tempo::testing::RunProcess({TempoBinary(), "-c", cfg, "config", "check"}, dir.path());
  CHECK(r.exit_code == 2);
  CHECK_THAT(r.err, Catch::Contains("tempo.yaml:9:15: connections[0].timezone: unknown time zone; "
                                    "did you mean 'Europe/Paris'?"));
}

TEST_CASE("a daemon killed and restarted waits out a failing connection's backoff, and counts on") {
  TempDir dir;
  // Every run commits one page and fails; three attempts in a row (1 s, then 2 s apart), then
  // the next slot, an hour away.
  std::string cfg = WriteConfig(
      dir,
      "scheduler:\n  retry: {max_attempts: 3, initial_backoff: 1s, max_backoff: 1h}\n"
      "connections:\n"
      "  - {name: flaky, plugin: synthetic, schedule: every 1h, config: {records: 1000, "
      "page_size: 100, fail_after_pages: 1}}\n");
  const auto finished = [&] {
    return Count(dir,
                 "SELECT COUNT(*) FROM sync_runs WHERE connection = 'flaky' AND status <> "
                 "'running'");
  };
  const auto pending = [&] {
    return QueryOne(dir,
                    "SELECT failures || '|' || CAST(ROUND((julianday(retry_at) - "
                    "julianday(failed_at)) * 86400) AS INTEGER) FROM scheduler_retry");
  };
  // Attempt 1 runs at once (an interval connection that never ran); the daemon is killed as
  // soon as it has kept the retry it owes.
  {
    Daemon daemon(dir, cfg);
    REQUIRE(WaitFor([&] { return pending() == "1|1"; }, 10s));
    daemon.Kill();
  }
  // Back at once: attempt 2 waits for the rest of the 1 s backoff, not for the next slot and
  // not starting over; killed again after it failed.
  {
    Daemon daemon(dir, cfg);
    REQUIRE(WaitFor([&] { return pending() == "2|2"; }, 10s));
    CHECK(finished() == 2);
    // tempo status shows the retry the daemon owes as the connection's next run.
    ProcessResult status =
        tempo::testing::RunProcess({TempoBinary(), "-c", cfg, "status"}, dir.path());
    CHECK_THAT(status.out, Catch::Contains("retry 2 of 2 at "));
    CHECK_THAT(status.out, Catch::Contains("2 runs in a row failed)"));
    ProcessResult json =
        tempo::testing::RunProcess({TempoBinary(), "-c", cfg, "status", "--json"}, dir.path());
    CHECK_THAT(json.out, Catch::Contains("\"pending_retry\":{\"failures\":2,"));
    ProcessResult killed = daemon.Kill();
    CHECK_THAT(killed.err, Catch::Contains("[flaky] 1 run(s) in a row failed before the daemon "
                                           "stopped"));
    CHECK_THAT(killed.err, Catch::Contains("retry 1 of 2"));
  }
  // Attempt 3 is the last of max_attempts: after it the connection waits for its next slot, and
  // no restart brings more attempts.
  {
    Daemon daemon(dir, cfg);
    REQUIRE(WaitFor([&] { return finished() == 3; }, 10s));
    REQUIRE(WaitFor([&] { return pending().empty(); }, 5s));
    std::this_thread::sleep_for(1000ms);
    daemon.Kill();
  }
  {
    Daemon daemon(dir, cfg);
    std::this_thread::sleep_for(1000ms);
    ProcessResult stopped = daemon.Stop();
    CHECK(stopped.exit_code == 0);
    CHECK_THAT(stopped.err, Catch::Contains("[flaky] schedule 'every 1h', next run 20"));
  }
  CHECK(finished() == 3);
  // Each attempt started no sooner than its backoff after the one before it ended.
  CHECK(Query(dir,
              "SELECT b.id, CAST((julianday(b.started_at) - julianday(a.finished_at)) * 86400000 "
              "AS INTEGER) >= 1000 * (1 << (a.id - 1)) FROM sync_runs a JOIN sync_runs b ON "
              "b.id = a.id + 1 ORDER BY b.id") == std::vector<std::string>{"2|1", "3|1"});
  CHECK(Query(dir, "SELECT status, error FROM sync_runs ORDER BY id") ==
        std::vector<std::string>(
            3,
            "failed|read of stream 'leads' of connection 'flaky' failed: injected "
            "failure after 1 pages"));
  CheckStoreSound(dir);
  CheckExactlyCommitted(dir, "flaky");
  CHECK(Count(dir, "SELECT COUNT(*) FROM lead WHERE connection = 'flaky'") == 300);
}
