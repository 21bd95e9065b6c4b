// ReadStream and CheckStream: the page and checkpoint loop over a stream's files.
//
// The invariant every checkpoint keeps: the records emitted so far are exactly the rows before
// the state's resume position (plus the files it lists as done). Rows are counted into pages;
// at a page boundary the batch is flushed, then the state pointing at the next row is
// checkpointed, so the host commits both together.
#include "stream_reader.h"

#include <algorithm>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "csv_reader.h"
#include "file_listing.h"
#include "file_state.h"
#include "jsonl_reader.h"
#include "source_value.h"

namespace tempo::file {
namespace {

using sdk::Status;

// Prefixes a failure with the stream it concerns.
Status InStream(const StreamConfig& stream, const Status& s) {
  if (s.ok()) return s;
  return Status(s.code(), "stream '" + stream.name + "': " + s.message());
}

// The config key that names a slot's source column, for messages: "id", "columns.domain", ...
std::string SlotUse(const StreamConfig& stream, size_t slot) {
  if (slot == 0) return "id";
  if (static_cast<int>(slot) == stream.updated_at_slot) return "updated_at";
  for (size_t i = 0; i < stream.columns.size(); ++i) {
    if (stream.column_slots[i] == slot) return "columns." + stream.columns[i].canonical;
  }
  return "columns";
}

// Finds, for each slot, the header column that holds it (the first one of that name).
// InvalidArgument naming the file and the column when the header lacks one.
Status MapHeader(const StreamConfig& stream, const std::string& file_name,
                 const std::vector<std::string>& header, std::vector<size_t>* column_of_slot) {
  column_of_slot->clear();
  for (size_t slot = 0; slot < stream.source_columns.size(); ++slot) {
    const std::string& wanted = stream.source_columns[slot];
    auto it = std::find(header.begin(), header.end(), wanted);
    if (it == header.end()) {
      std::string columns;
      for (size_t i = 0; i < header.size() && i < 30; ++i) {
        columns += (i == 0 ? "" : ", ") + header[i];
      }
      if (header.size() > 30) columns += ", ...";
      return Status::InvalidArgument(file_name + " has no column '" + wanted + "' (named by " +
                                     SlotUse(stream, slot) + "); its columns are: " + columns +
                                     ". Fix the stream's mapping or the file's header");
    }
    column_of_slot->push_back(static_cast<size_t>(it - header.begin()));
  }
  return Status::Ok();
}

// The raw record of a CSV row: a JSON object of header -> field text.
void BuildCsvRaw(const std::vector<std::string>& header,
                 const std::vector<std::string_view>& fields, std::string* raw) {
  raw->assign("{");
  for (size_t i = 0; i < header.size(); ++i) {
    if (i > 0) raw->push_back(',');
    sdk::AppendJsonString(*raw, header[i]);
    raw->push_back(':');
    sdk::AppendJsonString(*raw, fields[i]);
  }
  raw->push_back('}');
}

// One read() of one stream. Owns the batch and the state being advanced.
class StreamRead {
 public:
  StreamRead(sdk::Context& ctx, const StreamConfig& stream, bool incremental,
             const ReadOptions& options)
      : ctx_(ctx),
        stream_(stream),
        incremental_(incremental),
        options_(options),
        // Pages are flushed explicitly before they reach page_rows records, so the batch never
        // flushes on its own (which would invalidate the values copied for the record in hand).
        batch_(ctx, options.page_rows) {}

  Status Run(std::string_view state_json);

 private:
  bool FilterByCursor() const {
    return incremental_ && stream_.incremental == IncrementalBy::kCursor;
  }
  template <class Reader>
  Status OpenAtResumePoint(Reader& reader, const SourceFile& file, bool* gone);
  Status ReadCsv(const SourceFile& file);
  Status ReadJsonl(const SourceFile& file);
  Status EmitRow(const SourceFile& file, uint64_t line, const std::vector<SourceValue>& values,
                 std::string_view raw);
  Status EndRow(const SourceFile& file, const FileStamp& stamp, uint64_t next_offset,
                uint64_t next_line);
  void Reject(const SourceFile& file, uint64_t line, const std::string& problem) {
    ctx_.Reject(file.name + ":" + std::to_string(line) + ": " + problem);
  }

