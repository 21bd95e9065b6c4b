// The manifests shipped with the plugin (the YAML files of manifests/), compiled into it by
// CMakeLists.txt: `manifest: partnerstack` needs no file next to the plugin, and a shipped
// manifest cannot be changed behind the plugin's back.
#ifndef TEMPO_PLUGINS_CONNECTORS_REST_SHIPPED_MANIFESTS_H_
#define TEMPO_PLUGINS_CONNECTORS_REST_SHIPPED_MANIFESTS_H_

#include <string_view>
#include <vector>

namespace tempo::rest {

struct ShippedManifest {
  std::string_view name;  // the file name without .yaml: what `manifest:` names
  std::string_view text;  // the YAML
};

// Every shipped manifest, by name (defined in the source CMakeLists.txt generates in the
// build folder).
const std::vector<ShippedManifest>& ShippedManifests();

}  // namespace tempo::rest

#endif  // TEMPO_PLUGINS_CONNECTORS_REST_SHIPPED_MANIFESTS_H_
