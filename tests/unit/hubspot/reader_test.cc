// The hubspot reader against the kit's fake host: list pages and their checkpoints, the
// hand-over cursor, a resumed list, a search page of deals with its v4 associations, and a page
// that does not parse.
#include "reader.h"

#include <catch2/catch.hpp>

#include "tempo/testing/fake_host.hpp"
#include "tempo/time.hpp"

namespace hs = tempo::hubspot;
namespace sdk = tempo::sdk;
using sdk::testing::FakeHost;
using sdk::testing::FakeHttpRequest;
using sdk::testing::FakeHttpResponse;

namespace {

std::string Contact(const char* id, const char* email, const char* modified) {
  return std::string(R"({"id":")") + id + R"(","properties":{"email":")" + email +
         R"(","jobtitle":null,"createdate":"1711843200000","lastmodifieddate":")" + modified +
         R"(","hs_object_id":")" + id + R"("},"archived":false})";
}

FakeHttpResponse ContactPages(const FakeHttpRequest& r) {
  if (r.url.find("/crm/v3/objects/contacts?limit=2&archived=false&properties=email,") != 0 &&
      r.url.find("https://api.example/crm/v3/objects/contacts?limit=2&archived=false") != 0) {
    return {404, R"({"message":"no"})", {}};
  }
  if (r.url.find("&after=c2") != std::string::npos) {
    return {
        200, R"({"results":[)" + Contact("3", "c@x.example", "2024-01-03T00:00:00Z") + "]}", {}};
  }
  return {200,
          R"({"results":[)" + Contact("1", "a@x.example", "2024-01-01T00:00:00Z") + "," +
              Contact("2", "b@x.example", "2024-01-02T00:00:00Z") +
              R"(],"paging":{"next":{"after":"c2"}}})",
          {}};
}

struct Fixture {
  FakeHost host;
  sdk::Context ctx{host.ctx()};
  hs::Config config;
  std::vector<hs::ObjectType> types;
  std::unique_ptr<hs::StreamReader> reader;

  explicit Fixture(const std::string& more = "") {
    REQUIRE(hs::ReadConfig(R"({"access_token":"t","base_url":"https://api.example",)"
                           R"("page_size":2,"search_requests_per_second":1000)" +
                               more + "}",
                           &config)
                .ok());
    types = hs::ObjectTypes(config);
    reader = std::make_unique<hs::StreamReader>(config);
  }
  const hs::ObjectType& Type(std::string_view stream) {
    for (const auto& t : types) {
      if (t.stream == stream) return t;
    }
    FAIL("no type " << stream);
    return types[0];
  }
};

}  // namespace

TEST_CASE("hubspot reader: a list read checkpoints every page and hands on its start") {
  Fixture f;
  f.host.http = &ContactPages;
  const int64_t before = sdk::NowMs();
  REQUIRE(f.reader->Read(f.ctx, f.Type("contacts"), {"contacts", TEMPO_SYNC_INCREMENTAL, ""}).ok());
  const int64_t after = sdk::NowMs();
  REQUIRE(f.host.requests.size() == 2);
  CHECK(f.host.requests[1].url.find("&after=c2") != std::string::npos);
  REQUIRE(f.host.Count("contact") == 3);
  const auto& a = f.host.Row("contact", "1");
  CHECK(a.fields.at("email") == "s:a@x.example");
  CHECK(a.fields.at("title") == "null");
  CHECK(a.fields.at("created_at") == "s:2024-03-31T00:00:00.000Z");
  CHECK(a.updated_at == "2024-01-01T00:00:00Z");
  CHECK(a.raw == Contact("1", "a@x.example", "2024-01-01T00:00:00Z"));
  REQUIRE(f.host.states.size() == 2);
  CHECK_THAT(f.host.states[0], Catch::Contains(R"("phase":"list","after":"c2")"));
  // The final state: the instant the read started, less 5 minutes, inclusive; no run.
  hs::StreamState done;
  REQUIRE(hs::DecodeState(f.host.committed_state, "contacts", &done).ok());
  CHECK_FALSE(done.run);
  CHECK(done.cursor_id.empty());
  CHECK(done.cursor_ms >= before - 5 * 60 * 1000);
  CHECK(done.cursor_ms <= after - 5 * 60 * 1000);
}

TEST_CASE("hubspot reader: a resumed list reads from its page and keeps its run's start") {
  Fixture f;
  f.host.http = &ContactPages;
  hs::StreamState state;
  hs::RunState run;
  run.incremental = true;
  run.phase = "list";
  run.after = "c2";
  run.page = 1;
  run.started_ms = 123456;
  state.run = run;
  REQUIRE(f.reader
              ->Read(f.ctx, f.Type("contacts"),
                     {"contacts", TEMPO_SYNC_INCREMENTAL, hs::EncodeState(state)})
              .ok());
  REQUIRE(f.host.requests.size() == 1);
  CHECK(f.host.Count("contact") == 1);
  CHECK(f.host.committed_state == R"({"version":1,"cursor_ms":123456,"cursor_id":""})");
}

