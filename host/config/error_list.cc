// ErrorList implementation.
#include "config/error_list.h"

#include <algorithm>
#include <tuple>

namespace tempo::config {

std::string FormatLocation(const std::string& file, const YAML::Mark& mark) {
  if (mark.is_null() || mark.line < 0) return file;
  return file + ":" + std::to_string(mark.line + 1) + ":" + std::to_string(mark.column + 1);
}

std::string_view DescribeKind(const YAML::Node& node) {
  switch (node.Type()) {
    case YAML::NodeType::Sequence:
      return "a list";
    case YAML::NodeType::Map:
      return "a mapping";
    case YAML::NodeType::Scalar:
      return "a single value";
    default:
      return "an empty value";
  }
}

void ErrorList::Add(const YAML::Mark& mark, std::string_view key_path, std::string_view message) {
  std::string text = FormatLocation(file_, mark) + ": ";
  if (!key_path.empty()) {
    text += key_path;
    text += ": ";
  }
  text += message;
  entries_.push_back({mark.line, mark.column, std::move(text)});
}

Status ErrorList::ToStatus() const {
  std::vector<Entry> sorted = entries_;
  std::stable_sort(sorted.begin(), sorted.end(), [](const Entry& a, const Entry& b) {
    return std::tie(a.line, a.column) < std::tie(b.line, b.column);
  });
  // An alias (*name) visits the same YAML node twice; say each thing once.
  sorted.erase(std::unique(sorted.begin(), sorted.end(),
                           [](const Entry& a, const Entry& b) { return a.text == b.text; }),
               sorted.end());
  std::string message;
  for (const Entry& entry : sorted) {
    if (!message.empty()) message += '\n';
    message += entry.text;
  }
  return Status::InvalidArgument(std::move(message));
}

}  // namespace tempo::config
