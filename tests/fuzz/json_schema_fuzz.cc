// Fuzz target: the JSON Schema subset plugins declare (ParseJsonSchema), and a plugin config
// checked and rendered against it (RenderPluginConfig): part 1 the schema, part 2 the config
// mapping as YAML.
#include "config/config.h"
#include "config/json_schema.h"
#include "fuzz_input.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const tempo::fuzz::ScratchFile file("plugin.yaml");
  const std::vector<std::string_view> parts = tempo::fuzz::SplitParts(data, size, 2);
  if (!tempo::config::ParseJsonSchema(parts[0]).ok() || parts.size() < 2) return 0;
  file.Write(parts[1]);
  tempo::config::Config config;
  auto node = tempo::config::LoadPluginConfigFile(file.path(), &config);
  if (!node.ok()) return 0;
  (void)tempo::config::RenderPluginConfig(config, node.value(), "fuzz", parts[0]);
  return 0;
}
