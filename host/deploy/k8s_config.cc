// The config as the pods read it, and the ${env:NAME} variables it needs from the Secret.
//
// Both work on the file's YAML tree as written, not on the loaded Config: the loaded one has
// the references outside the plugins' mappings resolved (their values must never reach a
// manifest), and the pods resolve every reference themselves, from their environment.
#include <filesystem>

#include "config/error_list.h"
#include "config/substitution.h"
#include "deploy/k8s_parts.h"

namespace tempo::deploy {
namespace {

bool IsEnvName(std::string_view name) {
  if (name.empty() || (name[0] >= '0' && name[0] <= '9')) return false;
  for (char c : name) {
    if (!(c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')))
      return false;
  }
  return true;
}

class ReferenceFinder {
 public:
  ReferenceFinder(const std::string& file, References& out, std::vector<std::string>& problems)
      : file_(file), out_(out), problems_(problems) {}

  // `scope`: the set the variables found under `node` go to, besides out_.all.
  void Walk(const YAML::Node& node, const std::string& path, std::set<std::string>& scope,
            int depth) {
    if (depth > config::kMaxDepth) return;  // the config stage refused such a file already
    if (node.IsScalar()) {
      Scan(node, path, scope);
    } else if (node.IsMap()) {
      for (auto entry : node) {
        const std::string child = (path.empty() ? "" : path + ".") +
                                  (entry.first.IsScalar() ? entry.first.Scalar() : "?");
        Walk(entry.second, child, scope, depth + 1);
      }
    } else if (node.IsSequence()) {
      for (size_t i = 0; i < node.size(); ++i) {
        Walk(node[i], path + "[" + std::to_string(i) + "]", scope, depth + 1);
      }
    }
  }

 private:
  void Problem(const YAML::Node& scalar, const std::string& path, const std::string& what) {
    problems_.push_back(config::FormatLocation(file_, scalar.Mark()) + ": " + path + ": " + what);
  }

  // The references of one value, as config/substitution.cc reads them (`$${` is a literal).
  void Scan(const YAML::Node& scalar, const std::string& path, std::set<std::string>& scope) {
    const std::string& text = scalar.Scalar();
    for (size_t i = 0; i < text.size(); ++i) {
      if (text.compare(i, 3, "$${") == 0) {
        i += 2;
        continue;
      }
      if (text.compare(i, 2, "${") != 0) continue;
      const size_t close = text.find('}', i + 2);
      if (close == std::string::npos) {
        Problem(scalar, path, "unterminated '${'; close the reference with '}'");
        return;
      }
      const std::string_view reference = std::string_view(text).substr(i + 2, close - i - 2);
      if (reference.starts_with("env:") && IsEnvName(reference.substr(4))) {
        const std::string name(reference.substr(4));
        scope.insert(name);
        out_.all.insert(name);
      } else if (reference.starts_with("file:")) {
        Problem(scalar, path,
                "a ${file:...} reference cannot be rendered for Kubernetes (the pods get their "
                "secrets from a Secret, as environment variables); write ${env:NAME} here and "
                "put the file's content in the Secret under NAME");
      } else {
        Problem(scalar, path,
                "not a reference tempo reads; use ${env:NAME} (letters, digits and '_'), or "
                "write '$${' for a literal '${'");
      }
      i = close;
    }
  }

  const std::string& file_;
  References& out_;
  std::vector<std::string>& problems_;
};

// Where a store.path as written (`text`) is in a pod: relative to the config, which the pods
// read from the volume.
std::filesystem::path InPod(const std::string& text) {
  std::filesystem::path path(text);
  if (path.is_relative()) path = std::filesystem::path(kDataFolder) / path;
  return path.lexically_normal();
}

}  // namespace

References FindReferences(const YAML::Node& root, const std::string& file,
                          std::vector<std::string>& problems) {
  References out;
  ReferenceFinder finder(file, out, problems);
  if (!root.IsMap()) return out;
  for (auto entry : root) {
    const std::string key = entry.first.IsScalar() ? entry.first.Scalar() : "?";
    const bool plugin_uses = key == "connections" || key == "scorers";
    if (!plugin_uses || !entry.second.IsSequence()) {
      finder.Walk(entry.second, key, out.global, 1);
      continue;
    }
    for (size_t i = 0; i < entry.second.size(); ++i) {
      const YAML::Node item = entry.second[i];
      const std::string path = key + "[" + std::to_string(i) + "]";
      if (!item.IsMap()) {
        finder.Walk(item, path, out.global, 2);
        continue;
      }
      for (auto field : item) {
        const std::string name = field.first.IsScalar() ? field.first.Scalar() : "?";
        std::set<std::string>& scope = name != "config"       ? out.global
                                       : key == "connections" ? out.connections[i]
                                                              : out.scorers;
        finder.Walk(field.second, path + "." + name, scope, 3);
      }
    }
  }
  return out;
}

PodConfig RenderPodConfig(YAML::Node root, const config::Config& config,
                          std::string_view fx_rates_text) {
  PodConfig out;
  YAML::Node plugins(YAML::NodeType::Map);
  plugins["path"] = std::string(kImagePlugins);
  root["plugins"] = plugins;
  // Looked up through const nodes: yaml-cpp's non-const operator[] adds what it does not find.
  const YAML::Node& const_root = root;
  YAML::Node store = const_root["store"];
  const YAML::Node& const_store = store;
  if (store.IsMap() && const_store["path"].IsScalar()) {
    const std::string written = const_store["path"].Scalar();
    const std::string folder = std::string(kDataFolder) + "/";
    if (config::ContainsReference(written)) {
      out.notes.push_back(
          "store.path holds a ${env:...} reference: the pods resolve it; it must name a file on "
          "the volume (under " +
          folder + ")");
    } else if (const std::filesystem::path in_pod = InPod(written);
               in_pod.string().rfind(folder, 0) != 0) {
      const std::string moved = folder + in_pod.filename().string();
      store["path"] = moved;
      out.notes.push_back("store.path '" + written + "' is outside the pods' volume (" + folder +
                          "): the pods use " + moved);
    }
  }
  if (store.IsMap() && const_store["fx_rates"]) {
    store["fx_rates"] = std::string(kConfigFolder) + "/fx_rates.csv";
    out.fx_rates = std::string(fx_rates_text);
  }
  YAML::Emitter emitter;
  emitter.SetIndent(2);
  emitter << root;
  std::string file_name = std::filesystem::path(config.path).filename().string();
  for (char& c : file_name) {
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) c = '?';  // a comment is one line
  }
  out.tempo_yaml = "# " + file_name +
                   " as the pods read it (rendered by tempo deploy k8s): plugins.path is the "
                   "image's plugin folder" +
                   (out.fx_rates.empty() ? "" : ", store.fx_rates the ConfigMap's copy") + ".\n" +
                   emitter.c_str() + "\n";
  return out;
}

}  // namespace tempo::deploy
