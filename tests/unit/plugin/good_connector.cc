// The well-behaved connector plugin of loader_test, written with the SDK's C++ helpers the way an
// integrator would. Besides the happy path it has switches the test uses to make each call fail:
//   config containing "throw_in_open"  -> Open throws std::runtime_error
//   config containing "fail_check"     -> Check returns an UNAVAILABLE status
//   read of stream "explode"           -> Read throws std::runtime_error
//   read of stream "explode_unknown"   -> Read throws a non-std exception (an int)
// and a spec() (ABI 1.5) whose keys and streams depend on the config's "variant" (a or b).
// so that loader_test can assert every failure reaches the host as a Status, never a crash.
#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "tempo/plugin.hpp"

namespace {

using tempo::sdk::Context;
using tempo::sdk::ReadRequest;
using tempo::sdk::Status;
using tempo::sdk::StreamInfo;

class GoodConnector : public tempo::sdk::Connector {
 public:
  static Status Open(Context& ctx, std::string_view config_json,
                     std::unique_ptr<GoodConnector>* out) {
    (void)ctx;
    if (config_json.find("throw_in_open") != std::string_view::npos) {
      throw std::runtime_error("Open threw on purpose");
    }
    *out = std::make_unique<GoodConnector>(std::string(config_json));
    return Status::Ok();
  }

  explicit GoodConnector(std::string config) : config_(std::move(config)) {}

  static Status Spec(Context&, std::string_view config_json, tempo::sdk::ConnectorSpec* out) {
    const bool a = config_json.find(R"("variant":"a")") != std::string_view::npos;
    if (!a && config_json.find(R"("variant":"b")") == std::string_view::npos) {
      return Status::InvalidArgument("config key 'variant' must be a or b");
    }
    out->config_schema =
        R"({"type":"object","additionalProperties":false,"properties":{"variant":{"type":"string"},)"
        R"("token":{"type":"string","x-secret":true}}})";
    out->description = a ? "variant a" : "variant b";
    out->streams.push_back(
        {a ? "alpha" : "beta", "account", "id", "", "", TEMPO_SYNC_FULL_REFRESH});
    return Status::Ok();
  }

  Status Check(Context& ctx) override {
    (void)ctx;
    if (config_.find("fail_check") != std::string::npos) {
      return Status::Unavailable("example.test refused the connection; check the token");
    }
    return Status::Ok();
  }

  Status Discover(Context& ctx, std::vector<StreamInfo>* streams) override {
    (void)ctx;
    streams->push_back({"accounts", "account", "id", "updated_at", "Companies",
                        TEMPO_SYNC_FULL_REFRESH | TEMPO_SYNC_INCREMENTAL});
    streams->push_back({"contacts", "contact", "id", "", "", TEMPO_SYNC_FULL_REFRESH});
    return Status::Ok();
  }

  Status Read(Context& ctx, const ReadRequest& request) override {
    if (request.stream == "explode") throw std::runtime_error("kaboom: the page parser blew up");
    if (request.stream == "explode_unknown") throw 42;
    if (request.stream != "accounts") {
      return Status::NotFound("no stream named '" + std::string(request.stream) + "'");
    }
    tempo::sdk::RecordBatch batch(ctx);
    batch.Begin("account", "a1").Str("name", "Acme").Int("employees", 12);
    batch.Begin("account", "a2").Str("name", "Globex").Null("employees");
    if (Status s = batch.Flush(); !s.ok()) return s;
    // The checkpoint echoes the state the host passed in, so the test sees it arrived.
    std::string state = R"({"after":"a2","resumed_from":)";
    state += request.state.empty() ? "null" : std::string(request.state);
    state += "}";
    return ctx.Checkpoint(request.stream, state);
  }

 private:
  std::string config_;
};

}  // namespace

TEMPO_CONNECTOR_PLUGIN(GoodConnector, "good", "1.2.3", "A connector that behaves",
                       R"({"type":"object","properties":{"token":{"type":"string"}}})")
