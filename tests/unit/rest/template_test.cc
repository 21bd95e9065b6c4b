// Templates: {{ config.KEY }} references expanded from the connection's values; a reference to
// a key that is not set leaves the value out.
#include <catch2/catch.hpp>

#include "template.h"

namespace {

using tempo::rest::Template;

TEST_CASE("template: literal text and config references") {
  std::string why;
  auto t = Template::Parse("prm-key {{ config.api_key }}/{{config.x_1}}", &why);
  REQUIRE(t);
  CHECK(t->Keys() == std::vector<std::string>{"api_key", "x_1"});
  CHECK(t->Expand({{"api_key", "K"}, {"x_1", "2"}}) == "prm-key K/2");
  CHECK_FALSE(t->Expand({{"api_key", "K"}}));
  auto literal = Template::Parse("250", &why);
  REQUIRE(literal);
  CHECK(literal->Keys().empty());
  CHECK(literal->Expand({}) == "250");
}

TEST_CASE("template: what is not a reference") {
  std::string why;
  CHECK_FALSE(Template::Parse("{{ config.key", &why));
  CHECK_THAT(why, Catch::Contains("without its '}}'"));
  CHECK_FALSE(Template::Parse("{{ env.HOME }}", &why));
  CHECK_THAT(why, Catch::Contains("a reference is {{ config.KEY }}"));
  CHECK_FALSE(Template::Parse("{{ config.Key }}", &why));
  CHECK_FALSE(Template::Parse("{{ config. }}", &why));
}

}  // namespace
