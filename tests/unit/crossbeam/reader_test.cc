// The crossbeam reader against the kit's fake host and a scripted Crossbeam: overlap listings
// checkpoint every page and keep the final cursor; the next read calls it and applies changes
// and tombstones; a refused or stale cursor asks the host for a full refresh; links on another
// host are never followed; the organization header goes with every call; a killed listing
// resumes without loss.
#include "reader.h"

#include <catch2/catch.hpp>

#include "state.h"
#include "tempo/testing/fake_host.hpp"

namespace xb = tempo::crossbeam;
namespace sdk = tempo::sdk;
using sdk::testing::FakeHost;
using sdk::testing::FakeHttpRequest;
using sdk::testing::FakeHttpResponse;

namespace {

const std::string kBase = "https://api.crossbeam.com";
const std::string kOrg = "org-1";

std::string Overlap(int record, int partner_record, const char* pops, bool deleted = false) {
  return R"({"partner_name":"Partner Co","partner_id":"p-1","populations":[)" + std::string(pops) +
         R"(],"partner_populations":[{"id":22001,"name":"Customers"}],)"
         R"("crossbeam_record_id":)" +
         std::to_string(record) + R"(,"partner_crossbeam_record_id":)" +
         std::to_string(partner_record) + R"(,"record_id":"001R)" + std::to_string(record) +
         R"(","record_name":"Acme )" + std::to_string(record) +
         R"(","record_website":"acme.example","is_deleted":)" + (deleted ? "true" : "false") + "}";
}

// A scripted Crossbeam: two organizations or one, populations, one partner, and account
// overlaps in two pages (cursor c1, then the final cursor "fin"), whose next_href point at
// another host. The final cursor returns `changes` (or `fin_status` with an error).
struct ScriptedCrossbeam {
  int organizations = 1;
  std::string list_key = "data";
  std::string changes = Overlap(2, 9, R"({"id":17002,"name":"P"})") + "," +
                        Overlap(1, 9, R"({"id":17001,"name":"C"})", /*deleted=*/true);
  int fin_status = 200;
  int partners_status = 200;

  static FakeHttpResponse Json(std::string body) { return {200, std::move(body), {}}; }

  std::string Page(const std::string& items, bool more, const std::string& cursor) const {
    return R"({")" + list_key + R"(":[)" + items + R"(],"pagination":{"has_more":)" +
           (more ? "true" : "false") +
           R"(,"next_href":"https://mirror.example/v1/overlaps/accounts?limit=2&cursor=)" + cursor +
           R"(","next_cursor":")" + cursor + R"("}})";
  }

  FakeHttpResponse operator()(const FakeHttpRequest& r) const {
    const std::string& url = r.url;
    if (url == kBase + "/v1/users/me") {
      std::string orgs = R"({"name":"Acme Corp","uuid":"org-1"})";
      if (organizations > 1) orgs += R"(,{"name":"Acme Sandbox","uuid":"org-2"})";
      return Json(R"({"data":[{"id":1,"organizations":[)" + orgs + "]}]}");
    }
    if (r.Header("Xbeam-Organization") != kOrg) {
      return {403, R"({"message":"Forbidden: unknown organization"})", {}};
    }
    if (url == kBase + "/v1/populations") {
      return Json(R"({")" + list_key +
                  R"(":[{"id":17001,"name":"Customers","population_type":"companies",)"
                  R"("standard_type":"customers"},{"id":17002,"name":"Prospects",)"
                  R"("population_type":"companies","standard_type":"prospects"}]})");
    }
    if (url == kBase + "/v1/partner-populations") {
      return Json(R"({")" + list_key +
                  R"(":[{"id":22001,"name":"Customers","population_type":"companies",)"
                  R"("standard_type":"customers"}]})");
    }
    if (url.rfind(kBase + "/v1/partners?limit=", 0) == 0) {
      if (partners_status != 200) return {partners_status, R"({"message":"no"})", {}};
      const bool second = url.find("page=2") != std::string::npos;
      const std::string next =
          second ? "null" : R"("https://elsewhere.example/v1/partners?limit=2&page=2")";
      return Json(R"({")" + list_key + R"(":[{"tags":[{"id":"t","label":"Technology"}],)" +
                  R"("name":"Partner )" + (second ? "Two" : "One") +
                  R"(","domain":"partner.example","uuid":"p-)" + (second ? "2" : "1") +
                  R"("}],"pagination":{"limit":2,"page":)" + (second ? "2" : "1") +
                  R"(,"next_href":)" + next + "}}");
    }
    const std::string overlaps = kBase + "/v1/overlaps/accounts?limit=2";
    if (url == overlaps) {
      return Json(Page(Overlap(1, 9, R"({"id":17002,"name":"P"},{"id":17001,"name":"C"})") + "," +
                           Overlap(2, 9, R"({"id":17002,"name":"P"})"),
                       true, "c1"));
    }
    if (url == overlaps + "&cursor=c1") {
      return Json(Page(Overlap(3, 8, R"({"id":17002,"name":"P"})"), false, "fin"));
    }
    if (url == overlaps + "&cursor=fin") {
      if (fin_status != 200) {
        return {fin_status, R"({"message":"Invalid cursor: the cursor has expired"})", {}};
      }
      return Json(Page(changes, false, "fin2"));
    }
    return {404, R"({"message":"Not Found: )" + url + "\"}", {}};
  }
};

