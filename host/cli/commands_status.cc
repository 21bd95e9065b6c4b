// tempo status: each connection's last run and the age of each stream's committed state, read
// through the store's run-log queries (store/run_log.h).
#include <signal.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <ctime>
#include <iostream>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "cli/commands.h"
#include "common/json_writer.h"
#include "schedule/scheduler.h"
#include "store/identity.h"
#include "store/reject_log.h"
#include "store/retry_state.h"
#include "store/run_lock.h"
#include "store/run_log.h"
#include "store/store.h"

namespace tempo::cli {
namespace {

// Seconds since an ISO-8601 UTC time written by store::NowUtc, or -1.
long long AgeSeconds(const std::string& iso) {
  std::tm tm{};
  if (strptime(iso.c_str(), "%Y-%m-%dT%H:%M:%S", &tm) == nullptr) return -1;
  return static_cast<long long>(std::time(nullptr) - timegm(&tm));
}

std::string AgeText(long long s) {
  if (s < 0) return "?";
  if (s < 120) return std::to_string(s) + "s";
  if (s < 7200) return std::to_string(s / 60) + "m";
  if (s < 172800) return std::to_string(s / 3600) + "h";
  return std::to_string(s / 86400) + "d";
}

// What the connection's last run did on a stream: its fields into `w` (last_run_records,
// last_run_rejects, last_run_status, last_run_error) and "; last run 12 records" for the text.
std::string LastRunOfStream(const std::string& connection, const store::StreamRunCounts& c,
                            JsonWriter& w) {
  w.Key("last_run_records").Int(c.records);
  w.Key("last_run_rejects").Int(c.rejects);
  if (!c.status.empty()) w.Key("last_run_status").String(c.status);
  if (!c.error.empty()) w.Key("last_run_error").String(c.error);
  std::string last = "; last run " + std::to_string(c.records) + " records" +
                     (c.rejects > 0 ? ", " + std::to_string(c.rejects) +
                                          " rejects (tempo rejects " + connection + ")"
                                    : "");
  if (c.status == "failed") last += ", failed: " + c.error;
  return last;
}

bool ProcessAlive(int64_t pid) {
  return pid > 0 && (::kill(static_cast<pid_t>(pid), 0) == 0 || errno == EPERM);
}

// When the daemon next starts the connection for its schedule, from its schedule and last run
// (a pending retry may come first: RetryText); nullopt when unscheduled.
std::optional<schedule::Time> NextRun(const config::ConnectionConfig& c,
                                      const std::string& last_started_at, schedule::Time now) {
  if (c.schedule.empty()) return std::nullopt;
  Result<schedule::Schedule> parsed = schedule::ParseSchedule(c.schedule, c.timezone);
  if (!parsed.ok()) return std::nullopt;
  return schedule::NextDue(*parsed, schedule::ParseTime(last_started_at), now);
}

// " in Europe/Paris" after a schedule read in a zone; "" for UTC (and intervals, in no zone).
std::string ZoneText(const config::ConnectionConfig& c) {
  return c.timezone.empty() ? "" : " in " + c.timezone;
}

std::string NextRunText(const config::ConnectionConfig& c, std::optional<schedule::Time> next,
                        schedule::Time now, bool daemon_running) {
  if (c.schedule.empty()) return "on demand only (no schedule)";
  if (!daemon_running) {
    return "scheduled '" + c.schedule + "'" + ZoneText(c) +
           ", but no daemon runs on this store: start 'tempo run' for scheduled syncs";
  }
  if (!next) return "schedule '" + c.schedule + "'" + ZoneText(c) + " never fires again";
  const std::string when = schedule::FormatTime(std::chrono::floor<std::chrono::seconds>(*next));
  if (*next <= now) {
    return "due now (" + c.schedule + ZoneText(c) + "): the daemon starts it when it next looks";
  }
  const auto in = std::chrono::duration_cast<std::chrono::seconds>(*next - now).count();
  std::string local;
  if (Result<schedule::TimeZone> zone =
          schedule::TimeZone::Find(c.timezone.empty() ? "UTC" : c.timezone);
      zone.ok() && !zone->is_utc()) {
    local = zone->Format(*next) + ", ";
  }
  return "next run " + when + " (" + local + "in " + AgeText(in) + ", " + c.schedule + ZoneText(c) +
         ")";
}

// "retry 2 of 2 at 2026-03-02T10:03:00Z (in 45s; 2 runs in a row failed)".
std::string RetryText(const store::PendingRetry& retry, schedule::Time retry_at,
                      const config::Config& config, schedule::Time now) {
  const auto in = std::chrono::duration_cast<std::chrono::seconds>(retry_at - now).count();
  return "retry " + std::to_string(retry.failures) + " of " +
         std::to_string(config.scheduler.retry_max_attempts - 1) + " at " + retry.retry_at +
         (in > 0 ? " (in " + AgeText(in) + "; " : " (due now; ") + std::to_string(retry.failures) +
         (retry.failures == 1 ? " run" : " runs") + " in a row failed)";
}

// What the store says about one connection.
struct ConnectionHistory {
  std::optional<store::RunRow> last_run;
  std::optional<store::PendingRetry> pending_retry;  // the daemon's, when it has one
  std::vector<store::StreamStateRow> streams;
  std::map<std::string, store::StreamRunCounts> last_run_streams;  // by stream name
  int64_t pending_rejects = 0;       // kept rejects not in the store yet (tempo rejects)
  std::string last_sync_started_at;  // of the last sync run (replays do not move schedules)
};

// Reads every connection's last run and stream states from the store's run log. A store that
// does not exist yet has no history; any other failure is an error naming the store file.
Result<std::map<std::string, ConnectionHistory>> ReadHistory(const config::Config& config,
                                                             bool quiet_missing) {
  std::map<std::string, ConnectionHistory> history;
  Result<std::unique_ptr<store::Db>> db = store::OpenStoreReadOnly(config.store_path);
  if (!db.ok() && db.status().code() == StatusCode::kNotFound) {
    if (!quiet_missing) std::cerr << "tempo: " << db.status().message() << "\n";
    return history;
  }
  if (!db.ok()) return db.status();
  for (const auto& c : config.connections) {
    Result<std::optional<store::RunRow>> run = store::LastRun(**db, c.name);
    if (!run.ok()) return run.status();
    ConnectionHistory& h = history[c.name];
    h.last_run = std::move(run).value();
    if (!h.last_run) continue;
    Result<std::vector<store::StreamRunCounts>> counts =
        store::StreamCountsOfRun(**db, h.last_run->id);
    if (!counts.ok()) return counts.status();
    for (store::StreamRunCounts& count : *counts) {
      h.last_run_streams[count.stream] = std::move(count);
    }
  }
  // A store no daemon of this version ran on yet has no scheduler_retry table: no retries.
  if (Result<std::vector<store::PendingRetry>> retries = store::LoadPendingRetries(**db);
      retries.ok()) {
    for (store::PendingRetry& retry : *retries) {
      auto it = history.find(retry.connection);
      if (it != history.end()) it->second.pending_retry = std::move(retry);
    }
  }
  Result<std::vector<std::pair<std::string, int64_t>>> pending = store::PendingRejectCounts(**db);
  if (!pending.ok()) return pending.status();
  for (const auto& [connection, count] : *pending) {
    auto it = history.find(connection);
    if (it != history.end()) it->second.pending_rejects = count;
  }
  Result<std::map<std::string, std::string>> starts = store::LastRunStarts(**db);
  if (!starts.ok()) return starts.status();
  for (const auto& [connection, started_at] : *starts) {
    auto it = history.find(connection);
    if (it != history.end()) it->second.last_sync_started_at = started_at;
  }
  Result<std::vector<store::StreamStateRow>> states = store::StreamStates(**db);
  if (!states.ok()) return states.status();
  for (store::StreamStateRow& state : *states) {
    auto it = history.find(state.connection);
    if (it != history.end()) it->second.streams.push_back(std::move(state));
  }
  return history;
}

// The store's identity issues; empty when there is no store yet. A store written by an older
// Tempo (before the identity views) has none to report until a sync migrates it.
Result<std::vector<store::IdentityIssue>> ReadIdentityIssues(const config::Config& config) {
  Result<std::unique_ptr<store::Db>> db = store::OpenStoreReadOnly(config.store_path);
  if (!db.ok() && db.status().code() == StatusCode::kNotFound) {
    return std::vector<store::IdentityIssue>{};
  }
  if (!db.ok()) return db.status();
  return store::IdentityIssues(**db);
}

constexpr size_t kIssuesShown = 20;

}  // namespace

int StatusCommand(const GlobalOptions& g, bool json) {
  // Status opens no plugin, so it needs none of the connections' secrets.
  Result<config::Config> config = LoadConfigFor(g, {.resolve_plugin_config = false});
  if (!config.ok()) return Fail(config.status(), kExitUsage);
  if (Status s = RequireSqliteStore(*config, "status"); !s.ok()) return Fail(s, kExitUsage);
  Result<std::map<std::string, ConnectionHistory>> history = ReadHistory(*config, json);
  if (!history.ok()) {
    const Status& s = history.status();
    return Fail(Status(s.code(), "status: cannot read the run log: " + s.message() +
                                     "; check that store.path in the config names a Tempo "
                                     "store (a file 'tempo sync' created)"),
                s.code() == StatusCode::kBusy ? kExitBusy : kExitRunFailed);
  }

  const bool daemon_running = store::RunLock::DaemonRunning(config->store_path);
  JsonWriter w;
  w.BeginObject().Key("store").String(config->store_path);
  w.Key("daemon_running").Bool(daemon_running).Key("connections").BeginArray();
  for (const auto& c : config->connections) {
    const ConnectionHistory& h = (*history)[c.name];
    w.BeginObject().Key("name").String(c.name).Key("plugin").String(c.plugin);
    w.Key("schedule").String(c.schedule);
    w.Key("timezone").String(c.timezone.empty() ? "UTC" : c.timezone);
    std::string line = c.name + " (" + c.plugin + "): ";
    bool running = false;
    const std::string& last_started_at = h.last_sync_started_at;
    if (const std::optional<store::RunRow>& run = h.last_run) {
      running = run->status == "running" && ProcessAlive(run->pid);
      // A run still marked running whose process is gone was killed: the next sync of the
      // connection records it so and resumes from its last commit.
      const bool interrupted = run->status == "running" && !running;
      const std::string run_status = interrupted ? "interrupted" : run->status;
      w.Key("last_run").BeginObject();
      w.Key("id").Int(run->id).Key("kind").String(run->kind).Key("status").String(run_status);
      w.Key("started_at").String(run->started_at).Key("records").Int(run->records);
      w.Key("rejects").Int(run->rejects).Key("duration_ms").Int(run->duration_ms);
      if (run->error.empty()) {
        w.Key("error").Null();
      } else {
        w.Key("error").String(run->error);
      }
      w.EndObject();
      line += "last run " + std::to_string(run->id) +
              (run->kind == "sync" ? "" : " (" + run->kind + ")") + " " + run_status + ", " +
              std::to_string(run->records) + " records" +
              (run->rejects > 0 ? ", " + std::to_string(run->rejects) + " rejects" : "");
      if (interrupted) {
        line += " committed, started " + AgeText(AgeSeconds(run->started_at)) +
                " ago (its process is gone: killed or crashed; the next sync resumes from its "
                "last commit)";
      } else {
        line += ", " + std::to_string(run->duration_ms) + " ms, " +
                AgeText(AgeSeconds(run->started_at)) + " ago" +
                (run->error.empty() ? "" : "; error: " + run->error);
      }
    } else {
      line += "never synced";
    }
    const schedule::Time now = schedule::SystemClock().Now();
    std::optional<schedule::Time> next = NextRun(c, last_started_at, now);
    std::string next_text = NextRunText(c, next, now, daemon_running);
    w.Key("running").Bool(running).Key("pending_rejects").Int(h.pending_rejects);
    w.Key("pending_retry");
    if (const std::optional<store::PendingRetry>& retry = h.pending_retry) {
      w.BeginObject().Key("failures").Int(retry->failures);
      w.Key("failed_at").String(retry->failed_at).Key("retry_at").String(retry->retry_at);
      w.EndObject();
      const std::optional<schedule::Time> at = schedule::ParseTime(retry->retry_at);
      if (at && daemon_running && !running && (!next || *at < *next)) {
        next = at;
        next_text = RetryText(*retry, *at, *config, now);
      }
    } else {
      w.Null();
    }
    if (next && daemon_running) {
      w.Key("next_run_at")
          .String(schedule::FormatTime(std::chrono::floor<std::chrono::seconds>(*next)));
    } else {
      w.Key("next_run_at").Null();
    }
    if (!json) {
      std::cout << line << "\n  " << (running ? "running now; " : "") << next_text << "\n";
      if (h.pending_rejects > 0) {
        std::cout << "  " << WithCommas(h.pending_rejects) << " rejected record"
                  << (h.pending_rejects == 1 ? "" : "s") << " not in the store: `tempo rejects "
                  << c.name << "` lists them; after a fix, `tempo rejects " << c.name
                  << " --replay` stores them\n";
      }
    }
    w.Key("streams").BeginArray();
    for (const store::StreamStateRow& st : h.streams) {
      long long age = AgeSeconds(st.updated_at);
      w.BeginObject().Key("stream").String(st.stream).Key("committed_at").String(st.updated_at);
      w.Key("age_seconds")
          .Int(age)
          .Key("full_refresh_in_progress")
          .Bool(st.full_refresh_in_progress);
      // What the connection's last run did on this stream (absent when it did not read it).
      const auto counts = h.last_run_streams.find(st.stream);
      std::string last;
      if (counts != h.last_run_streams.end()) last = LastRunOfStream(c.name, counts->second, w);
      w.EndObject();
      if (!json) {
        std::cout << "  stream " << st.stream << ": cursor committed " << AgeText(age) << " ago"
                  << (st.full_refresh_in_progress ? " (full refresh in progress)" : "") << last
                  << "\n";
      }
    }
    // Streams the last run read that have no committed cursor (one that failed before its
    // first commit): still shown, with why.
    for (const auto& [name, counts] : h.last_run_streams) {
      const bool has_state =
          std::any_of(h.streams.begin(), h.streams.end(),
                      [&name](const store::StreamStateRow& st) { return st.stream == name; });
      if (has_state) continue;
      w.BeginObject().Key("stream").String(name).Key("committed_at").Null();
      const std::string last = LastRunOfStream(c.name, counts, w);
      w.EndObject();
      if (!json) std::cout << "  stream " << name << ": no cursor committed" << last << "\n";
    }
    w.EndArray().EndObject();
  }
  w.EndArray();
  Result<std::vector<store::IdentityIssue>> issues = ReadIdentityIssues(*config);
  if (!issues.ok()) {
    return Fail(Status(issues.status().code(),
                       "status: cannot read the identity issues: " + issues.status().message()),
                kExitRunFailed);
  }
  w.Key("identity_issues").BeginArray();
  for (const store::IdentityIssue& i : *issues) {
    w.BeginObject().Key("kind").String(i.kind).Key("connection").String(i.connection);
    w.Key("entity").String(i.entity).Key("source_id").String(i.source_id);
    w.Key("detail").String(i.detail).EndObject();
  }
  w.EndArray().EndObject();
  if (json) {
    std::cout << w.str() << "\n";
  } else if (!issues->empty()) {
    std::cout << "identity: " << issues->size()
              << " record(s) not matched across sources because the match is ambiguous or "
                 "missing (never merged silently):\n";
    for (size_t k = 0; k < issues->size() && k < kIssuesShown; ++k) {
      std::cout << "  " << store::DescribeIssue((*issues)[k]) << "\n";
    }
    if (issues->size() > kIssuesShown) {
      std::cout << "  ... and " << issues->size() - kIssuesShown
                << " more; tempo status --json lists every one\n";
    }
  }
  return kExitOk;
}

}  // namespace tempo::cli
