// tempo/config.hpp: a connector's config keys declared once, in the spirit of Fluent Bit's
// flb_config_map: each key's name, type, default, bounds and description, bound to a member
// of the connector's config struct. From the table come both the JSON Schema the plugin
// publishes (the host validates a connection's config against it and fills its defaults
// before open()) and the typed reading of the rendered config in Open().
//
//   struct Config { std::string base_url, token; int64_t page_size = 0; };
//   const tempo::sdk::ConfigMap<Config>& Keys() {
//     static const auto* keys = [] {
//       auto* k = new tempo::sdk::ConfigMap<Config>();
//       k->String("base_url", &Config::base_url).Default("https://api.example.com")
//           .MinLength(1).Describe("API root.");
//       k->String("token", &Config::token).Required().Secret().MinLength(1);
//       k->Integer("page_size", &Config::page_size).Default(100).Range(1, 1000);
//       return k;
//     }();
//     return *keys;
//   }
//   // Open(): Config c; if (Status s = Keys().Read(config_json, &c); !s.ok()) return s;
//   // TEMPO_CONNECTOR_PLUGIN(..., Keys().SchemaText())
//
// Read() applies defaults, checks types, bounds, lengths, enumerations, required and unknown
// keys (so a unit test that opens the connector directly gets the host's checks too); `pattern`
// is published in the schema and checked by the host only. Part of the connector kit (needs
// simdjson).
#ifndef TEMPO_CONFIG_HPP_
#define TEMPO_CONFIG_HPP_

#include <cmath>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <simdjson.h>

#include "tempo/json_writer.hpp"
#include "tempo/plugin.hpp"

namespace tempo::sdk {

template <class C>
class ConfigMap {
 public:
  enum class Type { kString, kInteger, kNumber, kBoolean, kStringList, kJson };

  // One key. The builder methods return the key, so a declaration reads as one sentence.
  class Key {
   public:
    Key& Describe(std::string text) {
      description_ = std::move(text);
      return *this;
    }
    Key& Default(std::string_view v) { return DefaultJson(Quote(v)); }
    Key& Default(const char* v) { return Default(std::string_view(v)); }
    Key& Default(int v) { return Default(static_cast<int64_t>(v)); }
    Key& Default(int64_t v) { return DefaultJson(std::to_string(v)); }
    Key& Default(double v) { return DefaultJson(JsonWriter().Double(v).Take()); }
    Key& Default(bool v) { return DefaultJson(v ? "true" : "false"); }
    // A default written as JSON text (lists, objects).
    Key& DefaultJson(std::string json) {
      default_json_ = std::move(json);
      return *this;
    }
    Key& Range(double minimum, double maximum) {
      minimum_ = minimum;
      maximum_ = maximum;
      return *this;
    }
    Key& Minimum(double minimum) {
      minimum_ = minimum;
      return *this;
    }
    // Strings: at least `n` characters; lists: every item at least `n`.
    Key& MinLength(int64_t n) {
      min_length_ = n;
      return *this;
    }
    // Strings (or list items): the JSON Schema pattern the host checks.
    Key& Pattern(std::string regex) {
      pattern_ = std::move(regex);
      return *this;
    }
    // Strings: a file or folder path ("format": "path"), which the host resolves against the
    // folder of tempo.yaml and hands to Open() absolute. (A unit test that reads a config
    // directly gets the path as written.)
    Key& Path() {
      format_ = "path";
      return *this;
    }
    // Strings: an http:// or https:// URL ("format": "uri"); the host refuses anything else,
    // and a line break (an unclosed quote in tempo.yaml), with the key's position.
    Key& Url() {
      format_ = "uri";
      return *this;
    }
    Key& OneOf(std::vector<std::string> values) {
      enum_ = std::move(values);
      return *this;
    }
    // Never shown: the host redacts the value from every log line, error and run record.
    Key& Secret() {
      secret_ = true;
      return *this;
    }
    Key& Required() {
      required_ = true;
      return *this;
    }

   private:
    friend class ConfigMap;
    static std::string Quote(std::string_view v) {
      std::string out;
      AppendJsonString(out, v);
      return out;
    }

    std::string name_;
    Type type_ = Type::kString;
    std::string description_, default_json_, pattern_, format_, schema_;
    std::optional<double> minimum_, maximum_;
    std::optional<int64_t> min_length_;
    std::vector<std::string> enum_;
    bool secret_ = false, required_ = false;
    std::function<Status(C*, simdjson::dom::element)> set_;
  };

