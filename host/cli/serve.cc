// tempo serve: the HTTP endpoint without the scheduler. Serves /healthz, /metrics (from the
// store, as the daemon's) and /report (the latest score run's report, host/report), and runs
// no sync: where something else starts the syncs (Kubernetes CronJobs, Airflow, cron), this is
// the long-running process to probe, scrape and read reports from.
//
// The main thread only waits for signals (blocked before the server's threads start, so they
// inherit the mask and only sigtimedwait sees them) and publishes a heartbeat every second;
// /healthz answers 503 once SIGTERM or SIGINT arrived, and the process exits 0.
#include <CLI/CLI.hpp>

#include <signal.h>

#include <cerrno>
#include <ctime>

#include "cli/commands.h"
#include "cli/metrics.h"
#include "common/log.h"

namespace tempo::cli {
namespace {

int Serve(const GlobalOptions& g, const std::string& listen) {
  config::LoadOptions load;
  load.resolve_plugin_config = false;  // it opens no plugin: it needs none of their secrets
  Result<config::Config> config = LoadConfigFor(g, load);
  if (!config.ok()) return Fail(config.status(), kExitUsage);
  if (Status s = RequireSqliteStore(*config, "serve"); !s.ok()) return Fail(s, kExitUsage);
  config::ServerConfig server = config->server;
  if (!listen.empty()) {
    if (Status s = config::ParseListenAddress(listen, &server); !s.ok()) {
      return Fail(Status::InvalidArgument("--listen: " + s.message()), kExitUsage);
    }
  }

  sigset_t signals;
  sigemptyset(&signals);
  for (int sig : {SIGTERM, SIGINT, SIGHUP}) sigaddset(&signals, sig);
  ::pthread_sigmask(SIG_BLOCK, &signals, nullptr);

  Result<std::unique_ptr<MetricsServer>> started =
      MetricsServer::Start(server.host, server.port, config->store_path, /*report=*/true);
  if (!started.ok()) {
    const std::string where = listen.empty() ? config->server.location : "--listen";
    return Fail(Status(started.status().code(),
                       (where.empty() ? "" : where + ": ") + started.status().message()),
                kExitRunFailed);
  }
  std::unique_ptr<MetricsServer> endpoint = std::move(started).value();
  log::Info("serving /healthz, /metrics and /report on http://" + server.host + ":" +
            std::to_string(endpoint->port()) + " for the store " + config->store_path +
            " (no syncs run here)");
  if (server.host != "127.0.0.1" && server.host != "localhost" && server.host != "[::1]") {
    log::Warn("listening on " + server.host +
              ", not a loopback address: /metrics and /report (the partners' scores) are "
              "readable by anyone who can reach it; keep it behind an authenticating proxy");
  }

  DaemonView view;
  view.scheduler = false;
  view.started = schedule::SystemClock().Now();
  for (const config::ConnectionConfig& c : config->connections) {
    view.connections[c.name].scheduled = !c.schedule.empty();
  }
  for (;;) {
    view.heartbeat = schedule::SystemClock().Now();
    endpoint->Publish(view);
    const timespec second{1, 0};
    const int sig = ::sigtimedwait(&signals, nullptr, &second);
    if (sig == SIGHUP) {
      log::Info(
          "SIGHUP: tempo serve reads the config only when it starts; restart it to use a "
          "changed one");
    } else if (sig == SIGTERM || sig == SIGINT) {
      view.draining = true;
      endpoint->Publish(view);
      log::Info("stopping");
      break;
    } else if (sig < 0 && errno != EAGAIN && errno != EINTR) {
      return Fail(Status::Io(std::string("waiting for signals failed")), kExitRunFailed);
    }
  }
  endpoint.reset();
  log::Info("stopped");
  return kExitOk;
}

}  // namespace

void AddServeCommand(CLI::App& app, const GlobalOptions& g, int& code) {
  static std::string listen;
  auto* serve = app.add_subcommand(
      "serve",
      "Serve /healthz, /metrics and the latest report at /report, without running syncs "
      "(where Kubernetes CronJobs or another scheduler run them)");
  serve->add_option("--listen", listen,
                    "HOST:PORT to listen on (default server.listen, else 127.0.0.1:9464); "
                    "0.0.0.0:9464 in a container");
  serve->footer(
      "GET /healthz: 200 ok while serving, 503 draining after SIGTERM. GET /metrics: "
      "Prometheus text, the run figures summed from the store (docs/admin-guide.md, Health "
      "and metrics). GET /report: the latest score run's report as HTML; ?format=json|csv|text, "
      "?partner=NAME, ?run=ID; 404 before the first tempo score. No authentication: keep it on "
      "loopback or a cluster network. SIGTERM or Ctrl-C stops it (exit 0). Exit codes: 2 "
      "config or --listen error, 1 the address cannot be bound.");
  serve->callback([&g, &code] { code = Serve(g, listen); });
}

}  // namespace tempo::cli
