// RenderK8s: the documents (k8s.h has what each is for and why).
//
// Every document is written through YamlOut (yaml_out.h), so no value can change the YAML's
// structure; the ConfigMap's texts are read back from the output and compared before it is
// returned.
#include <algorithm>
#include <chrono>
#include <cstdio>

#include "deploy/k8s.h"
#include "deploy/k8s_parts.h"
#include "deploy/yaml_out.h"
#include "schedule/schedule.h"

namespace tempo::deploy {
namespace {

constexpr const char* kDataVolumeLabel = "tempo-data";  // the PVC's name, the pods' affinity

struct Plan {
  const config::Config& config;
  const K8sOptions& options;
  References references;
  PodConfig pod_config;
  std::string config_hash;
};

int64_t CeilSeconds(std::chrono::milliseconds d) {
  return std::max<int64_t>(1, (d.count() + 999) / 1000);
}

// FNV-1a, 64 bits: the ConfigMap's content in the Deployment's pod template, so that applying
// a changed config restarts the server pod (a subPath mount is never updated in place).
std::string Fingerprint(std::string_view a, std::string_view b) {
  uint64_t hash = 1469598103934665603ULL;
  for (std::string_view part : {a, std::string_view("\0", 1), b}) {
    for (unsigned char c : part) {
      hash ^= c;
      hash *= 1099511628211ULL;
    }
  }
  char text[17];
  std::snprintf(text, sizeof text, "%016llx", static_cast<unsigned long long>(hash));
  return text;
}

void Labels(YamlOut& y, std::string_view component, std::string_view connection = "") {
  y.Key("labels").Map();
  y.Pair("app.kubernetes.io/name", "tempo");
  y.Pair("app.kubernetes.io/component", component);
  y.Pair("app.kubernetes.io/managed-by", "tempo-deploy");
  y.Pair("tempo/volume", kDataVolumeLabel);
  if (!connection.empty()) y.Pair("tempo/connection", KubernetesName(connection));
  y.End();
}

void Metadata(YamlOut& y, const Plan& p, std::string_view name, std::string_view component,
              std::string_view connection = "", bool generate_name = false) {
  y.Key("metadata").Map();
  y.Pair(generate_name ? "generateName" : "name", name);
  y.Pair("namespace", p.options.namespace_name);
  Labels(y, component, connection);
  if (!connection.empty()) {
    y.Key("annotations").Map().Pair("tempo/connection", connection).End();
  }
  y.End();
}

void Begin(YamlOut& y, std::string_view api_version, std::string_view kind) {
  y.Map().Pair("apiVersion", api_version).Pair("kind", kind);
}

struct Container {
  std::vector<std::string> args;  // after `tempo -c CONFIG`
  std::set<std::string> env;      // variables from the Secret
  bool serve = false;             // the server: a port and probes
};

void Env(YamlOut& y, const Plan& p, const std::set<std::string>& names) {
  if (names.empty()) return;
  y.Key("env").List();
  for (const std::string& name : names) {
    y.Map().Pair("name", name);
    y.Key("valueFrom").Map().Key("secretKeyRef").Map();
    y.Pair("name", p.options.secret).Pair("key", name);
    y.End().End().End();
  }
  y.End();
}

void Probe(YamlOut& y, std::string_view key, int64_t period, int64_t failures) {
  y.Key(key).Map();
  y.Key("httpGet").Map().Pair("path", "/healthz").Pair("port", "http").End();
  y.Key("periodSeconds").Int(period);
  y.Key("failureThreshold").Int(failures);
  y.End();
}

// The pod spec every Tempo pod shares: the image's non-root user, the volume and the config.
void PodSpec(YamlOut& y, const Plan& p, const Container& c) {
  y.Key("spec").Map();
  if (!c.serve) y.Pair("restartPolicy", "Never");
  y.Key("terminationGracePeriodSeconds")
      .Int(c.serve ? 30 : CeilSeconds(p.config.scheduler.grace_period));
  y.Key("enableServiceLinks").Bool(false);
  y.Key("securityContext").Map();
  y.Key("runAsNonRoot").Bool(true);
  y.Key("runAsUser").Int(kImageUid).Key("runAsGroup").Int(kImageUid);
  y.Key("fsGroup").Int(kImageUid);
  y.Key("seccompProfile").Map().Pair("type", "RuntimeDefault").End();
  y.End();
  // SQLite: one writable volume, attached to one node; every Tempo pod goes where the others
  // are (the first one anywhere: Kubernetes lets a pod that matches its own term start alone).
  y.Key("affinity").Map().Key("podAffinity").Map();
  y.Key("requiredDuringSchedulingIgnoredDuringExecution").List().Map();
  y.Key("labelSelector").Map().Key("matchLabels").Map();
  y.Pair("app.kubernetes.io/name", "tempo").Pair("tempo/volume", kDataVolumeLabel);
  y.End().End();
  y.Pair("topologyKey", "kubernetes.io/hostname");
  y.End().End().End().End();

  y.Key("containers").List().Map();
  y.Pair("name", "tempo").Pair("image", p.options.image);
  y.Key("command").FlowList().Str(kImageTempo).End();
  y.Key("args").FlowList().Str("-c").Str(kPodConfig);
  for (const std::string& arg : c.args) y.Str(arg);
  y.End();
  y.Pair("workingDir", kDataFolder);
  Env(y, p, c.env);
  if (c.serve) {
    y.Key("ports").List().Map();
    y.Pair("name", "http").Key("containerPort").Int(kServePort);
    y.End().End();
    Probe(y, "readinessProbe", 10, 3);
    Probe(y, "livenessProbe", 20, 6);
  }
  y.Key("resources").Map();
  y.Key("requests").Map().Pair("cpu", p.options.cpu).Pair("memory", p.options.memory).End();
  y.Key("limits").Map().Pair("memory", p.options.memory_limit).End();
  y.End();
  y.Key("securityContext").Map();
  y.Key("allowPrivilegeEscalation").Bool(false).Key("readOnlyRootFilesystem").Bool(true);
  y.Key("capabilities").Map().Key("drop").FlowList().Str("ALL").End().End();
  y.End();
  y.Key("volumeMounts").List();
  y.Map().Pair("name", "data").Pair("mountPath", kDataFolder).End();
  y.Map().Pair("name", "config").Pair("mountPath", kPodConfig).Pair("subPath", "tempo.yaml");
  y.Key("readOnly").Bool(true).End();
  y.Map().Pair("name", "config").Pair("mountPath", kConfigFolder).Key("readOnly").Bool(true).End();
  y.Map().Pair("name", "tmp").Pair("mountPath", "/tmp").End();
  y.End();
  y.End().End();  // the container, the list

  y.Key("volumes").List();
  y.Map().Pair("name", "data");
  y.Key("persistentVolumeClaim").Map().Pair("claimName", kDataVolumeLabel).End().End();
  y.Map().Pair("name", "config").Key("configMap").Map().Pair("name", "tempo-config").End().End();
  y.Map().Pair("name", "tmp").Key("emptyDir").Map().End().End();
  y.End();
  y.End();
}

// A Job's spec: tempo's retry policy and run timeout in Kubernetes' terms.
void JobSpec(YamlOut& y, const Plan& p, const Container& c, std::string_view component,
             std::string_view connection, bool manual) {
  const config::SchedulerConfig& s = p.config.scheduler;
  y.Key("spec").Map();
  y.Key("backoffLimit").Int(std::max(0, s.retry_max_attempts - 1));
  y.Key("activeDeadlineSeconds").Int(CeilSeconds(s.run_timeout));
  if (manual) y.Key("ttlSecondsAfterFinished").Int(86400);
  // Exit 2 (config), 3 (the provider's quota is spent) and 4 (another run holds the
  // connection) end the Job at once: retrying in seconds cannot help. A pod evicted or
  // preempted does not count as a failure.
  y.Key("podFailurePolicy").Map().Key("rules").List();
  y.Map().Pair("action", "FailJob").Key("onExitCodes").Map();
  y.Pair("containerName", "tempo").Pair("operator", "In");
  y.Key("values").FlowList().Int(2).Int(3).Int(4).End();
  y.End().End();
  y.Map().Pair("action", "Ignore").Key("onPodConditions").List();
  y.Map().Pair("type", "DisruptionTarget").End();
  y.End().End();
  y.End().End();
  y.Key("template").Map();
  y.Key("metadata").Map();
  Labels(y, component, connection);
  y.End();
  PodSpec(y, p, c);
  y.End();
  y.End();
}

Container SyncContainer(const Plan& p, size_t index, bool full_refresh) {
  const config::ConnectionConfig& connection = p.config.connections[index];
  Container c;
  c.args = {"sync", connection.name};
  if (full_refresh) c.args.push_back("--full-refresh");
  c.env = p.references.global;
  if (const auto it = p.references.connections.find(index); it != p.references.connections.end()) {
    c.env.insert(it->second.begin(), it->second.end());
  }
  return c;
}

// `text` for a comment line: control characters (a line break would end the comment) blanked.
std::string OneLine(std::string_view text) {
  std::string out(text);
  for (char& c : out) {
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) c = ' ';
  }
  return out;
}

// The CronJob's spec.timeZone: always set (without it Kubernetes reads the schedule in the
// controller's local time; tempo reads it in UTC). An interval's slots are in UTC whatever the
// zone, as `tempo run` counts them in no zone.
std::string TimeZoneOf(std::string_view schedule_text, std::string_view zone) {
  Result<schedule::Schedule> parsed = schedule::ParseSchedule(schedule_text);
  const bool interval = parsed.ok() && parsed->kind() == schedule::Schedule::Kind::kInterval;
  return zone.empty() || interval ? std::string("Etc/UTC") : std::string(zone);
}

std::string CronJob(const Plan& p, std::string_view name, std::string_view component,
                    std::string_view connection, const std::string& cron,
                    const std::string& original, std::string_view zone, const Container& c) {
  YamlOut y;
  Begin(y, "batch/v1", "CronJob");
  y.Key("metadata").Map();
  y.Pair("name", name).Pair("namespace", p.options.namespace_name);
  Labels(y, component, connection);
  y.Key("annotations").Map();
  if (!connection.empty()) y.Pair("tempo/connection", connection);
  y.Pair("tempo/schedule", original);
  y.End();
  y.End();
  y.Key("spec").Map();
  y.Pair("schedule", cron);
  y.Pair("timeZone", TimeZoneOf(original, zone));
  y.Pair("concurrencyPolicy", "Forbid");
  // A slot missed (the controller down, or the previous run still going) starts late, once,
  // within the hour, as `tempo run` runs a missed slot once.
  y.Key("startingDeadlineSeconds").Int(3600);
  y.Key("successfulJobsHistoryLimit").Int(3).Key("failedJobsHistoryLimit").Int(3);
  y.Key("jobTemplate").Map();
  y.Key("metadata").Map();
  Labels(y, component, connection);
  y.End();
  JobSpec(y, p, c, component, connection, false);
  y.End();
  y.End();
  y.End();
  return y.text();
}

std::string ConfigMap(const Plan& p) {
  YamlOut y;
  Begin(y, "v1", "ConfigMap");
  Metadata(y, p, "tempo-config", "config");
  y.Key("data").Map();
  y.Key("tempo.yaml").Text(p.pod_config.tempo_yaml);
  if (!p.pod_config.fx_rates.empty()) y.Key("fx_rates.csv").Text(p.pod_config.fx_rates);
  y.End();
  y.End();
  return y.text();
}

std::string Volume(const Plan& p) {
  YamlOut y;
  Begin(y, "v1", "PersistentVolumeClaim");
  Metadata(y, p, kDataVolumeLabel, "data");
  y.Key("spec").Map();
  y.Key("accessModes").List().Str("ReadWriteOnce").End();
  y.Key("resources").Map().Key("requests").Map().Pair("storage", p.options.storage).End().End();
  y.End();
  y.End();
  return y.text();
}

std::string Server(const Plan& p) {
  YamlOut y;
  Begin(y, "apps/v1", "Deployment");
  Metadata(y, p, "tempo-server", "server");
  y.Key("spec").Map();
  y.Key("replicas").Int(1);
  // Recreate: the new pod must not wait for the volume the old one holds on another node.
  y.Key("strategy").Map().Pair("type", "Recreate").End();
  y.Key("selector").Map().Key("matchLabels").Map();
  y.Pair("app.kubernetes.io/name", "tempo").Pair("app.kubernetes.io/component", "server");
  y.End().End();
  y.Key("template").Map();
  y.Key("metadata").Map();
  Labels(y, "server");
  y.Key("annotations").Map();
  y.Pair("tempo/config-fingerprint", p.config_hash);
  y.Pair("prometheus.io/scrape", "true").Pair("prometheus.io/port", std::to_string(kServePort));
  y.Pair("prometheus.io/path", "/metrics");
  y.End();
  y.End();
  Container c;
  c.args = {"serve", "--listen", "0.0.0.0:" + std::to_string(kServePort)};
  c.env = p.references.global;
  c.serve = true;
  PodSpec(y, p, c);
  y.End();
  y.End();
  y.End();
  std::string text = y.text();

  YamlOut s;
  Begin(s, "v1", "Service");
  Metadata(s, p, "tempo-server", "server");
  s.Key("spec").Map();
  s.Pair("type", "ClusterIP");
  s.Key("selector").Map();
  s.Pair("app.kubernetes.io/name", "tempo").Pair("app.kubernetes.io/component", "server");
  s.End();
  s.Key("ports").List().Map();
  s.Pair("name", "http").Key("port").Int(kServePort).Pair("targetPort", "http");
  s.End().End();
  s.End();
  s.End();
  return text + "---\n" + s.text();
}

std::string SecretLines(const Plan& p, const std::set<std::string>& names) {
  if (names.empty()) return "# Secrets: the config refers to none.\n";
  std::string text = "#   kubectl -n " + p.options.namespace_name + " create secret generic " +
                     p.options.secret + " \\\n";
  size_t i = 0;
  for (const std::string& name : names) {
    text += "#     --from-literal=" + name + "=..." + (++i < names.size() ? " \\\n" : "\n");
  }
  return text;
}

Result<K8sOutput> RenderJob(const Plan& p) {
  const config::ConnectionConfig* connection = p.config.FindConnection(p.options.job);
  if (connection == nullptr) {
    std::string names;
    for (const auto& c : p.config.connections) names += (names.empty() ? "" : ", ") + c.name;
    return Status::InvalidArgument("--job: no connection named '" + p.options.job + "' in " +
                                   p.config.path +
                                   (names.empty() ? " (it has none)" : "; it has: " + names));
  }
  const size_t index = static_cast<size_t>(connection - p.config.connections.data());
  const Container c = SyncContainer(p, index, p.options.full_refresh);
  const std::string name = "tempo-sync-" + KubernetesName(connection->name) + "-";
  std::string text = "# One run of `tempo sync " + connection->name +
                     (p.options.full_refresh ? " --full-refresh" : "") +
                     "`, rendered by tempo deploy k8s (docs/scale-out.md).\n"
                     "# It needs what `tempo deploy k8s` without --job renders (the ConfigMap, "
                     "the volume) and the Secret:\n" +
                     SecretLines(p, c.env) +
                     "# Start it with kubectl create -f - (not apply: the name is generated).\n";
  YamlOut y;
  Begin(y, "batch/v1", "Job");
  Metadata(y, p, name, "sync", connection->name, true);
  JobSpec(y, p, c, "sync", connection->name, true);
  y.End();
  if (!y.good()) return Status::Internal("deploy k8s: the Job's YAML is malformed (a bug)");
  K8sOutput out;
  out.yaml = text + "---\n" + y.text();
  return out;
}

// The ConfigMap's texts, read back from the output: what the pods will read.
Status CheckRoundTrip(const std::string& config_map, const PodConfig& pod_config) {
  try {
    const YAML::Node data = YAML::Load(config_map)["data"];
    const bool same = data["tempo.yaml"].as<std::string>() == pod_config.tempo_yaml &&
                      (pod_config.fx_rates.empty() ||
                       data["fx_rates.csv"].as<std::string>() == pod_config.fx_rates);
    if (same) return Status::Ok();
  } catch (const YAML::Exception&) {
  }
  return Status::Internal(
      "deploy k8s: the ConfigMap does not read back as the config it holds (a bug; please "
      "report it with the config's structure)");
}

}  // namespace

