// tempo-fakeapi: the fake provider APIs on one loopback port, for tests, benchmarks and the demo.
// Prints "listening on http://127.0.0.1:PORT" as its first stdout line, then serves until
// SIGTERM or SIGINT. Flags and the scenario format: docs/fake-api.md.
#include <signal.h>

#include <chrono>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "fakes/core/encoding.h"
#include "fakes/core/fake_api_server.h"
#include "fakes/core/scenario.h"
#include "fakes/files/partner_files.h"

namespace {

using tempo::Result;
using tempo::Status;
using tempo::fakes::ApplySettings;
using tempo::fakes::Dataset;
using tempo::fakes::Entity;
using tempo::fakes::FakeApiOptions;
using tempo::fakes::FakeApiServer;
using tempo::fakes::FaultKind;
using tempo::fakes::FaultRule;
using tempo::fakes::ParseFaultSpec;
using tempo::fakes::ParseScenario;
using tempo::fakes::RequestRecord;
using tempo::fakes::Scenario;

struct Flags {
  std::string scenario_path;
  std::vector<std::string> fault_specs;
  std::string fault_path;
  int64_t fail_nth = 0, throttle_every = 0, delay_ms = 0, quota = 0, expire_token_after = 0;
  bool log_requests = false;
};

FaultRule Shorthand(FaultKind kind, const std::string& path) {
  FaultRule rule;
  rule.kind = kind;
  rule.path = path;
  return rule;
}

// Adds the faults the shorthand flags ask for.
void AddShorthandFaults(const Flags& f, FakeApiOptions& options) {
  if (f.fail_nth > 0) {
    FaultRule r = Shorthand(FaultKind::kStatus, f.fault_path);
    r.status = 500;
    r.nth = f.fail_nth;
    options.faults.push_back(r);
  }
  if (f.throttle_every > 0) {
    FaultRule r = Shorthand(FaultKind::kRateLimited, f.fault_path);
    r.nth = f.throttle_every;
    r.every = f.throttle_every;
    r.times = -1;
    options.faults.push_back(r);
  }
  if (f.delay_ms > 0) {
    FaultRule r = Shorthand(FaultKind::kDelay, f.fault_path);
    r.delay_ms = f.delay_ms;
    r.times = -1;
    options.faults.push_back(r);
  }
  if (f.quota > 0) {
    FaultRule r = Shorthand(FaultKind::kQuota, f.fault_path);
    r.nth = f.quota + 1;
    r.times = -1;
    options.faults.push_back(r);
  }
  if (f.expire_token_after > 0) {
    FaultRule r = Shorthand(FaultKind::kExpireToken, f.fault_path);
    r.nth = f.expire_token_after + 1;
    options.faults.push_back(r);
  }
}

// "now" (today at 00:00 UTC: the demo's world ends today), or an ISO date or date-time.
Result<int64_t> ParseAsOf(const std::string& text) {
  constexpr int64_t kDayMs = 86'400'000;
  if (text == "now") {
    const int64_t now = std::chrono::duration_cast<std::chrono::milliseconds>(
                            std::chrono::system_clock::now().time_since_epoch())
                            .count();
    return now - now % kDayMs;
  }
  std::optional<int64_t> ms = tempo::fakes::ParseIsoDateTime(text);
  if (!ms) {
    return Status::InvalidArgument("--as-of must be now or an ISO date (2024-06-30), got '" + text +
                                   "'");
  }
  return *ms;
}

Status LoadScenario(const std::string& path, FakeApiOptions& options) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::NotFound("cannot read scenario file '" + path + "'");
  std::ostringstream text;
  text << in.rdbuf();
  Result<Scenario> scenario = ParseScenario(text.str());
  if (!scenario.ok()) return Status::InvalidArgument(path + ": " + scenario.status().message());
  Status s = ApplySettings(scenario->settings, options);
  if (!s.ok()) return Status::InvalidArgument(path + ": " + s.message());
  for (FaultRule& rule : scenario->faults) options.faults.push_back(std::move(rule));
  return Status::Ok();
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{
      "tempo-fakeapi: fake HubSpot, Salesforce, Mailchimp, Marketo and Crossbeam APIs on one "
      "loopback port, with a deterministic synthetic company (and its partner team's files) and "
      "fault injection (see docs/fake-api.md)"};
  FakeApiOptions options;
  Flags flags;
  uint64_t seed = 0;
  int64_t scale = 0, ties = 0, token_lifetime = 0, session_timeout = 0;
  int batch_size = 0;
  bool rotate = false;
  std::string salesforce_hidden;
  std::string crossbeam_crm;
  int64_t shared_domain_row = -1;
  bool missing_crm_overlap = false;
  std::string as_of, files_dir;
  int64_t partners = 0, history_days = 0;
  bool files_only = false;
  app.add_option("--host", options.host, "address to listen on")->capture_default_str();
  app.add_option("--port", options.port, "port to listen on; 0 picks a free one")
      ->capture_default_str();
  app.add_option("--seed", seed, "dataset seed (default 42)");
  app.add_option("--scale", scale,
                 "dataset volume: accounts; contacts 5x, deals 2x, leads 2x (default 200)");
  app.add_option("--partners", partners,
                 "partners among the accounts (default clamp(scale / 25, 3, 60)); the first five "
                 "play the planted roles");
  app.add_option("--history-days", history_days,
                 "days of history before --as-of in which records are created (default 730)");
  app.add_option("--as-of", as_of,
                 "the end of the generated history: now (today, 00:00 UTC) or an ISO date "
                 "(default 2024-06-30)");
  app.add_option("--write-files", files_dir,
                 "write the partner team's files of this dataset (partners, integrations, "
                 "accounts, installs, activities) into this folder before serving");
  app.add_flag("--files-only", files_only, "with --write-files: write them and exit");
  app.add_option("--ties", ties,
                 "rows per object sharing one modification timestamp (default 250)");
  app.add_option("--scenario", flags.scenario_path,
                 "scenario file: faults and settings (JSON or line format)");
  app.add_option(
      "--fault", flags.fault_specs,
      "a fault in the line format, e.g. \"status status=500 nth=37 path=/hubspot\" (repeatable)");
  app.add_option("--fault-path", flags.fault_path,
                 "path prefix the shorthand fault flags below apply to (default: all)");
  app.add_option("--fail-nth", flags.fail_nth, "the Nth request gets HTTP 500");
  app.add_option("--throttle-every", flags.throttle_every,
                 "every Nth request gets 429 with Retry-After: 1");
  app.add_option("--delay-ms", flags.delay_ms, "delay every response by N ms");
  app.add_option("--quota", flags.quota,
                 "the quota runs out after N requests (HubSpot 429 DAILY, Salesforce 403)");
  app.add_option("--expire-token-after", flags.expire_token_after,
                 "the access token used on request N+1 expires");
  app.add_option("--token-lifetime", token_lifetime,
                 "HubSpot OAuth access-token lifetime in seconds (default 1800)");
  app.add_option("--session-timeout", session_timeout,
                 "Salesforce session inactivity timeout in seconds (default 7200)");
  app.add_flag("--rotate-refresh-tokens", rotate,
               "each refresh returns a new refresh token and retires the old one");
  app.add_option("--batch-size", batch_size, "Salesforce query page size (default 2000)");
  app.add_option("--salesforce-hidden", salesforce_hidden,
                 "a restricted Salesforce org: objects the integration user cannot read and "
                 "fields field-level security hides, e.g. "
                 "\"Account.NumberOfEmployees,Partner,CampaignMember\"");
  app.add_option("--crossbeam-crm", crossbeam_crm,
                 "the CRM the fake Crossbeam organization is connected to: salesforce (default) "
                 "or hubspot; an overlap's record_id is that fake's account id");
  app.add_flag("--crossbeam-missing-crm-overlap", missing_crm_overlap,
               "plant an account overlap whose record_id names no CRM account");
  app.add_option("--shared-domain-row", shared_domain_row,
                 "plant two CRM accounts with one domain: this account row shows the domain of "
                 "the row before it");
  app.add_flag("--log-requests", flags.log_requests,
               "print one line per request on stderr (no secrets)");
  CLI11_PARSE(app, argc, argv);

