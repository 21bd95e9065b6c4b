// The state of one Salesforce stream: the JSON text the host commits with the records and
// hands back to the next read(). Versioned with the kit's StateWriter / StateReader.
//
//   {"version":1,"modstamp":"2024-04-01T12:34:56Z","id":"003A000001","started_ms":1719705300000}
//
// `modstamp` and `id` are the cursor: an unfinished read resumes strictly after that
// (SystemModstamp, Id); a completed read's hand-over has no id (SystemModstamp >= modstamp).
// `started_ms` is present while a read is unfinished: the start (less the lag) of the run that
// began it, which a resumed read keeps. Query locators expire, so the state never holds one.
// Version 0 is the same object without "version" (connector 0.2.0 before the kit).
#ifndef TEMPO_PLUGINS_CONNECTORS_SALESFORCE_STATE_H_
#define TEMPO_PLUGINS_CONNECTORS_SALESFORCE_STATE_H_

#include <cstdint>
#include <string>
#include <string_view>

#include "tempo/cursor.hpp"
#include "tempo/plugin.hpp"

namespace tempo::salesforce {

inline constexpr int64_t kStateVersion = 1;

struct StreamState {
  sdk::Keyset cursor;       // empty: from the beginning
  int64_t started_ms = -1;  // -1: no unfinished read
};

// The state's JSON text: the cursor when there is one, `started_ms` when >= 0.
std::string EncodeState(const StreamState& state);

// Parses a stored state ("" is the empty state). `stream` names the stream in messages. A text
// that is not such a state, or a cursor that is not a date-time, is a Data error saying to run
// a full refresh.
sdk::Status DecodeState(std::string_view json, std::string_view stream, StreamState* state);

}  // namespace tempo::salesforce

#endif  // TEMPO_PLUGINS_CONNECTORS_SALESFORCE_STATE_H_
