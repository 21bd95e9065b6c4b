// A CSV record splitter over byte ranges (csv.h): one pass per record, no look-back.
#include "csv.h"

namespace tempo::marketo {

size_t SkipBom(std::string_view data) { return data.substr(0, 3) == "\xEF\xBB\xBF" ? 3 : 0; }

CsvNext NextCsvRecord(std::string_view data, size_t* pos, bool at_end,
                      std::vector<std::string>* fields) {
  size_t at = *pos;
  // Blank lines are not records.
  while (at < data.size() && (data[at] == '\n' || data[at] == '\r')) ++at;
  if (at >= data.size()) {
    if (at_end) *pos = at;
    return CsvNext::kNeedMore;
  }
  size_t used = 0;  // fields reused, so their buffers are too
  auto field = [&]() -> std::string& {
    if (used == fields->size()) fields->emplace_back();
    std::string& f = (*fields)[used++];
    f.clear();
    return f;
  };
  std::string* current = &field();
  enum class State { kFieldStart, kUnquoted, kQuoted, kQuoteInQuoted } state = State::kFieldStart;
  for (; at < data.size(); ++at) {
    const char c = data[at];
    switch (state) {
      case State::kQuoted:
        if (c == '"') {
          state = State::kQuoteInQuoted;
        } else {
          current->push_back(c);  // delimiters and line breaks inside quotes are data
        }
        continue;
      case State::kQuoteInQuoted:
        if (c == '"') {  // a doubled quote is one literal quote
          current->push_back('"');
          state = State::kQuoted;
          continue;
        }
        state = State::kUnquoted;  // the closing quote; c is what follows it
        break;
      case State::kFieldStart:
        if (c == '"') {
          state = State::kQuoted;
          continue;
        }
        break;
      case State::kUnquoted:
        break;
    }
    if (c == ',') {
      current = &field();
      state = State::kFieldStart;
    } else if (c == '\n' || c == '\r') {
      if (c == '\r') {
        if (at + 1 < data.size()) {
          if (data[at + 1] == '\n') ++at;
        } else if (!at_end) {
          return CsvNext::kNeedMore;  // the LF of a CRLF may open the next range
        }
      }
      fields->resize(used);
      *pos = at + 1;
      return CsvNext::kRecord;
    } else {
      current->push_back(c);
      state = State::kUnquoted;
    }
  }
  if (!at_end) return CsvNext::kNeedMore;
  if (state == State::kQuoted) return CsvNext::kUnterminated;
  fields->resize(used);
  *pos = at;
  return CsvNext::kRecord;
}

}  // namespace tempo::marketo
