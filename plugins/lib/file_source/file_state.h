// StreamState: the resumable position of one stream made of files (a `file` stream, a `reveal`
// export stream), and its JSON text (the state the host stores with the records it commits and
// hands back to the next read()).
//
// A state has two parts. The committed part describes the last *completed* read: the stamp of
// every file it covered (what an mtime incremental compares against) and the largest updated_at
// it saw (the cursor). The optional `run` part exists while a read is unfinished: the files it
// has finished, the row to resume at, and the largest updated_at seen so far. The committed part
// changes only when a read completes, so an interrupted read never moves the cursor past rows
// it has not committed.
//
//   {"version":1,
//    "files":{"partners.csv":{"mtime_ns":1767225600000000000,"size":5120,
//                             "content_hash":"5f0c6a1d2e3b4c7a"}},
//    "cursor":"2026-01-05T10:00:00Z",
//    "run":{"mode":"incremental",
//           "done":{"a.csv":{"mtime_ns":...,"size":...}},
//           "position":{"file":"b.csv","mtime_ns":...,"size":...,"offset":40960,"line":812},
//           "max_cursor":"2026-02-01T08:30:00Z"}}
//
// File names are relative to the stream's path (the file name itself for a single-file stream).
// Unknown keys are ignored when decoding, so a later version may add some.
#ifndef TEMPO_PLUGINS_LIB_FILE_SOURCE_FILE_STATE_H_
#define TEMPO_PLUGINS_LIB_FILE_SOURCE_FILE_STATE_H_

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "chunked_file.h"
#include "tempo/plugin.hpp"

namespace tempo::file {

// File name (relative to the stream's path) -> the stamp it had when read. Ordered, so the JSON
// text of a state is deterministic.
using FileStamps = std::map<std::string, FileStamp>;

// Where an unfinished read stops: the next row of `file` starts at byte `offset`, on `line`.
// Trusted only while the file still has `stamp`.
struct ResumePoint {
  std::string file;
  FileStamp stamp;
  uint64_t offset = 0;
  uint64_t line = 1;
};

// An unfinished read.
struct RunState {
  bool incremental = false;  // the sync mode it was started in
  FileStamps done;           // files finished (read, or skipped as unchanged) by this read
  std::optional<ResumePoint> position;
  std::string max_cursor;  // the largest updated_at seen so far; "" none
};

struct StreamState {
  FileStamps files;    // every file the last completed read covered
  std::string cursor;  // the largest updated_at of the last completed read; "" none
  std::optional<RunState> run;
};

// The state's JSON text.
std::string EncodeState(const StreamState& state);

// Parses a state written by EncodeState. An empty text is the empty state (nothing read yet).
// Returns Data, saying what is wrong, for text that is not such a state; `connector` names
// whose state it is in that message ("file connector", "reveal connector").
sdk::Status DecodeState(std::string_view json, StreamState* state,
                        std::string_view connector = "file connector");

}  // namespace tempo::file

#endif  // TEMPO_PLUGINS_LIB_FILE_SOURCE_FILE_STATE_H_