  if (!flags.scenario_path.empty()) {
    Status s = LoadScenario(flags.scenario_path, options);
    if (!s.ok()) {
      std::cerr << "tempo-fakeapi: " << s.message() << "\n";
      return 2;
    }
  }
  if (app.count("--seed")) options.dataset.seed = seed;
  if (app.count("--scale")) options.dataset.scale = scale;
  if (app.count("--ties")) options.dataset.tie_rows = ties;
  if (app.count("--partners")) options.dataset.partners = partners;
  if (app.count("--history-days")) options.dataset.history_days = history_days;
  if (app.count("--as-of")) {
    Result<int64_t> ms = ParseAsOf(as_of);
    if (!ms.ok()) {
      std::cerr << "tempo-fakeapi: " << ms.status().message() << "\n";
      return 2;
    }
    options.dataset.as_of_ms = *ms;
  }
  if (files_only && files_dir.empty()) {
    std::cerr << "tempo-fakeapi: --files-only needs --write-files DIR\n";
    return 2;
  }
  if (files_only) {
    const Status s = tempo::fakes::WritePartnerFiles(Dataset(options.dataset), files_dir);
    if (!s.ok()) {
      std::cerr << "tempo-fakeapi: " << s.message() << "\n";
      return 1;
    }
    return 0;
  }
  if (app.count("--token-lifetime")) options.auth.hubspot_token_lifetime_s = token_lifetime;
  if (app.count("--session-timeout")) options.auth.salesforce_session_timeout_s = session_timeout;
  if (app.count("--batch-size")) options.salesforce_batch_size = batch_size;
  if (app.count("--salesforce-hidden")) options.salesforce_hidden = salesforce_hidden;
  if (rotate) options.auth.rotate_refresh_tokens = true;
  if (app.count("--crossbeam-crm")) options.crossbeam_crm = crossbeam_crm;
  if (missing_crm_overlap) options.crossbeam_missing_crm_overlap = true;
  if (app.count("--shared-domain-row")) options.dataset.shared_domain_row = shared_domain_row;
  for (const std::string& spec : flags.fault_specs) {
    Result<FaultRule> rule = ParseFaultSpec(spec);
    if (!rule.ok()) {
      std::cerr << "tempo-fakeapi: --fault \"" << spec << "\": " << rule.status().message() << "\n";
      return 2;
    }
    options.faults.push_back(std::move(*rule));
  }
  AddShorthandFaults(flags, options);
  if (flags.log_requests) {
    options.on_request = [](const RequestRecord& r) {
      std::fprintf(stderr, "%lld %s %s -> %d credential=%s%s%s\n", static_cast<long long>(r.seq),
                   r.method.c_str(), r.path.c_str(), r.status, r.credential.c_str(),
                   r.fault.empty() ? "" : " fault=", r.fault.c_str());
    };
  }

