// Manifest YAML reading. See manifest_yaml.h.
#include "manifest_yaml.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdlib>

#include "tempo/text.hpp"

namespace tempo::rest {

void ManifestErrors::Add(const YAML::Mark& mark, std::string_view path, std::string_view message) {
  const bool known = mark.line >= 0 && mark.column >= 0 && !mark.is_null();
  const int line = known ? mark.line + 1 : 0, column = known ? mark.column + 1 : 0;
  std::string text = file_;
  if (known) text += ":" + std::to_string(line) + ":" + std::to_string(column);
  text += ": ";
  if (!path.empty()) text += std::string(path) + ": ";
  text += message;
  entries_.push_back({line, column, std::move(text)});
}

std::string ManifestErrors::Text() const {
  std::vector<Entry> sorted = entries_;
  std::stable_sort(sorted.begin(), sorted.end(), [](const Entry& a, const Entry& b) {
    return a.line != b.line ? a.line < b.line : a.column < b.column;
  });
  std::string out;
  for (const Entry& e : sorted) out += (out.empty() ? "" : "\n") + e.text;
  return out;
}

std::string_view YamlKind(const YAML::Node& node) {
  if (!node.IsDefined() || node.IsNull()) return "an empty value";
  if (node.IsMap()) return "a mapping";
  if (node.IsSequence()) return "a list";
  return "a single value";
}

YamlMap::YamlMap(const YAML::Node& node, std::string path, ManifestErrors* errors,
                 std::vector<std::string_view> keys, std::string_view what)
    : path_(std::move(path)), errors_(errors), mark_(node.Mark()) {
  if (!node.IsMap()) {
    errors_->Add(mark_, path_, "expected a mapping, found " + std::string(YamlKind(node)));
    return;
  }
  valid_ = true;
  for (auto it = node.begin(); it != node.end(); ++it) {
    if (!it->first.IsScalar()) {
      errors_->Add(it->first.Mark(), path_, "keys must be plain names");
      continue;
    }
    const std::string key = it->first.Scalar();
    const std::string key_path = path_.empty() ? key : path_ + "." + key;
    if (const Entry* first = Find(key)) {
      errors_->Add(it->first.Mark(), key_path,
                   "duplicate key; the first is at line " +
                       std::to_string(first->key_mark.line + 1) + "; keep one");
      continue;
    }
    if (std::find(keys.begin(), keys.end(), key) == keys.end()) {
      std::string message = "unknown " + std::string(what);
      const std::string closest = sdk::ClosestMatch(key, keys);
      if (!closest.empty()) {
        message += "; did you mean '" + closest + "'?";
      } else {
        message += "; the allowed ones are: ";
        for (size_t i = 0; i < keys.size(); ++i) message += (i ? ", " : "") + std::string(keys[i]);
      }
      errors_->Add(it->first.Mark(), key_path, message);
      continue;
    }
    entries_.push_back({key, it->first.Mark(), it->second});
  }
}

const YamlMap::Entry* YamlMap::Find(std::string_view key) const {
  for (const Entry& e : entries_) {
    if (e.key == key) return &e;
  }
  return nullptr;
}

YAML::Node YamlMap::Get(std::string_view key) const {
  const Entry* e = Find(key);
  return e ? e->value : YAML::Node(YAML::NodeType::Undefined);
}

YAML::Mark YamlMap::MarkOf(std::string_view key) const {
  const Entry* e = Find(key);
  if (e == nullptr) return mark_;
  const YAML::Mark m = e->value.Mark();
  return e->value.IsNull() || m.is_null() ? e->key_mark : m;
}

std::vector<std::string> YamlMap::Keys() const {
  std::vector<std::string> keys;
  for (const Entry& e : entries_) keys.push_back(e.key);
  return keys;
}

void YamlMap::Error(std::string_view key, std::string_view message) const {
  errors_->Add(MarkOf(key), path_.empty() ? std::string(key) : PathOf(key), message);
}

bool YamlMap::Require(std::string_view key) const {
  if (Has(key)) return true;
  if (valid_) errors_->Add(mark_, path_, "missing required key '" + std::string(key) + "'");
  return false;
}

std::optional<std::string> YamlMap::Scalar(std::string_view key, const char* expected) const {
  const Entry* e = Find(key);
  if (e == nullptr) return std::nullopt;
  if (!e->value.IsScalar()) {
    Error(key, std::string("expected ") + expected + ", found " + std::string(YamlKind(e->value)));
    return std::nullopt;
  }
  return e->value.Scalar();
}

bool YamlMap::String(std::string_view key, std::string* out, bool required) const {
  if (required && !Require(key)) return false;
  std::optional<std::string> text = Scalar(key, "a string");
  if (!text) return false;
  *out = *text;
  return true;
}

bool YamlMap::Integer(std::string_view key, int64_t* out, bool required) const {
  if (required && !Require(key)) return false;
  std::optional<std::string> text = Scalar(key, "an integer");
  if (!text) return false;
  int64_t v = 0;
  auto [end, ec] = std::from_chars(text->data(), text->data() + text->size(), v);
  if (ec != std::errc() || end != text->data() + text->size()) {
    Error(key, "expected an integer, found '" + *text + "'");
    return false;
  }
  *out = v;
  return true;
}

bool YamlMap::Number(std::string_view key, double* out, bool required) const {
  if (required && !Require(key)) return false;
  std::optional<std::string> text = Scalar(key, "a number");
  if (!text) return false;
  char* end = nullptr;
  const double v = std::strtod(text->c_str(), &end);
  if (text->empty() || end != text->c_str() + text->size() || !std::isfinite(v)) {
    Error(key, "expected a number, found '" + *text + "'");
    return false;
  }
  *out = v;
  return true;
}

bool YamlMap::Boolean(std::string_view key, bool* out, bool required) const {
  if (required && !Require(key)) return false;
  std::optional<std::string> text = Scalar(key, "true or false");
  if (!text) return false;
  if (*text != "true" && *text != "false") {
    Error(key, "expected true or false, found '" + *text + "'");
    return false;
  }
  *out = *text == "true";
  return true;
}

bool YamlMap::OneOf(std::string_view key, const std::vector<std::string_view>& values,
                    std::string* out, bool required) const {
  std::string text;
  if (!String(key, &text, required)) return false;
  if (std::find(values.begin(), values.end(), text) == values.end()) {
    std::string message = "'" + text + "' is not allowed here";
    const std::string closest = sdk::ClosestMatch(text, values);
    message += closest.empty() ? "" : " (did you mean '" + closest + "'?)";
    message += "; use one of: ";
    for (size_t i = 0; i < values.size(); ++i) message += (i ? ", " : "") + std::string(values[i]);
    Error(key, message);
    return false;
  }
  *out = text;
  return true;
}

bool YamlMap::Path(std::string_view key, JsonPath* out, bool required) const {
  std::string text;
  if (!String(key, &text, required)) return false;
  std::string why;
  std::optional<JsonPath> path = ParseJsonPath(text, &why);
  if (!path) {
    Error(key, why);
    return false;
  }
  *out = std::move(*path);
  return true;
}

bool YamlMap::Text(std::string_view key, Template* out, bool required) const {
  std::string text;
  if (!String(key, &text, required)) return false;
  std::string why;
  std::optional<Template> t = Template::Parse(text, &why);
  if (!t) {
    Error(key, why);
    return false;
  }
  *out = std::move(*t);
  return true;
}

bool YamlMap::Templates(std::string_view key,
                        std::vector<std::pair<std::string, Template>>* out) const {
  const Entry* e = Find(key);
  if (e == nullptr) return false;
  if (!e->value.IsMap()) {
    Error(key, "expected a mapping of names to values, found " + std::string(YamlKind(e->value)));
    return false;
  }
  bool ok = true;
  for (auto it = e->value.begin(); it != e->value.end(); ++it) {
    const std::string name = it->first.IsScalar() ? it->first.Scalar() : "";
    const std::string item_path = PathOf(key) + "." + name;
    if (!it->second.IsScalar() || name.empty()) {
      errors_->Add(it->first.Mark(), item_path,
                   "expected a name and a single value (a string or a number)");
      ok = false;
      continue;
    }
    std::string why;
    std::optional<Template> t = Template::Parse(it->second.Scalar(), &why);
    if (!t) {
      errors_->Add(it->second.Mark(), item_path, why);
      ok = false;
      continue;
    }
    out->emplace_back(name, std::move(*t));
  }
  return ok;
}

}  // namespace tempo::rest
