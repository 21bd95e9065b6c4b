// Marketo's values into canonical records: the lead fields asked for, CSV rows and leads.json
// results as lead records (null literal, empty fields, partner and acquisition program),
// programs as campaigns (odd dates, period costs), memberships as campaign members.
#include <catch2/catch.hpp>

#include <simdjson.h>

#include <string>
#include <vector>

#include "lead_fields.h"
#include "lead_mapping.h"
#include "program_mapping.h"
#include "tempo/testing/fake_host.hpp"

namespace mk = tempo::marketo;
namespace sdk = tempo::sdk;
using sdk::testing::FakeHost;

namespace {

const std::vector<std::string> kDescribed = {"id",
                                             "email",
                                             "firstName",
                                             "lastName",
                                             "company",
                                             "title",
                                             "address",
                                             "leadStatus",
                                             "leadSource",
                                             "createdAt",
                                             "updatedAt",
                                             "UTM_Source__c",
                                             "acquisitionProgramId",
                                             "referringPartner"};

mk::LeadFields Fields(const std::string& partner = "referringPartner") {
  mk::LeadFields f;
  REQUIRE(mk::ChooseLeadFields(kDescribed, partner, &f).ok());
  return f;
}

// Emits through a fake host and returns what it committed.
struct Emitter {
  FakeHost host;
  sdk::Context ctx{host.ctx()};
  sdk::RecordBatch batch{ctx};
  void Commit() {
    REQUIRE(batch.Flush().ok());
    REQUIRE(ctx.Checkpoint("s", "{}").ok());
  }
};

}  // namespace

TEST_CASE("marketo lead fields: the standard ones, acquisition program, UTM and partner fields") {
  const mk::LeadFields f = Fields();
  CHECK(f.names == std::vector<std::string>{"id", "email", "firstName", "lastName", "company",
                                            "title", "address", "leadStatus", "leadSource",
                                            "createdAt", "updatedAt", "acquisitionProgramId",
                                            "UTM_Source__c", "referringPartner"});
  CHECK(f.acquisition == "acquisitionProgramId");
  CHECK(f.utm == "UTM_Source__c");
  CHECK(f.partner == "referringPartner");
  CHECK(f.ChangeableJoined().find("createdAt") == std::string::npos);
  CHECK(f.ChangeableJoined().find("title") != std::string::npos);

  // An instance without them: no such fields asked for, no columns written.
  mk::LeadFields bare;
  REQUIRE(mk::ChooseLeadFields({"id", "email", "createdAt", "updatedAt"}, "", &bare).ok());
  CHECK(bare.names == std::vector<std::string>{"id", "email", "createdAt", "updatedAt"});
  CHECK(bare.acquisition.empty());
  CHECK(bare.utm.empty());

  mk::LeadFields refused;
  tempo::sdk::Status s = mk::ChooseLeadFields(kDescribed, "partnerName", &refused);
  CHECK(s.code() == TEMPO_ERR_INVALID_ARGUMENT);
  CHECK(s.message().find("'partnerName' is not a lead field") != std::string::npos);
  CHECK(mk::ChooseLeadFields({"email"}, "", &refused).code() == TEMPO_ERR_INVALID_ARGUMENT);

  for (const char* name : {"utmSource", "utm_source", "UTM_Source__c", "UtmSource"}) {
    CHECK(mk::IsUtmSourceField(name));
  }
  for (const char* name : {"utmMedium", "source", "utm_source_detail"}) {
    CHECK(!mk::IsUtmSourceField(name));
  }
}

