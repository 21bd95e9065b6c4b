// The plugin loader's refusals, and calls into a loaded connector through host/plugin/connector.h.
//
// Each refusal is provoked by a plugin from broken/ that breaks exactly one rule, and each test
// asserts the one-line message a user would read: it names the file, the cause and what to do.
// The plugins are built into <build>/test-plugins/NAME/tempo_NAME.so (see CMakeLists.txt).
//
// The registry is process-wide and never unloads, so every case uses its own plugin file; the
// suite passes both as one process and as one ctest per case.
#include <stdlib.h>
#include <sys/stat.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <string>
#include <string_view>
#include <vector>

#include <catch2/catch.hpp>

#include "plugin/connector.h"
#include "plugin/host_api.h"
#include "plugin/loader.h"

namespace tempo::plugin {
namespace {

namespace fs = std::filesystem;
using Catch::Matchers::Contains;

// The folder holding test plugin NAME, and the plugin file itself.
std::string PluginDir(const std::string& name) {
  return std::string(TEMPO_BINARY_DIR) + "/test-plugins/" + name;
}

// The host's ABI version as its messages print it, e.g. "1.1".
std::string HostAbi() {
  return std::to_string(TEMPO_ABI_MAJOR) + "." + std::to_string(TEMPO_ABI_MINOR);
}

std::string PluginPath(const std::string& name) {
  return PluginDir(name) + "/tempo_" + name + ".so";
}

// A fresh empty folder, removed with its contents when the test ends.
class TempDir {
 public:
  TempDir() {
    std::string pattern = (fs::temp_directory_path() / "tempo-loader-test-XXXXXX").string();
    REQUIRE(mkdtemp(pattern.data()) != nullptr);
    path_ = pattern;
  }
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(path_, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  const std::string& path() const { return path_; }
  std::string File(const std::string& name) const { return path_ + "/" + name; }

  // Copies `from` into this folder as `name` with mode rwxr-xr-x; returns the new path.
  std::string Copy(const std::string& from, const std::string& name) const {
    std::string to = File(name);
    fs::copy_file(from, to);
    fs::permissions(to, fs::perms::owner_all | fs::perms::group_read | fs::perms::group_exec |
                            fs::perms::others_read | fs::perms::others_exec);
    return to;
  }

 private:
  std::string path_;
};

// Changes the working directory for the life of the object.
class ScopedCurrentPath {
 public:
  explicit ScopedCurrentPath(const fs::path& dir) : saved_(fs::current_path()) {
    fs::current_path(dir);
  }
  ~ScopedCurrentPath() {
    std::error_code ec;
    fs::current_path(saved_, ec);
  }
  ScopedCurrentPath(const ScopedCurrentPath&) = delete;
  ScopedCurrentPath& operator=(const ScopedCurrentPath&) = delete;

