// Drives one connector (linked into the fuzz target from its own sources) through the C ABI
// as the host would, against the kit's FakeHost whose HTTP answers come from the fuzz input:
//
//   STREAM [incremental]      the stream to read (its catalog name); "incremental" for an
//   =====                     incremental read from an empty state, else a full refresh
//   BODY 1                    the body of the first response (status 200)
//   =====
//   BODY 2 ...                the second, and so on; past the last part every request gets
//                             a 404, so each read ends
//
// A part that starts with "HTTP NNN\n" is served with that status instead, and a part whose
// first line is "Link: ..." with that Link header. Whatever the read returns is fine: a
// finding is a crash, a sanitizer report, a timeout or a leak. TEMPO_FUZZ_TRACE=1 prints each
// request, the part served for it and how the read ended (to write a seed: run the replay
// executable on a draft and see what the connector asks for next).
#ifndef TEMPO_TESTS_FUZZ_CONNECTOR_HARNESS_H_
#define TEMPO_TESTS_FUZZ_CONNECTOR_HARNESS_H_

#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "fuzz_input.h"
#include "tempo/plugin.h"
#include "tempo/testing/fake_host.hpp"

#ifdef TEMPO_FUZZ_PLUGIN_FILE
#include <dlfcn.h>
#else
extern "C" const tempo_plugin_descriptor* tempo_plugin_entry_v1(const tempo_host_api* host);
#endif

namespace tempo::fuzz {

// The connector's entry function: linked in (the libFuzzer build compiles the connector's
// sources with coverage) or, for the replay executables of every build, from the plugin
// module the build made (TEMPO_FUZZ_PLUGIN_FILE), so they compile no connector source again.
inline tempo_plugin_entry_fn PluginEntry() {
#ifdef TEMPO_FUZZ_PLUGIN_FILE
  static const tempo_plugin_entry_fn entry = [] {
    void* library = dlopen(TEMPO_FUZZ_PLUGIN_FILE, RTLD_NOW | RTLD_LOCAL);
    void* symbol = library ? dlsym(library, TEMPO_PLUGIN_ENTRY_SYMBOL) : nullptr;
    if (symbol == nullptr) {
      std::fprintf(stderr, "fuzz harness: cannot load %s: %s\n", TEMPO_FUZZ_PLUGIN_FILE, dlerror());
      std::abort();
    }
    return reinterpret_cast<tempo_plugin_entry_fn>(symbol);
  }();
  return entry;
#else
  return &tempo_plugin_entry_v1;
#endif
}

struct ConnectorSetup {
  const char* config_json;  // what open() receives (defaults filled by the connector)
  std::vector<std::pair<std::string, std::string>> auth_fields;  // http_auth_field's answers
};

inline sdk::testing::FakeHttpResponse ServedPart(std::string_view part) {
  sdk::testing::FakeHttpResponse response;
  if (part.substr(0, 5) == "HTTP " && part.size() >= 9) {
    response.status = std::atoi(std::string(part.substr(5, 3)).c_str());
    const size_t eol = part.find('\n');
    part.remove_prefix(eol == std::string_view::npos ? part.size() : eol + 1);
  }
  if (part.substr(0, 6) == "Link: ") {
    const size_t eol = part.find('\n');
    response.headers.emplace_back("Link", std::string(part.substr(6, eol - 6)));
    part.remove_prefix(eol == std::string_view::npos ? part.size() : eol + 1);
  }
  response.body.assign(part);
  return response;
}

inline int RunConnector(const ConnectorSetup& setup, const uint8_t* data, size_t size) {
  const std::vector<std::string_view> parts = SplitParts(data, size);
  sdk::testing::FakeHost host;
  host.http_attempts = 2;
  for (const auto& [name, value] : setup.auth_fields) host.auth_fields[name] = value;
  static const bool trace = std::getenv("TEMPO_FUZZ_TRACE") != nullptr;
  size_t served = 1;
  host.http = [&](const sdk::testing::FakeHttpRequest& request) {
    if (trace) {
      std::fprintf(stderr, "fuzz harness: %s %s <- %s\n", request.method.c_str(),
                   request.url.c_str(),
                   served < parts.size() ? ("part " + std::to_string(served)).c_str() : "404");
    }
    if (served >= parts.size()) return sdk::testing::FakeHttpResponse{404, "{}", {}};
    return ServedPart(parts[served++]);
  };
  const tempo_plugin_descriptor* plugin = PluginEntry()(host.api());
  if (plugin == nullptr || plugin->kind != TEMPO_KIND_CONNECTOR) std::abort();
  const auto* api = static_cast<const tempo_connector_api*>(plugin->api);
  tempo_instance* instance = nullptr;
  const std::string config = setup.config_json;
  if (api->open(host.ctx(), config.data(), config.size(), &instance) != TEMPO_OK) {
    std::fprintf(stderr, "fuzz harness: open() refused the config: %s\n", host.error.c_str());
    std::abort();
  }
  const tempo_catalog* catalog = nullptr;
  if (api->discover(host.ctx(), instance, &catalog) != TEMPO_OK || catalog == nullptr ||
      catalog->stream_count == 0) {
    std::fprintf(stderr, "fuzz harness: discover() failed: %s\n", host.error.c_str());
    std::abort();
  }
  // The first line names the stream; an unknown name reads the first stream.
  std::string_view head = parts[0].substr(0, parts[0].find('\n'));
  int32_t mode = TEMPO_SYNC_FULL_REFRESH;
  if (const size_t space = head.find(' '); space != std::string_view::npos) {
    if (head.substr(space + 1) == "incremental") mode = TEMPO_SYNC_INCREMENTAL;
    head = head.substr(0, space);
  }
  const auto* base = reinterpret_cast<const char*>(catalog->streams);
  std::string stream = catalog->streams[0].name;
  for (uint32_t i = 0; i < catalog->stream_count; ++i) {
    const auto& info =
        *reinterpret_cast<const tempo_stream_info*>(base + i * catalog->streams[0].struct_size);
    if (head == info.name) stream = info.name;
  }
  const tempo_status status =
      api->read(host.ctx(), instance, stream.data(), stream.size(), mode, "", 0);
  if (trace) {
    std::fprintf(stderr, "fuzz harness: read '%s': status %d, %zu records, %zu rejects: %s\n",
                 stream.c_str(), static_cast<int>(status), host.emitted, host.rejects.size(),
                 host.error.c_str());
  }
  api->close(instance);
  return 0;
}

}  // namespace tempo::fuzz

#endif  // TEMPO_TESTS_FUZZ_CONNECTOR_HARNESS_H_
