// The mistake YAML cannot report: an unclosed quote. A double- or single-quoted value may span
// lines, so `path: "t.db` without its closing quote swallows every line below it up to the next
// quote, `connections:` included, and the file still parses (to no connections).
#ifndef TEMPO_HOST_CONFIG_UNCLOSED_QUOTE_H_
#define TEMPO_HOST_CONFIG_UNCLOSED_QUOTE_H_

#include <string_view>

#include <yaml-cpp/yaml.h>

#include "config/error_list.h"

namespace tempo::config {

// Reports each line of `text` that starts, at column 1, like a top-level key (`connections:`)
// which `root` (the parsed document) does not have: such a line was read as part of a quoted
// value above it.
void ReportSwallowedKeys(std::string_view text, const YAML::Node& root, ErrorList& errors);

}  // namespace tempo::config

#endif  // TEMPO_HOST_CONFIG_UNCLOSED_QUOTE_H_
