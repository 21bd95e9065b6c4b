// How a stream moves from page to page, as pure functions (tests/unit/rest/paging_test.cc):
// which paging parameters a request carries, and what follows a page (the next position, or
// the end) by the manifest's stop condition. A position is what the stream's state keeps to
// resume at a page: a cursor, a link, an offset, a page number or the last key read; "" is the
// first page.
#ifndef TEMPO_PLUGINS_CONNECTORS_REST_PAGING_H_
#define TEMPO_PLUGINS_CONNECTORS_REST_PAGING_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "manifest.h"
#include "tempo/plugin.hpp"

namespace tempo::rest {

// What one response says about paging (page.h reads it from the body and headers).
struct PageFacts {
  size_t records = 0;
  std::optional<std::string> last_key;   // after_key: the key of the last record
  std::optional<std::string> cursor;     // cursor: the next cursor (absent, null or "": none)
  std::optional<std::string> next_link;  // next_link, link_header: the next page's link
  std::optional<bool> has_more;          // stop has_more
  std::optional<int64_t> total;          // stop total (records) or total_pages (pages)
};

// True when the request for `position` is that URL itself (a link the API gave).
bool PositionIsUrl(const PagingSpec& paging, std::string_view position);

// The paging parameters of the request for the page at `position`: the page size (when the
// manifest sends one) and the position (none for the first page, or for a link).
std::vector<std::pair<std::string, std::string>> PagingParams(const PagingSpec& paging,
                                                              int64_t size,
                                                              std::string_view position);

struct NextPage {
  bool more = false;
  std::string position;  // the next page's, when more
};

// What follows the page read at `position`. A link to follow must be on base_url's origin
// (tempo/url.hpp), or the read stops with an error rather than send the credentials elsewhere.
// Data error when the page gives no way on while saying there is more, or the same position
// again (a listing that would never end). `where` names the stream and page in messages.
sdk::Status Advance(const PagingSpec& paging, int64_t size, std::string_view position,
                    const PageFacts& facts, std::string_view base_url, const std::string& where,
                    NextPage* out);

}  // namespace tempo::rest

#endif  // TEMPO_PLUGINS_CONNECTORS_REST_PAGING_H_
