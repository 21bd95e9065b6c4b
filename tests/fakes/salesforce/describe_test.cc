// The fake Salesforce's metadata over real HTTP: describeGlobal and describe list exactly what
// its queries serve; a restricted org (salesforce_profile.h) hides objects and fields from both
// and answers as Salesforce does; the profile is chosen by option, scenario, control API and
// the tempo-fakeapi command line.
#include <signal.h>
#include <stdlib.h>

#include <filesystem>
#include <fstream>
#include <thread>
#include <vector>

#include "fakes/core/scenario.h"
#include "fakes/salesforce/describe.h"
#include "fakes/salesforce/provider_salesforce.h"
#include "fakes/salesforce/salesforce_profile.h"
#include "fakes/salesforce/salesforce_test_util.h"
#include "support/process.h"

namespace tempo::fakes {
namespace {

using testing::Bearer;
using testing::ClientFor;
using testing::DescribePath;
using testing::Json;
using testing::Login;
using testing::QueryPath;
using testing::StartServer;
using testing::Str;

constexpr const char* kSObjects = "/salesforce/services/data/v62.0/sobjects";
constexpr const char* kRestricted = "Account.NumberOfEmployees,Partner,CampaignMember";
constexpr const char* kNotFound =
    R"([{"message":"The requested resource does not exist","errorCode":"NOT_FOUND"}])";

std::vector<std::string> Names(simdjson::dom::element array) {
  std::vector<std::string> names;
  for (auto e : array.get_array()) names.push_back(Str(e["name"]));
  return names;
}

std::vector<std::string> DefinedFields(const SfObjectDef& object) {
  std::vector<std::string> names;
  for (const SfFieldDef& f : object.fields) names.emplace_back(f.name);
  return names;
}

// The element of `fields` named `name` (the test fails when there is none).
simdjson::dom::element FieldNamed(simdjson::dom::element fields, std::string_view name) {
  for (auto f : fields.get_array()) {
    if (Str(f["name"]) == name) return f;
  }
  FAIL("no field " << name);
  return {};
}

// A 400 query's single error: {errorCode, message}.
std::pair<std::string, std::string> QueryError(httplib::Client& client, const std::string& token,
                                               const std::string& path) {
  auto res = client.Get(path.c_str(), Bearer(token));
  REQUIRE(res);
  CHECK(res->status == 400);
  Json json(res->body);
  REQUIRE(json.ok);
  REQUIRE(json.root.get_array().size() == 1);
  return {Str(json.root.at(0)["errorCode"]), Str(json.root.at(0)["message"])};
}

const std::string kNoSuchColumn =
    "No such column 'NumberOfEmployees' on entity 'Account'. If you are attempting to use a "
    "custom field, be sure to append the '__c' after the custom field name. Please reference "
    "your WSDL or the describe call for the appropriate names.";

TEST_CASE("Salesforce describeGlobal lists every served object, and each describe URL works") {
  FakeApiOptions options;
  options.dataset.scale = 20;
  options.dataset.currencies = true;  // a multi-currency org: its rate objects too
  auto server = StartServer(options);
  auto client = ClientFor(*server);
  const std::string token = Login(*client, *server);
  CHECK(client->Get(kSObjects, Bearer("bogus"))->status == 401);

  auto res = client->Get(kSObjects, Bearer(token));
  REQUIRE(res);
  REQUIRE(res->status == 200);
  CHECK(res->get_header_value("Sforce-Limit-Info").starts_with("api-usage="));
  Json json(res->body);
  REQUIRE(json.ok);
  CHECK(Str(json.root["encoding"]) == "UTF-8");
  CHECK(json.root["maxBatchSize"].get_int64().value() == 200);
  std::vector<std::string> expected;
  for (const SfObjectDef* o : AllSfObjects()) expected.emplace_back(o->name);
  CHECK(Names(json.root["sobjects"]) == expected);
  for (auto o : json.root["sobjects"].get_array()) {
    INFO(Str(o["name"]));
    CHECK(o["queryable"].get_bool().value());
    CHECK(o["retrieveable"].get_bool().value());
    CHECK_FALSE(o["custom"].get_bool().value());
    CHECK(Str(o["keyPrefix"]) == FindSfObject(Str(o["name"]))->key_prefix);
    auto describe =
        client->Get(("/salesforce" + Str(o["urls"]["describe"])).c_str(), Bearer(token));
    REQUIRE(describe);
    CHECK(describe->status == 200);
  }
  auto account = json.root["sobjects"].at(0);
  CHECK(Str(account["label"]) == "Account");
  CHECK(Str(account["labelPlural"]) == "Accounts");
  CHECK(account["searchable"].get_bool().value());
  CHECK(Str(account["urls"]["sobject"]) == "/services/data/v62.0/sobjects/Account");
  auto opportunity = json.root["sobjects"].at(2);
  CHECK(Str(opportunity["labelPlural"]) == "Opportunities");
  CHECK(Str(json.root["sobjects"].at(3)["label"]) == "Opportunity Partner");
  CHECK_FALSE(json.root["sobjects"].at(7)["searchable"].get_bool().value());  // CampaignMember
}

TEST_CASE("Salesforce describe lists exactly the fields a query selects, with their types") {
  FakeApiOptions options;
  options.dataset.scale = 60;
  options.dataset.currencies = true;  // a multi-currency org: its rate objects too
  auto server = StartServer(options);
  auto client = ClientFor(*server);
  const std::string token = Login(*client, *server);

  for (const SfObjectDef* object : AllSfObjects()) {
    INFO(object->name);
    auto res = client->Get(DescribePath(object->name).c_str(), Bearer(token));
    REQUIRE(res);
    REQUIRE(res->status == 200);
    Json describe(res->body);
    REQUIRE(describe.ok);
    CHECK(Str(describe.root["name"]) == object->name);
    const std::vector<std::string> fields = Names(describe.root["fields"]);
    REQUIRE(fields == DefinedFields(*object));
    // Every described field can be selected, and a field describe calls non-nillable is never
    // null in the data.
    std::string soql = "SELECT ";
    for (size_t i = 0; i < fields.size(); ++i) soql += (i ? ", " : "") + fields[i];
    soql += " FROM " + std::string(object->name) + " LIMIT 200";
    auto rows = client->Get(QueryPath(soql, true).c_str(), Bearer(token));
    REQUIRE(rows);
    REQUIRE(rows->status == 200);
    Json page(rows->body);
    REQUIRE(page.ok);
    REQUIRE(page.root["records"].get_array().size() > 0);
    for (auto record : page.root["records"].get_array()) {
      std::vector<std::string> keys;
      for (auto [key, value] : record.get_object()) {
        if (key != "attributes") keys.emplace_back(key);
      }
      CHECK(keys == fields);
      for (auto field : describe.root["fields"].get_array()) {
        if (field["nillable"].get_bool().value()) continue;
        INFO(Str(field["name"]));
        CHECK_FALSE(record[Str(field["name"])].is_null());
      }
    }
    for (auto field : describe.root["fields"].get_array()) {
      const SfFieldDef& def = object->fields[SfFieldIndex(*object, Str(field["name"]))];
      CHECK(Str(field["type"]) == def.type);
      CHECK(field["referenceTo"].get_array().size() == (def.reference_to.empty() ? 0u : 1u));
    }
  }

  auto res = client->Get(DescribePath("account").c_str(), Bearer(token));  // case-insensitive
  REQUIRE(res);
  REQUIRE(res->status == 200);
  Json account(res->body);
  REQUIRE(account.ok);
  CHECK(Str(account.root["name"]) == "Account");
  simdjson::dom::element fields = account.root["fields"].value();
  auto id = FieldNamed(fields, "Id");
  CHECK(Str(id["type"]) == "id");
  CHECK(Str(id["label"]) == "Account ID");
  CHECK(id["length"].get_int64().value() == 18);
  CHECK_FALSE(id["nillable"].get_bool().value());
  CHECK_FALSE(id["permissionable"].get_bool().value());
  CHECK(id["idLookup"].get_bool().value());
  auto name = FieldNamed(fields, "Name");
  CHECK(name["nameField"].get_bool().value());
  CHECK_FALSE(name["nillable"].get_bool().value());  // required
  CHECK_FALSE(name["permissionable"].get_bool().value());
  auto employees = FieldNamed(fields, "NumberOfEmployees");
  CHECK(Str(employees["label"]) == "Number Of Employees");
  CHECK(Str(employees["soapType"]) == "xsd:int");
  CHECK(employees["nillable"].get_bool().value());
  CHECK(employees["permissionable"].get_bool().value());
  auto owner = FieldNamed(fields, "OwnerId");
  CHECK(Str(owner["label"]) == "Owner ID");
  CHECK(Str(owner["referenceTo"].at(0)) == "User");
  CHECK(Str(owner["relationshipName"]) == "Owner");
  CHECK(FieldNamed(fields, "Website")["relationshipName"].is_null());
  auto revenue = FieldNamed(fields, "AnnualRevenue");
  CHECK(revenue["precision"].get_int64().value() == 18);
  CHECK(revenue["scale"].get_int64().value() == 2);
  auto tier = FieldNamed(fields, "Partner_Tier__c");
  CHECK(tier["custom"].get_bool().value());
  CHECK(Str(tier["label"]) == "Partner Tier");
  CHECK_FALSE(FieldNamed(fields, "Industry")["custom"].get_bool().value());

  res = client->Get(DescribePath("Lead").c_str(), Bearer(token));
  REQUIRE(res);
  Json lead(res->body);
  REQUIRE(lead.ok);
  auto referrer = FieldNamed(lead.root["fields"], "Referring_Partner__c");
  CHECK(Str(referrer["referenceTo"].at(0)) == "Account");
  CHECK(Str(referrer["relationshipName"]) == "Referring_Partner__r");

  res = client->Get(DescribePath("Nope").c_str(), Bearer(token));
  REQUIRE(res);
  CHECK(res->status == 404);
  CHECK(res->body == kNotFound);
}

TEST_CASE(
    "a restricted org hides objects and fields from describe and answers queries as Salesforce") {
  FakeApiOptions options;
  options.dataset.scale = 20;
  options.salesforce_hidden = kRestricted;
  auto server = StartServer(options);
  auto client = ClientFor(*server);
  const std::string token = Login(*client, *server);

  auto res = client->Get(kSObjects, Bearer(token));
  REQUIRE(res);
  Json global(res->body);
  REQUIRE(global.ok);
  CHECK(Names(global.root["sobjects"]) ==
        std::vector<std::string>{"Account", "Contact", "Opportunity", "OpportunityPartner", "Lead",
                                 "Campaign"});
  for (const char* hidden : {"Partner", "CampaignMember", "campaignmember"}) {
    res = client->Get(DescribePath(hidden).c_str(), Bearer(token));
    REQUIRE(res);
    CHECK(res->status == 404);
    CHECK(res->body == kNotFound);
  }
  res = client->Get(DescribePath("Account").c_str(), Bearer(token));
  REQUIRE(res);
  Json account(res->body);
  REQUIRE(account.ok);
  std::vector<std::string> expected = DefinedFields(*FindSfObject("Account"));
  std::erase(expected, "NumberOfEmployees");
  CHECK(Names(account.root["fields"]) == expected);

  // A hidden field, wherever the query names it: INVALID_FIELD, pointing at it.
  auto [code, message] =
      QueryError(*client, token, QueryPath("SELECT Id, NumberOfEmployees FROM Account"));
  CHECK(code == "INVALID_FIELD");
  CHECK(message ==
        "\nSELECT Id, NumberOfEmployees FROM Account\n           ^\nERROR at Row:1:Column:12\n" +
            kNoSuchColumn);
  std::tie(code, message) = QueryError(
      *client, token, QueryPath("SELECT Id\nFROM Account\nWHERE numberofemployees > 10", true));
  CHECK(code == "INVALID_FIELD");
  CHECK(
      message.starts_with("\nWHERE numberofemployees > 10\n      ^\nERROR at Row:3:Column:7\n"
                          "No such column 'numberofemployees' on entity 'Account'."));
  std::tie(code, message) = QueryError(
      *client, token, QueryPath("SELECT COUNT() FROM Account ORDER BY NumberOfEmployees"));
  CHECK(code == "INVALID_FIELD");
  // A hidden object: INVALID_TYPE, for query, queryAll and COUNT().
  std::tie(code, message) = QueryError(*client, token, QueryPath("SELECT Id FROM Partner"));
  CHECK(code == "INVALID_TYPE");
  CHECK(message ==
        "\nSELECT Id FROM Partner\n               ^\nERROR at Row:1:Column:16\nsObject type "
        "'Partner' is not supported. If you are attempting to use a custom object, be sure to "
        "append the '__c' after the entity name. Please reference your WSDL or the describe "
        "call for the appropriate names.");
  CHECK(QueryError(*client, token, QueryPath("SELECT Id FROM Partner", true)).first ==
        "INVALID_TYPE");
  CHECK(QueryError(*client, token, QueryPath("SELECT COUNT() FROM CampaignMember")).first ==
        "INVALID_TYPE");
  // Everything else still answers.
  for (const char* soql : {"SELECT Id, Name, Industry, AnnualRevenue FROM Account",
                           "SELECT Id, OpportunityId, AccountToId FROM OpportunityPartner",
                           "SELECT Id, Name FROM Lead LIMIT 1"}) {
    INFO(soql);
    auto ok = client->Get(QueryPath(soql).c_str(), Bearer(token));
    REQUIRE(ok);
    CHECK(ok->status == 200);
  }
}

TEST_CASE("the Salesforce profile: its list, the scenario setting and the control API") {
  SECTION("the hidden list names objects and fields, checked against the org") {
    Result<SfProfile> profile = SfProfile::Parse(" partner , account.numberofemployees ,,");
    REQUIRE(profile.ok());
    CHECK(profile->HiddenObjects() == std::vector<std::string>{"Partner"});
    CHECK(profile->HiddenFields() == std::vector<std::string>{"Account.NumberOfEmployees"});
    CHECK_FALSE(profile->Sees(*FindSfObject("Partner")));
    CHECK(profile->Sees(*FindSfObject("Account")));
    REQUIRE(SfProfile::Parse("").ok());
    CHECK(SfProfile::Parse("")->HiddenObjects().empty());
    const std::pair<const char*, const char*> bad[] = {
        {"Acount", "no sObject 'Acount'"},
        {"Account.Nope", "Account has no field 'Nope'"},
        {"Account.Name", "field-level security cannot hide Account.Name"},
        {"Contact.Id", "cannot hide Contact.Id"},
        {"Lead.SystemModstamp", "cannot hide Lead.SystemModstamp"},
        {"Opportunity.OwnerId", "cannot hide Opportunity.OwnerId"},
    };
    for (const auto& [list, expected] : bad) {
      INFO(list);
      Result<SfProfile> p = SfProfile::Parse(list);
      REQUIRE_FALSE(p.ok());
      CHECK_THAT(p.status().message(), Catch::Contains(expected));
    }
  }

  SECTION("the scenario's server salesforce_hidden, refused at start when wrong") {
    Result<Scenario> scenario =
        ParseScenario(std::string("server salesforce_hidden=") + kRestricted + "\n");
    REQUIRE(scenario.ok());
    FakeApiOptions options;
    REQUIRE(ApplySettings(scenario->settings, options).ok());
    CHECK(options.salesforce_hidden == kRestricted);
    Result<Scenario> json = ParseScenario(R"({"server": {"salesforce_hidden": "Partner"}})");
    REQUIRE(json.ok());
    REQUIRE(ApplySettings(json->settings, options).ok());
    CHECK(options.salesforce_hidden == "Partner");
    options.salesforce_hidden = "Account.Nmae";
    Result<std::unique_ptr<FakeApiServer>> refused = FakeApiServer::Start(options);
    REQUIRE_FALSE(refused.ok());
    CHECK_THAT(refused.status().message(), Catch::Contains("Account has no field 'Nmae'"));
  }

  SECTION("the control API and the in-process call change it while the server runs") {
    FakeApiOptions options;
    options.dataset.scale = 20;
    auto server = StartServer(options);
    auto client = ClientFor(*server);
    const std::string token = Login(*client, *server);
    auto profile = [&] {
      auto res = client->Get("/_admin/salesforce/profile");
      REQUIRE(res);
      REQUIRE(res->status == 200);
      return res->body;
    };
    CHECK(profile() == R"({"hidden_objects":[],"hidden_fields":[]})");
    const std::string title = QueryPath("SELECT Id, Title FROM Contact LIMIT 1");
    CHECK(client->Get(title.c_str(), Bearer(token))->status == 200);

    auto res =
        client->Post("/_admin/salesforce/profile?hidden=Contact.Title,Lead", "", "text/plain");
    REQUIRE(res);
    CHECK(res->status == 200);
    CHECK(res->body == R"({"hidden_objects":["Lead"],"hidden_fields":["Contact.Title"]})");
    CHECK(QueryError(*client, token, title).first == "INVALID_FIELD");
    CHECK(client->Get(DescribePath("Lead").c_str(), Bearer(token))->status == 404);

    res = client->Post("/_admin/salesforce/profile?hidden=Contact.LastName", "", "text/plain");
    REQUIRE(res);
    CHECK(res->status == 400);
    CHECK_THAT(res->body, Catch::Contains("cannot hide Contact.LastName"));
    CHECK(profile() == R"({"hidden_objects":["Lead"],"hidden_fields":["Contact.Title"]})");

    REQUIRE(client->Post("/_admin/salesforce/profile", "", "text/plain")->status == 200);
    CHECK(profile() == R"({"hidden_objects":[],"hidden_fields":[]})");
    CHECK(client->Get(title.c_str(), Bearer(token))->status == 200);

    REQUIRE(server->salesforce().SetHidden("Contact.Title").ok());
    CHECK(QueryError(*client, token, title).first == "INVALID_FIELD");
    CHECK_FALSE(server->salesforce().SetHidden("Contact.Titel").ok());
    CHECK(server->salesforce().profile()->HiddenFields() ==
          std::vector<std::string>{"Contact.Title"});
  }
}

TEST_CASE("tempo-fakeapi --salesforce-hidden starts a restricted org, and refuses unknown names") {
  std::string dir = (std::filesystem::temp_directory_path() / "tempo_fakeapi_XXXXXX").string();
  REQUIRE(mkdtemp(dir.data()) != nullptr);
  const std::string binary = std::string(TEMPO_BINARY_DIR) + "/bin/tempo-fakeapi";
  const pid_t pid = tempo::testing::StartProcess(
      {binary, "--scale", "10", "--salesforce-hidden", kRestricted}, dir + "/out", dir + "/err");
  std::string first_line;
  for (int i = 0; i < 500 && first_line.empty(); ++i) {
    std::ifstream in(dir + "/out");
    std::getline(in, first_line);
    if (first_line.empty()) std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  REQUIRE(first_line.starts_with("listening on http://127.0.0.1:"));
  httplib::Client client("127.0.0.1", std::stoi(first_line.substr(first_line.rfind(':') + 1)));
  auto res = client.Get("/_admin/salesforce/profile");
  REQUIRE(res);
  CHECK(
      res->body ==
      R"({"hidden_objects":["Partner","CampaignMember"],"hidden_fields":["Account.NumberOfEmployees"]})");
  REQUIRE(kill(pid, SIGTERM) == 0);
  CHECK(tempo::testing::WaitProcess(pid, dir + "/out", dir + "/err").exit_code == 0);

  tempo::testing::ProcessResult bad =
      tempo::testing::RunProcess({binary, "--salesforce-hidden", "Acount"}, dir);
  CHECK(bad.exit_code == 2);
  CHECK_THAT(bad.err, Catch::Contains("no sObject 'Acount'"));
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace tempo::fakes
