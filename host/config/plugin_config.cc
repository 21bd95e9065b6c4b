// RenderPluginConfig: a connection's or scorer's `config:` mapping, checked against the
// plugin's JSON Schema (the subset in json_schema.h) and rendered as compact JSON.
//
// YAML scalars are text until the schema types them: "42" and 42 under "integer" are both 42,
// yes/no/true/false under "boolean" are booleans; without a schema type a scalar is a JSON
// string. Errors never echo a configured value (it may be a secret); only the schema's own
// words (enum values, bounds, patterns) appear in them. Every problem is reported at once.
// Not for concurrent use on one Config from several threads: yaml-cpp nodes of one document
// share state.
#include "config/config.h"

#include <sys/stat.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <set>
#include <string>
#include <vector>

#include <yaml-cpp/yaml.h>

#include "common/json_writer.h"
#include "common/log.h"
#include "config/did_you_mean.h"
#include "config/error_list.h"
#include "config/json_schema.h"
#include "config/local_files.h"
#include "config/node.h"
#include "config/scalar_text.h"
#include "config/substitution.h"
#include "tempo/canonical.hpp"

namespace tempo::config {
namespace {

const JsonSchema& AnySchema() {
  static const JsonSchema any;
  return any;
}

// "an integer", "true or false", "a mapping or a string", ...
std::string Expected(const JsonSchema& schema) {
  static const std::map<std::string, std::string, std::less<>> kPhrases = {
      {"object", "a mapping"},   {"array", "a list"},    {"string", "a string"},
      {"integer", "an integer"}, {"number", "a number"}, {"boolean", "true or false"},
      {"null", "an empty value"}};
  std::string text;
  for (size_t i = 0; i < schema.types.size(); ++i) {
    if (i > 0) text += i + 1 == schema.types.size() ? " or " : ", ";
    text += kPhrases.at(schema.types[i]);
  }
  return "expected " + text;
}

// A schema bound as written: 1 not 1.0000000000000000.
std::string FormatBound(double bound) {
  if (std::floor(bound) == bound && std::fabs(bound) < 1e15) {
    return std::to_string(static_cast<int64_t>(bound));
  }
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%g", bound);
  return buffer;
}

size_t CountCharacters(std::string_view text) {
  return static_cast<size_t>(std::count_if(text.begin(), text.end(), [](char c) {
    return (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  }));
}

// The JSON values `text` can be under `schema`, most specific first. Without a schema type a
// scalar is a string, unless the enum lists a value of another type that it spells.
std::vector<JsonScalar> Readings(const std::string& text, const JsonSchema& schema) {
  const bool untyped = schema.types.empty();
  const bool any = untyped && !schema.enum_values.empty();
  const auto allows = [&](std::string_view type) {
    return any || (!untyped && schema.Allows(type));
  };
  std::vector<JsonScalar> readings;
  JsonScalar value;
  if (allows("boolean")) {
    if (std::optional<bool> b = ParseBoolText(text)) {
      value.kind = JsonScalar::Kind::kBoolean;
      value.boolean = *b;
      readings.push_back(value);
    }
  }
  if (allows("integer") || allows("number")) {
    if (std::optional<int64_t> i = ParseIntegerText(text)) {
      value.kind = JsonScalar::Kind::kInteger;
      value.integer = *i;
      value.number = static_cast<double>(*i);
      readings.push_back(value);
    } else if (std::optional<double> d = ParseNumberText(text); d && allows("number")) {
      value.kind = JsonScalar::Kind::kNumber;
      value.number = *d;
      readings.push_back(value);
    }
  }
  if (untyped || schema.Allows("string")) {
    value.kind = JsonScalar::Kind::kString;
    value.text = text;
    readings.push_back(value);
  }
  return readings;
}

// A bare name: letters, digits, '_' and '-' only (no '/' and no '.').
bool IsBareName(std::string_view text) {
  return !text.empty() && std::all_of(text.begin(), text.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
           c == '-';
  });
}

// `text` as the plugin receives it: resolved against `folder` when the schema says it is a path.
std::string PathValue(const JsonSchema& schema, const std::string& folder,
                      const std::string& text) {
  const bool path = schema.format_path || (schema.format_path_or_name && !IsBareName(text));
  return path && !text.empty() ? ResolveAgainst(folder, text) : text;
}

class Renderer {
 public:
  Renderer(const Node& root, ErrorList& errors, std::vector<std::string>* secrets)
      : root_(root), errors_(errors), secrets_(secrets) {}

