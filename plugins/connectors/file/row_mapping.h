// One source row as its record: the id rules, the row's updated_at, and one field per `columns`
// entry. Shared by a read (stream_reader.cc) and by the remap of a kept reject (remap.cc), so a
// replayed row becomes exactly the record a read of the same row would have made.
#ifndef TEMPO_PLUGINS_CONNECTORS_FILE_ROW_MAPPING_H_
#define TEMPO_PLUGINS_CONNECTORS_FILE_ROW_MAPPING_H_

#include <string>
#include <string_view>
#include <vector>

#include "source_value.h"
#include "stream_config.h"
#include "tempo/plugin.hpp"

namespace tempo::file {

// What is wrong with a row's id (`values[0]`), or "" when it names a record: an id is text or a
// whole number (kept as its digits, however long); a missing or empty id, a boolean, a
// fraction, an object or a list names no record.
std::string IdProblem(const StreamConfig& stream, const std::vector<SourceValue>& values);

// The row's updated_at text, or "" when the stream has none or the row's is empty.
std::string_view RowUpdatedAt(const StreamConfig& stream, const std::vector<SourceValue>& values);

// Adds the row's record to `batch`: source_id = the id's text, source_updated_at =
// `updated_at` (when not empty), raw_json = `raw`, and one field per `columns` entry under its
// canonical name (an absent value is not sent; the store keeps the column's value). Copies
// every byte into the batch: the caller's buffers may change after it returns.
void AddRecord(const StreamConfig& stream, const std::vector<SourceValue>& values,
               std::string_view updated_at, std::string_view raw, sdk::RecordBatch& batch);

}  // namespace tempo::file

#endif  // TEMPO_PLUGINS_CONNECTORS_FILE_ROW_MAPPING_H_
