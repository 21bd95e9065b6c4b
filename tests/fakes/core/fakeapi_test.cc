// The fake API server as a whole: scenario files, the request log, the control API, and the
// tempo-fakeapi binary (first stdout line, SIGTERM). Provider, dataset and fault behaviour have
// their own files: fakes/hubspot/hubspot_test.cc, fakes/salesforce/salesforce_test.cc,
// dataset_test.cc, faults_test.cc.
#include <signal.h>
#include <stdlib.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <thread>

#include "fakes/core/fakeapi_test_util.h"
#include "fakes/core/scenario.h"
#include "support/process.h"

namespace tempo::fakes {
namespace {

using testing::Bearer;
using testing::ClientFor;
using testing::Json;
using testing::kPat;
using testing::StartServer;
using testing::Str;

TEST_CASE("scenario: the line format and JSON describe the same faults and settings") {
  const std::string lines = R"(# page 37 of 40 fails, then a 429 storm
dataset seed=7 scale=1000
auth hubspot_token_lifetime_s=30 rotate_refresh_tokens=true
server salesforce_batch_size=500
status status=500 path=/hubspot/crm/v3/objects/contacts nth=37
rate_limited path=/hubspot retry_after=date+7 times=3
quota path=/salesforce/services/data after=100
)";
  const std::string json = R"({
  "dataset": {"seed": 7, "scale": 1000},
  "auth": {"hubspot_token_lifetime_s": 30, "rotate_refresh_tokens": true},
  "server": {"salesforce_batch_size": 500},
  "faults": [
    {"kind": "status", "status": 500, "path": "/hubspot/crm/v3/objects/contacts", "nth": 37},
    {"kind": "rate_limited", "path": "/hubspot", "retry_after": "date+7", "times": 3},
    {"kind": "quota", "path": "/salesforce/services/data", "after": 100}
  ]
})";
  Result<Scenario> a = ParseScenario(lines);
  Result<Scenario> b = ParseScenario(json);
  REQUIRE(a.ok());
  REQUIRE(b.ok());
  REQUIRE(a->faults.size() == 3);
  REQUIRE(b->faults.size() == 3);
  for (size_t i = 0; i < 3; ++i) CHECK(DescribeRule(a->faults[i]) == DescribeRule(b->faults[i]));
  CHECK(a->faults[2].nth == 101);
  CHECK(a->faults[2].times == -1);  // a quota stays spent
  CHECK(a->faults[1].retry_after.form == RetryAfter::Form::kHttpDate);
  FakeApiOptions x, y;
  REQUIRE(ApplySettings(a->settings, x).ok());
  REQUIRE(ApplySettings(b->settings, y).ok());
  CHECK(x.dataset.seed == 7);
  CHECK(y.dataset.scale == 1000);
  CHECK(x.auth.rotate_refresh_tokens);
  CHECK(y.auth.hubspot_token_lifetime_s == 30);
  CHECK(x.salesforce_batch_size == 500);

  SECTION("errors name the line and the key") {
    Result<Scenario> bad = ParseScenario("status nth=1\nstatus stauts=500\n");
    REQUIRE_FALSE(bad.ok());
    CHECK(bad.status().message() == "scenario line 2: unknown fault key 'stauts'");
  }
}

TEST_CASE("scenario: unknown kinds and bad values are refused with the expected vocabulary") {
  Result<FaultRule> kind = ParseFaultSpec("explode path=/x");
  REQUIRE_FALSE(kind.ok());
  CHECK(kind.status().message().find("expected one of: status, rate_limited") != std::string::npos);
  CHECK_FALSE(ParseFaultSpec("status nth=zero").ok());
  CHECK_FALSE(ParseFaultSpec("rate_limited retry_after=soon").ok());
  CHECK_FALSE(ParseScenario(R"({"faults": [{"status": 500}]})").ok());
  FakeApiOptions options;
  CHECK_FALSE(ApplySettings({{"dataset", "sead", "1"}}, options).ok());
}

