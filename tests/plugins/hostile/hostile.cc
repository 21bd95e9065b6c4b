// hostile: a connector whose names are attacks, for the test that identifiers from data never
// reach SQL text (tests/integration/hostile_names_test.cc). Its streams have names with quotes,
// `;`, SQL comments, a NUL byte and 10 kB of text; its records name such entities and fields,
// and carry such ids and values. A store that builds SQL from any of them breaks; one that binds
// them and checks names against its schema rejects the bad names and stores the rest verbatim.
#include <string>
#include <vector>

#include "tempo/plugin.hpp"

namespace {

using tempo::sdk::Context;
using tempo::sdk::ReadRequest;
using tempo::sdk::Status;
using tempo::sdk::StreamInfo;

const std::string kInjection = "x'); DROP TABLE lead; --";
const std::string kQuoted = "a\"b'c;d";
const std::string kLong(10000, 'n');
const std::string kNul = std::string("lead\0x", 6);

std::vector<std::string> StreamNames() {
  return {"leads", "s'; DROP TABLE sync_state; --", kLong, std::string("nul\0stream", 10)};
}

class HostileConnector : public tempo::sdk::Connector {
 public:
  static Status Open(Context&, std::string_view, std::unique_ptr<HostileConnector>* out) {
    *out = std::make_unique<HostileConnector>();
    return Status::Ok();
  }
  Status Check(Context&) override { return Status::Ok(); }
  Status Discover(Context&, std::vector<StreamInfo>* streams) override {
    for (const std::string& name : StreamNames()) {
      streams->push_back({name, "lead", "id", "", "hostile names", TEMPO_SYNC_FULL_REFRESH});
    }
    return Status::Ok();
  }
  Status Read(Context& ctx, const ReadRequest& request) override {
    tempo::sdk::RecordBatch batch(ctx);
    const std::string stream(request.stream);
    // The batch borrows its strings until Flush: every id lives in `ids`.
    std::vector<std::string> ids;
    for (const char* suffix : {"-1", "-2", "-3", "-4", "-5", "-6"}) ids.push_back(stream + suffix);
    ids.push_back(stream + kInjection);
    ids.push_back(stream + kLong);
    // Names the store must refuse as unknown, never paste into SQL.
    batch.Begin("lead'; DROP TABLE lead; --", ids[0]).Str("email", "e1");
    batch.Begin(kNul, ids[1]).Str("email", "e2");
    batch.Begin(kLong, ids[2]).Str("email", "e3");
    batch.Begin("lead", ids[3]).Str("email\" = 'x'; DROP TABLE account; --", "e4");
    batch.Begin("lead", ids[4]).Str(kLong, "e5");
    batch.Begin("lead", ids[5]).Str(std::string_view("email\0x", 7), "e6");
    // Ids and values are data: stored byte for byte.
    batch.Begin("lead", ids[6]).Str("email", kQuoted).Str("lead_source", kInjection);
    batch.Begin("lead", ids[7]).Str("email", kLong);
    if (Status s = batch.Flush(); !s.ok()) return s;
    return ctx.Checkpoint(request.stream, R"({"done":true,"note":"x'); DROP TABLE lead; --"})");
  }
};

}  // namespace

TEMPO_CONNECTOR_PLUGIN(HostileConnector, "hostile", "0.1.0",
                       "Names that are attacks, for the SQL identifier test",
                       R"({"type":"object","properties":{},"additionalProperties":false})")
