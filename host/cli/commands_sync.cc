// tempo sync: one run of one connection, with a progress line on a terminal and a clean stop
// on SIGINT/SIGTERM/SIGHUP (the run ends 'cancelled' at its last commit).
#include <signal.h>
#include <unistd.h>

#include <atomic>
#include <cstdio>
#include <iostream>

#include "cli/commands.h"
#include "common/json_writer.h"
#include "common/log.h"
#include "store/backend.h"
#include "sync/attribution.h"
#include "sync/engine.h"
#include "sync/fx_conversion.h"

namespace tempo::cli {
namespace {

std::atomic<bool> g_cancel{false};
std::atomic<int> g_stop_signal{0};

// " (0.4 %)": the share of the limit a provider's usage report says is used; "" without a limit.
std::string UsageShare(int64_t used, int64_t limit) {
  if (limit <= 0) return "";
  char share[32];
  std::snprintf(share, sizeof share, " (%.1f %%)", 100.0 * static_cast<double>(used) / limit);
  return share;
}

void OnStopSignal(int sig) {
  g_stop_signal.store(sig);
  g_cancel.store(true);
  // A second signal ends the process at once (the store stays at its last commit).
  ::signal(SIGINT, SIG_DFL);
  ::signal(SIGTERM, SIG_DFL);
}

// SIGHUP is the daemon's death (tempo run sets it as its children's parent-death signal): a
// stop request like the first SIGTERM, never escalated, since the kernel sends it again for
// each of the dying daemon's threads it passes the child through.
void OnParentGone(int sig) {
  int expected = 0;
  g_stop_signal.compare_exchange_strong(expected, sig);
  g_cancel.store(true);
}

void InstallStopHandlers() {
  struct sigaction sa {};
  sa.sa_handler = OnStopSignal;
  sigemptyset(&sa.sa_mask);
  sigaction(SIGINT, &sa, nullptr);
  sigaction(SIGTERM, &sa, nullptr);
  struct sigaction hup {};
  hup.sa_handler = OnParentGone;
  sigemptyset(&hup.sa_mask);
  sigaction(SIGHUP, &hup, nullptr);
}

}  // namespace

int Sync(const GlobalOptions& g, const SyncArgs& args) {
  // From the start, so a stop request that arrives while the plugin loads still ends the run
  // cleanly (the daemon may send one at any moment).
  InstallStopHandlers();
  Result<config::Config> config = LoadConfigFor(g);
  if (!config.ok()) return Fail(config.status(), kExitUsage);
  // One run per connection at a time, also against the daemon's runs: taken before the plugin
  // is loaded, released by the kernel however this process ends.
  const store::StoreLocation where{config->store_path, config->store_url};
  std::unique_ptr<store::RunGuard> lock;
  if (config->FindConnection(args.connection) != nullptr) {
    Result<std::unique_ptr<store::RunGuard>> locked =
        store::LockConnectionRuns(where, args.connection);
    if (!locked.ok()) {
      return Fail(locked.status(),
                  locked.status().code() == StatusCode::kBusy ? kExitBusy : kExitRunFailed);
    }
    lock = std::move(locked).value();
  }
  Result<OpenedConnection> opened = OpenConnection(*config, args.connection);
  if (!opened.ok()) return Fail(opened.status(), kExitUsage);
  Result<std::unique_ptr<store::SyncTarget>> target =
      store::OpenSyncTarget(where, args.connection, opened->connection->keep_raw);
  if (!target.ok()) return Fail(target.status(), kExitRunFailed);
  sync::Destination& store = (*target)->destination();
  // Deal amounts in dollars (store.fx_rates), then lead attribution, on the way to the store.
  sync::FxConvertingDestination converting(store, config->fx_rates, sync::TodayUtc());
  sync::AttributingDestination destination(converting, AttributionRules(*opened->connection));
  sync::SyncOptions options;
  options.connection = args.connection;
  options.full_refresh = args.full_refresh;
  options.max_reject_ratio = opened->connection->max_reject_ratio;
  if (args.commit_records > 0) options.commit_records = args.commit_records;
  if (!args.streams.empty()) {
    for (const std::string& s : args.streams) options.streams.push_back({s, ""});
  } else {
    for (const auto& s : opened->connection->streams) options.streams.push_back({s.name, s.mode});
  }
  options.cancel = &g_cancel;
  bool tty = ::isatty(STDERR_FILENO) && !g.quiet;
  if (tty) {
    options.on_progress = [](const sync::Progress& p) {
      double rate = p.seconds > 0 ? p.records / p.seconds : 0;
      const std::string time = sync::WhereTimeGoes(p.time, p.seconds);
      std::fprintf(stderr, "\r\033[K  %s: %s records (%s/s), %s rejects%s%s", p.stream.c_str(),
                   WithCommas(p.records).c_str(), WithCommas(static_cast<int64_t>(rate)).c_str(),
                   WithCommas(p.rejects).c_str(), time.empty() ? "" : "; ", time.c_str());
      std::fflush(stderr);
    };
  }

  Result<sync::SyncResult> result = sync::RunSync(*opened->connector, destination, options);
  if (tty) std::fprintf(stderr, "\r\033[K");
  if (!result.ok()) return Fail(result.status(), kExitRunFailed);
  sync::RunSummary& sum = result->summary;
  sum.streams_json = converting.AnnotateStreams(sum.streams_json);  // as the run record has it
  const std::string unconverted = sync::DescribeUnconverted(converting.TotalUnconverted());

  if (args.json) {
    JsonWriter w;
    w.BeginObject();
    w.Key("run_id").Int(result->run_id).Key("connection").String(args.connection);
    w.Key("status").String(sum.status).Key("records").Int(sum.records);
    w.Key("deletes").Int(sum.deletes).Key("rejects").Int(sum.rejects);
    w.Key("pages").Int(sum.pages).Key("commits").Int(sum.commits).Key("bytes").Int(sum.bytes);
    w.Key("requests").Int(sum.requests).Key("retries").Int(sum.retries);
    w.Key("rate_limit_wait_ms").Int(sum.rate_limit_wait_ms);
    w.Key("server_ms").Int(sum.server_ms).Key("backoff_ms").Int(sum.backoff_ms);
    w.Key("commit_wait_ms").Int(sum.commit_wait_ms);
    w.Key("api_usage");
    if (sum.api_used >= 0) {
      w.BeginObject().Key("used").Int(sum.api_used).Key("limit").Int(sum.api_limit).EndObject();
    } else {
      w.Null();
    }
    w.Key("duration_ms").Int(sum.duration_ms);
    w.Key("streams").Raw(sum.streams_json);
    w.Key("reject_samples").Raw(sum.reject_samples_json);
    if (sum.error.empty()) {
      w.Key("error").Null();
    } else {
      w.Key("error").String(sum.error);
    }
    w.EndObject();
    std::cout << w.str() << "\n";
  } else {
    // As people read it: a run under a millisecond took "<0.001 s", and a rate only where it
    // means something (records written over a measurable time), never "(0 records/s)".
    const double seconds = sum.duration_ms / 1000.0;
    char took[32];
    if (sum.duration_ms > 0) {
      std::snprintf(took, sizeof took, "%.3f s", seconds);
    } else {
      std::snprintf(took, sizeof took, "<0.001 s");
    }
    std::string rate;
    if (sum.records > 0 && sum.duration_ms > 0) {
      rate = " (" + WithCommas(static_cast<int64_t>(sum.records / seconds)) + " records/s)";
    }
    sync::TimeShares time;
    time.rate_wait_s = sum.rate_limit_wait_ms / 1000.0;
    time.server_s = sum.server_ms / 1000.0;
    time.backoff_s = sum.backoff_ms / 1000.0;
    time.store_wait_s = sum.commit_wait_ms / 1000.0;
    time.rate_limit_key = sum.rate_limit_key;
    std::string where = sync::WhereTimeGoes(time, seconds);
    if (!where.empty()) where = ", " + where;
    // Rejects are never only a number: the line says where they are.
    const std::string listed =
        sum.rejects > 0 ? " (tempo rejects " + args.connection + " lists them)" : "";
    std::printf("sync %s: %s, %s records, %s rejects%s, %s deletes in %s%s%s; run %lld\n",
                args.connection.c_str(), sum.status.c_str(), WithCommas(sum.records).c_str(),
                WithCommas(sum.rejects).c_str(), listed.c_str(), WithCommas(sum.deletes).c_str(),
                took, rate.c_str(), where.c_str(), static_cast<long long>(result->run_id));
    if (sum.api_used >= 0) {
      std::printf("sync %s: the provider counts %s of the account's %s API calls used%s\n",
                  args.connection.c_str(), WithCommas(sum.api_used).c_str(),
                  WithCommas(sum.api_limit).c_str(),
                  UsageShare(sum.api_used, sum.api_limit).c_str());
    }
    if (!unconverted.empty()) {
      std::printf(
          "sync %s: %s: their amount_usd is left empty; add the rates to store.fx_rates "
          "(docs/configuration.md)\n",
          args.connection.c_str(), unconverted.c_str());
    }
  }
  if (sum.status == "succeeded") {
    if (sum.rejects > 0) {
      log::Warn(std::to_string(sum.rejects) + " record(s) rejected, within the connection's " +
                "max_reject_ratio; see them with `tempo rejects " + args.connection +
                "`; samples: " + sum.reject_samples_json);
    }
    return kExitOk;
  }
  if (sum.status == "cancelled") {
    // Stopped on request at its last commit: not an error. The shell's convention for a
    // command ended by a signal: 130 after Ctrl-C, 143 after SIGTERM.
    log::Info("sync " + args.connection + " cancelled: " + sum.error);
    const int sig = g_stop_signal.load();
    return sig > 0 ? 128 + sig : kExitRunFailed;
  }
  log::Error("sync " + args.connection + " " + sum.status + ": " + sum.error);
  return sum.status == "deferred" ? kExitDeferred : kExitRunFailed;
}

}  // namespace tempo::cli
