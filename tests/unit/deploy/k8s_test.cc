// RenderK8s: the manifests of a config with several connections (scheduled, on demand, in a
// time zone, with secrets, with names Kubernetes does not take as they are), parsed back with
// yaml-cpp and checked field by field; and what it refuses.
#include <stdlib.h>

#include <map>
#include <string>
#include <vector>

#include <yaml-cpp/yaml.h>
#include <catch2/catch.hpp>

#include "config/config.h"
#include "deploy/k8s.h"
#include "support/secrets_canary.h"
#include "support/temp_dir.h"

namespace tempo::deploy {
namespace {

using Catch::Matchers::Contains;

constexpr const char* kConfig = R"(# the team's config
store:
  path: data/tempo.db
  fx_rates: rates.csv
scheduler:
  run_timeout: 2h
  grace_period: 45s
  retry: {max_attempts: 4}
  timezone: America/New_York
connections:
  - name: crm
    plugin: httpecho
    schedule: "*/15 * * * *"
    config:
      base_url: https://api.example.com
      api_key: ${env:CRM_API_KEY}
      auth: bearer
      bearer_token: "Bearer ${env:CRM_TOKEN}"
  - name: files_eu
    plugin: file
    schedule: "30 2 * * 1-7"
    timezone: Europe/Berlin
    config:
      path: exports/partners.csv
  - name: adhoc
    plugin: httpecho
    config:
      api_key: ${env:ADHOC_KEY}
  - name: "no"
    plugin: httpecho
    schedule: every 2h
scorers:
  - name: tempo
    plugin: tempo
    config:
      note: ${env:SCORER_NOTE}
)";

constexpr const char* kRates = "date,currency,rate\n2026-01-01,EUR,1.1\n";

struct Rendered {
  std::string yaml;
  std::vector<YAML::Node> documents;
  std::vector<std::string> notes;
  // The documents by "Kind/name".
  std::map<std::string, YAML::Node> by_name;
};

config::Config Load(const testing::TempDir& dir, const std::string& text) {
  dir.Write("rates.csv", kRates);
  config::LoadOptions options;
  options.resolve_plugin_config = false;
  Result<config::Config> config = config::LoadConfig(dir.Write("tempo.yaml", text), options);
  INFO(config.status().message());
  REQUIRE(config.ok());
  return std::move(config).value();
}

Rendered Render(const std::string& text, const K8sOptions& options = {}) {
  testing::TempDir dir;
  const config::Config config = Load(dir, text);
  Result<K8sOutput> out = RenderK8s(config, text, kRates, options);
  INFO(out.status().message());
  REQUIRE(out.ok());
  Rendered r;
  r.yaml = out->yaml;
  r.notes = out->notes;
  r.documents = YAML::LoadAll(r.yaml);
  for (const YAML::Node& doc : r.documents) {
    r.by_name[doc["kind"].as<std::string>() + "/" + doc["metadata"]["name"].as<std::string>("")] =
        doc;
  }
  return r;
}

std::string RenderError(const std::string& text, const K8sOptions& options = {}) {
  testing::TempDir dir;
  const config::Config config = Load(dir, text);
  Result<K8sOutput> out = RenderK8s(config, text, kRates, options);
  REQUIRE_FALSE(out.ok());
  CHECK(out.status().code() == StatusCode::kInvalidArgument);
  return out.status().message();
}

std::vector<std::string> Strings(const YAML::Node& list) {
  std::vector<std::string> out;
  for (const YAML::Node& item : list) out.push_back(item.as<std::string>());
  return out;
}

// name -> secret key of each variable the container takes from the Secret `secret`.
std::map<std::string, std::string> SecretEnv(const YAML::Node& container,
                                             const std::string& secret = "tempo-secrets") {
  std::map<std::string, std::string> env;
  for (const YAML::Node& var : container["env"]) {
    const YAML::Node ref = var["valueFrom"]["secretKeyRef"];
    REQUIRE(ref.IsMap());
    CHECK(ref["name"].as<std::string>() == secret);
    CHECK_FALSE(var["value"]);  // never a value
    env[var["name"].as<std::string>()] = ref["key"].as<std::string>();
  }
  return env;
}

void CheckPodSpec(const YAML::Node& spec, const std::vector<std::string>& args) {
  const YAML::Node container = spec["containers"][0];
  CHECK(container["image"].as<std::string>() == "tempo:latest");
  CHECK(Strings(container["command"]) == std::vector<std::string>{"/opt/tempo/bin/tempo"});
  std::vector<std::string> expected = {"-c", "/var/lib/tempo/tempo.yaml"};
  expected.insert(expected.end(), args.begin(), args.end());
  CHECK(Strings(container["args"]) == expected);
  CHECK(container["workingDir"].as<std::string>() == "/var/lib/tempo");
  CHECK(container["resources"]["requests"]["cpu"].as<std::string>() == "100m");
  CHECK(container["resources"]["requests"]["memory"].as<std::string>() == "256Mi");
  CHECK(container["resources"]["limits"]["memory"].as<std::string>() == "1Gi");
  CHECK(container["securityContext"]["readOnlyRootFilesystem"].as<bool>());
  CHECK(spec["securityContext"]["runAsNonRoot"].as<bool>());
  CHECK(spec["securityContext"]["runAsUser"].as<int>() == 10001);
  CHECK(spec["securityContext"]["fsGroup"].as<int>() == 10001);
  // The config file on the volume (relative paths land there), from the ConfigMap.
  std::map<std::string, std::string> mounts;
  for (const YAML::Node& m : container["volumeMounts"]) {
    mounts[m["mountPath"].as<std::string>()] =
        m["name"].as<std::string>() + (m["subPath"] ? ":" + m["subPath"].as<std::string>() : "");
  }
  CHECK(mounts ==
        std::map<std::string, std::string>{{"/var/lib/tempo", "data"},
                                           {"/var/lib/tempo/tempo.yaml", "config:tempo.yaml"},
                                           {"/etc/tempo", "config"},
                                           {"/tmp", "tmp"}});
  std::map<std::string, std::string> volumes;
  for (const YAML::Node& v : spec["volumes"]) {
    volumes[v["name"].as<std::string>()] =
        v["persistentVolumeClaim"] ? v["persistentVolumeClaim"]["claimName"].as<std::string>()
        : v["configMap"]           ? v["configMap"]["name"].as<std::string>()
                                   : "emptyDir";
  }
  CHECK(volumes == std::map<std::string, std::string>{
                       {"data", "tempo-data"}, {"config", "tempo-config"}, {"tmp", "emptyDir"}});
  // SQLite: every Tempo pod on the node of the volume.
  const YAML::Node term =
      spec["affinity"]["podAffinity"]["requiredDuringSchedulingIgnoredDuringExecution"][0];
  CHECK(term["topologyKey"].as<std::string>() == "kubernetes.io/hostname");
  CHECK(term["labelSelector"]["matchLabels"]["tempo/volume"].as<std::string>() == "tempo-data");
}

TEST_CASE("every document has apiVersion, kind, a name and the namespace") {
  const Rendered r = Render(kConfig);
  std::vector<std::string> kinds;
  for (const YAML::Node& doc : r.documents) {
    INFO(YAML::Dump(doc));
    REQUIRE(doc.IsMap());
    CHECK_FALSE(doc["apiVersion"].as<std::string>().empty());
    CHECK(doc["metadata"]["namespace"].as<std::string>() == "tempo");
    CHECK(doc["metadata"]["labels"]["app.kubernetes.io/name"].as<std::string>() == "tempo");
    kinds.push_back(doc["kind"].as<std::string>() + "/" +
                    doc["metadata"]["name"].as<std::string>());
  }
  // No CronJob for `adhoc` (no schedule); the names Kubernetes takes: files-eu, "no".
  CHECK(kinds == std::vector<std::string>{"ConfigMap/tempo-config",
                                          "PersistentVolumeClaim/tempo-data",
                                          "Deployment/tempo-server", "Service/tempo-server",
                                          "CronJob/tempo-score", "CronJob/tempo-sync-crm",
                                          "CronJob/tempo-sync-files-eu", "CronJob/tempo-sync-no"});
  CHECK(r.by_name.at("Deployment/tempo-server")["apiVersion"].as<std::string>() == "apps/v1");
  CHECK(r.by_name.at("CronJob/tempo-sync-crm")["apiVersion"].as<std::string>() == "batch/v1");
  // The header says how to make the Secret, by name only, and how to run `adhoc`.
  CHECK_THAT(r.yaml, Contains("#   kubectl -n tempo create secret generic tempo-secrets \\\n"
                              "#     --from-literal=ADHOC_KEY=... \\\n"
                              "#     --from-literal=CRM_API_KEY=... \\\n"
                              "#     --from-literal=CRM_TOKEN=... \\\n"
                              "#     --from-literal=SCORER_NOTE=...\n"));
  CHECK_THAT(r.yaml, Contains("tempo deploy k8s --job adhoc | kubectl create -f -"));
}

TEST_CASE("a scheduled connection is a CronJob: schedule, zone, Forbid, deadline, retries") {
  const Rendered r = Render(kConfig);
  const YAML::Node crm = r.by_name.at("CronJob/tempo-sync-crm");
  CHECK(crm["metadata"]["labels"]["app.kubernetes.io/component"].as<std::string>() == "sync");
  CHECK(crm["metadata"]["labels"]["tempo/connection"].as<std::string>() == "crm");
  const YAML::Node spec = crm["spec"];
  CHECK(spec["schedule"].as<std::string>() == "*/15 * * * *");
  // The connection has no zone of its own: the scheduler's.
  CHECK(spec["timeZone"].as<std::string>() == "America/New_York");
  CHECK(spec["concurrencyPolicy"].as<std::string>() == "Forbid");
  CHECK(spec["startingDeadlineSeconds"].as<int>() == 3600);
  CHECK(spec["successfulJobsHistoryLimit"].as<int>() == 3);
  CHECK(spec["failedJobsHistoryLimit"].as<int>() == 3);
  const YAML::Node job = spec["jobTemplate"]["spec"];
  CHECK(job["activeDeadlineSeconds"].as<int>() == 7200);  // scheduler.run_timeout
  CHECK(job["backoffLimit"].as<int>() == 3);              // retry.max_attempts - 1
  const YAML::Node rules = job["podFailurePolicy"]["rules"];
  CHECK(rules[0]["action"].as<std::string>() == "FailJob");
  CHECK(Strings(rules[0]["onExitCodes"]["values"]) == std::vector<std::string>{"2", "3", "4"});
  CHECK(rules[1]["onPodConditions"][0]["type"].as<std::string>() == "DisruptionTarget");
  const YAML::Node pod = job["template"]["spec"];
  CHECK(pod["restartPolicy"].as<std::string>() == "Never");
  CHECK(pod["terminationGracePeriodSeconds"].as<int>() == 45);  // scheduler.grace_period
  CheckPodSpec(pod, {"sync", "crm"});
  // Its own variables and nobody else's.
  CHECK(SecretEnv(pod["containers"][0]) ==
        std::map<std::string, std::string>{{"CRM_API_KEY", "CRM_API_KEY"},
                                           {"CRM_TOKEN", "CRM_TOKEN"}});

  const YAML::Node files = r.by_name.at("CronJob/tempo-sync-files-eu");
  CHECK(files["spec"]["schedule"].as<std::string>() == "30 2 * * 0-6");
  CHECK(files["spec"]["timeZone"].as<std::string>() == "Europe/Berlin");
  CHECK(files["metadata"]["annotations"]["tempo/connection"].as<std::string>() == "files_eu");
  CHECK(files["metadata"]["annotations"]["tempo/schedule"].as<std::string>() == "30 2 * * 1-7");
  CHECK_FALSE(files["spec"]["jobTemplate"]["spec"]["template"]["spec"]["containers"][0]["env"]);

  // A name YAML 1.1 reads as a boolean stays a string; an interval is cron in UTC.
  const YAML::Node no = r.by_name.at("CronJob/tempo-sync-no");
  CHECK(no["metadata"]["labels"]["tempo/connection"].Tag() == "!");
  CHECK_THAT(r.yaml, Contains("tempo/connection: \"no\""));
  CHECK(no["spec"]["schedule"].as<std::string>() == "0 */2 * * *");
  CHECK(no["spec"]["timeZone"].as<std::string>() == "Etc/UTC");
  CHECK(Strings(no["spec"]["jobTemplate"]["spec"]["template"]["spec"]["containers"][0]["args"]) ==
        std::vector<std::string>{"-c", "/var/lib/tempo/tempo.yaml", "sync", "no"});
}

TEST_CASE("the ConfigMap holds the config as the pods read it, references unresolved") {
  const Rendered r = Render(kConfig);
  const YAML::Node data = r.by_name.at("ConfigMap/tempo-config")["data"];
  const std::string text = data["tempo.yaml"].as<std::string>();
  CHECK_THAT(text, Contains("${env:CRM_API_KEY}"));
  CHECK_THAT(text, Contains("Bearer ${env:CRM_TOKEN}"));
  const YAML::Node pod_config = YAML::Load(text);
  CHECK(pod_config["plugins"]["path"].as<std::string>() == "/opt/tempo/lib/tempo/plugins");
  CHECK(pod_config["store"]["path"].as<std::string>() == "data/tempo.db");  // on the volume
  CHECK(pod_config["store"]["fx_rates"].as<std::string>() == "/etc/tempo/fx_rates.csv");
  CHECK(pod_config["connections"].size() == 4);
  CHECK(data["fx_rates.csv"].as<std::string>() == kRates);
  CHECK(r.notes.empty());
  // The pods load it as tempo would: same connections, schedules and zones.
  testing::TempDir dir;
  std::string pod_text = text;
  const size_t at = pod_text.find("/etc/tempo/fx_rates.csv");
  REQUIRE(at != std::string::npos);
  pod_text.replace(at, 23, dir.Write("fx_rates.csv", data["fx_rates.csv"].as<std::string>()));
  config::LoadOptions options;
  options.resolve_plugin_config = false;
  Result<config::Config> loaded = config::LoadConfig(dir.Write("tempo.yaml", pod_text), options);
  INFO(loaded.status().message());
  REQUIRE(loaded.ok());
  REQUIRE(loaded->connections.size() == 4);
  CHECK(loaded->connections[1].name == "files_eu");
  CHECK(loaded->connections[1].timezone == "Europe/Berlin");
  CHECK(loaded->connections[0].schedule == "*/15 * * * *");
  CHECK(loaded->store_path == dir.path() + "/data/tempo.db");
}

TEST_CASE("the server is a Deployment on /healthz and a Service, tempo score a CronJob") {
  const Rendered r = Render(kConfig);
  const YAML::Node deployment = r.by_name.at("Deployment/tempo-server");
  CHECK(deployment["spec"]["replicas"].as<int>() == 1);
  CHECK(deployment["spec"]["strategy"]["type"].as<std::string>() == "Recreate");
  const YAML::Node pod = deployment["spec"]["template"]["spec"];
  CheckPodSpec(pod, {"serve", "--listen", "0.0.0.0:9464"});
  const YAML::Node container = pod["containers"][0];
  CHECK(container["readinessProbe"]["httpGet"]["path"].as<std::string>() == "/healthz");
  CHECK(container["livenessProbe"]["httpGet"]["path"].as<std::string>() == "/healthz");
  CHECK(container["ports"][0]["containerPort"].as<int>() == 9464);
  CHECK_FALSE(container["env"]);  // it opens no plugin: no secrets
  CHECK_FALSE(pod["restartPolicy"]);
  const YAML::Node selector = deployment["spec"]["selector"]["matchLabels"];
  const YAML::Node labels = deployment["spec"]["template"]["metadata"]["labels"];
  for (const auto& entry : selector) {
    CHECK(labels[entry.first.as<std::string>()].as<std::string>() ==
          entry.second.as<std::string>());
  }
  const YAML::Node service = r.by_name.at("Service/tempo-server");
  CHECK(service["spec"]["selector"]["app.kubernetes.io/component"].as<std::string>() == "server");
  CHECK(service["spec"]["ports"][0]["targetPort"].as<std::string>() == "http");

  const YAML::Node score = r.by_name.at("CronJob/tempo-score");
  CHECK(score["spec"]["schedule"].as<std::string>() == "0 6 * * *");
  CHECK(score["spec"]["timeZone"].as<std::string>() == "America/New_York");
  const YAML::Node score_pod = score["spec"]["jobTemplate"]["spec"]["template"]["spec"];
  CheckPodSpec(score_pod, {"score"});
  CHECK(SecretEnv(score_pod["containers"][0]) ==
        std::map<std::string, std::string>{{"SCORER_NOTE", "SCORER_NOTE"}});

  const YAML::Node volume = r.by_name.at("PersistentVolumeClaim/tempo-data");
  CHECK(Strings(volume["spec"]["accessModes"]) == std::vector<std::string>{"ReadWriteOnce"});
  CHECK(volume["spec"]["resources"]["requests"]["storage"].as<std::string>() == "10Gi");
}

TEST_CASE("a variable outside the plugins' configs goes to every pod, its value to none") {
  const std::string canary = testing::NewCanary("store");
  ::setenv("TEMPO_TEST_DB", canary.c_str(), 1);
  const std::string text =
      "store: {path: \"${env:TEMPO_TEST_DB}\"}\n"
      "connections:\n"
      "  - {name: crm, plugin: httpecho, schedule: \"@daily\"}\n";
  const Rendered r = Render(text);
  ::unsetenv("TEMPO_TEST_DB");
  CHECK_THAT(r.yaml, !Contains(canary));
  for (const char* name : {"CronJob/tempo-sync-crm", "CronJob/tempo-score"}) {
    CHECK(SecretEnv(r.by_name.at(
                        name)["spec"]["jobTemplate"]["spec"]["template"]["spec"]["containers"][0])
              .count("TEMPO_TEST_DB") == 1);
  }
  CHECK(SecretEnv(
            r.by_name.at("Deployment/tempo-server")["spec"]["template"]["spec"]["containers"][0])
            .count("TEMPO_TEST_DB") == 1);
  REQUIRE(r.notes.size() == 1);
  CHECK_THAT(r.notes[0], Contains("store.path holds a ${env:...} reference"));
}

TEST_CASE("a store.path that would leave the volume is moved onto it, with a note") {
  const Rendered absolute = Render("store: {path: /home/ana/tempo.db}\n");
  CHECK(YAML::Load(absolute.by_name.at("ConfigMap/tempo-config")["data"]["tempo.yaml"]
                       .as<std::string>())["store"]["path"]
            .as<std::string>() == "/var/lib/tempo/tempo.db");
  REQUIRE(absolute.notes.size() == 1);
  CHECK_THAT(absolute.notes[0], Contains("the pods use /var/lib/tempo/tempo.db"));
  const Rendered up = Render("store: {path: ../shared/t.db}\n");
  CHECK_THAT(up.notes.at(0), Contains("/var/lib/tempo/t.db"));
  CHECK(Render("store: {path: /var/lib/tempo/x/t.db}\n").notes.empty());
}

TEST_CASE(
    "a manual run (--job) is one Job for kubectl create, with that connection's secrets only") {
  K8sOptions options;
  options.job = "adhoc";
  options.full_refresh = true;
  options.namespace_name = "partners";
  options.image = "registry.example.com:5000/team/tempo:0.1.0";
  const Rendered r = Render(kConfig, options);
  REQUIRE(r.documents.size() == 1);
  const YAML::Node job = r.documents[0];
  CHECK(job["kind"].as<std::string>() == "Job");
  CHECK(job["metadata"]["generateName"].as<std::string>() == "tempo-sync-adhoc-");
  CHECK_FALSE(job["metadata"]["name"]);
  CHECK(job["metadata"]["namespace"].as<std::string>() == "partners");
  CHECK(job["spec"]["ttlSecondsAfterFinished"].as<int>() == 86400);
  const YAML::Node container = job["spec"]["template"]["spec"]["containers"][0];
  CHECK(container["image"].as<std::string>() == "registry.example.com:5000/team/tempo:0.1.0");
  CHECK(Strings(container["args"]) == std::vector<std::string>{"-c", "/var/lib/tempo/tempo.yaml",
                                                               "sync", "adhoc", "--full-refresh"});
  CHECK(SecretEnv(container) == std::map<std::string, std::string>{{"ADHOC_KEY", "ADHOC_KEY"}});
  CHECK_THAT(r.yaml, Contains("--from-literal=ADHOC_KEY=..."));
  CHECK_THAT(r.yaml, !Contains("CRM_API_KEY"));

  options.job = "nope";
  CHECK_THAT(RenderError(kConfig, options), Contains("--job: no connection named 'nope'") &&
                                                Contains("it has: crm, files_eu, adhoc, no"));
}

TEST_CASE("refused: bad options, ${file:} references, colliding names, inexpressible schedules") {
  K8sOptions bad;
  bad.namespace_name = "Partner_Team";
  bad.image = "Tempo Image";
  bad.secret = "x_y";
  bad.cpu = "lots";
  bad.storage = "10 GB";
  bad.score_schedule = "every 7m";
  const std::string options = RenderError("store: {path: t.db}\n", bad);
  CHECK_THAT(options, Contains("--namespace 'Partner_Team' is not a Kubernetes namespace name"));
  CHECK_THAT(options, Contains("--image 'Tempo Image' is not an image reference"));
  CHECK_THAT(options, Contains("--secret 'x_y' is not a Kubernetes Secret name"));
  CHECK_THAT(options, Contains("--cpu 'lots' is not a Kubernetes quantity"));
  CHECK_THAT(options, Contains("--storage '10 GB' is not a Kubernetes quantity"));
  CHECK_THAT(options, Contains("--score-schedule: schedule 'every 7m' cannot be"));
  for (const char* image : {"tempo", "tempo:0.1.0", "ghcr.io/acme/tempo:1",
                            "localhost:5000/tempo@sha256:"
                            "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"}) {
    K8sOptions ok;
    ok.image = image;
    INFO(image);
    Render("store: {path: t.db}\n", ok);
  }

  const std::string refs = RenderError(
      "store: {path: t.db}\n"
      "connections:\n"
      "  - name: crm\n"
      "    plugin: httpecho\n"
      "    config:\n"
      "      api_key: ${file:/run/secrets/crm}\n"
      "      bearer_token: ${vault:crm}\n");
  CHECK_THAT(refs, Contains("tempo.yaml:6:16: connections[0].config.api_key: a ${file:...} "
                            "reference cannot be rendered for Kubernetes"));
  CHECK_THAT(refs, Contains("tempo.yaml:7:21: connections[0].config.bearer_token: not a "
                            "reference tempo reads"));

  const std::string names = RenderError(
      "store: {path: t.db}\n"
      "connections:\n"
      "  - {name: crm-eu, plugin: httpecho}\n"
      "  - {name: crm_eu, plugin: httpecho}\n");
  CHECK_THAT(names, Contains("tempo.yaml:4:5: connection 'crm_eu' and connection 'crm-eu' would "
                             "both be named 'crm-eu' in Kubernetes"));

  const std::string schedule = RenderError(
      "store: {path: t.db}\n"
      "connections:\n"
      "  - {name: crm, plugin: httpecho, schedule: every 45m}\n");
  CHECK_THAT(schedule, Contains("tempo.yaml:3:45: schedule 'every 45m' cannot be a Kubernetes "
                                "CronJob"));
}

}  // namespace
}  // namespace tempo::deploy
