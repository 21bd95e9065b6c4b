// The pieces RenderK8s (k8s.cc) is made of: checks of the options, the references a config
// makes, and the config file as the pods read it. Private to host/deploy.
#ifndef TEMPO_HOST_DEPLOY_K8S_PARTS_H_
#define TEMPO_HOST_DEPLOY_K8S_PARTS_H_

#include <map>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include <yaml-cpp/yaml.h>

#include "common/status.h"
#include "config/config.h"
#include "deploy/k8s.h"

namespace tempo::deploy {

// Each problem of `options` (namespace, image, Secret name, quantities, score schedule) as a
// line naming the option; empty when there is none.
std::vector<std::string> CheckOptions(const K8sOptions& options);

// The ${env:NAME} variables a config refers to, by who needs them: the config outside the
// plugins' `config:` mappings (every pod), each connection's mapping, and the scorers'.
struct References {
  std::set<std::string> global;
  std::map<size_t, std::set<std::string>> connections;  // by index in `connections:`
  std::set<std::string> scorers;
  std::set<std::string> all;
};

// Walks the file's YAML tree as written. Appends to `problems` each ${file:PATH} or unknown
// reference, with its file:line:column and key path.
References FindReferences(const YAML::Node& root, const std::string& file,
                          std::vector<std::string>& problems);

// What the ConfigMap holds: tempo.yaml as the pods read it and the exchange-rate file.
struct PodConfig {
  std::string tempo_yaml;
  std::string fx_rates;  // "" without store.fx_rates
  std::vector<std::string> notes;
};

// The file's tree `root` (changed in place) as the pods read it: plugins.path the image's
// plugin folder, store.fx_rates the ConfigMap's copy, a store.path that would leave the volume
// moved onto it (a note says so).
PodConfig RenderPodConfig(YAML::Node root, const config::Config& config,
                          std::string_view fx_rates_text);

}  // namespace tempo::deploy

#endif  // TEMPO_HOST_DEPLOY_K8S_PARTS_H_
