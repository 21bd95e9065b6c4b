// The fake PartnerStack over real HTTP: Basic auth with the key pair (401 otherwise), the list
// envelope, limit bounds, starting_after paging to has_more false, ending_before, min_updated
// as epoch milliseconds (inclusive), and the view of the dataset the items come from.
#include <set>

#include "fakes/core/encoding.h"
#include "fakes/core/fakeapi_test_util.h"
#include "fakes/partnerstack/provider_partnerstack.h"

namespace tempo::fakes {
namespace {

using testing::ClientFor;
using testing::Json;
using testing::StartServer;
using testing::Str;

httplib::Headers Basic(const std::string& user = "pk_fake_partnerstack_0042",
                       const std::string& password = "sk_fake_partnerstack_0042") {
  return {{"Authorization", "Basic " + Base64Encode(user + ":" + password)}};
}

std::unique_ptr<FakeApiServer> Server(int64_t scale = 120) {
  FakeApiOptions options;
  options.dataset.scale = scale;
  return StartServer(options);
}

TEST_CASE("partnerstack fake: the key pair as HTTP Basic, 401 otherwise") {
  auto server = Server();
  auto client = ClientFor(*server);
  auto ok = client->Get("/partnerstack/api/v2/partnerships", Basic());
  REQUIRE(ok);
  CHECK(ok->status == 200);
  for (const httplib::Headers& wrong :
       {httplib::Headers{}, Basic("pk_fake_partnerstack_0042", "nope"),
        httplib::Headers{{"Authorization", "Bearer sk_fake_partnerstack_0042"}}}) {
    auto res = client->Get("/partnerstack/api/v2/partnerships", wrong);
    REQUIRE(res);
    CHECK(res->status == 401);
    Json json(res->body);
    REQUIRE(json.ok);
    CHECK(json.root["status"].get_int64().value() == 401);
    CHECK_FALSE(Str(json.root["message"]).empty());
  }
}

TEST_CASE("partnerstack fake: pages by starting_after to has_more false, every item once") {
  auto server = Server();
  auto client = ClientFor(*server);
  const size_t deals =
      server->partnerstack().WithView([](const PartnerStackView& v) { return v.deals().size(); });
  REQUIRE(deals > 7);
  std::set<std::string> keys;
  std::string after;
  int64_t previous_created = INT64_MAX;
  for (int pages = 0;; ++pages) {
    REQUIRE(pages < 100);
    auto res = client->Get(
        "/partnerstack/api/v2/deals?limit=7" + (after.empty() ? "" : "&starting_after=" + after),
        Basic());
    REQUIRE(res);
    REQUIRE(res->status == 200);
    Json json(res->body);
    REQUIRE(json.ok);
    CHECK(json.root["status"].get_int64().value() == 200);
    for (auto item : json.root["data"]["items"].get_array()) {
      after = Str(item["key"]);
      CHECK(keys.insert(after).second);
      const int64_t created = item["created_at"].get_int64().value();
      CHECK(created <= previous_created);  // newest first
      previous_created = created;
      CHECK(item["amount"].is_int64());      // cents
      CHECK(item["updated_at"].is_int64());  // epoch ms
    }
    if (!json.root["data"]["has_more"].get_bool().value()) break;
  }
  CHECK(keys.size() == deals);
}

TEST_CASE("partnerstack fake: limit is 1 to 250, a key it does not have is a 400") {
  auto server = Server();
  auto client = ClientFor(*server);
  for (const char* query : {"limit=0", "limit=251", "limit=x", "starting_after=deal_nope",
                            "min_updated=yesterday", "starting_after=a&ending_before=b"}) {
    INFO(query);
    auto res = client->Get(std::string("/partnerstack/api/v2/leads?") + query, Basic());
    REQUIRE(res);
    CHECK(res->status == 400);
    Json json(res->body);
    REQUIRE(json.ok);
    CHECK(json.root["status"].get_int64().value() == 400);
  }
  auto res = client->Get("/partnerstack/api/v2/customers?limit=250", Basic());
  REQUIRE(res);
  CHECK(res->status == 200);
}

TEST_CASE("partnerstack fake: min_updated (epoch ms, inclusive) lists only what changed") {
  auto server = Server();
  auto client = ClientFor(*server);
  const int64_t now = server->NowMs();
  server->WithDataset([&](Dataset& d) {
    d.TouchRange(Entity::kAccount, 0, 2, now);  // partners 0 and 1
    return 0;
  });
  auto res = client->Get(
      "/partnerstack/api/v2/partnerships?limit=250&min_updated=" + std::to_string(now), Basic());
  REQUIRE(res);
  REQUIRE(res->status == 200);
  Json json(res->body);
  REQUIRE(json.ok);
  std::set<std::string> keys;
  for (auto item : json.root["data"]["items"].get_array()) {
    CHECK(item["updated_at"].get_int64().value() == now);
    keys.insert(Str(item["partner_key"]));
  }
  const std::set<std::string> want = server->partnerstack().WithView([](const PartnerStackView& v) {
    return std::set<std::string>{v.PartnerKey(0), v.PartnerKey(1)};
  });
  CHECK(keys == want);
}

TEST_CASE("partnerstack fake: ending_before gives the page before a key") {
  auto server = Server();
  auto client = ClientFor(*server);
  const auto leads =
      server->partnerstack().WithView([](const PartnerStackView& v) { return v.leads(); });
  REQUIRE(leads.size() > 4);
  auto res =
      client->Get("/partnerstack/api/v2/leads?limit=2&ending_before=" + leads[3].key, Basic());
  REQUIRE(res);
  REQUIRE(res->status == 200);
  Json json(res->body);
  REQUIRE(json.ok);
  std::vector<std::string> keys;
  for (auto item : json.root["data"]["items"].get_array()) keys.push_back(Str(item["key"]));
  CHECK(keys == std::vector<std::string>{leads[1].key, leads[2].key});
  CHECK(json.root["data"]["has_more"].get_bool().value());
}

TEST_CASE("partnerstack fake: the records are the dataset's partners, customers, deals, leads") {
  auto server = Server();
  server->partnerstack().WithView([](const PartnerStackView& v) {
    CHECK(v.partnerships().size() >= 3);
    CHECK_FALSE(v.customers().empty());
    CHECK_FALSE(v.leads().empty());
    for (const PsDeal& d : v.deals()) {
      CHECK_FALSE(d.partner_key.empty());  // every deal was registered by a partner
      CHECK(d.amount_cents % 100 == 0);
    }
    for (const PsPartnership& p : v.partnerships()) {
      CHECK(p.email.starts_with("partners@"));
      CHECK_FALSE(p.team_name.empty());
    }
    return 0;
  });
}

}  // namespace
}  // namespace tempo::fakes