  // Renders `value` (at `mark`, named `path`) under `schema` into `out`.
  // `declared`: the schema is the plugin's own for this key (not "anything goes").
  void Render(const YAML::Node& value, const YAML::Mark& mark, const JsonSchema& schema,
              const std::string& path, int depth, JsonWriter& out, bool declared = true);
  // `map` is a mapping, or an empty value standing for an empty mapping.
  void RenderObject(const YAML::Node& map, const YAML::Mark& mark, const JsonSchema& schema,
                    const std::string& path, int depth, JsonWriter& out);

 private:
  void RenderArray(const YAML::Node& list, const YAML::Mark& mark, const JsonSchema& schema,
                   const std::string& path, int depth, JsonWriter& out, bool declared);
  void RenderScalar(const YAML::Node& scalar, const YAML::Mark& mark, const JsonSchema& schema,
                    const std::string& path, JsonWriter& out, bool declared);
  // Reports each bound `value` breaks; true when it breaks none.
  bool CheckBounds(const JsonScalar& value, const YAML::Mark& mark, const JsonSchema& schema,
                   const std::string& path);
  void WriteDefault(const JsonSchema& schema, JsonWriter& out);
  // The keys of each `x-columns-of` property of `map` against its sibling entity's columns.
  void CheckColumnsOf(const YAML::Node& map, const JsonSchema& schema, const std::string& path);

  // Registers `value` for redaction (and hands it to the caller who asked for the secrets).
  void Secret(const std::string& value) {
    log::AddSecret(value);
    if (secrets_ != nullptr && !value.empty()) secrets_->push_back(value);
  }

  const Node& root_;
  ErrorList& errors_;
  std::vector<std::string>* secrets_;

