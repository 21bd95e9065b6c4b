// Overlap cursors (crossbeam_cursor.h).
#include "fakes/crossbeam/crossbeam_cursor.h"

#include <algorithm>
#include <cstdio>

#include <simdjson.h>

#include "common/json_writer.h"
#include "fakes/core/encoding.h"

namespace tempo::fakes {

std::string EncodeCursor(const XbCursor& c) {
  JsonWriter w;
  w.BeginObject()
      .Key("k")
      .String(c.kind)
      .Key("q")
      .String(c.query)
      .Key("d")
      .Bool(c.delta)
      .Key("s")
      .Uint(c.since)
      .Key("t")
      .Uint(c.start)
      .Key("g")
      .Uint(c.generation);
  if (c.after) w.Key("a").BeginArray().Int(c.after->first).Int(c.after->second).EndArray();
  w.EndObject();
  std::string text = Base64Encode(w.Take());
  for (char& ch : text) {
    if (ch == '+') ch = '-';
    if (ch == '/') ch = '_';
  }
  text.erase(std::remove(text.begin(), text.end(), '='), text.end());
  return text;
}

std::optional<XbCursor> DecodeCursor(std::string_view text) {
  std::string b64(text);
  for (char& ch : b64) {
    if (ch == '-') ch = '+';
    if (ch == '_') ch = '/';
  }
  std::optional<std::string> json = Base64Decode(b64);
  if (!json) return std::nullopt;
  simdjson::dom::parser parser;
  simdjson::dom::element doc;
  if (parser.parse(*json).get(doc) != simdjson::SUCCESS) return std::nullopt;
  XbCursor c;
  std::string_view kind, query;
  uint64_t since = 0, start = 0, generation = 0;
  bool delta = false;
  if (doc["k"].get(kind) || doc["q"].get(query) || doc["d"].get(delta) || doc["s"].get(since) ||
      doc["t"].get(start) || doc["g"].get(generation)) {
    return std::nullopt;
  }
  c.kind = kind;
  c.query = query;
  c.delta = delta;
  c.since = since;
  c.start = start;
  c.generation = generation;
  simdjson::dom::array after;
  if (doc["a"].get(after) == simdjson::SUCCESS) {
    int64_t a = 0, b = 0;
    if (after.size() != 2 || after.at(0).get(a) || after.at(1).get(b)) return std::nullopt;
    c.after = std::make_pair(a, b);
  }
  return c;
}

std::string QueryFingerprint(std::vector<std::pair<std::string, std::string>> params) {
  std::erase_if(params, [](const auto& p) { return p.first == "cursor"; });
  std::sort(params.begin(), params.end());
  uint64_t h = 1469598103934665603ULL;
  auto mix = [&h](std::string_view s) {
    for (unsigned char c : s) h = (h ^ c) * 1099511628211ULL;
    h = (h ^ 0xff) * 1099511628211ULL;
  };
  for (const auto& [name, value] : params) {
    mix(name);
    mix(value);
  }
  char buf[20];
  std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(h));
  return buf;
}

}  // namespace tempo::fakes
