// LoadConfig: reads tempo.yaml, substitutes ${env:}/${file:} references and checks the file's
// fixed structure (docs/configuration.md is the reference for every key).
//
// Two passes over one YAML tree: the first substitutes references in every scalar value
// (anywhere, also under `config:`), the second reads the structure. Both report into one
// ErrorList so a user sees every problem at once.
#include "config/config.h"

#include <arpa/inet.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <set>

#include <yaml-cpp/yaml.h>

#include "common/log.h"
#include "config/did_you_mean.h"
#include "config/error_list.h"
#include "config/local_files.h"
#include "config/node.h"
#include "config/scalar_text.h"
#include "config/substitution.h"
#include "config/unclosed_quote.h"
#include "schedule/schedule.h"
#include "tempo/model.h"
#include "tempo/text.hpp"

namespace tempo::config {
namespace {

std::string JoinKey(const std::string& path, std::string_view key) {
  return path.empty() ? std::string(key) : path + "." + std::string(key);
}

std::string JoinIndex(const std::string& path, size_t index) {
  return path + "[" + std::to_string(index) + "]";
}

// [a-z0-9][a-z0-9_-]*: safe in file names, SQL values and log lines.
bool IsValidName(std::string_view name) {
  if (name.empty() || name[0] == '_' || name[0] == '-') return false;
  for (char c : name) {
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-')) return false;
  }
  return true;
}

// One `key: value` of a mapping. `mark` is where errors about the value point: the value, or
// its key when the value is empty (yaml-cpp marks an empty value at the next token).
struct Field {
  YAML::Node value;
  YAML::Mark mark;
};
using Fields = std::map<std::string, Field, std::less<>>;

class Loader {
 public:
  Loader(Config& config, ErrorList& errors, const LoadOptions& options)
      : config_(config), errors_(errors), options_(options), folder_(ConfigFolder(config.path)) {}

  // Pass 1: substitutes references in every scalar value under `node`.
  void Expand(YAML::Node node, const std::string& path, int depth);

  // Pass 2: reads and checks the structure into config_.
  void ReadRoot(const YAML::Node& root);

  // For LoadPluginConfigFile: every scalar of the file is a plugin's config (pass 1 records
  // what ${env:}/${file:} put there, as for a `config:` mapping), and the whole file is the
  // mapping.
  void TreatAsPluginConfig() { plugin_config_file_ = true; }
  std::shared_ptr<const Node> ReadPluginConfigFile(const YAML::Node& root);

 private:
  void ExpandScalar(YAML::Node scalar, const std::string& path);
  // True when `node` is a scalar whose substitution failed: it was reported by Expand already.
  bool IsBroken(const YAML::Node& node) const {
    return node.IsScalar() && broken_.count(node.Mark().pos) != 0;
  }

  // The fields of `node`, a mapping (an empty value counts as an empty mapping), after reporting
  // unknown and duplicate keys. nullopt (reported) when `node` is not a mapping.
  std::optional<Fields> ReadMapping(const YAML::Node& node, const YAML::Mark& mark,
                                    const std::string& path,
                                    const std::vector<std::string_view>& known);
  // The field `key`, reporting "missing required key" at `mark` when absent.
  const Field* Require(const Fields& fields, std::string_view key, const YAML::Mark& mark,
                       const std::string& path);
  // A string value; nullopt (reported, or already reported by Expand) otherwise.
  std::optional<std::string> ReadString(const Field& field, const std::string& path);
  std::optional<std::string> ReadName(const Field& field, const std::string& path);
  // A list value; an empty value is an empty list.
  std::optional<YAML::Node> ReadList(const Field& field, const std::string& path);
  std::shared_ptr<const Node> ReadPluginConfig(const Fields& fields, const YAML::Mark& owner_mark,
                                               const std::string& path);

  // What connections and scorers share: location, `name:` (valid, and unique among `names`),
  // `plugin:` and `config:`. Entry is ConnectionConfig or ScorerConfig.
  template <class Entry>
  void ReadPluginUse(const Fields& fields, const YAML::Mark& mark, const std::string& path,
                     std::string_view what, std::map<std::string, std::string>& names,
                     Entry& entry);

  // An integer in [min, max], or a duration of at least `min`; nullopt (reported) otherwise.
  std::optional<int64_t> ReadInteger(const Field& field, const std::string& path, int64_t min,
                                     int64_t max);
  std::optional<std::chrono::milliseconds> ReadDuration(const Field& field, const std::string& path,
                                                        std::chrono::milliseconds min);

  // A time zone name of the tz database; nullopt (reported, with a did-you-mean) otherwise.
  std::optional<std::string> ReadTimeZone(const Field& field, const std::string& path);

  void ReadStore(const Field& field);
  void ReadFxRates(const Field& field);
  void ReadPlugins(const Field& field);
  void ReadScheduler(const Field& field);
  void ReadServer(const Field& field);
  void ReadConnection(const YAML::Node& item, const YAML::Mark& mark, const std::string& path);
  void ReadStreams(const Field& field, const std::string& path, ConnectionConfig& connection);
  void ReadHttp(const Field& field, const std::string& path, HttpSettings& http);
  void ReadAttribution(const Field& field, const std::string& path,
                       std::vector<AttributionRule>& rules);
  void ReadAttributionRule(const YAML::Node& item, const YAML::Mark& mark, const std::string& path,
                           std::vector<AttributionRule>& rules);
  // A duration in seconds (at least 1 ms when `positive`); nullopt (reported) otherwise.
  std::optional<double> ReadSeconds(const Field& field, const std::string& path, bool positive);
  void ReadScorer(const YAML::Node& item, const YAML::Mark& mark, const std::string& path);
  void ReadProfiles(const Field& field, const std::string& path, ScorerConfig& scorer);
  std::optional<std::array<double, 5>> ReadWeights(const Field& field, const std::string& path);
  // Calls read(item, mark, path) for each item of the list in `field`.
  template <class ReadItem>
  void ForEachItem(const Field& field, const std::string& path, ReadItem read);

  Config& config_;
  ErrorList& errors_;
  const LoadOptions options_;
  const std::string folder_;
  std::vector<YAML::Node> open_containers_;  // Expand's ancestors, to catch `a: &x [*x]`
  // Values Expand has visited. *aliases of aliases multiply them (ten lists of ten aliases of
  // ... is 10^9 values in 550 bytes): past kMaxValues the config is refused, not walked.
  int64_t visited_ = 0;

