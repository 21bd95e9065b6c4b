// The fake HubSpot over real HTTP: list paging, property rendering, search, OAuth and expiry,
// partner attribution on deals, and list throughput on loopback.
#include <chrono>
#include <cstdio>
#include <map>
#include <set>

#include "fakes/core/encoding.h"
#include "fakes/core/fakeapi_test_util.h"
#include "fakes/hubspot/hubspot_objects.h"
#include "fakes/hubspot/hubspot_record_cache.h"

namespace tempo::fakes {
namespace {

using testing::Bearer;
using testing::ClientFor;
using testing::Json;
using testing::kPat;
using testing::StartServer;
using testing::Str;

FakeApiOptions Scale(int64_t scale) {
  FakeApiOptions options;
  options.dataset.scale = scale;
  return options;
}

std::string SearchBody(const std::string& property, const std::string& op, const std::string& value,
                       int64_t after, int64_t limit = 200) {
  return R"({"filterGroups":[{"filters":[{"propertyName":")" + property + R"(","operator":")" + op +
         R"(","value":")" + value + R"("}]}],"sorts":[{"propertyName":")" + property +
         R"(","direction":"ASCENDING"}],"properties":["email"],"limit":)" + std::to_string(limit) +
         R"(,"after":")" + std::to_string(after) + R"("})";
}

TEST_CASE("HubSpot list paging walks every contact exactly once and ends without paging") {
  auto server = StartServer(Scale(100));  // 500 contacts
  auto client = ClientFor(*server);
  std::set<std::string> ids;
  std::string after;
  int pages = 0;
  while (true) {
    std::string path = "/hubspot/crm/v3/objects/contacts?limit=100&properties=email,firstname";
    if (!after.empty()) path += "&after=" + after;  // passed through unchanged
    auto res = client->Get(path.c_str(), Bearer(kPat));
    REQUIRE(res);
    REQUIRE(res->status == 200);
    CHECK(res->has_header("X-HubSpot-RateLimit-Remaining"));
    Json json(res->body);
    REQUIRE(json.ok);
    ++pages;
    for (auto record : json.root["results"].get_array()) {
      CHECK(ids.insert(Str(record["id"])).second);
      CHECK(Str(record["properties"]["hs_object_id"]) == Str(record["id"]));
    }
    simdjson::dom::element paging;
    if (json.root["paging"].get(paging) != simdjson::SUCCESS) break;
    after = Str(paging["next"]["after"]);
    CHECK(after.find("%3D") != std::string::npos);  // URL-encoded base64, like the real API
    CHECK(Str(paging["next"]["link"]).find("after=" + after) != std::string::npos);
  }
  CHECK(ids.size() == 500);
  CHECK(pages == 5);

  SECTION("a double-encoded cursor is refused, not silently restarted") {
    auto res =
        client->Get("/hubspot/crm/v3/objects/contacts?after=MTAwMDAwMw%253D%253D", Bearer(kPat));
    REQUIRE(res);
    CHECK(res->status == 400);
    CHECK(res->body.find("VALIDATION_ERROR") != std::string::npos);
  }
  SECTION("limit above 100 is refused") {
    auto res = client->Get("/hubspot/crm/v3/objects/contacts?limit=101", Bearer(kPat));
    REQUIRE(res);
    CHECK(res->status == 400);
  }
  SECTION("archived=true lists only archived records, with archivedAt") {
    server->WithDataset([&](Dataset& d) {
      d.ArchiveRange(Entity::kContact, 3, 2, server->NowMs());
      return 0;
    });
    auto res = client->Get("/hubspot/crm/v3/objects/contacts?archived=true", Bearer(kPat));
    REQUIRE(res);
    Json json(res->body);
    REQUIRE(json.ok);
    CHECK(json.root["results"].get_array().size() == 2);
    CHECK(json.root["results"].at(0)["archived"].get_bool().value());
    CHECK(Str(json.root["results"].at(0)["archivedAt"]).size() == 24);
    auto live = client->Get("/hubspot/crm/v3/objects/contacts?limit=100", Bearer(kPat));
    REQUIRE(live);
    CHECK(live->body.find("\"id\":\"1000004\"") == std::string::npos);
  }
}

