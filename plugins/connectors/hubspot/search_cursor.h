// The search phase's cursor, as pure functions: the body of each search request, and how the
// run's position advances after a page. Table-tested in tests/unit/hubspot/.
//
// Every query is sorted ascending on the modification property. Whenever a page ends at a later
// time than the query's anchor, the next query is re-anchored there (GTE, from offset 0): its
// ties are read again and the upsert absorbs them, and offsets are only ever used inside one
// timestamp, so records modified during the run cannot shift an unread record past a page
// boundary. When the next page would pass the result cap inside one timestamp, the run pages
// that timestamp by id (EQ time AND hs_object_id GT last id, sorted by id, keyset), then
// continues after it.
#ifndef TEMPO_PLUGINS_CONNECTORS_HUBSPOT_SEARCH_CURSOR_H_
#define TEMPO_PLUGINS_CONNECTORS_HUBSPOT_SEARCH_CURSOR_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "state.h"

namespace tempo::hubspot {

// The run state of a search that starts after the last completed read's cursor. With a
// look-back (ms > 0) it starts at cursor - lookback instead, from the first record at that
// time (the index's late records are read, the window's others again), and the cursor it
// hands on never goes back behind the one it started from.
RunState StartSearch(int64_t cursor_ms, const std::string& cursor_id, int64_t lookback_ms = 0);

// The POST /search body for the run's position.
std::string SearchBody(std::string_view mod_prop, const std::vector<std::string>& properties,
                       const RunState& run, int64_t page_size);

// "search page 3 (lastmodifieddate >= 2024-06-30T00:00:00.000Z, id > 42, offset 200)": where a
// run stands, for messages.
std::string DescribeSearch(std::string_view mod_prop, const RunState& run);

// What a search page held, as AdvanceSearch needs it.
struct SearchPage {
  size_t results = 0;      // results on the page (rejected ones included)
  std::string next_after;  // paging.next.after, "" when absent
  int64_t last_ms = -1;    // the last result's modification time (-1: none known)
  std::string last_id;     // the last result's id ("" when none)
};

// Moves `run` past `page` (run->page counts it). Returns true when the search is complete.
bool AdvanceSearch(RunState* run, const SearchPage& page, int64_t page_size, int64_t cap);

// Notes a record's (time, id) as the newest seen when it is.
void ObserveRecord(RunState* run, int64_t ms, std::string_view id);

}  // namespace tempo::hubspot

#endif  // TEMPO_PLUGINS_CONNECTORS_HUBSPOT_SEARCH_CURSOR_H_