struct Fixture {
  FakeHost host;
  sdk::Context ctx{host.ctx()};
  xb::Config config;
  std::unique_ptr<xb::Reader> reader;
  ScriptedCrossbeam crossbeam;

  explicit Fixture(const std::string& more = "") {
    REQUIRE(xb::ReadConfig(R"({"client_id":"c","client_secret":"s","refresh_token":"r",)"
                           R"("page_size":2)" +
                               more + "}",
                           &config)
                .ok());
    reader = std::make_unique<xb::Reader>(config);
    host.http = [this](const FakeHttpRequest& r) { return crossbeam(r); };
  }
  sdk::Status Overlaps(int32_t mode, const std::string& state) {
    return reader->ReadOverlaps(ctx, "account_overlaps", xb::OverlapKind::kAccounts,
                                {"account_overlaps", mode, state});
  }
  size_t OverlapRequests() const {
    size_t n = 0;
    for (const auto& r : host.requests) n += r.url.find("/v1/overlaps/") != std::string::npos;
    return n;
  }
};

}  // namespace

TEST_CASE("crossbeam reader: a listing checkpoints every page and keeps the final cursor") {
  Fixture f;
  REQUIRE(f.Overlaps(TEMPO_SYNC_INCREMENTAL, "").ok());
  REQUIRE(f.host.Count("overlap") == 3);
  const auto& first = f.host.Row("overlap", "account:1:9");
  CHECK(first.fields.at("our_population") == "s:customer");  // Customers beats Prospects
  CHECK(first.fields.at("partner_population") == "s:customer");
  CHECK(first.fields.at("partner_domain") == "s:partner.example");
  CHECK(first.fields.at("account_crm_id") == "s:001R1");
  CHECK(f.host.Row("overlap", "account:2:9").fields.at("our_population") == "s:prospect");
  REQUIRE(f.host.states.size() == 2);
  xb::OverlapState mid, last;
  REQUIRE(xb::DecodeOverlapState(f.host.states[0], "a", &mid).ok());
  CHECK(mid.cursor == "c1");
  CHECK_FALSE(mid.final);
  REQUIRE(xb::DecodeOverlapState(f.host.states[1], "a", &last).ok());
  CHECK(last.cursor == "fin");
  CHECK(last.final);
  CHECK(last.organization == kOrg);
  CHECK(last.query == "limit=2");
  // The links pointed at another host: none was requested, the cursor went on at home; every
  // call but users/me carried the organization header.
  for (const FakeHttpRequest& r : f.host.requests) {
    INFO(r.url);
    CHECK(r.url.rfind(kBase + "/", 0) == 0);
    if (r.url != kBase + "/v1/users/me") CHECK(r.Header("Xbeam-Organization") == kOrg);
  }
}

TEST_CASE("crossbeam reader: the next read calls the final cursor, tombstones soft-delete") {
  Fixture f;
  REQUIRE(f.Overlaps(TEMPO_SYNC_INCREMENTAL, "").ok());
  const std::string saved = f.host.committed_state;
  f.host.requests.clear();
  REQUIRE(f.Overlaps(TEMPO_SYNC_INCREMENTAL, saved).ok());
  CHECK(f.OverlapRequests() == 1);  // the changes only
  CHECK(f.host.requests.back().url == kBase + "/v1/overlaps/accounts?limit=2&cursor=fin");
  CHECK(f.host.Row("overlap", "account:1:9").deleted);
  CHECK_FALSE(f.host.Row("overlap", "account:2:9").deleted);
  xb::OverlapState next;
  REQUIRE(xb::DecodeOverlapState(f.host.committed_state, "a", &next).ok());
  CHECK(next.cursor == "fin2");
  CHECK(next.final);
}

TEST_CASE("crossbeam reader: a refused saved cursor asks the host for a full refresh") {
  Fixture f;
  REQUIRE(f.Overlaps(TEMPO_SYNC_INCREMENTAL, "").ok());
  const std::string saved = f.host.committed_state;
  const size_t rows = f.host.emitted;
  f.crossbeam.fin_status = 400;
  sdk::Status s = f.Overlaps(TEMPO_SYNC_INCREMENTAL, saved);
  CHECK(s.code() == TEMPO_ERR_RESTART_FULL_REFRESH);
  CHECK_THAT(s.message(), Catch::Contains("refused the cursor") && Catch::Contains("HTTP 400"));
  CHECK(f.host.emitted == rows);  // nothing read from it
  // The full refresh the host then runs lists from the start.
  f.host.requests.clear();
  REQUIRE(f.Overlaps(TEMPO_SYNC_FULL_REFRESH, "").ok());
  CHECK(f.OverlapRequests() == 2);
}

