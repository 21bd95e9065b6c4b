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

TEST_CASE("text: PercentEncode keeps only unreserved characters, upper-case hex") {
  CHECK(sdk::PercentEncode("eyJ+a/b=c") == "eyJ%2Ba%2Fb%3Dc");
  CHECK(sdk::PercentEncode("A-z_0.9~") == "A-z_0.9~");
  CHECK(sdk::PercentEncode("a b&c") == "a%20b%26c");
  CHECK(sdk::PercentEncode("\xc3\xa9") == "%C3%A9");  // UTF-8 bytes one by one
  std::string out = "q=";
  sdk::AppendPercentEncoded(out, "x y");
  CHECK(out == "q=x%20y");
}

TEST_CASE("text: NormalizeDomain keeps the host of a domain, URL or e-mail address") {
  CHECK(sdk::NormalizeDomain("https://www.Acme.com:443/about?x=1#top") == "acme.com");
  CHECK(sdk::NormalizeDomain("  WWW.Globex.example. ") == "globex.example");
  CHECK(sdk::NormalizeDomain("sales@Initech.io") == "initech.io");
  CHECK(sdk::NormalizeDomain("http://user@host.example/a@b") == "host.example");
  CHECK(sdk::NormalizeDomain("acme.com") == "acme.com");
  CHECK(sdk::NormalizeDomain("wwwx.com") == "wwwx.com");
  CHECK(sdk::NormalizeDomain("") == "");
}
