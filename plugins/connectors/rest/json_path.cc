// JSON paths. See json_path.h.
#include "json_path.h"

#include <cstdint>

namespace tempo::rest {

std::optional<JsonPath> ParseJsonPath(std::string_view text, std::string* why) {
  JsonPath path;
  path.text = std::string(text);
  if (text.empty()) {
    *why = "is empty; write a JSON pointer (/data/items) or dotted names (data.items)";
    return std::nullopt;
  }
  if (text.front() == '/') {
    std::string token;
    for (size_t i = 1; i <= text.size(); ++i) {
      if (i == text.size() || text[i] == '/') {
        path.tokens.push_back(token);
        token.clear();
        continue;
      }
      if (text[i] == '~') {
        if (i + 1 < text.size() && (text[i + 1] == '0' || text[i + 1] == '1')) {
          token.push_back(text[i + 1] == '0' ? '~' : '/');
          ++i;
          continue;
        }
        *why = "'" + std::string(text) +
               "' is not a JSON pointer: '~' must be followed by 0 (for '~') or 1 (for '/')";
        return std::nullopt;
      }
      token.push_back(text[i]);
    }
    return path;
  }
  size_t start = 0;
  for (;;) {
    const size_t dot = text.find('.', start);
    std::string_view token = text.substr(start, dot == std::string_view::npos ? dot : dot - start);
    if (token.empty()) {
      *why = "'" + std::string(text) +
             "' has an empty name between dots; write names separated by single dots "
             "(team.name), or a JSON pointer (/team/name) for names with dots";
      return std::nullopt;
    }
    path.tokens.emplace_back(token);
    if (dot == std::string_view::npos) break;
    start = dot + 1;
  }
  return path;
}

std::optional<simdjson::dom::element> Find(simdjson::dom::element root, const JsonPath& path) {
  simdjson::dom::element at = root;
  for (const std::string& token : path.tokens) {
    simdjson::dom::object object;
    simdjson::dom::array array;
    if (at.get_object().get(object) == simdjson::SUCCESS) {
      if (object.at_key(token).get(at) != simdjson::SUCCESS) return std::nullopt;
    } else if (at.get_array().get(array) == simdjson::SUCCESS) {
      if (token.empty() || token.size() > 9) return std::nullopt;
      size_t index = 0;
      for (char c : token) {
        if (c < '0' || c > '9') return std::nullopt;
        index = index * 10 + static_cast<size_t>(c - '0');
      }
      if (array.at(index).get(at) != simdjson::SUCCESS) return std::nullopt;
    } else {
      return std::nullopt;
    }
  }
  return at;
}

std::optional<std::string> ScalarText(simdjson::dom::element value) {
  switch (value.type()) {
    case simdjson::dom::element_type::STRING:
      return std::string(std::string_view(value));
    case simdjson::dom::element_type::INT64:
      return std::to_string(int64_t(value));
    case simdjson::dom::element_type::UINT64:
      return std::to_string(uint64_t(value));
    case simdjson::dom::element_type::DOUBLE:
      return simdjson::to_string(value);
    case simdjson::dom::element_type::BOOL:
      return bool(value) ? "true" : "false";
    default:
      return std::nullopt;
  }
}

}  // namespace tempo::rest
