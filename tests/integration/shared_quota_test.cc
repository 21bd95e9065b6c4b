// A provider's "quota spent" is shared by every connection on its rate key: two HubSpot
// connections on one portal (one rate key, hubspot:42) against the fake HubSpot of tests/fakes,
// each synced by the real `tempo sync` binary. Once the first is told the daily limit is spent
// (429 policyName DAILY), the second defers without a request reaching the fake, and its run
// record says which connection spent the quota on which key and until when; a connection on
// another portal is not held back. A Retry-After on the quota answer is when it ends; a 429
// whose Retry-After is beyond max_retry_wait holds the key back too.
#include <chrono>
#include <string>
#include <thread>
#include <vector>

#include <catch2/catch.hpp>

#include "fakes/core/fake_api_server.h"
#include "support/loopback_http.h"
#include "support/process.h"
#include "support/store_rows.h"
#include "support/temp_dir.h"

namespace {

using tempo::fakes::Entity;
using tempo::fakes::FakeApiOptions;
using tempo::fakes::FakeApiServer;
using tempo::fakes::FaultKind;
using tempo::fakes::FaultRule;
using tempo::testing::LoopbackServer;
using tempo::testing::ProcessResult;
using tempo::testing::Reply;
using tempo::testing::SeenRequest;
using tempo::testing::TempDir;

const bool kNoProxy = (::setenv("no_proxy", "127.0.0.1,localhost", 1), true);

constexpr int64_t kContactBase = 1000001;
constexpr int64_t kCompanyBase = 5790000001;

// One HubSpot connection entry of tempo.yaml.
std::string Connection(const std::string& name, const std::string& base_url,
                       const std::string& portal, const std::string& http = "") {
  return "  - name: " + name +
         "\n    plugin: hubspot\n    streams: [{name: contacts, mode: full_refresh}, "
         "{name: companies, mode: full_refresh}]\n" +
         (http.empty() ? "" : "    http: " + http + "\n") +
         "    config:\n      base_url: " + base_url + "\n      portal_id: \"" + portal +
         "\"\n      access_token: pat-na1-7e3c2a90-0000-4000-8000-000000000042\n"
         "      requests_per_10s: 1000\n";
}

std::string WriteConfig(const TempDir& dir, const std::string& connections) {
  return dir.Write("tempo.yaml", "store:\n  path: tempo.db\nplugins:\n  path: [" TEMPO_PLUGIN_DIR
                                 "]\nconnections:\n" +
                                     connections);
}

ProcessResult Sync(const TempDir& dir, const std::string& cfg, const std::string& connection) {
  return tempo::testing::RunTempoSync(dir.path(), cfg, connection, {});
}

std::vector<std::vector<std::string>> Query(const TempDir& dir, const std::string& sql) {
  return tempo::testing::StoreRows(dir.File("tempo.db"), sql);
}

int64_t Scalar(const TempDir& dir, const std::string& sql) {
  return tempo::testing::StoreScalar(dir.File("tempo.db"), sql);
}

// The newest run of `connection`: status, error and the HTTP requests it sent.
struct RunRecord {
  std::string status, error;
  int64_t requests = -1;
};
RunRecord LastRun(const TempDir& dir, const std::string& connection) {
  auto rows = Query(dir,
                    "SELECT status, coalesce(error, ''), requests FROM sync_runs WHERE "
                    "connection = '" +
                        connection + "' ORDER BY id DESC LIMIT 1");
  REQUIRE(rows.size() == 1);
  return {rows[0][0], rows[0][1], std::stoll(rows[0][2])};
}

// Every contact of `connection` equals the fake's, row for row; companies: none.
void CheckContactsOnly(const TempDir& dir, FakeApiServer& server, const std::string& connection) {
  INFO(connection);
  auto rows =
      Query(dir, "SELECT source_id, email, account_source_id FROM contact WHERE connection = '" +
                     connection + "' AND deleted_at IS NULL ORDER BY CAST(source_id AS INTEGER)");
  server.WithDataset([&](tempo::fakes::Dataset& d) {
    REQUIRE(static_cast<int64_t>(rows.size()) == d.Count(Entity::kContact));
    for (int64_t row = 0; row < d.Count(Entity::kContact); ++row) {
      const auto c = d.Contact(row);
      INFO("contact row " << row);
      CHECK(rows[row][0] == std::to_string(kContactBase + row));
      CHECK(rows[row][1] == c.email);
      CHECK(rows[row][2] == std::to_string(kCompanyBase + c.account_row));
    }
    return 0;
  });
  CHECK(Scalar(dir, "SELECT count(*) FROM account WHERE connection = '" + connection + "'") == 0);
}

// The wall-clock time after "before " in `error` ("2026-12-07T15:00:00Z"), or "".
std::string HeldUntil(const std::string& error) {
  const std::string marker = "before ";
  const size_t at = error.find(marker);
  return at == std::string::npos ? "" : error.substr(at + marker.size(), 20);
}

}  // namespace