 public:
  // Each secret written into the file itself (not substituted): where, and its key path.
  struct InlineSecret {
    YAML::Mark mark;
    std::string path;
  };
  std::vector<InlineSecret> inline_secrets;
};

void Renderer::Render(const YAML::Node& value, const YAML::Mark& mark, const JsonSchema& schema,
                      const std::string& path, int depth, JsonWriter& out, bool declared) {
  if (depth > kMaxDepth) {
    errors_.Add(mark, path, "nested too deeply");
    return;
  }
  if (value.IsMap() || (value.IsNull() && !schema.Allows("null") && schema.Allows("object"))) {
    if (!schema.Allows("object")) {
      errors_.Add(mark, path, Expected(schema) + ", found a mapping");
      return;
    }
    RenderObject(value, mark, schema, path, depth, out);
  } else if (value.IsSequence()) {
    if (!schema.Allows("array")) {
      errors_.Add(mark, path, Expected(schema) + ", found a list");
      return;
    }
    RenderArray(value, mark, schema, path, depth, out, declared);
  } else if (value.IsScalar()) {
    RenderScalar(value, mark, schema, path, out, declared);
  } else {  // an empty value
    if (!schema.Allows("null")) {
      errors_.Add(mark, path, Expected(schema) + ", found an empty value");
      return;
    }
    const JsonScalar null_value;
    if (!schema.enum_values.empty() &&
        std::find(schema.enum_values.begin(), schema.enum_values.end(), null_value) ==
            schema.enum_values.end()) {
      errors_.Add(mark, path, "must not be empty");
      return;
    }
    out.Null();
  }
}

void Renderer::RenderObject(const YAML::Node& map, const YAML::Mark& mark, const JsonSchema& schema,
                            const std::string& path, int depth, JsonWriter& out) {
  out.BeginObject();
  std::map<std::string, YAML::Mark, std::less<>> seen;
  if (map.IsMap()) {
    for (auto entry : map) {
      const YAML::Node& key = entry.first;
      if (!key.IsScalar()) {
        errors_.Add(key.Mark(), path, "keys must be plain names");
        continue;
      }
      const std::string& name = key.Scalar();
      const std::string child_path = path + "." + name;
      const auto [first, inserted] = seen.try_emplace(name, key.Mark());
      if (!inserted) {
        errors_.Add(key.Mark(), child_path,
                    "duplicate key; the first is at " + FormatLocation(root_.file, first->second));
        continue;
      }
      const JsonSchema* child = schema.FindProperty(name);
      const bool declared = child != nullptr;
      if (child == nullptr && schema.additional == JsonSchema::Additional::kForbid) {
        std::vector<std::string_view> known;
        for (const JsonSchema::Property& property : schema.properties)
          known.push_back(property.name);
        errors_.Add(key.Mark(), child_path, UnknownKeyMessage(name, known));
        continue;
      }
      if (child == nullptr) {
        child = schema.additional == JsonSchema::Additional::kSchema
                    ? schema.additional_schema.get()
                    : &AnySchema();
      }
      const YAML::Mark value_mark = entry.second.IsNull() ? key.Mark() : entry.second.Mark();
      out.Key(name);
      Render(entry.second, value_mark, *child, child_path, depth + 1, out, declared);
    }
  }
  for (const std::string& name : schema.required) {
    if (seen.count(name) == 0) errors_.Add(mark, path, "missing required key '" + name + "'");
  }
  if (map.IsMap()) CheckColumnsOf(map, schema, path);
  for (const JsonSchema::Property& property : schema.properties) {
    if (seen.count(property.name) != 0 || !property.schema.default_json) continue;
    out.Key(property.name);
    WriteDefault(property.schema, out);
  }
  out.EndObject();
}

void Renderer::CheckColumnsOf(const YAML::Node& map, const JsonSchema& schema,
                              const std::string& path) {
  for (const JsonSchema::Property& property : schema.properties) {
    if (property.schema.columns_of.empty()) continue;
    const YAML::Node columns = map[property.name];
    const YAML::Node entity = map[property.schema.columns_of];
    if (!columns.IsMap() || !entity.IsScalar()) continue;
    // An unknown entity has its own error; its columns cannot be judged.
    const std::vector<std::string_view> known = canonical::ColumnsOf(entity.Scalar());
    if (known.empty()) continue;
    for (auto entry : columns) {
      if (!entry.first.IsScalar()) continue;
      const std::string& name = entry.first.Scalar();
      if (std::find(known.begin(), known.end(), name) != known.end()) continue;
      errors_.Add(entry.first.Mark(), path + "." + property.name + "." + name,
                  UnknownNameMessage("column of " + entity.Scalar(), name, known));
    }
  }
}

void Renderer::WriteDefault(const JsonSchema& schema, JsonWriter& out) {
  if (!schema.default_string) {
    out.Raw(*schema.default_json);
    return;
  }
  const std::string& text = *schema.default_string;
  if (schema.secret) Secret(text);
  out.String(PathValue(schema, root_.folder, text));
}

void Renderer::RenderArray(const YAML::Node& list, const YAML::Mark& mark, const JsonSchema& schema,
                           const std::string& path, int depth, JsonWriter& out, bool declared) {
  const JsonSchema& items = schema.items ? *schema.items : AnySchema();
  out.BeginArray();
  for (size_t i = 0; i < list.size(); ++i) {
    const YAML::Node item = list[i];
    // An empty item ("-" alone) has no mark of its own; point at the list.
    Render(item, item.IsNull() ? mark : item.Mark(), items, path + "[" + std::to_string(i) + "]",
           depth + 1, out, declared);
  }
  out.EndArray();
  if (schema.min_items && list.size() < *schema.min_items) {
    errors_.Add(mark, path,
                "must have at least " + std::to_string(*schema.min_items) +
                    (*schema.min_items == 1 ? " item" : " items"));
  }
}

void Renderer::RenderScalar(const YAML::Node& scalar, const YAML::Mark& mark,
                            const JsonSchema& schema, const std::string& path, JsonWriter& out,
                            bool declared) {
  const std::string& text = scalar.Scalar();
  if (root_.references_unresolved && ContainsReference(text)) {
    // Not resolved by this command (it needs no secrets): neither a secret nor checkable here;
    // the commands that resolve it check it.
    out.String(text);
    return;
  }
  if (schema.secret) Secret(text);
  if (schema.secret && !text.empty() && root_.substituted.count(scalar.Mark().pos) == 0) {
    inline_secrets.push_back({mark, path});
  }
  // What the environment or a file put here is a secret unless the plugin's schema declares
  // the key and does not mark it so (a base URL stays readable in errors); an undeclared key's
  // value is redacted, to be safe.
  if (const auto it = root_.substituted.find(scalar.Mark().pos);
      it != root_.substituted.end() && (schema.secret || !declared)) {
    for (const std::string& value : it->second) Secret(value);
  }
  const std::vector<JsonScalar> readings = Readings(text, schema);
  if (readings.empty()) {
    errors_.Add(mark, path, Expected(schema));
    return;
  }
  JsonScalar value = readings.front();
  if (!schema.enum_values.empty()) {
    const auto match = std::find_first_of(readings.begin(), readings.end(),
                                          schema.enum_values.begin(), schema.enum_values.end());
    if (match == readings.end()) {
      std::string allowed;
      for (const JsonScalar& entry : schema.enum_values) {
        allowed += allowed.empty() ? "" : ", ";
        allowed += entry.ToJson();
      }
      errors_.Add(mark, path, "must be one of: " + allowed);
      return;
    }
    // The enum's own spelling: an untyped `1` matching enum [1] renders as the number 1.
    value = *std::find(schema.enum_values.begin(), schema.enum_values.end(), *match);
  }
  if (!CheckBounds(value, mark, schema, path)) return;
  if (schema.format_entity && value.kind == JsonScalar::Kind::kString) {
    const std::vector<std::string_view> entities = canonical::Entities();
    if (std::find(entities.begin(), entities.end(), value.text) == entities.end()) {
      errors_.Add(mark, path,
                  UnknownNameMessage("entity", value.text, entities) +
                      " (the canonical tables are in docs/store-schema.md)");
      return;
    }
  }
  const bool a_path = schema.format_path || schema.format_path_or_name;
  if (value.kind == JsonScalar::Kind::kString && (a_path || schema.format_uri)) {
    // A path or URL is one line of plain text: a line break means an unclosed quote above.
    for (unsigned char c : value.text) {
      if (c < 0x20 || c == 0x7f) {
        errors_.Add(mark, path,
                    c == '\n' || c == '\r'
                        ? "contains a line break; this value is one line (an unclosed quote?)"
                        : "contains a control character; write it as plain text");
        return;
      }
    }
    if (schema.format_uri && value.text.rfind("https://", 0) != 0 &&
        value.text.rfind("http://", 0) != 0) {
      errors_.Add(mark, path, "must be an http:// or https:// URL");
      return;
    }
  }
  if (value.kind == JsonScalar::Kind::kString) {
    value.text = PathValue(schema, root_.folder, value.text);
  }
  value.WriteTo(out);
}

bool Renderer::CheckBounds(const JsonScalar& value, const YAML::Mark& mark,
                           const JsonSchema& schema, const std::string& path) {
  bool ok = true;
  const auto fail = [&](const std::string& message) {
    errors_.Add(mark, path, message);
    ok = false;
  };
  if (value.kind == JsonScalar::Kind::kInteger || value.kind == JsonScalar::Kind::kNumber) {
    if (schema.minimum && value.number < *schema.minimum) {
      fail("must be at least " + FormatBound(*schema.minimum));
    }
    if (schema.maximum && value.number > *schema.maximum) {
      fail("must be at most " + FormatBound(*schema.maximum));
    }
  }
  if (value.kind == JsonScalar::Kind::kString) {
    if (schema.min_length && CountCharacters(value.text) < *schema.min_length) {
      fail("must be at least " + std::to_string(*schema.min_length) +
           (*schema.min_length == 1 ? " character long" : " characters long"));
    }
    if (schema.pattern) {
      bool matches = false;
      try {
        matches = std::regex_search(value.text, *schema.pattern);
      } catch (const std::regex_error&) {
        fail(
            "cannot be checked against the plugin's pattern (too complex); report this to "
            "the plugin's author");
      }
      if (ok && !matches) fail("must match the pattern " + schema.pattern_text);
    }
  }
  return ok;
}

// A secret written into a config file that others may read: a warning (once per key and
// process), since anyone with read access to the file has the credential.
void WarnInlineSecrets(const std::string& file,
                       const std::vector<Renderer::InlineSecret>& secrets) {
  if (secrets.empty()) return;
  struct stat st {};
  if (::stat(file.c_str(), &st) != 0 || (st.st_mode & (S_IRGRP | S_IROTH)) == 0) return;
  static std::set<std::string>* warned = new std::set<std::string>();
  char mode[8];
  std::snprintf(mode, sizeof mode, "%03o", static_cast<unsigned>(st.st_mode & 0777));
  for (const Renderer::InlineSecret& secret : secrets) {
    const std::string at = FormatLocation(file, secret.mark) + ": " + secret.path;
    if (!warned->insert(at).second) continue;
    log::Warn(at + ": a secret written in a file that others can read (mode " + mode +
              "); use ${env:NAME} or ${file:PATH}, or make the file private (chmod 600 " + file +
              ")");
  }
}

}  // namespace

std::string ConfigLocation(const Config& config, const std::shared_ptr<const Node>& node) {
  if (!node) return config.path;
  return FormatLocation(node->file, node->mark);
}

Result<std::string> RenderPluginConfig(const Config& config,
                                       const std::shared_ptr<const Node>& node,
                                       std::string_view owner, std::string_view schema_json,
                                       std::vector<std::string>* secrets) {
  const std::string path = owner.empty() ? "config" : std::string(owner) + ".config";
  Result<JsonSchema> schema = ParseJsonSchema(schema_json);
  if (!schema.ok()) {
    return Status::Plugin(path +
                          ": the plugin's config schema is invalid: " + schema.status().message());
  }
  if (!schema->Allows("object")) {
    return Status::Plugin(path +
                          ": the plugin's config schema must describe an object "
                          "(\"type\": \"object\")");
  }
  const Node no_config{
      YAML::Node(), config.path, ConfigFolder(config.path), YAML::Mark::null_mark(), {}};
  const Node& root = node ? *node : no_config;
  ErrorList errors(root.file);
  JsonWriter out;
  try {
    if (!root.yaml.IsNull() && !root.yaml.IsMap()) {
      errors.Add(root.mark, path,
                 "expected a mapping, found " + std::string(DescribeKind(root.yaml)));
    } else {
      Renderer renderer(root, errors, secrets);
      renderer.RenderObject(root.yaml, root.mark, *schema, path, 0, out);
      if (root.refuse_inline_secrets) {
        for (const Renderer::InlineSecret& secret : renderer.inline_secrets) {
          errors.Add(secret.mark, secret.path,
                     "a secret written into the config file (the plugin marks this key "
                     "secret); write a reference such as ${env:NAME} here and keep the value "
                     "in the environment (for Kubernetes: in the Secret)");
        }
      } else {
        WarnInlineSecrets(root.file, renderer.inline_secrets);
      }
    }
  } catch (const YAML::Exception& e) {
    return Status::Internal(path + ": cannot read the YAML tree: " + e.msg);
  }
  if (!errors.empty()) return errors.ToStatus();
  return out.Take();
}

}  // namespace tempo::config
