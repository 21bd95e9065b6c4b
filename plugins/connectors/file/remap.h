// Remapping a kept reject of a `file` stream (tempo_connector_api.remap): the row's raw record,
// as a read gave it (a JSON Lines line, or a CSV row as a JSON object of its header's columns),
// mapped again through the stream's current config, without touching the stream's files. This
// is what lets `tempo rejects CONN --replay` store rows that a wrong mapping rejected (a
// misspelt entity, a wrong id column) after the config is fixed, even when the file is gone.
#ifndef TEMPO_PLUGINS_CONNECTORS_FILE_REMAP_H_
#define TEMPO_PLUGINS_CONNECTORS_FILE_REMAP_H_

#include <string_view>

#include "stream_config.h"
#include "tempo/plugin.hpp"

namespace tempo::file {

// Maps `raw_record` (a row of `stream`) and emits its record, or rejects it with
// ctx.RejectRecord when its id still names no record. The row is read the way the stream's
// format reads it: CSV when `format: csv`, or without `format` when the path ends in .csv, or,
// for a folder of unknown format, when every value of the record is a string (CSV rows are kept
// as text): an empty value is then NULL. Otherwise as JSON Lines (values keep their JSON
// types). InvalidArgument when a CSV row lacks a column the mapping names (as a read fails on
// such a header); Data when the raw record is not a JSON object.
sdk::Status RemapRow(sdk::Context& ctx, const StreamConfig& stream, std::string_view raw_record);

}  // namespace tempo::file

#endif  // TEMPO_PLUGINS_CONNECTORS_FILE_REMAP_H_
