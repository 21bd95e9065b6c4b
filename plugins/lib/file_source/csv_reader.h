// CsvReader: reads an RFC 4180 CSV file row by row, with the byte offset and line number of
// every row boundary, so a read can stop after any row and resume there later.
//
// What it accepts:
//   - a header row (the first non-blank record), required; a UTF-8 BOM before it is skipped;
//   - quoted fields ("a, b"), doubled quotes inside them ("say ""hi"""), delimiters and line
//     breaks inside them;
//   - LF, CRLF or lone CR line ends, mixed freely, and a missing line end after the last row;
//   - blank lines, which are skipped (they are not rows of one empty field).
// What it forgives, as spreadsheet tools do: a quote inside an unquoted field, and characters
// between a closing quote and the next delimiter, are kept as literal text.
// What makes a row malformed (a per-row problem, the next row reads normally): a field count
// other than the header's, bytes that are not UTF-8, a row larger than the size limit. An
// unterminated quoted field runs to the end of the file: one malformed row that ends the file.
//
// Not thread-safe; one reader per file.
#ifndef TEMPO_PLUGINS_LIB_FILE_SOURCE_CSV_READER_H_
#define TEMPO_PLUGINS_LIB_FILE_SOURCE_CSV_READER_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "chunked_file.h"
#include "tempo/plugin.hpp"

namespace tempo::file {

struct CsvRow {
  enum class Kind {
    kFields,     // `fields` holds the row, one per header column
    kMalformed,  // `problem` says why, e.g. "4 fields, expected 6"
    kEnd,        // no more rows
  };
  Kind kind = Kind::kEnd;
  uint64_t line = 0;                     // 1-based line on which the row starts
  std::vector<std::string_view> fields;  // valid until the next Next()
  std::string problem;
};

class CsvReader {
 public:
  CsvReader(char delimiter, size_t chunk_bytes = kDefaultChunkBytes,
            size_t max_row_bytes = kDefaultMaxRowBytes);

  // Opens the file and reads its header row; the reader is then at the first data row. A file
  // with no bytes (or only blank lines) has an empty header and no rows. A header with an
  // unterminated quote is a Data error: no row of such a file can be read.
  sdk::Status Open(const std::string& path, const std::string& display_name);

  // Moves to a row boundary that offset() and line() reported earlier for this same file
  // version (same stamp()); the next row read is the one that started there. `offset` must lie
  // between data_offset() and the file size.
  sdk::Status Seek(uint64_t offset, uint64_t line);

  // Reads the next row. Errors are I/O errors only; bad rows come back as kMalformed.
  sdk::Status Next(CsvRow* row);

  const std::vector<std::string>& header() const { return header_; }
  // Where the first data row starts (just after the header).
  uint64_t data_offset() const { return data_offset_; }
  // The position of the next row: its byte offset and 1-based line number.
  uint64_t offset() const { return input_.offset(); }
  uint64_t line() const { return line_; }
  const FileStamp& stamp() const { return input_.stamp(); }

 private:
  enum class RecordEnd { kComplete, kUnterminatedQuote };

  // Parses one record (at least one byte must remain) into fields_/field_ends_.
  RecordEnd ParseRecord();
  // Consumes a line break whose first byte `c` was just read: "\r\n" counts as one.
  void EndLine(int c);
  void Append(int c);

  char delimiter_;
  size_t max_row_bytes_;
  ChunkedFile input_;
  std::vector<std::string> header_;
  bool header_read_ = false;  // Open() is done: rows must match the header's field count
  uint64_t data_offset_ = 0;
  uint64_t line_ = 1;
  std::string row_bytes_;           // the current row's unescaped field bytes, back to back
  std::vector<size_t> field_ends_;  // end of each field in row_bytes_
  bool row_too_large_ = false;
};

// The raw record of a CSV row: a JSON object of header column -> field text, in header order
// (`fields` has one per header column). Replaces *raw.
void CsvRowJson(const std::vector<std::string>& header, const std::vector<std::string_view>& fields,
                std::string* raw);

}  // namespace tempo::file

#endif  // TEMPO_PLUGINS_LIB_FILE_SOURCE_CSV_READER_H_