TEST_CASE(
    "quota: once one connection is told the daily limit is spent, the other on its key "
    "defers without a request") {
  FakeApiOptions options;
  options.dataset.scale = 40;  // 200 contacts
  auto started = FakeApiServer::Start(std::move(options));
  REQUIRE(started.ok());
  FakeApiServer& server = **started;
  // The portal's daily limit runs out at its first companies request: contacts are read in
  // full, companies get HubSpot's 429 with policyName DAILY (no Retry-After), from then on.
  FaultRule quota;
  quota.kind = FaultKind::kQuota;
  quota.path = "/hubspot/crm/v3/objects/companies";
  quota.times = -1;
  server.AddFault(quota);

  TempDir dir;
  const std::string url = server.url("/hubspot");
  std::string cfg = WriteConfig(dir, Connection("hs1", url, "42") + Connection("hs2", url, "42") +
                                         Connection("other", url, "43"));

  ProcessResult first = Sync(dir, cfg, "hs1");
  INFO(first.err);
  CHECK(first.exit_code == 3);
  const RunRecord hs1 = LastRun(dir, "hs1");
  CHECK(hs1.status == "deferred");
  CHECK_THAT(hs1.error, Catch::Contains("HTTP 429: the provider's quota is spent"));
  CHECK_THAT(hs1.error, Catch::Contains("no connection on rate key 'hubspot:42' sends a request "
                                        "before "));
  CHECK(hs1.requests > 0);
  const int64_t requests_after_hs1 = server.requests().Count("/hubspot");
  REQUIRE(requests_after_hs1 > 0);

  // The same portal: deferred before its first request.
  ProcessResult second = Sync(dir, cfg, "hs2");
  INFO(second.err);
  CHECK(second.exit_code == 3);
  CHECK(server.requests().Count("/hubspot") == requests_after_hs1);
  const RunRecord hs2 = LastRun(dir, "hs2");
  CHECK(hs2.status == "deferred");
  CHECK(hs2.requests == 0);
  CHECK_THAT(hs2.error,
             Catch::Contains("the provider's quota for rate key 'hubspot:42' is spent: connection "
                             "'hs1' got HTTP 429 at "));
  CHECK_THAT(hs2.error, Catch::Contains("the run is deferred without sending a request"));
  CHECK_THAT(hs2.error, Catch::Contains("the provider does not say when it renews"));
  // HubSpot does not say when its daily limit renews: the key is held to the next full hour.
  const std::string until = HeldUntil(hs2.error);
  CHECK(until == HeldUntil(hs1.error));
  CHECK(until.size() == 20);
  CHECK(until.substr(13) == ":00:00Z");
  CHECK_THAT(second.err, Catch::Contains("hs1"));
  CHECK(second.err.find("pat-na1") == std::string::npos);

  // Another portal is another key: it sends its requests (and meets the fake's quota itself).
  ProcessResult third = Sync(dir, cfg, "other");
  INFO(third.err);
  CHECK(third.exit_code == 3);
  CHECK(server.requests().Count("/hubspot") > requests_after_hs1);
  CHECK(LastRun(dir, "other").requests > 0);

  // The store: hs1 and other committed their contacts before the quota ran out; hs2 nothing.
  CheckContactsOnly(dir, server, "hs1");
  CheckContactsOnly(dir, server, "other");
  CHECK(Scalar(dir, "SELECT count(*) FROM contact WHERE connection = 'hs2'") == 0);
  CHECK(Scalar(dir, "SELECT count(*) FROM sync_state WHERE connection = 'hs2'") == 0);
  CHECK(Query(dir, "SELECT connection, stream FROM sync_state ORDER BY connection, stream") ==
        std::vector<std::vector<std::string>>{{"hs1", "contacts"}, {"other", "contacts"}});
}

