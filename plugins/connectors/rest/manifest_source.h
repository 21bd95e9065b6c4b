// Where a connection's manifest comes from: `manifest: partnerstack` names one shipped with the
// plugin (shipped_manifests.h); anything else is the path of a YAML file (the host makes it
// absolute against tempo.yaml's folder). A manifest decides where the connection's credentials
// are sent, so a file that group or others may write is refused, as plugin files are.
#ifndef TEMPO_PLUGINS_CONNECTORS_REST_MANIFEST_SOURCE_H_
#define TEMPO_PLUGINS_CONNECTORS_REST_MANIFEST_SOURCE_H_

#include <string>
#include <string_view>

#include "manifest.h"
#include "tempo/plugin.hpp"

namespace tempo::rest {

// True for a shipped manifest's kind of name: letters, digits, '_' and '-' only.
bool IsBareName(std::string_view value);

// Reads and loads the manifest `value` names. NotFound for an unknown shipped name or a
// missing file, Permission for a file others may write, InvalidArgument with the manifest's
// file:line:column errors.
sdk::Status LoadNamedManifest(std::string_view value, Manifest* out);

}  // namespace tempo::rest

#endif  // TEMPO_PLUGINS_CONNECTORS_REST_MANIFEST_SOURCE_H_
