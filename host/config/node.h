// config::Node: a parsed `config:` subtree plus where it came from.
//
// Opaque in config.h; shared by the loader (which builds it) and RenderPluginConfig (which
// reads it). The YAML tree already has ${env:}/${file:} references substituted.
#ifndef TEMPO_HOST_CONFIG_NODE_H_
#define TEMPO_HOST_CONFIG_NODE_H_

#include <map>
#include <string>
#include <vector>

#include <yaml-cpp/yaml.h>

namespace tempo::config {

struct Node {
  YAML::Node yaml;     // the `config:` mapping; a Null node when absent or empty
  std::string file;    // the config file as the user named it, for "file:line:column"
  std::string folder;  // the config file's absolute folder, for "format": "path"
  YAML::Mark mark;     // where errors about the whole mapping point (its key when empty)
  // The values ${env:}/${file:} put into this mapping's scalars, by the scalar's position
  // (YAML::Mark::pos). Rendering registers them for redaction unless the plugin's schema
  // declares the key and does not mark it secret (a base URL from the environment stays
  // readable in errors).
  std::map<int, std::vector<std::string>> substituted;
  // Loaded with LoadOptions::resolve_plugin_config = false: scalars may still hold their
  // ${env:}/${file:} references. Rendering takes such a scalar as it is (it is checked where it
  // is resolved) and never for a secret written into the file.
  bool references_unresolved = false;
  // LoadOptions::refuse_inline_secrets: a secret written into the file is an error, not a
  // warning.
  bool refuse_inline_secrets = false;
};

}  // namespace tempo::config

#endif  // TEMPO_HOST_CONFIG_NODE_H_
