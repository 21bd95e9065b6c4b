// The fake HubSpot's marketing emails and campaigns (api-wire-formats.md 1.7): paging with an
// opaque after and no paging on the last page, updatedAfter, archived, stats, requested
// properties as strings, total, the limit, and auth.
#include <set>

#include "fakes/core/encoding.h"
#include "fakes/core/fakeapi_test_util.h"
#include "fakes/hubspot/hubspot_marketing.h"

namespace tempo::fakes {
namespace {

using testing::Bearer;
using testing::ClientFor;
using testing::Json;
using testing::kPat;
using testing::StartServer;
using testing::Str;

FakeApiOptions Campaigns(int64_t n) {
  FakeApiOptions options;
  options.dataset.scale = 100;
  options.dataset.campaigns = n;
  return options;
}

TEST_CASE("HubSpot marketing emails page by after, one per campaign, and end without paging") {
  auto server = StartServer(Campaigns(23));
  auto client = ClientFor(*server);
  std::set<std::string> ids;
  std::string after;
  int pages = 0;
  for (;;) {
    auto res = client->Get("/hubspot/marketing/v3/emails?limit=10&includeStats=true" +
                               (after.empty() ? "" : "&after=" + after),
                           Bearer(kPat));
    REQUIRE(res);
    REQUIRE(res->status == 200);
    Json doc(res->body);
    REQUIRE(doc.ok);
    ++pages;
    for (auto e : doc.root["results"].get_array()) {
      CHECK(ids.insert(Str(e["id"])).second);
      CHECK(!Str(e["updatedAt"]).empty());
      CHECK((Str(e["state"]) == "PUBLISHED" || Str(e["state"]) == "DRAFT"));
      if (Str(e["state"]) == "PUBLISHED") {
        CHECK(e["stats"]["counters"]["sent"].get_int64().value() > 0);
      }
    }
    simdjson::dom::element next;
    if (doc.root["paging"]["next"]["after"].get(next) != simdjson::SUCCESS) break;
    after = Str(next);
  }
  CHECK(pages == 3);
  CHECK(ids.size() == 23);
  CHECK(ids.count(std::to_string(kMarketingEmailIdBase)) == 1);
}

TEST_CASE("HubSpot marketing emails: updatedAfter is strictly after, archived ones apart") {
  auto server = StartServer(Campaigns(10));
  auto client = ClientFor(*server);
  const int64_t at = 1900000000000;
  server->WithDataset([&](Dataset& d) {
    d.TouchRange(Entity::kCampaign, 2, 2, at);
    d.ArchiveRange(Entity::kCampaign, 7, 1, at);
    return 0;
  });
  auto res =
      client->Get("/hubspot/marketing/v3/emails?limit=100&updatedAfter=" + FormatIsoMillis(at - 1),
                  Bearer(kPat));
  REQUIRE(res);
  Json doc(res->body);
  REQUIRE(doc.ok);
  CHECK(doc.root["results"].get_array().size() == 2);  // 2 and 3; 7 is archived
  auto same = client->Get(
      "/hubspot/marketing/v3/emails?limit=100&updatedAfter=" + FormatIsoMillis(at), Bearer(kPat));
  Json none(same->body);
  CHECK(none.root["results"].get_array().size() == 0);
  auto archived = client->Get("/hubspot/marketing/v3/emails?archived=true", Bearer(kPat));
  Json arch(archived->body);
  REQUIRE(arch.root["results"].get_array().size() == 1);
  CHECK(Str(arch.root["results"].at(0)["id"]) == std::to_string(kMarketingEmailIdBase + 7));
}

TEST_CASE("HubSpot marketing campaigns: requested properties as strings, total, paging") {
  auto server = StartServer(Campaigns(12));
  auto client = ClientFor(*server);
  auto res = client->Get(
      "/hubspot/marketing/v3/campaigns?limit=5&properties=hs_name,hs_start_date,hs_end_date,nope",
      Bearer(kPat));
  REQUIRE(res);
  REQUIRE(res->status == 200);
  Json doc(res->body);
  REQUIRE(doc.ok);
  CHECK(doc.root["total"].get_int64().value() == 12);
  auto first = doc.root["results"].at(0);
  CHECK(Str(first["id"]).size() == 36);
  CHECK(Str(first["properties"]["hs_name"]) ==
        server->WithDataset([](Dataset& d) { return MarketingCampaign(d, 0).name; }));
  CHECK(Str(first["properties"]["hs_start_date"]).size() == 10);
  CHECK(first["properties"]["nope"].error() == simdjson::NO_SUCH_FIELD);
  CHECK(first["businessUnits"].get_array().size() == 1);
  CHECK(!Str(doc.root["paging"]["next"]["after"]).empty());
  CHECK(client->Get("/hubspot/marketing/v3/campaigns?limit=101", Bearer(kPat))->status == 400);
  CHECK(client->Get("/hubspot/marketing/v3/campaigns", Bearer("nope"))->status == 401);
}

}  // namespace
}  // namespace tempo::fakes
