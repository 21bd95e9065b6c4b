// tempo run: the daemon. Starts each due sync as a child process (`tempo sync CONNECTION`),
// never inside itself, so a plugin that crashes, aborts, exits early or hangs takes down only
// its own run. The daemon records how each child ended, retries failures with backoff, kills
// runs past their timeout, drains on SIGTERM and reloads the config on SIGHUP.
//
// One thread runs the loop: poll(2) on a self-pipe written by the signal handlers and on each
// child's output pipe, waking at least every second to start due runs and enforce timeouts.
// The metrics server (metrics.h) answers on its own threads from what the loop publishes.
//
// Children: fork + exec of /proc/self/exe with the daemon's -c config, each in its own
// process group (a terminal's Ctrl-C reaches only the daemon, which stops children itself
// with one SIGTERM each; a second signal to `tempo sync` kills it at once), stdout and stderr
// on one pipe whose lines the daemon logs prefixed with the connection's name.
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <deque>
#include <filesystem>
#include <map>
#include <optional>
#include <set>
#include <vector>

#include "cli/commands.h"
#include "cli/metrics.h"
#include "common/log.h"
#include "schedule/scheduler.h"
#include "store/retry_state.h"
#include "store/run_lock.h"
#include "store/run_log.h"
#include "store/store.h"

namespace tempo::cli {
namespace {

using Steady = std::chrono::steady_clock;
using schedule::Duration;
using schedule::Outcome;

// Signal handlers only set these and wake the loop through the pipe.
volatile sig_atomic_t g_stop_signals = 0;
volatile sig_atomic_t g_reload = 0;
int g_wake_pipe[2] = {-1, -1};

void OnSignal(int sig) {
  const int saved = errno;
  if (sig == SIGTERM || sig == SIGINT) g_stop_signals = g_stop_signals + 1;
  if (sig == SIGHUP) g_reload = 1;
  const char byte = 0;
  [[maybe_unused]] ssize_t n = ::write(g_wake_pipe[1], &byte, 1);
  errno = saved;
}

Status InstallDaemonSignals() {
  if (::pipe2(g_wake_pipe, O_CLOEXEC | O_NONBLOCK) != 0) {
    return Status::Io(std::string("cannot create the signal pipe: ") + std::strerror(errno));
  }
  struct sigaction sa {};
  sa.sa_handler = OnSignal;
  sigemptyset(&sa.sa_mask);
  sa.sa_flags = SA_RESTART;
  for (int sig : {SIGTERM, SIGINT, SIGHUP, SIGCHLD}) sigaction(sig, &sa, nullptr);
  ::signal(SIGPIPE, SIG_IGN);  // a scraper that hangs up must not end the daemon
  return Status::Ok();
}

std::string SignalText(int sig) {
  const char* abbrev = sigabbrev_np(sig);
  return "signal " + std::to_string(sig) + (abbrev ? " (SIG" + std::string(abbrev) + ")" : "");
}

std::string Millis(Steady::duration d) {
  return schedule::FormatDuration(std::chrono::duration_cast<Duration>(d));
}

// A `tempo sync` child and what the daemon did to it.
struct Child {
  std::string connection;
  std::string plugin;
  pid_t pid = 0;
  int output_fd = -1;
  std::string partial_line;
  std::deque<std::string> last_lines;  // the last few lines it printed, for error messages
  bool retry = false;                  // started as a retry of a failed run
  std::string started_utc;             // when it was started, as sync_runs writes times
  Steady::time_point started;
  int64_t run_id_floor = 0;  // sync_runs ids above this are its own (matched by pid)
  std::optional<Steady::time_point> kill_at;  // SIGKILL then, if still alive
  bool term_sent = false;
  bool kill_sent = false;
  bool timed_out = false;
  bool stopped_by_drain = false;
};

class Daemon {
 public:
  Daemon(const GlobalOptions& g, config::Config config, std::unique_ptr<store::Db> db,
         const schedule::Clock& clock)
      : g_(g), config_(std::move(config)), db_(std::move(db)), clock_(clock) {}