TEST_CASE("marketo lead mapping: a CSV row, with Marketo's null literal and empty fields") {
  const mk::LeadFields fields = Fields();
  mk::LeadMapper mapper(fields);
  REQUIRE(mapper.SetHeader(fields.names, "t").ok());
  Emitter e;
  // id, email, firstName, lastName, company, title, address, leadStatus, leadSource, createdAt,
  // updatedAt, acquisitionProgramId, UTM_Source__c, referringPartner
  mapper.EmitRow(e.ctx, e.batch,
                 {"318581", "jdoe@marketo.example", "John", "Doe", "Maple Mesa Partners, Inc.",
                  "null", "207 Market St\nSuite 105", "null", "", "2015-05-01T16:47:30Z",
                  "2015-05-07T11:47:30Z", "1003", "partner", "Northwind Consulting"},
                 "window", 42);
  e.Commit();
  const auto& lead = e.host.Row("lead", "318581");
  CHECK(lead.updated_at == "2015-05-07T11:47:30Z");
  CHECK(lead.fields.at("email") == "s:jdoe@marketo.example");
  CHECK(lead.fields.at("company") == "s:Maple Mesa Partners, Inc.");
  CHECK(lead.fields.at("status") == "null");       // the literal null
  CHECK(lead.fields.at("lead_source") == "null");  // an empty field
  CHECK(lead.fields.at("created_at") == "s:2015-05-01T16:47:30Z");
  CHECK(lead.fields.at("campaign_source_id") == "s:1003");
  CHECK(lead.fields.at("utm_source") == "s:partner");
  CHECK(lead.fields.at("partner_source_id") == "s:Northwind Consulting");
  CHECK(lead.raw ==
        R"({"id":"318581","email":"jdoe@marketo.example","firstName":"John","lastName":"Doe",)"
        R"("company":"Maple Mesa Partners, Inc.","title":null,"address":"207 Market St\nSuite )"
        R"(105","leadStatus":null,"leadSource":null,"createdAt":"2015-05-01T16:47:30Z",)"
        R"("updatedAt":"2015-05-07T11:47:30Z","acquisitionProgramId":"1003",)"
        R"("UTM_Source__c":"partner","referringPartner":"Northwind Consulting"})");
}

TEST_CASE("marketo lead mapping: bad rows are rejected whole, naming where") {
  const mk::LeadFields fields = Fields("");
  mk::LeadMapper mapper(fields);
  REQUIRE(mapper.SetHeader({"id", "email", "createdAt", "updatedAt"}, "t").ok());
  Emitter e;
  mapper.EmitRow(e.ctx, e.batch, {"1", "a@x.example", "2024-01-01T00:00:00Z"}, "window", 10);
  mapper.EmitRow(e.ctx, e.batch, {"x1", "a@x.example", "2024-01-01T00:00:00Z", "null"}, "window",
                 20);
  mapper.EmitRow(e.ctx, e.batch, {"2", "b@x.example", "yesterday", "2024-01-01T00:00:00Z"},
                 "window", 30);
  mapper.EmitRow(e.ctx, e.batch, {"3", "c@x.example", "null", "2024-01-01T00:00:00Z"}, "window",
                 40);
  e.Commit();
  REQUIRE(e.host.rejects.size() == 3);
  CHECK(e.host.rejects[0] == "leads window byte 10: 3 fields, expected 4");
  CHECK(e.host.rejects[1].find("id 'x1' is not a Marketo id") != std::string::npos);
  CHECK(e.host.rejects[2].find("createdAt 'yesterday' is not a date") != std::string::npos);
  CHECK(e.host.Count("lead") == 1);
  CHECK(e.host.Row("lead", "3").fields.at("created_at") == "null");
  mk::LeadMapper other(fields);
  CHECK(other.SetHeader({"email", "updatedAt"}, "Marketo x").code() == TEMPO_ERR_DATA);
}

TEST_CASE("marketo lead mapping: a leads.json result keeps its JSON and turns numbers into text") {
  const mk::LeadFields fields = Fields();
  mk::LeadMapper mapper(fields);
  simdjson::dom::parser parser;
  const std::string json =
      R"({"id":318592,"email":"jjdoe@marketo.example","company":null,"leadStatus":"Open",)"
      R"("createdAt":"2015-05-01T16:47:30Z","updatedAt":"2015-05-07T11:47:30Z",)"
      R"("acquisitionProgramId":1035,"referringPartner":""})";
  simdjson::dom::element lead = parser.parse(json);
  Emitter e;
  mapper.EmitJson(e.ctx, e.batch, lead, json, "changes page 1");
  e.Commit();
  const auto& row = e.host.Row("lead", "318592");
  CHECK(row.raw == json);
  CHECK(row.updated_at == "2015-05-07T11:47:30Z");
  CHECK(row.fields.at("company") == "null");
  CHECK(row.fields.at("status") == "s:Open");
  CHECK(row.fields.at("campaign_source_id") == "s:1035");
  CHECK(row.fields.at("partner_source_id") == "null");
  CHECK(row.fields.count("lead_source") == 0);  // not in the result: the column keeps its value
  CHECK(row.fields.count("utm_source") == 0);
}

