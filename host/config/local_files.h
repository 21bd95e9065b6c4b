// Files named in tempo.yaml: where relative paths point, and reading a whole file.
//
// Relative paths in the config file (store.path, plugins.path, ${file:PATH}, schema
// "format": "path") are relative to the config file's folder, never to the working directory,
// so `tempo -c /etc/tempo/tempo.yaml` means the same from anywhere.
#ifndef TEMPO_HOST_CONFIG_LOCAL_FILES_H_
#define TEMPO_HOST_CONFIG_LOCAL_FILES_H_

#include <string>
#include <string_view>

#include "common/status.h"

namespace tempo::config {

// The absolute folder holding `config_path`.
std::string ConfigFolder(const std::string& config_path);

// `path` itself when absolute, else `folder`/`path`; lexically normalized ("a/../b" -> "b").
std::string ResolveAgainst(const std::string& folder, std::string_view path);

// The whole content of `path`. On failure an Io status whose message is only the reason
// (strerror text, e.g. "No such file or directory"); the caller says what was being read.
Result<std::string> ReadTextFile(const std::string& path);

}  // namespace tempo::config

#endif  // TEMPO_HOST_CONFIG_LOCAL_FILES_H_
