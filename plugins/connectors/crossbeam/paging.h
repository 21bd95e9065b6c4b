// How a crossbeam read moves from page to page, as pure functions (tests/unit/crossbeam/
// paging_test.cc): where an overlap read starts given its saved cursor, which URL the next
// page comes from, and what a page hands on.
//
// Page links: a page's next_href is followed only when it is on base_url's scheme, host and
// port (tempo/url.hpp); otherwise the read goes on with the page's cursor (next_cursor, or the
// `cursor` parameter of the link) against base_url, so the token never goes anywhere else.
//
// Overlaps, incremental as Crossbeam documents it: a listing is paged with has_more; when
// has_more turns false the page's cursor is kept (the final cursor), and the next read calls
// it and gets only the overlaps changed since, tombstones included. A cursor belongs to one
// organization and one query: when either changed since it was saved, the read cannot go on
// without a gap, and restarts as a full refresh (as when the server rejects the cursor).
#ifndef TEMPO_PLUGINS_CONNECTORS_CROSSBEAM_PAGING_H_
#define TEMPO_PLUGINS_CONNECTORS_CROSSBEAM_PAGING_H_

#include <cstdint>
#include <string>
#include <string_view>

#include "list_page.h"
#include "mapping.h"
#include "state.h"
#include "tempo/plugin.hpp"

namespace tempo::crossbeam {

// The query of an overlap listing; what a cursor belongs to besides the organization.
std::string OverlapQuery(int64_t page_size);

enum class Start {
  kListing,      // list every overlap from the first page
  kResume,       // call the saved cursor (mid-listing, or a final cursor for the changes)
  kRestartFull,  // the saved cursor cannot be used: restart the stream as a full refresh
};

struct Plan {
  Start start = Start::kListing;
  std::string why;  // kRestartFull: what made the cursor unusable
};

// Where an overlap read starts. Incremental: the saved cursor when it belongs to this
// organization and query; none saved: a listing; unusable: kRestartFull. Full refresh: a
// listing, unless the state is that of an interrupted listing of the same organization and
// query, which resumes.
Plan PlanOverlapRead(const OverlapState& saved, bool incremental, std::string_view organization,
                     std::string_view query);

// The URL of an overlap page: `next_href` when it is on base_url's origin, else the endpoint
// with `query` and the cursor ("" cursor: the first page).
std::string OverlapPageUrl(std::string_view base_url, OverlapKind kind, std::string_view query,
                           std::string_view cursor, std::string_view next_href);

// Advances `state` past `page`: its cursor (next_cursor, else the cursor parameter of
// next_href), next_href when on base_url's origin, final when has_more is false. Data error
// when has_more is true but the page gives no way on. A last page without a cursor leaves an
// empty final cursor (the next read lists everything again).
sdk::Status AdvanceOverlap(std::string_view base_url, const ListPage& page, std::string_view what,
                           OverlapState* state);

// The URL of the page after page `page_number` of a page-number listing (partners): its
// next_href when on base_url's origin, else the endpoint with page_number + 1; "" at the end
// (no next_href).
std::string NextNumberedPage(std::string_view base_url, std::string_view path,
                             std::string_view query, const ListPage& page, int64_t page_number);

}  // namespace tempo::crossbeam

#endif  // TEMPO_PLUGINS_CONNECTORS_CROSSBEAM_PAGING_H_
