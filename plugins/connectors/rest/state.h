// A rest stream's state, versioned (tempo/state.hpp):
//
//   {"version":1,"cursor_ms":1719705600000}                       between reads
//   {"version":1,"cursor_ms":...,"run":{"lower_ms":1719705600000,  mid-read: where it resumes
//    "started_ms":1719791700000,"position":"part_8U5s","pages":3}}
//
// cursor_ms is what the next incremental read asks for (records changed at or after it; absent:
// everything). A read in progress keeps its lower bound (-1: a full read), the instant the run
// that began it started (what it hands on when it completes, tempo/cursor.hpp) and the paging
// position of its next page (paging.h), so a killed run resumes at the page it was on.
#ifndef TEMPO_PLUGINS_CONNECTORS_REST_STATE_H_
#define TEMPO_PLUGINS_CONNECTORS_REST_STATE_H_

#include <cstdint>
#include <string>
#include <string_view>

#include "tempo/plugin.hpp"

namespace tempo::rest {

inline constexpr int64_t kStateVersion = 1;

struct StreamState {
  int64_t cursor_ms = -1;  // the next incremental read's lower bound; -1: none (read all)
  bool running = false;    // a read is in progress: the fields below say where it is
  int64_t lower_ms = -1;   // its lower bound; -1: a full read
  int64_t started_ms = -1;
  std::string position;  // its next page; "": the first
  int64_t pages = 0;     // pages read so far (for messages)
};

std::string EncodeState(const StreamState& state);
// `what` names the stream in messages; "" decodes as a fresh state.
sdk::Status DecodeState(std::string_view json, const std::string& what, StreamState* out);

}  // namespace tempo::rest

#endif  // TEMPO_PLUGINS_CONNECTORS_REST_STATE_H_
