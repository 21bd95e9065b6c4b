// Tests for the config stage: LoadConfig (structure, positions, did-you-mean, substitution) and
// RenderPluginConfig (the JSON Schema subset). Each file is written under a fresh mkdtemp folder.
#include <stdlib.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <string>

#include <catch2/catch.hpp>

#include "common/log.h"
#include "config/config.h"

namespace tempo::config {
namespace {

class TempDir {
 public:
  TempDir() {
    std::string pattern = (std::filesystem::temp_directory_path() / "tempo_config_XXXXXX").string();
    REQUIRE(mkdtemp(pattern.data()) != nullptr);
    path_ = pattern;
  }
  ~TempDir() { std::filesystem::remove_all(path_); }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  // Writes `text` to `name` (sub-folders created) and returns the file's full path.
  std::string Write(const std::string& name, const std::string& text) const {
    const std::filesystem::path file = std::filesystem::path(path_) / name;
    std::filesystem::create_directories(file.parent_path());
    std::ofstream(file) << text;
    return file.string();
  }
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

// Loads `yaml` written as tempo.yaml in `dir`; the test fails if it does not load.
Config MustLoad(const TempDir& dir, const std::string& yaml) {
  Result<Config> config = LoadConfig(dir.Write("tempo.yaml", yaml));
  INFO(config.status().message());
  REQUIRE(config.ok());
  return std::move(config).value();
}

// The error message for `yaml` written as tempo.yaml in `dir`; the test fails if it loads.
std::string LoadError(const TempDir& dir, const std::string& yaml) {
  Result<Config> config = LoadConfig(dir.Write("tempo.yaml", yaml));
  REQUIRE_FALSE(config.ok());
  CHECK(config.status().code() == StatusCode::kInvalidArgument);
  return config.status().message();
}

// Renders connection `index`'s config against `schema`; the test fails on error.
std::string MustRender(const Config& config, size_t index, const std::string& schema) {
  const std::string owner = "connections[" + std::to_string(index) + "]";
  Result<std::string> json =
      RenderPluginConfig(config, config.connections.at(index).config, owner, schema);
  INFO(json.status().message());
  REQUIRE(json.ok());
  return json.value();
}

std::string RenderError(const Config& config, size_t index, const std::string& schema) {
  const std::string owner = "connections[" + std::to_string(index) + "]";
  Result<std::string> json =
      RenderPluginConfig(config, config.connections.at(index).config, owner, schema);
  REQUIRE_FALSE(json.ok());
  return json.status().message();
}

// A config with one connection whose `config:` is `body` (indented by the caller, 6 spaces).
// The body starts on line 6.
std::string OneConnection(const std::string& body) {
  return "store: {path: tempo.db}\n"
         "connections:\n"
         "  - name: crm\n"
         "    plugin: hubspot\n"
         "    config:\n" +
         body;
}

TEST_CASE("a good file loads with its values and paths resolved against its folder") {
  TempDir dir;
  const std::string path = dir.Write("conf/tempo.yaml", R"(# comment on line 1
store:
  path: data/tempo.db
plugins:
  path: [../plugins, /opt/tempo/plugins]
connections:
  - name: partners
    plugin: file
    schedule: "every 15m"
    streams:
      - partners
      - {name: installs, mode: full_refresh}
    keep_raw: no
    config:
      folder: ./in
  - name: crm-2
    plugin: hubspot
scorers:
  - name: tempo
    plugin: tempo
    config: {}
)");
  Result<Config> loaded = LoadConfig(path);
  INFO(loaded.status().message());
  REQUIRE(loaded.ok());
  const Config& config = loaded.value();

  CHECK(config.path == path);
  CHECK(config.store_path == dir.path() + "/conf/data/tempo.db");
  CHECK(config.plugin_paths ==
        std::vector<std::string>{dir.path() + "/plugins", "/opt/tempo/plugins"});
  CHECK(config.secrets.empty());

  REQUIRE(config.connections.size() == 2);
  const ConnectionConfig& partners = config.connections[0];
  CHECK(partners.name == "partners");
  CHECK(partners.plugin == "file");
  CHECK(partners.schedule == "every 15m");
  REQUIRE(partners.streams.size() == 2);
  CHECK(partners.streams[0].name == "partners");
  CHECK(partners.streams[0].mode == "");
  CHECK(partners.streams[1].name == "installs");
  CHECK(partners.streams[1].mode == "full_refresh");
  CHECK_FALSE(partners.keep_raw);
  CHECK(partners.location == path + ":7:5");
  CHECK(partners.plugin_location == path + ":8:13");
  REQUIRE(partners.config != nullptr);

  const ConnectionConfig& crm = config.connections[1];
  CHECK(crm.name == "crm-2");
  CHECK(crm.schedule.empty());
  CHECK(crm.streams.empty());
  CHECK(crm.keep_raw);

  REQUIRE(config.scorers.size() == 1);
  CHECK(config.scorers[0].name == "tempo");
  CHECK(config.scorers[0].plugin == "tempo");
  CHECK(config.scorers[0].location == path + ":19:5");

  CHECK(config.FindConnection("crm-2") == &config.connections[1]);
  CHECK(config.FindConnection("nope") == nullptr);
}

TEST_CASE("plugins.path may be a single folder") {
  TempDir dir;
  const Config config = MustLoad(dir, "store: {path: /var/lib/tempo.db}\nplugins: {path: lib}\n");
  CHECK(config.store_path == "/var/lib/tempo.db");
  CHECK(config.plugin_paths == std::vector<std::string>{dir.path() + "/lib"});
}

TEST_CASE("an empty optional value is the same as leaving the key out") {
  TempDir dir;
  const Config config = MustLoad(dir, R"(store: {path: t.db}
plugins:
connections:
  - name: a
    plugin: x
    schedule:
    streams:
    keep_raw:
    config:
scorers:
)");
  CHECK(config.plugin_paths.empty());
  REQUIRE(config.connections.size() == 1);
  CHECK(config.connections[0].schedule.empty());
  CHECK(config.connections[0].streams.empty());
  CHECK(config.connections[0].keep_raw);
  CHECK(MustRender(config, 0, "") == "{}");
  CHECK(config.scorers.empty());
}

TEST_CASE("a missing file names the path and how to pick another") {
  TempDir dir;
  const std::string path = dir.path() + "/absent.yaml";
  Result<Config> config = LoadConfig(path);
  REQUIRE_FALSE(config.ok());
  CHECK(config.status().code() == StatusCode::kInvalidArgument);
  CHECK(config.status().message() ==
        "cannot read config " + path +
            ": No such file or directory; pick another file with -c FILE or $TEMPO_CONFIG");
}

TEST_CASE("a YAML syntax error keeps yaml-cpp's line and column") {
  TempDir dir;
  const std::string message = LoadError(dir, "store:\n  path: [a, b\nplugins: {}\n");
  CHECK(message ==
        dir.path() + "/tempo.yaml:3:8: YAML syntax error: end of sequence flow not found");
}

// Found by the config fuzz target: a value in Latin-1 reached the plugin as a config that was
// "not a JSON object". Refused at its position, before anything else is read.
TEST_CASE("a file that is not UTF-8 is refused at the first byte that is not") {
  TempDir dir;
  CHECK(LoadError(dir, "store:\n  path: t.db\n# caf\xc3\xa9 ok\nplugins: {path: \"caf\xe9\"}\n") ==
        dir.path() +
            "/tempo.yaml:4:21: a byte that is not UTF-8 text; save the file as UTF-8 (a config in "
            "another encoding, e.g. Latin-1, is refused)");
  CHECK(LoadError(dir, "store: {path: \"\xed\xa0\x80.db\"}\n")  // a UTF-16 surrogate
            .find("tempo.yaml:1:16: a byte that is not UTF-8 text") != std::string::npos);
}

TEST_CASE("an empty file says what it needs") {
  TempDir dir;
  CHECK(LoadError(dir, "# nothing yet\n") ==
        dir.path() + "/tempo.yaml:1:1: the file is empty; it needs at least `store: {path: FILE}`");
}

TEST_CASE("an unknown key gets a did-you-mean when a known key is close") {
  TempDir dir;
  const std::string file = dir.path() + "/tempo.yaml";
  SECTION("inside a connection") {
    CHECK(LoadError(dir, R"(store:
  path: tempo.db
connections:
  - name: partners
    plugin: file
    config: {}
    shedule: "every 15m"
)") == file + ":7:5: connections[0].shedule: unknown key; did you mean 'schedule'?");
  }
  SECTION("at the top, with a swapped pair of letters") {
    CHECK(LoadError(dir, "store: {path: x}\nconenctions: []\n") ==
          file + ":2:1: conenctions: unknown key; did you mean 'connections'?");
  }
  SECTION("nothing close: the known keys are listed") {
    CHECK(LoadError(dir, "store: {path: x, colour: red}\n") ==
          file + ":1:18: store.colour: unknown key; expected one of: path, url, fx_rates");
  }
}

TEST_CASE("every structural error is reported at once, sorted by position") {
  TempDir dir;
  const std::string file = dir.path() + "/tempo.yaml";
  const std::string message = LoadError(dir, R"(store:
  - tempo.db
connections:
  - name: partners
    plugin: file
    keep_raw: maybe
  - name: Partners Two
    plugin: file
  - name: partners
    plugin: file
    streams:
      - {name: installs, mode: sometimes}
      - {mode: incremental}
      - installs
  - name: crm
    plugin: hubspot
    plugin: salesforce
    config: [token]
  - plugin: file
scorers:
  - name: tempo
)");
  CHECK(message ==
        file + ":2:3: store: expected a mapping, found a list\n" + file +
            ":6:15: connections[0].keep_raw: expected true or false\n" + file +
            ":7:11: connections[1].name: invalid name; use lowercase letters, digits, '_' "
            "and '-', starting with a letter or digit\n" +
            file + ":9:11: connections[2].name: duplicate connection name; connections[0] (" +
            file + ":4:11) already uses it\n" + file +
            ":12:32: connections[2].streams[0].mode: must be full_refresh or incremental\n" + file +
            ":13:9: connections[2].streams[1]: missing required key 'name'\n" + file +
            ":14:9: connections[2].streams[2]: this stream is already listed\n" + file +
            ":17:5: connections[3].plugin: duplicate key; the first is at " + file + ":16:13\n" +
            file + ":18:13: connections[3].config: expected a mapping, found a list\n" + file +
            ":19:5: connections[4]: missing required key 'name'\n" + file +
            ":21:5: scorers[0]: missing required key 'plugin'");
}

TEST_CASE("the store is required") {
  TempDir dir;
  CHECK(LoadError(dir, "plugins: {path: lib}\n") ==
        dir.path() + "/tempo.yaml:1:1: missing required key 'store'");
  CHECK(LoadError(dir, "store:\n  path:\n") ==
        dir.path() + "/tempo.yaml:2:3: store.path: expected a string, found an empty value");
}

TEST_CASE("${env:} and ${file:} are substituted anywhere and collected as secrets") {
  TempDir dir;
  setenv("TEMPO_TEST_TOKEN", "tok-123456", 1);
  setenv("TEMPO_TEST_DB", "db/from-env.db", 1);
  dir.Write("secrets/key.txt", "file-secret-42\n\n");
  const Config config = MustLoad(dir, R"(store: {path: "${env:TEMPO_TEST_DB}"}
connections:
  - name: crm
    plugin: "$${not a reference}"
    config:
      token: ${env:TEMPO_TEST_TOKEN}
      header: "Bearer ${env:TEMPO_TEST_TOKEN}; key=${file:secrets/key.txt}"
      keys:
        - ${file:secrets/key.txt}
      quoted_in_flow: ["${env:TEMPO_TEST_TOKEN}"]
)");
  CHECK(config.store_path == dir.path() + "/db/from-env.db");
  CHECK(config.connections[0].plugin == "${not a reference}");
  CHECK(MustRender(config, 0, "") ==
        R"({"token":"tok-123456","header":"Bearer tok-123456; key=file-secret-42",)"
        R"("keys":["file-secret-42"],"quoted_in_flow":["tok-123456"]})");
  // Outside the plugin's config every substituted value is a secret; inside, rendering decides
  // by the plugin's schema (here none: every key is undeclared, so all are secrets).
  CHECK(config.secrets == std::vector<std::string>{"db/from-env.db"});
  CHECK(log::Redact("sent tok-123456 and file-secret-42") == "sent *** and ***");
}

TEST_CASE("a plugin's substituted value is redacted unless its schema declares it not secret") {
  TempDir dir;
  setenv("TEMPO_TEST_BASE_URL", "https://api.readable-host-7731.example", 1);
  setenv("TEMPO_TEST_API_KEY", "key-secret-7731", 1);
  setenv("TEMPO_TEST_EXTRA", "extra-value-7731", 1);
  const Config config = MustLoad(dir, OneConnection("      base_url: ${env:TEMPO_TEST_BASE_URL}\n"
                                                    "      api_key: ${env:TEMPO_TEST_API_KEY}\n"
                                                    "      extra: ${env:TEMPO_TEST_EXTRA}\n"));
  CHECK(config.secrets.empty());
  MustRender(config, 0, R"({"type": "object", "properties": {
      "base_url": {"type": "string", "format": "uri"},
      "api_key": {"type": "string", "x-secret": true}}})");
  // The base URL stays readable in errors; the secret key, and a key the schema does not
  // declare, are masked.
  CHECK(log::Redact("GET https://api.readable-host-7731.example/v1 with key-secret-7731 and "
                    "extra-value-7731") ==
        "GET https://api.readable-host-7731.example/v1 with *** "
        "and ***");
}

TEST_CASE("a failed substitution names the variable or file and never a secret") {
  TempDir dir;
  const std::string file = dir.path() + "/tempo.yaml";
  setenv("TEMPO_TEST_SECRET", "Very Secret 99!", 1);
  unsetenv("TEMPO_TEST_UNSET");
  const std::string message = LoadError(dir, R"(store: {path: tempo.db}
connections:
  - name: ${env:TEMPO_TEST_SECRET}
    plugin: hubspot
    keep_raw: ${env:TEMPO_TEST_SECRET}
    config:
      token: ${env:TEMPO_TEST_UNSET}
      key: ${file:missing.txt}
      other: "${vault:x}"
      open: "${env:TEMPO_TEST_SECRET"
)");
  CHECK(message ==
        file +
            ":3:11: connections[0].name: invalid name; use lowercase letters, digits, '_' "
            "and '-', starting with a letter or digit\n" +
            file + ":5:15: connections[0].keep_raw: expected true or false\n" + file +
            ":7:14: connections[0].config.token: environment variable TEMPO_TEST_UNSET is "
            "not set; export it, or use ${file:PATH} instead\n" +
            file + ":8:12: connections[0].config.key: cannot read ${file:missing.txt} (" +
            dir.path() + "/missing.txt): No such file or directory\n" + file +
            ":9:14: connections[0].config.other: unknown reference '${...}'; use "
            "${env:NAME} or ${file:PATH}, or write '$${' for a literal '${'\n" +
            file +
            ":10:13: connections[0].config.open: unterminated '${'; close the reference "
            "with '}', or write '$${' for a literal '${'");
  CHECK(message.find("Very Secret") == std::string::npos);
}

TEST_CASE("plugin config scalars are typed by the schema") {
  TempDir dir;
  const Config config = MustLoad(dir, OneConnection(R"(      count: "42"
      limit: 7
      ratio: 1.5
      verbose: yes
      strict: FALSE
      label: 42
      free: 3
      either: "12"
)"));
  CHECK(MustRender(config, 0, R"({"type": "object", "properties": {
      "count": {"type": "integer"}, "limit": {"type": "integer"}, "ratio": {"type": "number"},
      "verbose": {"type": "boolean"}, "strict": {"type": "boolean"}, "label": {"type": "string"},
      "free": {"description": "no type: a string"}, "either": {"type": ["integer", "string"]}}})") ==
        R"({"count":42,"limit":7,"ratio":1.5,"verbose":true,"strict":false,"label":"42",)"
        R"("free":"3","either":12})");
}

TEST_CASE("a value of the wrong type names file:line:column and the key path") {
  TempDir dir;
  const std::string file = dir.path() + "/tempo.yaml";
  const Config config = MustLoad(dir, R"(store: {path: tempo.db}
connections:
  - {name: a, plugin: x}
  - {name: b, plugin: x}
  - name: c
    plugin: x
    config:
      page_size: lots
      verbose: maybe
      nested: [1]
      items: {a: 1}
      name:
)");
  CHECK(RenderError(config, 2, R"({"type": "object", "properties": {
      "page_size": {"type": "integer"}, "verbose": {"type": "boolean"},
      "nested": {"type": "object"}, "items": {"type": "array"},
      "name": {"type": "string"}}})") ==
        file + ":8:18: connections[2].config.page_size: expected an integer\n" + file +
            ":9:16: connections[2].config.verbose: expected true or false\n" + file +
            ":10:15: connections[2].config.nested: expected a mapping, found a list\n" + file +
            ":11:14: connections[2].config.items: expected a list, found a mapping\n" + file +
            ":12:7: connections[2].config.name: expected a string, found an empty value");
}

