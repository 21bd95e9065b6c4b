// Parsing the JSON Schema subset with simdjson's DOM API: a schema is small, read once, and
// walked in an order that does not follow the text (type before properties), which the DOM
// suits better than On-Demand.
#include "config/json_schema.h"

#include <algorithm>
#include <array>
#include <cmath>

#include <simdjson.h>

namespace tempo::config {
namespace {

using simdjson::dom::element;
using simdjson::dom::element_type;

constexpr std::array<std::string_view, 7> kTypes = {"object", "array",   "string", "integer",
                                                    "number", "boolean", "null"};
constexpr std::array<std::string_view, 9> kAnnotations = {"description", "title",    "examples",
                                                          "$schema",     "$id",      "$comment",
                                                          "deprecated",  "readOnly", "writeOnly"};

// A JSON Pointer reference token: "~" and "/" escaped (RFC 6901).
std::string PointerToken(std::string_view name) {
  std::string token;
  for (char c : name) {
    if (c == '~') {
      token += "~0";
    } else if (c == '/') {
      token += "~1";
    } else {
      token += c;
    }
  }
  return token;
}

Status SchemaError(const std::string& pointer, const std::string& message) {
  return Status::Plugin(pointer + ": " + message);
}

std::optional<double> NumberOf(const element& value) {
  switch (value.type()) {
    case element_type::INT64:
      return static_cast<double>(int64_t(value));
    case element_type::UINT64:
      return static_cast<double>(uint64_t(value));
    case element_type::DOUBLE:
      return double(value);
    default:
      return std::nullopt;
  }
}

std::optional<uint64_t> CountOf(const element& value) {
  std::optional<double> number = NumberOf(value);
  if (!number || *number < 0 || std::floor(*number) != *number) return std::nullopt;
  return static_cast<uint64_t>(*number);
}

Result<JsonScalar> ScalarOf(const element& value) {
  JsonScalar scalar;
  switch (value.type()) {
    case element_type::NULL_VALUE:
      scalar.kind = JsonScalar::Kind::kNull;
      break;
    case element_type::BOOL:
      scalar.kind = JsonScalar::Kind::kBoolean;
      scalar.boolean = bool(value);
      break;
    case element_type::INT64:
      scalar.kind = JsonScalar::Kind::kInteger;
      scalar.integer = int64_t(value);
      scalar.number = static_cast<double>(scalar.integer);
      break;
    case element_type::UINT64:
    case element_type::DOUBLE:
      scalar.kind = JsonScalar::Kind::kNumber;
      scalar.number = *NumberOf(value);
      break;
    case element_type::STRING:
      scalar.kind = JsonScalar::Kind::kString;
      scalar.text = std::string(std::string_view(value));
      break;
    default:
      return Status::Plugin("enum values must be strings, numbers, booleans or null");
  }
  return scalar;
}

Result<JsonSchema> ParseNode(const element& node, const std::string& pointer);

Status ParseType(const element& value, const std::string& pointer, JsonSchema& schema) {
  std::vector<element> names;
  if (value.is_array()) {
    for (element name : value.get_array()) names.push_back(name);
  } else {
    names.push_back(value);
  }
  for (const element& name : names) {
    if (!name.is_string() ||
        std::find(kTypes.begin(), kTypes.end(), std::string_view(name)) == kTypes.end()) {
      return SchemaError(pointer + "/type",
                         "must be object, array, string, integer, number, boolean, null or a "
                         "list of them");
    }
    schema.types.emplace_back(std::string_view(name));
  }
  return Status::Ok();
}

Status ParseKeyword(std::string_view keyword, const element& value, const std::string& pointer,
                    JsonSchema& schema) {
  const std::string here = pointer + "/" + std::string(keyword);
  if (keyword == "type") return ParseType(value, pointer, schema);
  if (keyword == "properties") {
    if (!value.is_object()) return SchemaError(here, "must be an object of schemas");
    for (auto [name, child] : value.get_object()) {
      Result<JsonSchema> parsed = ParseNode(child, here + "/" + PointerToken(name));
      if (!parsed.ok()) return parsed.status();
      schema.properties.push_back({std::string(name), std::move(parsed).value()});
    }
    return Status::Ok();
  }
  if (keyword == "required") {
    if (!value.is_array()) return SchemaError(here, "must be a list of property names");
    for (element name : value.get_array()) {
      if (!name.is_string()) return SchemaError(here, "must be a list of property names");
      schema.required.emplace_back(std::string_view(name));
    }
    return Status::Ok();
  }
  if (keyword == "additionalProperties" || keyword == "items") {
    if (keyword == "additionalProperties" && value.is_bool()) {
      schema.additional =
          bool(value) ? JsonSchema::Additional::kAllow : JsonSchema::Additional::kForbid;
      return Status::Ok();
    }
    if (!value.is_object()) return SchemaError(here, "must be a schema object");
    Result<JsonSchema> parsed = ParseNode(value, here);
    if (!parsed.ok()) return parsed.status();
    auto child = std::make_unique<JsonSchema>(std::move(parsed).value());
    if (keyword == "items") {
      schema.items = std::move(child);
    } else {
      schema.additional = JsonSchema::Additional::kSchema;
      schema.additional_schema = std::move(child);
    }
    return Status::Ok();
  }
  if (keyword == "enum") {
    if (!value.is_array()) return SchemaError(here, "must be a list of values");
    for (element entry : value.get_array()) {
      Result<JsonScalar> scalar = ScalarOf(entry);
      if (!scalar.ok()) return SchemaError(here, scalar.status().message());
      schema.enum_values.push_back(std::move(scalar).value());
    }
    if (schema.enum_values.empty()) return SchemaError(here, "must list at least one value");
    return Status::Ok();
  }
  if (keyword == "default") {
    schema.default_json = simdjson::minify(value);
    if (value.is_string()) schema.default_string = std::string(std::string_view(value));
    return Status::Ok();
  }
  if (keyword == "minimum" || keyword == "maximum") {
    std::optional<double> number = NumberOf(value);
    if (!number) return SchemaError(here, "must be a number");
    (keyword == "minimum" ? schema.minimum : schema.maximum) = number;
    return Status::Ok();
  }
  if (keyword == "minLength" || keyword == "minItems") {
    std::optional<uint64_t> count = CountOf(value);
    if (!count) return SchemaError(here, "must be a non-negative integer");
    (keyword == "minLength" ? schema.min_length : schema.min_items) = count;
    return Status::Ok();
  }
  if (keyword == "pattern") {
    if (!value.is_string()) return SchemaError(here, "must be a regular expression string");
    schema.pattern_text = std::string(std::string_view(value));
    try {
      schema.pattern.emplace(schema.pattern_text, std::regex::ECMAScript);
    } catch (const std::regex_error& e) {
      return SchemaError(here,
                         std::string("is not a valid ECMAScript regular expression: ") + e.what());
    }
    return Status::Ok();
  }
  if (keyword == "format") {
    if (!value.is_string()) return SchemaError(here, "must be a string");
    schema.format_path = std::string_view(value) == "path";
    schema.format_uri = std::string_view(value) == "uri";
    schema.format_path_or_name = std::string_view(value) == "path-or-name";
    schema.format_entity = std::string_view(value) == "entity";
    return Status::Ok();
  }
  if (keyword == "x-secret") {
    if (!value.is_bool()) return SchemaError(here, "must be true or false");
    schema.secret = bool(value);
    return Status::Ok();
  }
  if (keyword == "x-columns-of") {
    if (!value.is_string()) return SchemaError(here, "must be the name of a sibling key");
    schema.columns_of = std::string(std::string_view(value));
    return Status::Ok();
  }
  if (std::find(kAnnotations.begin(), kAnnotations.end(), keyword) != kAnnotations.end()) {
    return Status::Ok();
  }
  return SchemaError(pointer, "unsupported keyword '" + std::string(keyword) +
                                  "'; Tempo supports type, properties, required, "
                                  "additionalProperties, items, enum, default, minimum, "
                                  "maximum, minLength, minItems, pattern, format, x-secret, "
                                  "x-columns-of");
}

Result<JsonSchema> ParseNode(const element& node, const std::string& pointer) {
  if (!node.is_object()) return SchemaError(pointer, "a schema must be a JSON object");
  JsonSchema schema;
  for (auto [keyword, value] : node.get_object()) {
    Status status = ParseKeyword(keyword, value, pointer, schema);
    if (!status.ok()) return status;
  }
  return schema;
}

}  // namespace

bool JsonScalar::operator==(const JsonScalar& other) const {
  const bool numeric = kind == Kind::kInteger || kind == Kind::kNumber;
  const bool other_numeric = other.kind == Kind::kInteger || other.kind == Kind::kNumber;
  if (numeric && other_numeric) {
    if (kind == Kind::kInteger && other.kind == Kind::kInteger) return integer == other.integer;
    return number == other.number;
  }
  if (kind != other.kind) return false;
  switch (kind) {
    case Kind::kBoolean:
      return boolean == other.boolean;
    case Kind::kString:
      return text == other.text;
    default:
      return true;  // null
  }
}

void JsonScalar::WriteTo(JsonWriter& out) const {
  switch (kind) {
    case Kind::kNull:
      out.Null();
      break;
    case Kind::kBoolean:
      out.Bool(boolean);
      break;
    case Kind::kInteger:
      out.Int(integer);
      break;
    case Kind::kNumber:
      out.Double(number);
      break;
    case Kind::kString:
      out.String(text);
      break;
  }
}

std::string JsonScalar::ToJson() const {
  JsonWriter out;
  WriteTo(out);
  return out.Take();
}

bool JsonSchema::Allows(std::string_view type) const {
  return types.empty() || std::find(types.begin(), types.end(), type) != types.end();
}

const JsonSchema* JsonSchema::FindProperty(std::string_view name) const {
  for (const Property& property : properties) {
    if (property.name == name) return &property.schema;
  }
  return nullptr;
}

Result<JsonSchema> ParseJsonSchema(std::string_view text) {
  if (text.find_first_not_of(" \t\r\n") == std::string_view::npos) return JsonSchema();
  simdjson::dom::parser parser;
  element root;
  const simdjson::padded_string padded(text);
  if (const auto error = parser.parse(padded).get(root); error) {
    return Status::Plugin(std::string("the schema is not valid JSON: ") +
                          simdjson::error_message(error));
  }
  try {
    return ParseNode(root, "#");
  } catch (const simdjson::simdjson_error& e) {  // types are checked first; this is a backstop
    return Status::Plugin(std::string("cannot read the schema: ") + e.what());
  }
}

}  // namespace tempo::config