 public:
  bool TooBig() const { return visited_ > kMaxValues; }
  static constexpr int64_t kMaxValues = 100000;

 private:
  std::set<int> expanded_;  // positions of scalars already expanded (aliases share nodes)
  std::set<int> broken_;    // positions of scalars whose expansion failed (already reported)
  // Values substituted into the plugins' `config:` scalars, by position (Node::substituted).
  std::map<int, std::vector<std::string>> substitutions_;
  bool plugin_config_file_ = false;                      // TreatAsPluginConfig()
  std::map<std::string, std::string> connection_names_;  // name -> "connections[i] (location)"
  std::map<std::string, std::string> scorer_names_;
};

// `connections[i].config` or `scorers[i].config`, or a path under one: what only the plugin
// reads.
bool IsPluginConfigPath(const std::string& path) {
  for (std::string_view section : {"connections[", "scorers["}) {
    if (path.rfind(section, 0) != 0) continue;
    const size_t close = path.find(']');
    if (close == std::string::npos || path.compare(close + 1, 7, ".config") != 0) return false;
    const size_t after = close + 8;
    return after == path.size() || path[after] == '.' || path[after] == '[';
  }
  return false;
}

void Loader::Expand(YAML::Node node, const std::string& path, int depth) {
  if (!options_.resolve_plugin_config && (plugin_config_file_ || IsPluginConfigPath(path))) return;
  if (TooBig()) return;
  if (++visited_ + static_cast<int64_t>(node.size()) > kMaxValues) {
    visited_ = kMaxValues + 1;
    errors_.Add(node.Mark(), path,
                "the config holds more than " + std::to_string(kMaxValues) +
                    " values once its *aliases are expanded; a config this large is a "
                    "mistake (or an attack): write the values out, or use fewer aliases of "
                    "aliases");
    return;
  }
  for (const YAML::Node& ancestor : open_containers_) {
    if (ancestor.is(node)) {
      errors_.Add(node.Mark(), path, "contains itself through an *alias");
      return;
    }
  }
  if (depth > kMaxDepth) {
    errors_.Add(node.Mark(), path, "nested too deeply");
    return;
  }
  open_containers_.push_back(node);
  if (node.IsMap()) {
    for (auto entry : node) {
      const std::string child = JoinKey(path, entry.first.Scalar());
      if (entry.second.IsScalar()) {
        ExpandScalar(entry.second, child);
      } else {
        Expand(entry.second, child, depth + 1);
      }
    }
  } else if (node.IsSequence()) {
    for (size_t i = 0; i < node.size(); ++i) {
      YAML::Node item = node[i];
      if (item.IsScalar()) {
        ExpandScalar(item, JoinIndex(path, i));
      } else {
        Expand(item, JoinIndex(path, i), depth + 1);
      }
    }
  }
  open_containers_.pop_back();
}

void Loader::ExpandScalar(YAML::Node scalar, const std::string& path) {
  const bool plugin_config = plugin_config_file_ || IsPluginConfigPath(path);
  if (!options_.resolve_plugin_config && plugin_config) return;
  const std::string& text = scalar.Scalar();
  if (text.find('$') == std::string::npos) return;
  if (!expanded_.insert(scalar.Mark().pos).second) return;
  std::vector<std::string> substituted;
  Result<std::string> expanded =
      ExpandReferences(text, folder_, plugin_config ? substituted : config_.secrets);
  if (plugin_config && !substituted.empty()) {
    substitutions_[scalar.Mark().pos] = std::move(substituted);
  }
  if (!expanded.ok()) {
    errors_.Add(scalar.Mark(), path, expanded.status().message());
    broken_.insert(scalar.Mark().pos);
    return;
  }
  if (*expanded != text) scalar = *expanded;
}

std::optional<Fields> Loader::ReadMapping(const YAML::Node& node, const YAML::Mark& mark,
                                          const std::string& path,
                                          const std::vector<std::string_view>& known) {
  Fields fields;
  if (node.IsNull()) return fields;
  if (!node.IsMap()) {
    errors_.Add(mark, path, "expected a mapping, found " + std::string(DescribeKind(node)));
    return std::nullopt;
  }
  for (auto entry : node) {
    const YAML::Node& key = entry.first;
    const std::string& name = key.Scalar();
    if (!key.IsScalar()) {
      errors_.Add(key.Mark(), path, "keys must be plain names");
      continue;
    }
    if (std::find(known.begin(), known.end(), name) == known.end()) {
      errors_.Add(key.Mark(), JoinKey(path, name), UnknownKeyMessage(name, known));
      continue;
    }
    const YAML::Mark value_mark = entry.second.IsNull() ? key.Mark() : entry.second.Mark();
    const auto [it, inserted] = fields.try_emplace(name, Field{entry.second, value_mark});
    if (!inserted) {
      errors_.Add(
          key.Mark(), JoinKey(path, name),
          "duplicate key; the first is at " + FormatLocation(config_.path, it->second.mark));
    }
  }
  return fields;
}

const Field* Loader::Require(const Fields& fields, std::string_view key, const YAML::Mark& mark,
                             const std::string& path) {
  const auto it = fields.find(key);
  if (it != fields.end()) return &it->second;
  errors_.Add(mark, path, "missing required key '" + std::string(key) + "'");
  return nullptr;
}

std::optional<std::string> Loader::ReadString(const Field& field, const std::string& path) {
  if (IsBroken(field.value)) return std::nullopt;
  if (!field.value.IsScalar()) {
    errors_.Add(field.mark, path,
                "expected a string, found " + std::string(DescribeKind(field.value)));
    return std::nullopt;
  }
  const std::string& text = field.value.Scalar();
  for (unsigned char c : text) {
    if (c < 0x20 || c == 0x7f) {
      errors_.Add(field.mark, path,
                  c == '\n' || c == '\r'
                      ? "contains a line break; this value is one line (an unclosed quote?)"
                      : "contains a control character; write this value as plain text");
      return std::nullopt;
    }
  }
  return text;
}

std::optional<std::string> Loader::ReadName(const Field& field, const std::string& path) {
  std::optional<std::string> name = ReadString(field, path);
  if (!name) return std::nullopt;
  if (!IsValidName(*name)) {
    errors_.Add(field.mark, path,
                "invalid name; use lowercase letters, digits, '_' and '-', starting with a "
                "letter or digit");
    return std::nullopt;
  }
  return name;
}

std::optional<YAML::Node> Loader::ReadList(const Field& field, const std::string& path) {
  if (field.value.IsNull()) return YAML::Node(YAML::NodeType::Sequence);
  if (!field.value.IsSequence()) {
    errors_.Add(field.mark, path,
                "expected a list, found " + std::string(DescribeKind(field.value)));
    return std::nullopt;
  }
  return field.value;
}

template <class ReadItem>
void Loader::ForEachItem(const Field& field, const std::string& path, ReadItem read) {
  std::optional<YAML::Node> list = ReadList(field, path);
  if (!list) return;
  for (size_t i = 0; i < list->size(); ++i) {
    const YAML::Node item = (*list)[i];
    // An empty item ("-" alone) has no mark of its own; point at the list.
    read(item, item.IsNull() ? field.mark : item.Mark(), JoinIndex(path, i));
  }
}

void Loader::ReadRoot(const YAML::Node& root) {
  if (root.IsNull()) {
    errors_.Add(YAML::Mark(), "", "the file is empty; it needs at least `store: {path: FILE}`");
    return;
  }
  const YAML::Mark mark = root.Mark();
  std::optional<Fields> fields = ReadMapping(
      root, mark, "", {"store", "plugins", "connections", "scorers", "scheduler", "server"});
  if (!fields) return;
  if (const Field* store = Require(*fields, "store", mark, "")) ReadStore(*store);
  if (const auto it = fields->find("plugins"); it != fields->end()) ReadPlugins(it->second);
  if (const auto it = fields->find("scheduler"); it != fields->end()) ReadScheduler(it->second);
  if (const auto it = fields->find("server"); it != fields->end()) ReadServer(it->second);
  if (const auto it = fields->find("connections"); it != fields->end()) {
    ForEachItem(it->second, "connections",
                [this](const YAML::Node& item, const YAML::Mark& item_mark,
                       const std::string& path) { ReadConnection(item, item_mark, path); });
  }
  if (const auto it = fields->find("scorers"); it != fields->end()) {
    ForEachItem(it->second, "scorers",
                [this](const YAML::Node& item, const YAML::Mark& item_mark,
                       const std::string& path) { ReadScorer(item, item_mark, path); });
  }
}

void Loader::ReadStore(const Field& field) {
  std::optional<Fields> fields =
      ReadMapping(field.value, field.mark, "store", {"path", "url", "fx_rates"});
  if (!fields) return;
  if (const auto it = fields->find("fx_rates"); it != fields->end()) ReadFxRates(it->second);
  // store.url: a PostgreSQL store (docs/postgresql.md). store.path is then optional and only
  // places this machine's side files (the HTTP state, store/http_state_file.h) next to it.
  if (const auto it = fields->find("url"); it != fields->end()) {
    std::optional<std::string> url = ReadString(it->second, "store.url");
    if (!url) return;
    if (!url->starts_with("postgresql://") && !url->starts_with("postgres://")) {
      errors_.Add(it->second.mark, "store.url",
                  "must be a PostgreSQL URL (postgresql://USER:${env:PGPASSWORD}@HOST:PORT/"
                  "DATABASE); for a SQLite store write store.path instead");
      return;
    }
    config_.store_url = *url;
    // A password written into the URL itself (not through ${env:}) is a secret too.
    const size_t authority = url->find("://") + 3;
    const size_t at = url->find('@', authority);
    const size_t colon = url->find(':', authority);
    if (at != std::string::npos && colon < at && url->find('/', authority) > at) {
      config_.secrets.push_back(url->substr(colon + 1, at - colon - 1));
    }
    if (fields->find("path") == fields->end()) {
      config_.store_path = ResolveAgainst(folder_, "tempo-local");
      return;
    }
  }
  const Field* path = Require(*fields, "path", field.mark, "store");
  if (path == nullptr) return;
  std::optional<std::string> text = ReadString(*path, "store.path");
  if (!text) return;
  if (text->empty()) {
    errors_.Add(path->mark, "store.path", "must not be empty; name the database file");
    return;
  }
  config_.store_path = ResolveAgainst(folder_, *text);
}

void Loader::ReadFxRates(const Field& field) {
  std::optional<std::string> text = ReadString(field, "store.fx_rates");
  if (!text) return;
  if (text->empty()) {
    errors_.Add(
        field.mark, "store.fx_rates",
        "must not be empty; name a CSV file of date,currency,rate lines, or remove the key");
    return;
  }
  const std::string path = ResolveAgainst(folder_, *text);
  Result<std::string> content = ReadTextFile(path);
  if (!content.ok()) {
    errors_.Add(field.mark, "store.fx_rates",
                "cannot read the exchange-rate file " + path + ": " + content.status().message());
    return;
  }
  auto rates = std::make_shared<FxRates>();
  std::vector<std::string> problems;
  if (!FxRates::Parse(*content, path, rates.get(), &problems)) {
    for (const std::string& problem : problems) errors_.Add(field.mark, "store.fx_rates", problem);
    return;
  }
  config_.fx_rates_path = path;
  config_.fx_rates = std::move(rates);
}

void Loader::ReadPlugins(const Field& field) {
  std::optional<Fields> fields = ReadMapping(field.value, field.mark, "plugins", {"path"});
  if (!fields) return;
  const auto path = fields->find("path");
  if (path == fields->end()) return;
  const auto add_folder = [this](const Field& folder, const std::string& key_path) {
    std::optional<std::string> text = ReadString(folder, key_path);
    if (!text) return;
    if (text->empty()) {
      errors_.Add(folder.mark, key_path, "must not be empty; name a folder");
      return;
    }
    config_.plugin_paths.push_back(ResolveAgainst(folder_, *text));
  };
  if (path->second.value.IsScalar()) {
    add_folder(path->second, "plugins.path");
    return;
  }
  ForEachItem(path->second, "plugins.path",
              [&](const YAML::Node& item, const YAML::Mark& mark, const std::string& key_path) {
                add_folder(Field{item, mark}, key_path);
              });
}

std::optional<int64_t> Loader::ReadInteger(const Field& field, const std::string& path, int64_t min,
                                           int64_t max) {
  if (IsBroken(field.value)) return std::nullopt;
  std::optional<int64_t> value;
  if (field.value.IsScalar()) value = ParseIntegerText(field.value.Scalar());
  if (!value || *value < min || *value > max) {
    errors_.Add(field.mark, path,
                "expected an integer from " + std::to_string(min) + " to " + std::to_string(max));
    return std::nullopt;
  }
  return value;
}

std::optional<std::chrono::milliseconds> Loader::ReadDuration(const Field& field,
                                                              const std::string& path,
                                                              std::chrono::milliseconds min) {
  std::optional<std::string> text = ReadString(field, path);
  if (!text) return std::nullopt;
  // A bare number is seconds, as in `http:`; otherwise a duration with units ("1h30m").
  Result<schedule::Duration> duration = Status::InvalidArgument("");
  if (std::optional<double> seconds = ParseNumberText(*text)) {
    if (*seconds < 0 || *seconds > 1e10) {
      errors_.Add(field.mark, path, "must be a duration of 0 or more");
      return std::nullopt;
    }
    duration = schedule::Duration(static_cast<int64_t>(*seconds * 1000 + 0.5));
  } else {
    duration = schedule::ParseDuration(*text);
  }
  if (!duration.ok()) {
    errors_.Add(field.mark, path,
                duration.status().message() + ", or a number of seconds (30, 0.5)");
    return std::nullopt;
  }
  if (*duration < min) {
    errors_.Add(field.mark, path, "must be at least " + schedule::FormatDuration(min));
    return std::nullopt;
  }
  return *duration;
}

std::optional<std::string> Loader::ReadTimeZone(const Field& field, const std::string& path) {
  std::optional<std::string> name = ReadString(field, path);
  if (!name) return std::nullopt;
  Result<schedule::TimeZone> zone = schedule::TimeZone::Find(*name);
  if (zone.ok()) return zone->name();
  if (zone.status().code() != StatusCode::kNotFound) {
    errors_.Add(field.mark, path, zone.status().message());
    return std::nullopt;
  }
  // Never echo the value (it may come from ${env:}); the position shows it.
  const std::vector<std::string> names = schedule::TimeZoneNames();
  const std::vector<std::string_view> candidates(names.begin(), names.end());
  std::string suggestion = ClosestMatch(*name, candidates);
  if (suggestion.empty()) {
    std::string spaced = *name;  // "New York" for New_York
    std::replace(spaced.begin(), spaced.end(), ' ', '_');
    std::vector<std::string> close = CloseMatches(spaced, candidates, 1);
    if (!close.empty()) suggestion = close[0];
  }
  errors_.Add(field.mark, path,
              "unknown time zone" +
                  (suggestion.empty() ? std::string() : "; did you mean '" + suggestion + "'?") +
                  " (a name of the tz database in /usr/share/zoneinfo, like Europe/Paris, "
                  "America/New_York or UTC)");
  return std::nullopt;
}

void Loader::ReadScheduler(const Field& field) {
  std::optional<Fields> fields =
      ReadMapping(field.value, field.mark, "scheduler",
                  {"max_concurrent_runs", "run_timeout", "grace_period", "retry", "timezone"});
  if (!fields) return;
  SchedulerConfig& out = config_.scheduler;
  const auto get = [&fields](std::string_view key) -> const Field* {
    const auto it = fields->find(key);
    return it == fields->end() || it->second.value.IsNull() ? nullptr : &it->second;
  };
  if (const Field* f = get("timezone")) {
    out.timezone = ReadTimeZone(*f, "scheduler.timezone").value_or("");
  }
  using std::chrono::milliseconds;
  if (const Field* f = get("max_concurrent_runs")) {
    out.max_concurrent_runs = static_cast<int>(
        ReadInteger(*f, "scheduler.max_concurrent_runs", 1, 256).value_or(out.max_concurrent_runs));
  }
  if (const Field* f = get("run_timeout")) {
    out.run_timeout = ReadDuration(*f, "scheduler.run_timeout", std::chrono::seconds(1))
                          .value_or(out.run_timeout);
  }
  if (const Field* f = get("grace_period")) {
    out.grace_period =
        ReadDuration(*f, "scheduler.grace_period", milliseconds(0)).value_or(out.grace_period);
  }
  const Field* retry = get("retry");
  if (retry == nullptr) return;
  std::optional<Fields> retry_fields =
      ReadMapping(retry->value, retry->mark, "scheduler.retry",
                  {"max_attempts", "initial_backoff", "max_backoff"});
  if (!retry_fields) return;
  const auto get_retry = [&retry_fields](std::string_view key) -> const Field* {
    const auto it = retry_fields->find(key);
    return it == retry_fields->end() || it->second.value.IsNull() ? nullptr : &it->second;
  };
  if (const Field* f = get_retry("max_attempts")) {
    out.retry_max_attempts = static_cast<int>(
        ReadInteger(*f, "scheduler.retry.max_attempts", 1, 100).value_or(out.retry_max_attempts));
  }
  const Field* initial = get_retry("initial_backoff");
  const Field* max = get_retry("max_backoff");
  if (initial) {
    out.retry_initial_backoff =
        ReadDuration(*initial, "scheduler.retry.initial_backoff", std::chrono::seconds(1))
            .value_or(out.retry_initial_backoff);
  }
  if (max) {
    out.retry_max_backoff =
        ReadDuration(*max, "scheduler.retry.max_backoff", std::chrono::seconds(1))
            .value_or(out.retry_max_backoff);
  }
  if (out.retry_max_backoff < out.retry_initial_backoff) {
    errors_.Add(max ? max->mark : initial->mark,
                max ? "scheduler.retry.max_backoff" : "scheduler.retry.initial_backoff",
                "max_backoff (" + schedule::FormatDuration(out.retry_max_backoff) +
                    ") must not be shorter than initial_backoff (" +
                    schedule::FormatDuration(out.retry_initial_backoff) + ")");
  }
}

void Loader::ReadServer(const Field& field) {
  std::optional<Fields> fields = ReadMapping(field.value, field.mark, "server", {"listen"});
  if (!fields) return;
  ServerConfig& server = config_.server;
  server.enabled = true;
  server.location = FormatLocation(config_.path, field.mark);
  const auto listen = fields->find("listen");
  if (listen == fields->end() || listen->second.value.IsNull()) return;
  std::optional<std::string> text = ReadString(listen->second, "server.listen");
  if (!text) return;
  server.location = FormatLocation(config_.path, listen->second.mark);
  if (Status s = ParseListenAddress(*text, &server); !s.ok()) {
    errors_.Add(listen->second.mark, "server.listen", s.message());
  }
}

std::shared_ptr<const Node> Loader::ReadPluginConfig(const Fields& fields,
                                                     const YAML::Mark& owner_mark,
                                                     const std::string& path) {
  auto node = std::make_shared<Node>(Node{YAML::Node(), config_.path, folder_, owner_mark, {}});
  const auto it = fields.find("config");
  if (it == fields.end()) return node;
  const Field& field = it->second;
  if (!field.value.IsNull() && !field.value.IsMap()) {
    errors_.Add(field.mark, JoinKey(path, "config"),
                "expected a mapping, found " + std::string(DescribeKind(field.value)));
    return node;
  }
  node->yaml = field.value;
  node->mark = field.mark;
  node->substituted = substitutions_;  // every position; rendering looks up its own scalars
  node->references_unresolved = !options_.resolve_plugin_config;
  node->refuse_inline_secrets = options_.refuse_inline_secrets;
  return node;
}

std::shared_ptr<const Node> Loader::ReadPluginConfigFile(const YAML::Node& root) {
  auto node = std::make_shared<Node>(Node{YAML::Node(), config_.path, folder_, root.Mark(), {}});
  if (!root.IsNull() && !root.IsMap()) {
    errors_.Add(
        root.Mark(), "config",
        "expected a mapping of the plugin's config keys, found " + std::string(DescribeKind(root)));
    return node;
  }
  node->yaml = root;
  node->substituted = substitutions_;
  node->refuse_inline_secrets = options_.refuse_inline_secrets;
  return node;
}

template <class Entry>
void Loader::ReadPluginUse(const Fields& fields, const YAML::Mark& mark, const std::string& path,
                           std::string_view what, std::map<std::string, std::string>& names,
                           Entry& entry) {
  entry.location = FormatLocation(config_.path, mark);
  if (const Field* name = Require(fields, "name", mark, path)) {
    if (std::optional<std::string> text = ReadName(*name, JoinKey(path, "name"))) {
      const std::string owner = path + " (" + FormatLocation(config_.path, name->mark) + ")";
      const auto [first, inserted] = names.try_emplace(*text, owner);
      if (!inserted) {
        errors_.Add(
            name->mark, JoinKey(path, "name"),
            "duplicate " + std::string(what) + " name; " + first->second + " already uses it");
      }
      entry.name = std::move(*text);
    }
  }
  if (const Field* plugin = Require(fields, "plugin", mark, path)) {
    entry.plugin = ReadString(*plugin, JoinKey(path, "plugin")).value_or("");
    entry.plugin_location = FormatLocation(config_.path, plugin->mark);
    if (plugin->value.IsScalar() && !IsBroken(plugin->value) && entry.plugin.empty()) {
      errors_.Add(plugin->mark, JoinKey(path, "plugin"), "must not be empty; name a plugin");
    }
  }
  entry.config = ReadPluginConfig(fields, mark, path);
}

void Loader::ReadConnection(const YAML::Node& item, const YAML::Mark& mark,
                            const std::string& path) {
  std::optional<Fields> fields =
      ReadMapping(item, mark, path,
                  {"name", "plugin", "schedule", "timezone", "streams", "keep_raw",
                   "max_reject_ratio", "http", "config", "attribution"});
  if (!fields) return;
  ConnectionConfig connection;
  ReadPluginUse(*fields, mark, path, "connection", connection_names_, connection);
  bool interval = false;
  if (const auto it = fields->find("schedule"); it != fields->end() && !it->second.value.IsNull()) {
    const std::string key = JoinKey(path, "schedule");
    if (std::optional<std::string> text = ReadString(it->second, key)) {
      Result<schedule::Schedule> parsed = schedule::ParseSchedule(*text);
      if (parsed.ok()) {
        connection.schedule = parsed->text();
        connection.schedule_location = FormatLocation(config_.path, it->second.mark);
        interval = parsed->kind() == schedule::Schedule::Kind::kInterval;
      } else {
        errors_.Add(it->second.mark, key, parsed.status().message());
      }
    }
  }
  connection.timezone = config_.scheduler.timezone;
  if (const auto it = fields->find("timezone"); it != fields->end() && !it->second.value.IsNull()) {
    const std::string key = JoinKey(path, "timezone");
    if (interval) {
      errors_.Add(it->second.mark, key,
                  "a time zone applies to cron schedules; '" + connection.schedule +
                      "' is an interval, counted from the start of the last run in any zone: "
                      "remove timezone, or write the schedule as cron (e.g. '0 6 * * *')");
    } else if (std::optional<std::string> zone = ReadTimeZone(it->second, key)) {
      connection.timezone = *zone;
    }
  }
  if (const auto it = fields->find("streams"); it != fields->end()) {
    ReadStreams(it->second, JoinKey(path, "streams"), connection);
  }
  if (const auto it = fields->find("keep_raw"); it != fields->end() && !it->second.value.IsNull()) {
    const Field& keep_raw = it->second;
    std::optional<bool> value;
    if (keep_raw.value.IsScalar()) value = ParseBoolText(keep_raw.value.Scalar());
    if (value) {
      connection.keep_raw = *value;
    } else if (!IsBroken(keep_raw.value)) {
      errors_.Add(keep_raw.mark, JoinKey(path, "keep_raw"), "expected true or false");
    }
  }
  if (const auto it = fields->find("max_reject_ratio");
      it != fields->end() && !it->second.value.IsNull() && !IsBroken(it->second.value)) {
    const Field& ratio = it->second;
    std::optional<double> value;
    if (ratio.value.IsScalar()) value = ParseNumberText(ratio.value.Scalar());
    if (value && *value >= 0 && *value <= 1) {
      connection.max_reject_ratio = *value;
    } else {
      errors_.Add(ratio.mark, JoinKey(path, "max_reject_ratio"),
                  "expected a number from 0 to 1: the largest share of rejected records a run "
                  "may have and still succeed (0.01 is 1 %; 0: none)");
    }
  }
  if (const auto it = fields->find("http"); it != fields->end()) {
    ReadHttp(it->second, JoinKey(path, "http"), connection.http);
  }
  if (const auto it = fields->find("attribution"); it != fields->end()) {
    ReadAttribution(it->second, JoinKey(path, "attribution"), connection.attribution);
  }
  config_.connections.push_back(std::move(connection));
}

std::optional<double> Loader::ReadSeconds(const Field& field, const std::string& path,
                                          bool positive) {
  // The one duration syntax of the file: seconds (fractions allowed) or "500ms", "2m", ...
  std::optional<std::chrono::milliseconds> d = ReadDuration(
      field, path, positive ? std::chrono::milliseconds(1) : std::chrono::milliseconds(0));
  if (!d) return std::nullopt;
  return static_cast<double>(d->count()) / 1000.0;
}

void Loader::ReadHttp(const Field& field, const std::string& path, HttpSettings& http) {
  std::optional<Fields> fields =
      ReadMapping(field.value, field.mark, path,
                  {"connect_timeout", "timeout", "idle_timeout", "max_attempts", "max_retry_wait",
                   "max_rate_limit_wait", "initial_backoff", "max_backoff", "ca_bundle"});
  if (!fields) return;
  const struct {
    std::string_view key;
    double HttpSettings::*member;
    bool positive;
  } kDurations[] = {
      {"connect_timeout", &HttpSettings::connect_timeout_s, true},
      {"timeout", &HttpSettings::timeout_s, true},
      {"idle_timeout", &HttpSettings::idle_timeout_s, true},
      {"max_retry_wait", &HttpSettings::max_retry_wait_s, false},
      {"max_rate_limit_wait", &HttpSettings::max_rate_limit_wait_s, false},
      {"initial_backoff", &HttpSettings::initial_backoff_s, true},
      {"max_backoff", &HttpSettings::max_backoff_s, true},
  };
  for (const auto& d : kDurations) {
    const auto it = fields->find(d.key);
    if (it == fields->end() || it->second.value.IsNull()) continue;
    if (std::optional<double> v = ReadSeconds(it->second, JoinKey(path, d.key), d.positive)) {
      http.*d.member = *v;
    }
  }
  if (const auto it = fields->find("max_attempts");
      it != fields->end() && !it->second.value.IsNull()) {
    http.max_attempts =
        ReadInteger(it->second, JoinKey(path, "max_attempts"), 1, 1000).value_or(http.max_attempts);
  }
  if (http.max_backoff_s < http.initial_backoff_s) {
    const auto it = fields->find("max_backoff");
    errors_.Add(it != fields->end() ? it->second.mark : field.mark, JoinKey(path, "max_backoff"),
                "must not be less than initial_backoff");
  }
  if (const auto it = fields->find("ca_bundle");
      it != fields->end() && !it->second.value.IsNull()) {
    const std::string key_path = JoinKey(path, "ca_bundle");
    std::optional<std::string> text = ReadString(it->second, key_path);
    if (!text) return;
    if (text->empty()) {
      errors_.Add(it->second.mark, key_path,
                  "must not be empty; name a PEM file of CA certificates");
      return;
    }
    std::string resolved = ResolveAgainst(folder_, *text);
    Result<std::string> content = ReadTextFile(resolved);
    if (!content.ok()) {
      errors_.Add(it->second.mark, key_path,
                  "cannot read " + resolved + ": " + content.status().message());
      return;
    }
    http.ca_bundle = std::move(resolved);
  }
}

// The fields an attribution condition can test on `entity` ("lead" or "campaign").
static std::vector<std::string_view> AttributionFields(std::string_view entity) {
  std::vector<std::string_view> out{"source_id", "tag"};
  if (entity != "campaign") {
    out.insert(out.end(), std::begin(model::lead::kColumns), std::end(model::lead::kColumns));
  }
  if (entity != "lead") {
    for (std::string_view c : model::campaign::kColumns) {
      if (std::find(out.begin(), out.end(), c) == out.end()) out.push_back(c);
    }
  }
  return out;
}

void Loader::ReadAttribution(const Field& field, const std::string& path,
                             std::vector<AttributionRule>& rules) {
  ForEachItem(field, path,
              [&](const YAML::Node& item, const YAML::Mark& mark, const std::string& item_path) {
                ReadAttributionRule(item, mark, item_path, rules);
              });
}

void Loader::ReadAttributionRule(const YAML::Node& item, const YAML::Mark& mark,
                                 const std::string& path, std::vector<AttributionRule>& rules) {
  std::optional<Fields> fields = ReadMapping(item, mark, path, {"partner", "entity", "when"});
  if (!fields) return;
  AttributionRule rule;
  rule.location = FormatLocation(config_.path, mark);
  bool ok = true;
  if (const Field* partner = Require(*fields, "partner", mark, path)) {
    const std::string key = JoinKey(path, "partner");
    std::optional<Fields> p = ReadMapping(partner->value, partner->mark, key, {"name", "domain"});
    if (p) {
      if (const auto it = p->find("name"); it != p->end()) {
        rule.partner_name = ReadString(it->second, JoinKey(key, "name")).value_or("");
      }
      if (const auto it = p->find("domain"); it != p->end()) {
        rule.partner_domain = ReadString(it->second, JoinKey(key, "domain")).value_or("");
      }
      if (rule.partner_name.empty() && rule.partner_domain.empty()) {
        errors_.Add(partner->mark, key,
                    "name the partner: give `domain` (matches it to the partner in other "
                    "connections) or `name`, or both");
        ok = false;
      }
    } else {
      ok = false;
    }
  } else {
    ok = false;
  }
  if (const auto it = fields->find("entity"); it != fields->end()) {
    rule.entity = ReadString(it->second, JoinKey(path, "entity")).value_or("");
    if (rule.entity != "lead" && rule.entity != "campaign") {
      if (!IsBroken(it->second.value)) {
        errors_.Add(it->second.mark, JoinKey(path, "entity"), "must be lead or campaign");
      }
      ok = false;
    }
  }
  if (const Field* when = Require(*fields, "when", mark, path)) {
    const std::string key = JoinKey(path, "when");
    const std::vector<std::string_view> known = AttributionFields(rule.entity);
    std::optional<Fields> conditions = ReadMapping(when->value, when->mark, key, known);
    if (!conditions) {
      ok = false;
    } else if (conditions->empty()) {
      errors_.Add(when->mark, key,
                  "give at least one condition, e.g. `lead_source: Partner referral`");
      ok = false;
    } else if (conditions->size() < static_cast<size_t>(when->value.size())) {
      ok = false;  // an unknown key, reported by ReadMapping
    } else {
      for (const auto& [name, value] : *conditions) {
        std::optional<std::string> text = ReadString(value, JoinKey(key, name));
        if (!text) {
          ok = false;
          continue;
        }
        rule.when.push_back({name, std::move(*text)});
      }
    }
  } else {
    ok = false;
  }
  if (ok) rules.push_back(std::move(rule));
}

void Loader::ReadStreams(const Field& field, const std::string& path,
                         ConnectionConfig& connection) {
  std::set<std::string> seen;
  ForEachItem(
      field, path,
      [&](const YAML::Node& item, const YAML::Mark& mark, const std::string& item_path) {
        StreamSelection stream;
        YAML::Mark name_mark = mark;
        if (item.IsScalar()) {
          std::optional<std::string> name = ReadString(Field{item, mark}, item_path);
          if (!name) return;
          stream.name = std::move(*name);
        } else if (item.IsMap()) {
          std::optional<Fields> fields = ReadMapping(item, mark, item_path, {"name", "mode"});
          if (!fields) return;
          const Field* name = Require(*fields, "name", mark, item_path);
          if (name == nullptr) return;
          std::optional<std::string> text = ReadString(*name, JoinKey(item_path, "name"));
          if (!text) return;
          stream.name = std::move(*text);
          name_mark = name->mark;
          if (const auto mode = fields->find("mode"); mode != fields->end()) {
            stream.mode = ReadString(mode->second, JoinKey(item_path, "mode")).value_or("");
            if (mode->second.value.IsScalar() && stream.mode != "full_refresh" &&
                stream.mode != "incremental") {
              errors_.Add(mode->second.mark, JoinKey(item_path, "mode"),
                          "must be full_refresh or incremental");
            }
          }
        } else {
          errors_.Add(mark, item_path,
                      "expected a stream name or {name: STREAM, mode: full_refresh|incremental}, "
                      "found " +
                          std::string(DescribeKind(item)));
          return;
        }
        if (stream.name.empty()) {
          errors_.Add(name_mark, item_path, "the stream name must not be empty");
          return;
        }
        if (!seen.insert(stream.name).second) {
          errors_.Add(name_mark, item_path, "this stream is already listed");
          return;
        }
        stream.location = FormatLocation(config_.path, name_mark);
        stream.path = item_path;
        connection.streams.push_back(std::move(stream));
      });
}

void Loader::ReadScorer(const YAML::Node& item, const YAML::Mark& mark, const std::string& path) {
  std::optional<Fields> fields =
      ReadMapping(item, mark, path, {"name", "plugin", "config", "profile", "profiles", "window"});
  if (!fields) return;
  ScorerConfig scorer;
  ReadPluginUse(*fields, mark, path, "scorer", scorer_names_, scorer);
  if (const auto it = fields->find("profiles"); it != fields->end()) {
    ReadProfiles(it->second, JoinKey(path, "profiles"), scorer);
  }
  if (const auto it = fields->find("profile"); it != fields->end() && !it->second.value.IsNull()) {
    const std::string key = JoinKey(path, "profile");
    if (std::optional<std::string> name = ReadString(it->second, key)) {
      if (FindProfile(*name, scorer.profiles).ok()) {
        scorer.profile = std::move(*name);
      } else {
        // The message never repeats the value (it may have come from ${env:...}).
        std::vector<std::string_view> names;
        for (const WeightProfile& p : BuiltInProfiles()) names.push_back(p.name);
        for (const WeightProfile& p : scorer.profiles) names.push_back(p.name);
        std::string message = "unknown weight profile";
        if (std::string close = ClosestMatch(*name, names); !close.empty()) {
          message += "; did you mean '" + close + "'?";
        } else {
          message += "; expected one of:";
          for (size_t i = 0; i < names.size(); ++i) {
            message += (i ? ", " : " ") + std::string(names[i]);
          }
        }
        errors_.Add(it->second.mark, key, message);
      }
    }
  }
  if (const auto it = fields->find("window"); it != fields->end() && !it->second.value.IsNull()) {
    const std::string key = JoinKey(path, "window");
    if (std::optional<std::chrono::milliseconds> window =
            ReadDuration(it->second, key, std::chrono::hours(24))) {
      if (*window > std::chrono::hours(24 * 3660)) {
        errors_.Add(it->second.mark, key, "must be at most 3660d (ten years)");
      } else {
        scorer.window = *window;
      }
    }
  }
  config_.scorers.push_back(std::move(scorer));
}

void Loader::ReadProfiles(const Field& field, const std::string& path, ScorerConfig& scorer) {
  if (field.value.IsNull()) return;
  if (!field.value.IsMap()) {
    errors_.Add(field.mark, path,
                "expected a mapping of profile names to weights, found " +
                    std::string(DescribeKind(field.value)));
    return;
  }
  std::set<std::string> seen;
  for (auto entry : field.value) {
    const YAML::Node& key = entry.first;
    const std::string& name = key.Scalar();
    const std::string item_path = JoinKey(path, name);
    if (!key.IsScalar() || !IsValidName(name)) {
      errors_.Add(key.Mark(), item_path,
                  "invalid profile name; use lowercase letters, digits, '_' and '-'");
      continue;
    }
    if (FindProfile(name, {}).ok()) {
      errors_.Add(key.Mark(), item_path,
                  "'" + name + "' is a built-in profile; give yours another name");
      continue;
    }
    if (!seen.insert(name).second) {
      errors_.Add(key.Mark(), item_path, "duplicate profile name");
      continue;
    }
    const YAML::Mark value_mark = entry.second.IsNull() ? key.Mark() : entry.second.Mark();
    if (std::optional<std::array<double, 5>> weights =
            ReadWeights(Field{entry.second, value_mark}, item_path)) {
      scorer.profiles.push_back({name, *weights, FormatLocation(config_.path, key.Mark())});
    }
  }
}

std::optional<std::array<double, 5>> Loader::ReadWeights(const Field& field,
                                                         const std::string& path) {
  const std::vector<std::string_view> keys(kDimensionKeys.begin(), kDimensionKeys.end());
  std::optional<Fields> fields = ReadMapping(field.value, field.mark, path, keys);
  if (!fields) return std::nullopt;
  std::array<double, 5> weights{};
  bool ok = true;
  double sum = 0;
  for (size_t d = 0; d < kDimensionKeys.size(); ++d) {
    const Field* value = Require(*fields, kDimensionKeys[d], field.mark, path);
    if (value == nullptr) {
      ok = false;
      continue;
    }
    const std::string key = JoinKey(path, kDimensionKeys[d]);
    std::optional<double> number;
    if (value->value.IsScalar() && !IsBroken(value->value)) {
      number = ParseNumberText(value->value.Scalar());
    }
    if (!number || *number < 0 || !std::isfinite(*number)) {
      if (!IsBroken(value->value)) {
        errors_.Add(value->mark, key, "expected a weight: a number of 0 or more");
      }
      ok = false;
      continue;
    }
    weights[d] = *number;
    sum += *number;
  }
  if (ok && sum <= 0) {
    errors_.Add(field.mark, path, "every weight is 0; give at least one dimension a weight");
    ok = false;
  }
  if (!ok) return std::nullopt;
  return weights;
}

}  // namespace

const ConnectionConfig* Config::FindConnection(std::string_view name) const {
  for (const ConnectionConfig& connection : connections) {
    if (connection.name == name) return &connection;
  }
  return nullptr;
}

Status ParseListenAddress(std::string_view text, ServerConfig* server) {
  const auto bad = [](const std::string& why) {
    return Status::InvalidArgument(why + "; expected HOST:PORT, like 127.0.0.1:9464 or [::1]:9464");
  };
  const size_t colon = text.rfind(':');
  if (colon == std::string_view::npos || colon == 0) return bad("missing the host or the port");
  std::string host(text.substr(0, colon));
  const std::string port_text(text.substr(colon + 1));
  std::optional<int64_t> port = ParseIntegerText(port_text);
  if (port_text.empty() || !port || *port < 0 || *port > 65535 || port_text[0] == '+' ||
      port_text[0] == '-') {
    return bad("the port must be a number from 0 to 65535");
  }
  unsigned char addr[16];
  if (host.front() == '[') {
    if (host.back() != ']' ||
        inet_pton(AF_INET6, host.substr(1, host.size() - 2).c_str(), addr) != 1) {
      return bad("'" + host + "' is not an IPv6 address in brackets");
    }
  } else if (host != "localhost" && inet_pton(AF_INET, host.c_str(), addr) != 1) {
    return bad("the host must be an IP address or localhost");
  }
  server->host = std::move(host);
  server->port = static_cast<int>(*port);
  return Status::Ok();
}

// YAML is Unicode text, and a config's values reach plugins as JSON: a file with bytes that are
// not UTF-8 (saved as Latin-1, say) is refused at the first one, which the fuzzer found reached
// a plugin as a config "not a JSON object".
static Status CheckUtf8(const std::string& text, const std::string& path) {
  const std::optional<sdk::TextPosition> bad = sdk::FindInvalidUtf8(text);
  if (!bad) return Status::Ok();
  return Status::InvalidArgument(path + ":" + std::to_string(bad->line) + ":" +
                                 std::to_string(bad->column) +
                                 ": a byte that is not UTF-8 text; save the file as UTF-8 (a "
                                 "config in another encoding, e.g. Latin-1, is refused)");
}

Result<Config> LoadConfig(const std::string& path, const LoadOptions& options) {
  Result<std::string> text = ReadTextFile(path);
  if (!text.ok()) {
    return Status::InvalidArgument("cannot read config " + path + ": " + text.status().message() +
                                   "; pick another file with -c FILE or $TEMPO_CONFIG");
  }
  // A tempo.yaml is a few kilobytes; one of megabytes is not a config (a log or a dump named
  // by mistake) and would only be slow to refuse.
  constexpr size_t kMaxConfigBytes = size_t{1} << 20;
  if (text->size() > kMaxConfigBytes) {
    return Status::InvalidArgument(
        "config " + path + " is " + std::to_string(text->size() >> 10) +
        " KiB, more than the 1024 KiB a config may be; is it the right file? (-c FILE)");
  }
  if (Status s = CheckUtf8(*text, path); !s.ok()) return s;
  Config config;
  config.path = path;
  ErrorList errors(path);
  try {
    YAML::Node root = YAML::Load(*text);
    Loader loader(config, errors, options);
    loader.Expand(root, "", 0);
    if (loader.TooBig()) return errors.ToStatus();
    loader.ReadRoot(root);
    ReportSwallowedKeys(*text, root, errors);
  } catch (const YAML::ParserException& e) {
    // Syntax errors keep yaml-cpp's own position and wording.
    return Status::InvalidArgument(FormatLocation(path, e.mark) + ": YAML syntax error: " + e.msg);
  } catch (const YAML::Exception& e) {
    return Status::Internal(FormatLocation(path, e.mark) + ": cannot read the YAML tree: " + e.msg);
  }
  // Registered even when the file has errors: a substituted value must never reach a log line.
  for (const std::string& secret : config.secrets) log::AddSecret(secret);
  if (!errors.empty()) return errors.ToStatus();
  return config;
}

Result<std::shared_ptr<const Node>> LoadPluginConfigFile(const std::string& path, Config* config) {
  Result<std::string> text = ReadTextFile(path);
  if (!text.ok()) {
    return Status::InvalidArgument("cannot read the plugin config " + path + ": " +
                                   text.status().message());
  }
  if (text->size() > (size_t{1} << 20)) {
    return Status::InvalidArgument("the plugin config " + path + " is " +
                                   std::to_string(text->size() >> 10) +
                                   " KiB, more than the 1024 KiB a config may be");
  }
  if (Status s = CheckUtf8(*text, path); !s.ok()) return s;
  config->path = path;
  ErrorList errors(path);
  std::shared_ptr<const Node> node;
  try {
    YAML::Node root = YAML::Load(*text);
    Loader loader(*config, errors, LoadOptions{});
    loader.TreatAsPluginConfig();
    loader.Expand(root, "config", 0);
    if (loader.TooBig()) return errors.ToStatus();
    node = loader.ReadPluginConfigFile(root);
    ReportSwallowedKeys(*text, root, errors);
  } catch (const YAML::ParserException& e) {
    return Status::InvalidArgument(FormatLocation(path, e.mark) + ": YAML syntax error: " + e.msg);
  } catch (const YAML::Exception& e) {
    return Status::Internal(FormatLocation(path, e.mark) + ": cannot read the YAML tree: " + e.msg);
  }
  if (!errors.empty()) return errors.ToStatus();
  return node;
}

std::shared_ptr<const Node> WithConfigKey(const std::shared_ptr<const Node>& node,
                                          const std::string& key,
                                          const std::optional<std::string>& yaml_value) {
  auto copy = std::make_shared<Node>(*node);
  copy->yaml = node->yaml.IsMap() ? YAML::Clone(node->yaml) : YAML::Node(YAML::NodeType::Map);
  if (!yaml_value) {
    copy->yaml.remove(key);
  } else {
    copy->yaml[key] = YAML::Load(*yaml_value);
  }
  return copy;
}

}  // namespace tempo::config
