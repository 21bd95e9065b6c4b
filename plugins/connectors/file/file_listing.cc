// ListStreamFiles: std::filesystem for the folder walk, StatFile for the stamps.
#include "file_listing.h"

#include <algorithm>
#include <filesystem>
#include <system_error>

namespace tempo::file {
namespace {

namespace fs = std::filesystem;
using sdk::Status;

}  // namespace

Status ListStreamFiles(const StreamConfig& stream, std::vector<SourceFile>* files) {
  files->clear();
  std::error_code ec;
  fs::file_status status = fs::status(stream.path, ec);
  if (!fs::exists(status)) {
    std::string why = ec && ec != std::errc::no_such_file_or_directory
                          ? " cannot be accessed (" + ec.message() + ")"
                          : " does not exist";
    return Status::NotFound(stream.path + why + "; check the stream's path");
  }

  if (!fs::is_directory(status)) {
    SourceFile file;
    file.name = fs::path(stream.path).filename().string();
    file.path = stream.path;
    file.format = stream.format != FileFormat::kFromExtension ? stream.format
                                                              : FormatFromExtension(file.name);
    if (file.format == FileFormat::kFromExtension) {
      return Status::InvalidArgument("cannot tell the format of " + file.name +
                                     " from its extension; set format: csv or format: jsonl");
    }
    Status s = StatFile(file.path, &file.stamp);
    if (!s.ok()) return s;
    files->push_back(std::move(file));
    return Status::Ok();
  }

  fs::directory_iterator it(stream.path, ec);
  if (ec) {
    return Status::NotFound("cannot list the folder " + stream.path + ": " + ec.message());
  }
  for (; it != fs::directory_iterator(); it.increment(ec)) {
    SourceFile file;
    file.name = it->path().filename().string();
    file.path = it->path().string();
    file.format = FormatFromExtension(file.name);
    if (file.name[0] == '.' || file.format == FileFormat::kFromExtension) continue;
    if (stream.format != FileFormat::kFromExtension && file.format != stream.format) continue;
    if (!it->is_regular_file(ec)) continue;  // follows symlinks; skips folders and devices
    Status s = StatFile(file.path, &file.stamp);
    if (s.code() == TEMPO_ERR_NOT_FOUND) continue;  // removed while listing
    if (!s.ok()) return s;
    files->push_back(std::move(file));
  }
  if (ec) {
    return Status::Unavailable("listing " + stream.path + " failed: " + ec.message());
  }
  std::sort(files->begin(), files->end(),
            [](const SourceFile& a, const SourceFile& b) { return a.name < b.name; });
  return Status::Ok();
}

}  // namespace tempo::file
