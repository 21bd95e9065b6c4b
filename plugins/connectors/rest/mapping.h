// Records to canonical rows, by a stream's `emit:` list: each record becomes one row per emit
// (an emit with `when` only when that value is there), with the source id, the source's
// modification time (the incremental field, as UTC ISO-8601), the record's JSON as its raw
// record, and each column's value made as the manifest says (a path or a constant, a value map,
// a type: text, number with a scale, integer, boolean, a time from ISO-8601 or epoch seconds or
// milliseconds). A record one of whose values cannot be made is rejected whole, with a reason
// that names the column: none of its rows is emitted. Pure apart from the batch
// (tests/unit/rest/mapping_test.cc).
#ifndef TEMPO_PLUGINS_CONNECTORS_REST_MAPPING_H_
#define TEMPO_PLUGINS_CONNECTORS_REST_MAPPING_H_

#include <optional>
#include <string>

#include <simdjson.h>

#include "manifest.h"
#include "tempo/plugin.hpp"

namespace tempo::rest {

// The instant a time value stands for, in milliseconds; nullopt when it is not one in `format`
// (a string of digits counts as an epoch value).
std::optional<int64_t> TimeValue(simdjson::dom::element value, TimeFormat format);
std::optional<int64_t> TimeOfText(std::string_view text, TimeFormat format);

// A time in `format`, as a request parameter writes it.
std::string FormatTime(int64_t ms, TimeFormat format);

// Adds the rows of `record` to `batch` (copying what it needs). False, with *why, for a
// record that is rejected.
bool MapRecord(const StreamSpec& stream, simdjson::dom::element record, sdk::RecordBatch& batch,
               std::string* why);

}  // namespace tempo::rest

#endif  // TEMPO_PLUGINS_CONNECTORS_REST_MAPPING_H_
