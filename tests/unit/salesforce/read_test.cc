// The connector through its C ABI against the kit's FakeHost and a scripted org
// (scripted_org.h): paging, checkpoints and resume, the prefetch, the org's describe, and
// Salesforce's refusals.
#include <catch2/catch.hpp>

#include <algorithm>
#include <string>
#include <thread>
#include <vector>

#include "scripted_org.h"
#include "tempo/plugin.h"
#include "tempo/time.hpp"

extern "C" const tempo_plugin_descriptor* tempo_plugin_entry_v1(const tempo_host_api* host);

namespace tempo::salesforce {
namespace {

using sdk::testing::FakeHost;
using testing::ScriptedOrg;
using testing::UrlDecode;

// The plugin opened over a FakeHost whose HTTP is the scripted org.
class Harness {
 public:
  Harness() {
    host.auth_fields["instance_url"] = std::string(ScriptedOrg::kInstance) + "/";
    host.http = [this](const sdk::testing::FakeHttpRequest& r) { return org.Answer(r); };
    api = static_cast<const tempo_connector_api*>(tempo_plugin_entry_v1(host.api())->api);
  }
  ~Harness() {
    if (instance != nullptr) api->close(instance);
  }

  tempo_status Open(const std::string& extra = "") {
    const std::string config =
        R"({"client_id":"id","client_secret":"s","refresh_token":"r")" + extra + "}";
    return api->open(host.ctx(), config.data(), config.size(), &instance);
  }
  tempo_status Read(const std::string& stream, const std::string& state = "",
                    int32_t mode = TEMPO_SYNC_INCREMENTAL) {
    return api->read(host.ctx(), instance, stream.data(), stream.size(), mode, state.data(),
                     state.size());
  }
  size_t Logged(std::string_view text) const {
    return std::count_if(host.logs.begin(), host.logs.end(), [&](const std::string& line) {
      return line.find(text) != std::string::npos;
    });
  }
  size_t Requested(std::string_view path) const {
    return std::count(org.paths.begin(), org.paths.end(), std::string(path));
  }