  int Run();

 private:
  void ApplyConfig();
  // Hands the scheduler the retries pending when the last daemon stopped (store/retry_state.h).
  void RestoreRetries();
  // Tells the scheduler that `connection` ended with `outcome` and keeps the decision's pending
  // retry (or its absence) in the store.
  schedule::Scheduler::Decision Decide(const std::string& connection, Outcome outcome,
                                       schedule::Time now);
  void LogPlan();
  void Reload();
  void StartDueRuns();
  void Spawn(const std::string& connection);
  // Logs what the child printed so far; closes the pipe at EOF.
  void ReadOutput(Child& child);
  void LogChildLine(Child& child, const std::string& line);
  void ReapChildren();
  void Finish(Child& child, int wait_status);
  void EnforceTimeouts();
  void BeginDrain();
  void KillAll();
  int PollTimeoutMs() const;
  void Publish();

  const GlobalOptions& g_;
  config::Config config_;
  std::unique_ptr<store::Db> db_;
  const schedule::Clock& clock_;
  schedule::Scheduler scheduler_;
  std::map<pid_t, Child> children_;
  std::map<std::string, int64_t> scheduler_retries_;
  std::set<std::string, std::less<>> stored_retries_;  // connections with a scheduler_retry row
  std::unique_ptr<MetricsServer> server_;
  schedule::Time started_{};
  bool draining_ = false;
  int stop_signals_seen_ = 0;
  std::string exe_;
  std::string config_path_;
};

void Daemon::ApplyConfig() {
  scheduler_.SetRetryPolicy({config_.scheduler.retry_max_attempts,
                             config_.scheduler.retry_initial_backoff,
                             config_.scheduler.retry_max_backoff});
  std::vector<schedule::Job> jobs;
  std::string on_demand;
  for (const config::ConnectionConfig& c : config_.connections) {
    if (c.schedule.empty()) {
      on_demand += (on_demand.empty() ? "" : ", ") + c.name;
      continue;
    }
    Result<schedule::Schedule> parsed = schedule::ParseSchedule(c.schedule, c.timezone);
    if (!parsed.ok()) {  // LoadConfig checked it; a failure here is a bug, not the user's
      log::Error("[" + c.name + "] " + c.schedule_location + ": " + parsed.status().message());
      continue;
    }
    jobs.push_back({c.name, std::move(parsed).value()});
  }
  const size_t scheduled = jobs.size();
  scheduler_.SetJobs(std::move(jobs), clock_.Now());
  if (!on_demand.empty()) log::Info("on demand only (no schedule): " + on_demand);
  if (scheduled == 0) {
    log::Warn("no connection has a schedule: nothing will run until one does (edit " +
              config_.path + " and send SIGHUP)");
  }
}

void Daemon::RestoreRetries() {
  Result<std::vector<store::PendingRetry>> pending = store::LoadPendingRetries(*db_);
  if (!pending.ok()) {
    log::Warn("cannot read the pending retries: " + pending.status().message() +
              "; failing connections count their attempts from zero again");
    return;
  }
  const schedule::Time now = clock_.Now();
  for (const store::PendingRetry& r : *pending) {
    stored_retries_.insert(r.connection);
    const std::optional<schedule::Time> at = schedule::ParseTime(r.retry_at);
    if (at && scheduler_.RestoreRetry(r.connection, r.failures, *at)) {
      const std::string when =
          *at <= now ? "now (due since " + r.retry_at + ")"
                     : r.retry_at + " (in " + schedule::FormatDuration(*at - now) + ")";
      log::Info("[" + r.connection + "] " + std::to_string(r.failures) +
                " run(s) in a row failed before the daemon stopped (the last ended " + r.failed_at +
                "): retry " + std::to_string(r.failures) + " of " +
                std::to_string(config_.scheduler.retry_max_attempts - 1) + " " + when);
      continue;
    }
    // No longer scheduled, or scheduler.retry.max_attempts was lowered below its count.
    if (Status s = store::ClearPendingRetry(*db_, r.connection); s.ok()) {
      stored_retries_.erase(r.connection);
    }
  }
}

schedule::Scheduler::Decision Daemon::Decide(const std::string& connection, Outcome outcome,
                                             schedule::Time now) {
  schedule::Scheduler::Decision decision = scheduler_.Finished(connection, outcome, now);
  Status s;
  if (decision.retry_at) {
    s = store::SavePendingRetry(*db_, {connection, decision.failures, schedule::FormatTime(now),
                                       schedule::FormatTime(*decision.retry_at)});
    if (s.ok()) stored_retries_.insert(connection);
  } else if (stored_retries_.count(connection) != 0) {
    s = store::ClearPendingRetry(*db_, connection);
    if (s.ok()) stored_retries_.erase(connection);
  }
  if (!s.ok()) {
    log::Warn("[" + connection + "] cannot keep the retry state in the store (a restarted " +
              "daemon would not know of it): " + s.message());
  }
  return decision;
}

// One line per scheduled connection: its schedule and when it runs next.
void Daemon::LogPlan() {
  const schedule::Time now = clock_.Now();
  for (const config::ConnectionConfig& c : config_.connections) {
    if (c.schedule.empty()) continue;
    std::optional<schedule::Time> next = scheduler_.NextDue(c.name);
    std::string when = next ? schedule::FormatTime(*next) : std::string("never");
    std::string zone;
    if (!c.timezone.empty()) {
      zone = " in " + c.timezone;
      Result<schedule::TimeZone> tz = schedule::TimeZone::Find(c.timezone);
      if (next && tz.ok()) when += " (" + tz->Format(*next) + ")";
    }
    if (next && *next <= now) when = "now (due since " + when + ")";
    log::Info("[" + c.name + "] schedule '" + c.schedule + "'" + zone + ", next run " + when);
  }
}

void Daemon::Reload() {
  log::Info("SIGHUP: reloading " + config_path_);
  GlobalOptions reload = g_;
  reload.config_path = config_path_;
  Result<config::Config> fresh = LoadConfigFor(reload);
  if (!fresh.ok()) {
    log::Error("the new config is invalid; keeping the old one:\n" + fresh.status().message());
    return;
  }
  if (fresh->store_path != config_.store_path) {
    log::Error("the new config moves store.path to " + fresh->store_path +
               "; a running daemon cannot change stores: keeping the old config (restart to "
               "switch)");
    return;
  }
  if (fresh->server.enabled != config_.server.enabled ||
      fresh->server.host != config_.server.host || fresh->server.port != config_.server.port) {
    log::Warn("server.listen changed: it takes effect when the daemon restarts");
  }
  config_ = std::move(fresh).value();
  ApplyConfig();
  LogPlan();
  log::Info("reloaded: " + std::to_string(config_.connections.size()) + " connection(s)");
}

void Daemon::StartDueRuns() {
  if (draining_) return;
  const size_t limit = static_cast<size_t>(config_.scheduler.max_concurrent_runs);
  if (children_.size() >= limit) return;
  for (const std::string& name : scheduler_.Due(clock_.Now(), limit - children_.size())) {
    bool already = false;
    for (const auto& [pid, child] : children_) already = already || child.connection == name;
    if (already) continue;  // removed and re-added by a reload while still running
    Spawn(name);
  }
}

void Daemon::Spawn(const std::string& connection) {
  const config::ConnectionConfig* c = config_.FindConnection(connection);
  if (c == nullptr) return;
  const schedule::Time now = clock_.Now();
  Result<int64_t> floor = store::MaxRunId(*db_);
  int fds[2];
  if (::pipe2(fds, O_CLOEXEC) != 0) {
    log::Error("[" + connection + "] cannot start a sync: pipe: " + std::strerror(errno));
    scheduler_.Started(connection, now);
    Decide(connection, Outcome::kFailed, now);
    return;
  }
  std::vector<std::string> args = {exe_, "-c", config_path_};
  if (g_.verbose) args.push_back("-v");
  args.insert(args.end(), {"sync", connection});
  std::vector<char*> argv;
  for (std::string& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);

  const pid_t daemon_pid = ::getpid();
  const pid_t pid = ::fork();
  if (pid == 0) {
    // The child: only async-signal-safe calls until exec.
    ::setpgid(0, 0);
    // The sync ends (cancelled at its last commit) when the daemon dies, even by SIGKILL: no
    // orphan holds its connection past run_timeout with nobody to time it out. If the daemon
    // died before this line, the parent is already someone else. SIGHUP, not SIGTERM: the
    // kernel repeats the signal for each daemon thread the child is passed through as they
    // die, and a second SIGTERM would kill the sync at once; it never escalates SIGHUP.
    ::prctl(PR_SET_PDEATHSIG, SIGHUP);
    if (::getppid() != daemon_pid) _exit(127);
    sigset_t none;
    sigemptyset(&none);
    ::sigprocmask(SIG_SETMASK, &none, nullptr);
    const int null_fd = ::open("/dev/null", O_RDONLY);
    if (null_fd >= 0) ::dup2(null_fd, 0);
    ::dup2(fds[1], 1);
    ::dup2(fds[1], 2);
    // /proc/self/exe: the very binary the daemon runs, even if an upgrade replaced the file
    // (argv[0] keeps its name for ps).
    ::execv("/proc/self/exe", argv.data());
    _exit(127);
  }
  ::close(fds[1]);
  if (pid < 0) {
    ::close(fds[0]);
    log::Error("[" + connection + "] cannot start a sync: fork: " + std::strerror(errno));
    scheduler_.Started(connection, now);
    Decide(connection, Outcome::kFailed, now);
    return;
  }
  ::setpgid(pid, pid);  // also here, so signals sent right away reach the group
  ::fcntl(fds[0], F_SETFL, ::fcntl(fds[0], F_GETFL) | O_NONBLOCK);
  Child child;
  child.connection = connection;
  child.plugin = c->plugin;
  child.pid = pid;
  child.output_fd = fds[0];
  child.started_utc = store::NowUtc();
  child.started = Steady::now();
  child.run_id_floor = floor.ok() ? *floor : 0;
  child.retry = scheduler_.Started(connection, now) == schedule::Scheduler::Start::kRetry;
  if (child.retry) ++scheduler_retries_[connection];
  children_.emplace(pid, std::move(child));
  log::Info("[" + connection + "] starting " + (children_.at(pid).retry ? "a retry" : "sync") +
            " (pid " + std::to_string(pid) + ")");
}

void Daemon::LogChildLine(Child& child, const std::string& line) {
  if (line.empty()) return;
  if (child.last_lines.size() >= 8) child.last_lines.pop_front();
  child.last_lines.push_back(line);
  // The child logs "2026-01-02T03:04:05.678Z level message"; keep its level, drop its time.
  log::Level level = log::Level::kInfo;
  std::string message = line;
  const size_t first = line.find(' ');
  if (first == 24 && line[23] == 'Z') {
    const size_t second = line.find(' ', first + 1);
    const std::string word = line.substr(
        first + 1, second == std::string::npos ? std::string::npos : second - first - 1);
    static const std::pair<const char*, log::Level> kLevels[] = {{"debug", log::Level::kDebug},
                                                                 {"info", log::Level::kInfo},
                                                                 {"warning", log::Level::kWarn},
                                                                 {"error", log::Level::kError},
                                                                 {"critical", log::Level::kError}};
    for (const auto& [name, lvl] : kLevels) {
      if (word == name && second != std::string::npos) {
        level = lvl;
        message = line.substr(second + 1);
      }
    }
  }
  log::Write(level, "[" + child.connection + "] " + message);
}

void Daemon::ReadOutput(Child& child) {
  char buf[4096];
  while (child.output_fd >= 0) {
    const ssize_t n = ::read(child.output_fd, buf, sizeof buf);
    if (n > 0) {
      child.partial_line.append(buf, static_cast<size_t>(n));
      size_t pos;
      while ((pos = child.partial_line.find('\n')) != std::string::npos) {
        LogChildLine(child, child.partial_line.substr(0, pos));
        child.partial_line.erase(0, pos + 1);
      }
      if (child.partial_line.size() > 65536) {  // a line that never ends: log it in pieces
        LogChildLine(child, child.partial_line);
        child.partial_line.clear();
      }
      continue;
    }
    if (n < 0 && errno == EINTR) continue;
    // Nothing more for now. After the child's exit this means something it started still
    // holds the pipe; ReapChildren then stops listening.
    if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) return;
    // EOF or error: the child (and everything it started) closed its end.
    LogChildLine(child, child.partial_line);
    child.partial_line.clear();
    ::close(child.output_fd);
    child.output_fd = -1;
  }
}

void Daemon::ReapChildren() {
  for (;;) {
    int status = 0;
    const pid_t pid = ::waitpid(-1, &status, WNOHANG);
    if (pid <= 0) return;
    auto it = children_.find(pid);
    if (it == children_.end()) continue;
    ReadOutput(it->second);
    if (it->second.output_fd >= 0) {
      ::close(it->second.output_fd);
      it->second.output_fd = -1;
    }
    Finish(it->second, status);
    children_.erase(it);
  }
}

// Decides how a child's run ended, completes its sync_runs row when the child could not, and
// tells the scheduler.
void Daemon::Finish(Child& child, int wait_status) {
  const std::string& name = child.connection;
  const std::string prefix = "[" + name + "] ";
  const auto elapsed = Steady::now() - child.started;
  const std::string timeout_text =
      "timed out after " + schedule::FormatDuration(config_.scheduler.run_timeout);

  Result<std::optional<store::RunRow>> found =
      store::FindRunByPid(*db_, name, child.pid, child.run_id_floor);
  if (!found.ok()) log::Error(prefix + "cannot read its run record: " + found.status().message());
  const std::optional<store::RunRow> row = found.ok() ? *found : std::nullopt;

  // What to record when the child could not: nullopt = nothing to record.
  std::optional<std::string> status;
  std::string error;
  Outcome outcome = Outcome::kFailed;

  if (WIFSIGNALED(wait_status)) {
    const int sig = WTERMSIG(wait_status);
    if (child.timed_out) {
      status = "failed";
      error = timeout_text + (child.kill_sent
                                  ? "; it did not stop within the " +
                                        schedule::FormatDuration(config_.scheduler.grace_period) +
                                        " grace period and was killed (SIGKILL)"
                                  : "; ended by " + SignalText(sig));
    } else if (child.stopped_by_drain) {
      status = "interrupted";
      error = "stopped at daemon shutdown: " + SignalText(sig) +
              (child.kill_sent ? " after the grace period" : "");
      outcome = Outcome::kCancelled;
    } else if (sig == SIGKILL || sig == SIGTERM || sig == SIGINT) {
      status = "interrupted";
      error = "killed by " + SignalText(sig) + " from outside the daemon (out of memory?)";
    } else {
      status = "failed";
      error = "plugin crashed: " + SignalText(sig);
    }
    if (row && row->status != "running") {
      // It recorded its end and died afterwards (e.g. in a plugin's close): the run stands.
      log::Warn(prefix + "run " + std::to_string(row->id) + " was recorded " + row->status +
                ", then the process died: " + error);
      status.reset();
      outcome = row->status == "succeeded" ? Outcome::kSucceeded : outcome;
    } else if (!row && child.stopped_by_drain) {
      status.reset();  // stopped before it recorded a run: nothing happened
    }
  } else {
    const int code = WEXITSTATUS(wait_status);
    if (row && row->status == "running") {
      status = "failed";
      error = child.timed_out ? timeout_text + "; the process exited (code " +
                                    std::to_string(code) + ") without finishing the run"
                              : "the sync process exited (code " + std::to_string(code) +
                                    ") before finishing the run: the plugin ended the process "
                                    "mid-stream";
    } else if (row) {
      if (child.timed_out) {
        // It stopped at a checkpoint on our SIGTERM and recorded itself cancelled: say why.
        status = "failed";
        error = timeout_text + "; stopped at its last commit";
      } else if (row->status == "succeeded") {
        outcome = Outcome::kSucceeded;
      } else if (row->status == "deferred") {
        outcome = Outcome::kDeferred;
      } else if (row->status == "cancelled") {
        outcome = Outcome::kCancelled;
      }
    } else if (code == kExitBusy) {
      outcome = Outcome::kSkipped;
    } else if (child.stopped_by_drain) {
      outcome = Outcome::kCancelled;
    } else {
      // It ended before recording a run: a config or plugin load error, usually.
      std::string last;
      for (auto it = child.last_lines.rbegin(); it != child.last_lines.rend(); ++it) {
        if (!it->empty()) {
          last = *it;
          break;
        }
      }
      status = "failed";
      error = child.timed_out ? timeout_text + " before it recorded a run"
                              : "tempo sync exited (code " + std::to_string(code) +
                                    ") before recording a run" + (last.empty() ? "" : ": " + last);
    }
  }

  int64_t run_id = row ? row->id : 0;
  if (status) {
    error = log::Redact(error);
    if (row) {
      Status s = store::EndRun(*db_, row->id, *status, error);
      if (!s.ok())
        log::Error(prefix + "cannot record the end of run " + std::to_string(row->id) + ": " +
                   s.message());
    } else {
      Result<int64_t> id = store::InsertEndedRun(*db_, name, child.plugin, child.pid,
                                                 child.started_utc, *status, error);
      if (id.ok())
        run_id = *id;
      else
        log::Error(prefix + "cannot record the run: " + id.status().message());
    }
  }

  const schedule::Time now = clock_.Now();
  schedule::Scheduler::Decision decision = Decide(name, outcome, now);
  std::string line = prefix + (run_id ? "run " + std::to_string(run_id) + " " : "sync ") +
                     (status ? *status
                      : row  ? row->status
                             : schedule::OutcomeName(outcome)) +
                     " after " + Millis(elapsed);
  if (status)
    line += ": " + error;
  else if (row && !row->error.empty() && outcome != Outcome::kSucceeded)
    line += ": " + row->error;
  if (outcome == Outcome::kSkipped)
    line += ": another process is syncing it; waiting for the next slot";
  if (decision.retry_at) {
    line += "; retry " + std::to_string(decision.failures) + " of " +
            std::to_string(config_.scheduler.retry_max_attempts - 1) + " at " +
            schedule::FormatTime(*decision.retry_at);
  } else if (decision.gave_up) {
    line += "; " + std::to_string(decision.failures) +
            " failed attempt(s) in a row: waiting for the next scheduled slot";
  }
  if (outcome == Outcome::kSucceeded)
    log::Info(line);
  else if (outcome == Outcome::kFailed)
    log::Error(line);
  else
    log::Warn(line);
}

void Daemon::EnforceTimeouts() {
  const auto now = Steady::now();
  for (auto& [pid, child] : children_) {
    if (!child.term_sent && now - child.started >= config_.scheduler.run_timeout) {
      child.timed_out = true;
      child.term_sent = true;
      child.kill_at = now + config_.scheduler.grace_period;
      ::kill(-pid, SIGTERM);
      log::Warn("[" + child.connection + "] run timeout (" +
                schedule::FormatDuration(config_.scheduler.run_timeout) +
                ") reached: SIGTERM, SIGKILL in " +
                schedule::FormatDuration(config_.scheduler.grace_period) + " unless it stops");
    }
    if (child.kill_at && now >= *child.kill_at && !child.kill_sent) {
      child.kill_sent = true;
      ::kill(-pid, SIGKILL);
      log::Warn("[" + child.connection + "] still running after the grace period: SIGKILL");
    }
  }
}

void Daemon::BeginDrain() {
  draining_ = true;
  const auto now = Steady::now();
  log::Info("stopping: no new runs; " + std::to_string(children_.size()) +
            " running sync(s) get up to " +
            schedule::FormatDuration(config_.scheduler.grace_period) +
            " to stop at a checkpoint (a second SIGTERM or Ctrl-C kills them now)");
  for (auto& [pid, child] : children_) {
    child.stopped_by_drain = !child.timed_out;
    if (!child.term_sent) {
      child.term_sent = true;
      ::kill(-pid, SIGTERM);
    }
    const auto kill_at = now + config_.scheduler.grace_period;
    if (!child.kill_at || kill_at < *child.kill_at) child.kill_at = kill_at;
  }
}

void Daemon::KillAll() {
  for (auto& [pid, child] : children_) {
    if (!child.kill_sent) {
      child.kill_sent = true;
      ::kill(-pid, SIGKILL);
    }
  }
}

int Daemon::PollTimeoutMs() const {
  int64_t timeout = 1000;
  if (!draining_ && children_.size() < static_cast<size_t>(config_.scheduler.max_concurrent_runs)) {
    if (std::optional<schedule::Time> wake = scheduler_.NextWake()) {
      timeout = std::min<int64_t>(timeout, (*wake - clock_.Now()).count());
    }
  }
  const auto now = Steady::now();
  for (const auto& [pid, child] : children_) {
    if (child.kill_sent) continue;  // nothing left to do but reap it (SIGCHLD wakes the loop)
    const auto deadline =
        child.kill_at ? *child.kill_at : child.started + config_.scheduler.run_timeout;
    timeout = std::min<int64_t>(
        timeout, std::chrono::duration_cast<std::chrono::milliseconds>(deadline - now).count() + 1);
  }
  return static_cast<int>(std::max<int64_t>(timeout, 0));
}

void Daemon::Publish() {
  if (!server_) return;
  DaemonView view;
  view.started = started_;
  view.heartbeat = schedule::SystemClock().Now();
  view.draining = draining_;
  for (const config::ConnectionConfig& c : config_.connections) {
    DaemonView::Connection& v = view.connections[c.name];
    v.scheduled = !c.schedule.empty();
    v.next_due = scheduler_.NextDue(c.name);
    auto r = scheduler_retries_.find(c.name);
    v.scheduler_retries = r == scheduler_retries_.end() ? 0 : r->second;
  }
  for (const auto& [pid, child] : children_) view.connections[child.connection].running = true;
  server_->Publish(std::move(view));
}

int Daemon::Run() {
  std::error_code ec;
  exe_ = std::filesystem::read_symlink("/proc/self/exe", ec).string();
  if (ec) exe_ = "/proc/self/exe";
  config_path_ = std::filesystem::absolute(config_.path, ec).string();
  started_ = clock_.Now();

  Status s = InstallDaemonSignals();
  if (!s.ok()) return Fail(s, kExitRunFailed);
  if (config_.server.enabled) {
    Result<std::unique_ptr<MetricsServer>> server =
        MetricsServer::Start(config_.server.host, config_.server.port, config_.store_path);
    if (!server.ok())
      return Fail(Status(server.status().code(),
                         config_.server.location + ": " + server.status().message()),
                  kExitRunFailed);
    server_ = std::move(server).value();
    const std::string host = config_.server.host;
    log::Info("serving /healthz and /metrics on http://" + host + ":" +
              std::to_string(server_->port()));
    if (host != "127.0.0.1" && host != "localhost" && host != "[::1]") {
      log::Warn("server.listen " + host +
                " is not a loopback address: /metrics is readable by anyone who can reach it");
    }
  }

  ApplyConfig();
  // Seed each connection's last start, so slots missed while the daemon was down run once.
  if (Result<std::map<std::string, std::string>> starts = store::LastRunStarts(*db_); starts.ok()) {
    for (const auto& [name, text] : *starts) {
      if (std::optional<schedule::Time> t = schedule::ParseTime(text)) {
        scheduler_.SeedLastStart(name, *t);
      }
    }
    for (const config::ConnectionConfig& c : config_.connections) {
      std::optional<schedule::Time> next = scheduler_.NextDue(c.name);
      if (!c.schedule.empty() && next && *next <= clock_.Now() && starts->count(c.name)) {
        log::Info("[" + c.name + "] missed its slot at " + schedule::FormatTime(*next) +
                  " (last run " + starts->at(c.name) + "): running it once now");
      }
    }
  } else {
    log::Warn("cannot read the last runs: " + starts.status().message());
  }
  RestoreRetries();
  LogPlan();
  log::Info("tempo run: store " + config_.store_path + ", up to " +
            std::to_string(config_.scheduler.max_concurrent_runs) + " run(s) at once, timeout " +
            schedule::FormatDuration(config_.scheduler.run_timeout));

  for (;;) {
    if (g_stop_signals > stop_signals_seen_) {
      const bool first = stop_signals_seen_ == 0;
      stop_signals_seen_ = g_stop_signals;
      if (first) {
        BeginDrain();
      } else {
        log::Warn("second stop signal: killing running syncs now");
        KillAll();
      }
    }
    if (g_reload) {
      g_reload = 0;
      if (!draining_) Reload();
    }
    ReapChildren();
    if (draining_ && children_.empty()) break;
    EnforceTimeouts();
    StartDueRuns();
    Publish();

    std::vector<pollfd> fds;
    fds.push_back({g_wake_pipe[0], POLLIN, 0});
    std::vector<pid_t> owners;
    for (auto& [pid, child] : children_) {
      if (child.output_fd < 0) continue;
      fds.push_back({child.output_fd, POLLIN, 0});
      owners.push_back(pid);
    }
    const int ready = ::poll(fds.data(), fds.size(), PollTimeoutMs());
    if (ready < 0 && errno != EINTR) {
      log::Error(std::string("poll: ") + std::strerror(errno));
      ::sleep(1);
    }
    if (ready <= 0) continue;
    if (fds[0].revents & POLLIN) {
      char drain[64];
      while (::read(g_wake_pipe[0], drain, sizeof drain) > 0) {
      }
    }
    for (size_t i = 1; i < fds.size(); ++i) {
      if (fds[i].revents == 0) continue;
      auto it = children_.find(owners[i - 1]);
      if (it != children_.end()) ReadOutput(it->second);
    }
  }
  log::Info("stopped");
  return kExitOk;
}

}  // namespace