TEST_CASE("defaults fill absent keys at every depth of objects present") {
  TempDir dir;
  const std::string schema = R"({"type": "object", "properties": {
      "page_size": {"type": "integer", "default": 100},
      "region": {"type": "string", "default": "eu"},
      "retry": {"type": "object", "properties": {
          "attempts": {"type": "integer", "default": 3},
          "backoff": {"type": "object", "properties": {"base_ms": {"default": 250}}}}}}})";
  SECTION("no config at all") {
    const Config config =
        MustLoad(dir, "store: {path: t.db}\nconnections:\n  - {name: a, plugin: x}\n");
    CHECK(MustRender(config, 0, schema) == R"({"page_size":100,"region":"eu"})");
  }
  SECTION("a nested object present gets its defaults") {
    const Config config = MustLoad(dir, OneConnection("      region: us\n      retry: {}\n"));
    CHECK(MustRender(config, 0, schema) ==
          R"({"region":"us","retry":{"attempts":3},"page_size":100})");
  }
  SECTION("an empty value stands for an empty object") {
    const Config config = MustLoad(dir, OneConnection("      retry:\n        backoff:\n"));
    CHECK(MustRender(config, 0, schema) ==
          R"({"retry":{"backoff":{"base_ms":250},"attempts":3},"page_size":100,"region":"eu"})");
  }
}

