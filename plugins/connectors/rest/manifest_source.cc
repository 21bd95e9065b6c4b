// Finding and reading a manifest. See manifest_source.h.
#include "manifest_source.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "manifest_loader.h"
#include "shipped_manifests.h"

namespace tempo::rest {

using sdk::Status;

namespace {

// The whole file at `path`, refused when group or others may write it.
Status ReadManifestFile(const std::string& path, std::string* text) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    const int error = errno;
    return Status(error == ENOENT ? TEMPO_ERR_NOT_FOUND : TEMPO_ERR_INVALID_ARGUMENT,
                  "cannot read manifest " + path + ": " + std::strerror(error) +
                      "; config key 'manifest' names a shipped manifest or a YAML file");
  }
  struct stat st {};
  if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
    ::close(fd);
    return Status::InvalidArgument("manifest " + path + " is not a regular file");
  }
  if ((st.st_mode & (S_IWGRP | S_IWOTH)) != 0) {
    ::close(fd);
    return Status::Permission("manifest " + path +
                              " may be written by group or others, and a manifest decides where "
                              "the connection's credentials go; chmod go-w it");
  }
  text->clear();
  char buffer[65536];
  for (;;) {
    const ssize_t n = ::read(fd, buffer, sizeof buffer);
    if (n == 0) break;
    if (n < 0) {
      if (errno == EINTR) continue;
      const int error = errno;
      ::close(fd);
      return Status::InvalidArgument("cannot read manifest " + path + ": " + std::strerror(error));
    }
    text->append(buffer, static_cast<size_t>(n));
  }
  ::close(fd);
  return Status::Ok();
}

}  // namespace

bool IsBareName(std::string_view value) {
  if (value.empty()) return false;
  for (char c : value) {
    if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
          c == '-')) {
      return false;
    }
  }
  return true;
}

Status LoadNamedManifest(std::string_view value, Manifest* out) {
  if (IsBareName(value)) {
    std::string names;
    for (const ShippedManifest& m : ShippedManifests()) {
      if (m.name == value) {
        return LoadManifest(
            m.text, "plugins/connectors/rest/manifests/" + std::string(m.name) + ".yaml", out);
      }
      names += (names.empty() ? "" : ", ") + std::string(m.name);
    }
    return Status::NotFound("no shipped manifest is called '" + std::string(value) +
                            "' (the shipped ones: " + names +
                            "); for your own, give the path of its YAML file");
  }
  std::string text;
  if (Status s = ReadManifestFile(std::string(value), &text); !s.ok()) return s;
  return LoadManifest(text, std::string(value), out);
}

}  // namespace tempo::rest