  Key& String(std::string_view name, std::string C::*field) {
    return Add(name, Type::kString,
               [this, name = std::string(name), field](C* c, simdjson::dom::element e) -> Status {
                 std::string_view v;
                 if (e.get_string().get(v) != simdjson::SUCCESS) return Wrong(name, "a string");
                 const Key& k = Find(name);
                 if (k.min_length_ && static_cast<int64_t>(v.size()) < *k.min_length_) {
                   return Status::InvalidArgument("config key '" + name + "' must not be empty");
                 }
                 if (!k.enum_.empty() && !Contains(k.enum_, v)) {
                   return Status::InvalidArgument("config key '" + name + "' must be one of " +
                                                  Join(k.enum_));
                 }
                 (c->*field).assign(v);
                 return Status::Ok();
               });
  }
  Key& Integer(std::string_view name, int64_t C::*field) {
    return Add(name, Type::kInteger,
               [this, name = std::string(name), field](C* c, simdjson::dom::element e) -> Status {
                 int64_t v;
                 if (e.get_int64().get(v) != simdjson::SUCCESS) return Wrong(name, "an integer");
                 if (Status s = InRange(name, static_cast<double>(v)); !s.ok()) return s;
                 c->*field = v;
                 return Status::Ok();
               });
  }
  Key& Number(std::string_view name, double C::*field) {
    return Add(name, Type::kNumber,
               [this, name = std::string(name), field](C* c, simdjson::dom::element e) -> Status {
                 double v;
                 if (e.get_double().get(v) != simdjson::SUCCESS) return Wrong(name, "a number");
                 if (Status s = InRange(name, v); !s.ok()) return s;
                 c->*field = v;
                 return Status::Ok();
               });
  }
  Key& Boolean(std::string_view name, bool C::*field) {
    return Add(name, Type::kBoolean,
               [this, name = std::string(name), field](C* c, simdjson::dom::element e) -> Status {
                 bool v;
                 if (e.get_bool().get(v) != simdjson::SUCCESS) return Wrong(name, "true or false");
                 c->*field = v;
                 return Status::Ok();
               });
  }
  Key& StringList(std::string_view name, std::vector<std::string> C::*field) {
    return Add(name, Type::kStringList,
               [this, name = std::string(name), field](C* c, simdjson::dom::element e) -> Status {
                 simdjson::dom::array items;
                 if (e.get_array().get(items) != simdjson::SUCCESS)
                   return Wrong(name, "a list of strings");
                 const Key& k = Find(name);
                 std::vector<std::string> out;
                 for (simdjson::dom::element item : items) {
                   std::string_view v;
                   if (item.get_string().get(v) != simdjson::SUCCESS)
                     return Wrong(name, "a list of strings");
                   if (k.min_length_ && static_cast<int64_t>(v.size()) < *k.min_length_) {
                     return Status::InvalidArgument("config key '" + name + "' has an empty item");
                   }
                   out.emplace_back(v);
                 }
                 c->*field = std::move(out);
                 return Status::Ok();
               });
  }
  // Any JSON value, handed to the connector as its minified text ("" when absent and without
  // a default); `schema` is the key's JSON Schema, published as written.
  Key& Json(std::string_view name, std::string C::*field, std::string schema) {
    Key& k = Add(name, Type::kJson, [field](C* c, simdjson::dom::element e) -> Status {
      c->*field = simdjson::to_string(e);
      return Status::Ok();
    });
    k.schema_ = std::move(schema);
    return k;
  }

  // Applies every key's default, then the values of `config_json` (an object), to *out.
  Status Read(std::string_view config_json, C* out) const {
    simdjson::dom::parser parser;
    for (const auto& k : keys_) {
      if (k->default_json_.empty()) continue;
      simdjson::dom::element e;
      if (parser.parse(k->default_json_).get(e) != simdjson::SUCCESS) {
        return Status::Internal("config key '" + k->name_ + "' has a default that is not JSON");
      }
      if (Status s = k->set_(out, e); !s.ok()) return s;
    }
    simdjson::dom::parser config_parser;
    simdjson::dom::element doc;
    simdjson::dom::object object;
    if (config_parser.parse(config_json.data(), config_json.size()).get(doc) != simdjson::SUCCESS ||
        doc.get_object().get(object) != simdjson::SUCCESS) {
      return Status::InvalidArgument("the connection's config is not a JSON object");
    }
    std::vector<std::string_view> seen;
    for (simdjson::dom::key_value_pair kv : object) {
      const Key* k = FindOrNull(kv.key);
      if (k == nullptr) {
        return Status::InvalidArgument("unknown config key '" + std::string(kv.key) +
                                       "'; the keys are " + Names());
      }
      seen.push_back(kv.key);
      if (kv.value.is_null()) continue;
      if (Status s = k->set_(out, kv.value); !s.ok()) return s;
    }
    for (const auto& k : keys_) {
      if (k->required_ && !Contains(seen, k->name_)) {
        return Status::InvalidArgument("config key '" + k->name_ + "' is required");
      }
    }
    return Status::Ok();
  }