TEST_CASE("HubSpot property values are strings or null and never numbers or booleans") {
  auto server = StartServer(Scale(60));
  auto client = ClientFor(*server);
  int nulls = 0, empties = 0, values = 0;
  for (const char* type : {"contacts", "companies", "deals"}) {
    const std::string path =
        std::string("/hubspot/crm/v3/objects/") + type +
        "?limit=100&properties=amount,hs_is_closed_won,numberofemployees,phone,"
        "partner_name,associatedcompanyid,closedate,annualrevenue,jobtitle";
    auto res = client->Get(path.c_str(), Bearer(kPat));
    REQUIRE(res);
    REQUIRE(res->status == 200);
    Json json(res->body);
    REQUIRE(json.ok);
    for (auto record : json.root["results"].get_array()) {
      for (auto [key, value] : record["properties"].get_object()) {
        INFO(type << "." << key);
        CHECK((value.is_string() || value.is_null()));
        nulls += value.is_null();
        empties += value.is_string() && Str(value).empty();
        ++values;
      }
    }
  }
  CHECK(values > 500);
  CHECK(nulls > 0);
  CHECK(empties > 0);
}

TEST_CASE(
    "HubSpot search: GTE filter with ascending sort and numeric after stops at the 10000 cap") {
  auto server = StartServer(Scale(2100));  // 10,500 contacts
  auto client = ClientFor(*server);
  const std::string path = "/hubspot/crm/v3/objects/contacts/search";
  int64_t after = 0, seen = 0, last_ms = 0;
  int64_t total = -1;
  while (true) {
    auto res = client->Post(path.c_str(), Bearer(kPat),
                            SearchBody("lastmodifieddate", "GTE", "0", after), "application/json");
    REQUIRE(res);
    if (after + 200 > 10'000) {
      CHECK(res->status == 400);
      CHECK(res->body.find("VALIDATION_ERROR") != std::string::npos);
      break;
    }
    REQUIRE(res->status == 200);
    CHECK_FALSE(res->has_header("X-HubSpot-RateLimit-Remaining"));  // search sends none
    Json json(res->body);
    REQUIRE(json.ok);
    total = json.root["total"].get_int64().value();
    for (auto record : json.root["results"].get_array()) {
      const int64_t ms = *ParseIsoDateTime(Str(record["properties"]["lastmodifieddate"]));
      CHECK(ms >= last_ms);
      last_ms = ms;
      ++seen;
    }
    after = std::stoll(Str(json.root["paging"]["next"]["after"]));
  }
  CHECK(total == 10'500);
  CHECK(seen == 10'000);

  SECTION("ISO and epoch-millisecond values select the same records") {
    const int64_t cut = server->WithDataset([](Dataset& d) {
      auto order = d.ByModified(Entity::kContact, TimeUnit::kMillis);
      return d.ModifiedMs(Entity::kContact, order[order.size() - 700]);
    });
    auto by_ms = client->Post(path.c_str(), Bearer(kPat),
                              SearchBody("lastmodifieddate", "GTE", std::to_string(cut), 0),
                              "application/json");
    auto by_iso = client->Post(path.c_str(), Bearer(kPat),
                               SearchBody("lastmodifieddate", "GTE", FormatIsoMillis(cut), 0),
                               "application/json");
    REQUIRE(by_ms);
    REQUIRE(by_iso);
    Json a(by_ms->body), b(by_iso->body);
    REQUIRE((a.ok && b.ok));
    CHECK(a.root["total"].get_int64().value() == 700);
    CHECK(b.root["total"].get_int64().value() == 700);
  }
  SECTION("a top-level filters array works like one group") {
    auto res = client->Post(
        path.c_str(), Bearer(kPat),
        R"({"filters":[{"propertyName":"hs_object_id","operator":"LT","value":"1000011"}]})",
        "application/json");
    REQUIRE(res);
    Json json(res->body);
    REQUIRE(json.ok);
    CHECK(json.root["total"].get_int64().value() == 10);
  }
  SECTION("contacts filtered on hs_lastmodifieddate silently match nothing, as on HubSpot") {
    auto res = client->Post(path.c_str(), Bearer(kPat),
                            SearchBody("hs_lastmodifieddate", "GTE", "0", 0), "application/json");
    REQUIRE(res);
    CHECK(res->status == 200);
    Json json(res->body);
    REQUIRE(json.ok);
    CHECK(json.root["total"].get_int64().value() == 0);
  }
  SECTION("limit above 200 and unknown properties are validation errors") {
    auto res = client->Post(path.c_str(), Bearer(kPat),
                            SearchBody("lastmodifieddate", "GTE", "0", 0, 201), "application/json");
    REQUIRE(res);
    CHECK(res->status == 400);
    res = client->Post(path.c_str(), Bearer(kPat), SearchBody("nosuchproperty", "EQ", "x", 0),
                       "application/json");
    REQUIRE(res);
    CHECK(res->status == 400);
  }
}

TEST_CASE("HubSpot v4 associations batch read names each deal's companies as the v3 list does") {
  auto server = StartServer(Scale(200));
  auto client = ClientFor(*server);
  // Deals with a partner company: the list read's inline associations to compare with.
  std::map<std::string, std::vector<std::string>> inline_types;  // deal id -> "company:type"
  std::string inputs;
  auto page =
      client->Get("/hubspot/crm/v3/objects/deals?limit=100&associations=companies", Bearer(kPat));
  REQUIRE(page);
  Json list(page->body);
  REQUIRE(list.ok);
  for (auto deal : list.root["results"].get_array()) {
    const std::string id = Str(deal["id"]);
    for (auto a : deal["associations"]["companies"]["results"].get_array()) {
      inline_types[id].push_back(Str(a["id"]) + ":" + Str(a["type"]));
    }
    inputs += std::string(inputs.empty() ? "" : ",") + "{\"id\":\"" + id + "\"}";
  }
  REQUIRE(inline_types.size() == 100);
  inputs += R"(,{"id":"1"})";  // not a deal: left out
  auto res = client->Post("/hubspot/crm/v4/associations/deals/companies/batch/read", Bearer(kPat),
                          "{\"inputs\":[" + inputs + "]}", "application/json");
  REQUIRE(res);
  CHECK(res->status == 200);
  Json json(res->body);
  REQUIRE(json.ok);
  CHECK(Str(json.root["status"]) == "COMPLETE");
  size_t deals = 0, partners = 0;
  for (auto r : json.root["results"].get_array()) {
    ++deals;
    const std::string id = Str(r["from"]["id"]);
    std::vector<std::string> types;
    for (auto to : r["to"].get_array()) {
      const std::string company = std::to_string(to["toObjectId"].get_int64().value());
      for (auto t : to["associationTypes"].get_array()) {
        const int64_t type_id = t["typeId"].get_int64().value();
        const std::string category = Str(t["category"]);
        if (category == "USER_DEFINED") ++partners;
        types.push_back(company + ":" +
                        (category == "USER_DEFINED" ? "partner"
                         : type_id == 5             ? "deal_to_company"
                                                    : "deal_to_company_unlabeled"));
      }
    }
    INFO("deal " << id);
    CHECK(types == inline_types[id]);
  }
  CHECK(deals == 100);
  CHECK(partners > 0);
  auto bad = client->Post("/hubspot/crm/v4/associations/deals/companies/batch/read", Bearer(kPat),
                          "{}", "application/json");
  REQUIRE(bad);
  CHECK(bad->status == 400);
}

TEST_CASE("HubSpot search pages through tied timestamps without loss") {
  FakeApiOptions options = Scale(200);
  options.dataset.tie_rows = 250;  // contacts 1000 -> 250 tied
  auto server = StartServer(options);
  auto client = ClientFor(*server);
  const int64_t tie_ms = server->WithDataset(
      [](Dataset& d) { return d.ModifiedMs(Entity::kContact, d.Count(Entity::kContact) / 2); });
  std::set<std::string> ids;
  for (int64_t after : {0, 200}) {
    auto res = client->Post("/hubspot/crm/v3/objects/contacts/search", Bearer(kPat),
                            SearchBody("lastmodifieddate", "GTE", std::to_string(tie_ms), after),
                            "application/json");
    REQUIRE(res);
    Json json(res->body);
    REQUIRE(json.ok);
    CHECK(json.root["total"].get_int64().value() == 250);
    for (auto r : json.root["results"].get_array()) ids.insert(Str(r["id"]));
  }
  CHECK(ids.size() == 250);
}

TEST_CASE(
    "HubSpot OAuth: refresh grant then expiry after the lifetime with the documented 401 bodies") {
  FakeApiOptions options = Scale(20);
  options.auth.hubspot_token_lifetime_s = 60;
  options.auth.rotate_refresh_tokens = true;
  auto server = StartServer(options);
  auto client = ClientFor(*server);
  const std::string form =
      "grant_type=refresh_token&client_id=fake-hubspot-client-id&client_secret="
      "fake-hubspot-client-secret&refresh_token=fake-hubspot-refresh-token";
  auto token = client->Post("/hubspot/oauth/v1/token", form, "application/x-www-form-urlencoded");
  REQUIRE(token);
  REQUIRE(token->status == 200);
  Json grant(token->body);
  REQUIRE(grant.ok);
  CHECK(grant.root["expires_in"].get_int64().value() == 60);
  CHECK(Str(grant.root["token_type"]) == "bearer");
  const std::string access = Str(grant.root["access_token"]);
  const std::string rotated = Str(grant.root["refresh_token"]);
  CHECK(rotated != "fake-hubspot-refresh-token");

  auto ok = client->Get("/hubspot/crm/v3/objects/companies", Bearer(access));
  REQUIRE(ok);
  CHECK(ok->status == 200);
  CHECK_FALSE(ok->has_header("X-HubSpot-RateLimit-Daily"));  // not sent to OAuth apps

  server->AdvanceClock(std::chrono::seconds(75));
  auto expired = client->Get("/hubspot/crm/v3/objects/companies", Bearer(access));
  REQUIRE(expired);
  CHECK(expired->status == 401);
  Json body(expired->body);
  REQUIRE(body.ok);
  CHECK(Str(body.root["status"]) == "error");
  CHECK(Str(body.root["category"]) == "EXPIRED_AUTHENTICATION");
  CHECK(Str(body.root["message"]) ==
        "The OAuth token used to make this call expired 15 second(s) ago.");
  CHECK(Str(body.root["context"]["expire time"].at(0)).ends_with("Z"));

  auto invalid = client->Get("/hubspot/crm/v3/objects/companies", Bearer("nonsense"));
  REQUIRE(invalid);
  CHECK(invalid->status == 401);
  CHECK(invalid->get_header_value("x-hubspot-auth-failure") == "401 Unauthorized");
  CHECK(invalid->body.find("INVALID_AUTHENTICATION") != std::string::npos);

  SECTION("a rotated-out refresh token is refused; the new one works") {
    auto old = client->Post("/hubspot/oauth/v1/token", form, "application/x-www-form-urlencoded");
    REQUIRE(old);
    CHECK(old->status == 400);
    CHECK(old->body.find("BAD_REFRESH_TOKEN") != std::string::npos);
    const std::string renewed =
        "grant_type=refresh_token&client_id=fake-hubspot-client-id&client_secret="
        "fake-hubspot-client-secret&refresh_token=" +
        rotated;
    auto fresh =
        client->Post("/hubspot/oauth/v1/token", renewed, "application/x-www-form-urlencoded");
    REQUIRE(fresh);
    CHECK(fresh->status == 200);
  }
  SECTION("the request log names credentials, never secrets") {
    auto credentials = server->requests().CredentialCounts("/hubspot/crm");
    CHECK(credentials["hubspot-oauth#1"] == 2);
    CHECK(credentials["bearer-unknown"] == 1);
    for (const RequestRecord& r : server->requests().Recent()) {
      CHECK(r.credential.find(access) == std::string::npos);
      CHECK(r.path.find("refresh") == std::string::npos);
    }
  }
}

TEST_CASE("HubSpot deals carry partner attribution and the duplicated unlabeled association") {
  auto server = StartServer(Scale(300));
  auto client = ClientFor(*server);
  auto res = client->Get(
      "/hubspot/crm/v3/objects/deals?limit=100&associations=companies&properties="
      "dealname,amount,partner_name,partner_id,partner_role,hs_is_closed_won",
      Bearer(kPat));
  REQUIRE(res);
  Json json(res->body);
  REQUIRE(json.ok);
  int attributed = 0;
  for (auto deal : json.root["results"].get_array()) {
    auto assoc = deal["associations"]["companies"]["results"].get_array();
    REQUIRE(assoc.size() >= 2);
    CHECK(Str(assoc.at(0)["type"]) == "deal_to_company");
    CHECK(Str(assoc.at(1)["type"]) == "deal_to_company_unlabeled");
    CHECK(Str(assoc.at(0)["id"]) == Str(assoc.at(1)["id"]));
    simdjson::dom::element partner_id = deal["properties"]["partner_id"];
    if (partner_id.is_null()) continue;
    ++attributed;
    bool found = false;
    for (auto a : assoc) found |= Str(a["type"]) == "partner" && Str(a["id"]) == Str(partner_id);
    CHECK(found);
    const std::string role = Str(deal["properties"]["partner_role"]);
    CHECK((role == "Sourced" || role == "Influenced"));
  }
  CHECK(attributed > 0);
}

// Every contact property a realistic CRM export asks for (hs_object_id, createdate and
// lastmodifieddate come anyway).
constexpr const char* kWideContactProperties =
    "email,firstname,lastname,jobtitle,phone,mobilephone,company,website,address,city,state,zip,"
    "country,industry,annualrevenue,lifecyclestage,hs_lead_status,associatedcompanyid";

// Pages through every live contact with `properties`; calls `check(record, expected)` with each
// parsed record and the fake's own record of that row. Returns the bodies, concatenated.
template <class Check>
std::string WalkContacts(FakeApiServer& server, const std::string& properties, Check check) {
  auto client = ClientFor(server);
  std::string bodies, after;
  while (true) {
    std::string path =
        "/hubspot/crm/v3/objects/contacts?limit=100&archived=false&properties=" + properties;
    if (!after.empty()) path += "&after=" + after;
    auto res = client->Get(path.c_str(), Bearer(kPat));
    REQUIRE(res);
    REQUIRE(res->status == 200);
    bodies += res->body;
    bodies += '\n';
    Json json(res->body);
    REQUIRE(json.ok);
    server.WithDataset([&](Dataset& d) {
      for (auto record : json.root["results"].get_array()) {
        const int64_t row = std::stoll(Str(record["id"])) - HubSpotContacts().id_base;
        check(record, BuildHubSpotRecord(d, HubSpotContacts(), row));
      }
      return 0;
    });
    simdjson::dom::element paging;
    if (json.root["paging"].get(paging) != simdjson::SUCCESS) break;
    after = Str(paging["next"]["after"]);
  }
  return bodies;
}

TEST_CASE("HubSpot wide contacts: nulls, UTF-8, unicode escapes, quotes and backslashes decode") {
  auto server = StartServer(Scale(2000));  // 10,000 contacts
  std::map<std::string, int> nulls;
  std::set<std::string> cities;
  int records = 0, quoted = 0, backslashed = 0, non_bmp = 0;
  const std::string bodies =
      WalkContacts(*server, kWideContactProperties,
                   [&](simdjson::dom::element record, const HubSpotRecord& expected) {
                     ++records;
                     simdjson::dom::object props = record["properties"].get_object();
                     CHECK(props.size() == 21);  // the 18 asked for and the 3 always shown
                     for (auto [key, value] : props) {
                       INFO("contact " << expected.id << " property " << key);
                       const HubSpotValue* want = expected.Find(key);
                       REQUIRE(want != nullptr);
                       if (!want->has_value()) {
                         CHECK(value.is_null());
                         ++nulls[std::string(key)];
                         continue;
                       }
                       REQUIRE(value.is_string());
                       CHECK(Str(value) == **want);  // escapes decode to the UTF-8 value
                     }
                     if (!props["city"].is_null()) cities.insert(Str(props["city"]));
                     if (!props["address"].is_null()) {
                       const std::string address = Str(props["address"]);
                       quoted += address.starts_with("c/o \"");
                       backslashed += address.find('\\') != std::string::npos;
                       non_bmp += address.find("\xF0\xA0\xAE\xB7") != std::string::npos;  // 𠮷
                     }
                   });
  CHECK(records == 10'000);
  // HubSpot sends null for a requested property that was never set.
  for (const char* property : {"phone", "mobilephone", "website", "address", "city", "state", "zip",
                               "country", "industry", "annualrevenue", "hs_lead_status"}) {
    INFO(property);
    CHECK(nulls[property] > 100);
  }
  CHECK(nulls["email"] == 0);
  CHECK(cities.count("München") == 1);
  CHECK(cities.count("東京") == 1);
  CHECK(cities.count("Łódź") == 1);
  CHECK(quoted > 50);
  CHECK(backslashed > 50);
  CHECK(non_bmp > 0);
  // On the wire: most non-ASCII text is raw UTF-8, some is \u-escaped (a surrogate pair above
  // U+FFFF), and quotes and backslashes are escaped.
  CHECK(bodies.find("\"München\"") != std::string::npos);
  CHECK(bodies.find("\"M\\u00fcnchen\"") != std::string::npos);
  CHECK(bodies.find("\\ud842\\udfb7") != std::string::npos);
  CHECK(bodies.find("c/o \\\"") != std::string::npos);
  CHECK(bodies.find("\\\\") != std::string::npos);

  SECTION("only the requested properties come back; without properties=, only the defaults") {
    auto client = ClientFor(*server);
    auto res =
        client->Get("/hubspot/crm/v3/objects/contacts?limit=5&properties=city,zip", Bearer(kPat));
    REQUIRE(res);
    Json json(res->body);
    REQUIRE(json.ok);
    for (auto record : json.root["results"].get_array()) {
      std::set<std::string> keys;
      for (auto [key, value] : record["properties"].get_object()) keys.insert(std::string(key));
      CHECK(keys ==
            std::set<std::string>{"city", "zip", "createdate", "lastmodifieddate", "hs_object_id"});
    }
    res = client->Get("/hubspot/crm/v3/objects/contacts?limit=5", Bearer(kPat));
    REQUIRE(res);
    Json defaults(res->body);
    REQUIRE(defaults.ok);
    CHECK(defaults.root["results"].at(0)["properties"].get_object().size() == 6);
    CHECK(res->body.find("\"city\"") == std::string::npos);
  }
  SECTION("search filters and sorts on the new properties see the decoded values") {
    auto client = ClientFor(*server);
    auto res =
        client->Post("/hubspot/crm/v3/objects/contacts/search", Bearer(kPat),
                     R"({"filters":[{"propertyName":"city","operator":"EQ","value":"münchen"}],)"
                     R"("properties":["city"],"limit":200})",
                     "application/json");
    REQUIRE(res);
    REQUIRE(res->status == 200);
    Json json(res->body);
    REQUIRE(json.ok);
    CHECK(json.root["total"].get_int64().value() > 100);
    for (auto record : json.root["results"].get_array())
      CHECK(Str(record["properties"]["city"]) == "München");
  }
}

TEST_CASE("HubSpot list pages stay exact while records are cached and the dataset changes") {
  FakeApiOptions cached = Scale(200), uncached = Scale(200);  // 1,000 contacts
  uncached.record_cache_mb = 0;
  auto a = StartServer(cached);
  auto b = StartServer(uncached);
  // The bodies of every page, with the server's address (in paging links) taken out.
  auto pages = [](FakeApiServer& server, const char* properties) {
    std::string text = WalkContacts(server, properties, [](auto, const auto&) {});
    const std::string address = "127.0.0.1:" + std::to_string(server.port());
    for (size_t at; (at = text.find(address)) != std::string::npos;)
      text.replace(at, address.size(), "HOST");
    return text;
  };
  auto same_pages = [&](const char* what) {
    INFO(what);
    for (const char* properties : {kWideContactProperties, "email,jobtitle"}) {
      const std::string x = pages(*a, properties);
      CHECK(x == pages(*b, properties));
      CHECK(x == pages(*a, properties));  // now from the cache
    }
  };
  auto both = [&](auto mutate) {
    a->WithDataset(mutate);
    b->WithDataset(mutate);
  };
  same_pages("fresh");
  both([](Dataset& d) {
    d.TouchRange(Entity::kContact, 10, 5, 1'720'000'000'000);  // new title and timestamp
    return 0;
  });
  same_pages("after touch");
  both([](Dataset& d) {
    d.ArchiveRange(Entity::kContact, 20, 3, 1'720'000'001'000);
    return 0;
  });
  same_pages("after archive");
  both([](Dataset& d) { return d.Append(Entity::kContact, 7, 1'720'000'002'000); });
  same_pages("after append");
  auto client = ClientFor(*a);
  auto res = client->Post("/_admin/dataset/touch?entity=contacts&first=0&count=2&at=1720000003000",
                          "", "text/plain");
  REQUIRE(res);
  CHECK(res->status == 200);
  b->WithDataset([](Dataset& d) {
    d.TouchRange(Entity::kContact, 0, 2, 1'720'000'003'000);
    return 0;
  });
  same_pages("after a touch through the control API");
  a->AdvanceClock(std::chrono::seconds(60));
  same_pages("after a clock advance");
}

TEST_CASE("HubSpot records list every property of their type, in definition order") {
  DatasetOptions options;
  options.scale = 50;
  Dataset d(options);
  for (const HubSpotObjectType* type : {&HubSpotContacts(), &HubSpotCompanies(), &HubSpotDeals()}) {
    HubSpotRecordBuilder builder(d, *type);
    for (int64_t row : {0, 1, 7}) {
      const HubSpotRecord& r = builder.Build(row);
      REQUIRE(r.properties.size() == type->properties.size());
      for (size_t i = 0; i < r.properties.size(); ++i)
        CHECK(r.properties[i].first == type->properties[i].name);
      // The reused builder gives what a fresh build gives.
      const HubSpotRecord fresh = BuildHubSpotRecord(d, *type, row);
      for (size_t i = 0; i < r.properties.size(); ++i)
        CHECK(r.properties[i].second == fresh.properties[i].second);
    }
  }
}

TEST_CASE("the record cache keeps records within its budget and forgets them on a new stamp") {
  HubSpotRecordCache cache(3 << 20);  // 3 MB: the slot blocks and two 1 MB chunks
  const HubSpotRecordCache::Stamp stamp{1, 0};
  auto view = cache.ViewFor("contacts|email", stamp, 10'000);
  REQUIRE(view != nullptr);
  const std::string record(1000, 'x');
  for (int64_t row = 0; row < 10'000; ++row) view->Insert(row, record + std::to_string(row));
  CHECK(cache.used_bytes() <= (3 << 20));
  std::string out;
  CHECK(view->AppendTo(out, 0));
  CHECK(out == record + "0");
  CHECK(view->AppendTo(out, 1500));          // the first ~2,000 records fit
  CHECK_FALSE(view->AppendTo(out, 9'999));   // the rest were served but not kept
  CHECK_FALSE(view->AppendTo(out, 10'000));  // beyond the rows the view was made for
  CHECK(cache.ViewFor("contacts|email", stamp, 10'000) == view);
  CHECK(cache.ViewFor("contacts|email", {2, 0}, 10'000) != view);          // the dataset changed
  CHECK(cache.ViewFor("contacts|email", {2, 60'000}, 10'000) != nullptr);  // the clock moved
  view.reset();
  CHECK(cache.used_bytes() < (1 << 20));  // the old view's chunks are gone
  CHECK(HubSpotRecordCache(0).ViewFor("contacts|email", stamp, 10) == nullptr);  // off
}

TEST_CASE("AppendJsonText escapes what JSON needs and, when asked, all non-ASCII") {
  const std::string text = "Zoë \"Acme\" Holdings \\ 北京 𠮷 tab\there";
  std::string plain, ascii;
  AppendJsonText(plain, text);
  AppendJsonText(ascii, text, true);
  CHECK(plain == "\"Zoë \\\"Acme\\\" Holdings \\\\ 北京 𠮷 tab\\there\"");
  CHECK(ascii ==
        "\"Zo\\u00eb \\\"Acme\\\" Holdings \\\\ \\u5317\\u4eac \\ud842\\udfb7 tab\\there\"");
  for (const std::string& literal : {plain, ascii}) {
    Json json(literal);
    REQUIRE(json.ok);
    CHECK(Str(json.root) == text);
  }
  std::string simple;
  AppendJsonText(simple, "jane.doe@acme.example", true);
  CHECK(simple == "\"jane.doe@acme.example\"");
}

TEST_CASE("HubSpot list throughput on loopback") {
  auto server = StartServer(Scale(20'000));  // 100,000 contacts
  auto client = ClientFor(*server);
  const auto start = std::chrono::steady_clock::now();
  int64_t records = 0;
  std::string after;
  while (true) {
    std::string path =
        "/hubspot/crm/v3/objects/"
        "contacts?limit=100&properties=email,firstname,lastname,jobtitle,phone,company";
    if (!after.empty()) path += "&after=" + after;
    auto res = client->Get(path.c_str(), Bearer(kPat));
    REQUIRE(res);
    REQUIRE(res->status == 200);
    Json json(res->body);
    REQUIRE(json.ok);
    records += static_cast<int64_t>(json.root["results"].get_array().size());
    simdjson::dom::element paging;
    if (json.root["paging"].get(paging) != simdjson::SUCCESS) break;
    after = Str(paging["next"]["after"]);
  }
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::printf(
      "[timing] HubSpot list loop: %lld contacts in %lld pages of 100 in %.2f s = %.0f records/s\n",
      static_cast<long long>(records), static_cast<long long>(records / 100), seconds,
      records / seconds);
  CHECK(records == 100'000);
}

}  // namespace
}  // namespace tempo::fakes