 private:
  fs::path saved_;
};

// Loads `path`, requires a refusal, and returns its message.
std::string Refusal(const std::string& path) {
  Result<const Plugin*> loaded = LoadPluginFile(path);
  REQUIRE_FALSE(loaded.ok());
  CHECK(loaded.status().code() == StatusCode::kPlugin);
  return loaded.status().message();
}

const Plugin& LoadGood() {
  Result<const Plugin*> loaded = LoadPluginFile(PluginPath("good"));
  INFO((loaded.ok() ? "" : loaded.status().message()));
  REQUIRE(loaded.ok());
  return **loaded;
}

//===------------------------------------------------------------------------------------===//
// Refusals, one per rule
//===------------------------------------------------------------------------------------===//

TEST_CASE("refuses a plugin file that does not exist", "[loader][refusal]") {
  TempDir dir;
  std::string path = dir.File("tempo_missing.so");
  std::string message = Refusal(path);
  CHECK_THAT(message, Contains(path) && Contains("file not found") &&
                          Contains("check plugins.path in tempo.yaml"));
}

TEST_CASE("refuses a file that is not a shared library", "[loader][refusal]") {
  TempDir dir;
  std::string path = dir.File("tempo_x.so");
  std::ofstream(path) << "this is a text file, not a plugin\n";
  fs::permissions(path, fs::perms::owner_read | fs::perms::owner_write | fs::perms::group_read |
                            fs::perms::others_read);
  std::string message = Refusal(path);
  CHECK_THAT(message, Contains(path) && Contains("not a shared library") &&
                          Contains("build it with tempo_add_plugin()"));
}

TEST_CASE("refuses a plugin with an undefined symbol at load, not at first call",
          "[loader][refusal]") {
  std::string path = PluginPath("undefined_symbol");
  std::string message = Refusal(path);
  CHECK_THAT(message, Contains(path) && Contains("cannot be loaded") &&
                          Contains("undefined symbol: tempo_test_function_nobody_defines") &&
                          Contains("rebuild it"));
}

TEST_CASE("refuses a library without the entry symbol", "[loader][refusal]") {
  std::string path = PluginPath("no_entry");
  std::string message = Refusal(path);
  CHECK_THAT(message, Contains(path) && Contains("has no entry symbol tempo_plugin_entry_v1") &&
                          Contains("build with tempo_add_plugin()"));
}

TEST_CASE("refuses a descriptor that declares another ABI major", "[loader][refusal]") {
  std::string path = PluginPath("abi_major_2");
  std::string message = Refusal(path);
  CHECK_THAT(message, Contains(path) && Contains("built for plugin ABI 2.0") &&
                          Contains("this host speaks " + HostAbi() + " (the major must match)") &&
                          Contains("rebuild the plugin against this Tempo SDK"));
}

TEST_CASE("refuses a plugin that exports only a newer major's entry symbol", "[loader][refusal]") {
  std::string path = PluginPath("entry_v2_only");
  std::string message = Refusal(path);
  CHECK_THAT(message, Contains(path) && Contains("built for plugin ABI major 2") &&
                          Contains("this host speaks major 1") &&
                          Contains("use a plugin built for ABI 1 or a matching tempo"));
}

TEST_CASE("refuses a plugin built for a newer minor than the host", "[loader][refusal]") {
  std::string path = PluginPath("abi_minor_99");
  std::string message = Refusal(path);
  CHECK_THAT(message, Contains(path) && Contains("built for plugin ABI 1.99") &&
                          Contains("newer than this host's " + HostAbi()) &&
                          Contains("upgrade tempo"));
}

TEST_CASE("refuses a descriptor struct smaller than ABI 1.0 requires", "[loader][refusal]") {
  std::string path = PluginPath("small_descriptor");
  std::string size = std::to_string(offsetof(tempo_plugin_descriptor, api));
  std::string message = Refusal(path);
  CHECK_THAT(message,
             Contains(path) && Contains("descriptor struct is " + size + " bytes") &&
                 Contains("smaller than the " + std::to_string(sizeof(tempo_plugin_descriptor))) &&
                 Contains("rebuild the plugin"));
}

TEST_CASE("refuses a connector function table smaller than ABI 1.0 requires", "[loader][refusal]") {
  std::string path = PluginPath("small_connector_api");
  std::string size = std::to_string(offsetof(tempo_connector_api, close));
  std::string message = Refusal(path);
  CHECK_THAT(message,
             Contains(path) && Contains("connector function table is " + size + " bytes") &&
                 Contains("smaller than the " +
                          std::to_string(TEMPO_SIZE_THROUGH(tempo_connector_api, close))) &&
                 Contains("rebuild the plugin"));
}

TEST_CASE("refuses a connector whose required read callback is null", "[loader][refusal]") {
  std::string path = PluginPath("null_read");
  std::string message = Refusal(path);
  CHECK_THAT(message, Contains(path) && Contains("required callback connector.read is null") &&
                          Contains("implement it"));
}

TEST_CASE("refuses a plugin whose file name does not match its declared name",
          "[loader][refusal]") {
  std::string path = PluginPath("misnamed");
  std::string message = Refusal(path);
  CHECK_THAT(message, Contains(path) && Contains("declares name 'someone_else'") &&
                          Contains("the file is named tempo_misnamed.so") &&
                          Contains("rename it to tempo_someone_else.so"));
}

TEST_CASE("refuses a plugin whose entry function returns NULL", "[loader][refusal]") {
  std::string path = PluginPath("null_entry");
  std::string message = Refusal(path);
  CHECK_THAT(message, Contains(path) &&
                          Contains("refused this host (host plugin ABI " + HostAbi() + ")") &&
                          Contains("rebuild the plugin against this Tempo SDK"));
}

TEST_CASE("refuses a plugin file writable by group or others", "[loader][refusal]") {
  TempDir dir;
  // A copy of a plugin that no other case loads: even a wrongly accepted file cannot leave a
  // name behind in the process-wide registry.
  std::string path = dir.Copy(PluginPath("null_entry"), "tempo_null_entry.so");
  fs::permissions(path, fs::perms::group_write, fs::perm_options::add);
  std::string message = Refusal(path);
  CHECK_THAT(message, Contains(path) && Contains("writable by group or others") &&
                          Contains("run: chmod go-w " + path));
}

TEST_CASE("FindPlugin refuses a plugin name found in two folders, naming both",
          "[loader][refusal]") {
  TempDir second;
  std::string first_path = PluginPath("dup");
  std::string second_path = second.Copy(first_path, "tempo_dup.so");
  Result<const Plugin*> found = FindPlugin({PluginDir("dup"), second.path()}, "dup");
  REQUIRE_FALSE(found.ok());
  CHECK(found.status().code() == StatusCode::kPlugin);
  CHECK_THAT(found.status().message(), Contains("duplicate plugin name 'dup'") &&
                                           Contains(first_path) && Contains(second_path) &&
                                           Contains("remove one of them from the plugin path"));
}

TEST_CASE("LoadAll loads the first of two same-named plugins and reports the second",
          "[loader][refusal]") {
  TempDir second;
  std::string second_path = second.Copy(PluginPath("dup"), "tempo_dup.so");
  std::vector<std::string> errors;
  std::vector<const Plugin*> loaded = LoadAll({PluginDir("dup"), second.path()}, &errors);
  REQUIRE(loaded.size() == 1);
  CHECK(loaded[0]->name == "dup");
  CHECK(loaded[0]->path == fs::canonical(PluginPath("dup")).string());
  REQUIRE(errors.size() == 1);
  CHECK_THAT(errors[0], Contains(second_path) && Contains("duplicate plugin name 'dup'") &&
                            Contains("already loaded from " + loaded[0]->path) &&
                            Contains("remove one of them from the plugin path"));
}

//===------------------------------------------------------------------------------------===//
// Finding and loading a good plugin
//===------------------------------------------------------------------------------------===//

TEST_CASE("loads a good plugin and copies its descriptor", "[loader]") {
  const Plugin& plugin = LoadGood();
  CHECK(plugin.path == fs::canonical(PluginPath("good")).string());
  CHECK(plugin.name == "good");
  CHECK(plugin.version == "1.2.3");
  CHECK(plugin.description == "A connector that behaves");
  CHECK(plugin.config_schema == R"({"type":"object","properties":{"token":{"type":"string"}}})");
  CHECK(plugin.kind == TEMPO_KIND_CONNECTOR);
  CHECK(std::string(KindName(plugin.kind)) == "connector");
  CHECK(plugin.abi_major == TEMPO_ABI_MAJOR);
  CHECK(plugin.abi_minor == TEMPO_ABI_MINOR);
  CHECK(plugin.connector != nullptr);
  CHECK(plugin.scorer == nullptr);

  // The registry keeps one Plugin per file, however the path is spelled.
  Result<const Plugin*> again = LoadPluginFile(PluginDir("good") + "/./tempo_good.so");
  REQUIRE(again.ok());
  CHECK(*again == &plugin);
}

TEST_CASE("FindPlugin finds a plugin only in the folders it is given", "[loader]") {
  Result<const Plugin*> found = FindPlugin({PluginDir("good")}, "good");
  INFO((found.ok() ? "" : found.status().message()));
  REQUIRE(found.ok());
  CHECK((*found)->name == "good");

  // Loaded and present on disk elsewhere is not enough: only the given folders count.
  TempDir empty;
  Result<const Plugin*> elsewhere = FindPlugin({empty.path()}, "good");
  REQUIRE_FALSE(elsewhere.ok());
  CHECK(elsewhere.status().code() == StatusCode::kNotFound);
  CHECK_THAT(elsewhere.status().message(),
             Contains("unknown plugin 'good'") && Contains("no tempo_good.so") &&
                 Contains(empty.path()) && Contains("run 'tempo plugins list'"));

  // Not even the working directory is searched.
  ScopedCurrentPath cwd(PluginDir("good"));
  Result<const Plugin*> nowhere = FindPlugin({}, "good");
  REQUIRE_FALSE(nowhere.ok());
  CHECK_THAT(nowhere.status().message(), Contains("the plugin path (empty)"));
}

TEST_CASE("FindPlugin treats one folder listed twice as one plugin, not a duplicate", "[loader]") {
  Result<const Plugin*> found = FindPlugin({PluginDir("good"), PluginDir("good") + "/."}, "good");
  INFO((found.ok() ? "" : found.status().message()));
  REQUIRE(found.ok());
  CHECK((*found)->name == "good");
}

TEST_CASE("LoadAll lists the plugins of its folders and reports each refusal", "[loader]") {
  std::vector<std::string> errors;
  std::vector<const Plugin*> loaded = LoadAll({PluginDir("good")}, &errors);
  CHECK(errors.empty());
  REQUIRE(loaded.size() == 1);
  CHECK(loaded[0]->name == "good");

  // A refused plugin does not stop the others from loading.
  errors.clear();
  loaded = LoadAll({PluginDir("abi_minor_99"), PluginDir("good")}, &errors);
  REQUIRE(loaded.size() == 1);
  CHECK(loaded[0]->name == "good");
  REQUIRE(errors.size() == 1);
  CHECK_THAT(errors[0], Contains(PluginPath("abi_minor_99")) && Contains("upgrade tempo"));
}

//===------------------------------------------------------------------------------------===//
// Calling a connector through the C ABI
//===------------------------------------------------------------------------------------===//

// Records what a connector hands the host during read(), one line per record.
class RecordingSink : public ReadSink {
 public:
  tempo_status OnEmit(const tempo_record_batch& batch) override {
    const auto* base = reinterpret_cast<const char*>(batch.records);
    for (uint32_t i = 0; i < batch.count; ++i) {
      const auto* r =
          reinterpret_cast<const tempo_record*>(base + size_t{i} * batch.records[0].struct_size);
      std::string line =
          std::string(r->entity, r->entity_len) + "/" + std::string(r->source_id, r->source_id_len);
      for (uint32_t f = 0; f < r->field_count; ++f) {
        const tempo_field& field = r->fields[f];
        line += " " + std::string(field.name, field.name_len) + "=";
        switch (field.type) {
          case TEMPO_VALUE_STRING:
            line += std::string(field.str, field.str_len);
            break;
          case TEMPO_VALUE_INT:
            line += std::to_string(field.int_value);
            break;
          case TEMPO_VALUE_NULL:
            line += "null";
            break;
          default:
            line += "?";
            break;
        }
      }
      records.push_back(line);
    }
    return TEMPO_OK;
  }
  tempo_status OnCheckpoint(std::string_view stream, std::string_view state) override {
    checkpoints.push_back(std::string(stream) + " " + std::string(state));
    return TEMPO_OK;
  }
  void OnReject(std::string_view reason) override { rejects.emplace_back(reason); }

