// The reveal config: defaults, the published schema, and what Open refuses.
#include "config.h"

#include <simdjson.h>

#include <catch2/catch.hpp>

#include <string>

namespace tempo::reveal {
namespace {

TEST_CASE("config: export mode by default, with the default columns and statuses") {
  Config c;
  REQUIRE(ReadConfig(R"({"path":"/data/reveal"})", &c).ok());
  CHECK(c.mode == "export");
  CHECK(c.source == Mode::kExport);
  CHECK(c.path == "/data/reveal");
  CHECK(c.delimiter_char == ',');
  CHECK(c.columns[Field::kAccountName] == "Company Name");
  CHECK(c.statuses.Find("Customer") == "customer");
}

TEST_CASE("config: columns, status values and delimiter are read") {
  Config c;
  REQUIRE(ReadConfig(R"({"path":"/x.csv","delimiter":";","columns":{"account_name":"Account"},)"
                     R"("status_values":{"Client":"customer","Customer":"other"}})",
                     &c)
              .ok());
  CHECK(c.delimiter_char == ';');
  CHECK(c.columns[Field::kAccountName] == "Account");
  CHECK(c.statuses.Find("client") == "customer");
  CHECK(c.statuses.Find("Customer") == "other");
  CHECK(c.statuses.Find("Prospect") == "prospect");
}

TEST_CASE("config: mode api is reserved and refused with what to do instead") {
  Config c;
  sdk::Status s = ReadConfig(R"({"mode":"api","path":"/x"})", &c);
  CHECK(s.code() == TEMPO_ERR_INVALID_ARGUMENT);
  CHECK(s.message().find("mode: api is reserved") == 0);
  CHECK(s.message().find("Use mode: export") != std::string::npos);
  CHECK(ReadConfig(R"({"mode":"webhook","path":"/x"})", &c).code() == TEMPO_ERR_INVALID_ARGUMENT);
}

TEST_CASE("config: errors name the key") {
  Config c;
  sdk::Status s = ReadConfig("{}", &c);
  CHECK(s.message().find("path is required in mode export") == 0);
  s = ReadConfig(R"({"path":"/x","delimiter":"\""})", &c);
  CHECK(s.message().find("delimiter must be one character") == 0);
  s = ReadConfig(R"({"path":"/x","delimiter":";;"})", &c);
  CHECK(s.code() == TEMPO_ERR_INVALID_ARGUMENT);
  s = ReadConfig(R"({"path":"/x","status_values":{"Lead":"hot"}})", &c);
  CHECK(s.message().find("status_values: 'Lead' maps to 'hot'") == 0);
  s = ReadConfig(R"({"path":"/x","status_values":{" ":"customer"}})", &c);
  CHECK(s.message().find("a blank status cannot be mapped") != std::string::npos);
  s = ReadConfig(R"({"path":"/x","columns":{"domain":"Website"}})", &c);
  CHECK(s.message().find("columns.domain: no such field") == 0);
  s = ReadConfig(R"({"path":"/x","token":"t"})", &c);
  CHECK(s.message().find("unknown config key 'token'") == 0);
}

TEST_CASE("config: the schema resolves the path and checks columns and status values") {
  simdjson::padded_string schema(std::string_view(ConfigKeys().SchemaText()));
  simdjson::dom::parser parser;
  simdjson::dom::element doc;
  REQUIRE(parser.parse(schema).get(doc) == simdjson::SUCCESS);
  std::string_view text;
  REQUIRE(doc.at_pointer("/properties/path/format").get(text) == simdjson::SUCCESS);
  CHECK(text == "path");
  REQUIRE(doc.at_pointer("/properties/mode/default").get(text) == simdjson::SUCCESS);
  CHECK(text == "export");
  bool additional = true;
  REQUIRE(doc.at_pointer("/properties/columns/additionalProperties").get(additional) ==
          simdjson::SUCCESS);
  CHECK_FALSE(additional);
  REQUIRE(doc.at_pointer("/properties/columns/properties/partner_status/description").get(text) ==
          simdjson::SUCCESS);
  CHECK(text == "Default: Partner Account Status.");
  simdjson::dom::array values;
  REQUIRE(doc.at_pointer("/properties/status_values/additionalProperties/enum").get(values) ==
          simdjson::SUCCESS);
  CHECK(values.size() == 4);
}

}  // namespace
}  // namespace tempo::reveal
