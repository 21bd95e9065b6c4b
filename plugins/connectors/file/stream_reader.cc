// ReadStream and CheckStream: the rows of a stream's files as records. The page and checkpoint
// loop, the modes and the resume point are the file source library's FileRun (file_run.h),
// shared with the reveal connector; this file decodes rows and builds the records.
#include "stream_reader.h"

#include <algorithm>
#include <string>
#include <utility>
#include <vector>

#include "csv_reader.h"
#include "file_listing.h"
#include "file_run.h"
#include "file_state.h"
#include "jsonl_reader.h"
#include "row_mapping.h"
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

// One read() of one stream: FileRun (the file source library) chooses the files, resumes and
// checkpoints; this decodes the rows and builds the records.
class StreamRead {
 public:
  StreamRead(sdk::Context& ctx, const StreamConfig& stream, bool incremental,
             const ReadOptions& options)
      : ctx_(ctx),
        stream_(stream),
        options_(options),
        // Pages are flushed explicitly before they reach page_rows records, so the batch never
        // flushes on its own (which would invalidate the values copied for the record in hand).
        batch_(ctx, options.page_rows),
        run_(ctx, stream.name, "file connector", incremental,
             stream.incremental == IncrementalBy::kMtime, batch_, options.page_rows) {}

  Status Run(std::string_view state_json);

 private:
  bool FilterByCursor() const {
    return run_.incremental() && stream_.incremental == IncrementalBy::kCursor;
  }
  Status ReadCsv(const SourceFile& file);
  Status ReadJsonl(const SourceFile& file);
  Status EmitRow(const SourceFile& file, uint64_t line, const std::vector<SourceValue>& values,
                 std::string_view raw);
  void Reject(const SourceFile& file, uint64_t line, const std::string& problem) {
    ctx_.Reject(file.name + ":" + std::to_string(line) + ": " + problem);
  }

  sdk::Context& ctx_;
  const StreamConfig& stream_;
  const ReadOptions options_;
  sdk::RecordBatch batch_;
  FileRun run_;                          // the state being advanced; owns the page rhythm
  std::vector<SourceValue> csv_values_;  // per-row scratch
  std::string csv_raw_;                  // per-row scratch
};

Status StreamRead::Run(std::string_view state_json) {
  Status s = run_.Begin(state_json);
  if (!s.ok()) return s;

  std::vector<SourceFile> files;
  s = ListDataFiles(stream_.path, stream_.format, &files);
  if (!s.ok()) return s;
  if (files.empty()) {
    ctx_.Warn("stream '" + stream_.name + "': no .csv, .jsonl or .ndjson file in " + stream_.path);
  }

  for (const SourceFile& file : files) {
    if (!run_.NeedsRead(file)) continue;
    s = file.format == FileFormat::kCsv ? ReadCsv(file) : ReadJsonl(file);
    if (!s.ok()) return s;
  }
  return run_.Complete();
}

Status StreamRead::ReadCsv(const SourceFile& file) {
  CsvReader reader(stream_.delimiter, options_.chunk_bytes, options_.max_row_bytes);
  bool gone = false;
  Status s = run_.OpenAtResumePoint(reader, file, &gone);
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
      CsvRowJson(header, row.fields, &csv_raw_);
      s = EmitRow(file, row.line, csv_values_, csv_raw_);
      if (!s.ok()) return s;
    }
    s = run_.EndRow(file, reader.stamp(), reader.offset(), reader.line());
    if (!s.ok()) return s;
  }
  run_.FinishFile(file.name, reader.stamp());
  return Status::Ok();
}

Status StreamRead::ReadJsonl(const SourceFile& file) {
  JsonlReader reader(stream_.source_columns, options_.chunk_bytes, options_.max_row_bytes);
  bool gone = false;
  Status s = run_.OpenAtResumePoint(reader, file, &gone);
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
    s = run_.EndRow(file, reader.stamp(), reader.offset(), reader.line());
    if (!s.ok()) return s;
  }
  run_.FinishFile(file.name, reader.stamp());
  return Status::Ok();
}

// Adds the row's record to the batch, unless its id names no record (a reject that keeps the
// row, so a replay can map it again after the mapping is fixed) or the cursor filters it.
Status StreamRead::EmitRow(const SourceFile& file, uint64_t line,
                           const std::vector<SourceValue>& values, std::string_view raw) {
  if (std::string problem = IdProblem(stream_, values); !problem.empty()) {
    ctx_.RejectRecord(file.name + ":" + std::to_string(line) + ": " + problem, {}, raw);
    return Status::Ok();
  }
  std::string_view updated_at = RowUpdatedAt(stream_, values);
  if (!updated_at.empty()) {
    RunState& run = run_.run();
    if (updated_at > run.max_cursor) run.max_cursor = std::string(updated_at);
    // Inclusive: rows sharing the cursor's timestamp are sent again, and the upsert absorbs
    // them, so none that arrived after the last read at that same instant is lost.
    if (FilterByCursor() && updated_at < run_.state().cursor) return Status::Ok();
  }
  AddRecord(stream_, values, updated_at, raw, batch_);
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
  Status s = ListDataFiles(stream.path, stream.format, &files);
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