TEST_CASE("enum, required and bounds are checked without echoing values") {
  TempDir dir;
  const std::string file = dir.path() + "/tempo.yaml";
  const std::string schema = R"({"type": "object", "required": ["token", "mode"],
      "properties": {
        "token": {"type": "string", "x-secret": true, "minLength": 32},
        "mode": {"enum": ["fast", "slow"]},
        "level": {"enum": [1, 2]},
        "page_size": {"type": "integer", "minimum": 1, "maximum": 500},
        "ratio": {"type": "number", "maximum": 0.5},
        "ids": {"type": "array", "minItems": 1, "items": {"type": "string", "pattern": "^[A-Z]+$"}},
        "email": {"type": "string", "pattern": "@"}}})";
  SECTION("valid values render; an untyped enum value takes the enum's type") {
    const Config config =
        MustLoad(dir, OneConnection(R"(      token: abcdefghijklmnopqrstuvwxyz0123456789
      mode: slow
      level: 2
      ids: [ABC]
)"));
    CHECK(MustRender(config, 0, schema) ==
          R"({"token":"abcdefghijklmnopqrstuvwxyz0123456789","mode":"slow","level":2,)"
          R"("ids":["ABC"]})");
  }
  SECTION("every violation is reported") {
    const Config config = MustLoad(dir, OneConnection(R"(      token: hunter2-short
      level: 3
      page_size: 0
      ratio: 0.75
      ids: []
      email: not-an-address
)"));
    const std::string message = RenderError(config, 0, schema);
    CHECK(message ==
          file + ":6:7: connections[0].config: missing required key 'mode'\n" + file +
              ":6:14: connections[0].config.token: must be at least 32 characters long\n" + file +
              ":7:14: connections[0].config.level: must be one of: 1, 2\n" + file +
              ":8:18: connections[0].config.page_size: must be at least 1\n" + file +
              ":9:14: connections[0].config.ratio: must be at most 0.5\n" + file +
              ":10:12: connections[0].config.ids: must have at least 1 item\n" + file +
              ":11:14: connections[0].config.email: must match the pattern @");
    CHECK(message.find("hunter2") == std::string::npos);
    CHECK(log::Redact("token=hunter2-short") == "token=***");
  }
  SECTION("a missing required key with no config at all points at the connection") {
    const Config config =
        MustLoad(dir, "store: {path: t.db}\nconnections:\n  - {name: a, plugin: x}\n");
    CHECK(RenderError(config, 0, schema) ==
          file + ":3:5: connections[0].config: missing required key 'token'\n" + file +
              ":3:5: connections[0].config: missing required key 'mode'");
  }
  SECTION("an enum value is listed for the user") {
    const Config config = MustLoad(dir, OneConnection("      token: x\n      mode: medium\n"));
    const std::string message = RenderError(config, 0, schema);
    CHECK(message.find(file +
                       ":7:13: connections[0].config.mode: must be one of: \"fast\", \"slow\"") !=
          std::string::npos);
  }
}

TEST_CASE("a substituted secret never appears in a schema error") {
  TempDir dir;
  setenv("TEMPO_TEST_PAGE", "secret-page-size", 1);
  const Config config = MustLoad(dir, OneConnection("      page_size: ${env:TEMPO_TEST_PAGE}\n"));
  const std::string message =
      RenderError(config, 0, R"({"properties": {"page_size": {"type": "integer"}}})");
  CHECK(message ==
        dir.path() + "/tempo.yaml:6:18: connections[0].config.page_size: expected an integer");
  CHECK(message.find("secret-page-size") == std::string::npos);
}

TEST_CASE("additionalProperties false rejects unknown keys with a did-you-mean") {
  TempDir dir;
  const std::string file = dir.path() + "/tempo.yaml";
  const Config config = MustLoad(dir, OneConnection(R"(      acount_id: 7
      options:
        colour: red
)"));
  CHECK(RenderError(config, 0, R"({"type": "object", "additionalProperties": false,
      "properties": {"account_id": {"type": "integer"}, "options": {"type": "object",
          "additionalProperties": false, "properties": {"color": {"type": "string"}}}}})") ==
        file + ":6:7: connections[0].config.acount_id: unknown key; did you mean 'account_id'?\n" +
            file +
            ":8:9: connections[0].config.options.colour: unknown key; did you mean 'color'?");
}

TEST_CASE("additionalProperties as a schema applies to every extra key, in arrays of objects") {
  TempDir dir;
  const std::string file = dir.path() + "/tempo.yaml";
  const std::string schema = R"({"type": "object", "properties": {
      "weights": {"type": "array", "items": {"type": "object",
          "required": ["from"], "properties": {"from": {"type": "string"}},
          "additionalProperties": {"type": "integer"}}}}})";
  SECTION("extra keys are typed") {
    const Config config = MustLoad(dir, OneConnection(R"(      weights:
        - {from: crm, deals: "3", leads: 1}
        - from: ads
)"));
    CHECK(MustRender(config, 0, schema) ==
          R"({"weights":[{"from":"crm","deals":3,"leads":1},{"from":"ads"}]})");
  }
  SECTION("a bad extra value and a missing key are found inside the array") {
    const Config config = MustLoad(dir, OneConnection(R"(      weights:
        - {from: crm, deals: many}
        - {deals: 1}
)"));
    CHECK(RenderError(config, 0, schema) ==
          file + ":7:30: connections[0].config.weights[0].deals: expected an integer\n" + file +
              ":8:11: connections[0].config.weights[1]: missing required key 'from'");
  }
  SECTION("without a schema, extra keys render as YAML gives them") {
    const Config config = MustLoad(dir, OneConnection("      extra: {a: 1, b: [x, true]}\n"));
    CHECK(MustRender(config, 0, R"({"type": "object"})") ==
          R"({"extra":{"a":"1","b":["x","true"]}})");
  }
}

TEST_CASE("format path resolves against the config file's folder") {
  TempDir dir;
  const Result<Config> loaded =
      LoadConfig(dir.Write("conf/tempo.yaml", OneConnection(R"(      folder: ../data/in
      absolute: /srv/in
)")));
  REQUIRE(loaded.ok());
  CHECK(MustRender(loaded.value(), 0, R"({"properties": {
      "folder": {"type": "string", "format": "path"},
      "absolute": {"type": "string", "format": "path"},
      "cache": {"type": "string", "format": "path", "default": "cache"}}})") ==
        R"({"folder":")" + dir.path() + R"(/data/in","absolute":"/srv/in","cache":")" + dir.path() +
            R"(/conf/cache"})");
}