  std::vector<std::string> records;
  std::vector<std::string> checkpoints;
  std::vector<std::string> rejects;
};

std::unique_ptr<Connector> OpenGood(std::string_view config_json) {
  Result<std::unique_ptr<Connector>> opened = Connector::Open(LoadGood(), "crm", config_json);
  INFO((opened.ok() ? "" : opened.status().message()));
  REQUIRE(opened.ok());
  return std::move(opened).value();
}

TEST_CASE("open, check, discover, read and close work through the C ABI", "[connector]") {
  std::unique_ptr<Connector> connector = OpenGood(R"({"token":"t"})");
  CHECK(connector->plugin().name == "good");

  Status checked = connector->Check();
  INFO(checked.message());
  CHECK(checked.ok());

  Result<std::vector<StreamInfo>> streams = connector->Discover();
  REQUIRE(streams.ok());
  REQUIRE(streams->size() == 2);
  const StreamInfo& accounts = (*streams)[0];
  CHECK(accounts.name == "accounts");
  CHECK(accounts.entity == "account");
  CHECK(accounts.primary_key == "id");
  CHECK(accounts.cursor_field == "updated_at");
  CHECK(accounts.description == "Companies");
  CHECK(accounts.sync_modes == (TEMPO_SYNC_FULL_REFRESH | TEMPO_SYNC_INCREMENTAL));
  const StreamInfo& contacts = (*streams)[1];
  CHECK(contacts.name == "contacts");
  CHECK(contacts.cursor_field.empty());
  CHECK(contacts.description.empty());
  CHECK(contacts.sync_modes == TEMPO_SYNC_FULL_REFRESH);

  RecordingSink sink;
  Status read =
      connector->Read("accounts", TEMPO_SYNC_INCREMENTAL, R"({"after":"a0"})", sink, nullptr);
  INFO(read.message());
  REQUIRE(read.ok());
  CHECK(sink.records == std::vector<std::string>{"account/a1 name=Acme employees=12",
                                                 "account/a2 name=Globex employees=null"});
  CHECK(sink.checkpoints ==
        std::vector<std::string>{R"(accounts {"after":"a2","resumed_from":{"after":"a0"}})"});

  connector.reset();  // close()
}

TEST_CASE("an error status from the plugin becomes a Status with the plugin's message",
          "[connector]") {
  std::unique_ptr<Connector> connector = OpenGood(R"({"fail_check":true})");
  Status checked = connector->Check();
  CHECK(checked.code() == StatusCode::kUnavailable);
  CHECK_THAT(checked.message(), Contains("check of connection 'crm' failed") &&
                                    Contains("example.test refused the connection"));

  RecordingSink sink;
  Status read = connector->Read("nope", TEMPO_SYNC_FULL_REFRESH, "", sink, nullptr);
  CHECK(read.code() == StatusCode::kNotFound);
  CHECK_THAT(read.message(), Contains("read of stream 'nope' of connection 'crm' failed") &&
                                 Contains("no stream named 'nope'"));
}

TEST_CASE("a C++ exception thrown in the plugin becomes an error Status, never a crash",
          "[connector]") {
  std::unique_ptr<Connector> connector = OpenGood("{}");
  RecordingSink sink;

  Status thrown = connector->Read("explode", TEMPO_SYNC_FULL_REFRESH, "", sink, nullptr);
  CHECK(thrown.code() == StatusCode::kInternal);
  CHECK_THAT(thrown.message(), Contains("read of stream 'explode' of connection 'crm' failed") &&
                                   Contains("kaboom: the page parser blew up"));

  Status unknown = connector->Read("explode_unknown", TEMPO_SYNC_FULL_REFRESH, "", sink, nullptr);
  CHECK(unknown.code() == StatusCode::kInternal);
  CHECK_THAT(unknown.message(), Contains("unknown exception"));

  // The instance survives its exceptions.
  CHECK(connector->Check().ok());

  Result<std::unique_ptr<Connector>> opened =
      Connector::Open(LoadGood(), "crm", R"({"throw_in_open":true})");
  REQUIRE_FALSE(opened.ok());
  CHECK(opened.status().code() == StatusCode::kInternal);
  CHECK_THAT(opened.status().message(),
             Contains("opening connection 'crm' failed") && Contains("Open threw on purpose"));
}

TEST_CASE("a cancelled read reaches the caller as a cancelled Status", "[connector]") {
  std::unique_ptr<Connector> connector = OpenGood("{}");
  RecordingSink sink;
  std::atomic<bool> cancel{true};
  Status read = connector->Read("accounts", TEMPO_SYNC_FULL_REFRESH, "", sink, &cancel);
  CHECK(read.code() == StatusCode::kCancelled);
  CHECK(sink.records.empty());
  CHECK(sink.checkpoints.empty());
}

TEST_CASE("spec() (ABI 1.5): the schema and streams a config selects, or why not", "[connector]") {
  const Plugin& good = LoadGood();
  REQUIRE(HasSpec(good));
  Result<ConnectorSpec> a = SpecFor(good, "crm", R"({"variant":"a"})");
  INFO((a.ok() ? "" : a.status().message()));
  REQUIRE(a.ok());
  CHECK_THAT(a->config_schema, Contains(R"("x-secret":true)"));
  CHECK(a->description == "variant a");
  REQUIRE(a->streams.size() == 1);
  CHECK(a->streams[0].name == "alpha");
  Result<ConnectorSpec> b = SpecFor(good, "crm", R"({"variant":"b"})");
  REQUIRE(b.ok());
  CHECK(b->streams[0].name == "beta");
  CHECK(SpecFor(good, "crm", R"({"variant":"a"})")->streams[0].name == "alpha");  // kept
  Result<ConnectorSpec> bad = SpecFor(good, "crm", R"({"variant":"c"})");
  REQUIRE_FALSE(bad.ok());
  CHECK_THAT(bad.status().message(), Contains("checking the config of connection 'crm' failed") &&
                                         Contains("config key 'variant' must be a or b"));

  // A connector built before 1.5 has no spec(): its descriptor's schema is the whole schema.
  tempo_connector_api older = *good.connector;
  older.struct_size = TEMPO_SIZE_THROUGH(tempo_connector_api, close);
  Plugin before = good;
  before.connector = &older;
  CHECK_FALSE(HasSpec(before));
}

}  // namespace
}  // namespace tempo::plugin
