// /healthz and /metrics over cpp-httplib, rendered from the store and the daemon's view.
#include "cli/metrics.h"

#include <httplib.h>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <mutex>
#include <set>
#include <sstream>
#include <thread>
#include <vector>

#include "common/log.h"
#include "report/report.h"
#include "store/run_log.h"
#include "store/store.h"

namespace tempo::cli {
namespace {

// Run duration histogram bounds, in seconds: from quick incremental syncs to long backfills.
const std::vector<double> kDurationBuckets = {1, 5, 15, 60, 300, 900, 3600, 14400};

// The daemon is considered stalled when its loop has not turned for this long.
constexpr auto kStalledAfter = std::chrono::seconds(30);

std::string EscapeLabel(const std::string& value) {
  std::string out;
  for (char c : value) {
    if (c == '\\')
      out += "\\\\";
    else if (c == '"')
      out += "\\\"";
    else if (c == '\n')
      out += "\\n";
    else
      out += c;
  }
  return out;
}

std::string Number(double v) {
  if (std::isinf(v)) return v > 0 ? "+Inf" : "-Inf";
  if (std::isnan(v)) return "NaN";
  if (v == std::floor(v) && std::fabs(v) < 1e15) {
    return std::to_string(static_cast<long long>(v));
  }
  char buf[40];
  std::snprintf(buf, sizeof buf, "%.17g", v);
  return buf;
}

double Seconds(schedule::Time t) {
  return static_cast<double>(t.time_since_epoch().count()) / 1000.0;
}

// Writes families in the text format: HELP and TYPE once, then every sample of the family.
class Exposition {
 public:
  void Family(const std::string& name, const std::string& type, const std::string& help) {
    out_ += "# HELP " + name + " " + help + "\n# TYPE " + name + " " + type + "\n";
  }
  void Sample(const std::string& name,
              const std::vector<std::pair<std::string, std::string>>& labels, double value) {
    out_ += name;
    if (!labels.empty()) {
      out_ += '{';
      for (size_t i = 0; i < labels.size(); ++i) {
        if (i > 0) out_ += ',';
        out_ += labels[i].first + "=\"" + EscapeLabel(labels[i].second) + "\"";
      }
      out_ += '}';
    }
    out_ += ' ' + Number(value) + '\n';
  }
  std::string Take() { return std::move(out_); }