TEST_CASE("format path-or-name keeps a bare name and resolves a path") {
  TempDir dir;
  const std::string schema = R"({"properties": {
      "a": {"type": "string", "format": "path-or-name"},
      "b": {"type": "string", "format": "path-or-name"},
      "c": {"type": "string", "format": "path-or-name"},
      "d": {"type": "string", "format": "path-or-name", "default": "partnerstack"}}})";
  const Result<Config> loaded =
      LoadConfig(dir.Write("conf/tempo.yaml", OneConnection(R"(      a: partner_stack-2
      b: manifests/mine.yaml
      c: mine.yaml
)")));
  REQUIRE(loaded.ok());
  CHECK(MustRender(loaded.value(), 0, schema) ==
        R"({"a":"partner_stack-2","b":")" + dir.path() + R"(/conf/manifests/mine.yaml","c":")" +
            dir.path() + R"(/conf/mine.yaml","d":"partnerstack"})");
}

TEST_CASE("an invalid or unsupported schema is the plugin's error") {
  TempDir dir;
  const Config config = MustLoad(dir, OneConnection("      a: 1\n"));
  const auto render = [&](const std::string& schema) {
    return RenderPluginConfig(config, config.connections[0].config, "connections[0]", schema);
  };
  Result<std::string> unsupported =
      render(R"({"properties": {"a": {"oneOf": [{"type": "string"}]}}})");
  REQUIRE_FALSE(unsupported.ok());
  CHECK(unsupported.status().code() == StatusCode::kPlugin);
  CHECK(unsupported.status().message().starts_with(
      "connections[0].config: the plugin's config schema is invalid: #/properties/a: "
      "unsupported keyword 'oneOf'"));

  Result<std::string> not_json = render("{\"type\": ");
  REQUIRE_FALSE(not_json.ok());
  CHECK(not_json.status().code() == StatusCode::kPlugin);

  Result<std::string> bad_pattern = render(R"({"properties": {"a": {"pattern": "("}}})");
  REQUIRE_FALSE(bad_pattern.ok());
  CHECK(bad_pattern.status().message().find("#/properties/a/pattern") != std::string::npos);
}

}  // namespace

