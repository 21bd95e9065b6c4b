// The HTTP endpoint of the daemon (`tempo run`) and of `tempo serve`: /healthz and /metrics
// (Prometheus text exposition format 0.0.4), and for `tempo serve` the report at /report.
//
// Metrics are summed from the store's sync_runs and sync_state at each scrape, so counters
// survive daemon restarts; only what exists in the daemon's memory (running runs, next due
// times, scheduler retries since start) comes from the DaemonView the daemon publishes.
//
// Thread safety: the server answers on its own threads; Publish() may be called from any
// thread and is the only way the daemon's state reaches them.
#ifndef TEMPO_HOST_CLI_METRICS_H_
#define TEMPO_HOST_CLI_METRICS_H_

#include <map>
#include <memory>
#include <optional>
#include <string>

#include "common/status.h"
#include "schedule/scheduler.h"

namespace tempo::cli {

// What the daemon knows beyond the store, published after every turn of its loop.
struct DaemonView {
  schedule::Time started{};
  schedule::Time heartbeat{};  // the loop's last turn
  bool draining = false;
  // false for `tempo serve`, which runs no syncs: the scheduler's families (running syncs,
  // retries, next runs) are left out rather than reported as zeros.
  bool scheduler = true;
  struct Connection {
    bool scheduled = false;
    bool running = false;
    std::optional<schedule::Time> next_due;
    int64_t scheduler_retries = 0;  // retries the daemon started since it started
  };
  std::map<std::string, Connection> connections;  // every configured connection
};

// The /metrics body for `view` and the store at `store_path` (store figures are left out, and
// tempo_store_up is 0, when it cannot be read).
std::string RenderMetrics(const DaemonView& view, const std::string& store_path,
                          schedule::Time now);

class MetricsServer {
 public:
  // Binds host:port (port 0: any free port) and serves on a background thread. kIo when the
  // address cannot be bound. `report`: also GET /report, the latest score run's report
  // rendered from the store at each request (`?format=html|json|csv|text`, default html;
  // `?partner=NAME`; `?run=ID`): 404 before the first score run, 400 for an unknown partner,
  // run or format.
  static Result<std::unique_ptr<MetricsServer>> Start(const std::string& host, int port,
                                                      std::string store_path, bool report = false);
  ~MetricsServer();  // stops serving and joins the thread

  int port() const;
  void Publish(DaemonView view);

 private:
  struct Impl;
  explicit MetricsServer(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace tempo::cli

#endif  // TEMPO_HOST_CLI_METRICS_H_
