// The smallest useful connector, as a third party would write it outside the Tempo tree: one
// stream of one record. tests/conformance builds it against the installed SDK and loads it.
#include <memory>
#include <string_view>
#include <vector>

#include "tempo/plugin.hpp"

namespace {

using tempo::sdk::Context;
using tempo::sdk::Status;

class HelloConnector : public tempo::sdk::Connector {
 public:
  static Status Open(Context& ctx, std::string_view config_json,
                     std::unique_ptr<HelloConnector>* out) {
    (void)ctx;
    (void)config_json;
    *out = std::make_unique<HelloConnector>();
    return Status::Ok();
  }

  Status Check(Context& ctx) override {
    ctx.Info("hello is always reachable");
    return Status::Ok();
  }

  Status Discover(Context& ctx, std::vector<tempo::sdk::StreamInfo>* streams) override {
    (void)ctx;
    streams->push_back({"greetings", "account", "id", "", "One greeting", TEMPO_SYNC_FULL_REFRESH});
    return Status::Ok();
  }

  Status Read(Context& ctx, const tempo::sdk::ReadRequest& request) override {
    tempo::sdk::RecordBatch batch(ctx);
    batch.Begin("account", "hello-1").Str("name", "Hello, world");
    if (Status s = batch.Flush(); !s.ok()) return s;
    return ctx.Checkpoint(request.stream, R"({"done":true})");
  }
};

}  // namespace

TEMPO_CONNECTOR_PLUGIN(HelloConnector, "hello", "0.1.0", "Says hello",
                       R"({"type":"object","properties":{}})")
