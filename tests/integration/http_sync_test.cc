// `tempo sync` end to end through the HTTP service: the httpecho test connector pages a
// loopback API through ctx.Http, so each test covers plugin -> host API -> HttpService ->
// sync engine -> sync_runs, in a real tempo process (two, for the shared budget).
#include <algorithm>
#include <atomic>
#include <map>
#include <mutex>
#include <set>

#include <catch2/catch.hpp>

#include "store/http_state_file.h"
#include "store/store.h"
#include "support/loopback_http.h"
#include "support/process.h"
#include "support/temp_dir.h"

namespace {

using tempo::testing::LoopbackServer;
using tempo::testing::ProcessResult;
using tempo::testing::Reply;
using tempo::testing::SeenRequest;
using tempo::testing::TempDir;

// Loopback requests must not go through a proxy the environment may name (tempo inherits it).
const bool kNoProxy = (::setenv("no_proxy", "127.0.0.1,localhost", 1), true);

constexpr const char* kFastHttp =
    "    http: {max_attempts: 3, initial_backoff: 0.01, max_backoff: 0.05, idle_timeout: 1, "
    "timeout: 5, connect_timeout: 2}\n";

std::string AccountsPage(const std::string& target) {
  std::string page = "0";
  if (size_t at = target.find("page="); at != std::string::npos) {
    page = target.substr(at + 5, target.find('&', at) - at - 5);
  }
  return R"({"accounts":[{"id":"p)" + page + R"(-1","name":"Acme )" + page + R"(","domain":"acme)" +
         page + R"(.example"},{"id":"p)" + page + R"(-2","name":"Globex )" + page +
         R"(","domain":"globex)" + page + R"(.example"}]})";
}

int PageOf(const SeenRequest& r) {
  size_t at = r.target.find("page=");
  return at == std::string::npos ? 0 : std::stoi(r.target.substr(at + 5));
}

std::string WriteConfig(const TempDir& dir, const std::string& connections) {
  return dir.Write("tempo.yaml", "store:\n  path: tempo.db\nplugins:\n  path: [" +
                                     std::string(TEMPO_BINARY_DIR) +
                                     "/test-plugins]\nconnections:\n" + connections);
}

ProcessResult Tempo(const TempDir& dir, std::vector<std::string> args,
                    const std::vector<std::string>& env = {}) {
  args.insert(args.begin(), tempo::testing::TempoBinary());
  return tempo::testing::RunProcess(args, dir.path(), env);
}

struct RunRow {
  std::string status, error;
  int64_t records = 0, bytes = 0, requests = 0, retries = 0, rate_limit_wait_ms = 0;
  std::string all_text;  // every column of the row, for the canary
};

RunRow LastRun(const TempDir& dir, const std::string& connection) {
  auto db = tempo::store::OpenStoreReadOnly(dir.File("tempo.db"));
  REQUIRE(db.ok());
  auto stmt = (*db)->Prepare(
      "SELECT status, coalesce(error, ''), records, bytes, requests, retries, "
      "rate_limit_wait_ms, * FROM sync_runs WHERE connection = ?1 ORDER BY id DESC LIMIT 1");
  REQUIRE(stmt.ok());
  stmt->Bind(1, std::string_view(connection));
  auto row = stmt->Step();
  REQUIRE(row.ok());
  REQUIRE(*row);
  RunRow r;
  r.status = stmt->Text(0);
  r.error = stmt->Text(1);
  r.records = stmt->Int(2);
  r.bytes = stmt->Int(3);
  r.requests = stmt->Int(4);
  r.retries = stmt->Int(5);
  r.rate_limit_wait_ms = stmt->Int(6);
  for (int i = 7; i < stmt->ColumnCount(); ++i) r.all_text += stmt->Text(i) + "\n";
  return r;
}

}  // namespace

