// A path to a value inside a JSON document, as a manifest writes it: a JSON pointer
// ("/data/items", RFC 6901, with ~0 for '~' and ~1 for '/') or dotted names ("data.items",
// "team.name"). A token names an object member, or, on an array, a decimal index. Pure
// functions (tests/unit/rest/json_path_test.cc).
#ifndef TEMPO_PLUGINS_CONNECTORS_REST_JSON_PATH_H_
#define TEMPO_PLUGINS_CONNECTORS_REST_JSON_PATH_H_

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <simdjson.h>

namespace tempo::rest {

struct JsonPath {
  std::string text;                 // as written in the manifest ("" = none)
  std::vector<std::string> tokens;  // empty with text "": none; a pointer "" is the document

  bool empty() const { return text.empty(); }
};

// Parses `text`. On failure returns nullopt and sets *why to what is wrong and how to write it.
std::optional<JsonPath> ParseJsonPath(std::string_view text, std::string* why);

// The value at `path` in `root`; nullopt when a member or index along the way is missing.
std::optional<simdjson::dom::element> Find(simdjson::dom::element root, const JsonPath& path);

// The value as text: a string as it is, an integer or a number as JSON writes it, true/false;
// nullopt for null, an object or an array.
std::optional<std::string> ScalarText(simdjson::dom::element value);

}  // namespace tempo::rest

#endif  // TEMPO_PLUGINS_CONNECTORS_REST_JSON_PATH_H_
