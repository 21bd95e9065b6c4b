// Crossbeam records to rows: the tag table, population precedence, and one overlap, partner
// and population mapped column by column (through the kit's fake host).
#include "mapping.h"

#include <catch2/catch.hpp>

#include "populations.h"
#include "tempo/testing/fake_host.hpp"

namespace xb = tempo::crossbeam;
namespace sdk = tempo::sdk;
using sdk::testing::FakeHost;

namespace {

// Maps `json` with `map` into a fake host and commits it; returns the host.
template <class Fn>
void MapOne(FakeHost& host, const std::string& json, Fn map) {
  sdk::Context ctx(host.ctx());
  simdjson::dom::parser parser;
  simdjson::dom::element item = parser.parse(json);
  sdk::RecordBatch batch(ctx);
  std::string why;
  REQUIRE(map(batch, item, &why));
  REQUIRE(batch.Flush().ok());
  REQUIRE(ctx.Checkpoint("s", "{}").ok());
}

}  // namespace

TEST_CASE("crossbeam partner_type: the first tag that names a kind of partnership") {
  using V = std::vector<std::string>;
  CHECK(xb::PartnerTypeFromTags(V{"Technology Partner"}) == "technology");
  CHECK(xb::PartnerTypeFromTags(V{"Strategic", "Tech"}) == "technology");
  CHECK(xb::PartnerTypeFromTags(V{"ISV"}) == "technology");
  CHECK(xb::PartnerTypeFromTags(V{"Reseller"}) == "reseller");
  CHECK(xb::PartnerTypeFromTags(V{"VAR - EMEA"}) == "reseller");
  CHECK(xb::PartnerTypeFromTags(V{"Distributor"}) == "reseller");
  CHECK(xb::PartnerTypeFromTags(V{"Systems Integrator"}) == "si");
  CHECK(xb::PartnerTypeFromTags(V{"SI"}) == "si");
  CHECK(xb::PartnerTypeFromTags(V{"Consulting"}) == "si");
  CHECK(xb::PartnerTypeFromTags(V{"Referral Partner"}) == "referral");
  CHECK(xb::PartnerTypeFromTags(V{"Affiliates"}) == "referral");
  CHECK(xb::PartnerTypeFromTags(V{"Agency"}) == "agency");
  CHECK(xb::PartnerTypeFromTags(V{"AWS Marketplace"}) == "marketplace");
  // "si" and "tech" only as words; nothing that maps: other.
  CHECK(xb::PartnerTypeFromTags(V{"Silver", "Fintech"}) == "other");
  CHECK(xb::PartnerTypeFromTags(V{"Key Account"}) == "other");
  CHECK(xb::PartnerTypeFromTags(V{}) == "other");
}

TEST_CASE("crossbeam populations: standard types and precedence when a record is in several") {
  CHECK(xb::StandardPopulation("customers") == "customer");
  CHECK(xb::StandardPopulation("prospects") == "prospect");
  CHECK(xb::StandardPopulation("open_opportunities") == "open_opp");
  CHECK(xb::StandardPopulation("") == "other");
  CHECK(xb::StandardPopulation("Customers") == "other");  // exact values only
  xb::PopulationMap map;
  map.Add(1, "customers");
  map.Add(2, "prospects");
  map.Add(3, "open_opportunities");
  map.Add(4, "");  // a custom population
  CHECK(map.Best({2, 1, 3}) == "customer");
  CHECK(map.Best({2, 3}) == "open_opp");
  CHECK(map.Best({4, 2}) == "prospect");
  CHECK(map.Best({4}) == "other");
  CHECK(map.Best({99}) == "other");  // unknown id
  CHECK(map.Best({99, 2}) == "prospect");
  CHECK(map.Best({}).empty());
}

