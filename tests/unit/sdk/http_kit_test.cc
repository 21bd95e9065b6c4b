// tempo/http.hpp and tempo/catalog.hpp through the kit's FakeHost: error envelopes, the one
// status map, rate keys, and a catalog connector's Discover and Read dispatch.
#include "tempo/catalog.hpp"
#include "tempo/http.hpp"
#include "tempo/testing/fake_host.hpp"

#include <catch2/catch.hpp>

namespace sdk = tempo::sdk;
using sdk::testing::FakeHost;
using sdk::testing::FakeHttpRequest;
using sdk::testing::FakeHttpResponse;

TEST_CASE("http kit: provider error envelopes become (code, message)") {
  auto e = sdk::ParseHttpError(
      R"({"status":"error","message":"Missing scopes","category":"MISSING_SCOPES"})");
  CHECK(e.code == "MISSING_SCOPES");
  CHECK(e.message == "Missing scopes");
  e = sdk::ParseHttpError(R"([{"message":"No such column","errorCode":"INVALID_FIELD"}])");
  CHECK(e.code == "INVALID_FIELD");
  CHECK(e.message == "No such column");
  e = sdk::ParseHttpError(
      R"({"type":"x","title":"Resource Not Found","status":404,"detail":"The requested resource could not be found."})");
  CHECK(e.message == "The requested resource could not be found.");
  e = sdk::ParseHttpError(R"({"error":"invalid_grant","error_description":"expired"})");
  CHECK(e.code == "invalid_grant");
  CHECK(e.message == "expired");
  e = sdk::ParseHttpError("<html>\n<body>Bad gateway</body></html>");
  CHECK(e.code.empty());
  CHECK(e.message == "<html> <body>Bad gateway</body></html>");
  CHECK(sdk::ParseHttpError("").message == "empty body");
}

TEST_CASE("http kit: one status map, and rate keys that never hold a secret") {
  CHECK(sdk::StatusForHttp(401, "x", "check the token").code() == TEMPO_ERR_PERMISSION);
  CHECK(sdk::StatusForHttp(403, "x", "check the token").message() == "x; check the token");
  CHECK(sdk::StatusForHttp(404, "x", "").code() == TEMPO_ERR_NOT_FOUND);
  CHECK(sdk::StatusForHttp(400, "x", "").code() == TEMPO_ERR_INVALID_ARGUMENT);
  CHECK(sdk::StatusForHttp(503, "x", "").code() == TEMPO_ERR_UNAVAILABLE);
  CHECK(sdk::RateKey("hubspot", "42", "pat", "secret") == "hubspot:42");
  const std::string key = sdk::RateKey("hubspot", "", "pat", "pat-na1-secret");
  CHECK(key == "hubspot:pat-" + sdk::ShortHash("pat-na1-secret"));
  CHECK(key.find("secret") == std::string::npos);
  CHECK(sdk::ShortHash("a").size() == 12);
  CHECK(sdk::ShortHash("a") != sdk::ShortHash("b"));
}

TEST_CASE(
    "http kit: a client sends through the host and maps a refusal with the provider's words") {
  FakeHost host;
  host.http = [](const FakeHttpRequest& r) {
    if (r.url.find("/denied") != std::string::npos) {
      return FakeHttpResponse{
          403,
          R"({"message":"This app lacks crm.objects.deals.read","category":"MISSING_SCOPES"})",
          {}};
    }
    return FakeHttpResponse{200, R"({"ok":true})", {{"Date", "Sun, 30 Jun 2024 00:00:00 GMT"}}};
  };
  sdk::Context ctx(host.ctx());
  sdk::HttpClient http(sdk::HttpProvider{"HubSpot", nullptr, nullptr, "grant the scopes"});
  sdk::HttpResponse resp;
  REQUIRE(http.PostJson(ctx, "https://x/ok", "{}", "check", &resp).ok());
  CHECK(resp.body == R"({"ok":true})");
  CHECK(resp.Header("date") == "Sun, 30 Jun 2024 00:00:00 GMT");
  CHECK(host.requests.back().Header("Content-Type") == "application/json");
  sdk::Status s = http.Get(ctx, "https://x/denied", "stream 'deals' page 1", &resp);
  CHECK(s.code() == TEMPO_ERR_PERMISSION);
  CHECK(s.message() ==
        "HubSpot stream 'deals' page 1: HTTP 403 MISSING_SCOPES: This app lacks "
        "crm.objects.deals.read; grant the scopes");
}

