// The salesforce connector's SOQL text, query URLs and value formats (soql.h): the keyset
// query, URL encoding, splitting a field list too long for one URL, date-times, API usage, and
// the cursor a completed read hands on.
#include <cstdint>
#include <set>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "soql.h"

TEST_CASE("salesforce: SOQL keyset, URL encoding, field splitting and date-times") {
  using namespace tempo::salesforce;
  CHECK(BuildSoql("Contact", {"Id", "Email"}, {}) ==
        "SELECT Id, Email FROM Contact ORDER BY SystemModstamp ASC, Id ASC");
  CHECK(BuildSoql("Contact", {"Id"}, {"2024-01-01T00:00:00Z", "003A"}) ==
        "SELECT Id FROM Contact WHERE SystemModstamp > 2024-01-01T00:00:00Z OR (SystemModstamp = "
        "2024-01-01T00:00:00Z AND Id > '003A') ORDER BY SystemModstamp ASC, Id ASC");
  CHECK(UrlEncode("a b+c>=d'") == "a+b%2Bc%3E%3Dd%27");
  CHECK(QueryUrl("https://x.my.salesforce.com/", "62.0", true, "SELECT Id FROM A") ==
        "https://x.my.salesforce.com/services/data/v62.0/queryAll?q=SELECT+Id+FROM+A");

  std::vector<std::string> fields = {"Id", "Name", "SystemModstamp"};
  for (int i = 0; i < 40; ++i) fields.push_back("Custom_Field_" + std::to_string(i) + "__c");
  Cursor cursor{"2024-01-01T00:00:00Z", "003000000000001AAA"};
  auto one = SplitFields("http://h", "62.0", false, "Account", fields, cursor, 16000);
  REQUIRE(one.size() == 1);
  CHECK(one[0] == fields);  // fits: the configured order, unchanged
  auto split = SplitFields("http://h", "62.0", false, "Account", fields, cursor, 600);
  REQUIRE(split.size() > 1);
  std::set<std::string> seen;
  for (const auto& chunk : split) {
    CHECK(chunk[0] == "Id");
    CHECK(chunk[1] == "SystemModstamp");
    CHECK(QueryUrl("http://h", "62.0", false, BuildSoql("Account", chunk, cursor)).size() <= 600);
    seen.insert(chunk.begin(), chunk.end());
  }
  CHECK(seen == std::set<std::string>(fields.begin(), fields.end()));
  CHECK(SplitFields("http://h", "62.0", false, "Account", fields, cursor, 100).empty());

  CHECK(NormalizeDateTime("2024-04-01T12:34:56.000+0000") == "2024-04-01T12:34:56Z");
  CHECK(NormalizeDateTime("2024-04-01T12:34:56.120+0000") == "2024-04-01T12:34:56.120Z");
  CHECK(NormalizeDateTime("2024-01-01T01:30:00.000+0200") == "2023-12-31T23:30:00Z");
  CHECK(NormalizeDateTime("2024-01-01T00:00:00-05:00") == "2024-01-01T05:00:00Z");
  CHECK(!NormalizeDateTime("2024-01-01"));
  CHECK(!NormalizeDateTime("not a date"));
  CHECK(IsDate("2024-03-31"));
  CHECK(ApiUsage("api-usage=18/5000; api-bursts=1/750") == "18/5000");
  CHECK(ApiUsage("api-usage=18/5000") == "18/5000");
}

TEST_CASE("salesforce: the hand-over cursor never passes the read's start") {
  using tempo::salesforce::Cursor;
  using tempo::salesforce::HandOverCursor;
  const int64_t start = 1719705600000;  // 2024-06-30T00:00:00.000Z
  // Read up to a key before the start: kept, keyset (id) included.
  Cursor before = HandOverCursor({"2024-06-29T23:59:59Z", "003A"}, start);
  CHECK(before.modstamp == "2024-06-29T23:59:59Z");
  CHECK(before.id == "003A");
  // At or past the start: the start, inclusive (no id).
  for (const char* at :
       {"2024-06-30T00:00:00.000Z", "2024-06-30T00:00:00Z", "2024-07-01T10:00:00.000+0000"}) {
    Cursor c = HandOverCursor({at, "003B"}, start);
    CHECK(c.modstamp == "2024-06-30T00:00:00.000Z");
    CHECK(c.id.empty());
  }
  // Nothing read: the start.
  CHECK(HandOverCursor({}, start).modstamp == "2024-06-30T00:00:00.000Z");
  CHECK(tempo::salesforce::FormatDateTimeMs(-1) == "1969-12-31T23:59:59.999Z");
}
