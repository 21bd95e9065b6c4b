// The HTTP service against the fake provider APIs (tests/fakes, docs/fake-api.md): an
// independent server with the providers' real wire quirks, so the client's retries, OAuth
// handling and classification are checked against something it was not written with.
#include <simdjson.h>

#include <set>

#include <catch2/catch.hpp>

#include "fakes/core/fake_api_server.h"
#include "http/http_service.h"

namespace {

using tempo::fakes::FakeApiOptions;
using tempo::fakes::FakeApiServer;
using tempo::fakes::FaultKind;
using tempo::fakes::FaultRule;

const bool kNoProxy = (::setenv("no_proxy", "127.0.0.1,localhost", 1), true);

tempo::config::HttpSettings Fast() {
  tempo::config::HttpSettings s;
  s.connect_timeout_s = 2;
  s.timeout_s = 3;
  s.idle_timeout_s = 0.3;
  s.max_attempts = 4;
  s.max_retry_wait_s = 5;
  s.initial_backoff_s = 0.01;
  s.max_backoff_s = 0.05;
  return s;
}

std::unique_ptr<FakeApiServer> Start(FakeApiOptions options) {
  options.dataset.scale = 20;
  auto server = FakeApiServer::Start(std::move(options));
  REQUIRE(server.ok());
  return std::move(*server);
}

struct Got {
  tempo_status code = TEMPO_OK;
  int status = 0;
  std::string body;
  std::string error;
};

// A connection's HTTP service, called through the host API table as a plugin would.
class Connection {
 public:
  explicit Connection(std::shared_ptr<tempo::http::SharedState> state)
      : gateway_(tempo::http::NewHttpService("crm", Fast(), std::move(state))) {
    ctx_.plugin_name = "test";
    ctx_.connection = "crm";
    ctx_.stream = "accounts";
    ctx_.http = gateway_.get();
  }
  tempo_status Configure(const tempo_http_config& c) {
    return tempo::plugin::HostApi()->http_configure(&ctx_, &c);
  }
  Got Get(const std::string& url, tempo_http_classify_fn classify = nullptr) {
    tempo_http_request req{};
    req.struct_size = sizeof req;
    req.method = "GET";
    req.url = url.data();
    req.url_len = url.size();
    req.classify = classify;
    tempo_http_response resp{};
    resp.struct_size = sizeof resp;
    ctx_.error.clear();
    Got got;
    got.code = tempo::plugin::HostApi()->http_request(&ctx_, &req, &resp);
    got.error = ctx_.error;
    if (got.code == TEMPO_OK) {
      got.status = resp.status;
      got.body.assign(resp.body, resp.body_len);
    }
    return got;
  }
  std::string AuthField(const char* name, tempo_status* code) {
    const char* value = nullptr;
    size_t len = 0;
    *code = tempo::plugin::HostApi()->http_auth_field(&ctx_, name, &value, &len);
    return *code == TEMPO_OK ? std::string(value, len) : "";
  }
  tempo::plugin::HttpCounters Counters() const { return gateway_->Counters(); }

 private:
  std::unique_ptr<tempo::plugin::HttpGateway> gateway_;
  tempo_ctx ctx_;
};

FaultRule Rule(FaultKind kind, const std::string& path, int64_t nth) {
  FaultRule r;
  r.kind = kind;
  r.path = path;
  r.nth = nth;
  return r;
}

int32_t SalesforceLimits(void*, const tempo_http_response* r) {
  std::string_view body(r->body, r->body_len);
  if (r->status == 403 && body.find("REQUEST_LIMIT_EXCEEDED") != std::string_view::npos) {
    return TEMPO_HTTP_QUOTA;
  }
  return TEMPO_HTTP_DEFAULT;
}

}  // namespace

