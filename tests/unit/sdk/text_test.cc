// tempo/text.hpp: ASCII case folding.
#include "tempo/text.hpp"

#include <catch2/catch.hpp>

namespace sdk = tempo::sdk;

TEST_CASE("text: ASCII case folding, independent of the locale") {
  CHECK(sdk::ToLower("ClosedWon-ÄB") == "closedwon-Äb");  // non-ASCII bytes kept as they are
  CHECK(sdk::EqualsNoCase("NewBusiness", "newbusiness"));
  CHECK_FALSE(sdk::EqualsNoCase("NewBusiness", "newbusines"));
  CHECK(sdk::EndsWithNoCase("partners.CSV", ".csv"));
  CHECK_FALSE(sdk::EndsWithNoCase("csv", ".csv"));
  static_assert(sdk::EqualsNoCase("A", "a"));
}
