// What the parts of the manifest loader share (manifest_loader.cc reads the top level, the
// config spec and auth; stream_loader.cc the streams, their paging and incremental cursor;
// emit_loader.cc the mapping to canonical rows). Internal to the loader.
#ifndef TEMPO_PLUGINS_CONNECTORS_REST_MANIFEST_PARTS_H_
#define TEMPO_PLUGINS_CONNECTORS_REST_MANIFEST_PARTS_H_

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <yaml-cpp/yaml.h>

#include "manifest.h"
#include "manifest_yaml.h"

namespace tempo::rest {

struct LoadContext {
  ManifestErrors* errors = nullptr;
  std::vector<std::string> config_keys;  // the keys the spec declares
  std::vector<std::string> secret_keys;  // those marked x-secret
};

// Reads `key` of `map` as a template and checks that every config key it names is declared.
bool ReadTemplate(const YamlMap& map, std::string_view key, const LoadContext& ctx, Template* out,
                  bool required = false);
// The same for a mapping of names to templates (params, headers).
bool ReadTemplates(const YamlMap& map, std::string_view key, const LoadContext& ctx,
                   std::vector<std::pair<std::string, Template>>* out);

// What `defaults:` gives every stream that does not say otherwise.
struct StreamDefaults {
  std::optional<JsonPath> records;
  std::optional<PagingSpec> paging;
  std::optional<IncrementalSpec> incremental;
  std::vector<std::pair<std::string, Template>> params, headers;
};

// `defaults:` and one `streams:` item.
void ReadDefaults(const YAML::Node& node, const LoadContext& ctx, StreamDefaults* out);
void ReadStream(const YAML::Node& node, const std::string& path, const StreamDefaults& defaults,
                const LoadContext& ctx, StreamSpec* out);
// One `emit:` item of a stream whose records are keyed by `primary_key`.
void ReadEmit(const YAML::Node& node, const std::string& path, const JsonPath& primary_key,
              const LoadContext& ctx, EmitSpec* out);

// "iso8601", "epoch_s", "epoch_ms".
extern const std::vector<std::string_view> kTimeFormats;
TimeFormat TimeFormatNamed(std::string_view name);

}  // namespace tempo::rest

#endif  // TEMPO_PLUGINS_CONNECTORS_REST_MANIFEST_PARTS_H_
