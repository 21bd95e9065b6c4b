// A hubspot stream's state: the last completed read's cursor, and where an unfinished read
// stands (written after every page, so a killed run resumes at the exact page).
//
//   {"version":1,"cursor_ms":1719705600000,"cursor_id":"",
//    "run":{"incremental":true,"phase":"search","after":"","anchor_ms":...,"anchor_id":"",
//           "tie":false,"offset":0,"max_ms":...,"max_id":"1042","page":3,"started_ms":-1}}
//
// Version 0 (no "version" key, connector 0.1 and 0.2.0) has the same fields and still decodes.
#ifndef TEMPO_PLUGINS_CONNECTORS_HUBSPOT_STATE_H_
#define TEMPO_PLUGINS_CONNECTORS_HUBSPOT_STATE_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "tempo/cursor.hpp"
#include "tempo/plugin.hpp"

namespace tempo::hubspot {

inline constexpr int64_t kStateVersion = 1;

// Where an unfinished read stands.
struct RunState {
  bool incremental = false;
  std::string phase;       // "list", "search", "archived"
  std::string after;       // list cursor, passed through unchanged
  int64_t anchor_ms = -1;  // search: lower bound of the modification time
  std::string anchor_id;   // search: "" = GTE anchor; else GT anchor OR (EQ anchor AND id GT)
  bool tie = false;        // search: EQ anchor AND id GT anchor_id, sorted by id
  int64_t offset = 0;      // search: `after` within the current query
  sdk::Keyset max;         // newest modification time seen, and the largest id at it
  int64_t page = 0;        // pages read so far (for messages)
  // list: the instant the run that began the list started, less the hand-over lag (-1:
  // unknown, a state written before connector 0.2.0)
  int64_t started_ms = -1;
};

struct StreamState {
  int64_t cursor_ms = -1;  // the last completed read's hand-over cursor (time)
  std::string cursor_id;   // and the largest id at that time ("": inclusive)
  std::optional<RunState> run;
};

std::string EncodeState(const StreamState& state);

// `stream` names the stream in messages. "" decodes as a fresh state.
sdk::Status DecodeState(std::string_view json, std::string_view stream, StreamState* out);

}  // namespace tempo::hubspot

#endif  // TEMPO_PLUGINS_CONNECTORS_HUBSPOT_STATE_H_
