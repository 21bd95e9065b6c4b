// ${env:NAME} and ${file:PATH} references inside a configured string.
//
// A scalar may be exactly one reference (`${env:TOKEN}`) or contain several inside text
// (`Bearer ${env:TOKEN}`). `$${` is a literal `${`. References do not nest, and a substituted
// value is not scanned again. ${file:PATH} is the file's content with trailing newlines
// stripped; a relative PATH is relative to the config file's folder.
#ifndef TEMPO_HOST_CONFIG_SUBSTITUTION_H_
#define TEMPO_HOST_CONFIG_SUBSTITUTION_H_

#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"

namespace tempo::config {

// Returns `text` with every reference replaced and every `$${` turned into `${`, and appends
// each substituted non-empty value to `secrets` (once). On failure an InvalidArgument status
// whose message names the variable or file and says what to do, and never contains a value.
Result<std::string> ExpandReferences(std::string_view text, const std::string& folder,
                                     std::vector<std::string>& secrets);

// Whether `text` holds a ${...} reference (a `$${` escape is not one). For values a command
// read without resolving them (LoadOptions::resolve_plugin_config = false): such a value is a
// reference to a secret, not the secret.
bool ContainsReference(std::string_view text);

}  // namespace tempo::config

#endif  // TEMPO_HOST_CONFIG_SUBSTITUTION_H_
