// StreamState <-> JSON: written with AppendJsonString, read with simdjson On-Demand.
#include "file_state.h"

#include <simdjson.h>

namespace tempo::file {
namespace {

namespace od = simdjson::ondemand;
using sdk::Status;

constexpr int64_t kStateVersion = 1;

void AppendStamp(std::string& out, const FileStamp& stamp) {
  out += "\"mtime_ns\":";
  out += std::to_string(stamp.mtime_ns);
  out += ",\"size\":";
  out += std::to_string(stamp.size);
}

void AppendStamps(std::string& out, const FileStamps& stamps) {
  out += '{';
  bool first = true;
  for (const auto& [name, stamp] : stamps) {
    if (!first) out += ',';
    first = false;
    sdk::AppendJsonString(out, name);
    out += ":{";
    AppendStamp(out, stamp);
    out += '}';
  }
  out += '}';
}

void AppendRun(std::string& out, const RunState& run) {
  out += "{\"mode\":";
  out += run.incremental ? "\"incremental\"" : "\"full_refresh\"";
  out += ",\"done\":";
  AppendStamps(out, run.done);
  if (run.position) {
    out += ",\"position\":{\"file\":";
    sdk::AppendJsonString(out, run.position->file);
    out += ',';
    AppendStamp(out, run.position->stamp);
    out += ",\"offset\":" + std::to_string(run.position->offset);
    out += ",\"line\":" + std::to_string(run.position->line);
    out += '}';
  }
  if (!run.max_cursor.empty()) {
    out += ",\"max_cursor\":";
    sdk::AppendJsonString(out, run.max_cursor);
  }
  out += '}';
}

// The readers below return simdjson error codes; a value of the wrong kind is INCORRECT_TYPE.
// Unknown keys are ignored, so a later version of the state may add some.

// Calls read_member(key, value) for each member of the JSON object `value`, in order; stops at
// the first error. `key` stays valid for the whole document.
template <class ReadMember>
simdjson::error_code ForEachMember(od::value& value, ReadMember read_member) {
  od::object object;
  if (auto error = value.get_object().get(object)) return error;
  for (auto field : object) {
    std::string_view key;
    od::value member;
    if (auto error = field.unescaped_key().get(key)) return error;
    if (auto error = field.value().get(member)) return error;
    if (auto error = read_member(key, member)) return error;
  }
  return simdjson::SUCCESS;
}

simdjson::error_code ReadString(od::value& value, std::string* out) {
  std::string_view text;
  if (auto error = value.get_string().get(text)) return error;
  out->assign(text);
  return simdjson::SUCCESS;
}

// Reads `key` into *stamp when it is a stamp member ("mtime_ns", "size").
simdjson::error_code ReadStampMember(std::string_view key, od::value& value, FileStamp* stamp) {
  if (key == "mtime_ns") return value.get_int64().get(stamp->mtime_ns);
  if (key == "size") return value.get_uint64().get(stamp->size);
  return simdjson::SUCCESS;
}

simdjson::error_code ReadStamps(od::value& value, FileStamps* stamps) {
  return ForEachMember(value, [stamps](std::string_view name, od::value& members) {
    FileStamp& stamp = (*stamps)[std::string(name)];
    return ForEachMember(members, [&stamp](std::string_view key, od::value& member) {
      return ReadStampMember(key, member, &stamp);
    });
  });
}

simdjson::error_code ReadPosition(od::value& value, ResumePoint* position) {
  return ForEachMember(value, [position](std::string_view key, od::value& member) {
    if (key == "file") return ReadString(member, &position->file);
    if (key == "offset") return member.get_uint64().get(position->offset);
    if (key == "line") return member.get_uint64().get(position->line);
    return ReadStampMember(key, member, &position->stamp);
  });
}

simdjson::error_code ReadMode(od::value& value, bool* incremental) {
  std::string mode;
  if (auto error = ReadString(value, &mode)) return error;
  if (mode != "incremental" && mode != "full_refresh") return simdjson::INCORRECT_TYPE;
  *incremental = mode == "incremental";
  return simdjson::SUCCESS;
}

simdjson::error_code ReadRun(od::value& value, RunState* run) {
  bool has_mode = false;
  auto error = ForEachMember(value, [run, &has_mode](std::string_view key, od::value& member) {
    if (key == "mode") {
      has_mode = true;
      return ReadMode(member, &run->incremental);
    }
    if (key == "done") return ReadStamps(member, &run->done);
    if (key == "position") return ReadPosition(member, &run->position.emplace());
    if (key == "max_cursor") return ReadString(member, &run->max_cursor);
    return simdjson::SUCCESS;
  });
  if (!error && !has_mode) error = simdjson::NO_SUCH_FIELD;
  return error;
}

simdjson::error_code ReadState(od::document& doc, StreamState* state, int64_t* version) {
  od::value root;
  if (auto error = doc.get_value().get(root)) return error;
  auto error = ForEachMember(root, [state, version](std::string_view key, od::value& member) {
    if (key == "version") return member.get_int64().get(*version);
    if (key == "files") return ReadStamps(member, &state->files);
    if (key == "cursor") return ReadString(member, &state->cursor);
    if (key == "run") return ReadRun(member, &state->run.emplace());
    return simdjson::SUCCESS;
  });
  // A location inside the document after the root is read means more text follows it.
  if (!error && doc.current_location().error() != simdjson::OUT_OF_BOUNDS) {
    error = simdjson::TRAILING_CONTENT;
  }
  return error;
}

}  // namespace

std::string EncodeState(const StreamState& state) {
  std::string out = "{\"version\":" + std::to_string(kStateVersion) + ",\"files\":";
  AppendStamps(out, state.files);
  if (!state.cursor.empty()) {
    out += ",\"cursor\":";
    sdk::AppendJsonString(out, state.cursor);
  }
  if (state.run) {
    out += ",\"run\":";
    AppendRun(out, *state.run);
  }
  out += '}';
  return out;
}

Status DecodeState(std::string_view json, StreamState* state) {
  *state = StreamState();
  if (json.find_first_not_of(" \t\r\n") == std::string_view::npos) return Status::Ok();

  simdjson::padded_string padded(json);
  od::parser parser;
  od::document doc;
  int64_t version = 0;
  simdjson::error_code error = parser.iterate(padded).get(doc);
  if (!error) error = ReadState(doc, state, &version);
  if (error) {
    *state = StreamState();
    return Status::Data(std::string("the saved state is not a file connector state (") +
                        simdjson::error_message(error) + ")");
  }
  if (version != kStateVersion) {
    *state = StreamState();
    return Status::Data("the saved state has version " + std::to_string(version) +
                        ", which this plugin cannot read (it writes version " +
                        std::to_string(kStateVersion) + ")");
  }
  return Status::Ok();
}

}  // namespace tempo::file
