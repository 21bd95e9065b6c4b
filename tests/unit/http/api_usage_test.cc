// A provider's API usage header: Salesforce's Sforce-Limit-Info as documented, its newer form,
// and values that carry no usage.
#include <catch2/catch.hpp>

#include "http/api_usage.h"

namespace tempo::http {
namespace {

void CheckUsage(std::string_view value, int64_t used, int64_t limit) {
  INFO(value);
  std::optional<ApiUsage> u = ParseApiUsage(value);
  REQUIRE(u.has_value());
  CHECK(u->used == used);
  CHECK(u->limit == limit);
}

TEST_CASE("api usage: the first USED/LIMIT pair of a usage header") {
  CheckUsage("api-usage=18/5000", 18, 5000);
  CheckUsage("api-usage=25/15000; api-bursts=1/750", 25, 15000);
  CheckUsage("  api-usage=0/15000", 0, 15000);
  // Digits that are not a pair are skipped ("v2" names no usage).
  CheckUsage("v2 api-usage=7/100", 7, 100);
}

TEST_CASE("api usage: values without a pair, or with numbers too long, carry none") {
  for (std::string_view value :
       {"", "api-usage=", "api-usage=18", "api-usage=18/", "abc/def",
        "api-usage=1234567890123456789/5000", "api-usage=18/1234567890123456789"}) {
    INFO(value);
    CHECK_FALSE(ParseApiUsage(value).has_value());
  }
}

}  // namespace
}  // namespace tempo::http
