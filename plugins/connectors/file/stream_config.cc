// Parses the `file` connector's config JSON (simdjson On-Demand) into StreamConfig values.
#include "stream_config.h"

#include <simdjson.h>

#include <algorithm>
#include <cctype>
#include <utility>

namespace tempo::file {
namespace {

namespace od = simdjson::ondemand;
using sdk::Status;

// "streams[2] (partners)" or "streams[2]" before the name is known: where a problem is.
std::string Where(size_t index, const StreamConfig& stream) {
  std::string where = "streams[" + std::to_string(index) + "]";
  if (!stream.name.empty()) where += " (" + stream.name + ")";
  return where;
}

Status ReadString(od::value& value, const std::string& where, std::string* out) {
  std::string_view text;
  if (value.get_string().get(text) != simdjson::SUCCESS) {
    return Status::InvalidArgument("config " + where + " must be a string");
  }
  out->assign(text);
  return Status::Ok();
}

Status ReadColumns(od::value& value, const std::string& where, StreamConfig* stream) {
  od::object columns;
  if (value.get_object().get(columns) != simdjson::SUCCESS) {
    return Status::InvalidArgument("config " + where + " must be an object of " +
                                   "canonical column: source column");
  }
  for (auto field : columns) {
    std::string_view canonical;
    od::value source;
    if (field.unescaped_key().get(canonical) != simdjson::SUCCESS ||
        field.value().get(source) != simdjson::SUCCESS) {
      return Status::InvalidArgument("config " + where + " is not valid JSON");
    }
    ColumnMapping mapping{std::string(canonical), {}};
    Status s = ReadString(source, where + "." + mapping.canonical, &mapping.source);
    if (!s.ok()) return s;
    if (mapping.source.empty()) {
      return Status::InvalidArgument("config " + where + "." + mapping.canonical +
                                     " names no source column; give the column to read");
    }
    stream->columns.push_back(std::move(mapping));
  }
  return Status::Ok();
}

// Reads one key of a stream object into *stream.
Status ReadStreamKey(std::string_view key, od::value& value, const std::string& where,
                     StreamConfig* stream) {
  std::string key_where = where + "." + std::string(key);
  std::string text;
  if (key == "columns") return ReadColumns(value, key_where, stream);
  Status s = ReadString(value, key_where, &text);
  if (!s.ok()) return s;
  if (key == "name") {
    stream->name = std::move(text);
  } else if (key == "path") {
    stream->path = std::move(text);
  } else if (key == "entity") {
    stream->entity = std::move(text);
  } else if (key == "id") {
    stream->id_column = std::move(text);
  } else if (key == "updated_at") {
    stream->updated_at_column = std::move(text);
  } else if (key == "format") {
    if (text == "csv") {
      stream->format = FileFormat::kCsv;
    } else if (text == "jsonl") {
      stream->format = FileFormat::kJsonl;
    } else {
      return Status::InvalidArgument("config " + key_where + " is '" + text +
                                     "'; use csv or jsonl");
    }
  } else if (key == "delimiter") {
    if (text.size() != 1 || text == "\"" || text == "\r" || text == "\n") {
      return Status::InvalidArgument("config " + key_where + " must be one character other " +
                                     "than a quote or a line break, e.g. \",\" or \";\"");
    }
    stream->delimiter = text[0];
  } else if (key == "incremental") {
    if (text == "mtime") {
      stream->incremental = IncrementalBy::kMtime;
    } else if (text == "cursor") {
      stream->incremental = IncrementalBy::kCursor;
    } else {
      return Status::InvalidArgument("config " + key_where + " is '" + text +
                                     "'; use mtime or cursor");
    }
  } else {
    return Status::InvalidArgument("config " + where + " has an unknown key '" + std::string(key) +
                                   "'");
  }
  return Status::Ok();
}

// Assigns each distinct source column a slot (see StreamConfig::source_columns).
size_t SlotOf(StreamConfig* stream, const std::string& source_column) {
  auto& columns = stream->source_columns;
  auto it = std::find(columns.begin(), columns.end(), source_column);
  if (it != columns.end()) return static_cast<size_t>(it - columns.begin());
  columns.push_back(source_column);
  return columns.size() - 1;
}

Status FinishStream(const std::string& where, StreamConfig* stream) {
  const char* missing = stream->name.empty()        ? "name"
                        : stream->path.empty()      ? "path"
                        : stream->entity.empty()    ? "entity"
                        : stream->id_column.empty() ? "id"
                                                    : nullptr;
  if (missing != nullptr) {
    return Status::InvalidArgument("config " + where + " needs a non-empty '" + missing + "'");
  }
  if (stream->incremental == IncrementalBy::kCursor && stream->updated_at_column.empty()) {
    return Status::InvalidArgument("config " + where + " uses incremental: cursor but names no " +
                                   "updated_at column; add updated_at or use incremental: mtime");
  }
  SlotOf(stream, stream->id_column);
  if (!stream->updated_at_column.empty()) {
    stream->updated_at_slot = static_cast<int>(SlotOf(stream, stream->updated_at_column));
  }
  for (const ColumnMapping& mapping : stream->columns) {
    stream->column_slots.push_back(SlotOf(stream, mapping.source));
  }
  return Status::Ok();
}

Status ReadStreams(od::value& value, std::vector<StreamConfig>* streams) {
  od::array items;
  if (value.get_array().get(items) != simdjson::SUCCESS) {
    return Status::InvalidArgument("config streams must be a list of streams");
  }
  for (auto item : items) {
    StreamConfig stream;
    std::string where = Where(streams->size(), stream);
    od::object object;
    if (item.get_object().get(object) != simdjson::SUCCESS) {
      return Status::InvalidArgument("config " + where + " must be an object");
    }
    for (auto field : object) {
      std::string_view key;
      od::value value;
      if (field.unescaped_key().get(key) != simdjson::SUCCESS ||
          field.value().get(value) != simdjson::SUCCESS) {
        return Status::InvalidArgument("config " + where + " is not valid JSON");
      }
      Status s = ReadStreamKey(key, value, where, &stream);
      if (!s.ok()) return s;
    }
    where = Where(streams->size(), stream);
    Status s = FinishStream(where, &stream);
    if (!s.ok()) return s;
    for (const StreamConfig& other : *streams) {
      if (other.name == stream.name) {
        return Status::InvalidArgument("config " + where + ": the stream name '" + stream.name +
                                       "' is used twice; stream names must be unique");
      }
    }
    streams->push_back(std::move(stream));
  }
  if (streams->empty()) {
    return Status::InvalidArgument("config streams is empty; configure at least one stream");
  }
  return Status::Ok();
}

}  // namespace

Status ParseConfig(std::string_view config_json, std::vector<StreamConfig>* streams) {
  simdjson::padded_string padded(config_json);
  od::parser parser;
  od::document doc;
  od::object root;
  if (parser.iterate(padded).get(doc) != simdjson::SUCCESS ||
      doc.get_object().get(root) != simdjson::SUCCESS) {
    return Status::InvalidArgument("the file connector's config is not a JSON object");
  }
  bool has_streams = false;
  for (auto field : root) {
    std::string_view key;
    od::value value;
    if (field.unescaped_key().get(key) != simdjson::SUCCESS ||
        field.value().get(value) != simdjson::SUCCESS) {
      return Status::InvalidArgument("the file connector's config is not valid JSON");
    }
    if (key != "streams") {
      return Status::InvalidArgument("config has an unknown key '" + std::string(key) +
                                     "'; the file connector takes only 'streams'");
    }
    Status s = ReadStreams(value, streams);
    if (!s.ok()) return s;
    has_streams = true;
  }
  if (!has_streams) {
    return Status::InvalidArgument("config needs 'streams', the list of files to read");
  }
  return Status::Ok();
}

}  // namespace tempo::file
