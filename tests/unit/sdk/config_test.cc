// tempo/config.hpp: one key table gives the JSON Schema and the typed reading of a config.
#include "tempo/config.hpp"

#include <catch2/catch.hpp>

namespace sdk = tempo::sdk;

namespace {

struct Config {
  std::string base_url, token, mode;
  int64_t page_size = 0;
  double rate = 0;
  bool archived = false;
  std::vector<std::string> fields;
  std::string extra;  // raw JSON
};

const sdk::ConfigMap<Config>& Keys() {
  static const auto* keys = [] {
    auto* k = new sdk::ConfigMap<Config>();
    k->String("base_url", &Config::base_url)
        .Default("https://api.example.com")
        .MinLength(1)
        .Describe("API root.");
    k->String("token", &Config::token).Required().Secret().MinLength(1);
    k->String("mode", &Config::mode).Default("keyset").OneOf({"keyset", "inclusive"});
    k->Integer("page_size", &Config::page_size).Default(100).Range(1, 1000);
    k->Number("rate", &Config::rate).Default(2.5).Minimum(0);
    k->Boolean("archived", &Config::archived).Default(true);
    k->StringList("fields", &Config::fields).MinLength(1).Pattern("^[a-z_]+$");
    k->Json("extra", &Config::extra, R"({"type":"object"})");
    return k;
  }();
  return *keys;
}

}  // namespace

TEST_CASE("config: defaults apply, given values win, types are read") {
  Config c;
  REQUIRE(Keys()
              .Read(R"({"token":"t0k","page_size":20,"fields":["a","b"],"extra":{"x":[1]}})", &c)
              .ok());
  CHECK(c.base_url == "https://api.example.com");
  CHECK(c.token == "t0k");
  CHECK(c.mode == "keyset");
  CHECK(c.page_size == 20);
  CHECK(c.rate == 2.5);
  CHECK(c.archived);
  CHECK(c.fields == std::vector<std::string>{"a", "b"});
  CHECK(c.extra == R"({"x":[1]})");
  Config d;
  REQUIRE(Keys().Read(R"({"token":"t","rate":3,"archived":false,"base_url":null})", &d).ok());
  CHECK(d.rate == 3.0);  // an integer is a number
  CHECK_FALSE(d.archived);
  CHECK(d.base_url == "https://api.example.com");  // null: the default
  CHECK(d.extra.empty());
}

TEST_CASE("config: a bad value is refused naming the key and what it must be") {
  struct Row {
    const char* json;
    const char* message;
  };
  const Row rows[] = {
      {R"({})", "config key 'token' is required"},
      {R"({"token":""})", "config key 'token' must not be empty"},
      {R"({"token":"t","page_size":0})", "config key 'page_size' must be between 1 and 1000"},
      {R"({"token":"t","page_size":2.5})", "config key 'page_size' must be an integer"},
      {R"({"token":"t","rate":-1})", "config key 'rate' must be at least 0"},
      {R"({"token":"t","archived":"yes"})", "config key 'archived' must be true or false"},
      {R"({"token":"t","mode":"fast"})", "config key 'mode' must be one of keyset, inclusive"},
      {R"({"token":"t","fields":"a"})", "config key 'fields' must be a list of strings"},
      {R"({"token":"t","fields":[""]})", "config key 'fields' has an empty item"},
      {R"({"token":"t","colour":1})",
       "unknown config key 'colour'; the keys are base_url, token, mode, page_size, rate, "
       "archived, fields, extra"},
      {R"([1])", "the connection's config is not a JSON object"},
  };
  for (const Row& r : rows) {
    INFO(r.json);
    Config c;
    sdk::Status s = Keys().Read(r.json, &c);
    CHECK(s.code() == TEMPO_ERR_INVALID_ARGUMENT);
    CHECK(s.message() == r.message);
  }
}

TEST_CASE("config: the JSON Schema is written from the same table") {
  CHECK(
      std::string(Keys().SchemaText()) ==
      R"({"type":"object","additionalProperties":false,"properties":{)"
      R"("base_url":{"type":"string","minLength":1,"default":"https://api.example.com","description":"API root."},)"
      R"("token":{"type":"string","minLength":1,"x-secret":true},)"
      R"("mode":{"type":"string","enum":["keyset","inclusive"],"default":"keyset"},)"
      R"("page_size":{"type":"integer","minimum":1,"maximum":1000,"default":100},)"
      R"("rate":{"type":"number","minimum":0,"default":2.5},)"
      R"("archived":{"type":"boolean","default":true},)"
      R"("fields":{"type":"array","items":{"type":"string","minLength":1,"pattern":"^[a-z_]+$"}},)"
      R"("extra":{"type":"object"}},"required":["token"]})");
}

TEST_CASE("config: a path key is published with format path, for the host to resolve") {
  struct Files {
    std::string path;
  };
  sdk::ConfigMap<Files> keys;
  keys.String("path", &Files::path).MinLength(1).Path();
  CHECK(std::string(keys.SchemaText()) ==
        R"({"type":"object","additionalProperties":false,"properties":{)"
        R"("path":{"type":"string","minLength":1,"format":"path"}}})");
  Files files;
  REQUIRE(keys.Read(R"({"path":"/srv/exports"})", &files).ok());
  CHECK(files.path == "/srv/exports");
}