TEST_CASE("the request log counts requests per path and keeps credentials as labels") {
  auto server = StartServer();
  auto client = ClientFor(*server);
  for (int i = 0; i < 3; ++i) client->Get("/hubspot/crm/v3/objects/deals", Bearer(kPat));
  client->Get("/hubspot/crm/v3/objects/contacts");
  CHECK(server->requests().Count("/hubspot/crm/v3/objects/deals") == 3);
  CHECK(server->requests().Count("/hubspot") == 4);
  auto credentials = server->requests().CredentialCounts("/hubspot");
  CHECK(credentials["hubspot-pat#0"] == 3);
  CHECK(credentials["none"] == 1);
  for (const RequestRecord& r : server->requests().Recent())
    CHECK(r.credential.find("pat-na1") == std::string::npos);
  CHECK(server->requests().Recent().back().status == 401);

  SECTION("the control API shows the same, and can mutate the dataset and faults") {
    auto res = client->Get("/_admin/requests");
    REQUIRE(res);
    Json json(res->body);
    REQUIRE(json.ok);
    CHECK(json.root["total"].get_int64().value() == 4);
    CHECK(json.root["by_credential"]["hubspot-pat#0"].get_int64().value() == 3);

    res = client->Post(
        "/_admin/dataset/touch?entity=contacts&first=0&count=5&at=2030-01-01T00:00:00Z", "",
        "text/plain");
    REQUIRE(res);
    CHECK(res->status == 200);
    server->WithDataset([](Dataset& d) {
      CHECK(d.Contact(4).revision == 1);
      CHECK(d.Contact(4).modified_ms == 1893456000000);
      return 0;
    });
    res = client->Post("/_admin/faults", "status status=418 path=/hubspot", "text/plain");
    REQUIRE(res);
    CHECK(res->status == 200);
    CHECK(client->Get("/hubspot/crm/v3/objects/deals", Bearer(kPat))->status == 418);
    CHECK(client->Delete("/_admin/faults")->status == 200);
    CHECK(client->Get("/hubspot/crm/v3/objects/deals", Bearer(kPat))->status == 200);
    CHECK(client->Post("/_admin/faults", "dataset seed=1", "text/plain")->status == 400);
  }
}

// Sends `requests` GETs of `path` one after another on ONE connection; returns how many got a
// complete 200 before the server said "Connection: close" or closed (counting that one).
int RequestsOnOneConnection(int port, const std::string& path, int requests) {
  const int fd = testing::ConnectLoopback(port);
  const std::string request = "GET " + path +
                              " HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: " + "Bearer " + kPat +
                              "\r\n\r\n";
  int served = 0;
  std::string buffer;
  char chunk[65536];
  for (int i = 0; i < requests; ++i) {
    if (send(fd, request.data(), request.size(), MSG_NOSIGNAL) !=
        static_cast<ssize_t>(request.size())) {
      break;
    }
    size_t header_end = std::string::npos, length = 0;
    bool complete = false;
    while (!complete) {
      pollfd p{fd, POLLIN, 0};
      if (poll(&p, 1, 5000) <= 0) break;
      const ssize_t n = recv(fd, chunk, sizeof chunk, 0);
      if (n <= 0) break;
      buffer.append(chunk, static_cast<size_t>(n));
      if (header_end == std::string::npos) {
        header_end = buffer.find("\r\n\r\n");
        if (header_end == std::string::npos) continue;
        const size_t at = buffer.find("Content-Length: ");
        REQUIRE(at < header_end);
        length = std::stoul(buffer.substr(at + 16));
      }
      complete = buffer.size() >= header_end + 4 + length;
    }
    if (!complete) break;
    const std::string headers = buffer.substr(0, header_end);
    buffer.erase(0, header_end + 4 + length);
    CHECK(headers.starts_with("HTTP/1.1 200"));
    ++served;
    if (headers.find("Connection: close") != std::string::npos) break;
  }
  close(fd);
  return served;
}

