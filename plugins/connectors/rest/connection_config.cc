// The connection's config. See connection_config.h.
#include "connection_config.h"

#include <algorithm>

#include <simdjson.h>

#include "json_path.h"
#include "tempo/json_writer.hpp"
#include "tempo/url.hpp"

namespace tempo::rest {

using sdk::Status;

namespace {

constexpr const char* kManifestDescription =
    "The manifest: a shipped one by name (plugins/connectors/rest/manifests/, e.g. "
    "partnerstack), or the path of a YAML file (relative to tempo.yaml).";
constexpr const char* kBaseUrlDescription =
    "The API root, replacing the manifest's base_url (a sandbox, a region, a test server).";

// The JSON type name of `e` as a spec's "type" says it.
bool HasType(simdjson::dom::element e, std::string_view type) {
  if (type == "string") return e.is_string();
  if (type == "boolean") return e.is_bool();
  if (type == "integer") return e.is_int64() || e.is_uint64();
  if (type == "number") return e.is_number();
  return false;
}

Status CheckValue(const std::string& key, simdjson::dom::element value,
                  simdjson::dom::object property) {
  std::string_view type;
  if (property["type"].get_string().get(type) == simdjson::SUCCESS && !HasType(value, type)) {
    return Status::InvalidArgument("config key '" + key + "' must be " +
                                   (type == "integer" ? "an " : "a ") + std::string(type));
  }
  double bound = 0, number = 0;
  if (value.is_number() && value.get_double().get(number) == simdjson::SUCCESS) {
    if (property["minimum"].get_double().get(bound) == simdjson::SUCCESS && number < bound) {
      return Status::InvalidArgument("config key '" + key + "' must be at least " +
                                     sdk::JsonWriter().Double(bound).Take());
    }
    if (property["maximum"].get_double().get(bound) == simdjson::SUCCESS && number > bound) {
      return Status::InvalidArgument("config key '" + key + "' must be at most " +
                                     sdk::JsonWriter().Double(bound).Take());
    }
  }
  int64_t min_length = 0;
  std::string_view text;
  if (value.get_string().get(text) == simdjson::SUCCESS &&
      property["minLength"].get_int64().get(min_length) == simdjson::SUCCESS &&
      static_cast<int64_t>(text.size()) < min_length) {
    return Status::InvalidArgument("config key '" + key + "' must not be " +
                                   (text.empty() ? "empty" : "this short"));
  }
  simdjson::dom::array allowed;
  if (property["enum"].get_array().get(allowed) == simdjson::SUCCESS) {
    const std::string mine = simdjson::to_string(value);
    bool found = false;
    for (simdjson::dom::element a : allowed) found |= simdjson::to_string(a) == mine;
    if (!found) {
      return Status::InvalidArgument("config key '" + key + "' must be one of " +
                                     simdjson::to_string(allowed));
    }
  }
  return Status::Ok();
}

}  // namespace

const char* SelectionSchema() {
  static const std::string* schema = [] {
    sdk::JsonWriter w;
    w.BeginObject().Key("type").String("object");
    w.Key("properties").BeginObject();
    w.Key("manifest").BeginObject().Key("type").String("string").Key("minLength").Int(1);
    w.Key("format").String("path-or-name").Key("description").String(kManifestDescription);
    w.EndObject();
    w.Key("base_url").BeginObject().Key("type").String("string").Key("minLength").Int(1);
    w.Key("format").String("uri").Key("description").String(kBaseUrlDescription).EndObject();
    w.EndObject();
    w.Key("required").BeginArray().String("manifest").EndArray();
    w.EndObject();
    return new std::string(w.Take());
  }();
  return schema->c_str();
}

std::string ConnectionSchema(const Manifest& m) {
  sdk::JsonWriter w;
  w.BeginObject().Key("type").String("object").Key("additionalProperties").Bool(false);
  if (!m.title.empty() || !m.description.empty()) {
    w.Key("description").String(m.title.empty() ? m.description : m.title + ": " + m.description);
  }
  w.Key("properties").BeginObject();
  w.Key("manifest").BeginObject().Key("type").String("string").Key("minLength").Int(1);
  w.Key("format").String("path-or-name").Key("description").String(kManifestDescription);
  w.EndObject();
  w.Key("base_url").BeginObject().Key("type").String("string").Key("minLength").Int(1);
  w.Key("format").String("uri").Key("default").String(m.base_url.text());
  w.Key("description").String(kBaseUrlDescription);
  w.EndObject();
  // The spec's properties, as the loader wrote them, one by one into this object.
  simdjson::dom::parser parser;
  simdjson::dom::object properties;
  if (parser.parse(m.spec_properties).get_object().get(properties) == simdjson::SUCCESS) {
    for (auto [key, value] : properties) w.Key(key).Raw(simdjson::to_string(value));
  }
  w.EndObject();
  w.Key("required").BeginArray().String("manifest");
  for (const std::string& key : m.spec_required) w.String(key);
  w.EndArray();
  w.EndObject();
  return w.Take();
}

Status ReadSelection(std::string_view config_json, std::string* manifest) {
  simdjson::dom::parser parser;
  simdjson::dom::object config;
  if (parser.parse(config_json.data(), config_json.size()).get_object().get(config) !=
      simdjson::SUCCESS) {
    return Status::InvalidArgument("the connection's config is not a JSON object");
  }
  std::string_view value;
  if (config["manifest"].get_string().get(value) != simdjson::SUCCESS || value.empty()) {
    return Status::InvalidArgument(
        "config key 'manifest' is required: a shipped manifest's name (e.g. partnerstack) or "
        "the path of a manifest file");
  }
  manifest->assign(value);
  return Status::Ok();
}

Status ReadConnectionConfig(std::string_view config_json, const Manifest& m,
                            ConnectionConfig* out) {
  *out = ConnectionConfig();
  if (Status s = ReadSelection(config_json, &out->manifest); !s.ok()) return s;
  simdjson::dom::parser parser, spec_parser;
  simdjson::dom::object config, properties;
  if (parser.parse(config_json.data(), config_json.size()).get_object().get(config) !=
          simdjson::SUCCESS ||
      spec_parser.parse(m.spec_properties).get_object().get(properties) != simdjson::SUCCESS) {
    return Status::InvalidArgument("the connection's config is not a JSON object");
  }
  std::string base_url = m.base_url.text();
  for (auto [key, value] : config) {
    if (key == "manifest") continue;
    if (key == "base_url") {
      std::string_view text;
      if (value.get_string().get(text) != simdjson::SUCCESS) {
        return Status::InvalidArgument("config key 'base_url' must be a string");
      }
      base_url = std::string(text);
      continue;
    }
    simdjson::dom::object property;
    if (properties[key].get_object().get(property) != simdjson::SUCCESS) {
      std::string keys = "manifest, base_url";
      for (auto [name, unused] : properties) keys += ", " + std::string(name);
      return Status::InvalidArgument("unknown config key '" + std::string(key) +
                                     "'; the keys of manifest " + m.name + " are " + keys);
    }
    if (value.is_null()) continue;
    if (Status s = CheckValue(std::string(key), value, property); !s.ok()) return s;
    if (std::optional<std::string> text = ScalarText(value)) out->values[std::string(key)] = *text;
  }
  for (auto [key, property] : properties) {
    if (out->values.count(std::string(key)) != 0) continue;
    simdjson::dom::element fallback;
    if (property["default"].get(fallback) == simdjson::SUCCESS) {
      if (std::optional<std::string> text = ScalarText(fallback)) {
        out->values[std::string(key)] = *text;
      }
    }
  }
  for (const std::string& key : m.spec_required) {
    if (out->values.count(key) == 0) {
      return Status::InvalidArgument("config key '" + key + "' is required by manifest " + m.name);
    }
  }
  std::string why;
  std::optional<Template> t = Template::Parse(base_url, &why);
  std::optional<std::string> expanded = t ? t->Expand(out->values) : std::nullopt;
  if (!expanded) {
    return Status::InvalidArgument("config key 'base_url' " +
                                   (t ? std::string("names a config key that is not set") : why));
  }
  while (!expanded->empty() && expanded->back() == '/') expanded->pop_back();
  if (!sdk::ParseOrigin(*expanded)) {
    return Status::InvalidArgument(
        "config key 'base_url' must be an http or https URL, e.g. https://api.example.com/v2");
  }
  out->base_url = std::move(*expanded);
  return Status::Ok();
}

}  // namespace tempo::rest
