// StreamState <-> JSON, with the connector kit's versioned state (tempo/state.hpp).
#include "file_state.h"

#include <simdjson.h>

#include "tempo/state.hpp"

namespace tempo::file {
namespace {

namespace dom = simdjson::dom;
using sdk::Status;

constexpr int64_t kStateVersion = 1;

// A content hash as 16 hex digits (a JSON number would lose bits in other readers).
std::string HashText(uint64_t hash) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string text(16, '0');
  for (int i = 15; i >= 0; --i, hash >>= 4) text[static_cast<size_t>(i)] = kHex[hash & 0xF];
  return text;
}

bool ParseHash(std::string_view text, uint64_t* hash) {
  if (text.size() != 16) return false;
  uint64_t value = 0;
  for (char c : text) {
    const int digit = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
    if (digit < 0) return false;
    value = value << 4 | static_cast<uint64_t>(digit);
  }
  *hash = value;
  return true;
}

void WriteStamps(sdk::StateWriter& w, std::string_view key, const FileStamps& stamps) {
  w.BeginObject(key);
  for (const auto& [name, stamp] : stamps) {
    w.BeginObject(name).Int("mtime_ns", stamp.mtime_ns).Uint("size", stamp.size);
    if (stamp.content_hash != 0) w.Str("content_hash", HashText(stamp.content_hash));
    w.EndObject();
  }
  w.EndObject();
}

// A stamp's members ("mtime_ns", "size", "content_hash") of `object`; others are ignored.
bool ReadStamp(dom::object object, FileStamp* stamp) {
  for (dom::key_value_pair kv : object) {
    if (kv.key == "mtime_ns" && kv.value.get_int64().get(stamp->mtime_ns) != simdjson::SUCCESS) {
      return false;
    }
    if (kv.key == "size" && kv.value.get_uint64().get(stamp->size) != simdjson::SUCCESS) {
      return false;
    }
    std::string_view hash;
    if (kv.key == "content_hash" && (kv.value.get_string().get(hash) != simdjson::SUCCESS ||
                                     !ParseHash(hash, &stamp->content_hash))) {
      return false;
    }
  }
  return true;
}

bool ReadStamps(dom::element value, FileStamps* stamps) {
  dom::object files;
  if (value.get_object().get(files) != simdjson::SUCCESS) return false;
  for (dom::key_value_pair kv : files) {
    dom::object members;
    if (kv.value.get_object().get(members) != simdjson::SUCCESS ||
        !ReadStamp(members, &(*stamps)[std::string(kv.key)])) {
      return false;
    }
  }
  return true;
}

bool ReadRun(dom::element value, RunState* run) {
  std::string_view mode;
  if (value["mode"].get_string().get(mode) != simdjson::SUCCESS ||
      (mode != "incremental" && mode != "full_refresh")) {
    return false;
  }
  run->incremental = mode == "incremental";
  dom::element member;
  if (value["done"].get(member) == simdjson::SUCCESS && !ReadStamps(member, &run->done)) {
    return false;
  }
  if (value["position"].get(member) == simdjson::SUCCESS) {
    ResumePoint& p = run->position.emplace();
    std::string_view file;
    dom::object object;
    if (member.get_object().get(object) != simdjson::SUCCESS ||
        member["file"].get_string().get(file) != simdjson::SUCCESS ||
        !ReadStamp(object, &p.stamp) ||
        (member["offset"].error() != simdjson::NO_SUCH_FIELD &&
         member["offset"].get_uint64().get(p.offset) != simdjson::SUCCESS) ||
        (member["line"].error() != simdjson::NO_SUCH_FIELD &&
         member["line"].get_uint64().get(p.line) != simdjson::SUCCESS)) {
      return false;
    }
    p.file.assign(file);
  }
  std::string_view max_cursor;
  if (value["max_cursor"].get(member) == simdjson::SUCCESS) {
    if (member.get_string().get(max_cursor) != simdjson::SUCCESS) return false;
    run->max_cursor.assign(max_cursor);
  }
  return true;
}

}  // namespace

std::string EncodeState(const StreamState& state) {
  sdk::StateWriter w(kStateVersion);
  WriteStamps(w, "files", state.files);
  if (!state.cursor.empty()) w.Str("cursor", state.cursor);
  if (state.run) {
    const RunState& run = *state.run;
    w.BeginObject("run").Str("mode", run.incremental ? "incremental" : "full_refresh");
    WriteStamps(w, "done", run.done);
    if (run.position) {
      const ResumePoint& p = *run.position;
      w.BeginObject("position").Str("file", p.file).Int("mtime_ns", p.stamp.mtime_ns);
      w.Uint("size", p.stamp.size).Uint("offset", p.offset);
      w.Uint("line", p.line).EndObject();
    }
    if (!run.max_cursor.empty()) w.Str("max_cursor", run.max_cursor);
    w.EndObject();
  }
  return w.Take();
}

Status DecodeState(std::string_view json, StreamState* state, std::string_view connector) {
  *state = StreamState();
  const size_t start = json.find_first_not_of(" \t\r\n");
  if (start == std::string_view::npos) return Status::Ok();
  sdk::StateReader reader;
  // Version 1 is the only one there has been: no unversioned file state exists.
  if (Status s = sdk::StateReader::Parse(json.substr(start), kStateVersion, kStateVersion,
                                         "the " + std::string(connector) + "'s stream", &reader);
      !s.ok()) {
    return s;
  }
  const dom::element root = reader.element();
  dom::element member;
  std::string_view cursor;
  bool ok = true;
  if (root["files"].get(member) == simdjson::SUCCESS) ok = ReadStamps(member, &state->files);
  if (ok && root["cursor"].get(member) == simdjson::SUCCESS) {
    ok = member.get_string().get(cursor) == simdjson::SUCCESS;
    state->cursor.assign(cursor);
  }
  if (ok && root["run"].get(member) == simdjson::SUCCESS)
    ok = ReadRun(member, &state->run.emplace());
  if (!ok) {
    *state = StreamState();
    return Status::Data("the saved state is not a " + std::string(connector) +
                        " state; reset the stream's state (a full refresh: tempo sync CONNECTION "
                        "--full-refresh --stream STREAM)");
  }
  return Status::Ok();
}

}  // namespace tempo::file
