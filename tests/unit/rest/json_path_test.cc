// JSON paths: pointers with escapes, dotted names, array indexes, what is missing.
#include <catch2/catch.hpp>

#include "json_path.h"

namespace {

using tempo::rest::Find;
using tempo::rest::JsonPath;
using tempo::rest::ParseJsonPath;
using tempo::rest::ScalarText;

JsonPath Parse(const std::string& text) {
  std::string why;
  std::optional<JsonPath> p = ParseJsonPath(text, &why);
  INFO(why);
  REQUIRE(p);
  return *p;
}

TEST_CASE("json path: pointers and dotted names find the same values") {
  simdjson::dom::parser parser;
  const simdjson::dom::element doc = parser.parse(
      std::string(R"({"data":{"items":[{"id":7},{"id":"x"}],"a/b":1,"m~n":2},"n":null})"));
  CHECK(ScalarText(*Find(doc, Parse("/data/items/1/id"))) == "x");
  CHECK(ScalarText(*Find(doc, Parse("data.items.0.id"))) == "7");
  CHECK(ScalarText(*Find(doc, Parse("/data/a~1b"))) == "1");
  CHECK(ScalarText(*Find(doc, Parse("/data/m~0n"))) == "2");
  CHECK(Find(doc, Parse("data.items"))->is_array());
  CHECK_FALSE(Find(doc, Parse("data.nope")));
  CHECK_FALSE(Find(doc, Parse("data.items.2")));
  CHECK_FALSE(Find(doc, Parse("data.items.x")));
  CHECK(Find(doc, Parse("n"))->is_null());
  CHECK_FALSE(ScalarText(*Find(doc, Parse("n"))));
}

TEST_CASE("json path: what a manifest may not write") {
  std::string why;
  CHECK_FALSE(ParseJsonPath("", &why));
  CHECK_FALSE(ParseJsonPath("a..b", &why));
  CHECK_FALSE(ParseJsonPath(".a", &why));
  CHECK_FALSE(ParseJsonPath("/a/~", &why));
  CHECK_FALSE(ParseJsonPath("/a/~2", &why));
  CHECK_THAT(why, Catch::Contains("followed by 0 (for '~') or 1 (for '/')"));
}

TEST_CASE("json path: scalars as text") {
  simdjson::dom::parser parser;
  const simdjson::dom::element doc =
      parser.parse(std::string(R"({"i":1719705600000,"r":12.5,"b":true,"s":"ok","o":{}})"));
  CHECK(ScalarText(doc["i"]) == "1719705600000");
  CHECK(ScalarText(doc["r"]) == "12.5");
  CHECK(ScalarText(doc["b"]) == "true");
  CHECK(ScalarText(doc["s"]) == "ok");
  CHECK_FALSE(ScalarText(doc["o"]));
}

}  // namespace
