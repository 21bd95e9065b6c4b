// Where a URL points, for the one rule that keeps the token at home: the connector follows a
// page link (next_href) only when it is on the configured base_url's scheme, host and port, and
// otherwise continues with the page's cursor against the configured host. Pure functions
// (tests/unit/crossbeam/origin_test.cc).
#ifndef TEMPO_PLUGINS_CONNECTORS_CROSSBEAM_ORIGIN_H_
#define TEMPO_PLUGINS_CONNECTORS_CROSSBEAM_ORIGIN_H_

#include <optional>
#include <string>
#include <string_view>

namespace tempo::crossbeam {

struct Origin {
  std::string scheme;  // "http" | "https" (lower case)
  std::string host;    // lower case; an IPv6 literal keeps its brackets
  int port = 0;        // explicit, or the scheme's default (80, 443)
  friend bool operator==(const Origin& a, const Origin& b) {
    return a.scheme == b.scheme && a.host == b.host && a.port == b.port;
  }
};

// The origin of an absolute http(s) URL; nullopt for anything else, and for a URL with user
// information ("https://api.crossbeam.com@elsewhere.example/"), an empty or odd host, or a bad
// port: such a link is never followed.
std::optional<Origin> ParseOrigin(std::string_view url);

// True when `url` has the same scheme, host and port as `base_url`.
bool SameOrigin(std::string_view base_url, std::string_view url);

// The value of query parameter `name` of `url`, percent-decoded; "" when it has none.
std::string QueryParam(std::string_view url, std::string_view name);

}  // namespace tempo::crossbeam

#endif  // TEMPO_PLUGINS_CONNECTORS_CROSSBEAM_ORIGIN_H_
