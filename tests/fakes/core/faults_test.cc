// Each fault kind does what it says, on the wire: statuses and bodies, Retry-After forms,
// quotas, slow, hung, stalled, trickled, endless, reset, truncated, HTML, empty and malformed
// responses, and token expiry. Raw sockets check what a client library would hide.
#include <chrono>
#include <thread>

#include "fakes/core/encoding.h"
#include "fakes/core/fakeapi_test_util.h"

namespace tempo::fakes {
namespace {

using std::chrono::milliseconds;
using testing::Bearer;
using testing::ClientFor;
using testing::Json;
using testing::kPat;
using testing::RawExchange;
using testing::RawGet;
using testing::StartServer;
using testing::Str;

constexpr const char* kContacts = "/hubspot/crm/v3/objects/contacts";

FaultRule Rule(FaultKind kind, std::string path = kContacts) {
  FaultRule rule;
  rule.kind = kind;
  rule.path = std::move(path);
  return rule;
}

FakeApiOptions Small() {
  FakeApiOptions options;
  options.dataset.scale = 40;
  return options;
}

TEST_CASE("fault: a status on the Nth request only (retries count)") {
  auto server = StartServer(Small());
  auto client = ClientFor(*server);
  FaultRule rule = Rule(FaultKind::kStatus);
  rule.status = 500;
  rule.nth = 3;
  const int id = server->AddFault(rule);
  std::vector<int> statuses;
  for (int i = 0; i < 5; ++i) {
    auto res = client->Get(kContacts, Bearer(kPat));
    REQUIRE(res);
    statuses.push_back(res->status);
    if (res->status == 500) {
      Json json(res->body);
      REQUIRE(json.ok);
      CHECK(Str(json.root["status"]) == "error");
      CHECK(Str(json.root["correlationId"]).size() == 36);
    }
  }
  CHECK(statuses == std::vector<int>{200, 200, 500, 200, 200});
  CHECK(server->FaultFired(id) == 1);
  // Other paths are out of scope.
  auto companies = client->Get("/hubspot/crm/v3/objects/companies", Bearer(kPat));
  REQUIRE(companies);
  CHECK(companies->status == 200);
}

TEST_CASE("fault: a burst of consecutive 503s with the provider's body") {
  auto server = StartServer(Small());
  auto client = ClientFor(*server);
  FaultRule rule = Rule(FaultKind::kStatus, "/salesforce/services/data");
  rule.status = 503;
  rule.times = 3;
  server->AddFault(rule);
  int failures = 0;
  for (int i = 0; i < 5; ++i) {
    auto res = client->Get("/salesforce/services/data/v62.0/limits", Bearer("x"));
    REQUIRE(res);
    if (res->status == 503) {
      ++failures;
      CHECK(res->body.find("SERVER_UNAVAILABLE") != std::string::npos);
      CHECK(res->has_header("Sforce-Limit-Info"));
    } else {
      CHECK(res->status == 401);  // the real handler ran: bad token
    }
  }
  CHECK(failures == 3);
}

TEST_CASE("fault: 429 with Retry-After in seconds or as an HTTP-date or absent") {
  auto server = StartServer(Small());
  auto client = ClientFor(*server);
  FaultRule seconds = Rule(FaultKind::kRateLimited);
  seconds.retry_after = {RetryAfter::Form::kSeconds, 7};
  seconds.nth = 1;
  FaultRule date = Rule(FaultKind::kRateLimited);
  date.retry_after = {RetryAfter::Form::kHttpDate, 7};
  date.nth = 2;
  FaultRule none = Rule(FaultKind::kRateLimited);
  none.retry_after = {RetryAfter::Form::kNone, 0};
  none.nth = 3;
  none.policy = "TEN_SECONDLY_ROLLING";
  server->AddFault(seconds);
  server->AddFault(date);
  server->AddFault(none);

  auto first = client->Get(kContacts, Bearer(kPat));
  REQUIRE(first);
  CHECK(first->status == 429);
  CHECK(first->get_header_value("Retry-After") == "7");
  Json body(first->body);
  REQUIRE(body.ok);
  CHECK(Str(body.root["policyName"]) == "SECONDLY");
  CHECK(Str(body.root["errorType"]) == "RATE_LIMIT");

  auto second = client->Get(kContacts, Bearer(kPat));
  REQUIRE(second);
  CHECK(second->status == 429);
  const std::string http_date = second->get_header_value("Retry-After");
  CHECK(http_date.ends_with(" GMT"));
  const auto now = std::chrono::system_clock::now().time_since_epoch();
  const int64_t now_ms = std::chrono::duration_cast<milliseconds>(now).count();
  CHECK(http_date >= FormatHttpDate(now_ms + 6000).substr(0, 17));  // same day, at least 6 s ahead
  CHECK(http_date != FormatHttpDate(now_ms));

  auto third = client->Get(kContacts, Bearer(kPat));
  REQUIRE(third);
  CHECK(third->status == 429);
  CHECK_FALSE(third->has_header("Retry-After"));
  CHECK(third->body.find("TEN_SECONDLY_ROLLING") != std::string::npos);

  auto fourth = client->Get(kContacts, Bearer(kPat));
  REQUIRE(fourth);
  CHECK(fourth->status == 200);
}

TEST_CASE("fault: a quota runs out after N requests and stays out") {
  auto server = StartServer(Small());
  auto client = ClientFor(*server);
  FaultRule hub = Rule(FaultKind::kQuota, "/hubspot/crm");
  hub.nth = 3;  // after 2
  hub.times = -1;
  FaultRule sf = Rule(FaultKind::kQuota, "/salesforce/services/data/v62.0");
  sf.nth = 2;
  sf.times = -1;
  server->AddFault(hub);
  server->AddFault(sf);
  std::vector<int> statuses;
  for (int i = 0; i < 5; ++i) statuses.push_back(client->Get(kContacts, Bearer(kPat))->status);
  CHECK(statuses == std::vector<int>{200, 200, 429, 429, 429});
  auto daily = client->Get(kContacts, Bearer(kPat));
  CHECK(daily->body.find("\"policyName\":\"DAILY\"") != std::string::npos);
  CHECK_FALSE(daily->has_header("Retry-After"));
  client->Get("/salesforce/services/data/v62.0/limits", Bearer("x"));
  auto sf_limited = client->Get("/salesforce/services/data/v62.0/limits", Bearer("x"));
  REQUIRE(sf_limited);
  CHECK(sf_limited->status == 403);
  Json json(sf_limited->body);
  REQUIRE(json.ok);
  CHECK(Str(json.root.at(0)["errorCode"]) == "REQUEST_LIMIT_EXCEEDED");
  CHECK(Str(json.root.at(0)["message"]) == "TotalRequests Limit exceeded.");
}

TEST_CASE("fault: a rate window answers 429 beyond N requests per window") {
  auto server = StartServer(Small());
  auto client = ClientFor(*server);
  FaultRule rule = Rule(FaultKind::kRateWindow);
  rule.limit = 3;
  rule.window_ms = 60'000;
  rule.times = -1;
  server->AddFault(rule);
  std::vector<int> statuses;
  for (int i = 0; i < 5; ++i) statuses.push_back(client->Get(kContacts, Bearer(kPat))->status);
  CHECK(statuses == std::vector<int>{200, 200, 200, 429, 429});
}

TEST_CASE("fault: a delay slows the response and it still arrives intact") {
  auto server = StartServer(Small());
  auto client = ClientFor(*server);
  FaultRule rule = Rule(FaultKind::kDelay);
  rule.delay_ms = 300;
  server->AddFault(rule);
  const auto start = std::chrono::steady_clock::now();
  auto res = client->Get(kContacts, Bearer(kPat));
  const auto elapsed = std::chrono::steady_clock::now() - start;
  REQUIRE(res);
  CHECK(res->status == 200);
  CHECK(elapsed >= milliseconds(300));
  CHECK(Json(res->body).ok);
}

TEST_CASE("fault: a hang never answers while the server stays usable and stops promptly") {
  const auto start = std::chrono::steady_clock::now();
  {
    auto server = StartServer(Small());
    server->AddFault(Rule(FaultKind::kHang));  // hang_ms defaults to 10 minutes
    testing::RawResult hung = RawExchange(server->port(), RawGet(kContacts), 400);
    CHECK(hung.timed_out);
    CHECK(hung.bytes.empty());
    auto client = ClientFor(*server);
    auto after = client->Get(kContacts, Bearer(kPat));
    REQUIRE(after);
    CHECK(after->status == 200);
    // A second hang still in progress when the server is destroyed.
    server->AddFault(Rule(FaultKind::kHang));
    std::thread pending([port = server->port()] { RawExchange(port, RawGet(kContacts), 3000); });
    std::this_thread::sleep_for(milliseconds(100));
    client.reset();  // an idle keep-alive connection would hold the stop for its timeout
    server.reset();
    pending.join();
  }
  CHECK(std::chrono::steady_clock::now() - start < std::chrono::seconds(5));
}

TEST_CASE("fault: stall sends the headers and then nothing") {
  auto server = StartServer(Small());
  server->AddFault(Rule(FaultKind::kStall));
  testing::RawResult r = RawExchange(server->port(), RawGet(kContacts), 400);
  CHECK(r.timed_out);
  CHECK(r.bytes.starts_with("HTTP/1.1 200"));
  CHECK(r.bytes.find("Content-Length: ") != std::string::npos);
  CHECK(testing::RawBody(r.bytes).empty());
}

TEST_CASE("fault: trickle delivers the whole body slowly") {
  auto server = StartServer(Small());
  FaultRule rule = Rule(FaultKind::kTrickle);
  rule.bytes = 100;
  rule.interval_ms = 20;
  server->AddFault(rule);
  testing::RawResult r =
      RawExchange(server->port(), RawGet(std::string(kContacts) + "?limit=5"), 2000);
  const std::string body = testing::RawBody(r.bytes);
  CHECK(Json(body).ok);
  CHECK(r.elapsed >= milliseconds(20 * (static_cast<int64_t>(body.size()) / 100 - 1)));
  CHECK(body.size() > 500);
}

TEST_CASE("fault: an endless chunked body keeps coming") {
  auto server = StartServer(Small());
  FaultRule rule = Rule(FaultKind::kEndless);
  rule.interval_ms = 5;
  server->AddFault(rule);
  testing::RawResult r = RawExchange(server->port(), RawGet(kContacts), 300, 500);
  CHECK(r.cut_off);  // still streaming when the reader gave up
  CHECK(r.bytes.find("Transfer-Encoding: chunked") != std::string::npos);
  CHECK(r.bytes.find("{\"results\":[") != std::string::npos);
  CHECK(r.bytes.size() > 500);
}

TEST_CASE("fault: reset closes the connection with RST after part of the body") {
  auto server = StartServer(Small());
  FaultRule rule = Rule(FaultKind::kReset);
  rule.bytes = 10;
  server->AddFault(rule);
  testing::RawResult r = RawExchange(server->port(), RawGet(kContacts), 2000);
  CHECK(r.reset);
  CHECK_FALSE(r.eof);
  // And through a client library: the request fails, it does not look like a short success.
  server->AddFault(rule);
  auto client = ClientFor(*server);
  auto res = client->Get(kContacts, Bearer(kPat));
  CHECK_FALSE(res);
}

TEST_CASE("fault: truncate announces the full length but sends part and closes") {
  auto server = StartServer(Small());
  server->AddFault(Rule(FaultKind::kTruncate));
  testing::RawResult r = RawExchange(server->port(), RawGet(kContacts), 2000);
  CHECK(r.eof);
  const size_t at = r.bytes.find("Content-Length: ");
  REQUIRE(at != std::string::npos);
  const size_t announced = std::stoul(r.bytes.substr(at + 16));
  const std::string body = testing::RawBody(r.bytes);
  CHECK(body.size() == announced / 2);
  CHECK(body.size() < announced);
}

TEST_CASE("fault: HTML and empty and malformed 200s") {
  auto server = StartServer(Small());
  auto client = ClientFor(*server);
  FaultRule html = Rule(FaultKind::kHtml);
  html.nth = 1;
  FaultRule empty = Rule(FaultKind::kEmpty);
  empty.nth = 2;
  FaultRule malformed = Rule(FaultKind::kMalformedJson);
  malformed.nth = 3;
  FaultRule html_503 = Rule(FaultKind::kStatus);
  html_503.status = 503;
  html_503.body = "html";
  html_503.nth = 4;
  for (const FaultRule& r : {html, empty, malformed, html_503}) server->AddFault(r);

  auto res = client->Get(kContacts, Bearer(kPat));
  REQUIRE(res);
  CHECK(res->status == 200);
  CHECK(res->get_header_value("Content-Type").starts_with("text/html"));
  CHECK(res->body.starts_with("<!DOCTYPE html>"));
  res = client->Get(kContacts, Bearer(kPat));
  REQUIRE(res);
  CHECK(res->status == 200);
  CHECK(res->body.empty());
  CHECK(res->get_header_value("Content-Type").starts_with("application/json"));
  res = client->Get(kContacts, Bearer(kPat));
  REQUIRE(res);
  CHECK(res->status == 200);
  CHECK(res->body.starts_with("{\"results\":["));
  CHECK_FALSE(Json(res->body).ok);
  res = client->Get(kContacts, Bearer(kPat));
  REQUIRE(res);
  CHECK(res->status == 503);
  CHECK(res->body.starts_with("<!DOCTYPE html>"));
}

TEST_CASE("fault: an access token expires after N requests and a refreshed one works") {
  auto server = StartServer(Small());
  auto client = ClientFor(*server);
  const std::string form =
      "grant_type=refresh_token&client_id=fake-hubspot-client-id&client_secret="
      "fake-hubspot-client-secret&refresh_token=fake-hubspot-refresh-token";
  auto grant = [&] {
    auto res = client->Post("/hubspot/oauth/v1/token", form, "application/x-www-form-urlencoded");
    REQUIRE(res);
    REQUIRE(res->status == 200);
    Json json(res->body);
    REQUIRE(json.ok);
    return Str(json.root["access_token"]);
  };
  FaultRule rule = Rule(FaultKind::kExpireToken, "/hubspot/crm");
  rule.nth = 3;  // after 2 requests
  server->AddFault(rule);
  const std::string token = grant();
  CHECK(client->Get(kContacts, Bearer(token))->status == 200);
  CHECK(client->Get(kContacts, Bearer(token))->status == 200);
  auto expired = client->Get(kContacts, Bearer(token));
  REQUIRE(expired);
  CHECK(expired->status == 401);
  CHECK(expired->body.find("EXPIRED_AUTHENTICATION") != std::string::npos);
  CHECK(client->Get(kContacts, Bearer(token))->status == 401);
  CHECK(client->Get(kContacts, Bearer(grant()))->status == 200);

  SECTION("invalid_grant on the token endpoint") {
    server->AddFault(Rule(FaultKind::kInvalidGrant, "/hubspot/oauth"));
    auto res = client->Post("/hubspot/oauth/v1/token", form, "application/x-www-form-urlencoded");
    REQUIRE(res);
    CHECK(res->status == 400);
    CHECK(res->body.find("BAD_REFRESH_TOKEN") != std::string::npos);
  }
}

TEST_CASE("faults can change while requests are in flight") {
  auto server = StartServer(Small());
  std::atomic<bool> done{false};
  std::atomic<int> ok{0}, failed{0};
  std::vector<std::thread> workers;
  for (int t = 0; t < 4; ++t) {
    workers.emplace_back([&] {
      auto client = ClientFor(*server);
      while (!done) {
        auto res = client->Get(kContacts, Bearer(kPat));
        (res && res->status == 200 ? ok : failed)++;
      }
    });
  }
  for (int i = 0; i < 50; ++i) {
    FaultRule rule = Rule(FaultKind::kStatus);
    rule.times = 2;
    const int id = server->AddFault(rule);
    std::this_thread::sleep_for(milliseconds(2));
    server->RemoveFault(id);
  }
  done = true;
  for (std::thread& w : workers) w.join();
  CHECK(ok > 0);
  CHECK(failed > 0);
  CHECK(server->requests().Count(kContacts) == ok + failed);
}

}  // namespace
}  // namespace tempo::fakes