TEST_CASE("fake HubSpot: every contact arrives through 503s, resets, truncation, stalls, 429s") {
  auto server = Start({});
  const std::string path = "/hubspot/crm/v3/objects/contacts";
  server->AddFault(Rule(FaultKind::kStatus, path, 2));
  FaultRule reset = Rule(FaultKind::kReset, path, 4);
  reset.bytes = 20;
  server->AddFault(reset);
  server->AddFault(Rule(FaultKind::kTruncate, path, 6));
  server->AddFault(Rule(FaultKind::kStall, path, 8));
  FaultRule limited = Rule(FaultKind::kRateLimited, path, 10);
  limited.retry_after.form = tempo::fakes::RetryAfter::Form::kNone;
  server->AddFault(limited);

  Connection connection(tempo::http::NewProcessLocalState());
  tempo_http_config c{};
  c.struct_size = sizeof c;
  c.auth_kind = TEMPO_AUTH_BEARER;
  c.bearer_token = "pat-na1-7e3c2a90-0000-4000-8000-000000000042";
  c.rate_limit_key = "hubspot:fake-portal";
  c.requests_per_second = 100;
  c.burst = 10;
  REQUIRE(connection.Configure(c) == TEMPO_OK);

  std::set<std::string> ids;
  std::string after;
  int pages = 0;
  simdjson::dom::parser parser;
  do {
    std::string url = server->url(path) + "?limit=10" + (after.empty() ? "" : "&after=" + after);
    Got page = connection.Get(url);
    INFO(page.error);
    REQUIRE(page.code == TEMPO_OK);
    REQUIRE(page.status == 200);
    simdjson::dom::element doc;
    REQUIRE(parser.parse(page.body).get(doc) == simdjson::SUCCESS);
    for (simdjson::dom::element contact : doc["results"].get_array()) {
      ids.insert(std::string(contact["id"].get_string().value()));
    }
    std::string_view next;
    after = doc.at_pointer("/paging/next/after").get_string().get(next) == simdjson::SUCCESS
                ? std::string(next)
                : std::string();
    ++pages;
  } while (!after.empty() && pages < 50);
  CHECK(ids.size() == 100);
  CHECK(pages == 10);
  tempo::plugin::HttpCounters counters = connection.Counters();
  CHECK(counters.retries == 5);
  CHECK(counters.requests == 15);
}

TEST_CASE("fake Salesforce: instance_url, rotation, expired sessions, quota and revoked grants") {
  FakeApiOptions options;
  options.auth.rotate_refresh_tokens = true;
  auto server = Start(std::move(options));
  auto state = tempo::http::NewProcessLocalState();
  Connection connection(state);
  const std::string token_url = server->url("/salesforce/services/oauth2/token");
  tempo_http_config c{};
  c.struct_size = sizeof c;
  c.auth_kind = TEMPO_AUTH_OAUTH2_REFRESH_TOKEN;
  c.token_url = token_url.c_str();
  c.client_id = "fake-salesforce-client-id";
  c.client_secret = "fake-salesforce-client-secret";
  c.refresh_token = "fake-salesforce-refresh-token";
  c.default_expires_in_s = 7200;  // Salesforce sends no expires_in
  REQUIRE(connection.Configure(c) == TEMPO_OK);

  tempo_status code = TEMPO_OK;
  std::string instance = connection.AuthField("instance_url", &code);
  REQUIRE(code == TEMPO_OK);
  CHECK(instance == server->url("/salesforce"));
  const std::string query =
      instance + "/services/data/v62.0/query?q=SELECT%20Id%20FROM%20Account%20LIMIT%205";
  Got first = connection.Get(query);
  INFO(first.error);
  REQUIRE(first.code == TEMPO_OK);
  CHECK(first.status == 200);
  CHECK(first.body.find("\"totalSize\":5") != std::string::npos);
  // The rotation was stored for the next run.
  auto stored = state->LoadRefreshToken("crm");
  REQUIRE(stored.ok());
  REQUIRE(stored->has_value());
  CHECK((*stored)->refresh_token != "fake-salesforce-refresh-token");

  // The session expires: one refresh (with the rotated token), the request replayed.
  server->AddFault(Rule(FaultKind::kExpireToken, "/salesforce/services/data", 1));
  Got after_expiry = connection.Get(query);
  INFO(after_expiry.error);
  REQUIRE(after_expiry.code == TEMPO_OK);
  CHECK(after_expiry.status == 200);
  CHECK(connection.Counters().retries == 1);

  // The org's daily limit: a 403 the connector's hook calls a quota.
  FaultRule quota = Rule(FaultKind::kQuota, "/salesforce/services/data", 1);
  quota.times = -1;
  int quota_id = server->AddFault(quota);
  Got limited = connection.Get(query, &SalesforceLimits);
  CHECK(limited.code == TEMPO_ERR_QUOTA);
  CHECK_THAT(limited.error, Catch::Contains("the run is deferred"));
  server->RemoveFault(quota_id);

  // A revoked grant: a permission error that asks for re-authorization.
  server->AddFault(Rule(FaultKind::kInvalidGrant, "/salesforce/services/oauth2/token", 1));
  server->AddFault(Rule(FaultKind::kExpireToken, "/salesforce/services/data", 1));
  Got revoked = connection.Get(query);
  CHECK(revoked.code == TEMPO_ERR_PERMISSION);
  CHECK_THAT(revoked.error, Catch::StartsWith("connection 'crm' stream 'accounts': "));
  CHECK_THAT(revoked.error, Catch::Contains("re-authorize"));
}
