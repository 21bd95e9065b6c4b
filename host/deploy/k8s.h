// Kubernetes manifests for a tempo.yaml (`tempo deploy k8s`; docs/scale-out.md).
//
// RenderK8s is a pure function of the loaded config, the file's text as written and the
// options: it reads no file, no environment and no clock, so what it renders can be checked
// document by document. It renders, as YAML `kubectl apply -f -` accepts:
//   - a ConfigMap with the config (its ${env:NAME} references kept as written; plugins.path set
//     to the image's plugin folder, store.fx_rates to the file's copy in the ConfigMap);
//   - a PersistentVolumeClaim, the pods' working folder: the store, the HTTP state file beside
//     it and every relative path of the config live there;
//   - one CronJob per scheduled connection (`tempo sync CONN`), one for `tempo score`;
//   - a Deployment and a Service for `tempo serve` (/healthz, /metrics, /report).
// With K8sOptions::job set it renders only a Job for one manual run of that connection (with
// metadata.generateName, for `kubectl create -f -`).
//
// Secrets: every ${env:NAME} becomes the container variable NAME from the Secret
// K8sOptions::secret (secretKeyRef), never a value; ${file:PATH} is refused (the Secret holds
// variables). A secret written into the file itself is refused by the config stage before this
// runs (LoadOptions::refuse_inline_secrets).
//
// The store: a SQLite file (store.path) on the volume, so every pod runs on the node that
// holds it (a required pod affinity among Tempo's pods); a relative store.path stays relative
// to the volume, an absolute one outside it is moved onto it (a note says so). The config has
// no `store.url` (PostgreSQL) yet: when it does, that store needs no shared node, and the
// volume only the config's relative files.
#ifndef TEMPO_HOST_DEPLOY_K8S_H_
#define TEMPO_HOST_DEPLOY_K8S_H_

#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"
#include "config/config.h"

namespace tempo::deploy {

// Where things are in the pods and in the image (the Dockerfile builds it so).
inline constexpr std::string_view kImageTempo = "/opt/tempo/bin/tempo";
inline constexpr std::string_view kImagePlugins = "/opt/tempo/lib/tempo/plugins";
inline constexpr std::string_view kDataFolder = "/var/lib/tempo";  // the volume; working folder
inline constexpr std::string_view kPodConfig = "/var/lib/tempo/tempo.yaml";
inline constexpr std::string_view kConfigFolder = "/etc/tempo";  // the ConfigMap's files
inline constexpr int64_t kImageUid = 10001;                      // the image's `tempo` user
inline constexpr int kServePort = 9464;

struct K8sOptions {
  std::string namespace_name = "tempo";      // a DNS-1123 label
  std::string image = "tempo:latest";        // an image reference
  std::string secret = "tempo-secrets";      // the Secret the ${env:NAME} variables come from
  std::string score_schedule = "0 6 * * *";  // `tempo score`'s CronJob, in scheduler.timezone
  std::string cpu = "100m";                  // each container's CPU request
  std::string memory = "256Mi";              // its memory request
  std::string memory_limit = "1Gi";          // its memory limit
  std::string storage = "10Gi";              // the volume's size
  std::string job;                           // non-empty: only a Job for this connection
  bool full_refresh = false;                 // that Job runs `sync --full-refresh`
};

struct K8sOutput {
  std::string yaml;                // the documents, separated by `---`
  std::vector<std::string> notes;  // what the operator should know (for stderr)
};

// Renders the manifests for `config`, whose file as written is `config_text` (references
// unresolved) and whose store.fx_rates file holds `fx_rates_text` ("" without one).
// InvalidArgument, every problem at once and each naming file:line:column or the option, for:
// a bad option, a schedule Kubernetes cannot express (an interval that does not divide an
// hour or a day, a cron whose day fields Kubernetes reads differently), two connections whose
// Kubernetes names collide, a ${file:PATH} reference, an unknown --job connection.
Result<K8sOutput> RenderK8s(const config::Config& config, std::string_view config_text,
                            std::string_view fx_rates_text, const K8sOptions& options);

// The name `connection` has in Kubernetes objects: a DNS-1123 label of at most 41 characters
// ('_' becomes '-', trailing '-' dropped, cut at 41), so that "tempo-sync-" + it fits the 52
// characters a CronJob name may have. Deterministic; different names may collide.
std::string KubernetesName(std::string_view connection);

// `schedule` (tempo's syntax, docs/admin-guide.md "Schedules") as a CronJob's spec.schedule,
// which Kubernetes reads with its own cron parser: fields rendered from what tempo parsed
// (day-of-week 7 as 0, names as numbers, macros expanded), an interval as the cron that
// starts at the same clock slots. InvalidArgument naming `where` when there is none.
Result<std::string> CronJobSchedule(std::string_view schedule, std::string_view where);

}  // namespace tempo::deploy

#endif  // TEMPO_HOST_DEPLOY_K8S_H_
