// Which files a file source reads: its path itself, or the data files of its folder in name
// order; and the data formats a file's extension tells.
#ifndef TEMPO_PLUGINS_LIB_FILE_SOURCE_FILE_LISTING_H_
#define TEMPO_PLUGINS_LIB_FILE_SOURCE_FILE_LISTING_H_

#include <string>
#include <string_view>
#include <vector>

#include "chunked_file.h"
#include "tempo/plugin.hpp"

namespace tempo::file {

enum class FileFormat { kFromExtension, kCsv, kJsonl };

// The format a file name's extension implies (.csv; .jsonl or .ndjson, case-insensitive), or
// kFromExtension when the extension is none of these.
FileFormat FormatFromExtension(std::string_view file_name);

struct SourceFile {
  std::string name;   // relative to the listed path: the file name (the state's key)
  std::string path;   // absolute
  FileFormat format;  // kCsv or kJsonl, never kFromExtension
  FileStamp stamp;    // as listed; the reader re-stamps the file it opens
};

// Lists the files at `path`. A file path yields that file (its extension, or `format` when not
// kFromExtension, must say csv or jsonl). A folder yields its regular files ending in .csv,
// .jsonl or .ndjson (only those of `format` when it is set), sorted by name, not recursing,
// skipping hidden files (names starting with "."; e.g. macOS "._x.csv" resource forks).
// NotFound when the path does not exist; InvalidArgument when a single file's format cannot be
// told. Messages name the path, not the stream (the caller adds it).
sdk::Status ListDataFiles(const std::string& path, FileFormat format,
                          std::vector<SourceFile>* files);

}  // namespace tempo::file

#endif  // TEMPO_PLUGINS_LIB_FILE_SOURCE_FILE_LISTING_H_
