// `tempo deploy k8s` through the real binary: the plugins on the plugin path check every
// connection's config (the httpecho test connector's schema marks its keys x-secret), the
// connections' secrets are set to canary values in the command's environment and must appear
// nowhere in what it prints, a secret written into the config is refused with its position,
// and the config the pods read passes `tempo config check` once its variables are set.
#include <string>
#include <vector>

#include <yaml-cpp/yaml.h>
#include <catch2/catch.hpp>

#include "support/process.h"
#include "support/secrets_canary.h"
#include "support/temp_dir.h"

namespace tempo::testing {
namespace {

using Catch::Matchers::Contains;

std::string Config(const std::string& crm_config) {
  return "store: {path: data/tempo.db}\n"
         "plugins: {path: [" TEMPO_PLUGIN_DIR ", " TEMPO_BINARY_DIR
         "/test-plugins]}\n"
         "connections:\n"
         "  - name: crm_eu\n"
         "    plugin: httpecho\n"
         "    schedule: \"0 */2 * * *\"\n"
         "    timezone: Europe/Paris\n"
         "    config:\n" +
         crm_config +
         "  - name: leads\n"
         "    plugin: synthetic\n"
         "    schedule: every 30m\n"
         "    config: {records: 10}\n"
         "  - name: backfill\n"
         "    plugin: httpecho\n"
         "    config:\n"
         "      base_url: http://127.0.0.1:1\n"
         "      api_key: ${env:BACKFILL_KEY}\n";
}

constexpr const char* kCrmConfig =
    "      base_url: https://crm.example.com\n"
    "      auth: oauth_refresh\n"
    "      token_url: https://crm.example.com/token\n"
    "      client_id: tempo\n"
    "      client_secret: ${env:CRM_CLIENT_SECRET}\n"
    "      refresh_token: ${env:CRM_REFRESH_TOKEN}\n";

ProcessResult Deploy(const TempDir& dir, std::vector<std::string> args,
                     const std::vector<std::string>& env = {}) {
  args.insert(args.begin(), {TempoBinary(), "-c", dir.File("tempo.yaml"), "deploy", "k8s"});
  return RunProcess(args, dir.path(), env);
}

TEST_CASE("deploy k8s renders from the config without its secrets, and prints none of them") {
  TempDir dir;
  dir.Write("tempo.yaml", Config(kCrmConfig));
  SecretsCanary canary;
  std::vector<std::string> env;
  for (const char* name : {"CRM_CLIENT_SECRET", "CRM_REFRESH_TOKEN", "BACKFILL_KEY"}) {
    const std::string value = NewCanary(name);
    canary.Add(name, value);
    env.push_back(std::string(name) + "=" + value);
  }
  const ProcessResult r = Deploy(dir, {"--namespace", "partners"}, env);
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  canary.ScanText("deploy k8s stdout", r.out);
  canary.ScanText("deploy k8s stderr", r.err);
  CHECK(canary.findings().empty());
  CHECK(canary.secrets() == 3);

  const std::vector<YAML::Node> documents = YAML::LoadAll(r.out);
  std::vector<std::string> names;
  for (const YAML::Node& doc : documents) {
    CHECK(doc["metadata"]["namespace"].as<std::string>() == "partners");
    names.push_back(doc["kind"].as<std::string>() + "/" +
                    doc["metadata"]["name"].as<std::string>());
  }
  CHECK(names == std::vector<std::string>{
                     "ConfigMap/tempo-config", "PersistentVolumeClaim/tempo-data",
                     "Deployment/tempo-server", "Service/tempo-server", "CronJob/tempo-score",
                     "CronJob/tempo-sync-crm-eu", "CronJob/tempo-sync-leads"});
  const YAML::Node crm = documents[5]["spec"];
  CHECK(crm["schedule"].as<std::string>() == "0 */2 * * *");
  CHECK(crm["timeZone"].as<std::string>() == "Europe/Paris");
  CHECK(crm["concurrencyPolicy"].as<std::string>() == "Forbid");
  const YAML::Node container = crm["jobTemplate"]["spec"]["template"]["spec"]["containers"][0];
  std::vector<std::string> from_secret;
  for (const YAML::Node& var : container["env"]) {
    CHECK(var["valueFrom"]["secretKeyRef"]["name"].as<std::string>() == "tempo-secrets");
    from_secret.push_back(var["valueFrom"]["secretKeyRef"]["key"].as<std::string>());
  }
  CHECK(from_secret == std::vector<std::string>{"CRM_CLIENT_SECRET", "CRM_REFRESH_TOKEN"});
  CHECK(documents[6]["spec"]["schedule"].as<std::string>() == "*/30 * * * *");
  CHECK_THAT(r.out, Contains("# Connection backfill: no schedule; run it with tempo deploy k8s "
                             "--job backfill | kubectl create -f -"));

  // The config the pods read: with the image's plugin folder swapped for this build's and the
  // variables set, tempo itself finds it valid.
  YAML::Node pod_config = YAML::Load(documents[0]["data"]["tempo.yaml"].as<std::string>());
  CHECK(pod_config["plugins"]["path"].as<std::string>() == "/opt/tempo/lib/tempo/plugins");
  pod_config["plugins"]["path"] = TEMPO_BINARY_DIR "/test-plugins";
  YAML::Emitter emitter;
  emitter << pod_config;
  TempDir pod;
  pod.Write("tempo.yaml", emitter.c_str());
  const ProcessResult check =
      RunProcess({TempoBinary(), "-c", pod.File("tempo.yaml"), "config", "check"}, pod.path(), env);
  INFO(check.err);
  CHECK(check.exit_code == 0);
  CHECK_THAT(check.out, Contains("3 connection(s)"));

  // -o FILE: the same text, in the file.
  const ProcessResult file = Deploy(dir, {"--namespace", "partners", "-o", dir.File("k8s.yaml")});
  REQUIRE(file.exit_code == 0);
  CHECK(ReadWhole(dir.File("k8s.yaml")) == r.out);
}

TEST_CASE("deploy k8s --job: one Job for a manual run, with only that connection's secrets") {
  TempDir dir;
  dir.Write("tempo.yaml", Config(kCrmConfig));
  const ProcessResult r = Deploy(dir, {"--job", "backfill", "--full-refresh"});
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  const std::vector<YAML::Node> documents = YAML::LoadAll(r.out);
  REQUIRE(documents.size() == 1);
  CHECK(documents[0]["kind"].as<std::string>() == "Job");
  CHECK(documents[0]["metadata"]["generateName"].as<std::string>() == "tempo-sync-backfill-");
  const YAML::Node container = documents[0]["spec"]["template"]["spec"]["containers"][0];
  CHECK(container["args"][3].as<std::string>() == "backfill");
  CHECK(container["args"][4].as<std::string>() == "--full-refresh");
  CHECK(container["env"].size() == 1);
  CHECK(container["env"][0]["name"].as<std::string>() == "BACKFILL_KEY");

  const ProcessResult alone = Deploy(dir, {"--full-refresh"});
  CHECK(alone.exit_code == 2);
  CHECK_THAT(alone.err, Contains("--full-refresh goes with --job CONNECTION"));
  CHECK(alone.out.empty());
}

TEST_CASE("deploy k8s refuses a secret written into the config, with where it is") {
  TempDir dir;
  const std::string literal = NewCanary("inline");
  dir.Write("tempo.yaml", Config(std::string(kCrmConfig) + "      api_key: " + literal + "\n"));
  const ProcessResult r = Deploy(dir, {});
  CHECK(r.exit_code == 2);
  CHECK(r.out.empty());
  CHECK_THAT(r.err, Contains("tempo.yaml:15:16: connections[0].config.api_key: a secret written "
                             "into the config file"));
  CHECK_THAT(r.err, Contains("${env:NAME}"));
  CHECK_THAT(r.err, Contains("nothing rendered"));
  CHECK_THAT(r.err, !Contains(literal));
}

TEST_CASE("deploy k8s refuses bad options and configs Kubernetes cannot run, rendering nothing") {
  TempDir dir;
  dir.Write("tempo.yaml", Config(kCrmConfig));
  const ProcessResult ns = Deploy(dir, {"--namespace", "Partner Team", "--image", "tempo:"});
  CHECK(ns.exit_code == 2);
  CHECK(ns.out.empty());
  CHECK_THAT(ns.err, Contains("--namespace 'Partner Team' is not a Kubernetes namespace name"));
  CHECK_THAT(ns.err, Contains("--image 'tempo:' is not an image reference"));

  const ProcessResult job = Deploy(dir, {"--job", "crm"});
  CHECK(job.exit_code == 2);
  CHECK_THAT(job.err, Contains("--job: no connection named 'crm'"));

  dir.Write("tempo.yaml", Config("      client_secret: ${file:/run/secrets/crm}\n"));
  const ProcessResult file = Deploy(dir, {});
  CHECK(file.exit_code == 2);
  CHECK(file.out.empty());
  CHECK_THAT(file.err, Contains("tempo.yaml:9:22: connections[0].config.client_secret: a "
                                "${file:...} reference cannot be rendered for Kubernetes"));

  // A plugin config the plugin's schema refuses: as tempo config check would say.
  dir.Write("tempo.yaml", Config("      pages: 0\n"));
  const ProcessResult schema = Deploy(dir, {});
  CHECK(schema.exit_code == 2);
  CHECK_THAT(schema.err, Contains("connections[0].config.pages: must be at least 1"));
}

}  // namespace
}  // namespace tempo::testing
