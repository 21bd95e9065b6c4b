// Which files a stream reads: its path itself, or the data files of its folder in name order.
#ifndef TEMPO_PLUGINS_CONNECTORS_FILE_FILE_LISTING_H_
#define TEMPO_PLUGINS_CONNECTORS_FILE_FILE_LISTING_H_

#include <string>
#include <vector>

#include "chunked_file.h"
#include "stream_config.h"
#include "tempo/plugin.hpp"

namespace tempo::file {

struct SourceFile {
  std::string name;   // relative to the stream's path: the file name (the state's key)
  std::string path;   // absolute
  FileFormat format;  // kCsv or kJsonl, never kFromExtension
  FileStamp stamp;    // as listed; the reader re-stamps the file it opens
};

// Lists the stream's files. A file path yields that file (its extension, or `format`, must say
// csv or jsonl). A folder yields its regular files ending in .csv, .jsonl or .ndjson (only
// those of `format` when it is set), sorted by name, not recursing, skipping hidden files
// (names starting with "."; e.g. macOS "._x.csv" resource forks). NotFound when the path does
// not exist; InvalidArgument when a single file's format cannot be told. Messages name the
// path, not the stream (the caller adds it).
sdk::Status ListStreamFiles(const StreamConfig& stream, std::vector<SourceFile>* files);

}  // namespace tempo::file

#endif  // TEMPO_PLUGINS_CONNECTORS_FILE_FILE_LISTING_H_
