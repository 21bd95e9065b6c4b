// Reading one `file` stream: the files it covers, one record per row, and a checkpoint after
// every page, so that a read killed at any instant resumes at the row after the last committed
// page. This is where the sync modes and the state (file_state.h) are put to work.
#ifndef TEMPO_PLUGINS_CONNECTORS_FILE_STREAM_READER_H_
#define TEMPO_PLUGINS_CONNECTORS_FILE_STREAM_READER_H_

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "chunked_file.h"
#include "stream_config.h"
#include "tempo/plugin.hpp"

namespace tempo::file {

struct ReadOptions {
  size_t page_rows = 1000;  // rows per page: each page is emitted, then checkpointed
  size_t chunk_bytes = kDefaultChunkBytes;
  size_t max_row_bytes = kDefaultMaxRowBytes;
};

// Reads `stream` in `sync_mode` (TEMPO_SYNC_*), starting from `state_json`, the stream's last
// committed state ("" for none). After every `page_rows` rows (emitted, filtered or rejected)
// it flushes the records and checkpoints a state that resumes at the next row; at the end it
// checkpoints the completed state a later incremental read starts from.
//
//   full refresh        every file, every row. A state holding an unfinished full refresh is
//                       resumed; any other state is ignored.
//   incremental mtime   files whose (mtime, size) differ from the last completed read, in full.
//   incremental cursor  every file; rows whose updated_at is >= the last completed read's
//                       cursor (or empty). The cursor advances only when the read completes.
//
// A row that cannot be used (malformed, no id) is counted with ctx.Reject("file:line: why") and
// skipped. Returns OK only when the stream is complete; Cancelled when the host asked to stop
// (after a checkpoint); InvalidArgument when a CSV header lacks a mapped column; NotFound when
// the path is gone; Permission when a file may not be read; Data when the state cannot be
// decoded. Every message names the stream.
sdk::Status ReadStream(sdk::Context& ctx, const StreamConfig& stream, int32_t sync_mode,
                       std::string_view state_json, const ReadOptions& options = ReadOptions());

// Verifies that the stream's path exists and that each of its files can be opened (NotFound
// naming the path otherwise), and that every CSV header has the mapped columns
// (InvalidArgument). Reads headers only. Errors name the stream and the file.
sdk::Status CheckStream(sdk::Context& ctx, const StreamConfig& stream);

}  // namespace tempo::file

#endif  // TEMPO_PLUGINS_CONNECTORS_FILE_STREAM_READER_H_
