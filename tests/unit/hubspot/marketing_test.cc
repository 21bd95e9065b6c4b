// The hubspot marketing stream against the kit's fake host: emails and campaigns into campaign
// rows, paging and checkpoints, the incremental updatedAfter and archived emails as deletes,
// the hand-over, the state, and the scope a 403 names.
#include "marketing.h"

#include <catch2/catch.hpp>

#include "reader.h"
#include "tempo/testing/fake_host.hpp"
#include "tempo/time.hpp"

namespace hs = tempo::hubspot;
namespace sdk = tempo::sdk;
using sdk::testing::FakeHost;
using sdk::testing::FakeHttpRequest;
using sdk::testing::FakeHttpResponse;

namespace {

FakeHttpResponse Resp(int32_t status, std::string body) { return {status, std::move(body), {}}; }

std::string Email(const char* id, const char* state, const char* publish) {
  std::string e =
      std::string(R"({"id":")") + id + R"(","name":"Email )" + id + R"(","subject":"S","state":")" +
      state + R"(","updatedAt":"2024-05-01T10:00:00.000Z","createdAt":"2024-04-01T10:00:00.000Z")";
  if (publish) e += std::string(R"(,"publishDate":")") + publish + "\"";
  return e + R"(,"stats":{"counters":{"sent":10}}})";
}

// Emails in two pages (after=p2), one archived email, campaigns in one page.
FakeHttpResponse Marketing(const FakeHttpRequest& r) {
  const std::string& u = r.url;
  if (u.find("https://api.example/marketing/v3/emails?limit=2&includeStats=true") == 0) {
    if (u.find("archived=true") != std::string::npos) {
      return Resp(200, R"({"results":[)" + Email("9", "DRAFT", nullptr) + "]}");
    }
    if (u.find("&after=p2") != std::string::npos) {
      return Resp(200, R"({"results":[)" + Email("3", "DRAFT", nullptr) + "]}");
    }
    return Resp(200, R"({"results":[)" + Email("1", "PUBLISHED", "2024-05-02T14:00:00.000Z") + "," +
                         Email("2", "PUBLISHED", "1714658400000") +
                         R"(],"paging":{"next":{"after":"p2","link":"x"}}})");
  }
  if (u ==
      "https://api.example/marketing/v3/campaigns?limit=2&properties=hs_name,hs_start_date,"
      "hs_end_date") {
    return Resp(
        200,
        R"({"results":[{"id":"0b5c8e6e-1f0a-4c1e-9d1b-6a7f1b2c3d4e","properties":{"hs_name":"Spring launch","hs_start_date":"2024-03-01","hs_end_date":"2024-03-31"},"createdAt":"2024-02-01T00:00:00.000Z","updatedAt":"2024-02-02T00:00:00.000Z","businessUnits":[{"id":0}]}],"total":1})");
  }
  return Resp(404, R"({"status":"error","message":"no route","category":"OBJECT_NOT_FOUND"})");
}

struct Fixture {
  FakeHost host;
  sdk::Context ctx{host.ctx()};
  hs::Config config;
  std::unique_ptr<hs::MarketingReader> reader;
  Fixture() {
    REQUIRE(hs::ReadConfig(R"({"access_token":"t","base_url":"https://api.example","page_size":2})",
                           &config)
                .ok());
    reader = std::make_unique<hs::MarketingReader>(config, hs::kHubSpotHttp);
  }
};

}  // namespace

