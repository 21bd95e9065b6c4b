// The manifest's top level, its config spec and its auth; streams are stream_loader.cc's. See
// manifest_loader.h.
#include "manifest_loader.h"

#include <algorithm>
#include <regex>
#include <set>

#include "manifest_parts.h"
#include "tempo/json_writer.hpp"
#include "tempo/text.hpp"
#include "tempo/url.hpp"

namespace tempo::rest {
namespace {

// Connection keys every manifest has; a spec may not declare them.
constexpr std::string_view kReservedKeys[] = {"manifest", "base_url"};

bool IsName(std::string_view name, bool dash) {
  if (name.empty() || name[0] < 'a' || name[0] > 'z') return false;
  for (char c : name) {
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || (dash && c == '-'))) {
      return false;
    }
  }
  return true;
}

// A YAML scalar as the JSON value of schema type `type`; nullopt when it is not one.
std::optional<std::string> JsonScalar(const YAML::Node& node, const std::string& type) {
  if (!node.IsScalar()) return std::nullopt;
  const std::string& text = node.Scalar();
  sdk::JsonWriter w;
  if (type == "string") return w.String(text).Take();
  if (type == "boolean") {
    if (text != "true" && text != "false") return std::nullopt;
    return text;
  }
  char* end = nullptr;
  if (type == "integer") {
    const long long v = std::strtoll(text.c_str(), &end, 10);
    if (text.empty() || end != text.c_str() + text.size()) return std::nullopt;
    return w.Int(v).Take();
  }
  const double v = std::strtod(text.c_str(), &end);
  if (text.empty() || end != text.c_str() + text.size()) return std::nullopt;
  return w.Double(v).Take();
}

// One spec property as JSON Schema; records its problems.
std::string ReadProperty(const YAML::Node& node, const std::string& path, ManifestErrors* errors,
                         bool* secret) {
  YamlMap p(node, path, errors,
            {"type", "description", "title", "default", "minimum", "maximum", "minLength", "enum",
             "pattern", "x-secret", "examples"});
  sdk::JsonWriter w;
  w.BeginObject();
  std::string type;
  if (p.OneOf("type", {"string", "integer", "number", "boolean"}, &type, true)) {
    w.Key("type").String(type);
  }
  std::string text;
  if (p.String("description", &text)) w.Key("description").String(text);
  if (p.String("title", &text)) w.Key("title").String(text);
  if (p.Has("default") && !type.empty()) {
    if (std::optional<std::string> v = JsonScalar(p.Get("default"), type)) {
      w.Key("default").Raw(*v);
    } else {
      p.Error("default", "must be " + std::string(type == "integer" ? "an " : "a ") + type +
                             ", the property's type");
    }
  }
  double number = 0;
  for (const char* bound : {"minimum", "maximum"}) {
    if (!p.Has(bound)) continue;
    if (type != "integer" && type != "number") {
      p.Error(bound, "applies to integer and number properties only");
    } else if (p.Number(bound, &number)) {
      w.Key(bound).Double(number);
    }
  }
  int64_t length = 0;
  if (p.Has("minLength") && type != "string") p.Error("minLength", "applies to strings only");
  if (type == "string" && p.Integer("minLength", &length)) w.Key("minLength").Int(length);
  if (p.Has("pattern")) {
    if (type != "string") {
      p.Error("pattern", "applies to strings only");
    } else if (p.String("pattern", &text)) {
      try {
        std::regex check(text, std::regex::ECMAScript);
        w.Key("pattern").String(text);
      } catch (const std::regex_error&) {
        p.Error("pattern", "is not an ECMAScript regular expression");
      }
    }
  }
  if (p.Has("enum") && !type.empty()) {
    const YAML::Node values = p.Get("enum");
    if (!values.IsSequence() || values.size() == 0) {
      p.Error("enum", "expected a list of allowed values");
    } else {
      w.Key("enum").BeginArray();
      for (const YAML::Node& v : values) {
        std::optional<std::string> json = JsonScalar(v, type);
        if (!json) {
          errors->Add(v.Mark(), p.PathOf("enum"), "every value must be a " + type);
          continue;
        }
        w.Raw(*json);
      }
      w.EndArray();
    }
  }
  bool is_secret = false;
  if (p.Boolean("x-secret", &is_secret) && is_secret) {
    if (type != "string") p.Error("x-secret", "applies to strings only");
    w.Key("x-secret").Bool(true);
  }
  *secret = is_secret;
  w.EndObject();
  return w.Take();
}

