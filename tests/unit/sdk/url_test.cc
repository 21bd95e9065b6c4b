// tempo/url.hpp: which page links a connector may follow (only those on base_url's scheme, host
// and port, so the credentials are never sent anywhere else), links relative to the host, and
// query parameters.
#include "tempo/url.hpp"

#include <catch2/catch.hpp>

namespace xb = tempo::sdk;

TEST_CASE("url: scheme, host and port, default ports, case") {
  const std::string base = "https://api.crossbeam.com";
  CHECK(xb::SameOrigin(base, "https://api.crossbeam.com/v1/partners?page=2"));
  CHECK(xb::SameOrigin(base, "https://API.Crossbeam.com:443/v1/overlaps/accounts?cursor=x"));
  CHECK(xb::SameOrigin("http://127.0.0.1:8080/crossbeam", "http://127.0.0.1:8080/other"));
  CHECK(xb::SameOrigin("http://localhost/x", "http://localhost:80/y"));
  CHECK(xb::SameOrigin("http://[::1]:9/x", "http://[::1]:9/y"));

  CHECK_FALSE(xb::SameOrigin(base, "http://api.crossbeam.com/v1/partners"));        // scheme
  CHECK_FALSE(xb::SameOrigin(base, "https://api.crossbeam.com:8443/v1/partners"));  // port
  CHECK_FALSE(xb::SameOrigin(base, "https://evil.example/v1/partners"));
  CHECK_FALSE(xb::SameOrigin(base, "https://api.crossbeam.com.evil.example/v1"));
  CHECK_FALSE(xb::SameOrigin("http://127.0.0.1:8080/x", "http://localhost:8080/x"));
  CHECK_FALSE(xb::SameOrigin("http://127.0.0.1:8080/x", "http://127.0.0.1:8081/x"));
}

TEST_CASE("url: links that could fool a prefix check are never followed") {
  const std::string base = "https://api.crossbeam.com";
  for (const char* url : {"https://api.crossbeam.com@evil.example/v1/partners",
                          "https://user:pw@api.crossbeam.com/v1/partners",
                          "https://api.crossbeam.com\\@evil.example/", "//api.crossbeam.com/v1",
                          "/v1/partners?page=2", "https://", "https://:443/", "https://host:/x",
                          "https://host:99999/", "https://host:4a3/", "javascript:alert(1)",
                          "https://api.crossbeam.com%2eevil.example/"}) {
    INFO(url);
    CHECK_FALSE(xb::SameOrigin(base, url));
  }
  CHECK_FALSE(xb::ParseOrigin("ftp://api.crossbeam.com"));
  REQUIRE(xb::ParseOrigin("HTTPS://Api.Crossbeam.COM"));
  CHECK(xb::ParseOrigin("HTTPS://Api.Crossbeam.COM")->host == "api.crossbeam.com");
  CHECK(xb::ParseOrigin("HTTPS://Api.Crossbeam.COM")->port == 443);
}

TEST_CASE("url: query parameters, percent-decoded") {
  const std::string href = "https://other.example/v1/overlaps/accounts?limit=2&cursor=eyJ%2Bx%3D&x";
  CHECK(xb::QueryParam(href, "cursor") == "eyJ+x=");
  CHECK(xb::QueryParam(href, "limit") == "2");
  CHECK(xb::QueryParam(href, "x").empty());
  CHECK(xb::QueryParam(href, "page").empty());
  CHECK(xb::QueryParam("https://h/p", "cursor").empty());
}

TEST_CASE("url: a link relative to the host is on base_url's origin, others are not") {
  const std::string base = "http://127.0.0.1:8080/impartner/api/objects/v1";
  CHECK(xb::LinkOnOrigin(base, "/impartner/api/objects/v1/Account?skip=10") ==
        "http://127.0.0.1:8080/impartner/api/objects/v1/Account?skip=10");
  CHECK(xb::LinkOnOrigin(base, "http://127.0.0.1:8080/x?page=2") ==
        "http://127.0.0.1:8080/x?page=2");
  CHECK(xb::LinkOnOrigin("https://api.example.com", "/v2/items") ==
        "https://api.example.com/v2/items");
  for (const char* link : {"//evil.example/x", "page=2", "https://evil.example/x",
                           "http://127.0.0.1:8081/x", "", "/"}) {
    INFO(link);
    CHECK_FALSE(xb::LinkOnOrigin(base, link));
  }
}