TEST_CASE("tempo sync pages through the HTTP service, and sync_runs counts its traffic") {
  LoopbackServer server([](const SeenRequest& r, Reply& reply) {
    if (r.index == 2) return reply.Respond(503, "busy");                        // page 2, first try
    if (r.index == 4) return reply.Respond(429, "", {{"Retry-After", "0.1"}});  // page 3
    reply.Respond(200, AccountsPage(r.target), {{"Content-Type", "application/json"}});
  });
  TempDir dir;
  std::string cfg =
      WriteConfig(dir, std::string("  - name: web\n    plugin: httpecho\n") + kFastHttp +
                           "    config:\n      base_url: " + server.Url("") +
                           "\n      pages: 5\n      api_key: \"${env:ECHO_API_KEY}\"\n"
                           "      rate_limit_key: echo-account\n      requests_per_second: 20\n"
                           "      burst: 1\n");
  const std::string api_key = "echo-key-9911aa";
  ProcessResult r = Tempo(dir, {"-c", cfg, "sync", "web", "--json"}, {"ECHO_API_KEY=" + api_key});
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  CHECK_THAT(r.out, Catch::Contains("\"requests\":7"));
  CHECK_THAT(r.out, Catch::Contains("\"retries\":2"));
  RunRow run = LastRun(dir, "web");
  CHECK(run.status == "succeeded");
  CHECK(run.records == 10);
  CHECK(run.requests == 7);
  CHECK(run.retries == 2);
  CHECK(run.rate_limit_wait_ms >= 100);  // 7 requests at 20/s with a burst of 1
  CHECK(run.bytes > 7 * 100);            // HTTP bytes received are part of the run's bytes
  CHECK(server.Connections() == 1);      // one kept-alive connection for the whole run
  CHECK(r.err.find(api_key) == std::string::npos);
  for (const SeenRequest& req : server.Requests()) {
    CHECK_THAT(req.target, Catch::Contains("api_key=" + api_key));  // it did reach the server
  }
}

TEST_CASE("a run whose API stays down fails naming connection, stream and the redacted URL") {
  LoopbackServer server([](const SeenRequest& r, Reply& reply) {
    if (PageOf(r) == 2) return reply.Respond(503, "down");
    reply.Respond(200, AccountsPage(r.target));
  });
  TempDir dir;
  std::string cfg =
      WriteConfig(dir, std::string("  - name: web\n    plugin: httpecho\n") + kFastHttp +
                           "    config:\n      base_url: " + server.Url("") +
                           "\n      pages: 4\n      api_key: down-key-4477bb\n");
  ProcessResult r = Tempo(dir, {"-c", cfg, "sync", "web"});
  CHECK(r.exit_code == 1);
  RunRow run = LastRun(dir, "web");
  CHECK(run.status == "failed");
  CHECK_THAT(run.error, Catch::Contains("connection 'web' stream 'accounts': GET " +
                                        server.Url("/accounts?page=2&api_key=***") +
                                        ": HTTP 503 after 3 attempts over "));
  CHECK(run.requests == 4);
  CHECK(run.retries == 2);
  CHECK_THAT(r.err, Catch::Contains("HTTP 503 after 3 attempts"));
  CHECK(r.err.find("down-key-4477bb") == std::string::npos);
  CHECK(run.all_text.find("down-key-4477bb") == std::string::npos);
}

TEST_CASE("a spent daily quota defers the run without a request, and a later run resumes") {
  LoopbackServer server(
      [](const SeenRequest& r, Reply& reply) { reply.Respond(200, AccountsPage(r.target)); });
  TempDir dir;
  std::string cfg = WriteConfig(
      dir, std::string("  - name: web\n    plugin: httpecho\n") + kFastHttp +
               "    config:\n      base_url: " + server.Url("") +
               "\n      pages: 5\n      rate_limit_key: quota-account\n      daily_quota: 2\n");
  ProcessResult first = Tempo(dir, {"-c", cfg, "sync", "web"});
  CHECK(first.exit_code == 3);
  RunRow run = LastRun(dir, "web");
  CHECK(run.status == "deferred");
  CHECK_THAT(run.error, Catch::Contains("daily quota of 2 requests"));
  CHECK(run.requests == 2);
  ProcessResult second = Tempo(dir, {"-c", cfg, "sync", "web"});
  CHECK(second.exit_code == 3);
  CHECK(LastRun(dir, "web").requests == 0);
  CHECK(server.RequestCount() == 2);

  // The quota grows (a new plan, a new day): the next run resumes after the two pages the
  // deferred run committed, and every account lands exactly once.
  cfg = WriteConfig(
      dir, std::string("  - name: web\n    plugin: httpecho\n") + kFastHttp +
               "    config:\n      base_url: " + server.Url("") +
               "\n      pages: 5\n      rate_limit_key: quota-account\n      daily_quota: 100\n");
  ProcessResult third = Tempo(dir, {"-c", cfg, "sync", "web"});
  INFO(third.err);
  CHECK(third.exit_code == 0);
  CHECK(LastRun(dir, "web").requests == 3);
  CHECK(server.RequestCount() == 5);
  auto db = tempo::store::OpenStoreReadOnly(dir.File("tempo.db"));
  REQUIRE(db.ok());
  auto stmt = (*db)->Prepare("SELECT COUNT(*), COUNT(DISTINCT source_id) FROM account");
  REQUIRE(stmt.ok());
  REQUIRE(*stmt->Step());
  CHECK(stmt->Int(0) == 10);
  CHECK(stmt->Int(1) == 10);
}