// `spec:`: a JSON Schema object of the manifest's own config keys.
void ReadSpec(const YAML::Node& node, Manifest* m, LoadContext* ctx) {
  ManifestErrors* errors = ctx->errors;
  YamlMap spec(node, "spec", errors,
               {"type", "properties", "required", "additionalProperties", "description", "title"});
  if (!spec.valid()) return;
  std::string type;
  spec.OneOf("type", {"object"}, &type);
  bool additional = false;
  if (spec.Boolean("additionalProperties", &additional) && additional) {
    spec.Error("additionalProperties",
               "must be false (or left out): a connection's config takes the spec's keys only");
  }
  sdk::JsonWriter w;
  w.BeginObject();
  if (spec.Has("properties")) {
    YAML::Node properties = spec.Get("properties");
    if (!properties.IsMap()) {
      spec.Error("properties", "expected a mapping of key names to their schemas, found " +
                                   std::string(YamlKind(properties)));
    } else {
      std::set<std::string> seen;
      for (auto it = properties.begin(); it != properties.end(); ++it) {
        const std::string name = it->first.IsScalar() ? it->first.Scalar() : "";
        const std::string path = "spec.properties." + name;
        if (!IsName(name, false)) {
          errors->Add(it->first.Mark(), path,
                      "a config key is a lower-case name (letters, digits, '_'), e.g. api_key");
          continue;
        }
        if (std::find(std::begin(kReservedKeys), std::end(kReservedKeys), name) !=
            std::end(kReservedKeys)) {
          errors->Add(it->first.Mark(), path,
                      "every connection of the rest plugin has '" + name +
                          "' already; remove it from the spec (base_url: set the manifest's "
                          "base_url, which the connection's base_url replaces)");
          continue;
        }
        if (!seen.insert(name).second) {
          errors->Add(it->first.Mark(), path, "duplicate key; keep one");
          continue;
        }
        bool secret = false;
        w.Key(name).Raw(ReadProperty(it->second, path, errors, &secret));
        ctx->config_keys.push_back(name);
        if (secret) {
          ctx->secret_keys.push_back(name);
          m->secret_keys.push_back(name);
        }
      }
    }
  }
  w.EndObject();
  m->spec_properties = w.Take();
  if (spec.Has("required")) {
    const YAML::Node required = spec.Get("required");
    if (!required.IsSequence()) {
      spec.Error("required", "expected a list of key names");
    } else {
      for (const YAML::Node& item : required) {
        const std::string name = item.IsScalar() ? item.Scalar() : "";
        if (std::find(ctx->config_keys.begin(), ctx->config_keys.end(), name) ==
            ctx->config_keys.end()) {
          errors->Add(item.Mark(), "spec.required",
                      "'" + name + "' is not a key of spec.properties; declare it there");
          continue;
        }
        m->spec_required.push_back(name);
      }
    }
  }
}

// A credential must come from secret config keys only: never a literal in the manifest, never
// a key whose value the host would not redact.
void CheckCredential(const YamlMap& auth, std::string_view key, const Template& value,
                     const LoadContext& ctx) {
  if (!auth.Has(key)) return;
  const std::vector<std::string> keys = value.Keys();
  if (keys.empty()) {
    auth.Error(key,
               "is a credential: write it as {{ config.KEY }}, KEY a spec key marked "
               "x-secret: true, never as text in the manifest");
    return;
  }
  for (const std::string& k : keys) {
    if (std::find(ctx.secret_keys.begin(), ctx.secret_keys.end(), k) == ctx.secret_keys.end()) {
      auth.Error(key, "names config key '" + k +
                          "', which the spec does not mark x-secret: true; mark it, so its "
                          "value is redacted from logs, errors and run records");
    }
  }
}

