// plugin_load_check: loads one connector plugin file with the host's loader and drives it once,
// offline, for conformance tests of plugins built outside this tree. Installed with the SDK
// (`cmake --install BUILD --component sdk` puts it in bin/).
//
//   plugin_load_check PLUGIN.so NAME VERSION [--config FILE] [--stream STREAM]
//
// Checks that the file loads, that its descriptor says NAME, VERSION, kind connector and this
// host's ABI, and that open(config), check, discover and a full read of STREAM (default: the
// first stream) succeed and hand over at least one record and one checkpoint. The config is the
// JSON object in FILE (default "{}"), given to open() as it is: defaults from the plugin's
// schema are not filled in. Prints one line per failed check to stderr; exits 0 only if every
// check passed, 2 for a usage error.
#include <cstdio>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>
#include <string_view>

#include "plugin/connector.h"
#include "plugin/host_api.h"
#include "plugin/loader.h"

namespace {

using tempo::Result;
using tempo::Status;
namespace plugin = tempo::plugin;

class CountingSink : public plugin::ReadSink {
 public:
  tempo_status OnEmit(const tempo_record_batch& batch) override {
    records += batch.count;
    return TEMPO_OK;
  }
  tempo_status OnCheckpoint(std::string_view, std::string_view) override {
    ++checkpoints;
    return TEMPO_OK;
  }
  void OnReject(std::string_view) override {}

  uint64_t records = 0;
  uint64_t checkpoints = 0;
};

int failures = 0;

void Expect(bool ok, const std::string& what) {
  if (ok) return;
  std::fprintf(stderr, "plugin_load_check: %s\n", what.c_str());
  ++failures;
}

}  // namespace

int main(int argc, char** argv) {
  constexpr const char* kUsage =
      "usage: plugin_load_check PLUGIN.so NAME VERSION [--config FILE] [--stream STREAM]\n";
  if (argc < 4) {
    std::fprintf(stderr, "%s", kUsage);
    return 2;
  }
  const std::string path = argv[1], name = argv[2], version = argv[3];
  std::string config = "{}", stream;
  for (int i = 4; i < argc; i += 2) {
    const std::string flag = argv[i];
    if (i + 1 >= argc || (flag != "--config" && flag != "--stream")) {
      std::fprintf(stderr, "%s", kUsage);
      return 2;
    }
    if (flag == "--stream") {
      stream = argv[i + 1];
      continue;
    }
    std::ifstream in(argv[i + 1], std::ios::binary);
    std::stringstream text;
    text << in.rdbuf();
    if (!in) {
      std::fprintf(stderr, "plugin_load_check: cannot read the config file %s\n", argv[i + 1]);
      return 2;
    }
    config = text.str();
  }

  Result<const plugin::Plugin*> loaded = plugin::LoadPluginFile(path);
  if (!loaded.ok()) {
    std::fprintf(stderr, "plugin_load_check: %s\n", loaded.status().message().c_str());
    return 1;
  }
  const plugin::Plugin& p = **loaded;
  Expect(p.name == name, "name is '" + p.name + "', expected '" + name + "'");
  Expect(p.version == version, "version is '" + p.version + "', expected '" + version + "'");
  Expect(p.kind == TEMPO_KIND_CONNECTOR && p.connector != nullptr,
         std::string("kind is ") + plugin::KindName(p.kind) + ", expected connector");
  Expect(p.abi_major == TEMPO_ABI_MAJOR && p.abi_minor <= TEMPO_ABI_MINOR,
         "ABI is " + std::to_string(p.abi_major) + "." + std::to_string(p.abi_minor));
  Expect(!p.config_schema.empty() && p.config_schema.front() == '{',
         "config schema is not a JSON object: '" + p.config_schema + "'");
  if (failures > 0 || p.connector == nullptr) return 1;

  Result<std::unique_ptr<plugin::Connector>> opened =
      plugin::Connector::Open(p, "conformance", config);
  if (!opened.ok()) {
    std::fprintf(stderr, "plugin_load_check: %s\n", opened.status().message().c_str());
    return 1;
  }
  plugin::Connector& connector = **opened;
  Status checked = connector.Check();
  Expect(checked.ok(), checked.message());
  Result<std::vector<plugin::StreamInfo>> streams = connector.Discover();
  if (!streams.ok() || streams->empty()) {
    Expect(false, streams.ok() ? "discover returned no streams" : streams.status().message());
    return 1;
  }
  CountingSink sink;
  const plugin::StreamInfo* chosen = &streams->front();
  if (!stream.empty()) {
    chosen = nullptr;
    for (const plugin::StreamInfo& s : *streams) {
      if (s.name == stream) chosen = &s;
    }
    if (chosen == nullptr) {
      Expect(false, "discover lists no stream '" + stream + "'");
      return 1;
    }
  }
  const plugin::StreamInfo& first = *chosen;
  Status read = connector.Read(first.name, TEMPO_SYNC_FULL_REFRESH, "", sink, nullptr);
  Expect(read.ok(), read.message());
  Expect(sink.records > 0, "read of stream '" + first.name + "' emitted no records");
  Expect(sink.checkpoints > 0, "read of stream '" + first.name + "' made no checkpoint");
  if (failures == 0) {
    std::printf("plugin_load_check: %s %s loaded and read %llu record(s) from '%s'\n",
                p.name.c_str(), p.version.c_str(), static_cast<unsigned long long>(sink.records),
                first.name.c_str());
  }
  return failures == 0 ? 0 : 1;
}
