// The crossbeam streams' states, versioned (tempo/state.hpp).
//
//   partners                      {"version":1,"page":3}  the next page of an unfinished read
//   populations, partner_pop...   {"version":1}
//   account_overlaps, lead_...    {"version":1,"organization":"<uuid>","query":"limit=1000",
//                                  "cursor":"eyJ...","next_href":"https://...","final":true,
//                                  "page":12}
//
// An overlap stream's cursor is Crossbeam's, passed back unchanged: mid-listing ("final":
// false) it resumes the listing; once a listing is complete ("final": true) it is the final
// cursor, which returns the overlaps changed since. It belongs to the organization and query
// (the listing's parameters) it was issued for. "final" with no cursor: the listing ended
// without one, so the next read must list everything again.
#ifndef TEMPO_PLUGINS_CONNECTORS_CROSSBEAM_STATE_H_
#define TEMPO_PLUGINS_CONNECTORS_CROSSBEAM_STATE_H_

#include <cstdint>
#include <string>
#include <string_view>

#include "tempo/plugin.hpp"

namespace tempo::crossbeam {

inline constexpr int64_t kStateVersion = 1;

struct PageState {
  int64_t page = 0;  // the next page to read; 0: from the first
};

struct OverlapState {
  std::string organization;
  std::string query;
  std::string cursor;     // the cursor to call next; "" = the first page of a listing
  std::string next_href;  // the link that came with it (only kept when on base_url's origin)
  bool final = false;     // `cursor` ends a completed listing: it returns later changes
  int64_t page = 0;       // pages of the current listing read so far (for messages)
};

std::string EncodePageState(const PageState& state);
std::string EncodeOverlapState(const OverlapState& state);
// `stream` names the stream in messages; "" decodes as a fresh state.
sdk::Status DecodePageState(std::string_view json, std::string_view stream, PageState* out);
sdk::Status DecodeOverlapState(std::string_view json, std::string_view stream, OverlapState* out);

}  // namespace tempo::crossbeam

#endif  // TEMPO_PLUGINS_CONNECTORS_CROSSBEAM_STATE_H_
