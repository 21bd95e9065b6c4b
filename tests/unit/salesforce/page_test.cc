// page.h: decoding query pages, merging the pages of a split query, raw JSON.
#include "page.h"

#include <catch2/catch.hpp>

#include <string>
#include <vector>

namespace tempo::salesforce {
namespace {

Page Parse(std::string_view body) {
  simdjson::ondemand::parser parser;
  Page page;
  sdk::Status s = ParsePage(parser, body, "Salesforce stream 'account'", &page);
  INFO(s.message());
  REQUIRE(s.ok());
  return page;
}

TEST_CASE("page: a query page decodes with its values, without attributes") {
  Page page = Parse(
      R"({"totalSize":2,"done":false,"nextRecordsUrl":"/services/data/v62.0/query/01g-2",)"
      R"("records":[{"attributes":{"type":"Account","url":"/x"},"Id":"001A","Name":"Acme \"A\"",)"
      R"("NumberOfEmployees":120,"AnnualRevenue":1.5e6,"IsPartner":true,"ParentId":null,)"
      R"("Owner":{"attributes":{"type":"User"},"Name":"Ann"}},{"Id":"001B"}]})");
  CHECK_FALSE(page.done);
  CHECK(page.next_url == "/services/data/v62.0/query/01g-2");
  REQUIRE(page.records.size() == 2);
  const Record& r = page.records[0];
  CHECK(r.Get("attributes") == nullptr);
  CHECK(r.Text("Name") == "Acme \"A\"");
  CHECK(r.Get("NumberOfEmployees")->kind == Value::kNumber);
  CHECK(r.Get("NumberOfEmployees")->text == "120");
  CHECK(r.Get("AnnualRevenue")->num == 1.5e6);
  CHECK(r.True("IsPartner"));
  CHECK(r.Get("ParentId")->kind == Value::kNull);
  CHECK(r.Get("Owner")->kind == Value::kOther);
  CHECK(RawJson(r) ==
        R"({"Id":"001A","Name":"Acme \"A\"","NumberOfEmployees":120,"AnnualRevenue":1.5e6,)"
        R"("IsPartner":true,"ParentId":null,"Owner":{"Name":"Ann"}})");
  CHECK(Parse(R"({"done":true,"records":[]})").records.empty());
}

TEST_CASE("page: a body that is not a query page is a Data error naming the stream") {
  const char* bodies[] = {
      "<html>maintenance</html>",
      "",
      R"({"done":true})",                      // no records
      R"({"records":[]})",                     // no done
      R"({"done":false,"records":[]})",        // not done, no next page
      R"({"done":true,"records":[{"Id":"1")",  // cut short
  };
  for (const char* body : bodies) {
    INFO(body);
    simdjson::ondemand::parser parser;
    Page page;
    sdk::Status s = ParsePage(parser, body, "Salesforce stream 'account'", &page);
    CHECK(s.code() == TEMPO_ERR_DATA);
    CHECK_THAT(s.message(), Catch::Contains("stream 'account'"));
    CHECK(page.records.empty());
  }
}

TEST_CASE("page: the chunks of a split field list merge by Id") {
  std::vector<Page> parts = {
      Parse(R"({"done":true,"records":[{"Id":"001A","SystemModstamp":"t1","Name":"A"},)"
            R"({"Id":"001B","SystemModstamp":"t2","Name":"B"}]})"),
      Parse(R"({"done":true,"records":[{"Id":"001B","SystemModstamp":"t2","Custom__c":2},)"
            R"({"Id":"001A","SystemModstamp":"t1","Custom__c":1}]})"),
  };
  REQUIRE(MergeChunks(parts, "Salesforce stream 'account'").ok());
  CHECK(RawJson(parts[0].records[0]) ==
        R"({"Id":"001A","SystemModstamp":"t1","Name":"A","Custom__c":1})");
  CHECK(RawJson(parts[0].records[1]) ==
        R"({"Id":"001B","SystemModstamp":"t2","Name":"B","Custom__c":2})");
}

TEST_CASE("page: split queries that disagree are a Data error") {
  std::vector<Page> parts = {
      Parse(R"({"done":true,"records":[{"Id":"001A"}]})"),
      Parse(R"({"done":true,"records":[{"Id":"001A"},{"Id":"001B"}]})"),
  };
  sdk::Status s = MergeChunks(parts, "Salesforce stream 'account'");
  CHECK(s.code() == TEMPO_ERR_DATA);
  CHECK_THAT(s.message(), Catch::Contains("split queries"));
  std::vector<Page> done_differs = {Parse(R"({"done":true,"records":[]})"),
                                    Parse(R"({"done":false,"nextRecordsUrl":"/n","records":[]})")};
  CHECK_FALSE(MergeChunks(done_differs, "x").ok());
}

}  // namespace
}  // namespace tempo::salesforce