  sdk::Context& ctx_;
  const StreamConfig& stream_;
  const bool incremental_;
  const ReadOptions options_;
  sdk::RecordBatch batch_;
  StreamState state_;  // the committed part as received, and the run being advanced
  size_t rows_in_page_ = 0;
  std::vector<SourceValue> csv_values_;  // per-row scratch
  std::string csv_raw_;                  // per-row scratch
};

Status StreamRead::Run(std::string_view state_json) {
  Status s = DecodeState(state_json, &state_);
  if (!s.ok()) {
    return Status(s.code(), s.message() + "; reset the stream's state to read it from the start");
  }
  // A full refresh without an unfinished full refresh to resume starts from nothing; an
  // unfinished read of the other mode is dropped (its records are committed and harmless).
  if (state_.run && state_.run->incremental != incremental_) state_.run.reset();
  if (!incremental_ && !state_.run) state_ = StreamState();
  if (state_.run && state_.run->position) {
    ctx_.Info("stream '" + stream_.name + "': resuming the interrupted read at " +
              state_.run->position->file + " line " + std::to_string(state_.run->position->line));
  }
  if (!state_.run) state_.run.emplace();
  RunState& run = *state_.run;
  run.incremental = incremental_;

  std::vector<SourceFile> files;
  s = ListStreamFiles(stream_, &files);
  if (!s.ok()) return s;
  if (files.empty()) {
    ctx_.Warn("stream '" + stream_.name + "': no .csv, .jsonl or .ndjson file in " + stream_.path);
  }

  for (const SourceFile& file : files) {
    auto done = run.done.find(file.name);
    if (done != run.done.end() && done->second == file.stamp) continue;  // earlier in this read
    if (incremental_ && stream_.incremental == IncrementalBy::kMtime) {
      auto seen = state_.files.find(file.name);
      if (seen != state_.files.end() && seen->second == file.stamp) {
        run.done[file.name] = file.stamp;  // unchanged since the last completed read
        continue;
      }
    }
    s = file.format == FileFormat::kCsv ? ReadCsv(file) : ReadJsonl(file);
    if (!s.ok()) return s;
  }

  s = batch_.Flush();
  if (!s.ok()) return s;
  StreamState completed;
  completed.files = std::move(run.done);
  completed.cursor = incremental_ ? std::max(state_.cursor, run.max_cursor) : run.max_cursor;
  return ctx_.Checkpoint(stream_.name, EncodeState(completed));
}

// Opens `file` and, when the unfinished read stopped inside this same version of it, moves to
// the saved row. A file changed since is read from the top. *gone: it vanished since listing.
template <class Reader>
Status StreamRead::OpenAtResumePoint(Reader& reader, const SourceFile& file, bool* gone) {
  Status s = reader.Open(file.path, file.name);
  *gone = s.code() == TEMPO_ERR_NOT_FOUND;
  if (*gone) {
    ctx_.Warn("stream '" + stream_.name + "': " + file.name + " was removed while reading");
    return Status::Ok();
  }
  if (!s.ok()) return s;
  const std::optional<ResumePoint>& position = state_.run->position;
  if (!position || position->file != file.name) return Status::Ok();
  if (position->stamp != reader.stamp()) {
    ctx_.Info("stream '" + stream_.name + "': " + file.name +
              " changed since the interrupted read; reading it from the top");
    return Status::Ok();
  }
  if (position->offset < reader.data_offset() || position->offset > reader.stamp().size) {
    ctx_.Warn("stream '" + stream_.name + "': the saved position in " + file.name +
              " is outside the file; reading it from the top");
    return Status::Ok();
  }
  return reader.Seek(position->offset, position->line);
}

Status StreamRead::ReadCsv(const SourceFile& file) {
  CsvReader reader(stream_.delimiter, options_.chunk_bytes, options_.max_row_bytes);
  bool gone = false;
  Status s = OpenAtResumePoint(reader, file, &gone);
  if (!s.ok() || gone) return s;
  const std::vector<std::string>& header = reader.header();
  std::vector<size_t> column_of_slot;
  if (header.empty()) {  // an empty file: no header, no rows
    ctx_.Warn("stream '" + stream_.name + "': " + file.name + " is empty");
  } else {
    s = MapHeader(stream_, file.name, header, &column_of_slot);
    if (!s.ok()) return s;
  }

  CsvRow row;
  for (;;) {
    s = reader.Next(&row);
    if (!s.ok()) return s;
    if (row.kind == CsvRow::Kind::kEnd) break;
    if (row.kind == CsvRow::Kind::kMalformed) {
      Reject(file, row.line, row.problem);
    } else {
      csv_values_.assign(column_of_slot.size(), SourceValue());
      for (size_t slot = 0; slot < column_of_slot.size(); ++slot) {
        SourceValue& value = csv_values_[slot];
        value.text = row.fields[column_of_slot[slot]];
        value.type = value.text.empty() ? SourceValue::Type::kNull : SourceValue::Type::kString;
      }
      BuildCsvRaw(header, row.fields, &csv_raw_);
      s = EmitRow(file, row.line, csv_values_, csv_raw_);
      if (!s.ok()) return s;
    }
    s = EndRow(file, reader.stamp(), reader.offset(), reader.line());
    if (!s.ok()) return s;
  }
  state_.run->done[file.name] = reader.stamp();
  state_.run->position.reset();
  return Status::Ok();
}

Status StreamRead::ReadJsonl(const SourceFile& file) {
  JsonlReader reader(stream_.source_columns, options_.chunk_bytes, options_.max_row_bytes);
  bool gone = false;
  Status s = OpenAtResumePoint(reader, file, &gone);
  if (!s.ok() || gone) return s;

  JsonlRow row;
  for (;;) {
    s = reader.Next(&row);
    if (!s.ok()) return s;
    if (row.kind == JsonlRow::Kind::kEnd) break;
    if (row.kind == JsonlRow::Kind::kMalformed) {
      Reject(file, row.line, row.problem);
    } else {
      s = EmitRow(file, row.line, row.values, row.text);
      if (!s.ok()) return s;
    }
    s = EndRow(file, reader.stamp(), reader.offset(), reader.line());
    if (!s.ok()) return s;
  }
  state_.run->done[file.name] = reader.stamp();
  state_.run->position.reset();
  return Status::Ok();
}

// Adds the row's record to the batch, unless it has no id (a reject) or the cursor filters it.
// Every byte the record points to is copied into the batch: the reader reuses its buffers.
Status StreamRead::EmitRow(const SourceFile& file, uint64_t line,
                           const std::vector<SourceValue>& values, std::string_view raw) {
  const SourceValue& id = values[0];
  if (!id.has_text()) {
    Reject(file, line, "no id in column '" + stream_.id_column + "'");
    return Status::Ok();
  }
  std::string_view updated_at;
  if (stream_.updated_at_slot >= 0) {
    const SourceValue& value = values[static_cast<size_t>(stream_.updated_at_slot)];
    if (value.has_text()) updated_at = value.text;
  }
  if (!updated_at.empty()) {
    RunState& run = *state_.run;
    if (updated_at > run.max_cursor) run.max_cursor = std::string(updated_at);
    // Inclusive: rows sharing the cursor's timestamp are sent again, and the upsert absorbs
    // them, so none that arrived after the last read at that same instant is lost.
    if (FilterByCursor() && updated_at < state_.cursor) return Status::Ok();
  }

  batch_.Begin(stream_.entity, batch_.Copy(id.text));
  if (!updated_at.empty()) batch_.UpdatedAt(batch_.Copy(updated_at));
  batch_.Raw(batch_.Copy(raw));
  for (size_t i = 0; i < stream_.columns.size(); ++i) {
    const std::string& name = stream_.columns[i].canonical;
    const SourceValue& value = values[stream_.column_slots[i]];
    switch (value.type) {
      case SourceValue::Type::kAbsent:  // not carried: the store keeps the column's value
        break;
      case SourceValue::Type::kNull:
        batch_.Null(name);
        break;
      case SourceValue::Type::kString:
        batch_.Str(name, batch_.Copy(value.text));
        break;
      case SourceValue::Type::kInt:
        batch_.Int(name, value.int_value);
        break;
      case SourceValue::Type::kReal:
        batch_.Real(name, value.real_value);
        break;
      case SourceValue::Type::kBool:
        batch_.Bool(name, value.int_value != 0);
        break;
    }
  }
  return Status::Ok();
}

// Counts a consumed row; at a page boundary, emits the page and checkpoints the position of
// the next row (next_offset, next_line in `file`).
Status StreamRead::EndRow(const SourceFile& file, const FileStamp& stamp, uint64_t next_offset,
                          uint64_t next_line) {
  if (++rows_in_page_ < options_.page_rows) return Status::Ok();
  rows_in_page_ = 0;
  state_.run->position = ResumePoint{file.name, stamp, next_offset, next_line};
  Status s = batch_.Flush();
  if (!s.ok()) return s;
  s = ctx_.Checkpoint(stream_.name, EncodeState(state_));
  if (!s.ok()) return s;
  if (ctx_.Cancelled()) {
    return Status::Cancelled("cancelled by the host; the next read resumes at " + file.name +
                             " line " + std::to_string(next_line));
  }
  return Status::Ok();
}

}  // namespace

Status ReadStream(sdk::Context& ctx, const StreamConfig& stream, int32_t sync_mode,
                  std::string_view state_json, const ReadOptions& options) {
  if (sync_mode != TEMPO_SYNC_FULL_REFRESH && sync_mode != TEMPO_SYNC_INCREMENTAL) {
    return InStream(stream,
                    Status::InvalidArgument("unknown sync mode " + std::to_string(sync_mode)));
  }
  StreamRead read(ctx, stream, sync_mode == TEMPO_SYNC_INCREMENTAL, options);
  return InStream(stream, read.Run(state_json));
}

Status CheckStream(sdk::Context& ctx, const StreamConfig& stream) {
  std::vector<SourceFile> files;
  Status s = ListStreamFiles(stream, &files);
  if (!s.ok()) return InStream(stream, s);
  if (files.empty()) {
    ctx.Warn("stream '" + stream.name + "': no .csv, .jsonl or .ndjson file in " + stream.path);
  }
  for (const SourceFile& file : files) {
    if (file.format == FileFormat::kJsonl) {
      ChunkedFile input;
      s = input.Open(file.path, file.name);
    } else {
      CsvReader reader(stream.delimiter);
      s = reader.Open(file.path, file.name);
      std::vector<size_t> column_of_slot;
      if (s.ok() && !reader.header().empty()) {
        s = MapHeader(stream, file.name, reader.header(), &column_of_slot);
      }
    }
    if (s.code() == TEMPO_ERR_NOT_FOUND || s.code() == TEMPO_ERR_PERMISSION ||
        s.code() == TEMPO_ERR_UNAVAILABLE) {
      return InStream(stream, Status::NotFound(s.message()));
    }
    if (!s.ok()) return InStream(stream, s);
  }
  return Status::Ok();
}

}  // namespace tempo::file
