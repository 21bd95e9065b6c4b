// tempo status: each connection's last run and the age of each stream's committed state.
#include <signal.h>

#include <cerrno>
#include <cstdio>
#include <ctime>
#include <iostream>
#include <optional>

#include "cli/commands.h"
#include "common/json_writer.h"
#include "schedule/scheduler.h"
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

bool ProcessAlive(int64_t pid) {
  return pid > 0 && (::kill(static_cast<pid_t>(pid), 0) == 0 || errno == EPERM);
}

// When the daemon next starts the connection, from its schedule and last run (a retry the
// daemon has pending is not visible here); nullopt when unscheduled.
std::optional<schedule::Time> NextRun(const config::ConnectionConfig& c,
                                      const std::string& last_started_at, schedule::Time now) {
  if (c.schedule.empty()) return std::nullopt;
  Result<schedule::Schedule> parsed = schedule::ParseSchedule(c.schedule);
  if (!parsed.ok()) return std::nullopt;
  return schedule::NextDue(*parsed, schedule::ParseTime(last_started_at), now);
}

std::string NextRunText(const config::ConnectionConfig& c, std::optional<schedule::Time> next,
                        schedule::Time now) {
  if (c.schedule.empty()) return "on demand only (no schedule)";
  if (!next) return "schedule '" + c.schedule + "' never fires again";
  const std::string when = schedule::FormatTime(std::chrono::floor<std::chrono::seconds>(*next));
  if (*next <= now) return "due now (" + c.schedule + "): the daemon starts it when it next looks";
  const auto in = std::chrono::duration_cast<std::chrono::seconds>(*next - now).count();
  return "next run " + when + " (in " + AgeText(in) + ", " + c.schedule + ")";
}

}  // namespace

int StatusCommand(const GlobalOptions& g, bool json) {
  Result<config::Config> config = LoadConfigFor(g);
  if (!config.ok()) return Fail(config.status(), kExitUsage);
  Result<std::unique_ptr<store::Db>> db = store::OpenStoreReadOnly(config->store_path);
  std::unique_ptr<store::Db> store_db = db.ok() ? std::move(db).value() : nullptr;
  if (!store_db && !json) std::cerr << "tempo: " << db.status().message() << "\n";

  JsonWriter w;
  w.BeginObject().Key("store").String(config->store_path).Key("connections").BeginArray();
  for (const auto& c : config->connections) {
    w.BeginObject().Key("name").String(c.name).Key("plugin").String(c.plugin);
    w.Key("schedule").String(c.schedule);
    std::string line = c.name + " (" + c.plugin + "): ";
    bool have_run = false;
    bool running = false;
    std::string last_started_at;
    if (store_db) {
      auto run = store_db->Prepare(
          "SELECT id, status, started_at, records, rejects, duration_ms, error, pid "
          "FROM sync_runs WHERE connection = ?1 ORDER BY id DESC LIMIT 1");
      if (run.ok()) {
        run->Bind(1, std::string_view(c.name));
        Result<bool> row = run->Step();
        if (row.ok() && *row) {
          have_run = true;
          last_started_at = run->Text(2);
          running = run->Text(1) == "running" && ProcessAlive(run->Int(7));
          w.Key("last_run").BeginObject();
          w.Key("id").Int(run->Int(0)).Key("status").String(run->Text(1));
          w.Key("started_at").String(run->Text(2)).Key("records").Int(run->Int(3));
          w.Key("rejects").Int(run->Int(4)).Key("duration_ms").Int(run->Int(5));
          if (run->IsNull(6)) {
            w.Key("error").Null();
          } else {
            w.Key("error").String(run->Text(6));
          }
          w.EndObject();
          line += "last run " + std::to_string(run->Int(0)) + " " + run->Text(1) + ", " +
                  std::to_string(run->Int(3)) + " records, " + std::to_string(run->Int(5)) +
                  " ms, " + AgeText(AgeSeconds(run->Text(2))) + " ago" +
                  (run->IsNull(6) ? "" : "; error: " + run->Text(6));
        }
      }
    }
    if (!have_run) line += "never synced";
    const schedule::Time now = schedule::SystemClock().Now();
    const std::optional<schedule::Time> next = NextRun(c, last_started_at, now);
    w.Key("running").Bool(running);
    if (next) {
      w.Key("next_run_at")
          .String(schedule::FormatTime(std::chrono::floor<std::chrono::seconds>(*next)));
    } else {
      w.Key("next_run_at").Null();
    }
    if (!json) {
      std::cout << line << "\n  " << (running ? "running now; " : "") << NextRunText(c, next, now)
                << "\n";
    }
    w.Key("streams").BeginArray();
    if (store_db) {
      auto st = store_db->Prepare(
          "SELECT stream, updated_at, refresh_run_id FROM sync_state WHERE connection = ?1 "
          "ORDER BY stream");
      if (st.ok()) {
        st->Bind(1, std::string_view(c.name));
        for (;;) {
          Result<bool> row = st->Step();
          if (!row.ok() || !*row) break;
          long long age = AgeSeconds(st->Text(1));
          w.BeginObject().Key("stream").String(st->Text(0)).Key("committed_at").String(st->Text(1));
          w.Key("age_seconds").Int(age).Key("full_refresh_in_progress").Bool(!st->IsNull(2));
          w.EndObject();
          if (!json) {
            std::cout << "  stream " << st->Text(0) << ": cursor committed " << AgeText(age)
                      << " ago" << (st->IsNull(2) ? "" : " (full refresh in progress)") << "\n";
          }
        }
      }
    }
    w.EndArray().EndObject();
  }
  w.EndArray().EndObject();
  if (json) std::cout << w.str() << "\n";
  return kExitOk;
}

}  // namespace tempo::cli