TEST_CASE("schedules are checked at load time, with the position of the schedule value") {
  TempDir dir;
  const std::string file = dir.path() + "/tempo.yaml";
  const Config ok = MustLoad(dir, R"(store: {path: tempo.db}
connections:
  - {name: a, plugin: file, schedule: "*/15 * * * *"}
  - {name: b, plugin: file, schedule: "@daily"}
  - {name: c, plugin: file, schedule: every 1h30m}
  - {name: d, plugin: file}
)");
  CHECK(ok.connections[0].schedule == "*/15 * * * *");
  CHECK(ok.connections[0].schedule_location == file + ":3:39");
  CHECK(ok.connections[2].schedule == "every 1h30m");
  CHECK(ok.connections[3].schedule.empty());

  CHECK(LoadError(dir, R"(store: {path: tempo.db}
connections:
  - name: a
    plugin: file
    schedule: "0 25 * * *"
  - name: b
    plugin: file
    schedule: every 15
  - name: c
    plugin: file
    schedule: "0 0 31 2 *"
  - name: d
    plugin: file
    schedule: [hourly]
)") == file + ":5:15: connections[0].schedule: hour field '25': 25 is out of range 0-23\n" + file +
            ":8:15: connections[1].schedule: '15' is not a duration (missing unit); " +
            "write a number and a unit, like 30s, 15m, 2h, 1d or 1h30m (units ms, s, m, h, d)\n" +
            file + ":11:15: connections[2].schedule: this schedule never fires: none of the " +
            "selected months has the selected day(s) of the month (April, June, September and " +
            "November have 30 days, February 29)\n" + file +
            ":14:15: connections[3].schedule: expected a string, found a list");
}

