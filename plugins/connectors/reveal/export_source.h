// ExportSource: mode `export`, Reveal's account-mapping exports (CSV) from one file or a folder
// of them. Reading, resuming and the mtime incremental are the file source library's (the
// `file` connector's CSV reader and FileRun, plugins/lib/file_source); this maps each row's
// columns to a ReportedOverlap and lets a RecordMaker build the records.
#ifndef TEMPO_PLUGINS_CONNECTORS_REVEAL_EXPORT_SOURCE_H_
#define TEMPO_PLUGINS_CONNECTORS_REVEAL_EXPORT_SOURCE_H_

#include <cstddef>
#include <string>

#include "chunked_file.h"
#include "config.h"
#include "source.h"

namespace tempo::reveal {

struct ExportOptions {
  size_t page_rows = 1000;  // rows per page: each page is emitted, then checkpointed
  size_t chunk_bytes = file::kDefaultChunkBytes;
  size_t max_row_bytes = file::kDefaultMaxRowBytes;
};

class ExportSource : public OverlapSource {
 public:
  explicit ExportSource(Config config, ExportOptions options = ExportOptions());

  // Every export file can be opened and its header has the columns the mapping needs (reads
  // headers only). NotFound when the path does not exist; InvalidArgument for a header without
  // a named column or without any account or partner column; warnings for default columns a
  // header lacks and for a folder without CSV files.
  sdk::Status Check(sdk::Context& ctx) override;

  // Full refresh: every file, every row. Incremental: the files whose (mtime, size) changed
  // since the last completed read, in full. A row that cannot be used is rejected as
  // "FILE:LINE: why" and the read goes on. Messages name the stream.
  sdk::Status Read(sdk::Context& ctx, const std::string& stream_name, RevealStream stream,
                   const sdk::ReadRequest& request) override;

 private:
  const Config config_;
  const ExportOptions options_;
};

}  // namespace tempo::reveal

#endif  // TEMPO_PLUGINS_CONNECTORS_REVEAL_EXPORT_SOURCE_H_