  FakeHost host;
  ScriptedOrg org;
  const tempo_connector_api* api = nullptr;
  tempo_instance* instance = nullptr;
};

const std::string kData = "/services/data/v62.0";

std::string Contact(const char* id, const char* stamp, const char* email = "x@example.com") {
  return std::string(R"({"Id":")") + id + R"(","AccountId":"001A","FirstName":"Ann",)" +
         R"("LastName":"Lee","Email":")" + email + R"(","Title":null,"IsDeleted":false,)" +
         R"("CreatedDate":"2024-01-02T03:04:05.000+0000","SystemModstamp":")" + stamp + "\"}";
}

std::string PageOf(std::initializer_list<std::string> records) {
  std::string out = "[";
  for (const std::string& r : records) out += (out.size() > 1 ? "," : "") + r;
  return out + "]";
}

const std::string kA = Contact("003A", "2024-04-01T10:00:00.000+0000", "a@example.com");
const std::string kB = Contact("003B", "2024-04-01T10:00:00.000+0000");
const std::string kC = Contact("003C", "2024-04-01T10:00:00.000+0000");
const std::string kD = Contact("003D", "2024-04-01T12:00:00.000+0000");
const std::string kE = Contact("003E", "2024-04-01T12:30:00.000+0000");

TEST_CASE("read: a full read of two pages emits every record and checkpoints each page") {
  Harness h;
  h.org.pages["Contact"] = {PageOf({kA, kB}), PageOf({kC})};
  REQUIRE(h.Open() == TEMPO_OK);
  REQUIRE(h.Read("contact") == TEMPO_OK);
  CHECK(h.host.Count("contact") == 3);
  const auto& a = h.host.Row("contact", "003A");
  CHECK(a.updated_at == "2024-04-01T10:00:00Z");
  CHECK(a.fields.at("email") == "s:a@example.com");
  CHECK(a.fields.at("title") == "null");
  CHECK(a.fields.at("created_at") == "s:2024-01-02T03:04:05Z");
  CHECK(a.raw.find("attributes") == std::string::npos);
  // Page 1 resumes after its last key and remembers the run's start; page 2 hands on the key
  // it reached (before the start).
  REQUIRE(h.host.states.size() == 2);
  CHECK_THAT(h.host.states[0],
             Catch::StartsWith(
                 R"({"version":1,"modstamp":"2024-04-01T10:00:00Z","id":"003B","started_ms":)"));
  CHECK(h.host.states[1] == R"({"version":1,"modstamp":"2024-04-01T10:00:00Z","id":"003C"})");
  CHECK(h.org.paths == std::vector<std::string>{kData + "/sobjects",
                                                kData + "/sobjects/Contact/describe",
                                                kData + "/queryAll", kData + "/queryAll/1-1"});
  REQUIRE(h.org.soql.size() == 1);
  CHECK(h.org.soql[0] ==
        "SELECT Id, AccountId, FirstName, LastName, Name, Email, Title, Phone, OwnerId, "
        "IsDeleted, CreatedDate, LastModifiedDate, SystemModstamp FROM Contact ORDER BY "
        "SystemModstamp ASC, Id ASC");
  CHECK(h.host.requests[2].Header("Sforce-Query-Options") == "batchSize=2000");
  CHECK(h.Logged("3 records (0 deleted) in 2 pages, 1 field chunk(s), api-usage=20/5000") == 1);
}

TEST_CASE("read: a full refresh uses query, and queryAll deletes become deletes") {
  Harness h;
  h.org.pages["Contact"] = {
      PageOf({kA, R"({"Id":"003Z","IsDeleted":true,"SystemModstamp":"2024-04-02T00:00:00Z"})"})};
  REQUIRE(h.Open() == TEMPO_OK);
  REQUIRE(h.Read("contact", "", TEMPO_SYNC_FULL_REFRESH) == TEMPO_OK);
  CHECK(h.org.paths.back() == kData + "/query");
  CHECK(h.host.Row("contact", "003Z").deleted);
  CHECK_FALSE(h.host.Row("contact", "003A").deleted);
}

TEST_CASE("read: resumes a version-0 state after its key, keeping the run's start") {
  Harness h;
  h.org.pages["Contact"] = {PageOf({kC, kD})};
  REQUIRE(h.Open() == TEMPO_OK);
  const int64_t started = *sdk::ParseIsoMs("2024-04-01T11:00:00Z");
  const std::string state = R"({"modstamp":"2024-04-01T10:00:00Z","id":"003B","started_ms":)" +
                            std::to_string(started) + "}";
  REQUIRE(h.Read("contact", state) == TEMPO_OK);
  REQUIRE(h.org.soql.size() == 1);
  CHECK_THAT(h.org.soql[0],
             Catch::Contains("WHERE SystemModstamp > 2024-04-01T10:00:00Z OR (SystemModstamp = "
                             "2024-04-01T10:00:00Z AND Id > '003B')"));
  // 003D changed after the run began: the hand-over is the run's start, inclusive.
  CHECK(h.host.committed_state == R"({"version":1,"modstamp":"2024-04-01T11:00:00Z","id":""})");
}

TEST_CASE("read: a kill at a checkpoint resumes from the last commit without loss") {
  Harness h;
  h.org.pages["Contact"] = {PageOf({kA, kB}), PageOf({kC, kD}), PageOf({kE})};
  REQUIRE(h.Open() == TEMPO_OK);
  h.host.fail_checkpoint_number = 2;
  CHECK(h.Read("contact") != TEMPO_OK);
  CHECK(h.host.Count("contact") == 2);
  h.host.Restart();
  REQUIRE(h.Read("contact", h.host.committed_state) == TEMPO_OK);
  CHECK(h.host.Count("contact") == 5);
  REQUIRE(h.org.soql.size() == 2);
  CHECK_THAT(h.org.soql[1], Catch::Contains("AND Id > '003B'"));
}

TEST_CASE("read: a page ending with a record changed during the read resumes before it") {
  // 003C changed while the query was paged: it comes at its old place with a new
  // SystemModstamp, last on page 1. A kill after page 1 must not resume after it, or 003B
  // (page 2, unchanged and older) is never read.
  Harness h;
  const std::string now = sdk::FormatIso(sdk::NowMs(), sdk::IsoPrecision::kMillis);
  h.org.pages["Contact"] = {PageOf({kA, Contact("003C", now.c_str())}), PageOf({kB})};
  REQUIRE(h.Open() == TEMPO_OK);
  h.host.fail_checkpoint_number = 2;
  CHECK(h.Read("contact") != TEMPO_OK);
  h.host.Restart();
  REQUIRE(h.Read("contact", h.host.committed_state) == TEMPO_OK);
  REQUIRE(h.org.soql.size() == 2);
  CHECK_THAT(h.org.soql[1], Catch::Contains("AND Id > '003A'"));
}

TEST_CASE("read: the next page is fetched on another thread while the current one is committed") {
  Harness h;
  h.org.pages["Contact"] = {PageOf({kA, kB}), PageOf({kC})};
  std::thread::id page_two_thread;
  h.org.fault = [&](const sdk::testing::FakeHttpRequest& r, int) {
    if (r.url.find("/queryAll/1-1") != std::string::npos) {
      page_two_thread = std::this_thread::get_id();
    }
    return std::optional<sdk::testing::FakeHttpResponse>();
  };
  REQUIRE(h.Open() == TEMPO_OK);
  // Page 1's checkpoint fails: page 2 was already on its way.
  h.host.fail_checkpoint_number = 1;
  CHECK(h.Read("contact") != TEMPO_OK);
  CHECK(h.Requested(kData + "/queryAll/1-1") == 1);
  CHECK(page_two_thread != std::thread::id());
  CHECK(page_two_thread != std::this_thread::get_id());
  CHECK(h.host.Count("contact") == 0);
}

TEST_CASE("read: a cancelled read stops before emitting, after the request in flight") {
  Harness h;
  h.org.pages["Contact"] = {PageOf({kA}), PageOf({kB})};
  REQUIRE(h.Open() == TEMPO_OK);
  h.host.cancel = true;
  CHECK(h.Read("contact") == TEMPO_ERR_CANCELLED);
  CHECK(h.host.emitted == 0);
  CHECK(h.Requested(kData + "/queryAll/1-1") == 0);
}

TEST_CASE("read: an expired query locator is queried again from the last checkpoint") {
  Harness h;
  h.org.pages["Contact"] = {PageOf({kA, kB}), PageOf({kC})};
  bool expired = false;
  h.org.fault = [&](const sdk::testing::FakeHttpRequest& r, int) {
    if (r.url.find("/queryAll/1-1") == std::string::npos || expired) {
      return std::optional<sdk::testing::FakeHttpResponse>();
    }
    expired = true;
    return std::optional(ScriptedOrg::Error(400, "INVALID_QUERY_LOCATOR", "invalid locator"));
  };
  REQUIRE(h.Open() == TEMPO_OK);
  REQUIRE(h.Read("contact") == TEMPO_OK);
  REQUIRE(h.org.soql.size() == 2);
  CHECK_THAT(h.org.soql[1], Catch::Contains("AND Id > '003B'"));
  CHECK(h.Logged("INVALID_QUERY_LOCATOR") == 1);
  CHECK(h.host.Count("contact") == 3);
}

TEST_CASE("read: a keyset query refused as MALFORMED_QUERY falls back to the inclusive bound") {
  Harness h;
  h.org.pages["Contact"] = {PageOf({kB, kC})};
  h.org.fault = [&](const sdk::testing::FakeHttpRequest& r, int) {
    if (UrlDecode(r.url).find(" OR (") == std::string::npos) {
      return std::optional<sdk::testing::FakeHttpResponse>();
    }
    return std::optional(ScriptedOrg::Error(400, "MALFORMED_QUERY", "unexpected token: OR"));
  };
  REQUIRE(h.Open() == TEMPO_OK);
  const std::string state = R"({"version":1,"modstamp":"2024-04-01T10:00:00Z","id":"003A"})";
  REQUIRE(h.Read("contact", state) == TEMPO_OK);
  REQUIRE(h.org.soql.size() == 2);
  CHECK_THAT(h.org.soql[0], Catch::Contains("AND Id > '003A'"));
  CHECK_THAT(h.org.soql[1], Catch::Contains("WHERE SystemModstamp >= 2024-04-01T10:00:00Z"));
  CHECK(h.Logged("MALFORMED_QUERY") == 1);
  CHECK(h.host.Count("contact") == 2);
  // For the rest of the connector's life: no keyset query is tried again.
  REQUIRE(h.Read("contact", state) == TEMPO_OK);
  REQUIRE(h.org.soql.size() == 3);
  CHECK_THAT(h.org.soql[2], Catch::Contains("WHERE SystemModstamp >= "));
}

TEST_CASE("read: REQUEST_LIMIT_EXCEEDED ends the read as a quota after the committed pages") {
  Harness h;
  h.org.pages["Contact"] = {PageOf({kA, kB}), PageOf({kC})};
  h.org.fault = [&](const sdk::testing::FakeHttpRequest&, int query_number) {
    if (query_number < 2) return std::optional<sdk::testing::FakeHttpResponse>();
    return std::optional(
        ScriptedOrg::Error(403, "REQUEST_LIMIT_EXCEEDED", "TotalRequests Limit exceeded."));
  };
  REQUIRE(h.Open() == TEMPO_OK);
  CHECK(h.Read("contact") == TEMPO_ERR_QUOTA);
  CHECK(h.host.Count("contact") == 2);
  CHECK_THAT(h.host.committed_state, Catch::Contains(R"("id":"003B")"));
}

TEST_CASE("read: a field list too long for one URL is read in chunks merged by Id") {
  Harness h;
  h.org.pages["Contact"] = {PageOf({kA, kB}), PageOf({kC})};
  REQUIRE(h.Open(R"(,"max_url_bytes":400)") == TEMPO_OK);
  REQUIRE(h.Read("contact") == TEMPO_OK);
  CHECK(h.org.soql.size() > 1);
  CHECK(h.Requested(kData + "/queryAll/1-1") == 1);
  CHECK(h.Requested(kData + "/queryAll/2-1") == 1);
  const auto& a = h.host.Row("contact", "003A");
  CHECK(a.fields.at("email") == "s:a@example.com");
  CHECK(a.fields.at("created_at") == "s:2024-01-02T03:04:05Z");
  CHECK(h.Logged("field chunk(s)") == 1);
  CHECK(h.Logged(" 1 field chunk(s)") == 0);
}

TEST_CASE("read: records map to canonical columns, partners by their AccountTo") {
  Harness h;
  h.org.pages["Account"] = {PageOf(
      {R"({"Id":"001A","Name":"Acme","Website":"www.acme.com","Type":"Customer - Direct",)"
       R"("SystemModstamp":"2024-04-01T10:00:00Z"})",
       R"({"Id":"001B","Name":"Beta","Type":"Technology Partner","SystemModstamp":"2024-04-01T10:00:01Z"})"})};
  h.org.pages["Opportunity"] = {PageOf(
      {R"({"Id":"006A","Amount":15000.0,"CloseDate":"2024-03-31","Type":"Existing Business",)"
       R"("IsClosed":true,"IsWon":false,"SystemModstamp":"2024-04-01T10:00:00Z"})"})};
  h.org.pages["OpportunityPartner"] = {PageOf(
      {R"({"Id":"00IA","OpportunityId":"006A","AccountToId":"001B","Role":"System Integrator",)"
       R"("IsPrimary":true,"SystemModstamp":"2024-04-01T10:00:00Z"})",
       R"({"Id":"00IB","OpportunityId":"006A","AccountToId":"001C","Role":"Gold",)"
       R"("SystemModstamp":"2024-04-01T10:00:01Z"})"})};
  h.org.pages["Partner"] = {PageOf(
      {R"({"Id":"00IC","AccountFromId":"001A","AccountToId":"001B","SystemModstamp":"2024-04-01T10:00:00Z"})",
       R"({"Id":"00ID","AccountToId":"001C","IsDeleted":true,"SystemModstamp":"2024-04-01T10:00:01Z"})"})};
  REQUIRE(h.Open(R"(,"role_map":{"gold":"co_sell"})") == TEMPO_OK);
  for (const char* stream : {"account", "opportunity", "opportunity_partner", "partner"}) {
    INFO(stream);
    REQUIRE(h.Read(stream) == TEMPO_OK);
  }
  CHECK(h.host.Row("account", "001A").fields.at("lifecycle") == "s:customer");
  CHECK(h.host.Row("account", "001B").fields.at("lifecycle") == "s:partner");
  CHECK(h.host.Row("account", "001A").fields.at("domain") == "s:www.acme.com");
  const auto& opp = h.host.Row("opportunity", "006A").fields;
  CHECK(opp.at("amount") == "r:15000.000000");
  CHECK(opp.at("opp_type") == "s:expansion");
  CHECK(opp.at("closed_at") == "s:2024-03-31");
  CHECK(opp.at("is_closed") == "b:1");
  CHECK(h.host.Row("opportunity_partner", "00IA").fields.at("role") == "s:implementation");
  CHECK(h.host.Row("opportunity_partner", "00IB").fields.at("role") == "s:co_sell");
  CHECK(h.host.Row("opportunity_partner", "00IA").fields.at("attribution_source") ==
        "s:crm_partner_object");
  CHECK(h.host.Row("partner", "001B").fields.at("account_source_id") == "s:001B");
  CHECK(h.host.Count("partner") == 1);  // a deleted relation does not delete the partner
}

TEST_CASE("read: a deal partner's name from its Account, sourced when the deal's LeadSource says") {
  Harness h;
  h.org.pages["OpportunityPartner"] = {PageOf(
      {R"({"Id":"00IA","OpportunityId":"006A","AccountToId":"001B","Role":"VAR/Reseller",)"
       R"("IsPrimary":true,"Opportunity":{"attributes":{"type":"Opportunity"},)"
       R"("LeadSource":"Partner Referral"},"AccountTo":{"attributes":{"type":"Account"},)"
       R"("Name":"Beta Partners"},"SystemModstamp":"2024-04-01T10:00:00Z"})",
       // Not the primary partner: its role, whatever the deal's source.
       R"({"Id":"00IB","OpportunityId":"006A","AccountToId":"001C","Role":"System Integrator",)"
       R"("IsPrimary":false,"Opportunity":{"attributes":{"type":"Opportunity"},)"
       R"("LeadSource":"Partner Referral"},"AccountTo":{"attributes":{"type":"Account"},)"
       R"("Name":"Gamma SI"},"SystemModstamp":"2024-04-01T10:00:01Z"})",
       // The primary partner of a deal from the web.
       R"({"Id":"00IC","OpportunityId":"006B","AccountToId":"001B","Role":"VAR/Reseller",)"
       R"("IsPrimary":true,"Opportunity":{"attributes":{"type":"Opportunity"},)"
       R"("LeadSource":"Web"},"AccountTo":{"attributes":{"type":"Account"},)"
       R"("Name":"Beta Partners"},"SystemModstamp":"2024-04-01T10:00:02Z"})"})};
  h.org.pages["Partner"] = {PageOf(
      {R"({"Id":"00ID","AccountFromId":"001A","AccountToId":"001B","AccountTo":{"attributes":)"
       R"({"type":"Account"},"Name":"Beta Partners","Website":"https://www.beta.example"},)"
       R"("SystemModstamp":"2024-04-01T10:00:00Z"})"})};
  REQUIRE(h.Open() == TEMPO_OK);
  REQUIRE(h.Read("opportunity_partner") == TEMPO_OK);
  REQUIRE(h.Read("partner") == TEMPO_OK);
  CHECK_THAT(h.org.soql[0], Catch::Contains("AccountTo.Name, Opportunity.LeadSource"));
  const auto& a = h.host.Row("opportunity_partner", "00IA").fields;
  CHECK(a.at("role") == "s:sourced");
  CHECK(a.at("partner_name") == "s:Beta Partners");
  CHECK(a.at("partner_source_id") == "s:001B");
  CHECK(h.host.Row("opportunity_partner", "00IB").fields.at("role") == "s:implementation");
  CHECK(h.host.Row("opportunity_partner", "00IB").fields.at("partner_name") == "s:Gamma SI");
  CHECK(h.host.Row("opportunity_partner", "00IC").fields.at("role") == "s:resell");
  CHECK(h.host.Row("partner", "001B").fields.at("name") == "s:Beta Partners");
  CHECK(h.host.Row("partner", "001B").fields.at("domain") == "s:https://www.beta.example");

  // The convention is configurable: other LeadSource values, or none.
  Harness off;
  off.org.pages["OpportunityPartner"] = h.org.pages["OpportunityPartner"];
  REQUIRE(off.Open(R"(,"sourced_lead_sources":["web"])") == TEMPO_OK);
  REQUIRE(off.Read("opportunity_partner") == TEMPO_OK);
  CHECK(off.host.Row("opportunity_partner", "00IA").fields.at("role") == "s:resell");
  CHECK(off.host.Row("opportunity_partner", "00IC").fields.at("role") == "s:sourced");
}

TEST_CASE("read: a relationship field the user cannot see is left out of the query") {
  Harness h;
  h.org.hidden["Opportunity"] = {"LeadSource"};
  h.org.pages["OpportunityPartner"] = {
      PageOf({R"({"Id":"00IA","OpportunityId":"006A","AccountToId":"001B","Role":"Sourced",)"
              R"("IsPrimary":true,"SystemModstamp":"2024-04-01T10:00:00Z"})"})};
  REQUIRE(h.Open() == TEMPO_OK);
  REQUIRE(h.Read("opportunity_partner") == TEMPO_OK);
  CHECK(h.org.soql.back().find("Opportunity.LeadSource") == std::string::npos);
  CHECK_THAT(h.org.soql.back(), Catch::Contains("AccountTo.Name"));
  CHECK(h.Logged("Opportunity.LeadSource are not visible") == 1);
  CHECK(h.host.Row("opportunity_partner", "00IA").fields.at("role") == "s:sourced");  // its Role
}

TEST_CASE(
    "read: a single-currency org's amounts are in org_currency, left to the host to convert") {
  Harness h;
  h.org.pages["Opportunity"] = {PageOf(
      {R"({"Id":"006A","Amount":15000.0,"CloseDate":"2024-03-31","SystemModstamp":"2024-04-01T10:00:00Z"})"})};
  REQUIRE(h.Open(R"(,"org_currency":"EUR")") == TEMPO_OK);
  REQUIRE(h.Read("opportunity") == TEMPO_OK);
  CHECK(h.org.soql.back().find("CurrencyIsoCode") == std::string::npos);
  CHECK(h.org.soql.size() == 1);  // no rates asked for
  const auto& opp = h.host.Row("opportunity", "006A").fields;
  CHECK(opp.at("currency") == "s:EUR");
  CHECK(opp.count("amount_usd") == 0);
}

TEST_CASE("read: a multi-currency org's deals get their currency and Salesforce's USD value") {
  Harness h;
  h.org.more_fields["Opportunity"] = {"CurrencyIsoCode"};
  h.org.more_fields["CurrencyType"] = {"IsoCode", "ConversionRate", "IsCorporate",
                                       "LastModifiedDate"};
  h.org.more_fields["DatedConversionRate"] = {"IsoCode", "ConversionRate", "StartDate"};
  h.org.pages["CurrencyType"] = {PageOf(
      {R"({"IsoCode":"USD","ConversionRate":1.0,"IsCorporate":true,"LastModifiedDate":"2020-01-01T00:00:00.000+0000"})",
       R"({"IsoCode":"EUR","ConversionRate":0.9,"IsCorporate":false,"LastModifiedDate":"2024-05-01T00:00:00.000+0000"})",
       R"({"IsoCode":"CHF","ConversionRate":0.8,"IsCorporate":false,"LastModifiedDate":"2024-05-01T00:00:00.000+0000"})"})};
  // Two pages of dated rates: nextRecordsUrl is followed.
  h.org.pages["DatedConversionRate"] = {
      PageOf({R"({"IsoCode":"EUR","ConversionRate":0.925,"StartDate":"2024-01-01"})"}),
      PageOf({R"({"IsoCode":"EUR","ConversionRate":0.8,"StartDate":"2024-03-01"})"})};
  h.org.pages["Opportunity"] = {PageOf(
      {R"({"Id":"006A","Amount":925.0,"CurrencyIsoCode":"EUR","CloseDate":"2024-02-15","SystemModstamp":"2024-04-01T10:00:00Z"})",
       R"({"Id":"006B","Amount":800.0,"CurrencyIsoCode":"CHF","CloseDate":"2024-02-15","SystemModstamp":"2024-04-01T10:00:01Z"})",
       R"({"Id":"006C","Amount":50.0,"CurrencyIsoCode":"JPY","CloseDate":"2024-02-15","SystemModstamp":"2024-04-01T10:00:02Z"})",
       R"({"Id":"006D","Amount":800.0,"CurrencyIsoCode":"EUR","CloseDate":"2024-03-15","SystemModstamp":"2024-04-01T10:00:03Z"})"})};
  REQUIRE(h.Open() == TEMPO_OK);
  REQUIRE(h.Read("opportunity") == TEMPO_OK);
  CHECK_THAT(h.org.soql.back(), Catch::Contains("CurrencyIsoCode"));
  const auto& eur = h.host.Row("opportunity", "006A").fields;
  CHECK(eur.at("currency") == "s:EUR");
  CHECK(eur.at("amount_usd") == "r:1000.000000");
  CHECK(eur.at("fx_date") == "s:2024-01-01");
  CHECK(h.host.Row("opportunity", "006D").fields.at("amount_usd") == "r:1000.000000");
  CHECK(h.host.Row("opportunity", "006D").fields.at("fx_date") == "s:2024-03-01");
  CHECK(h.host.Row("opportunity", "006B").fields.at("amount_usd") == "r:1000.000000");
  CHECK(h.host.Row("opportunity", "006B").fields.at("fx_date") == "s:2024-05-01");  // static
  // A currency the org has no rate for: no USD value (the host's store.fx_rates decides).
  CHECK(h.host.Row("opportunity", "006C").fields.count("amount_usd") == 0);
  CHECK(h.host.Row("opportunity", "006C").fields.at("currency") == "s:JPY");
}

// The org adapts: what a profile hides is left out or skipped, unless the config names it.
TEST_CASE("describe: a hidden default field is left out, with one warning") {
  Harness h;
  h.org.hidden["Account"] = {"NumberOfEmployees"};
  h.org.pages["Account"] = {PageOf(
      {R"({"Id":"001A","Name":"Acme","NumberOfEmployees":5,"SystemModstamp":"2024-04-01T10:00:00Z"})"})};
  REQUIRE(h.Open() == TEMPO_OK);
  REQUIRE(h.Read("account") == TEMPO_OK);
  REQUIRE(h.Read("account") == TEMPO_OK);  // same instance: described once, warned once
  REQUIRE(h.org.soql.size() == 2);
  CHECK(h.org.soql[0].find("NumberOfEmployees") == std::string::npos);
  CHECK_THAT(h.org.soql[0], Catch::Contains("AnnualRevenue"));
  CHECK(h.Logged("NumberOfEmployees of Account are not visible") == 1);
  CHECK(h.Requested(kData + "/sobjects") == 1);
  CHECK(h.Requested(kData + "/sobjects/Account/describe") == 1);
  CHECK(h.host.Count("account") == 1);
}

TEST_CASE("describe: an object the user cannot see skips its stream with a warning") {
  Harness h;
  h.org.hidden_objects = {"Partner", "CampaignMember"};
  h.org.pages["Contact"] = {PageOf({kA})};
  REQUIRE(h.Open() == TEMPO_OK);
  for (const char* stream : {"partner", "campaign_member", "contact", "partner"}) {
    INFO(stream);
    // Skipped, not read empty: the host keeps the stream's rows (no full-refresh soft-delete).
    CHECK(h.Read(stream) == (std::string_view(stream) == "contact" ? TEMPO_OK : TEMPO_ERR_SKIPPED));
  }
  CHECK(h.org.soql.size() == 1);  // contact's
  CHECK(h.Logged("the object Partner is not visible") == 1);
  CHECK(h.Logged("the object CampaignMember is not visible") == 1);
  CHECK(h.Requested(kData + "/sobjects/Partner/describe") == 0);  // not listed: not asked
  CHECK(h.host.Count("partner") == 0);
  CHECK(h.host.Count("contact") == 1);
  CHECK(h.host.states.size() == 1);
}

TEST_CASE("describe: a hidden field or object the config names fails the stream, naming it") {
  SECTION("an extra field") {
    Harness h;
    h.org.hidden["Account"] = {"Secret_Score__c"};
    REQUIRE(h.Open(R"(,"extra_fields":{"Account":["Tier__c","Secret_Score__c"]})") == TEMPO_OK);
    CHECK(h.Read("account") == TEMPO_ERR_INVALID_ARGUMENT);
    CHECK_THAT(h.host.error, Catch::Contains("Secret_Score__c") &&
                                 Catch::Contains("stream 'account'") &&
                                 !Catch::Contains("Tier__c"));
    CHECK(h.org.soql.empty());
  }
  SECTION("a partner field") {
    Harness h;
    h.org.hidden["Lead"] = {"Referring_Partner__c"};
    REQUIRE(h.Open(R"(,"lead_partner_field":"Referring_Partner__c")") == TEMPO_OK);
    CHECK(h.Read("lead") == TEMPO_ERR_INVALID_ARGUMENT);
    CHECK_THAT(h.host.error, Catch::Contains("Referring_Partner__c"));
  }
  SECTION("an object") {
    Harness h;
    h.org.hidden_objects = {"Partner"};
    REQUIRE(h.Open(R"(,"fields":{"Partner":["Id","AccountToId"]})") == TEMPO_OK);
    CHECK(h.Read("partner") == TEMPO_ERR_INVALID_ARGUMENT);
    CHECK_THAT(h.host.error, Catch::Contains("the object Partner is not visible") &&
                                 Catch::Contains("the config names it"));
  }
}

TEST_CASE("describe: without describe (404) the configured field lists are queried, as before") {
  Harness h;
  h.org.describe = false;
  h.org.hidden["Account"] = {"NumberOfEmployees"};
  h.org.pages["Contact"] = {PageOf({kA})};
  REQUIRE(h.Open() == TEMPO_OK);
  REQUIRE(h.Read("contact") == TEMPO_OK);
  // The org still refuses a hidden field: a config error naming the stream, with a hint.
  CHECK(h.Read("account") == TEMPO_ERR_INVALID_ARGUMENT);
  CHECK_THAT(h.host.error, Catch::Contains("stream 'account'") &&
                               Catch::Contains("INVALID_FIELD") &&
                               Catch::Contains("NumberOfEmployees") &&
                               Catch::Contains("check the configured fields"));
  CHECK(h.Logged("answered 404") == 1);
  CHECK(h.Requested(kData + "/sobjects") == 1);
  CHECK(h.host.Count("contact") == 1);
}

TEST_CASE("describe: a describe that fails fails the stream") {
  Harness h;
  h.org.fault = [&](const sdk::testing::FakeHttpRequest& r, int) {
    if (r.url.find("/describe") == std::string::npos) {
      return std::optional<sdk::testing::FakeHttpResponse>();
    }
    return std::optional(ScriptedOrg::Error(403, "INSUFFICIENT_ACCESS", "no access"));
  };
  REQUIRE(h.Open() == TEMPO_OK);
  CHECK(h.Read("contact") == TEMPO_ERR_PERMISSION);
  CHECK_THAT(h.host.error, Catch::Contains("stream 'contact' describe Contact") &&
                               Catch::Contains("INSUFFICIENT_ACCESS"));
}

TEST_CASE("check: asks for the org's limits") {
  Harness h;
  REQUIRE(h.Open() == TEMPO_OK);
  CHECK(h.api->check(h.host.ctx(), h.instance) == TEMPO_OK);
  CHECK(h.org.paths == std::vector<std::string>{kData + "/limits"});
  CHECK(h.host.rate_limit_key == "salesforce:login.salesforce.com:id");
  CHECK(h.host.auth_kind == TEMPO_AUTH_OAUTH2_REFRESH_TOKEN);
}

TEST_CASE("read: a record without a valid SystemModstamp is a counted reject, the read goes on") {
  Harness h;
  h.org.pages["Contact"] = {
      PageOf({kA, R"({"Id":"003X","Email":"x@example.com","SystemModstamp":null})", kC})};
  REQUIRE(h.Open() == TEMPO_OK);
  REQUIRE(h.Read("contact") == TEMPO_OK);
  CHECK(h.host.Count("contact") == 2);
  REQUIRE(h.host.kept_rejects.size() == 1);
  CHECK_THAT(h.host.kept_rejects[0].reason,
             Catch::Contains("record 003X has no valid SystemModstamp (the cursor field)"));
  CHECK(h.host.kept_rejects[0].source_id == "003X");
  CHECK_THAT(h.host.kept_rejects[0].raw_record, Catch::Contains("x@example.com"));
  CHECK(h.host.committed_state.find("003C") != std::string::npos);  // the cursor passed it
}

TEST_CASE("read: a mapped field the org no longer shows is written NULL, not left stale") {
  Harness h;
  h.org.hidden["Contact"] = {"Email"};
  h.org.pages["Contact"] = {PageOf({kA})};
  REQUIRE(h.Open() == TEMPO_OK);
  REQUIRE(h.Read("contact") == TEMPO_OK);
  CHECK(h.org.soql.back().find("Email") == std::string::npos);
  CHECK(h.host.Row("contact", "003A").fields.at("email") == "null");
  CHECK(h.host.Row("contact", "003A").fields.at("first_name") == "s:Ann");
}

}  // namespace
}  // namespace tempo::salesforce
