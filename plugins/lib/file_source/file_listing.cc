// ListDataFiles: std::filesystem for the folder walk, StatFile for the stamps.
#include "file_listing.h"

#include <algorithm>
#include <filesystem>
#include <system_error>

#include "tempo/text.hpp"

namespace tempo::file {
namespace {

namespace fs = std::filesystem;
using sdk::Status;

}  // namespace

FileFormat FormatFromExtension(std::string_view file_name) {
  if (sdk::EndsWithNoCase(file_name, ".csv")) return FileFormat::kCsv;
  if (sdk::EndsWithNoCase(file_name, ".jsonl") || sdk::EndsWithNoCase(file_name, ".ndjson")) {
    return FileFormat::kJsonl;
  }
  return FileFormat::kFromExtension;
}

Status ListDataFiles(const std::string& path, FileFormat format, std::vector<SourceFile>* files) {
  files->clear();
  std::error_code ec;
  fs::file_status status = fs::status(path, ec);
  if (!fs::exists(status)) {
    std::string why = ec && ec != std::errc::no_such_file_or_directory
                          ? " cannot be accessed (" + ec.message() + ")"
                          : " does not exist";
    return Status::NotFound(path + why + "; check the stream's path");
  }

  if (!fs::is_directory(status)) {
    SourceFile file;
    file.name = fs::path(path).filename().string();
    file.path = path;
    file.format = format != FileFormat::kFromExtension ? format : FormatFromExtension(file.name);
    if (file.format == FileFormat::kFromExtension) {
      return Status::InvalidArgument("cannot tell the format of " + file.name +
                                     " from its extension; set format: csv or format: jsonl");
    }
    Status s = StatFile(file.path, &file.stamp);
    if (!s.ok()) return s;
    files->push_back(std::move(file));
    return Status::Ok();
  }

  fs::directory_iterator it(path, ec);
  if (ec) {
    return Status::NotFound("cannot list the folder " + path + ": " + ec.message());
  }
  for (; it != fs::directory_iterator(); it.increment(ec)) {
    SourceFile file;
    file.name = it->path().filename().string();
    file.path = it->path().string();
    file.format = FormatFromExtension(file.name);
    if (file.name[0] == '.' || file.format == FileFormat::kFromExtension) continue;
    if (format != FileFormat::kFromExtension && file.format != format) continue;
    if (!it->is_regular_file(ec)) continue;  // follows symlinks; skips folders and devices
    Status s = StatFile(file.path, &file.stamp);
    if (s.code() == TEMPO_ERR_NOT_FOUND) continue;  // removed while listing
    if (!s.ok()) return s;
    files->push_back(std::move(file));
  }
  if (ec) {
    return Status::Unavailable("listing " + path + " failed: " + ec.message());
  }
  std::sort(files->begin(), files->end(),
            [](const SourceFile& a, const SourceFile& b) { return a.name < b.name; });
  return Status::Ok();
}

}  // namespace tempo::file
