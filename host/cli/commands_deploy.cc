// tempo deploy k8s: Kubernetes manifests for the config (host/deploy/k8s.h renders them).
//
// The config is loaded as `tempo status` loads it, with the plugins' ${env:}/${file:}
// references unresolved, so the operator's shell needs none of the secrets; every plugin config
// is still checked against its plugin's schema, as `tempo config check` does, and a secret
// written into the file itself is refused with its file:line:column (it would end up in a
// ConfigMap).
#include <CLI/CLI.hpp>

#include <iostream>

#include "cli/commands.h"
#include "common/log.h"
#include "config/local_files.h"
#include "deploy/k8s.h"
#include "report/atomic_file.h"

namespace tempo::cli {
namespace {

struct DeployArgs {
  deploy::K8sOptions k8s;
  std::string out;  // -o FILE ("" or "-": stdout)
};

// Every plugin config checked against its schema; inline secrets are errors (LoadOptions).
std::vector<std::string> CheckPluginConfigs(const config::Config& config) {
  std::vector<std::string> problems;
  const std::vector<std::string> folders = PluginFolders(&config);
  for (size_t i = 0; i < config.connections.size(); ++i) {
    const config::ConnectionConfig& c = config.connections[i];
    Result<const plugin::Plugin*> p = plugin::FindPlugin(folders, c.plugin);
    if (!p.ok()) {
      problems.push_back(c.plugin_location + ": " + p.status().message());
      continue;
    }
    Result<std::string> rendered = RenderConnectionConfig(config, i, **p);
    if (!rendered.ok()) problems.push_back(rendered.status().message());
  }
  for (size_t i = 0; i < config.scorers.size(); ++i) {
    const config::ScorerConfig& s = config.scorers[i];
    Result<const plugin::Plugin*> p = plugin::FindPlugin(folders, s.plugin);
    if (!p.ok()) {
      problems.push_back(s.plugin_location + ": " + p.status().message());
      continue;
    }
    Result<std::string> rendered = config::RenderPluginConfig(
        config, s.config, "scorers[" + std::to_string(i) + "]", (*p)->config_schema);
    if (!rendered.ok()) problems.push_back(rendered.status().message());
  }
  return problems;
}

int DeployK8s(const GlobalOptions& g, const DeployArgs& args) {
  if (args.k8s.full_refresh && args.k8s.job.empty()) {
    return Fail(Status::InvalidArgument("--full-refresh goes with --job CONNECTION (a manual "
                                        "run); the CronJobs always sync incrementally"),
                kExitUsage);
  }
  config::LoadOptions load;
  load.resolve_plugin_config = false;
  load.refuse_inline_secrets = true;
  Result<config::Config> config = LoadConfigFor(g, load);
  if (!config.ok()) return Fail(config.status(), kExitUsage);
  std::vector<std::string> problems = CheckPluginConfigs(*config);
  if (!problems.empty()) {
    for (const std::string& problem : problems) std::cerr << log::Redact(problem) << "\n";
    std::cerr << "tempo: deploy k8s: the config has " << problems.size()
              << " problem(s); nothing rendered\n";
    return kExitUsage;
  }
  Result<std::string> text = config::ReadTextFile(config->path);
  if (!text.ok()) return Fail(text.status(), kExitUsage);
  std::string fx_rates;
  if (!config->fx_rates_path.empty()) {
    Result<std::string> fx = config::ReadTextFile(config->fx_rates_path);
    if (!fx.ok()) return Fail(fx.status(), kExitUsage);
    fx_rates = std::move(fx).value();
  }
  Result<deploy::K8sOutput> rendered = deploy::RenderK8s(*config, *text, fx_rates, args.k8s);
  if (!rendered.ok()) {
    return Fail(
        Status(rendered.status().code(), "deploy k8s: " + rendered.status().message()),
        rendered.status().code() == StatusCode::kInvalidArgument ? kExitUsage : kExitRunFailed);
  }
  for (const std::string& note : rendered->notes) log::Warn("deploy k8s: " + note);
  if (args.out.empty() || args.out == "-") {
    std::cout << rendered->yaml;
    std::cout.flush();
    return std::cout ? kExitOk : kExitRunFailed;
  }
  if (Status s = report::WriteFileAtomically(args.out, rendered->yaml); !s.ok()) {
    return Fail(s, kExitRunFailed);
  }
  std::cerr << "tempo: deploy k8s: manifests written to " << args.out << "\n";
  return kExitOk;
}

}  // namespace

void AddDeployCommands(CLI::App& app, const GlobalOptions& g, int& code) {
  auto* deploy = app.add_subcommand("deploy", "Render deployment manifests for the config");
  deploy->require_subcommand(1);
  static DeployArgs args;
  auto* k8s = deploy->add_subcommand(
      "k8s",
      "Render Kubernetes manifests: a ConfigMap with the config, a volume for the store, one "
      "CronJob per scheduled connection (tempo sync CONN), a CronJob for tempo score, and a "
      "Deployment and Service for tempo serve (/healthz, /metrics, /report)");
  k8s->add_option("-n,--namespace", args.k8s.namespace_name,
                  "Namespace of every object (default tempo)");
  k8s->add_option("--image", args.k8s.image,
                  "Image with tempo and its plugins, built from the Dockerfile (default "
                  "tempo:latest)");
  k8s->add_option("--secret", args.k8s.secret,
                  "Secret holding the config's ${env:NAME} variables (default tempo-secrets)");
  k8s->add_option("--score-schedule", args.k8s.score_schedule,
                  "When tempo score runs, in scheduler.timezone (default '0 6 * * *')");
  k8s->add_option("--cpu", args.k8s.cpu, "CPU request of each container (default 100m)");
  k8s->add_option("--memory", args.k8s.memory, "Memory request of each container (default 256Mi)");
  k8s->add_option("--memory-limit", args.k8s.memory_limit,
                  "Memory limit of each container (default 1Gi)");
  k8s->add_option("--storage", args.k8s.storage, "Size of the store's volume (default 10Gi)");
  k8s->add_option("--job", args.k8s.job,
                  "Render only a Job running this connection once, for kubectl create -f -");
  k8s->add_flag("--full-refresh", args.k8s.full_refresh,
                "With --job: the run re-reads everything (sync --full-refresh)");
  k8s->add_option("-o,--out", args.out, "Write to this file (default: stdout)");
  k8s->footer(
      "Apply: kubectl create namespace tempo; kubectl -n tempo create secret generic "
      "tempo-secrets --from-literal=NAME=VALUE for each ${env:NAME} of the config (the output "
      "lists the names; values never appear in it); then tempo deploy k8s | kubectl apply -f -. "
      "Secrets must be ${env:NAME} references: ${file:PATH} and secrets written into the config "
      "are refused. The pods read the config from /var/lib/tempo/tempo.yaml on the volume, so "
      "relative paths (store.path, files a connector reads) are on the volume. Needs no secret "
      "in the environment; checks every plugin config as tempo config check does. Exit codes: "
      "0 rendered, 2 config or option error (nothing rendered), 1 the file could not be "
      "written. docs/scale-out.md.");
  k8s->callback([&g, &code] { code = DeployK8s(g, args); });
}

}  // namespace tempo::cli
