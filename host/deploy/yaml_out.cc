// YamlOut: the emitter wrapper and the plain-scalar rule (yaml_out.h).
#include "deploy/yaml_out.h"

#include <algorithm>
#include <array>
#include <cctype>

namespace tempo::deploy {
namespace {

// Words YAML 1.1 reads as booleans or null in some spelling (Kubernetes' parser follows 1.1
// there), compared lower-cased.
constexpr std::array<std::string_view, 9> kSpecialWords = {"y",   "n",    "yes",   "no",  "on",
                                                           "off", "true", "false", "null"};

}  // namespace

bool PlainIsSafe(std::string_view text) {
  if (text.empty()) return false;
  const char first = text.front();
  if (!std::isalpha(static_cast<unsigned char>(first)) && first != '/' && first != '_') {
    return false;  // digits, signs and dots may read as numbers; other marks are YAML syntax
  }
  for (char c : text) {
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '.' && c != '/' && c != '_' &&
        c != '-') {
      return false;
    }
  }
  std::string lower(text);
  std::transform(lower.begin(), lower.end(), lower.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return std::find(kSpecialWords.begin(), kSpecialWords.end(), lower) == kSpecialWords.end();
}

YamlOut::YamlOut() {
  out_.SetIndent(2);
  out_.SetMapFormat(YAML::Block);
  out_.SetSeqFormat(YAML::Block);
}

YamlOut& YamlOut::Map() {
  out_ << YAML::BeginMap;
  open_maps_.push_back(true);
  return *this;
}

YamlOut& YamlOut::List() {
  out_ << YAML::BeginSeq;
  open_maps_.push_back(false);
  return *this;
}

YamlOut& YamlOut::FlowList() {
  out_ << YAML::Flow << YAML::BeginSeq;
  open_maps_.push_back(false);
  return *this;
}

YamlOut& YamlOut::End() {
  if (open_maps_.empty()) {
    unbalanced_ = true;
    return *this;
  }
  out_ << (open_maps_.back() ? YAML::EndMap : YAML::EndSeq);
  open_maps_.pop_back();
  return *this;
}

YamlOut& YamlOut::Key(std::string_view key) {
  out_ << YAML::Key;
  return Str(key);
}

YamlOut& YamlOut::Str(std::string_view value) {
  if (!PlainIsSafe(value)) out_ << YAML::DoubleQuoted;
  out_ << std::string(value);
  return *this;
}

YamlOut& YamlOut::Int(int64_t value) {
  out_ << value;
  return *this;
}

YamlOut& YamlOut::Bool(bool value) {
  out_ << value;
  return *this;
}

YamlOut& YamlOut::Text(std::string_view value) {
  // A literal block reads back as its lines with one final newline: only a text that ends in
  // exactly one newline, has no line starting with a blank (the first line's indentation would
  // be taken for the block's) and only printable characters and tabs round-trips.
  bool literal = value.size() >= 2 && value.back() == '\n' && value[value.size() - 2] != '\n' &&
                 value.front() != ' ' && value.front() != '\t' && value.front() != '\n';
  for (char c : value) {
    const unsigned char u = static_cast<unsigned char>(c);
    if ((u < 0x20 && c != '\n' && c != '\t') || u == 0x7f) literal = false;
  }
  if (literal) {
    out_ << YAML::Literal << std::string(value);
  } else {
    out_ << YAML::DoubleQuoted << std::string(value);
  }
  return *this;
}

std::string YamlOut::text() const {
  std::string text = out_.c_str();
  if (text.empty() || text.back() != '\n') text += '\n';
  return text;
}

}  // namespace tempo::deploy
