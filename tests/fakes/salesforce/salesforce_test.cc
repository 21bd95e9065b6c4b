// The fake Salesforce over real HTTP: token grants, SOQL query paging, queryAll and deleted
// rows, keyset resumption across tied timestamps, error formats; and consistency with HubSpot.
#include <set>

#include "fakes/core/encoding.h"
#include "fakes/salesforce/salesforce_test_util.h"

namespace tempo::fakes {
namespace {

using testing::Bearer;
using testing::ClientFor;
using testing::Json;
using testing::kPat;
using testing::Login;
using testing::QueryPath;
using testing::StartServer;
using testing::Str;

struct Walk {
  std::vector<std::string> ids;
  std::vector<std::string> modstamps;
  int deleted = 0;
  int pages = 0;
  int64_t total = 0;
};

// Follows nextRecordsUrl until done; every page must be a 200.
Walk WalkQuery(httplib::Client& client, const std::string& token, std::string path,
               size_t batch = 0) {
  Walk walk;
  httplib::Headers headers = Bearer(token);
  if (batch > 0) headers.emplace("Sforce-Query-Options", "batchSize=" + std::to_string(batch));
  while (true) {
    auto res = client.Get(path.c_str(), headers);
    REQUIRE(res);
    REQUIRE(res->status == 200);
    CHECK(res->get_header_value("Sforce-Limit-Info").starts_with("api-usage="));
    Json json(res->body);
    REQUIRE(json.ok);
    ++walk.pages;
    walk.total = json.root["totalSize"].get_int64().value();
    for (auto record : json.root["records"].get_array()) {
      CHECK(Str(record["attributes"]["type"]).size() > 0);
      walk.ids.push_back(Str(record["Id"]));
      simdjson::dom::element v;
      if (record["SystemModstamp"].get(v) == simdjson::SUCCESS) walk.modstamps.push_back(Str(v));
      if (record["IsDeleted"].get(v) == simdjson::SUCCESS && v.get_bool().value()) ++walk.deleted;
    }
    if (json.root["done"].get_bool().value()) break;
    path = "/salesforce" + Str(json.root["nextRecordsUrl"]);
  }
  return walk;
}

TEST_CASE("Salesforce query walks every row via nextRecordsUrl and queryAll adds deleted rows") {
  FakeApiOptions options;
  options.dataset.scale = 100;  // 500 contacts
  auto server = StartServer(options);
  auto client = ClientFor(*server);
  const std::string token = Login(*client, *server);
  const std::string soql =
      "SELECT Id, AccountId, Email, IsDeleted, SystemModstamp FROM Contact ORDER BY "
      "SystemModstamp, Id";

  Walk walk = WalkQuery(*client, token, QueryPath(soql), 200);
  CHECK(walk.pages == 3);
  CHECK(walk.total == 500);
  CHECK(std::set<std::string>(walk.ids.begin(), walk.ids.end()).size() == 500);
  CHECK(std::is_sorted(walk.modstamps.begin(), walk.modstamps.end()));
  CHECK(walk.ids[0].size() == 18);

  server->WithDataset([&](Dataset& d) {
    d.ArchiveRange(Entity::kContact, 0, 10, server->NowMs());
    return 0;
  });
  Walk live = WalkQuery(*client, token, QueryPath(soql));
  CHECK(live.total == 490);
  CHECK(live.deleted == 0);
  CHECK(live.pages == 1);
  Walk all = WalkQuery(*client, token, QueryPath(soql, true));
  CHECK(all.total == 500);
  CHECK(all.deleted == 10);

  SECTION("an unknown query locator is INVALID_QUERY_LOCATOR") {
    auto res =
        client->Get("/salesforce/services/data/v62.0/query/01g5g0000000999AAA-2000", Bearer(token));
    REQUIRE(res);
    CHECK(res->status == 400);
    CHECK(res->body.find("INVALID_QUERY_LOCATOR") != std::string::npos);
  }
}

TEST_CASE("Salesforce keyset query resumes exactly after a page boundary inside tied timestamps") {
  FakeApiOptions options;
  options.dataset.scale = 200;  // 1000 contacts, 250 of them tied
  auto server = StartServer(options);
  auto client = ClientFor(*server);
  const std::string token = Login(*client, *server);
  const int64_t tie =
      server->WithDataset([](Dataset& d) { return d.ModifiedMs(Entity::kContact, 500); });
  const std::string ts = FormatSalesforceDateTime(tie);
  // Page 1: the first 100 of the tied rows.
  Walk first =
      WalkQuery(*client, token,
                QueryPath("SELECT Id, SystemModstamp FROM Contact WHERE SystemModstamp >= " + ts +
                          " ORDER BY SystemModstamp, Id LIMIT 100"));
  REQUIRE(first.ids.size() == 100);
  // Resume from (ts, last id): the rest of the ties, none twice.
  Walk rest = WalkQuery(*client, token,
                        QueryPath("SELECT Id, SystemModstamp FROM Contact WHERE SystemModstamp > " +
                                  ts + " OR (SystemModstamp = " + ts + " AND Id > '" +
                                  first.ids.back() + "') ORDER BY SystemModstamp, Id"));
  std::set<std::string> all(first.ids.begin(), first.ids.end());
  for (const std::string& id : rest.ids) CHECK(all.insert(id).second);
  CHECK(all.size() == 250);
}

TEST_CASE("Salesforce errors use the REST error list") {
  FakeApiOptions options;
  options.dataset.scale = 20;
  options.max_uri_length = 2000;
  auto server = StartServer(options);
  auto client = ClientFor(*server);
  const std::string token = Login(*client, *server);
  auto expect = [&](const std::string& path, const std::string& tok, int status,
                    const std::string& code) {
    auto res = client->Get(path.c_str(), Bearer(tok));
    REQUIRE(res);
    CHECK(res->status == status);
    Json json(res->body);
    REQUIRE(json.ok);
    CHECK(Str(json.root.at(0)["errorCode"]) == code);
  };
  expect(QueryPath("SELECT Id FROM Account"), "expired-or-bogus", 401, "INVALID_SESSION_ID");
  expect(QueryPath("SELECT Id Account"), token, 400, "MALFORMED_QUERY");
  expect(QueryPath("SELECT Id FROM Account WHERE SystemModstamp >= '2024-01-01T00:00:00Z'"), token,
         400, "INVALID_FIELD");
  auto quoted = client->Get(
      QueryPath("SELECT Id FROM Account WHERE SystemModstamp >= '2024-01-01T00:00:00Z'").c_str(),
      Bearer(token));
  REQUIRE(quoted);
  Json located(quoted->body);
  REQUIRE(located.ok);
  CHECK(Str(located.root.at(0)["message"]) ==
        "\nSELECT Id FROM Account WHERE SystemModstamp >= '2024-01-01T00:00:00Z'\n" +
            std::string(47, ' ') +
            "^\nERROR at Row:1:Column:48\nvalue of filter criterion for field 'SystemModstamp' "
            "must be of type dateTime and should not be enclosed in quotes");
  expect(QueryPath("SELECT Nope FROM Account"), token, 400, "INVALID_FIELD");
  expect(QueryPath("SELECT Id FROM Nope"), token, 400, "INVALID_TYPE");
  // A literal whose '+' arrived as a space (not encoded as %2B) is malformed, as on Salesforce.
  // (Sent raw: cpp-httplib's client would encode the '+'.)
  testing::RawResult raw = testing::RawExchange(
      server->port(),
      testing::RawGet(
          "/salesforce/services/data/v62.0/query?q=SELECT%20Id%20FROM%20Account%20WHERE%20"
          "SystemModstamp%20%3E%3D%202024-01-01T00:00:00.000+0000",
          token),
      2000);
  CHECK(raw.bytes.starts_with("HTTP/1.1 400"));
  CHECK(raw.bytes.find("MALFORMED_QUERY") != std::string::npos);
  auto long_uri = client->Get(
      QueryPath("SELECT Id" + std::string(2000, ' ') + "FROM Account").c_str(), Bearer(token));
  REQUIRE(long_uri);
  CHECK(long_uri->status == 414);
  auto bad_grant =
      client->Post("/salesforce/services/oauth2/token",
                   "grant_type=refresh_token&client_id=fake-salesforce-client-id&client_secret="
                   "fake-salesforce-client-secret&refresh_token=wrong",
                   "application/x-www-form-urlencoded");
  REQUIRE(bad_grant);
  CHECK(bad_grant->status == 400);
  CHECK(bad_grant->body.find("\"error\":\"invalid_grant\"") != std::string::npos);
}

TEST_CASE("Salesforce sessions expire after inactivity and refresh with Basic client credentials") {
  FakeApiOptions options;
  options.dataset.scale = 20;
  options.auth.salesforce_session_timeout_s = 60;
  auto server = StartServer(options);
  auto client = ClientFor(*server);
  httplib::Headers basic = {
      {"Authorization",
       "Basic " + Base64Encode("fake-salesforce-client-id:fake-salesforce-client-secret")}};
  auto grant = client->Post("/salesforce/services/oauth2/token", basic,
                            "grant_type=refresh_token&refresh_token=fake-salesforce-refresh-token",
                            "application/x-www-form-urlencoded");
  REQUIRE(grant);
  REQUIRE(grant->status == 200);
  Json json(grant->body);
  REQUIRE(json.ok);
  const std::string token = Str(json.root["access_token"]);
  const std::string path = QueryPath("SELECT Id FROM Account LIMIT 1");
  server->AdvanceClock(std::chrono::seconds(50));
  CHECK(client->Get(path.c_str(), Bearer(token))->status == 200);  // use restarts the timer
  server->AdvanceClock(std::chrono::seconds(50));
  CHECK(client->Get(path.c_str(), Bearer(token))->status == 200);
  server->AdvanceClock(std::chrono::seconds(61));
  auto expired = client->Get(path.c_str(), Bearer(token));
  REQUIRE(expired);
  CHECK(expired->status == 401);
  CHECK(expired->body ==
        R"([{"message":"Session expired or invalid","errorCode":"INVALID_SESSION_ID"}])");
  CHECK(server->requests().CredentialCounts("/salesforce/services/data")["salesforce-session#1"] ==
        3);
}

TEST_CASE("Salesforce partner objects and typed values") {
  FakeApiOptions options;
  options.dataset.scale = 300;
  auto server = StartServer(options);
  auto client = ClientFor(*server);
  const std::string token = Login(*client, *server);
  auto res = client->Get(
      QueryPath("SELECT Id, OpportunityId, AccountToId, Role, IsPrimary FROM OpportunityPartner "
                "WHERE IsPrimary = true LIMIT 5")
          .c_str(),
      Bearer(token));
  REQUIRE(res);
  Json json(res->body);
  REQUIRE(json.ok);
  REQUIRE(json.root["records"].get_array().size() == 5);
  for (auto r : json.root["records"].get_array()) {
    CHECK(r["IsPrimary"].get_bool().value());
    CHECK(Str(r["AccountToId"]).starts_with("001"));
    CHECK(Str(r["OpportunityId"]).starts_with("006"));
  }
  res = client->Get(
      QueryPath("SELECT Id, Amount, CloseDate, IsWon, Probability FROM Opportunity LIMIT 1")
          .c_str(),
      Bearer(token));
  REQUIRE(res);
  CHECK(res->body.find(".0,") != std::string::npos);  // currency as a JSON number, 15000.0
  Json opp(res->body);
  REQUIRE(opp.ok);
  auto record = opp.root["records"].at(0);
  CHECK(record["Amount"].is_number());
  CHECK(record["IsWon"].is_bool());
  CHECK(Str(record["CloseDate"]).size() == 10);
  res = client->Get(
      QueryPath("SELECT COUNT() FROM Lead WHERE LeadSource = 'Partner Referral'").c_str(),
      Bearer(token));
  REQUIRE(res);
  Json count(res->body);
  REQUIRE(count.ok);
  CHECK(count.root["totalSize"].get_int64().value() > 0);
  for (const char* object : {"Account", "Contact", "Opportunity", "OpportunityPartner", "Partner",
                             "Lead", "Campaign", "CampaignMember"}) {
    auto d = client->Get(
        (std::string("/salesforce/services/data/v62.0/sobjects/") + object + "/describe").c_str(),
        Bearer(token));
    REQUIRE(d);
    CHECK(d->status == 200);
    auto q = client->Get(
        QueryPath(std::string("SELECT Id, SystemModstamp FROM ") + object + " LIMIT 3").c_str(),
        Bearer(token));
    REQUIRE(q);
    CHECK(q->status == 200);
  }
}

TEST_CASE("the same companies appear in HubSpot and Salesforce") {
  FakeApiOptions options;
  options.dataset.scale = 150;
  auto server = StartServer(options);
  auto client = ClientFor(*server);
  const std::string token = Login(*client, *server);
  std::set<std::pair<std::string, std::string>> hubspot, salesforce;
  std::string after;
  while (true) {
    std::string path = "/hubspot/crm/v3/objects/companies?limit=100&properties=name,domain";
    if (!after.empty()) path += "&after=" + after;
    auto res = client->Get(path.c_str(), Bearer(kPat));
    REQUIRE(res);
    Json json(res->body);
    REQUIRE(json.ok);
    for (auto r : json.root["results"].get_array()) {
      hubspot.emplace(Str(r["properties"]["name"]), Str(r["properties"]["domain"]));
    }
    simdjson::dom::element paging;
    if (json.root["paging"].get(paging) != simdjson::SUCCESS) break;
    after = Str(paging["next"]["after"]);
  }
  auto res = client->Get(QueryPath("SELECT Name, Website FROM Account").c_str(), Bearer(token));
  REQUIRE(res);
  Json json(res->body);
  REQUIRE(json.ok);
  for (auto r : json.root["records"].get_array()) {
    std::string website = Str(r["Website"]);
    REQUIRE(website.starts_with("https://www."));
    salesforce.emplace(Str(r["Name"]), website.substr(12));
  }
  CHECK(hubspot.size() == 150);
  CHECK(hubspot == salesforce);
}

}  // namespace
}  // namespace tempo::fakes