TEST_CASE("crossbeam mapping: an account overlap, column by column, a tombstone deletes") {
  xb::Directory dir;
  dir.ours.Add(17087, "customers");
  dir.ours.Add(17090, "");
  dir.partners.Add(22001, "open_opportunities");
  dir.partners.Add(22002, "prospects");
  dir.partner_domain["p-1"] = "partner.example";
  const std::string item = R"({
    "partner_name":"Partner Co","populations":[{"id":17090,"name":"VIP"},{"id":17087,"name":"C"}],
    "partner_populations":[{"id":22002,"name":"P"},{"id":22001,"name":"O"}],
    "partner_record_website":"acme.example","partner_record_type":"account","partner_id":"p-1",
    "partner_record_name":"ACME Inc","partner_crossbeam_record_id":987654,
    "crossbeam_record_id":123456,"record_id":"0015g00000ABCDEAAA","record_name":"Acme",
    "record_website":"https://www.acme.example","record_email":null,"is_deleted":false})";
  FakeHost host;
  MapOne(host, item, [&](sdk::RecordBatch& b, simdjson::dom::element e, std::string* why) {
    return xb::MapOverlap(b, e, xb::OverlapKind::kAccounts, dir, "2026-01-02T03:04:05Z", why);
  });
  const auto& row = host.Row("overlap", "account:123456:987654");
  CHECK_FALSE(row.deleted);
  CHECK(row.fields ==
        std::map<std::string, std::string>{{"provider", "s:crossbeam"},
                                           {"partner_source_id", "s:p-1"},
                                           {"partner_name", "s:Partner Co"},
                                           {"partner_domain", "s:partner.example"},
                                           {"account_name", "s:Acme"},
                                           {"account_domain", "s:https://www.acme.example"},
                                           {"our_population", "s:customer"},
                                           {"partner_population", "s:open_opp"},
                                           {"snapshot_at", "s:2026-01-02T03:04:05Z"},
                                           {"record_type", "s:account"},
                                           {"account_crm_id", "s:0015g00000ABCDEAAA"}});
  CHECK(row.raw.find("\"crossbeam_record_id\":123456") != std::string::npos);

  FakeHost tomb;
  std::string deleted = item;
  deleted.replace(deleted.find("\"is_deleted\":false"), 18, "\"is_deleted\":true");
  MapOne(tomb, deleted, [&](sdk::RecordBatch& b, simdjson::dom::element e, std::string* why) {
    return xb::MapOverlap(b, e, xb::OverlapKind::kLeads, dir, "t", why);
  });
  CHECK(tomb.Row("overlap", "lead:123456:987654").deleted);
  CHECK(tomb.Row("overlap", "lead:123456:987654").fields.at("record_type") == "s:lead");

  // Without ids there is no key: the item is refused, not written under a made-up one.
  FakeHost none;
  sdk::Context ctx(none.ctx());
  simdjson::dom::parser parser;
  sdk::RecordBatch batch(ctx);
  std::string why;
  CHECK_FALSE(xb::MapOverlap(batch, parser.parse(std::string(R"({"record_id":"x"})")),
                             xb::OverlapKind::kAccounts, dir, "t", &why));
  CHECK_THAT(why, Catch::Contains("crossbeam_record_id"));
}

TEST_CASE("crossbeam mapping: partners and populations, partner populations are prefixed") {
  FakeHost host;
  MapOne(host,
         R"({"tags":[{"id":"t1","label":"Strategic"},{"id":"t2","label":"Reseller"}],)"
         R"("name":"Vance Refrigeration","domain":"www.refrigeratorsbybob.com","uuid":"u-9"})",
         [](sdk::RecordBatch& b, simdjson::dom::element e, std::string* why) {
           return xb::MapPartner(b, e, why);
         });
  CHECK(host.Row("partner", "u-9").fields ==
        std::map<std::string, std::string>{{"name", "s:Vance Refrigeration"},
                                           {"domain", "s:www.refrigeratorsbybob.com"},
                                           {"partner_type", "s:reseller"}});
  const std::string pop =
      R"({"description":null,"name":"Leads","population_type":"people","id":17087,)"
      R"("standard_type":null})";
  MapOne(host, pop, [](sdk::RecordBatch& b, simdjson::dom::element e, std::string* why) {
    return xb::MapPopulation(b, e, false, why);
  });
  MapOne(host,
         R"({"name":"Customers","population_type":"companies","id":11113,)"
         R"("standard_type":"customers"})",
         [](sdk::RecordBatch& b, simdjson::dom::element e, std::string* why) {
           return xb::MapPopulation(b, e, true, why);
         });
  CHECK(host.Row("population", "17087").fields ==
        std::map<std::string, std::string>{{"name", "s:Leads"},
                                           {"standard_population", "s:other"},
                                           {"record_type", "s:lead"},
                                           {"partner_source_id", "null"}});
  CHECK(host.Row("population", "partner:11113").fields.at("standard_population") == "s:customer");
  CHECK(host.Row("population", "partner:11113").fields.at("record_type") == "s:account");
}