TEST_CASE("time zones: scheduler.timezone for every cron, a connection's own over it") {
  TempDir dir;
  const Config utc = MustLoad(dir, R"(store: {path: tempo.db}
connections:
  - {name: a, plugin: file, schedule: "0 6 * * 1-5"}
)");
  CHECK(utc.scheduler.timezone.empty());
  CHECK(utc.connections[0].timezone.empty());  // UTC

  const Config zoned = MustLoad(dir, R"(store: {path: tempo.db}
scheduler: {timezone: Europe/Paris}
connections:
  - {name: a, plugin: file, schedule: "0 6 * * 1-5"}
  - {name: b, plugin: file, schedule: "@daily", timezone: America/New_York}
  - {name: c, plugin: file, schedule: "0 6 * * *", timezone: UTC}
  - {name: d, plugin: file, schedule: every 15m}
  - {name: e, plugin: file, timezone: Asia/Tokyo}
)");
  CHECK(zoned.scheduler.timezone == "Europe/Paris");
  CHECK(zoned.connections[0].timezone == "Europe/Paris");
  CHECK(zoned.connections[1].timezone == "America/New_York");
  CHECK(zoned.connections[2].timezone == "UTC");
  // An interval ignores the default zone; a connection without a schedule may name one.
  CHECK(zoned.connections[3].timezone == "Europe/Paris");
  CHECK(zoned.connections[4].timezone == "Asia/Tokyo");
}

TEST_CASE("time zones: an unknown zone is an error at its position, with a did-you-mean") {
  TempDir dir;
  const std::string file = dir.path() + "/tempo.yaml";
  const std::string tail =
      " (a name of the tz database in /usr/share/zoneinfo, like Europe/Paris, America/New_York "
      "or UTC)";
  CHECK(LoadError(dir, R"(store: {path: tempo.db}
scheduler:
  timezone: Europe/Pairs
connections:
  - name: a
    plugin: file
    schedule: "0 6 * * *"
    timezone: america/new_york
  - name: b
    plugin: file
    schedule: "0 6 * * *"
    timezone: Mars/Olympus_Mons
  - name: c
    plugin: file
    schedule: every 1h
    timezone: Europe/Paris
  - name: d
    plugin: file
    timezone: localtime
)") == file + ":3:13: scheduler.timezone: unknown time zone; did you mean 'Europe/Paris'?" + tail +
            "\n" + file +
            ":8:15: connections[0].timezone: unknown time zone; did you mean "
            "'America/New_York'?" +
            tail + "\n" + file + ":12:15: connections[1].timezone: unknown time zone" + tail +
            "\n" + file +
            ":16:15: connections[2].timezone: a time zone applies to cron schedules; 'every "
            "1h' is an interval, counted from the start of the last run in any zone: remove "
            "timezone, or write the schedule as cron (e.g. '0 6 * * *')\n" +
            file + ":19:15: connections[3].timezone: unknown time zone" + tail);
  // A city alone, or with a space: the zone that names it.
  CHECK_THAT(LoadError(dir, "store: {path: tempo.db}\nscheduler: {timezone: New York}\n"),
             Catch::Contains("did you mean 'America/New_York'?"));
}