TEST_CASE("hubspot reader: a search page of deals gets its companies from the v4 batch read") {
  Fixture f(R"(,"read_archived":false)");
  f.host.http = [](const FakeHttpRequest& r) -> FakeHttpResponse {
    if (r.url == "https://api.example/crm/v3/objects/deals/search") {
      return {200,
              R"({"total":1,"results":[{"id":"101","properties":{"dealname":"Acme",)"
              R"("amount":"17000.5","hs_lastmodifieddate":"2024-05-01T00:00:00Z",)"
              R"("hs_is_closed":"true","hs_is_closed_won":"true","partner_name":"Acme Partners",)"
              R"("partner_role":"co-sell"},"archived":false}]})",
              {}};
    }
    if (r.url == "https://api.example/crm/v4/associations/deals/companies/batch/read") {
      CHECK(r.body == R"({"inputs":[{"id":"101"}]})");
      return {
          200,
          R"({"status":"COMPLETE","results":[{"from":{"id":"101"},"to":[)"
          R"({"toObjectId":9009,"associationTypes":[{"category":"USER_DEFINED","typeId":12,"label":"Partner"}]},)"
          R"({"toObjectId":6002,"associationTypes":[{"category":"HUBSPOT_DEFINED","typeId":5,"label":null}]}]}]})",
          {}};
    }
    return {404, "{}", {}};
  };
  REQUIRE(f.reader
              ->Read(f.ctx, f.Type("deals"),
                     {"deals", TEMPO_SYNC_INCREMENTAL, R"({"version":1,"cursor_ms":1000})"})
              .ok());
  const auto& deal = f.host.Row("opportunity", "101");
  CHECK(deal.fields.at("account_source_id") == "s:6002");
  CHECK(deal.fields.at("is_won") == "b:1");
  CHECK_THAT(deal.raw,
             Catch::EndsWith(
                 R"("archived":false,"associations":{"companies":{"results":[)"
                 R"({"id":"9009","type":"partner"},{"id":"6002","type":"deal_to_company"}]}}})"));
  const auto& attribution = f.host.Row("opportunity_partner", "101:Acme Partners");
  CHECK(attribution.fields.at("role") == "s:co_sell");
  CHECK(attribution.fields.at("attribution_source") == "s:crm_field");
  // A search reads in modification order: it hands on the newest record it read.
  CHECK(f.host.committed_state == R"({"version":1,"cursor_ms":)" +
                                      std::to_string(*sdk::ParseIsoMs("2024-05-01T00:00:00Z")) +
                                      R"(,"cursor_id":"101"})");
}

TEST_CASE("hubspot reader: a page that is not JSON fails naming the stream and page") {
  Fixture f;
  f.host.http = [](const FakeHttpRequest& r) -> FakeHttpResponse {
    if (r.url.find("&after=c2") != std::string::npos) return {200, "<html>oops</html>", {}};
    return ContactPages(r);
  };
  auto s = f.reader->Read(f.ctx, f.Type("contacts"), {"contacts", TEMPO_SYNC_FULL_REFRESH, ""});
  CHECK(s.code() == TEMPO_ERR_DATA);
  CHECK_THAT(s.message(), Catch::StartsWith("HubSpot stream 'contacts' page 2 (after c2): the "
                                            "response is not valid JSON"));
  CHECK(f.host.Count("contact") == 2);  // the first page is committed, nothing of the second
  CHECK(f.host.pending.empty());
}

TEST_CASE("hubspot reader: a record without its modification time is a counted reject") {
  Fixture f;
  f.host.http = [](const FakeHttpRequest&) -> FakeHttpResponse {
    return {200,
            R"({"results":[)" + Contact("1", "a@x.example", "2024-01-01T00:00:00Z") +
                R"(,{"id":"2","properties":{"email":"b@x.example","hs_object_id":"2"},)"
                R"("archived":false},)" +
                Contact("3", "c@x.example", "2024-01-03T00:00:00Z") + "]}",
            {}};
  };
  REQUIRE(f.reader->Read(f.ctx, f.Type("contacts"), {"contacts", TEMPO_SYNC_INCREMENTAL, ""}).ok());
  CHECK(f.host.Count("contact") == 2);  // 1 and 3: the stream went on
  REQUIRE(f.host.kept_rejects.size() == 1);
  CHECK_THAT(f.host.kept_rejects[0].reason,
             Catch::Contains("(id 2)") &&
                 Catch::Contains("no valid lastmodifieddate or updatedAt (the cursor field)"));
  CHECK(f.host.kept_rejects[0].source_id == "2");
  CHECK_THAT(f.host.kept_rejects[0].raw_record, Catch::Contains(R"("email":"b@x.example")"));
}
