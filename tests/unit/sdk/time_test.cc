// tempo/time.hpp: ISO-8601, epoch and HTTP-date parsing and formatting.
#include "tempo/time.hpp"

#include <catch2/catch.hpp>

namespace sdk = tempo::sdk;

TEST_CASE("time: ISO-8601 dates and date-times, with and without offsets") {
  constexpr int64_t kJun30 = 1719705600000;  // 2024-06-30T00:00:00Z
  CHECK(sdk::ParseIsoMs("2024-06-30") == kJun30);
  CHECK(sdk::ParseIsoMs("2024-06-30T00:00:00Z") == kJun30);
  CHECK(sdk::ParseIsoMs("2024-06-30T00:00:00") == kJun30);  // no zone: UTC
  CHECK(sdk::ParseIsoMs("2024-06-30 00:00:00") == kJun30);
  CHECK(sdk::ParseIsoMs("2024-06-30T00:00Z") == kJun30);
  CHECK(sdk::ParseIsoMs("2024-06-30T00:00:00.123Z") == kJun30 + 123);
  CHECK(sdk::ParseIsoMs("2024-06-30T00:00:00.1Z") == kJun30 + 100);
  CHECK(sdk::ParseIsoMs("2024-06-30T00:00:00.123456789Z") == kJun30 + 123);  // truncated
  CHECK(sdk::ParseIsoMs("2024-06-30T02:00:00+02:00") == kJun30);
  CHECK(sdk::ParseIsoMs("2024-06-30T02:00:00.000+0200") == kJun30);  // Salesforce
  CHECK(sdk::ParseIsoMs("2024-06-29T19:00:00-05") == kJun30);
  CHECK(sdk::ParseIsoMs("2024-06-30T00:00:00Z+0000") == kJun30);  // the odd form some APIs send
  CHECK(sdk::ParseIsoMs("1969-12-31T23:59:59.999Z") == -1);
  CHECK(sdk::ParseIsoMs("2024-02-29") == 1709164800000);
  auto t = sdk::ParseIso("2024-06-30");
  REQUIRE(t);
  CHECK_FALSE(t->has_time);
  CHECK_FALSE(t->has_zone);
  t = sdk::ParseIso("2024-06-30T00:00:00+01:00");
  REQUIRE(t);
  CHECK(t->has_time);
  CHECK(t->has_zone);
  for (const char* bad :
       {"", "2024", "2024-6-30", "2024-13-01", "2023-02-29", "2024-06-31", "2024-06-30T24:00:00Z",
        "2024-06-30T00:00:00.Z", "2024-06-30T00:00:00Q", "2024-06-30T00:00:00Z+0100",
        "2024-06-30T00:00:00+2", "June 30", "2024-06-30T00:00:00+02:", "2024-06-30x"}) {
    INFO(bad);
    CHECK_FALSE(sdk::ParseIsoMs(bad));
  }
}

TEST_CASE("time: epoch values, and epoch ms or ISO in one field") {
  CHECK(sdk::ParseEpoch("1719705600000") == 1719705600000);
  CHECK(sdk::ParseEpoch("0") == 0);
  CHECK_FALSE(sdk::ParseEpoch("-1"));
  CHECK_FALSE(sdk::ParseEpoch("12a"));
  CHECK_FALSE(sdk::ParseEpoch("1234567890123456789"));  // 19 digits: not an epoch value
  CHECK(sdk::ParseEpochMsOrIso("1719705600000") == 1719705600000);
  CHECK(sdk::ParseEpochMsOrIso("2024-06-30T00:00:00Z") == 1719705600000);
  CHECK_FALSE(sdk::ParseEpochMsOrIso("yesterday"));
}

TEST_CASE("time: formatting is UTC, at three precisions, without allocating") {
  CHECK(sdk::FormatIso(1719705600123) == "2024-06-30T00:00:00.123Z");
  CHECK(sdk::FormatIso(1719705600123, sdk::IsoPrecision::kSeconds) == "2024-06-30T00:00:00Z");
  CHECK(sdk::FormatIso(1719705600000, sdk::IsoPrecision::kTrimMillis) == "2024-06-30T00:00:00Z");
  CHECK(sdk::FormatIso(1719705600007, sdk::IsoPrecision::kTrimMillis) ==
        "2024-06-30T00:00:00.007Z");
  CHECK(sdk::FormatIso(-1) == "1969-12-31T23:59:59.999Z");
  CHECK(sdk::FormatIso(0) == "1970-01-01T00:00:00.000Z");
  char buf[sdk::kIsoBufferSize];
  CHECK(std::string_view(buf, sdk::FormatIso(951782400000, buf)) == "2000-02-29T00:00:00.000Z");
  // Round trip over four centuries of days, leap years included.
  for (int64_t day = -146097; day <= 146097; day += 97) {
    const int64_t ms = day * sdk::kDayMs + 45296789;  // 12:34:56.789
    INFO(ms);
    REQUIRE(sdk::ParseIsoMs(sdk::FormatIso(ms)) == ms);
  }
}
