// The Link header's rel="next", however a server writes it.
#include <catch2/catch.hpp>

#include "link_header.h"

namespace {

using tempo::rest::NextLink;

TEST_CASE("link header: the next link among others, quoted or not, any case") {
  CHECK(
      NextLink(
          R"(<https://a.example/x?page=2>; rel="next", <https://a.example/x?page=9>; rel="last")") ==
      "https://a.example/x?page=2");
  CHECK(
      NextLink(
          R"(<https://a.example/x?page=1>; rel="prev", <https://a.example/x?page=3>; rel=next)") ==
      "https://a.example/x?page=3");
  CHECK(NextLink(R"(<https://a.example/x?a=1,2>; title="a, b"; rel="Next last")") ==
        "https://a.example/x?a=1,2");
  CHECK(NextLink(R"(</items?page=2>; rel="next")") == "/items?page=2");
}

TEST_CASE("link header: no next link") {
  CHECK_FALSE(NextLink(""));
  CHECK_FALSE(NextLink(R"(<https://a.example/x?page=1>; rel="prev")"));
  CHECK_FALSE(NextLink(R"(<https://a.example/x?page=2>; rel="nextish")"));
  CHECK_FALSE(NextLink("garbage"));
}

}  // namespace