TEST_CASE("connections stay open for many requests, as on the real APIs") {
  auto server = StartServer();
  // cpp-httplib's default closes every connection after 5 requests; a client paging 10,000
  // pages would reconnect 2,000 times.
  CHECK(RequestsOnOneConnection(server->port(), "/hubspot/crm/v3/objects/contacts?limit=10", 60) ==
        60);

  SECTION("the scenario setting keep_alive_max_count lowers it") {
    FakeApiOptions options;
    REQUIRE(ApplySettings({{"server", "keep_alive_max_count", "3"}}, options).ok());
    CHECK(options.keep_alive_max_count == 3);
    REQUIRE(ApplySettings({{"server", "record_cache_mb", "0"}}, options).ok());
    CHECK(options.record_cache_mb == 0);
    auto short_lived = StartServer(options);
    CHECK(RequestsOnOneConnection(short_lived->port(), "/hubspot/crm/v3/objects/contacts", 10) ==
          3);
  }
}

TEST_CASE("tempo-fakeapi prints its URL first then serves and stops cleanly on SIGTERM") {
  const std::string dir =
      (std::filesystem::temp_directory_path() / "tempo_fakeapi_XXXXXX").string();
  std::string pattern = dir;
  REQUIRE(mkdtemp(pattern.data()) != nullptr);
  const std::string out = pattern + "/out", err = pattern + "/err",
                    scenario = pattern + "/scenario.txt";
  std::ofstream(scenario)
      << "dataset scale=30\nstatus status=503 path=/hubspot/crm/v3/objects/companies nth=1\n";
  const pid_t pid = tempo::testing::StartProcess(
      {std::string(TEMPO_BINARY_DIR) + "/bin/tempo-fakeapi", "--seed", "9", "--scenario", scenario},
      out, err);
  std::string first_line;
  for (int i = 0; i < 500 && first_line.empty(); ++i) {
    std::ifstream in(out);
    std::getline(in, first_line);
    if (first_line.empty()) std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  REQUIRE(first_line.starts_with("listening on http://127.0.0.1:"));
  const int port = std::stoi(first_line.substr(first_line.rfind(':') + 1));
  httplib::Client client("127.0.0.1", port);
  auto dataset = client.Get("/_admin/dataset");
  REQUIRE(dataset);
  Json json(dataset->body);
  REQUIRE(json.ok);
  CHECK(json.root["seed"].get_int64().value() == 9);
  CHECK(json.root["counts"]["accounts"].get_int64().value() == 30);
  CHECK(client.Get("/hubspot/crm/v3/objects/companies", Bearer(kPat))->status == 503);
  CHECK(client.Get("/hubspot/crm/v3/objects/companies", Bearer(kPat))->status == 200);
  REQUIRE(kill(pid, SIGTERM) == 0);
  tempo::testing::ProcessResult result = tempo::testing::WaitProcess(pid, out, err);
  CHECK(result.exit_code == 0);
  CHECK(result.err.find("SIGTERM, stopping") != std::string::npos);
  CHECK(result.err.find(kPat) == std::string::npos);
  std::filesystem::remove_all(pattern);

  SECTION("a bad scenario is a clear startup error") {
    std::string bad_dir = dir;
    REQUIRE(mkdtemp(bad_dir.data()) != nullptr);
    std::ofstream(bad_dir + "/bad.txt") << "status stauts=500\n";
    tempo::testing::ProcessResult bad = tempo::testing::RunProcess(
        {std::string(TEMPO_BINARY_DIR) + "/bin/tempo-fakeapi", "--scenario", bad_dir + "/bad.txt"},
        bad_dir);
    CHECK(bad.exit_code == 2);
    CHECK(bad.err.find("bad.txt: scenario line 1: unknown fault key 'stauts'") !=
          std::string::npos);
    std::filesystem::remove_all(bad_dir);
  }
}

}  // namespace
}  // namespace tempo::fakes
