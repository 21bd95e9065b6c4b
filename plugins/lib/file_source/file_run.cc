// FileRun: the modes, the resume point and the page/checkpoint rhythm of a read over files.
#include "file_run.h"

#include <algorithm>
#include <utility>

namespace tempo::file {

using sdk::Status;

FileRun::FileRun(sdk::Context& ctx, std::string stream, std::string_view connector,
                 bool incremental, bool skip_unchanged, sdk::RecordBatch& batch, size_t page_rows)
    : ctx_(ctx),
      stream_(std::move(stream)),
      connector_(connector),
      incremental_(incremental),
      skip_unchanged_(incremental && skip_unchanged),
      batch_(batch),
      page_rows_(std::max<size_t>(page_rows, 1)) {}

Status FileRun::Begin(std::string_view state_json) {
  Status s = DecodeState(state_json, &state_, connector_);
  if (!s.ok()) {
    return Status(s.code(), s.message() + "; reset the stream's state to read it from the start");
  }
  if (state_.run && state_.run->incremental != incremental_) state_.run.reset();
  if (!incremental_ && !state_.run) state_ = StreamState();
  if (state_.run && state_.run->position) {
    Info("resuming the interrupted read at " + state_.run->position->file + " line " +
         std::to_string(state_.run->position->line));
  }
  if (!state_.run) state_.run.emplace();
  state_.run->incremental = incremental_;
  return Status::Ok();
}

bool FileRun::NeedsRead(const SourceFile& file) {
  RunState& run = *state_.run;
  auto done = run.done.find(file.name);
  if (done != run.done.end() && done->second == file.stamp) return false;  // earlier this read
  if (!skip_unchanged_) return true;
  auto seen = state_.files.find(file.name);
  if (seen == state_.files.end()) return true;
  if (seen->second == file.stamp) {
    run.done[file.name] = seen->second;  // unchanged since the last completed read
    return false;
  }
  // A new mtime, the same size: a copy of the same export (downloaded again, touched) is
  // skipped when its bytes hash as they did; reading them costs a fraction of parsing them.
  if (seen->second.content_hash == 0 || seen->second.size != file.stamp.size) return true;
  FileStamp now;
  if (!HashFile(file.path, &now).ok()) return true;  // the read reports what is wrong
  if (now.content_hash != seen->second.content_hash || now != file.stamp) return true;
  Info(file.name +
       " has a new modification time but the same content as the last read; "
       "skipped");
  run.done[file.name] = now;
  return false;
}

Status FileRun::EndRow(const SourceFile& file, const FileStamp& stamp, uint64_t next_offset,
                       uint64_t next_line) {
  if (++rows_in_page_ < page_rows_) return Status::Ok();
  rows_in_page_ = 0;
  state_.run->position = ResumePoint{file.name, stamp, next_offset, next_line};
  Status s = batch_.Flush();
  if (!s.ok()) return s;
  s = ctx_.Checkpoint(stream_, EncodeState(state_));
  if (!s.ok()) return s;
  if (ctx_.Cancelled()) {
    return Status::Cancelled("cancelled by the host; the next read resumes at " + file.name +
                             " line " + std::to_string(next_line));
  }
  return Status::Ok();
}

void FileRun::FinishFile(const std::string& file, const FileStamp& stamp) {
  state_.run->done[file] = stamp;
  state_.run->position.reset();
}

Status FileRun::Complete() {
  Status s = batch_.Flush();
  if (!s.ok()) return s;
  RunState& run = *state_.run;
  StreamState completed;
  completed.files = std::move(run.done);
  completed.cursor = incremental_ ? std::max(state_.cursor, run.max_cursor) : run.max_cursor;
  return ctx_.Checkpoint(stream_, EncodeState(completed));
}

}  // namespace tempo::file
