// The plugin loader and registry: finds plugin files on the configured plugin path, loads them
// through Boost.DLL, checks the ABI contract, and keeps them loaded for the life of the process.
//
// A plugin called NAME lives in a file tempo_NAME.so in one of the plugin folders. Every refusal
// is one line naming the file, the cause and what to do.
//
// Thread safety: the registry is process-wide and internally locked; Plugin objects are immutable
// once loaded and are never destroyed.
#ifndef TEMPO_HOST_PLUGIN_LOADER_H_
#define TEMPO_HOST_PLUGIN_LOADER_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"
#include "tempo/plugin.h"

namespace tempo::plugin {

// A loaded plugin: its descriptor's strings copied into host memory and its function table.
struct Plugin {
  std::string path;
  std::string name;
  std::string version;
  std::string description;
  std::string config_schema;
  uint32_t kind = 0;
  uint16_t abi_major = 0;
  uint16_t abi_minor = 0;
  const tempo_connector_api* connector = nullptr;  // kind == TEMPO_KIND_CONNECTOR
  const tempo_scorer_api* scorer = nullptr;        // kind == TEMPO_KIND_SCORER
};

// Human names for descriptor values.
const char* KindName(uint32_t kind);

// Loads one plugin file, checking everything the ABI promises. The file must be on no
// particular path: callers use FindPlugin/LoadAll, which search only the plugin folders.
Result<const Plugin*> LoadPluginFile(const std::string& path);

// Finds plugin `name` (file tempo_NAME.so) in `folders` and loads it. Not found, found in two
// folders, or refused: an error naming the files.
Result<const Plugin*> FindPlugin(const std::vector<std::string>& folders, std::string_view name);

// Loads every tempo_*.so in `folders`. Refusals are returned as one line each in `errors`;
// the plugins that loaded are returned.
std::vector<const Plugin*> LoadAll(const std::vector<std::string>& folders,
                                   std::vector<std::string>* errors);

}  // namespace tempo::plugin

#endif  // TEMPO_HOST_PLUGIN_LOADER_H_