  // Signals are taken by sigwait below; block them before any server thread exists.
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGTERM);
  sigaddset(&stop_signals, SIGINT);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);

  Result<std::unique_ptr<FakeApiServer>> server = FakeApiServer::Start(options);
  if (!server.ok()) {
    std::cerr << "tempo-fakeapi: " << server.status().message() << "\n";
    return server.status().code() == tempo::StatusCode::kInvalidArgument ? 2 : 1;
  }
  if (!files_dir.empty()) {
    const Status s = (*server)->WithDataset(
        [&](const Dataset& d) { return tempo::fakes::WritePartnerFiles(d, files_dir); });
    if (!s.ok()) {
      std::cerr << "tempo-fakeapi: " << s.message() << "\n";
      return 1;
    }
  }
  std::printf("listening on %s\n", (*server)->url().c_str());
  std::fflush(stdout);
  (*server)->WithDataset([&](const Dataset& d) {
    std::fprintf(
        stderr,
        "tempo-fakeapi: seed %llu: %lld accounts (%d partners), %lld contacts, %lld deals, "
        "%lld leads, %lld campaigns; /hubspot, /salesforce, /mailchimp, /crossbeam, /_admin; %zu "
        "fault "
        "rule(s)\n",
        static_cast<unsigned long long>(d.options().seed),
        static_cast<long long>(d.Count(Entity::kAccount)), d.PartnerCount(),
        static_cast<long long>(d.Count(Entity::kContact)),
        static_cast<long long>(d.Count(Entity::kDeal)),
        static_cast<long long>(d.Count(Entity::kLead)),
        static_cast<long long>(d.Count(Entity::kCampaign)), options.faults.size());
    return 0;
  });

  int signal_number = 0;
  sigwait(&stop_signals, &signal_number);
  std::fprintf(stderr, "tempo-fakeapi: %s, stopping\n",
               signal_number == SIGTERM ? "SIGTERM" : "SIGINT");
  (*server)->Stop();
  return 0;
}