TEST_CASE("crossbeam reader: a cursor of another page_size or organization is not called") {
  Fixture f;
  xb::OverlapState other;
  other.organization = kOrg;
  other.query = "limit=1000";
  other.cursor = "fin";
  other.final = true;
  sdk::Status s = f.Overlaps(TEMPO_SYNC_INCREMENTAL, xb::EncodeOverlapState(other));
  CHECK(s.code() == TEMPO_ERR_RESTART_FULL_REFRESH);
  CHECK_THAT(s.message(), Catch::Contains("page_size"));
  CHECK(f.OverlapRequests() == 0);
}

TEST_CASE("crossbeam reader: records under items are read like data") {
  Fixture f;
  f.crossbeam.list_key = "items";
  REQUIRE(f.Overlaps(TEMPO_SYNC_FULL_REFRESH, "").ok());
  CHECK(f.host.Count("overlap") == 3);
  CHECK(f.host.Row("overlap", "account:3:8").fields.at("our_population") == "s:prospect");
}

TEST_CASE("crossbeam reader: a listing killed at a checkpoint resumes with no loss") {
  Fixture f;
  f.host.fail_checkpoint_number = 2;  // the second page never reaches the store
  CHECK_FALSE(f.Overlaps(TEMPO_SYNC_FULL_REFRESH, "").ok());
  CHECK(f.host.Count("overlap") == 2);
  f.host.Restart();
  f.host.requests.clear();
  REQUIRE(f.Overlaps(TEMPO_SYNC_FULL_REFRESH, f.host.committed_state).ok());
  CHECK(f.OverlapRequests() == 1);  // resumed at the cursor of page 2
  CHECK(f.host.requests.back().url.find("cursor=c1") != std::string::npos);
  CHECK(f.host.Count("overlap") == 3);
}

TEST_CASE("crossbeam reader: partners page by number, a link elsewhere is rebuilt at home") {
  Fixture f;
  REQUIRE(
      f.reader->ReadPartners(f.ctx, "partners", {"partners", TEMPO_SYNC_FULL_REFRESH, ""}).ok());
  CHECK(f.host.Count("partner") == 2);
  CHECK(f.host.Row("partner", "p-2").fields.at("partner_type") == "s:technology");
  CHECK(f.host.requests.back().url == kBase + "/v1/partners?limit=2&page=2");
  REQUIRE(f.host.states.size() == 2);
  CHECK(f.host.states[0] == R"({"version":1,"page":2})");
  CHECK(f.host.states[1] == R"({"version":1})");
  for (const auto& r : f.host.requests) CHECK(r.url.find("elsewhere") == std::string::npos);
}

TEST_CASE("crossbeam reader: populations, ours and the partners' (prefixed)") {
  Fixture f;
  REQUIRE(f.reader->ReadPopulations(f.ctx, "populations", false).ok());
  REQUIRE(f.reader->ReadPopulations(f.ctx, "partner_populations", true).ok());
  CHECK(f.host.Count("population") == 3);
  CHECK(f.host.Row("population", "17001").fields.at("standard_population") == "s:customer");
  CHECK(f.host.Row("population", "partner:22001").fields.at("record_type") == "s:account");
}

TEST_CASE("crossbeam reader: the organization, from users/me or the config, refusals") {
  Fixture several;
  several.crossbeam.organizations = 2;
  sdk::Status s = several.reader->Check(several.ctx);
  CHECK(s.code() == TEMPO_ERR_INVALID_ARGUMENT);
  CHECK_THAT(s.message(), Catch::Contains("Acme Corp (org-1)") &&
                              Catch::Contains("Acme Sandbox (org-2)") &&
                              Catch::Contains("organization_uuid"));

  Fixture configured(R"(,"organization_uuid":"org-1")");
  configured.crossbeam.organizations = 2;
  REQUIRE(configured.reader->Check(configured.ctx).ok());
  for (const auto& r : configured.host.requests)
    CHECK(r.url.find("/users/me") == std::string::npos);

  Fixture wrong(R"(,"organization_uuid":"org-9")");
  sdk::Status refused = wrong.reader->Check(wrong.ctx);
  CHECK(refused.code() == TEMPO_ERR_PERMISSION);
  CHECK_THAT(refused.message(), Catch::Contains("HTTP 403") &&
                                    Catch::Contains("Xbeam-Organization") &&
                                    Catch::Contains("org-9"));
}