Result<K8sOutput> RenderK8s(const config::Config& config, std::string_view config_text,
                            std::string_view fx_rates_text, const K8sOptions& options) {
  std::vector<std::string> problems = CheckOptions(options);
  YAML::Node root;
  try {
    root = YAML::Load(std::string(config_text));
  } catch (const YAML::Exception& e) {
    return Status::InvalidArgument(config.path + ": cannot read the config again: " + e.msg);
  }
  Plan p{config, options, FindReferences(root, config.path, problems), {}, {}};
  const auto all_problems = [&problems] {
    std::string text;
    for (const std::string& problem : problems) text += (text.empty() ? "" : "\n") + problem;
    return Status::InvalidArgument(text);
  };
  if (!options.job.empty()) {
    if (!problems.empty()) return all_problems();
    return RenderJob(p);
  }

  // Names first: two connections must not share a CronJob.
  std::map<std::string, std::string> names;               // Kubernetes name -> connection
  std::vector<std::pair<size_t, std::string>> scheduled;  // index, cron
  std::vector<std::string> on_demand;
  for (size_t i = 0; i < config.connections.size(); ++i) {
    const config::ConnectionConfig& c = config.connections[i];
    const std::string name = KubernetesName(c.name);
    if (const auto [it, added] = names.emplace(name, c.name); !added) {
      problems.push_back(c.location + ": connection '" + c.name + "' and connection '" +
                         it->second + "' would both be named '" + name +
                         "' in Kubernetes (lowercase letters, digits and '-', at most 41 "
                         "characters); rename one of them");
    }
    if (c.schedule.empty()) {
      on_demand.push_back(c.name);
      continue;
    }
    Result<std::string> cron = CronJobSchedule(c.schedule, c.schedule_location);
    if (!cron.ok()) {
      problems.push_back(cron.status().message());
      continue;
    }
    scheduled.emplace_back(i, *cron);
  }
  if (!problems.empty()) return all_problems();

  p.pod_config = RenderPodConfig(YAML::Clone(root), config, fx_rates_text);
  p.config_hash = Fingerprint(p.pod_config.tempo_yaml, p.pod_config.fx_rates);

  const std::string ns = options.namespace_name;
  std::string header =
      "# Tempo on Kubernetes, rendered by tempo deploy k8s (docs/scale-out.md).\n"
      "# Once, before the first apply:\n"
      "#   kubectl create namespace " +
      ns + "\n" + SecretLines(p, p.references.all) +
      "# Then, and after each change of the config: tempo deploy k8s ... | kubectl apply -f -\n"
      "# Store: SQLite on the volume " +
      kDataVolumeLabel + " (ReadWriteOnce); every Tempo pod runs on the node that holds it.\n";
  std::string documents = ConfigMap(p);
  if (Status s = CheckRoundTrip(documents, p.pod_config); !s.ok()) return s;
  documents += "---\n" + Volume(p) + "---\n" + Server(p);

  Container score;
  score.args = {"score"};
  score.env = p.references.global;
  score.env.insert(p.references.scorers.begin(), p.references.scorers.end());
  const std::string score_cron = *CronJobSchedule(options.score_schedule, "--score-schedule");
  documents += "---\n" + CronJob(p, "tempo-score", "score", "", score_cron, options.score_schedule,
                                 config.scheduler.timezone, score);
  header += "# Scores: CronJob tempo-score, '" + OneLine(options.score_schedule) + "' in " +
            TimeZoneOf(options.score_schedule, config.scheduler.timezone) + ".\n";

  for (const auto& [index, cron] : scheduled) {
    const config::ConnectionConfig& c = config.connections[index];
    const std::string name = "tempo-sync-" + KubernetesName(c.name);
    documents += "---\n" + CronJob(p, name, "sync", c.name, cron, c.schedule, c.timezone,
                                   SyncContainer(p, index, false));
    header += "# Connection " + c.name + ": CronJob " + name + ", '" + OneLine(c.schedule) +
              "' in " + TimeZoneOf(c.schedule, c.timezone) + " (run one now: kubectl -n " + ns +
              " create job --from=cronjob/" + name + " " + name + "-manual).\n";
  }
  for (const std::string& name : on_demand) {
    header += "# Connection " + name + ": no schedule; run it with tempo deploy k8s --job " + name +
              " | kubectl create -f -\n";
  }
  K8sOutput out;
  out.yaml = header + "---\n" + documents;
  out.notes = p.pod_config.notes;
  return out;
}

}  // namespace tempo::deploy
