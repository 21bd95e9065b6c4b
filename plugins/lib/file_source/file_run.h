// FileRun: one read() of a stream made of files, the part every such connector shares: which
// files this read covers (an incremental read skips the files unchanged since the last completed
// read, by mtime and size), where an interrupted read resumes (the byte offset and line of the
// next row, trusted only while the file is unchanged), pages of rows that are flushed and then
// checkpointed together, and the state a completed read leaves. The connector lists the files,
// decodes rows and builds records; FileRun keeps the invariant every checkpoint must hold: the
// records emitted so far are exactly the rows before the state's resume position, plus the
// files it lists as done.
//
//   FileRun run(ctx, stream, "reveal connector", incremental, incremental, batch);
//   if (Status s = run.Begin(state_json); !s.ok()) return s;
//   for (const SourceFile& file : files) {
//     if (!run.NeedsRead(file)) continue;
//     CsvReader reader(',');
//     bool gone = false;
//     if (Status s = run.OpenAtResumePoint(reader, file, &gone); !s.ok() || gone) ...
//     for each row: emit its record into `batch`, then run.EndRow(file, reader.stamp(),
//                   reader.offset(), reader.line())
//     run.FinishFile(file.name, reader.stamp());
//   }
//   return run.Complete();
//
// Not thread-safe: one FileRun per read(), on the read's thread.
#ifndef TEMPO_PLUGINS_LIB_FILE_SOURCE_FILE_RUN_H_
#define TEMPO_PLUGINS_LIB_FILE_SOURCE_FILE_RUN_H_

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "file_listing.h"
#include "file_state.h"
#include "tempo/plugin.hpp"

namespace tempo::file {

class FileRun {
 public:
  // `stream` names the stream in checkpoints and messages; `connector` names whose state it is
  // ("file connector"). `incremental`: the sync mode. `skip_unchanged`: an incremental read
  // skips files whose (mtime, size) equal the last completed read's (a connector may scan every
  // file instead, e.g. to filter rows by a cursor). Every `page_rows` rows (EndRow calls),
  // `batch` is flushed and the position checkpointed; the connector must not flush it itself.
  FileRun(sdk::Context& ctx, std::string stream, std::string_view connector, bool incremental,
          bool skip_unchanged, sdk::RecordBatch& batch, size_t page_rows = 1000);

  // Decodes the stream's committed state ("" for none) and sets up this read: a full refresh
  // without an unfinished full refresh to resume starts from nothing; an unfinished read of the
  // other mode is dropped (its records are committed and harmless). Data, saying to reset the
  // stream's state, when the state cannot be decoded.
  sdk::Status Begin(std::string_view state_json);

  // Whether `file` is to be read now: false when this read finished it already (before an
  // interruption) or when it is skipped as unchanged (then recorded as done).
  bool NeedsRead(const SourceFile& file);

  // Opens `file` with `reader` (a CsvReader, or any reader with Open(path, name), stamp(),
  // data_offset() and Seek(offset, line)) and, when the interrupted read stopped inside this
  // same version of it, moves to the saved row; a file changed since is read from the top.
  // *gone: the file vanished since it was listed (logged; skip it).
  template <class Reader>
  sdk::Status OpenAtResumePoint(Reader& reader, const SourceFile& file, bool* gone);

  // Counts a consumed row (emitted, filtered or rejected) of `file`; at a page boundary,
  // flushes the batch and checkpoints the position of the next row (next_offset, next_line),
  // then returns Cancelled if the host asked to stop.
  sdk::Status EndRow(const SourceFile& file, const FileStamp& stamp, uint64_t next_offset,
                     uint64_t next_line);

  // `file`, as `stamp`, has been read to its end.
  void FinishFile(const std::string& file, const FileStamp& stamp);

  // Flushes the batch and checkpoints the completed state: the stamps of every file this read
  // covered, and the cursor (the larger of the old one and run().max_cursor for an incremental
  // read; run().max_cursor for a full refresh).
  sdk::Status Complete();

  bool incremental() const { return incremental_; }
  // The state as received (its committed part is the last completed read: files, cursor).
  const StreamState& state() const { return state_; }
  // The read being advanced (after Begin()); a connector with a cursor updates max_cursor.
  RunState& run() { return *state_.run; }

 private:
  void Warn(const std::string& what) const { ctx_.Warn("stream '" + stream_ + "': " + what); }
  void Info(const std::string& what) const { ctx_.Info("stream '" + stream_ + "': " + what); }

  sdk::Context& ctx_;
  const std::string stream_;
  const std::string connector_;
  const bool incremental_;
  const bool skip_unchanged_;
  sdk::RecordBatch& batch_;
  const size_t page_rows_;
  StreamState state_;
  size_t rows_in_page_ = 0;
};

template <class Reader>
sdk::Status FileRun::OpenAtResumePoint(Reader& reader, const SourceFile& file, bool* gone) {
  sdk::Status s = reader.Open(file.path, file.name);
  *gone = s.code() == TEMPO_ERR_NOT_FOUND;
  if (*gone) {
    Warn(file.name + " was removed while reading");
    return sdk::Status::Ok();
  }
  if (!s.ok()) return s;
  const std::optional<ResumePoint>& position = state_.run->position;
  if (!position || position->file != file.name) return sdk::Status::Ok();
  if (position->stamp != reader.stamp()) {
    Info(file.name + " changed since the interrupted read; reading it from the top");
    return sdk::Status::Ok();
  }
  if (position->offset < reader.data_offset() || position->offset > reader.stamp().size) {
    Warn("the saved position in " + file.name + " is outside the file; reading it from the top");
    return sdk::Status::Ok();
  }
  return reader.Seek(position->offset, position->line);
}

}  // namespace tempo::file

#endif  // TEMPO_PLUGINS_LIB_FILE_SOURCE_FILE_RUN_H_