TEST_CASE("a connector's classify hook turns a Salesforce limit into a deferred run") {
  LoopbackServer server([](const SeenRequest&, Reply& reply) {
    reply.Respond(403, R"([{"message":"TotalRequests Limit exceeded.","errorCode":)"
                       R"("REQUEST_LIMIT_EXCEEDED"}])");
  });
  TempDir dir;
  std::string cfg = WriteConfig(
      dir, std::string("  - name: sf\n    plugin: httpecho\n") + kFastHttp +
               "    config:\n      base_url: " + server.Url("") + "\n      quirks: salesforce\n");
  ProcessResult r = Tempo(dir, {"-c", cfg, "sync", "sf"});
  CHECK(r.exit_code == 3);
  CHECK(LastRun(dir, "sf").status == "deferred");
  CHECK(server.RequestCount() == 1);
}

TEST_CASE("two tempo sync processes on one provider account share its budget") {
  LoopbackServer server(
      [](const SeenRequest& r, Reply& reply) { reply.Respond(200, AccountsPage(r.target)); });
  TempDir dir;
  std::string connections;
  for (const char* name : {"eu", "us"}) {
    connections += std::string("  - name: ") + name + "\n    plugin: httpecho\n" + kFastHttp +
                   "    config:\n      base_url: " + server.Url("/" + std::string(name)) +
                   "\n      pages: 6\n      rate_limit_key: one-account\n"
                   "      requests_per_second: 10\n      burst: 1\n";
  }
  std::string cfg = WriteConfig(dir, connections);
  pid_t eu = tempo::testing::StartProcess({tempo::testing::TempoBinary(), "-c", cfg, "sync", "eu"},
                                          dir.File("eu.out"), dir.File("eu.err"));
  pid_t us = tempo::testing::StartProcess({tempo::testing::TempoBinary(), "-c", cfg, "sync", "us"},
                                          dir.File("us.out"), dir.File("us.err"));
  ProcessResult eu_result = tempo::testing::WaitProcess(eu, dir.File("eu.out"), dir.File("eu.err"));
  ProcessResult us_result = tempo::testing::WaitProcess(us, dir.File("us.out"), dir.File("us.err"));
  INFO(eu_result.err << us_result.err);
  REQUIRE(eu_result.exit_code == 0);
  REQUIRE(us_result.exit_code == 0);
  std::vector<double> times;
  std::set<std::string> prefixes;
  for (const SeenRequest& req : server.Requests()) {
    times.push_back(req.at);
    prefixes.insert(req.target.substr(0, 3));
  }
  CHECK(prefixes == std::set<std::string>{"/eu", "/us"});
  REQUIRE(times.size() == 12);
  std::sort(times.begin(), times.end());
  // A bucket of 10/s with a burst of 1: between requests i < j at least (j - i - 1) / 10 s (one
  // request of slack for a late arrival on a loaded machine; an unshared bucket doubles the rate).
  for (size_t i = 0; i < times.size(); ++i) {
    for (size_t j = i + 1; j < times.size(); ++j) {
      if (times[j] - times[i] < (static_cast<double>(j - i) - 1) / 10.0 - 0.03) {
        FAIL_CHECK("requests " << i << " and " << j << " arrived " << (times[j] - times[i])
                               << " s apart");
      }
    }
  }
  CHECK(times.back() - times.front() >= 1.0);
  CHECK(LastRun(dir, "eu").rate_limit_wait_ms + LastRun(dir, "us").rate_limit_wait_ms >= 700);
}

namespace {

// An OAuth server whose token responses rotate the refresh token and name the API's base as
// instance_url, and an API that accepts only the current access token, with one fault of each
// kind on the way.
class CanaryProvider {
 public:
  explicit CanaryProvider(std::string first_refresh)
      : server_([this](const SeenRequest& r, Reply& reply) { Handle(r, reply); }) {
    valid_refresh_.insert(std::move(first_refresh));
  }
  std::string TokenUrl() const { return server_.Url("/oauth/token"); }
  bool revoke_refresh = false;  // every refresh answers invalid_grant, echoing the token
  const LoopbackServer& server() const { return server_; }