void ReadAuth(const YAML::Node& node, Manifest* m, const LoadContext& ctx) {
  YamlMap auth(node, "auth", ctx.errors,
               {"type", "token", "username", "password", "name", "value", "token_url", "client_id",
                "client_secret", "refresh_token", "scope"});
  if (!auth.valid()) return;
  struct Kind {
    std::string_view name;
    AuthKind kind;
    std::vector<std::string_view> required, optional;
  };
  static const std::vector<Kind> kKinds = {
      {"none", AuthKind::kNone, {}, {}},
      {"bearer", AuthKind::kBearer, {"token"}, {}},
      {"basic", AuthKind::kBasic, {"username", "password"}, {}},
      {"header", AuthKind::kHeader, {"name", "value"}, {}},
      {"query", AuthKind::kQuery, {"name", "value"}, {}},
      {"oauth2_refresh_token",
       AuthKind::kOAuth2Refresh,
       {"token_url", "client_id", "client_secret", "refresh_token"},
       {"scope"}},
      {"oauth2_client_credentials",
       AuthKind::kOAuth2Client,
       {"token_url", "client_id", "client_secret"},
       {"scope"}},
  };
  std::vector<std::string_view> names;
  for (const Kind& k : kKinds) names.push_back(k.name);
  std::string type;
  if (!auth.OneOf("type", names, &type, true)) return;
  const Kind& kind =
      *std::find_if(kKinds.begin(), kKinds.end(), [&](const Kind& k) { return k.name == type; });
  m->auth.kind = kind.kind;
  for (const std::string& key : auth.Keys()) {
    if (key == "type") continue;
    const bool applies =
        std::find(kind.required.begin(), kind.required.end(), key) != kind.required.end() ||
        std::find(kind.optional.begin(), kind.optional.end(), key) != kind.optional.end();
    if (!applies) {
      std::string takes;
      for (std::string_view k : kind.required)
        takes += (takes.empty() ? "" : ", ") + std::string(k);
      auth.Error(key, "does not apply to auth type " + type +
                          (takes.empty() ? "" : "; it takes " + takes));
    }
  }
  for (std::string_view key : kind.required) auth.Require(key);
  AuthSpec& a = m->auth;
  ReadTemplate(auth, "token", ctx, &a.token);
  ReadTemplate(auth, "username", ctx, &a.username);
  ReadTemplate(auth, "password", ctx, &a.password);
  ReadTemplate(auth, "value", ctx, &a.value);
  ReadTemplate(auth, "token_url", ctx, &a.token_url);
  ReadTemplate(auth, "client_id", ctx, &a.client_id);
  ReadTemplate(auth, "client_secret", ctx, &a.client_secret);
  ReadTemplate(auth, "refresh_token", ctx, &a.refresh_token);
  ReadTemplate(auth, "scope", ctx, &a.scope);
  if (auth.String("name", &a.name) && a.name.empty()) auth.Error("name", "must not be empty");
  CheckCredential(auth, "token", a.token, ctx);
  CheckCredential(auth, "password", a.password, ctx);
  CheckCredential(auth, "value", a.value, ctx);
  CheckCredential(auth, "client_secret", a.client_secret, ctx);
  CheckCredential(auth, "refresh_token", a.refresh_token, ctx);
}

}  // namespace

const std::vector<std::string_view> kTimeFormats = {"iso8601", "epoch_s", "epoch_ms"};

TimeFormat TimeFormatNamed(std::string_view name) {
  if (name == "epoch_s") return TimeFormat::kEpochSeconds;
  if (name == "epoch_ms") return TimeFormat::kEpochMillis;
  return TimeFormat::kIso8601;
}

bool ReadTemplate(const YamlMap& map, std::string_view key, const LoadContext& ctx, Template* out,
                  bool required) {
  if (!map.Text(key, out, required)) return false;
  bool ok = true;
  for (const std::string& k : out->Keys()) {
    if (std::find(ctx.config_keys.begin(), ctx.config_keys.end(), k) != ctx.config_keys.end()) {
      continue;
    }
    std::vector<std::string_view> known(ctx.config_keys.begin(), ctx.config_keys.end());
    const std::string closest = sdk::ClosestMatch(k, known);
    map.Error(key, "names config key '" + k + "', which the spec does not declare; " +
                       (closest.empty() ? "declare it under spec.properties"
                                        : "did you mean '" + closest + "'?"));
    ok = false;
  }
  return ok;
}

bool ReadTemplates(const YamlMap& map, std::string_view key, const LoadContext& ctx,
                   std::vector<std::pair<std::string, Template>>* out) {
  std::vector<std::pair<std::string, Template>> read;
  if (!map.Templates(key, &read)) return false;
  bool ok = true;
  for (auto& [name, value] : read) {
    for (const std::string& k : value.Keys()) {
      if (std::find(ctx.config_keys.begin(), ctx.config_keys.end(), k) == ctx.config_keys.end()) {
        map.Error(key, "value of '" + name + "' names config key '" + k +
                           "', which the spec does not declare; declare it under "
                           "spec.properties");
        ok = false;
      }
    }
    out->emplace_back(name, std::move(value));
  }
  return ok;
}

