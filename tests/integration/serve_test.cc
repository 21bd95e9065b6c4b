// `tempo serve` through the real binary and real HTTP: /healthz, /metrics from the store (and
// none of the daemon's scheduler families, since it runs no syncs), /report rendered from the
// latest score run at each request, a config whose plugin secrets are not set (it opens no
// plugin), and SIGTERM.
#include <signal.h>

#include <chrono>
#include <cstdlib>
#include <string>

#include <catch2/catch.hpp>

#include "support/daemon.h"
#include "support/process.h"
#include "support/score_store.h"
#include "unit/scorer/hand_dataset.h"

namespace tempo::testing {
namespace {

using Catch::Matchers::Contains;
using Catch::Matchers::StartsWith;

// A connection whose plugin config needs a variable tempo serve never resolves.
constexpr const char* kConnections =
    "connections:\n"
    "  - name: mail\n"
    "    plugin: httpecho\n"
    "    schedule: \"*/5 * * * *\"\n"
    "    config:\n"
    "      base_url: http://127.0.0.1:1\n"
    "      api_key: ${env:TEMPO_SERVE_TEST_KEY}\n";

// `tempo serve` in the background on a free loopback port; stopped at scope exit.
class ServeProcess {
 public:
  ServeProcess(const TempDir& dir, const std::vector<std::string>& args)
      : out_(dir.File("serve.out")), err_(dir.File("serve.err")) {
    std::vector<std::string> argv = {TempoBinary(), "-c", dir.File("tempo.yaml"), "serve"};
    argv.insert(argv.end(), args.begin(), args.end());
    pid_ = StartProcess(argv, out_, err_, {"TEMPO_SERVE_TEST_KEY="});
  }
  ~ServeProcess() {
    if (pid_ > 0) Stop();
  }
  ServeProcess(const ServeProcess&) = delete;
  ServeProcess& operator=(const ServeProcess&) = delete;

  // The port of "on http://127.0.0.1:PORT" in its log (0 if it does not say so within 5 s).
  int Port() const {
    int port = 0;
    WaitUntil(
        [&] {
          const std::string log = ReadWhole(err_);
          const std::string marker = "/report on http://127.0.0.1:";
          const size_t at = log.find(marker);
          if (at == std::string::npos) return false;
          port = std::atoi(log.c_str() + at + marker.size());
          return port > 0;
        },
        std::chrono::seconds(5));
    return port;
  }

  ProcessResult Stop() {
    ::kill(pid_, SIGTERM);
    ProcessResult r = WaitProcess(pid_, out_, err_);
    pid_ = 0;
    return r;
  }

 private:
  std::string out_, err_;
  pid_t pid_ = 0;
};

TEST_CASE("tempo serve: health, metrics from the store, the latest report, no syncs") {
  ScoreStore store;
  store.Exec(kHandDataset);
  for (const char* c : {"crm", "prm", "xb"}) store.Run(c);
  store.Run("crm", "failed");
  ::setenv("TEMPO_SERVE_TEST_KEY", "x", 1);  // for the helper's own load; serve runs without it
  store.Config(kHandScorer, kConnections);
  ::unsetenv("TEMPO_SERVE_TEST_KEY");

  ServeProcess serve(store.dir(), {"--listen", "127.0.0.1:0"});
  const int port = serve.Port();
  REQUIRE(port > 0);

  const HttpGetResponse health = LoopbackGet(port, "/healthz");
  CHECK(health.status == 200);
  CHECK(health.body == "ok\n");

  const HttpGetResponse metrics = LoopbackGet(port, "/metrics");
  REQUIRE(metrics.status == 200);
  CHECK_THAT(metrics.body, Contains("\ntempo_store_up 1\n"));
  CHECK_THAT(metrics.body,
             Contains("\ntempo_sync_runs_total{connection=\"crm\",status=\"succeeded\"} 1\n"));
  CHECK_THAT(metrics.body,
             Contains("\ntempo_sync_runs_total{connection=\"crm\",status=\"failed\"} 1\n"));
  CHECK_THAT(metrics.body,
             Contains("\ntempo_sync_runs_total{connection=\"mail\",status=\"succeeded\"} 0\n"));
  // It runs no syncs: nothing of the daemon's scheduler, not even zeros.
  CHECK_THAT(metrics.body, !Contains("tempo_sync_running"));
  CHECK_THAT(metrics.body, !Contains("tempo_scheduler_"));

  // Before the first score run: 404, saying so.
  const HttpGetResponse none = LoopbackGet(port, "/report");
  CHECK(none.status == 404);
  CHECK_THAT(none.body, Contains("score"));

  // Scored meanwhile (the variable set for tempo score, which renders plugin configs): the
  // next request has the report, without a restart.
  const ProcessResult score = RunProcess(
      {TempoBinary(), "-q", "-c", store.dir().File("tempo.yaml"), "score", "--as-of", "2026-06-30"},
      store.dir().path(), {"TEMPO_SERVE_TEST_KEY=x"});
  INFO(score.err);
  REQUIRE(score.exit_code == 0);
  const HttpGetResponse html = LoopbackGet(port, "/report");
  CHECK(html.status == 200);
  CHECK_THAT(html.headers, Contains("Content-Type: text/html; charset=utf-8"));
  CHECK_THAT(html.body, StartsWith("<!DOCTYPE html>") && Contains("Beta Partners"));
  const HttpGetResponse json = LoopbackGet(port, "/report?format=json&run=1");
  CHECK(json.status == 200);
  CHECK_THAT(json.body, StartsWith("{\"run\":{\"id\":1,\"scorer\":\"tempo\""));
  const HttpGetResponse text = LoopbackGet(port, "/report?format=text&partner=beta%20partners");
  CHECK(text.status == 200);
  CHECK_THAT(text.body, Contains("Beta Partners") && !Contains("ACME Cloud"));
  CHECK(LoopbackGet(port, "/report?format=xml").status == 400);
  CHECK(LoopbackGet(port, "/report?run=abc").status == 400);
  CHECK(LoopbackGet(port, "/report?run=99").status == 400);
  CHECK(LoopbackGet(port, "/report?partner=nobody").status == 400);

  const ProcessResult stopped = serve.Stop();
  CHECK(stopped.exit_code == 0);
  CHECK_THAT(stopped.err, Contains("stopped"));
  CHECK(LoopbackGet(port, "/healthz").status == 0);
}

TEST_CASE("tempo serve: a bad --listen is a usage error, a taken port says what to change") {
  ScoreStore store;
  store.Config("");
  const ProcessResult bad = RunProcess(
      {TempoBinary(), "-c", store.dir().File("tempo.yaml"), "serve", "--listen", "example.com:80"},
      store.dir().path());
  CHECK(bad.exit_code == 2);
  CHECK_THAT(bad.err, Contains("--listen: the host must be an IP address or localhost"));

  ServeProcess first(store.dir(), {"--listen", "127.0.0.1:0"});
  const int port = first.Port();
  REQUIRE(port > 0);
  const ProcessResult taken = RunProcess({TempoBinary(), "-c", store.dir().File("tempo.yaml"),
                                          "serve", "--listen", "127.0.0.1:" + std::to_string(port)},
                                         store.dir().path());
  CHECK(taken.exit_code == 1);
  CHECK_THAT(taken.err, Contains("--listen: cannot listen on 127.0.0.1:" + std::to_string(port)));
}

}  // namespace
}  // namespace tempo::testing