TEST_CASE("marketing: emails and campaigns become campaign rows") {
  Fixture f;
  f.host.http = Marketing;
  REQUIRE(f.reader->Read(f.ctx, {"marketing", TEMPO_SYNC_FULL_REFRESH, ""}).ok());
  CHECK(f.host.Count("campaign") == 4);
  const auto& e1 = f.host.Row("campaign", "1");
  CHECK(e1.fields.at("name") == "s:Email 1");
  CHECK(e1.fields.at("channel") == "s:email");
  CHECK(e1.fields.at("start_at") == "s:2024-05-02T14:00:00.000Z");
  CHECK(e1.updated_at == "2024-05-01T10:00:00.000Z");
  CHECK(e1.raw.find("\"counters\"") != std::string::npos);
  CHECK(f.host.Row("campaign", "2").fields.at("start_at") == "s:2024-05-02T14:00:00.000Z");
  CHECK(f.host.Row("campaign", "3").fields.at("start_at") == "null");  // a draft
  const auto& c = f.host.Row("campaign", "0b5c8e6e-1f0a-4c1e-9d1b-6a7f1b2c3d4e");
  CHECK(c.fields.at("name") == "s:Spring launch");
  CHECK(c.fields.at("start_at") == "s:2024-03-01");
  CHECK(c.fields.at("end_at") == "s:2024-03-31");
  CHECK(c.fields.count("channel") == 0);
  CHECK(f.host.rows.count({"campaign", "9"}) == 0);  // archived emails: incremental only
  // Checkpoints: after email page 1, at the campaigns phase, and the hand-over at the end.
  REQUIRE(f.host.states.size() == 3);
  CHECK(f.host.states[0].find(R"("phase":"emails","after":"p2")") != std::string::npos);
  CHECK(f.host.states[1].find(R"("phase":"campaigns","after":"")") != std::string::npos);
  hs::MarketingState last;
  REQUIRE(hs::DecodeMarketingState(f.host.states[2], &last).ok());
  CHECK_FALSE(last.run);
  CHECK(last.emails_cursor_ms > sdk::NowMs() - 6 * 60 * 1000);  // the start, less 5 minutes
  CHECK(last.emails_cursor_ms < sdk::NowMs() - 4 * 60 * 1000);
}

TEST_CASE("marketing incremental: updatedAfter from the cursor, archived emails deleted") {
  Fixture f;
  f.host.http = Marketing;
  hs::MarketingState start;
  start.emails_cursor_ms = *sdk::ParseIsoMs("2024-05-01T00:00:00Z");
  REQUIRE(
      f.reader->Read(f.ctx, {"marketing", TEMPO_SYNC_INCREMENTAL, hs::EncodeMarketingState(start)})
          .ok());
  CHECK(f.host.requests[0].url.find("&updatedAfter=2024-04-30T23:59:59.999Z") != std::string::npos);
  CHECK(f.host.Row("campaign", "9").deleted);
  CHECK_FALSE(f.host.Row("campaign", "1").deleted);
}

TEST_CASE("marketing: a read killed at a checkpoint resumes where it stood") {
  Fixture f;
  f.host.http = Marketing;
  f.host.fail_checkpoint_number = 2;  // at the campaigns phase
  CHECK_FALSE(f.reader->Read(f.ctx, {"marketing", TEMPO_SYNC_FULL_REFRESH, ""}).ok());
  f.host.Restart();
  f.host.fail_checkpoint_number = 0;
  const size_t before = f.host.requests.size();
  REQUIRE(
      f.reader->Read(f.ctx, {"marketing", TEMPO_SYNC_FULL_REFRESH, f.host.committed_state}).ok());
  CHECK(f.host.Count("campaign") == 4);
  CHECK(f.host.requests[before].url.find("&after=p2") != std::string::npos);  // page 2 again
}

TEST_CASE("marketing: a 403 names the scope the stream needs") {
  Fixture f;
  f.host.http = [](const FakeHttpRequest&) {
    return Resp(
        403,
        R"({"status":"error","message":"This app hasn't been granted all required scopes","category":"MISSING_SCOPES"})");
  };
  sdk::Status s = f.reader->Read(f.ctx, {"marketing", TEMPO_SYNC_FULL_REFRESH, ""});
  CHECK(s.code() == TEMPO_ERR_PERMISSION);
  CHECK(s.message().find("MISSING_SCOPES") != std::string::npos);
  CHECK(s.message().find("content scope") != std::string::npos);
}

TEST_CASE("marketing state round-trips and refuses an unknown phase") {
  hs::MarketingState s;
  s.emails_cursor_ms = 42;
  s.run = hs::MarketingState::Run{true, "archived_emails", "abc", 7, 3};
  hs::MarketingState back;
  REQUIRE(hs::DecodeMarketingState(hs::EncodeMarketingState(s), &back).ok());
  CHECK(back.emails_cursor_ms == 42);
  REQUIRE(back.run);
  CHECK(back.run->phase == "archived_emails");
  CHECK(back.run->after == "abc");
  CHECK(back.run->started_ms == 7);
  auto bad = hs::DecodeMarketingState(
      R"({"version":1,"run":{"incremental":true,"phase":"x","after":"","started_ms":1,"page":0}})",
      &back);
  CHECK(bad.code() == TEMPO_ERR_DATA);
}
