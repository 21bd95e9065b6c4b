// The reveal config: key table, mode, path, delimiter, columns and status values.
#include "config.h"

#include <simdjson.h>

#include "tempo/json_writer.hpp"
#include "tempo/model.h"

namespace tempo::reveal {
namespace {

namespace dom = simdjson::dom;
using sdk::Status;

// The schema of `columns`: one string per field, each with its default column in the
// description, so `tempo plugins inspect reveal` shows them.
std::string ColumnsSchema() {
  sdk::JsonWriter w;
  w.BeginObject().Key("type").String("object").Key("additionalProperties").Bool(false);
  w.Key("description")
      .String("The export's column name for each field (matched ignoring case); \"\" reads none.");
  w.Key("properties").BeginObject();
  for (const FieldSpec& spec : kFields) {
    w.Key(spec.key).BeginObject().Key("type").String("string");
    w.Key("description")
        .String(spec.default_column.empty() ? std::string("No default: not read unless named.")
                                            : "Default: " + std::string(spec.default_column) + ".");
    w.EndObject();
  }
  w.EndObject().EndObject();
  return w.Take();
}

// The schema of `status_values`: any status text to one of the populations.
std::string StatusValuesSchema() {
  sdk::JsonWriter w;
  w.BeginObject().Key("type").String("object");
  w.Key("description")
      .String(
          "More status values (matched ignoring case) and the population each means; they "
          "add to and override the defaults.");
  w.Key("additionalProperties").BeginObject().Key("type").String("string");
  w.Key("enum").BeginArray();
  for (std::string_view value : model::overlap::our_population::kValues) w.String(value);
  w.EndArray().EndObject().EndObject();
  return w.Take();
}

Status ReadStatusValues(std::string_view json, StatusMap* statuses) {
  *statuses = StatusMap();
  if (json.empty() || json == "null") return Status::Ok();
  dom::parser parser;
  dom::element doc;
  dom::object object;
  if (parser.parse(json.data(), json.size()).get(doc) != simdjson::SUCCESS ||
      doc.get_object().get(object) != simdjson::SUCCESS) {
    return Status::InvalidArgument(
        "status_values must map status values to customer, prospect, open_opp or other");
  }
  for (dom::key_value_pair kv : object) {
    std::string_view population;
    if (NormalizeStatus(kv.key).empty()) {
      return Status::InvalidArgument(
          "status_values: a blank status cannot be mapped (a blank status has no population "
          "unless the open opportunity column says so)");
    }
    if (kv.value.get_string().get(population) != simdjson::SUCCESS) {
      return Status::InvalidArgument("status_values." + std::string(kv.key) +
                                     " must be customer, prospect, open_opp or other");
    }
    if (Status s = statuses->Set(kv.key, population); !s.ok()) return s;
  }
  return Status::Ok();
}

}  // namespace

const sdk::ConfigMap<Config>& ConfigKeys() {
  static const auto* keys = [] {
    auto* k = new sdk::ConfigMap<Config>();
    k->String("mode", &Config::mode)
        .Default("export")
        .OneOf({"export", "api"})
        .Describe("export: read Reveal's account-mapping CSV exports. api is reserved (refused).");
    k->String("path", &Config::path)
        .MinLength(1)
        .Path()
        .Describe(
            "An account-mapping export (CSV), or a folder whose *.csv files are read in "
            "name order.");
    k->String("delimiter", &Config::delimiter)
        .Default(",")
        .MinLength(1)
        .Pattern("^.$")
        .Describe("CSV field delimiter, one character.");
    k->Json("columns", &Config::columns_json, ColumnsSchema());
    k->Json("status_values", &Config::status_values_json, StatusValuesSchema());
    return k;
  }();
  return *keys;
}

Status ReadConfig(std::string_view config_json, Config* out) {
  *out = Config();
  if (Status s = ConfigKeys().Read(config_json, out); !s.ok()) return s;
  if (out->mode == "api") {
    return Status::InvalidArgument(
        "mode: api is reserved and not available: Reveal publishes no API reference this "
        "connector could be built and tested against. Use mode: export with Reveal's "
        "account-mapping CSV exports (path: a file or a folder of them)");
  }
  out->source = Mode::kExport;
  if (out->path.empty()) {
    return Status::InvalidArgument(
        "path is required in mode export: the account-mapping export (a CSV file) or a folder "
        "of them");
  }
  const std::string& d = out->delimiter;
  if (d.size() != 1 || d == "\"" || d == "\r" || d == "\n") {
    return Status::InvalidArgument(
        "delimiter must be one character other than a quote or a line break, e.g. \",\" or "
        "\";\"");
  }
  out->delimiter_char = d[0];
  if (Status s = ReadColumnNames(out->columns_json, &out->columns); !s.ok()) return s;
  return ReadStatusValues(out->status_values_json, &out->statuses);
}

}  // namespace tempo::reveal
