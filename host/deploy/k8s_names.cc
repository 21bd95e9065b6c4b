// Kubernetes names and the checks of `tempo deploy k8s`'s options: what the API server would
// refuse is refused here first, naming the option, so `kubectl apply` never fails half-way.
#include <regex>

#include "deploy/k8s.h"
#include "deploy/k8s_parts.h"

namespace tempo::deploy {
namespace {

// A DNS-1123 label: what namespaces, and the names of Secrets and ConfigMaps we use, must be.
bool IsDnsLabel(std::string_view text) {
  static const std::regex kLabel("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
  return text.size() <= 63 && std::regex_match(text.begin(), text.end(), kLabel);
}

// An image reference as container runtimes read it: [registry[:port]/]path[:tag][@digest].
bool IsImageReference(std::string_view text) {
  static const std::regex kReference(
      "((([a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])(\\.([a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*"
      "[a-zA-Z0-9]))*(:[0-9]+)?/)?"
      "[a-z0-9]+((\\.|_|__|-+)[a-z0-9]+)*(/[a-z0-9]+((\\.|_|__|-+)[a-z0-9]+)*)*)"
      "(:[A-Za-z0-9_][A-Za-z0-9_.-]{0,127})?"
      "(@[A-Za-z][A-Za-z0-9]*([-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,})?");
  return !text.empty() && text.size() <= 255 &&
         std::regex_match(text.begin(), text.end(), kReference);
}

// A resource quantity: a decimal number with an optional suffix (100m, 0.5, 256Mi, 10Gi, 1G).
bool IsQuantity(std::string_view text) {
  static const std::regex kQuantity(
      "([0-9]+(\\.[0-9]*)?|\\.[0-9]+)(m|k|M|G|T|P|E|Ki|Mi|Gi|Ti|Pi|Ei)?");
  return !text.empty() && text.size() <= 32 &&
         std::regex_match(text.begin(), text.end(), kQuantity);
}

}  // namespace

std::string KubernetesName(std::string_view connection) {
  std::string name;
  for (char c : connection) {
    const bool keep = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
    name += keep ? c : (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : '-';
  }
  if (name.size() > 41) name.resize(41);
  while (!name.empty() && name.back() == '-') name.pop_back();
  while (!name.empty() && name.front() == '-') name.erase(name.begin());
  return name.empty() ? "x" : name;
}

std::vector<std::string> CheckOptions(const K8sOptions& options) {
  std::vector<std::string> problems;
  const auto show = [](std::string_view text) {
    // The option as given, if printable and short; it is the operator's own input.
    std::string shown;
    for (char c : text.substr(0, 80)) shown += (c >= 0x20 && c < 0x7f) ? c : '?';
    return "'" + shown + "'";
  };
  if (!IsDnsLabel(options.namespace_name)) {
    problems.push_back("--namespace " + show(options.namespace_name) +
                       " is not a Kubernetes namespace name: lowercase letters, digits and '-', "
                       "starting and ending with a letter or digit, at most 63 characters");
  }
  if (!IsImageReference(options.image)) {
    problems.push_back("--image " + show(options.image) +
                       " is not an image reference; expected [REGISTRY[:PORT]/]NAME[:TAG][@DIGEST] "
                       "with a lowercase name, e.g. registry.example.com/tempo:0.1.0");
  }
  if (!IsDnsLabel(options.secret)) {
    problems.push_back("--secret " + show(options.secret) +
                       " is not a Kubernetes Secret name: lowercase letters, digits and '-', at "
                       "most 63 characters");
  }
  const std::pair<const char*, const std::string*> quantities[] = {
      {"--cpu", &options.cpu},
      {"--memory", &options.memory},
      {"--memory-limit", &options.memory_limit},
      {"--storage", &options.storage}};
  for (const auto& [flag, value] : quantities) {
    if (!IsQuantity(*value)) {
      problems.push_back(std::string(flag) + " " + show(*value) +
                         " is not a Kubernetes quantity; expected a number with an optional "
                         "suffix, e.g. 250m, 0.5, 512Mi, 2Gi");
    }
  }
  if (Result<std::string> cron = CronJobSchedule(options.score_schedule, "--score-schedule");
      !cron.ok()) {
    problems.push_back(cron.status().message());
  }
  return problems;
}

}  // namespace tempo::deploy