TEST_CASE("quota: a Retry-After on the quota answer is when the key's requests resume") {
  LoopbackServer server([](const SeenRequest&, Reply& reply) {
    reply.Respond(429,
                  R"({"status":"error","message":"You have reached your daily limit.",)"
                  R"("errorType":"RATE_LIMIT","correlationId":"c0","policyName":"DAILY"})",
                  {{"Content-Type", "application/json"}, {"Retry-After", "2"}});
  });
  TempDir dir;
  std::string cfg = WriteConfig(
      dir, Connection("hs1", server.Url(""), "42") + Connection("hs2", server.Url(""), "42"));
  CHECK(Sync(dir, cfg, "hs1").exit_code == 3);
  CHECK(server.RequestCount() == 1);
  const auto told = std::chrono::steady_clock::now();

  CHECK(Sync(dir, cfg, "hs2").exit_code == 3);
  const RunRecord held = LastRun(dir, "hs2");
  CHECK(held.requests == 0);
  CHECK_THAT(held.error, Catch::Contains("when the provider said it renews"));
  if (std::chrono::steady_clock::now() - told < std::chrono::milliseconds(1500)) {
    CHECK(server.RequestCount() == 1);
  }

  std::this_thread::sleep_for(told + std::chrono::milliseconds(2200) -
                              std::chrono::steady_clock::now());
  CHECK(Sync(dir, cfg, "hs2").exit_code == 3);  // asks again, and is told again
  CHECK(server.RequestCount() == 2);
  CHECK(LastRun(dir, "hs2").requests == 1);
}

TEST_CASE("quota: a 429 whose Retry-After is beyond max_retry_wait holds the key back too") {
  LoopbackServer server([](const SeenRequest&, Reply& reply) {
    reply.Respond(429,
                  R"({"status":"error","message":"You have reached your ten_secondly_rolling )"
                  R"(limit.","errorType":"RATE_LIMIT","correlationId":"c1",)"
                  R"("policyName":"TEN_SECONDLY_ROLLING"})",
                  {{"Content-Type", "application/json"}, {"Retry-After", "3600"}});
  });
  TempDir dir;
  const std::string http = "{max_retry_wait: 5, max_rate_limit_wait: 5}";
  std::string cfg = WriteConfig(dir, Connection("hs1", server.Url(""), "42", http) +
                                         Connection("hs2", server.Url(""), "42", http));
  ProcessResult first = Sync(dir, cfg, "hs1");
  INFO(first.err);
  CHECK(first.exit_code == 3);
  CHECK(server.RequestCount() == 1);
  CHECK_THAT(LastRun(dir, "hs1").error, Catch::Contains("Retry-After"));

  ProcessResult second = Sync(dir, cfg, "hs2");
  INFO(second.err);
  CHECK(second.exit_code == 3);
  CHECK(server.RequestCount() == 1);
  const RunRecord hs2 = LastRun(dir, "hs2");
  CHECK(hs2.requests == 0);
  CHECK_THAT(hs2.error, Catch::Contains("the rate budget 'hubspot:42' would make this request "
                                        "wait"));
}
