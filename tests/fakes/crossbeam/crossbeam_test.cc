// The fake Crossbeam over real HTTP: the Auth0 refresh grant with rotation, the organization
// header, page-number partners, populations, cursor-paged overlaps whose final cursor returns
// later changes with tombstones, cursor invalidation, the list-key and next_href knobs, and the
// truth it tells about the CRM accounts overlaps name.
#include <map>
#include <set>

#include "fakes/core/encoding.h"
#include "fakes/core/fakeapi_test_util.h"
#include "fakes/crossbeam/provider_crossbeam.h"
#include "fakes/hubspot/hubspot_objects.h"
#include "fakes/salesforce/salesforce_objects.h"

namespace tempo::fakes {
namespace {

using testing::ClientFor;
using testing::Json;
using testing::StartServer;
using testing::Str;

struct Token {
  std::string access, refresh;
};

Token Refresh(httplib::Client& client, const std::string& refresh_token) {
  auto res = client.Post("/crossbeam/oauth/token",
                         "grant_type=refresh_token&client_id=fake-crossbeam-client-id&client_"
                         "secret=fake-crossbeam-client-secret&refresh_token=" +
                             PercentEncode(refresh_token),
                         "application/x-www-form-urlencoded");
  REQUIRE(res);
  INFO(res->body);
  REQUIRE(res->status == 200);
  Json json(res->body);
  REQUIRE(json.ok);
  CHECK(json.root["expires_in"].get_int64().value() == 86400);
  CHECK(Str(json.root["token_type"]) == "Bearer");
  return {Str(json.root["access_token"]), Str(json.root["refresh_token"])};
}

std::string OrgOf(httplib::Client& client, const std::string& token) {
  auto res = client.Get("/crossbeam/v1/users/me", {{"Authorization", "Bearer " + token}});
  REQUIRE(res);
  REQUIRE(res->status == 200);
  Json json(res->body);
  REQUIRE(json.ok);
  for (auto user : json.root["data"].get_array()) {
    for (auto org : user["organizations"].get_array()) return Str(org["uuid"]);
  }
  FAIL("no organization");
  return "";
}

struct Session {
  std::unique_ptr<httplib::Client> client;
  std::string token, org;
  httplib::Headers headers() const {
    return {{"Authorization", "Bearer " + token}, {"Xbeam-Organization", org}};
  }
};

Session Login(const FakeApiServer& server) {
  Session s;
  s.client = ClientFor(server);
  s.token = Refresh(*s.client, "fake-crossbeam-refresh-token").access;
  s.org = OrgOf(*s.client, s.token);
  return s;
}

// The path and query of an absolute next_href on this server.
std::string PathOf(const std::string& href, const FakeApiServer& server) {
  const std::string origin = server.url();
  REQUIRE(href.rfind(origin, 0) == 0);
  return href.substr(origin.size());
}

struct Page {
  std::vector<std::string> keys;  // "crossbeam_record_id:partner_crossbeam_record_id"
  std::vector<bool> deleted;
  bool has_more = false;
  std::string next_href, next_cursor;
};

Page GetPage(Session& s, const std::string& path, const std::string& list_key = "data") {
  auto res = s.client->Get(path.c_str(), s.headers());
  REQUIRE(res);
  INFO(path << " -> " << res->body.substr(0, 300));
  REQUIRE(res->status == 200);
  Json json(res->body);
  REQUIRE(json.ok);
  Page page;
  for (auto item : json.root[list_key].get_array()) {
    page.keys.push_back(std::to_string(item["crossbeam_record_id"].get_int64().value()) + ":" +
                        std::to_string(item["partner_crossbeam_record_id"].get_int64().value()));
    page.deleted.push_back(item["is_deleted"].get_bool().value());
  }
  page.has_more = json.root["pagination"]["has_more"].get_bool().value();
  page.next_href = Str(json.root["pagination"]["next_href"]);
  page.next_cursor = Str(json.root["pagination"]["next_cursor"]);
  return page;
}

// Follows next_href to the end; returns every key and the final cursor's href.
std::pair<std::vector<std::string>, std::string> Walk(Session& s, const FakeApiServer& server,
                                                      std::string path) {
  std::vector<std::string> keys;
  for (;;) {
    Page page = GetPage(s, path);
    keys.insert(keys.end(), page.keys.begin(), page.keys.end());
    path = PathOf(page.next_href, server);
    if (!page.has_more) return {keys, path};
  }
}

FakeApiOptions Small() {
  FakeApiOptions options;
  options.dataset.scale = 60;
  return options;
}

}  // namespace

TEST_CASE("Crossbeam token endpoint: form-encoded refresh grant, rotating refresh tokens") {
  auto server = StartServer(Small());
  auto client = ClientFor(*server);
  Token first = Refresh(*client, "fake-crossbeam-refresh-token");
  CHECK(first.refresh != "fake-crossbeam-refresh-token");
  Token second = Refresh(*client, first.refresh);
  CHECK(second.refresh != first.refresh);
  // The retired refresh token is refused, as Auth0 does with rotation on.
  auto reused = client->Post("/crossbeam/oauth/token",
                             "grant_type=refresh_token&client_id=fake-crossbeam-client-id&client_"
                             "secret=fake-crossbeam-client-secret&refresh_token=" +
                                 PercentEncode(first.refresh),
                             "application/x-www-form-urlencoded");
  REQUIRE(reused);
  CHECK(reused->status == 403);
  CHECK(reused->body.find("invalid_grant") != std::string::npos);
  auto json_body = client->Post("/crossbeam/oauth/token", R"({"grant_type":"refresh_token"})",
                                "application/json");
  REQUIRE(json_body);
  CHECK(json_body->status == 400);
  // Tokens are labeled in the request log, never shown.
  CHECK(server->requests().CredentialCounts("/crossbeam").count("none") == 1);
}

TEST_CASE("Crossbeam: every call but users/me needs the organization header") {
  FakeApiOptions options = Small();
  options.crossbeam_organizations = 3;
  auto server = StartServer(options);
  Session s = Login(*server);
  auto me = s.client->Get("/crossbeam/v1/users/me", {{"Authorization", "Bearer " + s.token}});
  REQUIRE(me);
  Json json(me->body);
  REQUIRE(json.ok);
  std::vector<std::string> orgs;
  for (auto org : json.root["data"].at(0)["organizations"].get_array()) {
    orgs.push_back(Str(org["uuid"]));
  }
  CHECK(orgs.size() == 3);

  auto no_org = s.client->Get("/crossbeam/v1/partners", {{"Authorization", "Bearer " + s.token}});
  REQUIRE(no_org);
  CHECK(no_org->status == 403);
  CHECK(no_org->body.find("Xbeam-Organization") != std::string::npos);
  auto stranger = s.client->Get("/crossbeam/v1/partners",
                                {{"Authorization", "Bearer " + s.token},
                                 {"Xbeam-Organization", "00000000-0000-4000-8000-000000000000"}});
  REQUIRE(stranger);
  CHECK(stranger->status == 403);
  auto no_token = s.client->Get("/crossbeam/v1/partners", {{"Xbeam-Organization", orgs[0]}});
  REQUIRE(no_token);
  CHECK(no_token->status == 401);
  // The second organization is an empty sandbox.
  s.org = orgs[1];
  auto empty = s.client->Get("/crossbeam/v1/partners", s.headers());
  REQUIRE(empty);
  CHECK(empty->status == 200);
  CHECK(Json(empty->body).root["data"].get_array().size() == 0);
}

TEST_CASE("Crossbeam partners page by number with an absolute next_href, populations") {
  auto server = StartServer(Small());
  Session s = Login(*server);
  std::vector<std::string> uuids;
  std::string path = "/crossbeam/v1/partners?limit=2";
  int pages = 0;
  while (!path.empty()) {
    auto res = s.client->Get(path.c_str(), s.headers());
    REQUIRE(res);
    REQUIRE(res->status == 200);
    Json json(res->body);
    REQUIRE(json.ok);
    ++pages;
    for (auto p : json.root["data"].get_array()) {
      uuids.push_back(Str(p["uuid"]));
      CHECK(!Str(p["name"]).empty());
    }
    CHECK(json.root["pagination"]["page"].get_int64().value() == pages);
    simdjson::dom::element next = json.root["pagination"]["next_href"];
    path = next.is_null() ? "" : PathOf(Str(next), *server);
  }
  const size_t partners =
      server->WithDataset([](const Dataset& d) { return static_cast<size_t>(d.PartnerCount()); });
  CHECK(uuids.size() == partners);
  CHECK(std::set<std::string>(uuids.begin(), uuids.end()).size() == partners);
  CHECK(pages == static_cast<int>((partners + 1) / 2));

  auto pops = s.client->Get("/crossbeam/v1/populations", s.headers());
  REQUIRE(pops);
  Json json(pops->body);
  REQUIRE(json.ok);
  std::map<int64_t, std::string> standard;
  for (auto p : json.root["data"].get_array()) {
    simdjson::dom::element st = p["standard_type"];
    standard[p["id"].get_int64().value()] = st.is_null() ? "null" : Str(st);
  }
  CHECK(standard == std::map<int64_t, std::string>{{17001, "customers"},
                                                   {17002, "prospects"},
                                                   {17003, "open_opportunities"},
                                                   {17004, "null"},
                                                   {17005, "null"}});
  auto shared = s.client->Get("/crossbeam/v1/partner-populations", s.headers());
  REQUIRE(shared);
  CHECK(Json(shared->body).root["data"].get_array().size() == 4 * partners);
}

TEST_CASE("Crossbeam overlaps: cursor paging, a final cursor that returns later changes") {
  auto server = StartServer(Small());
  Session s = Login(*server);
  auto [keys, final_path] = Walk(s, *server, "/crossbeam/v1/overlaps/accounts?limit=7");
  const size_t expected = server->crossbeam().WithWorld([](const CrossbeamWorld& w, const auto&) {
    return w.overlaps(OverlapKind::kAccounts).size();
  });
  REQUIRE(expected > 7);
  CHECK(keys.size() == expected);
  CHECK(std::set<std::string>(keys.begin(), keys.end()).size() == expected);

  // Nothing changed: the final cursor returns nothing, and hands on a cursor again.
  Page none = GetPage(s, final_path);
  CHECK(none.keys.empty());
  CHECK_FALSE(none.has_more);

  const auto changed =
      server->crossbeam().Mutate(XbMutation::kChange, OverlapKind::kAccounts, 0, 2);
  const auto deleted =
      server->crossbeam().Mutate(XbMutation::kDelete, OverlapKind::kAccounts, 5, 1);
  const auto added = server->crossbeam().Mutate(XbMutation::kAdd, OverlapKind::kAccounts, 0, 3);
  REQUIRE(changed.size() == 2);
  REQUIRE(deleted.size() == 1);
  REQUIRE(added.size() == 3);
  auto [delta, next_final] = Walk(s, *server, PathOf(none.next_href, *server));
  std::set<std::string> want(changed.begin(), changed.end());
  want.insert(deleted.begin(), deleted.end());
  want.insert(added.begin(), added.end());
  CHECK(std::set<std::string>(delta.begin(), delta.end()) == want);
  CHECK(GetPage(s, next_final).keys.empty());  // the new final cursor: nothing since

  // Changing the query invalidates a cursor; so does the server retiring its cursors.
  Page one = GetPage(s, "/crossbeam/v1/overlaps/accounts?limit=7");
  auto other_query = s.client->Get(
      ("/crossbeam/v1/overlaps/accounts?limit=8&cursor=" + one.next_cursor).c_str(), s.headers());
  REQUIRE(other_query);
  CHECK(other_query->status == 400);
  server->crossbeam().InvalidateCursors();
  auto retired = s.client->Get(PathOf(one.next_href, *server).c_str(), s.headers());
  REQUIRE(retired);
  CHECK(retired->status == 400);
  CHECK(retired->body.find("expired") != std::string::npos);
}

TEST_CASE("Crossbeam tombstones: a deleted overlap comes back with is_deleted true") {
  auto server = StartServer(Small());
  Session s = Login(*server);
  auto [keys, final_path] = Walk(s, *server, "/crossbeam/v1/overlaps/leads?limit=50");
  REQUIRE(!keys.empty());
  const auto deleted = server->crossbeam().Mutate(XbMutation::kDelete, OverlapKind::kLeads, 0, 1);
  Page delta = GetPage(s, final_path);
  REQUIRE(delta.keys == deleted);
  CHECK(delta.deleted == std::vector<bool>{true});
  auto [after, unused] = Walk(s, *server, "/crossbeam/v1/overlaps/leads?limit=50");
  CHECK(after.size() == keys.size() - 1);
}

TEST_CASE("Crossbeam knobs: records under items, next_href on another host") {
  auto server = StartServer(Small());
  Session s = Login(*server);
  REQUIRE(server->crossbeam().SetListKey("items").ok());
  server->crossbeam().SetNextHrefOrigin("http://localhost:9");
  auto res = s.client->Get("/crossbeam/v1/overlaps/accounts?limit=3", s.headers());
  REQUIRE(res);
  Json json(res->body);
  REQUIRE(json.ok);
  CHECK(json.root["items"].get_array().size() == 3);
  simdjson::dom::element data;
  CHECK(json.root["data"].get(data) != simdjson::SUCCESS);
  CHECK(Str(json.root["pagination"]["next_href"]).rfind("http://localhost:9/crossbeam/", 0) == 0);
  // The cursor alone continues against this server.
  Page next = GetPage(s,
                      "/crossbeam/v1/overlaps/accounts?limit=3&cursor=" +
                          PercentEncode(Str(json.root["pagination"]["next_cursor"])),
                      "items");
  CHECK(next.keys.size() == 3);
  // Requests are recorded with their host and organization header.
  const auto requests = server->crossbeam().Requests();
  REQUIRE(!requests.empty());
  CHECK(requests.back().organization == s.org);
  CHECK(requests.back().host.find("127.0.0.1") != std::string::npos);
  CHECK(requests.back().credential.rfind("crossbeam-oauth#", 0) == 0);
}

TEST_CASE("Crossbeam truth: record_id is the CRM fake's account id, planted ambiguities") {
  for (const std::string crm : {"salesforce", "hubspot"}) {
    INFO(crm);
    FakeApiOptions options = Small();
    options.crossbeam_crm = crm;
    options.crossbeam_missing_crm_overlap = true;
    options.dataset.shared_domain_row = 20;
    auto server = StartServer(options);
    server->crossbeam().WithWorld([&](const CrossbeamWorld& world, const Dataset& dataset) {
      int checked = 0;
      for (const auto& [key, o] : world.overlaps(OverlapKind::kAccounts)) {
        if (o.account_row < 0) continue;
        const std::string crm_id =
            crm == "hubspot" ? std::to_string(HubSpotId(HubSpotCompanies(), o.account_row))
                             : SfId(*FindSfObject("Account"), o.account_row);
        CHECK(o.record_id == crm_id);
        CHECK(o.account_domain == dataset.AccountProfile(o.account_row).domain);
        ++checked;
      }
      CHECK(checked > 0);
      const XbAmbiguities a = world.Ambiguities(dataset);
      REQUIRE(a.missing_crm_ids.size() == 1);
      CHECK(a.missing_crm_ids[0] == world.CrmId(dataset.Count(Entity::kAccount) + 1000));
      CHECK(a.shared_domain == dataset.AccountProfile(19).domain);
      CHECK(dataset.AccountProfile(20).domain == dataset.AccountProfile(19).domain);
      CHECK(a.shared_domain_crm_ids == std::vector<std::string>{world.CrmId(19), world.CrmId(20)});
      return 0;
    });
  }
  FakeApiOptions bad = Small();
  bad.crossbeam_crm = "pipedrive";
  CHECK_FALSE(FakeApiServer::Start(bad).ok());
}

}  // namespace tempo::fakes
