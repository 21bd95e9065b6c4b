// The `Link` response header (RFC 8288): `<https://api.example.com/items?page=3>; rel="next",
// <...>; rel="last"`. Pure function (tests/unit/rest/link_header_test.cc).
#ifndef TEMPO_PLUGINS_CONNECTORS_REST_LINK_HEADER_H_
#define TEMPO_PLUGINS_CONNECTORS_REST_LINK_HEADER_H_

#include <optional>
#include <string>
#include <string_view>

namespace tempo::rest {

// The target of the first link whose rel (quoted or not, possibly one of several
// space-separated relations, any case) is "next"; nullopt when there is none.
std::optional<std::string> NextLink(std::string_view header);

}  // namespace tempo::rest

#endif  // TEMPO_PLUGINS_CONNECTORS_REST_LINK_HEADER_H_
