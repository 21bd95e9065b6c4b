// Templates. See template.h.
#include "template.h"

namespace tempo::rest {
namespace {

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

bool IsKeyName(std::string_view name) {
  if (name.empty() || !((name[0] >= 'a' && name[0] <= 'z') || name[0] == '_')) return false;
  for (char c : name) {
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_')) return false;
  }
  return true;
}

}  // namespace

std::optional<Template> Template::Parse(std::string_view text, std::string* why) {
  Template t;
  t.text_ = std::string(text);
  size_t at = 0;
  while (at < text.size()) {
    const size_t open = text.find("{{", at);
    if (open == std::string_view::npos) {
      t.parts_.push_back({false, std::string(text.substr(at))});
      break;
    }
    if (open > at) t.parts_.push_back({false, std::string(text.substr(at, open - at))});
    const size_t close = text.find("}}", open + 2);
    if (close == std::string_view::npos) {
      *why = "has a '{{' without its '}}'; write {{ config.KEY }}";
      return std::nullopt;
    }
    const std::string_view inner = Trim(text.substr(open + 2, close - open - 2));
    constexpr std::string_view kPrefix = "config.";
    if (inner.substr(0, kPrefix.size()) != kPrefix || !IsKeyName(inner.substr(kPrefix.size()))) {
      *why = "names '{{ " + std::string(inner) +
             " }}'; a reference is {{ config.KEY }}, KEY a key of the manifest's spec "
             "(lower case letters, digits and '_')";
      return std::nullopt;
    }
    t.parts_.push_back({true, std::string(inner.substr(kPrefix.size()))});
    at = close + 2;
  }
  return t;
}

std::vector<std::string> Template::Keys() const {
  std::vector<std::string> keys;
  for (const Part& p : parts_) {
    if (p.key) keys.push_back(p.text);
  }
  return keys;
}

std::optional<std::string> Template::Expand(
    const std::map<std::string, std::string>& values) const {
  std::string out;
  for (const Part& p : parts_) {
    if (!p.key) {
      out += p.text;
      continue;
    }
    auto it = values.find(p.text);
    if (it == values.end()) return std::nullopt;
    out += it->second;
  }
  return out;
}

}  // namespace tempo::rest
