// Fuzz target: tempo.yaml as LoadConfig reads it (YAML, structure, did-you-mean, durations,
// zones, ${env:}/${file:} references, the alias and size bounds). A config that loads must
// render each connection's `config:` as JSON a plugin can parse: a render that is not valid
// JSON text is a finding (abort).
#include <simdjson.h>

#include <cstdio>
#include <cstdlib>

#include "config/config.h"
#include "fuzz_input.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const tempo::fuzz::ScratchFile file("tempo.yaml");
  file.Write(std::string_view(reinterpret_cast<const char*>(data), size));
  tempo::config::LoadOptions options;
  options.resolve_plugin_config = (size % 2) == 0;
  auto config = tempo::config::LoadConfig(file.path(), options);
  if (!config.ok() || !options.resolve_plugin_config) return 0;
  simdjson::dom::parser parser;
  for (const auto& connection : config.value().connections) {
    auto json =
        tempo::config::RenderPluginConfig(config.value(), connection.config, connection.name, "");
    if (!json.ok()) continue;
    simdjson::dom::element doc;
    if (parser.parse(json.value()).get(doc) != simdjson::SUCCESS || !doc.is_object()) {
      std::fprintf(stderr, "config fuzz: connection '%s' rendered as invalid JSON: %s\n",
                   connection.name.c_str(), json.value().c_str());
      std::abort();
    }
  }
  return 0;
}
