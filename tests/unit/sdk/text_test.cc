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

TEST_CASE("text: FindInvalidUtf8 gives the line and column of the first byte that is not UTF-8") {
  CHECK_FALSE(sdk::FindInvalidUtf8("").has_value());
  CHECK_FALSE(sdk::FindInvalidUtf8("caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80\n").has_value());
  auto at = sdk::FindInvalidUtf8("ab\ncaf\xe9\n");  // Latin-1
  REQUIRE(at.has_value());
  CHECK(at->line == 2);
  CHECK(at->column == 4);
  at = sdk::FindInvalidUtf8("\xc3\xa9\xc0\xaf");  // an overlong '/'
  REQUIRE(at.has_value());
  CHECK(at->column == 2);  // columns count characters: the e-acute is one
  CHECK(sdk::FindInvalidUtf8("\xed\xa0\x80").has_value());      // a surrogate
  CHECK(sdk::FindInvalidUtf8("\xf4\x90\x80\x80").has_value());  // above U+10FFFF
  CHECK(sdk::FindInvalidUtf8("ok\xe2\x82").has_value());        // cut short
}
