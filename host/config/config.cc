// LoadConfig: reads tempo.yaml, substitutes ${env:}/${file:} references and checks the file's
// fixed structure (docs/configuration.md is the reference for every key).
//
// Two passes over one YAML tree: the first substitutes references in every scalar value
// (anywhere, also under `config:`), the second reads the structure. Both report into one
// ErrorList so a user sees every problem at once.
#include "config/config.h"

#include <algorithm>
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
  Loader(Config& config, ErrorList& errors)
      : config_(config), errors_(errors), folder_(ConfigFolder(config.path)) {}

  // Pass 1: substitutes references in every scalar value under `node`.
  void Expand(YAML::Node node, const std::string& path, int depth);

  // Pass 2: reads and checks the structure into config_.
  void ReadRoot(const YAML::Node& root);

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

  void ReadStore(const Field& field);
  void ReadPlugins(const Field& field);
  void ReadConnection(const YAML::Node& item, const YAML::Mark& mark, const std::string& path);
  void ReadStreams(const Field& field, const std::string& path, ConnectionConfig& connection);
  void ReadScorer(const YAML::Node& item, const YAML::Mark& mark, const std::string& path);
  // Calls read(item, mark, path) for each item of the list in `field`.
  template <class ReadItem>
  void ForEachItem(const Field& field, const std::string& path, ReadItem read);

  Config& config_;
  ErrorList& errors_;
  const std::string folder_;
  std::vector<YAML::Node> open_containers_;  // Expand's ancestors, to catch `a: &x [*x]`
  std::set<int> expanded_;  // positions of scalars already expanded (aliases share nodes)
  std::set<int> broken_;    // positions of scalars whose expansion failed (already reported)
  std::map<std::string, std::string> connection_names_;  // name -> "connections[i] (location)"
  std::map<std::string, std::string> scorer_names_;
};

void Loader::Expand(YAML::Node node, const std::string& path, int depth) {
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
  const std::string& text = scalar.Scalar();
  if (text.find('$') == std::string::npos) return;
  if (!expanded_.insert(scalar.Mark().pos).second) return;
  Result<std::string> expanded = ExpandReferences(text, folder_, config_.secrets);
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
  return field.value.Scalar();
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
  std::optional<Fields> fields =
      ReadMapping(root, mark, "", {"store", "plugins", "connections", "scorers"});
  if (!fields) return;
  if (const Field* store = Require(*fields, "store", mark, "")) ReadStore(*store);
  if (const auto it = fields->find("plugins"); it != fields->end()) ReadPlugins(it->second);
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
  std::optional<Fields> fields = ReadMapping(field.value, field.mark, "store", {"path"});
  if (!fields) return;
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

std::shared_ptr<const Node> Loader::ReadPluginConfig(const Fields& fields,
                                                     const YAML::Mark& owner_mark,
                                                     const std::string& path) {
  auto node = std::make_shared<Node>(Node{YAML::Node(), config_.path, folder_, owner_mark});
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
  std::optional<Fields> fields = ReadMapping(
      item, mark, path, {"name", "plugin", "schedule", "streams", "keep_raw", "config"});
  if (!fields) return;
  ConnectionConfig connection;
  ReadPluginUse(*fields, mark, path, "connection", connection_names_, connection);
  if (const auto it = fields->find("schedule"); it != fields->end() && !it->second.value.IsNull()) {
    connection.schedule = ReadString(it->second, JoinKey(path, "schedule")).value_or("");
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
  config_.connections.push_back(std::move(connection));
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
        connection.streams.push_back(std::move(stream));
      });
}

void Loader::ReadScorer(const YAML::Node& item, const YAML::Mark& mark, const std::string& path) {
  std::optional<Fields> fields = ReadMapping(item, mark, path, {"name", "plugin", "config"});
  if (!fields) return;
  ScorerConfig scorer;
  ReadPluginUse(*fields, mark, path, "scorer", scorer_names_, scorer);
  config_.scorers.push_back(std::move(scorer));
}

}  // namespace

const ConnectionConfig* Config::FindConnection(std::string_view name) const {
  for (const ConnectionConfig& connection : connections) {
    if (connection.name == name) return &connection;
  }
  return nullptr;
}

Result<Config> LoadConfig(const std::string& path) {
  Result<std::string> text = ReadTextFile(path);
  if (!text.ok()) {
    return Status::InvalidArgument("cannot read config " + path + ": " + text.status().message() +
                                   "; pick another file with -c FILE or $TEMPO_CONFIG");
  }
  Config config;
  config.path = path;
  ErrorList errors(path);
  try {
    YAML::Node root = YAML::Load(*text);
    Loader loader(config, errors);
    loader.Expand(root, "", 0);
    loader.ReadRoot(root);
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

}  // namespace tempo::config
