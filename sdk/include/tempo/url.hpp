// tempo/url.hpp: the URL questions a connector must get right to keep its credentials at home:
// which origin (scheme, host, port) a URL points at, whether a link the API returned is on the
// configured host (only then may it be followed with the connection's authentication), a
// link relative to the host made absolute, and a query parameter of a link, percent-decoded.
// Part of the connector kit: header-only, outside the ABI, no allocation beyond the strings
// returned.
#ifndef TEMPO_URL_HPP_
#define TEMPO_URL_HPP_

#include <charconv>
#include <optional>
#include <string>
#include <string_view>

#include "tempo/text.hpp"

namespace tempo::sdk {

// Where an absolute http(s) URL points.
struct Origin {
  std::string scheme;  // "http" | "https" (lower case)
  std::string host;    // lower case; an IPv6 literal keeps its brackets
  int port = 0;        // explicit, or the scheme's default (80, 443)
  friend bool operator==(const Origin& a, const Origin& b) {
    return a.scheme == b.scheme && a.host == b.host && a.port == b.port;
  }
};

namespace url_internal {

inline bool HostChar(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
         c == '-';
}

inline int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

}  // namespace url_internal

// `text` with %XX decoded and '+' as a space (a query string's encoding).
inline std::string PercentDecode(std::string_view text) {
  std::string out;
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '%' && i + 2 < text.size()) {
      const int hi = url_internal::HexValue(text[i + 1]), lo = url_internal::HexValue(text[i + 2]);
      if (hi >= 0 && lo >= 0) {
        out.push_back(static_cast<char>(hi * 16 + lo));
        i += 2;
        continue;
      }
    }
    out.push_back(text[i] == '+' ? ' ' : text[i]);
  }
  return out;
}

// The origin of an absolute http(s) URL; nullopt for anything else, and for a URL with user
// information ("https://api.example.com@elsewhere.example/"), an empty or odd host, or a bad
// port: such a link is never followed.
inline std::optional<Origin> ParseOrigin(std::string_view url) {
  const size_t sep = url.find("://");
  if (sep == std::string_view::npos) return std::nullopt;
  Origin o;
  o.scheme = ToLower(url.substr(0, sep));
  if (o.scheme != "http" && o.scheme != "https") return std::nullopt;
  std::string_view authority = url.substr(sep + 3);
  authority = authority.substr(0, authority.find_first_of("/?#"));
  if (authority.find('@') != std::string_view::npos) return std::nullopt;  // user info
  std::string_view host = authority, port;
  if (!authority.empty() && authority.front() == '[') {  // [IPv6]:port
    const size_t close = authority.find(']');
    if (close == std::string_view::npos) return std::nullopt;
    host = authority.substr(0, close + 1);
    std::string_view rest = authority.substr(close + 1);
    if (!rest.empty() && rest.front() != ':') return std::nullopt;
    if (!rest.empty()) port = rest.substr(1);
    for (char c : host.substr(1, host.size() - 2)) {
      if (!(url_internal::HostChar(c) || c == ':')) return std::nullopt;
    }
  } else {
    const size_t colon = authority.find(':');
    if (colon != std::string_view::npos) {
      host = authority.substr(0, colon);
      port = authority.substr(colon + 1);
    }
    for (char c : host) {
      if (!url_internal::HostChar(c)) return std::nullopt;
    }
  }
  if (host.empty() || host == "[]") return std::nullopt;
  o.host = ToLower(host);
  o.port = o.scheme == "https" ? 443 : 80;
  if (!port.empty()) {
    int value = 0;
    auto [end, ec] = std::from_chars(port.data(), port.data() + port.size(), value);
    if (ec != std::errc() || end != port.data() + port.size() || value < 1 || value > 65535) {
      return std::nullopt;
    }
    o.port = value;
  } else if (authority.size() > host.size()) {
    return std::nullopt;  // "host:" with an empty port
  }
  return o;
}

// True when `url` has the same scheme, host and port as `base_url`.
inline bool SameOrigin(std::string_view base_url, std::string_view url) {
  std::optional<Origin> base = ParseOrigin(base_url), other = ParseOrigin(url);
  return base && other && *base == *other;
}

// A link an API returned, as an absolute URL on `base_url`'s origin: an absolute link on that
// origin as it is, a path ("/v2/items?page=2") on the origin of base_url; nullopt for a link
// to another origin and anything else ("//host/x", "page=2"), which must not be followed with
// the connection's credentials.
inline std::optional<std::string> LinkOnOrigin(std::string_view base_url, std::string_view link) {
  if (link.size() > 1 && link[0] == '/' && link[1] != '/') {
    const size_t sep = base_url.find("://");
    if (sep == std::string_view::npos || !ParseOrigin(base_url)) return std::nullopt;
    const size_t path = base_url.find_first_of("/?#", sep + 3);
    return std::string(base_url.substr(0, path)) + std::string(link);
  }
  if (SameOrigin(base_url, link)) return std::string(link);
  return std::nullopt;
}

// The value of query parameter `name` of `url`, percent-decoded; "" when it has none.
inline std::string QueryParam(std::string_view url, std::string_view name) {
  const size_t q = url.find('?');
  if (q == std::string_view::npos) return "";
  std::string_view query = url.substr(q + 1);
  query = query.substr(0, query.find('#'));
  while (!query.empty()) {
    const size_t amp = query.find('&');
    std::string_view pair = query.substr(0, amp);
    const size_t eq = pair.find('=');
    if (PercentDecode(pair.substr(0, eq)) == name) {
      return eq == std::string_view::npos ? "" : PercentDecode(pair.substr(eq + 1));
    }
    if (amp == std::string_view::npos) break;
    query.remove_prefix(amp + 1);
  }
  return "";
}

}  // namespace tempo::sdk

#endif  // TEMPO_URL_HPP_
