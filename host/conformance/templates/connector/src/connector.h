// myplugin: a Tempo connector with one stream, `partners`, read from the example source
// (dataset.h) in pages of `page_size`, a checkpoint after each page, and incremental reads
// from the cursor the last complete read handed on.
#ifndef MYPLUGIN_CONNECTOR_H_
#define MYPLUGIN_CONNECTOR_H_

#include <cstdint>
#include <memory>
#include <string_view>

#include "tempo/catalog.hpp"
#include "tempo/config.hpp"

namespace myplugin_connector {

struct Config {
  int64_t page_size = 0;
};

// The config keys, declared once: the JSON Schema the host checks, and the typed read.
const tempo::sdk::ConfigMap<Config>& Keys();

class Connector : public tempo::sdk::CatalogConnector<Connector> {
 public:
  explicit Connector(Config config);

  static tempo::sdk::Status Open(tempo::sdk::Context& ctx, std::string_view config_json,
                                 std::unique_ptr<Connector>* out);
  tempo::sdk::Status Check(tempo::sdk::Context& ctx) override;

 private:
  tempo::sdk::Status ReadPartners(tempo::sdk::Context& ctx, const Stream& stream,
                                  const tempo::sdk::ReadRequest& request);

  Config config_;
};

}  // namespace myplugin_connector

#endif  // MYPLUGIN_CONNECTOR_H_
