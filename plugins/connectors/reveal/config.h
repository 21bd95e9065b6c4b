// The `reveal` connector's configuration: the key table (from which the published JSON Schema
// is written), the typed Config it fills, and the checks the schema cannot express. README.md
// documents the same keys.
#ifndef TEMPO_PLUGINS_CONNECTORS_REVEAL_CONFIG_H_
#define TEMPO_PLUGINS_CONNECTORS_REVEAL_CONFIG_H_

#include <string>
#include <string_view>

#include "columns.h"
#include "status_map.h"
#include "tempo/config.hpp"
#include "tempo/plugin.hpp"

namespace tempo::reveal {

// Where overlaps are read from. Only kExport exists; `api` is a reserved value of `mode`.
enum class Mode { kExport };

struct Config {
  // As configured.
  std::string mode, path, delimiter, columns_json, status_values_json;
  // Read from the above by ReadConfig().
  Mode source = Mode::kExport;
  char delimiter_char = ',';
  ColumnNames columns;
  StatusMap statuses;
};

// The key table: names, defaults, descriptions.
const sdk::ConfigMap<Config>& ConfigKeys();

// Reads and checks the rendered config: the key table, then what a schema cannot say: `mode:
// api` is refused (Reveal publishes no API reference to build it on), export mode needs a path,
// the delimiter is one byte other than a quote or line break, the column names and the status
// values. InvalidArgument naming the key on any problem.
sdk::Status ReadConfig(std::string_view config_json, Config* out);

}  // namespace tempo::reveal

#endif  // TEMPO_PLUGINS_CONNECTORS_REVEAL_CONFIG_H_