sdk::Status LoadManifest(std::string_view text, const std::string& file, Manifest* out) {
  *out = Manifest();
  out->file = file;
  ManifestErrors errors(file);
  // Its strings reach the host as JSON (the spec's schema, the catalog): a manifest with bytes
  // that are not UTF-8 is refused at the first one (found by the fuzzer).
  if (auto bad = sdk::FindInvalidUtf8(text)) {
    return sdk::Status::InvalidArgument("manifest " + file + " is not UTF-8 text:\n" + file + ":" +
                                        std::to_string(bad->line) + ":" +
                                        std::to_string(bad->column) +
                                        ": a byte that is not UTF-8; save the manifest as UTF-8");
  }
  YAML::Node root;
  try {
    root = YAML::Load(std::string(text));
  } catch (const YAML::ParserException& e) {
    errors.Add(e.mark, "", "not valid YAML: " + e.msg);
    return sdk::Status::InvalidArgument("manifest " + file + " is not valid YAML:\n" +
                                        errors.Text());
  }
  LoadContext ctx;
  ctx.errors = &errors;
  YamlMap top(root, "", &errors,
              {"manifest_version", "name", "title", "description", "documentation", "base_url",
               "spec", "auth", "rate_limit", "permission_hint", "check", "defaults", "streams"});
  if (top.valid()) {
    int64_t version = 0;
    if (top.Integer("manifest_version", &version, true) && version != kManifestVersion) {
      top.Error("manifest_version", "is " + std::to_string(version) +
                                        "; this rest plugin reads manifest_version " +
                                        std::to_string(kManifestVersion) +
                                        " (upgrade the plugin for a newer manifest)");
    }
    if (top.String("name", &out->name, true) && !IsName(out->name, true)) {
      top.Error("name", "must be a lower-case name (letters, digits, '_', '-'), e.g. partnerstack");
    }
    top.String("title", &out->title);
    top.String("description", &out->description, true);
    top.String("documentation", &out->documentation);
    top.String("permission_hint", &out->permission_hint);
    if (top.Has("spec")) ReadSpec(top.Get("spec"), out, &ctx);
    if (ReadTemplate(top, "base_url", ctx, &out->base_url, true) && out->base_url.Keys().empty() &&
        !sdk::ParseOrigin(out->base_url.text())) {
      top.Error("base_url", "must be an http or https URL, e.g. https://api.example.com/v2");
    }
    if (top.Require("auth")) ReadAuth(top.Get("auth"), out, ctx);
    if (top.Has("rate_limit")) {
      YamlMap rate(top.Get("rate_limit"), "rate_limit", &errors, {"requests_per_second", "burst"});
      if (rate.Number("requests_per_second", &out->requests_per_second, true) &&
          out->requests_per_second <= 0) {
        rate.Error("requests_per_second", "must be more than 0");
      }
      if (rate.Number("burst", &out->burst) && out->burst < 1) {
        rate.Error("burst", "must be at least 1");
      }
    }
    StreamDefaults defaults;
    if (top.Has("defaults")) ReadDefaults(top.Get("defaults"), ctx, &defaults);
    if (top.Require("streams")) {
      const YAML::Node streams = top.Get("streams");
      if (!streams.IsSequence() || streams.size() == 0) {
        top.Error("streams",
                  "expected a list of streams, found " +
                      std::string(streams.IsSequence() ? "an empty list" : YamlKind(streams)));
      } else {
        for (size_t i = 0; i < streams.size(); ++i) {
          const std::string path = "streams[" + std::to_string(i) + "]";
          StreamSpec stream;
          ReadStream(streams[i], path, defaults, ctx, &stream);
          for (const StreamSpec& other : out->streams) {
            if (!stream.name.empty() && other.name == stream.name) {
              errors.Add(streams[i].Mark(), path + ".name",
                         "duplicate stream name '" + stream.name + "'; stream names are unique");
            }
            // A completed full refresh soft-deletes the rows of every entity it writes that it
            // did not see: two streams writing one entity would delete each other's rows.
            for (const EmitSpec& mine : stream.emit) {
              for (const EmitSpec& theirs : other.emit) {
                if (!mine.entity.empty() && mine.entity == theirs.entity) {
                  errors.Add(streams[i].Mark(), path + ".emit",
                             "entity " + mine.entity + " is written by stream '" + other.name +
                                 "' already; one stream per entity (a full refresh of one would "
                                 "soft-delete the other's rows)");
                }
              }
            }
          }
          out->streams.push_back(std::move(stream));
        }
      }
    }
    if (top.Has("check")) {
      YamlMap check(top.Get("check"), "check", &errors, {"stream"});
      if (check.String("stream", &out->check_stream, true)) {
        const bool found =
            std::any_of(out->streams.begin(), out->streams.end(),
                        [&](const StreamSpec& s) { return s.name == out->check_stream; });
        if (!found) check.Error("stream", "names no stream of this manifest");
      }
    }
    if (out->check_stream.empty() && !out->streams.empty()) {
      out->check_stream = out->streams.front().name;
    }
  }
  if (!errors.empty()) {
    return sdk::Status::InvalidArgument(
        "manifest " + file + " has " + std::to_string(errors.size()) +
        (errors.size() == 1 ? " error" : " errors") +
        " (plugins/connectors/rest/README.md describes the format):\n" + errors.Text());
  }
  return sdk::Status::Ok();
}

}  // namespace tempo::rest
