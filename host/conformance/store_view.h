// What the kit reads from (and, for replay, writes into) the stores of its steps: the live rows
// of the kit's connection with a digest of their values, and the streams' states.
#ifndef TEMPO_HOST_CONFORMANCE_STORE_VIEW_H_
#define TEMPO_HOST_CONFORMANCE_STORE_VIEW_H_

#include <map>
#include <string>

#include "common/status.h"

namespace tempo::conformance {

// The connection name every kit step syncs as.
inline constexpr const char* kConnection = "kit";

// Live rows (deleted_at IS NULL) of every canonical table: "entity source_id" -> a digest of
// every column but the row id, the run id and deleted_at (the raw JSON included).
using Rows = std::map<std::string, std::string>;
Result<Rows> LiveRows(const std::string& store_path);

// stream -> state_json.
using States = std::map<std::string, std::string>;
Result<States> ReadStates(const std::string& store_path);
// Replaces the states of the streams in `states` that the store has (replay puts back the
// states a recording had, whose cursors its requests carry).
Status WriteStates(const std::string& store_path, const States& states);

}  // namespace tempo::conformance

#endif  // TEMPO_HOST_CONFORMANCE_STORE_VIEW_H_