 private:
  std::string out_;
};

}  // namespace

std::string RenderMetrics(const DaemonView& view, const std::string& store_path,
                          schedule::Time now) {
  Exposition e;
  e.Family("tempo_up", "gauge", "1 while the tempo daemon answers.");
  e.Sample("tempo_up", {}, 1);
  e.Family("tempo_daemon_start_time_seconds", "gauge", "When the daemon started (Unix time).");
  e.Sample("tempo_daemon_start_time_seconds", {}, Seconds(view.started));
  e.Family("tempo_daemon_draining", "gauge",
           "1 after SIGTERM: no new runs start, running ones are finishing.");
  e.Sample("tempo_daemon_draining", {}, view.draining ? 1 : 0);

  std::map<std::string, store::RunTotals> totals;
  std::vector<store::StreamStateRow> streams;
  bool store_ok = false;
  if (Result<std::unique_ptr<store::Db>> db = store::OpenStoreReadOnly(store_path); db.ok()) {
    Result<std::map<std::string, store::RunTotals>> t =
        store::SummarizeRuns(**db, kDurationBuckets);
    Result<std::vector<store::StreamStateRow>> s = store::StreamStates(**db);
    if (t.ok() && s.ok()) {
      totals = std::move(t).value();
      streams = std::move(s).value();
      store_ok = true;
    }
  }
  e.Family("tempo_store_up", "gauge", "1 when the store could be read for this scrape.");
  e.Sample("tempo_store_up", {}, store_ok ? 1 : 0);

  // Every configured connection appears, with zeros until it has runs; connections that are
  // only in the store (removed from the config) keep their history.
  std::set<std::string> names;
  for (const auto& [name, c] : view.connections) names.insert(name);
  for (const auto& [name, t] : totals) names.insert(name);
  static const store::RunTotals kNoRuns = [] {
    store::RunTotals t;
    t.duration_buckets.assign(kDurationBuckets.size(), 0);
    return t;
  }();
  auto totals_of = [&](const std::string& name) -> const store::RunTotals& {
    auto it = totals.find(name);
    return it == totals.end() ? kNoRuns : it->second;
  };

  e.Family("tempo_sync_runs_total", "counter", "Finished sync runs, by connection and status.");
  for (const std::string& name : names) {
    const store::RunTotals& t = totals_of(name);
    for (const char* status : {"succeeded", "failed", "deferred", "cancelled", "interrupted"}) {
      auto it = t.runs_by_status.find(status);
      e.Sample("tempo_sync_runs_total", {{"connection", name}, {"status", status}},
               it == t.runs_by_status.end() ? 0 : static_cast<double>(it->second));
    }
  }
  struct Counter {
    const char* name;
    const char* help;
    double (*get)(const store::RunTotals&);
  };
  static const Counter kCounters[] = {
      {"tempo_sync_records_total", "Records accepted into the store (upserts and deletes).",
       [](const store::RunTotals& t) { return static_cast<double>(t.records); }},
      {"tempo_sync_bytes_total", "Bytes of raw JSON of the accepted records.",
       [](const store::RunTotals& t) { return static_cast<double>(t.bytes); }},
      {"tempo_sync_rejects_total", "Records refused (undecodable, wrong type, value not allowed).",
       [](const store::RunTotals& t) { return static_cast<double>(t.rejects); }},
      {"tempo_sync_http_requests_total", "HTTP requests made by sync runs.",
       [](const store::RunTotals& t) { return static_cast<double>(t.requests); }},
      {"tempo_sync_http_retries_total", "HTTP requests retried by sync runs.",
       [](const store::RunTotals& t) { return static_cast<double>(t.retries); }},
      {"tempo_sync_rate_limit_wait_seconds_total", "Time sync runs waited on rate limits.",
       [](const store::RunTotals& t) {
         return static_cast<double>(t.rate_limit_wait_ms) / 1000.0;
       }},
  };
  for (const Counter& counter : kCounters) {
    e.Family(counter.name, "counter", counter.help);
    for (const std::string& name : names) {
      e.Sample(counter.name, {{"connection", name}}, counter.get(totals_of(name)));
    }
  }

  e.Family("tempo_sync_run_duration_seconds", "histogram", "Wall time of finished sync runs.");
  for (const std::string& name : names) {
    const store::RunTotals& t = totals_of(name);
    for (size_t i = 0; i < kDurationBuckets.size(); ++i) {
      e.Sample("tempo_sync_run_duration_seconds_bucket",
               {{"connection", name}, {"le", Number(kDurationBuckets[i])}},
               static_cast<double>(t.duration_buckets[i]));
    }
    e.Sample("tempo_sync_run_duration_seconds_bucket", {{"connection", name}, {"le", "+Inf"}},
             static_cast<double>(t.duration_count));
    e.Sample("tempo_sync_run_duration_seconds_sum", {{"connection", name}}, t.duration_sum_seconds);
    e.Sample("tempo_sync_run_duration_seconds_count", {{"connection", name}},
             static_cast<double>(t.duration_count));
  }

  e.Family("tempo_sync_last_success_timestamp_seconds", "gauge",
           "When the connection's last successful run finished (Unix time); absent if never.");
  for (const std::string& name : names) {
    const std::string& at = totals_of(name).last_success_finished_at;
    if (std::optional<schedule::Time> t = schedule::ParseTime(at)) {
      e.Sample("tempo_sync_last_success_timestamp_seconds", {{"connection", name}}, Seconds(*t));
    }
  }

  e.Family("tempo_provider_api_usage", "gauge",
           "API calls the provider counts against the account's limit, as it reported at the "
           "end of the connection's newest run that received a report (Salesforce: "
           "Sforce-Limit-Info); absent when it never reported any.");
  for (const std::string& name : names) {
    const store::RunTotals& t = totals_of(name);
    if (t.api_used >= 0) {
      e.Sample("tempo_provider_api_usage", {{"connection", name}}, static_cast<double>(t.api_used));
    }
  }
  e.Family("tempo_provider_api_limit", "gauge",
           "The account's API call limit the provider reported with tempo_provider_api_usage.");
  for (const std::string& name : names) {
    const store::RunTotals& t = totals_of(name);
    if (t.api_limit >= 0) {
      e.Sample("tempo_provider_api_limit", {{"connection", name}},
               static_cast<double>(t.api_limit));
    }
  }

  if (view.scheduler) {
    e.Family("tempo_sync_running", "gauge", "1 while the daemon runs a sync of the connection.");
    for (const auto& [name, c] : view.connections) {
      e.Sample("tempo_sync_running", {{"connection", name}}, c.running ? 1 : 0);
    }
    e.Family("tempo_scheduler_retries_total", "counter",
             "Retries of failed runs the daemon started (since the daemon started).");
    for (const auto& [name, c] : view.connections) {
      e.Sample("tempo_scheduler_retries_total", {{"connection", name}},
               static_cast<double>(c.scheduler_retries));
    }
    e.Family("tempo_scheduler_next_run_timestamp_seconds", "gauge",
             "When the daemon next starts the connection (Unix time); absent when unscheduled.");
    for (const auto& [name, c] : view.connections) {
      if (c.scheduled && c.next_due) {
        e.Sample("tempo_scheduler_next_run_timestamp_seconds", {{"connection", name}},
                 Seconds(*c.next_due));
      }
    }
  }
  e.Family("tempo_stream_cursor_age_seconds", "gauge",
           "Seconds since the stream's state (cursor) was last committed.");
  for (const store::StreamStateRow& s : streams) {
    if (std::optional<schedule::Time> t = schedule::ParseTime(s.updated_at)) {
      e.Sample("tempo_stream_cursor_age_seconds",
               {{"connection", s.connection}, {"stream", s.stream}},
               std::max(0.0, Seconds(now) - Seconds(*t)));
    }
  }
  return e.Take();
}

struct MetricsServer::Impl {
  httplib::Server server;
  std::thread thread;
  int port = 0;
  std::string store_path;
  std::mutex mu;
  DaemonView view;  // guarded by mu
};

MetricsServer::MetricsServer(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

namespace {

// GET /report: the report of a score run, as `tempo report` renders it, read at each request.
void ServeReport(const std::string& store_path, const httplib::Request& req,
                 httplib::Response& res) {
  report::ReportOptions options;
  Result<report::Format> format = report::ParseFormat(
      req.has_param("format") ? req.get_param_value("format") : std::string("html"));
  if (!format.ok()) {
    res.status = 400;
    res.set_content("format must be html, json, csv or text\n", "text/plain");
    return;
  }
  options.format = *format;
  options.partner = req.get_param_value("partner");
  if (req.has_param("run")) {
    const std::string run = req.get_param_value("run");
    char* end = nullptr;
    const long long id = std::strtoll(run.c_str(), &end, 10);
    if (run.empty() || *end != '\0' || id <= 0) {
      res.status = 400;
      res.set_content("run must be a score run id (a positive number)\n", "text/plain");
      return;
    }
    options.run_id = id;
  }
  Status s;
  std::ostringstream body;
  if (Result<std::unique_ptr<store::Db>> db = report::OpenStoreForReport(store_path); db.ok()) {
    s = report::Render(**db, options, body);
  } else {
    s = db.status();
  }
  if (!s.ok()) {
    res.status = s.code() == StatusCode::kNotFound          ? 404
                 : s.code() == StatusCode::kInvalidArgument ? 400
                                                            : 500;
    res.set_content(log::Redact(s.message()) + "\n", "text/plain; charset=utf-8");
    return;
  }
  static const std::map<report::Format, const char*> kTypes = {
      {report::Format::kHtml, "text/html; charset=utf-8"},
      {report::Format::kJson, "application/json"},
      {report::Format::kCsv, "text/csv; charset=utf-8"},
      {report::Format::kText, "text/plain; charset=utf-8"}};
  res.set_content(body.str(), kTypes.at(options.format));
}

}  // namespace

Result<std::unique_ptr<MetricsServer>> MetricsServer::Start(const std::string& host, int port,
                                                            std::string store_path, bool report) {
  auto impl = std::make_unique<Impl>();
  impl->store_path = std::move(store_path);
  Impl* self = impl.get();
  impl->server.new_task_queue = [] { return new httplib::ThreadPool(2); };
  // SO_REUSEADDR only: cpp-httplib's default SO_REUSEPORT would let a second process bind the
  // same port and silently share the requests with this one.
  impl->server.set_socket_options([](socket_t sock) {
    int yes = 1;
    ::setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
  });
  impl->server.Get("/healthz", [self](const httplib::Request&, httplib::Response& res) {
    DaemonView view;
    {
      std::lock_guard<std::mutex> lock(self->mu);
      view = self->view;
    }
    const schedule::Time now = schedule::SystemClock().Now();
    if (view.draining) {
      res.status = 503;
      res.set_content("draining\n", "text/plain");
    } else if (now - view.heartbeat > kStalledAfter) {
      res.status = 503;
      res.set_content("stalled: the scheduler loop has not run for over 30s\n", "text/plain");
    } else {
      res.set_content("ok\n", "text/plain");
    }
  });
  impl->server.Get("/metrics", [self](const httplib::Request&, httplib::Response& res) {
    DaemonView view;
    {
      std::lock_guard<std::mutex> lock(self->mu);
      view = self->view;
    }
    res.set_content(RenderMetrics(view, self->store_path, schedule::SystemClock().Now()),
                    "text/plain; version=0.0.4; charset=utf-8");
  });
  if (report) {
    impl->server.Get("/report", [self](const httplib::Request& req, httplib::Response& res) {
      ServeReport(self->store_path, req, res);
    });
  }
  std::string bind_host = host;
  if (bind_host.size() > 2 && bind_host.front() == '[') bind_host = host.substr(1, host.size() - 2);
  if (port == 0) {
    impl->port = impl->server.bind_to_any_port(bind_host.c_str());
    if (impl->port <= 0) impl->port = 0;
  } else if (impl->server.bind_to_port(bind_host.c_str(), port)) {
    impl->port = port;
  }
  if (impl->port == 0) {
    return Status::Io("cannot listen on " + host + ":" + std::to_string(port) +
                      " (address in use, or not an address of this machine); change "
                      "server.listen");
  }
  impl->thread = std::thread([self] { self->server.listen_after_bind(); });
  return std::unique_ptr<MetricsServer>(new MetricsServer(std::move(impl)));
}

MetricsServer::~MetricsServer() {
  impl_->server.stop();
  if (impl_->thread.joinable()) impl_->thread.join();
}

int MetricsServer::port() const { return impl_->port; }

void MetricsServer::Publish(DaemonView view) {
  std::lock_guard<std::mutex> lock(impl_->mu);
  impl_->view = std::move(view);
}

}  // namespace tempo::cli
