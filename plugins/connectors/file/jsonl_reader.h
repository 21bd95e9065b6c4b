// JsonlReader: reads a JSON Lines file (one JSON object per line) line by line, with the byte
// offset and line number of every line boundary, and extracts the values of a fixed set of
// top-level keys from each object with simdjson On-Demand.
//
// Accepted: LF or CRLF line ends, a UTF-8 BOM, blank lines (skipped), a last line without a line
// end. Malformed (a per-line problem, the next line reads normally): invalid JSON, a value that
// is not an object, a line longer than the size limit. On-Demand validates what it reads: the
// structure of the whole line and every extracted value; the inside of a value whose key is not
// extracted is skipped, not checked.
//
// Not thread-safe; one reader per file.
#ifndef TEMPO_PLUGINS_CONNECTORS_FILE_JSONL_READER_H_
#define TEMPO_PLUGINS_CONNECTORS_FILE_JSONL_READER_H_

#include <simdjson.h>

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "chunked_file.h"
#include "source_value.h"
#include "tempo/plugin.hpp"

namespace tempo::file {

struct JsonlRow {
  enum class Kind {
    kObject,     // `values` holds the extracted keys' values
    kMalformed,  // `problem` says why
    kEnd,        // no more lines
  };
  Kind kind = Kind::kEnd;
  uint64_t line = 0;                // 1-based line number
  std::string_view text;            // the line without its line end; valid until the next Next()
  std::vector<SourceValue> values;  // one per key given to the reader; valid until the next Next()
  std::string problem;
};

class JsonlReader {
 public:
  // `keys` are the top-level keys to extract, in the order of JsonlRow::values.
  explicit JsonlReader(std::vector<std::string> keys, size_t chunk_bytes = kDefaultChunkBytes,
                       size_t max_line_bytes = kDefaultMaxRowBytes);

  // Opens the file (skipping a BOM); the reader is then at the first line.
  sdk::Status Open(const std::string& path, const std::string& display_name);

  // Moves to a line boundary that offset() and line() reported earlier for this same file
  // version (same stamp()).
  sdk::Status Seek(uint64_t offset, uint64_t line);

  // Reads the next non-blank line. Errors are I/O errors only; bad lines come back kMalformed.
  sdk::Status Next(JsonlRow* row);

  uint64_t data_offset() const { return data_offset_; }
  uint64_t offset() const { return input_.offset(); }
  uint64_t line() const { return line_; }
  const FileStamp& stamp() const { return input_.stamp(); }

 private:
  // Parses line_text_ into row->values; returns "" or what is wrong with the line.
  std::string Extract(JsonlRow* row);

  std::vector<std::string> keys_;
  size_t max_line_bytes_;
  ChunkedFile input_;
  simdjson::ondemand::parser parser_;
  std::string line_text_;  // the current line, with simdjson's padding reserved after it
  uint64_t data_offset_ = 0;
  uint64_t line_ = 1;
};

// Extracts the top-level `keys` of the JSON object in `text` into `values` (one per key, in
// order; views into `text`), as JsonlReader does for each line. Reserves simdjson's padding
// after `text` (it may reallocate: take views only after the call). Returns "" or what is wrong
// with the text (invalid JSON, not an object).
std::string ExtractObjectValues(simdjson::ondemand::parser& parser, std::string& text,
                                const std::vector<std::string>& keys,
                                std::vector<SourceValue>* values);

}  // namespace tempo::file

#endif  // TEMPO_PLUGINS_CONNECTORS_FILE_JSONL_READER_H_