int RunDaemon(const GlobalOptions& g) {
  Result<config::Config> config = LoadConfigFor(g);
  if (!config.ok()) return Fail(config.status(), kExitUsage);
  if (Status s = RequireSqliteStore(*config, "run"); !s.ok()) return Fail(s, kExitUsage);
  Result<std::unique_ptr<store::RunLock>> lock = store::RunLock::ForDaemon(config->store_path);
  if (!lock.ok()) {
    return Fail(lock.status(),
                lock.status().code() == StatusCode::kBusy ? kExitBusy : kExitRunFailed);
  }
  // Created and migrated here, once, rather than by the first children racing each other.
  Result<std::unique_ptr<store::Db>> db = store::OpenStore(config->store_path);
  if (!db.ok()) return Fail(db.status(), kExitRunFailed);

  // Test-only: shifts the scheduler's clock (docs/admin-guide.md, "Testing schedules").
  Duration offset{0};
  if (const char* env = std::getenv("TEMPO_TEST_CLOCK_OFFSET"); env && *env) {
    std::string_view text(env);
    const bool negative = text.front() == '-';
    if (negative) text.remove_prefix(1);
    Result<Duration> parsed = schedule::ParseDuration(text);
    if (!parsed.ok())
      return Fail(Status::InvalidArgument("TEMPO_TEST_CLOCK_OFFSET: " + parsed.status().message()),
                  kExitUsage);
    offset = negative ? -*parsed : *parsed;
    log::Warn("TEMPO_TEST_CLOCK_OFFSET=" + std::string(env) +
              ": the scheduler's clock is shifted (for tests only)");
  }
  schedule::SystemClock clock(offset);
  Daemon daemon(g, std::move(config).value(), std::move(db).value(), clock);
  return daemon.Run();
}

}  // namespace tempo::cli
