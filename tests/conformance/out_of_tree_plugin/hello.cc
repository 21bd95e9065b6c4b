// The smallest useful connector, as a third party would write it outside the Tempo tree with the
// connector kit: one config key (declared once: schema and typed read), one stream of one
// record. tests/conformance builds it against the installed SDK and loads it with the installed
// plugin_load_check.
#include <memory>
#include <string>
#include <string_view>

#include "tempo/catalog.hpp"
#include "tempo/config.hpp"
#include "tempo/plugin.hpp"

namespace {

using tempo::sdk::Context;
using tempo::sdk::Status;

struct Config {
  std::string greeting;
};

const tempo::sdk::ConfigMap<Config>& Keys() {
  static const auto* keys = [] {
    auto* k = new tempo::sdk::ConfigMap<Config>();
    k->String("greeting", &Config::greeting).Default("Hello, world").Describe("What to say.");
    return k;
  }();
  return *keys;
}

class HelloConnector : public tempo::sdk::CatalogConnector<HelloConnector> {
 public:
  explicit HelloConnector(Config config)
      : CatalogConnector({{"greetings", "account", "id", "", "One greeting",
                           TEMPO_SYNC_FULL_REFRESH, &HelloConnector::ReadGreetings}}),
        config_(std::move(config)) {}

  static Status Open(Context& /*ctx*/, std::string_view config_json,
                     std::unique_ptr<HelloConnector>* out) {
    Config c;
    if (Status s = Keys().Read(config_json, &c); !s.ok()) return s;
    *out = std::make_unique<HelloConnector>(std::move(c));
    return Status::Ok();
  }

  Status Check(Context& ctx) override {
    ctx.Info("hello is always reachable");
    return Status::Ok();
  }

 private:
  Status ReadGreetings(Context& ctx, const Stream& stream, const tempo::sdk::ReadRequest&) {
    tempo::sdk::RecordBatch batch(ctx);
    batch.Begin(stream.entity, "hello-1").Str("name", config_.greeting);
    if (Status s = batch.Flush(); !s.ok()) return s;
    return ctx.Checkpoint(stream.name, R"({"done":true})");
  }

  Config config_;
};

}  // namespace

TEMPO_CONNECTOR_PLUGIN(HelloConnector, "hello", "0.1.0", "Says hello", Keys().SchemaText())
