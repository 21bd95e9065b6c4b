// ReportSwallowedKeys: a line-by-line look at the raw text against the parsed root.
#include "config/unclosed_quote.h"

#include <cctype>
#include <string>

namespace tempo::config {
namespace {

// The key of a line that reads `name:` at column 1 (followed by a blank, a comment or nothing);
// empty otherwise.
std::string_view TopLevelKey(std::string_view line) {
  size_t end = 0;
  while (end < line.size() && (std::isalnum(static_cast<unsigned char>(line[end])) ||
                               line[end] == '_' || line[end] == '-')) {
    ++end;
  }
  if (end == 0 || !std::isalpha(static_cast<unsigned char>(line[0]))) return {};
  if (end >= line.size() || line[end] != ':') return {};
  if (end + 1 < line.size() && line[end + 1] != ' ' && line[end + 1] != '\t' &&
      line[end + 1] != '#' && line[end + 1] != '\r') {
    return {};
  }
  return line.substr(0, end);
}

}  // namespace

void ReportSwallowedKeys(std::string_view text, const YAML::Node& root, ErrorList& errors) {
  if (!root.IsMap()) return;
  size_t start = 0;
  int line_number = 0;
  while (start < text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    const std::string_view key = TopLevelKey(text.substr(start, end - start));
    if (!key.empty() && !root[std::string(key)]) {
      YAML::Mark mark = YAML::Mark::null_mark();
      mark.pos = static_cast<int>(start);
      mark.line = line_number;
      mark.column = 0;
      errors.Add(mark, key,
                 "this line is not read as a key: a quoted value above it is not closed, and "
                 "YAML continues a quoted value across lines, so everything down to the next "
                 "quote became part of that value; close the quote");
    }
    start = end + 1;
    ++line_number;
  }
}

}  // namespace tempo::config
