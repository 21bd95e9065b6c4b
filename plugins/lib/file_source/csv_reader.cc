// CsvReader: a byte-at-a-time RFC 4180 state machine over a ChunkedFile. It never looks back in
// the input, so a row may span any number of chunks and memory holds one row at a time.
#include "csv_reader.h"

#include <simdjson.h>

namespace tempo::file {

using sdk::Status;

CsvReader::CsvReader(char delimiter, size_t chunk_bytes, size_t max_row_bytes)
    : delimiter_(delimiter), max_row_bytes_(max_row_bytes), input_(chunk_bytes) {}

Status CsvReader::Open(const std::string& path, const std::string& display_name) {
  Status s = input_.Open(path, display_name);
  if (!s.ok()) return s;
  input_.SkipUtf8Bom();
  CsvRow header;
  // The header is read like a row, but before header_ exists there is no count to check.
  s = Next(&header);
  if (!s.ok()) return s;
  if (header.kind == CsvRow::Kind::kMalformed) {
    return Status::Data(display_name + ":" + std::to_string(header.line) + ": the header row " +
                        "cannot be read (" + header.problem + "); fix the file's first line");
  }
  for (std::string_view name : header.fields) header_.emplace_back(name);
  data_offset_ = input_.offset();
  header_read_ = true;
  return Status::Ok();
}

Status CsvReader::Seek(uint64_t offset, uint64_t line) {
  if (offset < data_offset_ || offset > input_.stamp().size) {
    return Status::Internal("cannot resume at byte " + std::to_string(offset) +
                            ": outside the rows of the file");
  }
  Status s = input_.Seek(offset);
  if (!s.ok()) return s;
  line_ = line;
  return Status::Ok();
}

Status CsvReader::Next(CsvRow* row) {
  row->fields.clear();
  row->problem.clear();
  // Skip blank lines; what is left starts a record.
  for (;;) {
    int c = input_.Peek();
    if (c == ChunkedFile::kEof) {
      row->kind = CsvRow::Kind::kEnd;
      row->line = line_;
      return input_.status();
    }
    if (c != '\n' && c != '\r') break;
    EndLine(input_.Get());
  }
  row->line = line_;
  RecordEnd end = ParseRecord();
  if (!input_.status().ok()) return input_.status();

  if (end == RecordEnd::kUnterminatedQuote) {
    row->kind = CsvRow::Kind::kMalformed;
    row->problem = "unterminated quoted field (it runs to the end of the file)";
  } else if (row_too_large_) {
    row->kind = CsvRow::Kind::kMalformed;
    row->problem = "row larger than " + std::to_string(max_row_bytes_) + " bytes";
  } else if (!simdjson::validate_utf8(row_bytes_.data(), row_bytes_.size())) {
    row->kind = CsvRow::Kind::kMalformed;
    row->problem = "not valid UTF-8 (save the file as UTF-8)";
  } else if (header_read_ && field_ends_.size() != header_.size()) {
    row->kind = CsvRow::Kind::kMalformed;
    row->problem =
        std::to_string(field_ends_.size()) + " fields, expected " + std::to_string(header_.size());
  } else {
    row->kind = CsvRow::Kind::kFields;
    size_t begin = 0;
    for (size_t end_of_field : field_ends_) {
      row->fields.emplace_back(row_bytes_.data() + begin, end_of_field - begin);
      begin = end_of_field;
    }
  }
  return Status::Ok();
}

CsvReader::RecordEnd CsvReader::ParseRecord() {
  enum class State { kFieldStart, kUnquoted, kQuoted, kQuoteInQuoted };
  const int delimiter = static_cast<unsigned char>(delimiter_);
  row_bytes_.clear();
  field_ends_.clear();
  row_too_large_ = false;
  State state = State::kFieldStart;
  for (;;) {
    int c = input_.Get();
    if (state == State::kQuoted) {
      if (c == ChunkedFile::kEof) {
        field_ends_.push_back(row_bytes_.size());
        return RecordEnd::kUnterminatedQuote;
      }
      if (c == '"') {
        state = State::kQuoteInQuoted;
        continue;
      }
      Append(c);  // line breaks inside quotes are data, but still count as lines
      if (c == '\n') ++line_;
      if (c == '\r') {
        ++line_;
        if (input_.Peek() == '\n') Append(input_.Get());
      }
      continue;
    }
    if (state == State::kQuoteInQuoted) {
      if (c == '"') {  // a doubled quote is one literal quote
        Append(c);
        state = State::kQuoted;
        continue;
      }
      state = State::kUnquoted;  // the field's closing quote; c is what follows it
    } else if (state == State::kFieldStart && c == '"') {
      state = State::kQuoted;
      continue;
    }
    // Outside quotes.
    if (c == delimiter) {
      field_ends_.push_back(row_bytes_.size());
      state = State::kFieldStart;
    } else if (c == ChunkedFile::kEof || c == '\n' || c == '\r') {
      field_ends_.push_back(row_bytes_.size());
      if (c != ChunkedFile::kEof) EndLine(c);
      return RecordEnd::kComplete;
    } else {
      Append(c);
      state = State::kUnquoted;
    }
  }
}

void CsvReader::EndLine(int c) {
  ++line_;
  if (c == '\r' && input_.Peek() == '\n') input_.Get();
}

void CsvReader::Append(int c) {
  if (row_bytes_.size() < max_row_bytes_) {
    row_bytes_.push_back(static_cast<char>(c));
  } else {
    row_too_large_ = true;  // keep scanning to the row's end, but hold no more of it
  }
}

namespace {

// sdk::AppendJsonString, with the common case (nothing to escape) appended in one piece: the
// character-by-character escape was the largest item of a CSV import's profile.
void AppendJsonText(std::string* out, std::string_view text) {
  for (unsigned char c : text) {
    if (c < 0x20 || c == '"' || c == '\\') {
      sdk::AppendJsonString(*out, text);
      return;
    }
  }
  out->push_back('"');
  out->append(text);
  out->push_back('"');
}

}  // namespace

void CsvRowJson(const std::vector<std::string>& header, const std::vector<std::string_view>& fields,
                std::string* raw) {
  raw->assign("{");
  for (size_t i = 0; i < header.size(); ++i) {
    if (i > 0) raw->push_back(',');
    AppendJsonText(raw, header[i]);
    raw->push_back(':');
    AppendJsonText(raw, fields[i]);
  }
  raw->push_back('}');
}

}  // namespace tempo::file
