// CSV records out of a bulk export file that arrives in byte ranges: RFC 4180 quoting (quoted
// fields with delimiters, doubled quotes and line breaks inside), LF, CRLF or lone CR line
// ends, blank lines skipped, a UTF-8 BOM before the header skipped. A record that has not ended
// by the end of the bytes at hand is left for the next range (unless the file ends there).
// Forgiving as spreadsheet tools are: a quote inside an unquoted field, and text between a
// closing quote and the next delimiter, are kept as literal text. Marketo's value conventions
// (the literal `null`) are the mapping's (lead_mapping.h), not the parser's. Pure;
// thread-compatible.
#ifndef TEMPO_PLUGINS_CONNECTORS_MARKETO_CSV_H_
#define TEMPO_PLUGINS_CONNECTORS_MARKETO_CSV_H_

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace tempo::marketo {

enum class CsvNext {
  kRecord,       // *fields holds a record; *pos is past it
  kNeedMore,     // the rest of `data` is an unfinished record (or nothing): fetch more bytes
  kUnterminated  // `at_end` and a quoted field never closes: the file is cut or malformed
};

// Reads the record of `data` at `*pos` into `fields` (cleared first; their buffers reused).
// `at_end`: `data` ends where the file ends, so a last record without a line break is whole.
// *pos never moves on kNeedMore or kUnterminated.
CsvNext NextCsvRecord(std::string_view data, size_t* pos, bool at_end,
                      std::vector<std::string>* fields);

// The offset just past a UTF-8 BOM at the start of `data` (0 when there is none).
size_t SkipBom(std::string_view data);

}  // namespace tempo::marketo

#endif  // TEMPO_PLUGINS_CONNECTORS_MARKETO_CSV_H_
