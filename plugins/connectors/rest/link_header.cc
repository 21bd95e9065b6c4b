// Link header parsing. See link_header.h.
#include "link_header.h"

#include "tempo/text.hpp"

namespace tempo::rest {
namespace {

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

// True when the space-separated relation types `rels` include "next".
bool HasNext(std::string_view rels) {
  while (!rels.empty()) {
    const size_t space = rels.find(' ');
    if (sdk::EqualsNoCase(rels.substr(0, space), "next")) return true;
    if (space == std::string_view::npos) break;
    rels.remove_prefix(space + 1);
  }
  return false;
}

}  // namespace

std::optional<std::string> NextLink(std::string_view header) {
  size_t at = 0;
  while (at < header.size()) {
    const size_t open = header.find('<', at);
    if (open == std::string_view::npos) return std::nullopt;
    const size_t close = header.find('>', open + 1);
    if (close == std::string_view::npos) return std::nullopt;
    const std::string_view target = header.substr(open + 1, close - open - 1);
    // The parameters run to the next link: a ',' outside quotes.
    size_t end = close + 1;
    bool quoted = false;
    while (end < header.size() && (quoted || header[end] != ',')) {
      if (header[end] == '"') quoted = !quoted;
      ++end;
    }
    std::string_view params = header.substr(close + 1, end - close - 1);
    while (!params.empty()) {
      const size_t semi = params.find(';');
      std::string_view param = Trim(params.substr(0, semi));
      const size_t eq = param.find('=');
      if (eq != std::string_view::npos && sdk::EqualsNoCase(Trim(param.substr(0, eq)), "rel")) {
        std::string_view value = Trim(param.substr(eq + 1));
        if (value.size() >= 2 && value.front() == '"' && value.back() == '"') {
          value = value.substr(1, value.size() - 2);
        }
        if (HasNext(Trim(value))) return std::string(Trim(target));
      }
      if (semi == std::string_view::npos) break;
      params.remove_prefix(semi + 1);
    }
    at = end + 1;
  }
  return std::nullopt;
}

}  // namespace tempo::rest
