// Stream state <-> JSON. See state.h.
#include "state.h"

#include <optional>

#include "soql.h"
#include "tempo/state.hpp"

namespace tempo::salesforce {

std::string EncodeState(const StreamState& state) {
  sdk::StateWriter w(kStateVersion);
  if (!state.cursor.empty()) {
    w.Str("modstamp", SoqlDateTime(state.cursor.ms)).Str("id", state.cursor.id);
  }
  if (state.started_ms >= 0) w.Int("started_ms", state.started_ms);
  return w.Take();
}

sdk::Status DecodeState(std::string_view json, std::string_view stream, StreamState* state) {
  *state = StreamState();
  sdk::StateReader r;
  const std::string what = "Salesforce stream '" + std::string(stream) + "'";
  if (sdk::Status s = sdk::StateReader::Parse(json, kStateVersion, 0, what, &r); !s.ok()) return s;
  std::string modstamp;
  if (sdk::Status s = r.Get("modstamp", &modstamp); !s.ok()) return s;
  if (sdk::Status s = r.Get("id", &state->cursor.id); !s.ok()) return s;
  if (sdk::Status s = r.Get("started_ms", &state->started_ms); !s.ok()) return s;
  if (modstamp.empty()) {
    state->cursor = sdk::Keyset();
    return sdk::Status::Ok();
  }
  std::optional<int64_t> ms = ParseDateTimeMs(modstamp);
  if (!ms) {
    *state = StreamState();
    return sdk::Status::Data(what + ": the stored cursor '" + modstamp +
                             "' is not a date-time; run a full refresh (tempo sync CONNECTION "
                             "--full-refresh --stream " +
                             std::string(stream) + ")");
  }
  state->cursor.ms = *ms;
  return sdk::Status::Ok();
}

}  // namespace tempo::salesforce