TEST_CASE("scheduler and server settings: defaults, values, and errors with positions") {
  TempDir dir;
  const Config defaults = MustLoad(dir, "store: {path: tempo.db}\n");
  CHECK(defaults.scheduler.max_concurrent_runs == 4);
  CHECK(defaults.scheduler.run_timeout == std::chrono::hours(6));
  CHECK(defaults.scheduler.grace_period == std::chrono::seconds(30));
  CHECK(defaults.scheduler.retry_max_attempts == 3);
  CHECK(defaults.scheduler.retry_initial_backoff == std::chrono::minutes(1));
  CHECK(defaults.scheduler.retry_max_backoff == std::chrono::minutes(30));
  CHECK_FALSE(defaults.server.enabled);

  const Config set = MustLoad(dir, R"(store: {path: tempo.db}
scheduler:
  max_concurrent_runs: 2
  run_timeout: 1h30m
  grace_period: 500ms
  retry: {max_attempts: 5, initial_backoff: 10s, max_backoff: 10m}
server:
  listen: "[::1]:9100"
)");
  CHECK(set.scheduler.max_concurrent_runs == 2);
  CHECK(set.scheduler.run_timeout == std::chrono::minutes(90));
  CHECK(set.scheduler.grace_period == std::chrono::milliseconds(500));
  CHECK(set.scheduler.retry_max_attempts == 5);
  CHECK(set.scheduler.retry_initial_backoff == std::chrono::seconds(10));
  CHECK(set.scheduler.retry_max_backoff == std::chrono::minutes(10));
  CHECK(set.server.enabled);
  CHECK(set.server.host == "[::1]");
  CHECK(set.server.port == 9100);

  const Config bare = MustLoad(dir, "store: {path: tempo.db}\nserver:\n");
  CHECK(bare.server.enabled);
  CHECK(bare.server.host == "127.0.0.1");  // loopback by default
  CHECK(bare.server.port == 9464);

  const std::string file = dir.path() + "/tempo.yaml";
  CHECK(LoadError(dir, R"(store: {path: tempo.db}
scheduler:
  max_concurent_runs: 2
  run_timeout: 30x
  grace_period: soon
  retry:
    max_attempts: 0
    initial_backoff: 5m
    max_backoff: 1m
server:
  listen: "0.0.0.0:99999"
)") == file + ":3:3: scheduler.max_concurent_runs: unknown key; did you mean " +
            "'max_concurrent_runs'?\n" + file +
            ":4:16: scheduler.run_timeout: '30x' is not a duration (unknown unit); write " +
            "a number and a unit, like 30s, 15m, 2h, 1d or 1h30m (units ms, s, m, h, d), or a " +
            "number of seconds (30, 0.5)\n" + file +
            ":5:17: scheduler.grace_period: 'soon' is not a duration (a number must come " +
            "before each unit); write a number and a unit, like 30s, 15m, 2h, 1d or 1h30m " +
            "(units ms, s, m, h, d), or a number of seconds (30, 0.5)\n" + file +
            ":7:19: scheduler.retry.max_attempts: expected an integer from 1 to 100\n" + file +
            ":9:18: scheduler.retry.max_backoff: max_backoff (1m) must not be shorter " +
            "than initial_backoff (5m)\n" + file +
            ":11:11: server.listen: the port must be a number from 0 to 65535; expected " +
            "HOST:PORT, like 127.0.0.1:9464 or [::1]:9464");
  CHECK_THAT(LoadError(dir, "store: {path: tempo.db}\nserver: {listen: \"example.com:80\"}\n"),
             Catch::Contains("server.listen: the host must be an IP address or localhost"));
  CHECK_THAT(LoadError(dir, "store: {path: tempo.db}\nscheduler: {run_timeout: 100ms}\n"),
             Catch::Contains("scheduler.run_timeout: must be at least 1s"));
  // A bare number is seconds, as in a connection's `http:` settings.
  const Config seconds =
      MustLoad(dir, "store: {path: tempo.db}\nscheduler: {run_timeout: 90, grace_period: 0.5}\n");
  CHECK(seconds.scheduler.run_timeout == std::chrono::seconds(90));
  CHECK(seconds.scheduler.grace_period == std::chrono::milliseconds(500));
}

