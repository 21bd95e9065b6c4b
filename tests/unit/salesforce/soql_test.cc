// soql.h: SOQL text, query URLs, field splitting, Salesforce date-times.
#include "soql.h"

#include <catch2/catch.hpp>

#include <set>
#include <string>
#include <vector>

#include "tempo/time.hpp"

namespace tempo::salesforce {
namespace {

const int64_t kJan1 = *sdk::ParseIsoMs("2024-01-01T00:00:00Z");

TEST_CASE("soql: the keyset resumes strictly after (SystemModstamp, Id), or inclusive") {
  CHECK(BuildSoql("Contact", {"Id", "Email"}, {}) ==
        "SELECT Id, Email FROM Contact ORDER BY SystemModstamp ASC, Id ASC");
  CHECK(BuildSoql("Contact", {"Id"}, {kJan1, "003A"}) ==
        "SELECT Id FROM Contact WHERE SystemModstamp > 2024-01-01T00:00:00Z OR (SystemModstamp = "
        "2024-01-01T00:00:00Z AND Id > '003A') ORDER BY SystemModstamp ASC, Id ASC");
  CHECK(BuildSoql("Contact", {"Id"}, {kJan1 + 120, ""}) ==
        "SELECT Id FROM Contact WHERE SystemModstamp >= 2024-01-01T00:00:00.120Z ORDER BY "
        "SystemModstamp ASC, Id ASC");
  CHECK(BuildSoql("A", {"Id"}, {kJan1, "x'y\\"}).find("Id > 'x\\'y\\\\'") != std::string::npos);
}

TEST_CASE("soql: URL encoding and query URLs") {
  CHECK(UrlEncode("a b+c>=d'") == "a+b%2Bc%3E%3Dd%27");
  CHECK(QueryUrl("https://x.my.salesforce.com/", "62.0", true, "SELECT Id FROM A") ==
        "https://x.my.salesforce.com/services/data/v62.0/queryAll?q=SELECT+Id+FROM+A");
  CHECK(QueryUrl("https://x", "62.0", false, "S") == "https://x/services/data/v62.0/query?q=S");
}

TEST_CASE(
    "soql: a field list too long for one URL is split, every chunk with Id and SystemModstamp") {
  std::vector<std::string> fields = {"Id", "Name", "SystemModstamp"};
  for (int i = 0; i < 40; ++i) fields.push_back("Custom_Field_" + std::to_string(i) + "__c");
  const sdk::Keyset after{kJan1, "003000000000001AAA"};
  auto one = SplitFields("http://h", "62.0", false, "Account", fields, after, 16000);
  REQUIRE(one.size() == 1);
  CHECK(one[0] == fields);  // fits: the configured order, unchanged
  auto split = SplitFields("http://h", "62.0", false, "Account", fields, after, 600);
  REQUIRE(split.size() > 1);
  std::set<std::string> seen;
  for (const auto& chunk : split) {
    CHECK(chunk[0] == "Id");
    CHECK(chunk[1] == "SystemModstamp");
    CHECK(QueryUrl("http://h", "62.0", false, BuildSoql("Account", chunk, after)).size() <= 600);
    seen.insert(chunk.begin(), chunk.end());
  }
  CHECK(seen == std::set<std::string>(fields.begin(), fields.end()));
  CHECK(SplitFields("http://h", "62.0", false, "Account", fields, after, 100).empty());
  // Id and SystemModstamp are added when the list lacks them.
  auto added = SplitFields("http://h", "62.0", false, "Account", {"Name"}, after, 16000);
  CHECK(added == std::vector<std::vector<std::string>>{{"Id", "SystemModstamp", "Name"}});
}

TEST_CASE("soql: Salesforce date-times as ISO-8601 UTC, milliseconds only when not zero") {
  struct Row {
    const char* in;
    const char* out;  // nullptr: refused
  };
  const Row rows[] = {
      {"2024-04-01T12:34:56.000+0000", "2024-04-01T12:34:56Z"},
      {"2024-04-01T12:34:56.120+0000", "2024-04-01T12:34:56.120Z"},
      {"2024-01-01T01:30:00.000+0200", "2023-12-31T23:30:00Z"},
      {"2024-01-01T00:00:00-05:00", "2024-01-01T05:00:00Z"},
      {"2024-01-01T00:00:00Z", "2024-01-01T00:00:00Z"},
      {"2024-01-01T00:00:00.5Z", "2024-01-01T00:00:00.500Z"},
      {"2024-01-01 00:00:00Z", "2024-01-01T00:00:00Z"},
      {"2024-01-01", nullptr},            // a Date, not a DateTime
      {"2024-01-01T00:00:00", nullptr},   // no zone
      {"2024-01-01T00:00Z", nullptr},     // no seconds
      {"2024-02-30T00:00:00Z", nullptr},  // no such day
      {"not a date", nullptr},
      {"", nullptr},
  };
  for (const Row& r : rows) {
    INFO(r.in);
    std::optional<std::string> got = NormalizeDateTime(r.in);
    if (r.out == nullptr) {
      CHECK_FALSE(got);
      CHECK_FALSE(ParseDateTimeMs(r.in));
    } else {
      CHECK(got == std::string(r.out));
      CHECK(ParseDateTimeMs(r.in) == sdk::ParseIsoMs(r.out));
    }
  }
  CHECK(SoqlDateTime(-1) == "1969-12-31T23:59:59.999Z");
}

TEST_CASE("soql: dates, api usage, field names") {
  CHECK(IsDate("2024-03-31"));
  CHECK_FALSE(IsDate("2024-03-31T00:00:00Z"));
  CHECK_FALSE(IsDate("2024-13-01"));
  CHECK(ApiUsage("api-usage=18/5000; api-bursts=1/750") == "18/5000");
  CHECK(ApiUsage("api-usage=18/5000") == "18/5000");
  CHECK(ApiUsage("") == "");
  CHECK(IsSoqlFieldName("Partner_Account__c"));
  CHECK(IsSoqlFieldName("Owner.Name"));
  CHECK_FALSE(IsSoqlFieldName("Name, Id"));
  CHECK_FALSE(IsSoqlFieldName(""));
}

}  // namespace
}  // namespace tempo::salesforce