 private:
  void Handle(const SeenRequest& r, Reply& reply) {
    std::lock_guard<std::mutex> lock(mu_);
    if (r.Path() == "/oauth/token") {
      std::string body = r.body;
      size_t at = body.find("refresh_token=");
      std::string presented =
          at == std::string::npos ? "" : body.substr(at + 14, body.find('&', at) - at - 14);
      if (revoke_refresh || valid_refresh_.count(presented) == 0) {
        return reply.Respond(400, R"({"error":"invalid_grant","error_description":"refresh )"
                                  R"(token )" +
                                      presented + R"( is not valid"})");
      }
      valid_refresh_.erase(presented);
      ++issued_;
      access_ = "cnry-access-" + std::to_string(issued_) + "-x9";
      std::string next = "cnry-rotated-" + std::to_string(issued_) + "-y8";
      valid_refresh_.insert(next);
      return reply.Respond(200, R"({"access_token":")" + access_ +
                                    R"(","expires_in":3600,"refresh_token":")" + next +
                                    R"(","instance_url":")" + server_.Url("/api") + R"("})");
    }
    int page = PageOf(r);
    ++api_calls_[page];
    if (r.Header("Authorization") != "Bearer " + access_) return reply.Respond(401, "expired");
    if (page == 2 && api_calls_[page] == 1) return reply.Respond(503, "");
    if (page == 3 && api_calls_[page] == 1) {
      access_ = "revoked";  // the token "expires" mid-sync
      return reply.Respond(401, "The OAuth token used to make this call expired");
    }
    if (page == 4 && api_calls_[page] == 1) {
      reply.Send(Reply::Head(200, 500) + "{\"accounts\":[");
      return reply.Close();
    }
    reply.Respond(200, AccountsPage(r.target));
  }

  std::mutex mu_;
  std::set<std::string> valid_refresh_;
  std::string access_ = "none-yet";
  int issued_ = 0;
  std::map<int, int> api_calls_;
  LoopbackServer server_;
};

}  // namespace

TEST_CASE("secrets canary through tempo sync: nothing in logs, output, errors or sync_runs") {
  const std::string client_secret = "cnry-client-secret-51c2";
  const std::string refresh = "cnry-refresh-token-77d3";
  const std::string api_key = "cnry-api-key-a4e9";
  CanaryProvider provider(refresh);
  TempDir dir;
  std::string cfg =
      WriteConfig(dir, std::string("  - name: web\n    plugin: httpecho\n") + kFastHttp +
                           "    config:\n      auth: oauth_refresh\n      use_instance_url: true\n"
                           "      token_url: " +
                           provider.TokenUrl() +
                           "\n      client_id: tempo-e2e\n"
                           "      client_secret: \"${env:CANARY_CLIENT_SECRET}\"\n"
                           "      refresh_token: \"${env:CANARY_REFRESH}\"\n"
                           "      api_key: \"${env:CANARY_API_KEY}\"\n      pages: 5\n");
  const std::vector<std::string> env = {"CANARY_CLIENT_SECRET=" + client_secret,
                                        "CANARY_REFRESH=" + refresh, "CANARY_API_KEY=" + api_key};
  const std::vector<std::string> canaries = {client_secret, refresh, api_key, "cnry-access-",
                                             "cnry-rotated-"};

  ProcessResult ok = Tempo(dir, {"-v", "-c", cfg, "sync", "web", "--json"}, env);
  INFO(ok.err);
  REQUIRE(ok.exit_code == 0);
  RunRow good = LastRun(dir, "web");
  CHECK(good.records == 10);
  CHECK(good.retries >= 3);  // the 503, the 401 replay and the truncated page
  // The rotation happened and was persisted (so the canary had something to leak).
  auto stored = tempo::store::NewHttpStateFile(tempo::store::HttpStatePath(dir.File("tempo.db")))
                    ->LoadRefreshToken("web");
  REQUIRE(stored.ok());
  REQUIRE(stored->has_value());
  CHECK_THAT((*stored)->refresh_token, Catch::StartsWith("cnry-rotated-"));

  provider.revoke_refresh = true;
  ProcessResult revoked = Tempo(dir, {"-v", "-c", cfg, "sync", "web"}, env);
  CHECK(revoked.exit_code == 1);
  RunRow bad = LastRun(dir, "web");
  CHECK_THAT(bad.error, Catch::Contains("re-authorize"));
  ProcessResult status = Tempo(dir, {"-c", cfg, "status", "--json"}, env);

  CHECK_THAT(ok.err, Catch::Contains("Authorization: ***"));  // debug lines were written
  for (const std::string& canary : canaries) {
    INFO("canary " << canary);
    for (const std::string* text : {&ok.out, &ok.err, &revoked.out, &revoked.err, &status.out,
                                    &status.err, &good.all_text, &bad.all_text}) {
      CHECK(text->find(canary) == std::string::npos);
    }
  }
}
