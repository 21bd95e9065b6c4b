// JsonSchema: the subset of JSON Schema a plugin's config_schema may use, parsed once.
//
// Supported keywords (docs/configuration.md, "Plugin config schemas"):
//   type                 "object", "array", "string", "integer", "number", "boolean", "null",
//                        or a list of them
//   properties, required, additionalProperties (false, true or a schema)
//   items                (one schema for every item)
//   enum                 (scalar values only)
//   default              (filled in when the key is absent from an object that is present)
//   minimum, maximum, minLength, minItems
//   pattern              (std::regex ECMAScript, unanchored search as in JSON Schema)
//   format               "path" resolves a string against the config file's folder;
//                        "path-or-name" does too, except for a bare name (letters, digits, '_'
//                        and '-' only: something the plugin looks up by name, such as a shipped
//                        manifest); "uri" must be an http(s) URL; "entity" must name a
//                        canonical table (tempo/canonical.hpp); other formats are accepted and
//                        not checked
//   x-secret             true: the value is a secret (registered for log redaction)
//   x-columns-of         "K", on an object: its keys must be columns of the canonical entity
//                        that the sibling key K names (a mapping's `columns:` beside `entity:`)
//   annotations          description, title, examples, $schema, $id, $comment, deprecated,
//                        readOnly, writeOnly: ignored
// Any other keyword is an error, so a plugin author never believes a constraint is enforced
// when it is not.
#ifndef TEMPO_HOST_CONFIG_JSON_SCHEMA_H_
#define TEMPO_HOST_CONFIG_JSON_SCHEMA_H_

#include <cstdint>
#include <memory>
#include <optional>
#include <regex>
#include <string>
#include <string_view>
#include <vector>

#include "common/json_writer.h"
#include "common/status.h"

namespace tempo::config {

// A scalar JSON value: an enum entry, or a YAML scalar once typed by the schema.
struct JsonScalar {
  enum class Kind { kNull, kBoolean, kInteger, kNumber, kString };
  Kind kind = Kind::kNull;
  bool boolean = false;
  int64_t integer = 0;
  double number = 0;  // also set for kInteger
  std::string text;   // the string, for kString

  // Same JSON value; 2 and 2.0 are equal.
  bool operator==(const JsonScalar& other) const;
  void WriteTo(JsonWriter& out) const;
  // Compact JSON text, for messages.
  std::string ToJson() const;
};

struct JsonSchema {
  struct Property;

  std::vector<std::string> types;  // empty: any type
  std::vector<Property> properties;
  std::vector<std::string> required;
  enum class Additional { kAllow, kForbid, kSchema };
  Additional additional = Additional::kAllow;
  std::unique_ptr<JsonSchema> additional_schema;  // for kSchema
  std::unique_ptr<JsonSchema> items;              // null: items of any type
  std::vector<JsonScalar> enum_values;            // empty: no enum
  std::optional<std::string> default_json;        // compact JSON text
  std::optional<std::string> default_string;      // the default when it is a string
  std::optional<double> minimum;
  std::optional<double> maximum;
  std::optional<uint64_t> min_length;  // in characters (UTF-8 code points)
  std::optional<uint64_t> min_items;
  std::optional<std::regex> pattern;
  std::string pattern_text;
  bool format_path = false;
  bool format_uri = false;           // "format": "uri": an http(s) URL
  bool format_path_or_name = false;  // a path, unless a bare name (see above)
  bool format_entity = false;        // "format": "entity": a canonical table's name
  // "x-columns-of": "K" on an object: its keys are columns of the canonical entity named by the
  // sibling key K (e.g. a mapping's `columns:` beside its `entity:`).
  std::string columns_of;
  bool secret = false;

  bool Allows(std::string_view type) const;
  const JsonSchema* FindProperty(std::string_view name) const;
};

struct JsonSchema::Property {
  std::string name;
  JsonSchema schema;
};

// Parses `text` ("" means {}: anything goes). On failure a Plugin status naming the keyword
// and its JSON pointer, e.g. "#/properties/mode: unsupported keyword 'oneOf'".
Result<JsonSchema> ParseJsonSchema(std::string_view text);

}  // namespace tempo::config

#endif  // TEMPO_HOST_CONFIG_JSON_SCHEMA_H_