TEST_CASE("marketo program mapping: name, channel, event dates in the odd form, period costs") {
  simdjson::dom::parser parser;
  const std::string json =
      R"({"id":1035,"name":"Partner Summit","createdAt":"2015-11-18T15:25:35Z+0000",)"
      R"("updatedAt":"2015-11-18T15:25:46Z+0000","type":"Event","channel":"Tradeshow",)"
      R"("startDate":"2016-01-10T16:00:00Z+0000","endDate":"2016-01-12T00:00:00Z+0000",)"
      R"("costs":[{"startDate":"2016-01-01","cost":1200,"note":""},)"
      R"({"startDate":"2016-02-01","cost":300.5,"note":"catering"}]})";
  Emitter e;
  std::string reject;
  REQUIRE(mk::EmitProgram(e.batch, parser.parse(json), json, &reject));
  e.Commit();
  const auto& c = e.host.Row("campaign", "1035");
  CHECK(c.updated_at == "2015-11-18T15:25:46Z");
  CHECK(c.fields.at("name") == "s:Partner Summit");
  CHECK(c.fields.at("channel") == "s:Tradeshow");
  CHECK(c.fields.at("start_at") == "s:2016-01-10T16:00:00Z");
  CHECK(c.fields.at("end_at") == "s:2016-01-12T00:00:00Z");
  CHECK(c.fields.at("cost_usd") == "r:1500.500000");
  CHECK(c.raw == json);

  const std::string plain = R"({"id":"1036","name":"Newsletter","channel":"Email Send",)"
                            R"("updatedAt":"2016-01-01T00:00:00Z+0000"})";
  REQUIRE(mk::EmitProgram(e.batch, parser.parse(plain), "", &reject));
  e.Commit();
  const auto& n = e.host.Row("campaign", "1036");
  CHECK(n.fields.at("start_at") == "null");
  CHECK(n.fields.at("cost_usd") == "null");

  CHECK(!mk::EmitProgram(e.batch, parser.parse(std::string(R"({"name":"x"})")), "", &reject));
  CHECK(!mk::EmitProgram(e.batch, parser.parse(std::string(R"({"id":7,"updatedAt":"soon"})")), "",
                         &reject));
  CHECK(reject.find("updatedAt 'soon' is not a date") != std::string::npos);
  CHECK(!mk::EmitProgram(
      e.batch, parser.parse(std::string(R"({"id":7,"costs":[{"cost":"a lot"}]})")), "", &reject));
  CHECK(mk::NormalizeDate("2015-11-18T15:25:35Z+0000") == "2015-11-18T15:25:35Z");
  CHECK(!mk::NormalizeDate("2015-11-18T15:25:35Z+0100"));
}

TEST_CASE("marketo program mapping: a membership as a campaign member") {
  simdjson::dom::parser parser;
  const std::string json =
      R"({"id":318581,"email":"jdoe@marketo.example","membership":{"progressionStatus":)"
      R"("Attended","acquiredBy":true,"reachedSuccess":true,"membershipDate":)"
      R"("2017-01-31T20:44:56Z","isExhausted":false}})";
  Emitter e;
  std::string reject;
  REQUIRE(mk::EmitMember(e.batch, "1035", parser.parse(json), json, &reject));
  e.Commit();
  const auto& m = e.host.Row("campaign_member", "1035:318581");
  CHECK(m.fields.at("campaign_source_id") == "s:1035");
  CHECK(m.fields.at("lead_source_id") == "s:318581");
  CHECK(m.fields.at("first_touch_at") == "s:2017-01-31T20:44:56Z");
  CHECK(m.fields.at("responded") == "b:1");
  CHECK(m.updated_at == "2017-01-31T20:44:56Z");
  CHECK(!mk::EmitMember(e.batch, "1035", parser.parse(std::string(R"({"id":1})")), "", &reject));
  CHECK(reject == "lead 1: no membership");
}
