// Loads a manifest: YAML text to the checked model of manifest.h. Every problem is reported
// at once, each with the manifest file, line and column, the key path, what is wrong and the
// fix; unknown keys are refused (with a did-you-mean), JSON paths and {{ config.KEY }}
// references are checked, entity and column names (and enumerated values) against the
// canonical model, credentials against the keys the spec marks secret. A manifest that loads
// can be read; no error waits for the first sync. README.md documents the format.
#ifndef TEMPO_PLUGINS_CONNECTORS_REST_MANIFEST_LOADER_H_
#define TEMPO_PLUGINS_CONNECTORS_REST_MANIFEST_LOADER_H_

#include <string>
#include <string_view>

#include "manifest.h"
#include "tempo/plugin.hpp"

namespace tempo::rest {

// Parses and checks `text`, a manifest, naming it `file` in messages. InvalidArgument with
// one line per problem ("partnerstack.yaml:12:7: streams[0].paging.type: ...") on failure.
sdk::Status LoadManifest(std::string_view text, const std::string& file, Manifest* out);

}  // namespace tempo::rest

#endif  // TEMPO_PLUGINS_CONNECTORS_REST_MANIFEST_LOADER_H_