TEST_CASE("an unclosed quote that swallows the connections is an error at the swallowed line") {
  TempDir dir;
  // YAML reads "t.db ... up to the next quote as one value: the file parses to no connections.
  const std::string message = LoadError(dir,
                                        "store:\n"
                                        "  path: \"t.db\n"
                                        "connections:\n"
                                        "  - name: crm\n"
                                        "    plugin: hubspot\n");
  CHECK_THAT(message, Catch::Contains("tempo.yaml:3:1: connections: this line is not read as a "
                                      "key: a quoted value above it is not closed"));
  CHECK_THAT(message, Catch::Contains("close the quote"));
}

TEST_CASE("a line break or control character in a host value is refused with its position") {
  TempDir dir;
  CHECK_THAT(LoadError(dir, "store: {path: \"t\\n.db\"}\n"),
             Catch::Contains("tempo.yaml:1:15: store.path: contains a line break; this value is "
                             "one line (an unclosed quote?)"));
  CHECK_THAT(LoadError(dir, "store: {path: \"t\\u0007.db\"}\n"),
             Catch::Contains("store.path: contains a control character"));
}

TEST_CASE("a plugin's URL key takes only an http(s) URL on one line") {
  TempDir dir;
  const std::string schema =
      R"({"type": "object", "properties": {"base_url": {"type": "string", "format": "uri"}}})";
  Config good = MustLoad(dir, OneConnection("      base_url: https://api.example.com/v1\n"));
  CHECK(MustRender(good, 0, schema) == R"({"base_url":"https://api.example.com/v1"})");
  Config ftp = MustLoad(dir, OneConnection("      base_url: ftp://api.example.com\n"));
  CHECK_THAT(RenderError(ftp, 0, schema),
             Catch::Contains("tempo.yaml:6:17: connections[0].config.base_url: must be an "
                             "http:// or https:// URL"));
  Config broken = MustLoad(dir, OneConnection("      base_url: \"https://a.example\\n\"\n"));
  CHECK_THAT(RenderError(broken, 0, schema), Catch::Contains("contains a line break"));
}

TEST_CASE("a mapping's entity and columns are checked against the canonical model") {
  TempDir dir;
  const std::string schema = R"({"type": "object", "properties": {"streams": {"type": "array",
      "items": {"type": "object", "properties": {
        "entity": {"type": "string", "format": "entity"},
        "columns": {"type": "object", "x-columns-of": "entity",
                    "additionalProperties": {"type": "string"}}}}}}})";
  Config good = MustLoad(dir, OneConnection("      streams:\n"
                                            "        - entity: partner\n"
                                            "          columns: {name: n, domain: d}\n"));
  CHECK(MustRender(good, 0, schema) ==
        R"({"streams":[{"entity":"partner","columns":{"name":"n","domain":"d"}}]})");
  // A misspelt entity is refused at its value; its columns cannot be judged, so no more noise.
  Config typo = MustLoad(dir, OneConnection("      streams:\n"
                                            "        - entity: partners\n"
                                            "          columns: {name: n}\n"));
  CHECK(RenderError(typo, 0, schema) ==
        dir.path() +
            "/tempo.yaml:7:19: connections[0].config.streams[0].entity: unknown entity; did you "
            "mean 'partner'? (the canonical tables are in docs/store-schema.md)");
  // An unknown column is refused at its key, with the closest column of that entity, and a
  // name far from any gets the list.
  Config columns = MustLoad(dir, OneConnection("      streams:\n"
                                               "        - entity: account\n"
                                               "          columns:\n"
                                               "            nmae: n\n"
                                               "            revenue: r\n"));
  const std::string message = RenderError(columns, 0, schema);
  CHECK_THAT(message, Catch::Contains("/tempo.yaml:9:13: connections[0].config.streams[0]."
                                      "columns.nmae: unknown column of account; did you mean "
                                      "'name'?"));
  CHECK_THAT(message, Catch::Contains("/tempo.yaml:10:13: connections[0].config.streams[0]."
                                      "columns.revenue: unknown column of account; expected one "
                                      "of: name, domain, lifecycle,"));
}  // namespace

TEST_CASE("aliases of aliases and oversized files are refused at once, not walked") {
  TempDir dir;
  // 550 bytes that expand to 10^9 values: refused in well under a second.
  std::string yaml = "a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n";
  for (int i = 1; i <= 8; ++i) {
    yaml += "a" + std::to_string(i) + ": &a" + std::to_string(i) + " [";
    for (int j = 0; j < 10; ++j) yaml += (j ? ", *a" : "*a") + std::to_string(i - 1);
    yaml += "]\n";
  }
  yaml += "store: {path: tempo.db}\nconnections: *a8\n";
  const auto started = std::chrono::steady_clock::now();
  const std::string message = LoadError(dir, yaml);
  CHECK(std::chrono::steady_clock::now() - started < std::chrono::seconds(2));
  CHECK_THAT(message, Catch::Contains("more than 100000 values once its *aliases are expanded"));
  // A few aliases are fine.
  MustLoad(dir,
           "store: {path: tempo.db}\nconnections:\n"
           "  - {name: a, plugin: file, http: &d {timeout: 30}}\n"
           "  - {name: b, plugin: file, http: *d}\n");
  // A file of megabytes is not a config.
  const std::string big = "store: {path: tempo.db}\n# " + std::string(2 << 20, 'x') + "\n";
  CHECK_THAT(LoadError(dir, big), Catch::Contains("KiB, more than the 1024 KiB a config may be"));
}

}  // namespace tempo::config