  // The JSON Schema of the config, built from the keys.
  std::string Schema() const {
    JsonWriter w;
    w.BeginObject().Key("type").String("object").Key("additionalProperties").Bool(false);
    w.Key("properties").BeginObject();
    for (const auto& k : keys_) {
      w.Key(k->name_);
      if (k->type_ == Type::kJson) {
        w.Raw(k->schema_);
        continue;
      }
      w.BeginObject();
      static constexpr const char* kTypes[] = {"string", "integer", "number", "boolean", "array"};
      w.Key("type").String(kTypes[static_cast<int>(k->type_)]);
      if (k->type_ == Type::kStringList) {
        w.Key("items").BeginObject().Key("type").String("string");
        if (k->min_length_) w.Key("minLength").Int(*k->min_length_);
        if (!k->pattern_.empty()) w.Key("pattern").String(k->pattern_);
        w.EndObject();
      } else {
        if (k->min_length_) w.Key("minLength").Int(*k->min_length_);
        if (!k->pattern_.empty()) w.Key("pattern").String(k->pattern_);
        if (!k->format_.empty()) w.Key("format").String(k->format_);
      }
      if (k->minimum_) w.Key("minimum").Double(*k->minimum_);
      if (k->maximum_) w.Key("maximum").Double(*k->maximum_);
      if (!k->enum_.empty()) {
        w.Key("enum").BeginArray();
        for (const std::string& v : k->enum_) w.String(v);
        w.EndArray();
      }
      if (!k->default_json_.empty()) w.Key("default").Raw(k->default_json_);
      if (k->secret_) w.Key("x-secret").Bool(true);
      if (!k->description_.empty()) w.Key("description").String(k->description_);
      w.EndObject();
    }
    w.EndObject();
    bool any_required = false;
    for (const auto& k : keys_) any_required |= k->required_;
    if (any_required) {
      w.Key("required").BeginArray();
      for (const auto& k : keys_) {
        if (k->required_) w.String(k->name_);
      }
      w.EndArray();
    }
    w.EndObject();
    return w.Take();
  }

  // Schema() kept for the life of the map: the descriptor's config_schema.
  const char* SchemaText() const {
    if (schema_text_.empty()) schema_text_ = Schema();
    return schema_text_.c_str();
  }

 private:
  Key& Add(std::string_view name, Type type,
           std::function<Status(C*, simdjson::dom::element)> set) {
    auto k = std::make_unique<Key>();
    k->name_ = std::string(name);
    k->type_ = type;
    k->set_ = std::move(set);
    keys_.push_back(std::move(k));
    return *keys_.back();
  }
  const Key* FindOrNull(std::string_view name) const {
    for (const auto& k : keys_) {
      if (k->name_ == name) return k.get();
    }
    return nullptr;
  }
  const Key& Find(std::string_view name) const { return *FindOrNull(name); }
  Status InRange(const std::string& name, double v) const {
    const Key& k = Find(name);
    if ((k.minimum_ && v < *k.minimum_) || (k.maximum_ && v > *k.maximum_)) {
      std::string bounds;
      if (k.minimum_ && k.maximum_) {
        bounds = "between " + Number(*k.minimum_) + " and " + Number(*k.maximum_);
      } else if (k.minimum_) {
        bounds = "at least " + Number(*k.minimum_);
      } else {
        bounds = "at most " + Number(*k.maximum_);
      }
      return Status::InvalidArgument("config key '" + name + "' must be " + bounds);
    }
    return Status::Ok();
  }
  static std::string Number(double v) { return JsonWriter().Double(v).Take(); }
  static Status Wrong(const std::string& name, const char* expected) {
    return Status::InvalidArgument("config key '" + name + "' must be " + expected);
  }
  template <class List>
  static bool Contains(const List& list, std::string_view v) {
    for (const auto& item : list) {
      if (item == v) return true;
    }
    return false;
  }
  static std::string Join(const std::vector<std::string>& values) {
    std::string out;
    for (size_t i = 0; i < values.size(); ++i) out += (i ? ", " : "") + values[i];
    return out;
  }
  std::string Names() const {
    std::string out;
    for (const auto& k : keys_) out += (out.empty() ? "" : ", ") + k->name_;
    return out;
  }

  std::vector<std::unique_ptr<Key>> keys_;
  mutable std::string schema_text_;
};

}  // namespace tempo::sdk

#endif  // TEMPO_CONFIG_HPP_
