// The `file` connector's configuration: one StreamConfig per configured stream, parsed from the
// connection config JSON (see config_schema.h for the keys and README.md for their meaning).
#ifndef TEMPO_PLUGINS_CONNECTORS_FILE_STREAM_CONFIG_H_
#define TEMPO_PLUGINS_CONNECTORS_FILE_STREAM_CONFIG_H_

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "file_listing.h"
#include "tempo/plugin.hpp"

namespace tempo::file {

// What an incremental read compares to find new data.
enum class IncrementalBy {
  kMtime,   // files whose (mtime, size) changed since the last completed read are reread
  kCursor,  // every file is scanned; rows with updated_at >= the stored cursor are emitted
};

// One `columns` entry: the canonical column `canonical` takes the source column `source`.
struct ColumnMapping {
  std::string canonical;
  std::string source;
};

struct StreamConfig {
  std::string name;
  std::string path;  // absolute (the host resolves "format": "path" values)
  FileFormat format = FileFormat::kFromExtension;
  char delimiter = ',';
  std::string entity;
  std::string id_column;
  std::string updated_at_column;  // empty: none
  IncrementalBy incremental = IncrementalBy::kMtime;
  std::vector<ColumnMapping> columns;  // in config order

  // The distinct source columns a row is read for, each once, in "slots": slot 0 is always the
  // id column, then updated_at (if any), then the mapped columns. A reader fills one value per
  // slot, so the id column can also be mapped without being looked up twice.
  std::vector<std::string> source_columns;
  int updated_at_slot = -1;          // -1: no updated_at column
  std::vector<size_t> column_slots;  // column_slots[i] is the slot of columns[i].source
};

// Parses and checks the connection config. The host has validated it against kConfigSchema
// already; this also enforces what the schema cannot: unique stream names, a one-byte delimiter
// that is not a quote or line break, and `incremental: cursor` only with `updated_at`.
// Returns InvalidArgument naming the stream and key on any problem.
sdk::Status ParseConfig(std::string_view config_json, std::vector<StreamConfig>* streams);

}  // namespace tempo::file

#endif  // TEMPO_PLUGINS_CONNECTORS_FILE_STREAM_CONFIG_H_