TEST_CASE("http kit: the fake host retries what the classify hook calls transient") {
  FakeHost host;
  int calls = 0;
  host.http = [&](const FakeHttpRequest&) {
    return ++calls < 3 ? FakeHttpResponse{200, R"({"success":false})", {}}
                       : FakeHttpResponse{200, R"({"success":true})", {}};
  };
  sdk::Context ctx(host.ctx());
  auto classify = [](void*, const tempo_http_response* r) -> int32_t {
    return std::string_view(r->body, r->body_len).find("false") != std::string_view::npos
               ? TEMPO_HTTP_RETRY
               : TEMPO_HTTP_DEFAULT;
  };
  sdk::HttpClient http(sdk::HttpProvider{"Marketo", classify, nullptr, ""});
  sdk::HttpResponse resp;
  REQUIRE(http.Get(ctx, "https://x/leads", "leads", &resp).ok());
  CHECK(calls == 3);
  CHECK(resp.attempts == 3);
}

namespace {

class Hello : public sdk::CatalogConnector<Hello> {
 public:
  Hello()
      : CatalogConnector({{"accounts", "account", "id", "updated_at", "Accounts",
                           TEMPO_SYNC_FULL_REFRESH | TEMPO_SYNC_INCREMENTAL, &Hello::ReadAccounts},
                          {"people", "contact", "id", "", "People", TEMPO_SYNC_FULL_REFRESH,
                           &Hello::ReadPeople}}) {}
  sdk::Status Check(sdk::Context&) override { return sdk::Status::Ok(); }
  std::string last;

 private:
  sdk::Status ReadAccounts(sdk::Context& ctx, const Stream& s, const sdk::ReadRequest& r) {
    last = s.name + ":" + std::string(r.state);
    sdk::RecordBatch batch(ctx);
    batch.Begin(s.entity, "1").Str("name", "Acme");
    if (sdk::Status st = batch.Flush(); !st.ok()) return st;
    return ctx.Checkpoint(s.name, "{}");
  }
  sdk::Status ReadPeople(sdk::Context&, const Stream& s, const sdk::ReadRequest&) {
    last = s.name;
    return sdk::Status::Ok();
  }
};

}  // namespace

TEST_CASE("catalog: Discover comes from the stream table, Read dispatches by name") {
  FakeHost host;
  sdk::Context ctx(host.ctx());
  Hello hello;
  std::vector<sdk::StreamInfo> streams;
  REQUIRE(hello.Discover(ctx, &streams).ok());
  REQUIRE(streams.size() == 2);
  CHECK(streams[0].name == "accounts");
  CHECK(streams[0].cursor_field == "updated_at");
  CHECK(streams[0].sync_modes == (TEMPO_SYNC_FULL_REFRESH | TEMPO_SYNC_INCREMENTAL));
  CHECK(streams[1].entity == "contact");
  REQUIRE(hello.Read(ctx, {"accounts", TEMPO_SYNC_INCREMENTAL, "s0"}).ok());
  CHECK(hello.last == "accounts:s0");
  CHECK(host.Row("account", "1").fields.at("name") == "s:Acme");
  REQUIRE(hello.Read(ctx, {"people", TEMPO_SYNC_FULL_REFRESH, ""}).ok());
  CHECK(hello.last == "people");
  sdk::Status s = hello.Read(ctx, {"deals", TEMPO_SYNC_FULL_REFRESH, ""});
  CHECK(s.code() == TEMPO_ERR_NOT_FOUND);
  CHECK(s.message() == "no stream 'deals' in this connector; its streams are accounts, people");
}
