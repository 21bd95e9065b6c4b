// Every HTTP connector on main as a connection to the in-process fake APIs (tests/fakes), for
// the suites that run all of them the same way: the kill loop, the fault matrix and the secrets
// canary. One entry per connector says where its data pages are (for faults and delays), which
// fault rows do not apply to it and why, how the fake is set up for a small, fast dataset, how
// its source changes (records touched, added, archived), and its connection YAML.
//
// Secrets are fresh canary strings per case: the fake is started accepting them, the YAML
// names them only as `${env:...}` references (so no file holds them), and the child processes
// get them through their environment (`FakeConnection::env`).
#ifndef TEMPO_TESTS_SUPPORT_FAKE_CONNECTIONS_H_
#define TEMPO_TESTS_SUPPORT_FAKE_CONNECTIONS_H_

#include <chrono>
#include <map>
#include <random>
#include <string>
#include <vector>

#include "fakes/core/fake_api_server.h"
#include "fakes/crossbeam/provider_crossbeam.h"
#include "support/secrets_canary.h"

namespace tempo::testing {

enum class HttpConnector {
  kHubSpot,
  kSalesforce,
  kMarketo,
  kMailchimp,
  kCrossbeam,
  kPartnerStack,  // the rest connector's shipped partnerstack manifest
  kImpartner,     // the rest connector's shipped impartner manifest
};

struct HttpConnectorSpec {
  HttpConnector id;
  const char* name;  // also the connection's name
  const char* plugin;
  const char* data_path;  // prefix of the data requests (delays go there)
  // Where the fault matrix puts its faults: the `fault_nth`th request under `fault_path`.
  const char* fault_path;
  int fault_nth;
  const char* streams;  // the `streams:` list, modes left to the stream's default
  // Why the token-expiry row does not apply ("" when it does).
  const char* no_token_expiry;
  // Why the quota row does not apply ("" when it does).
  const char* no_quota;
};

inline const std::vector<HttpConnectorSpec>& HttpConnectors() {
  static const std::vector<HttpConnectorSpec> kSpecs = {
      {HttpConnector::kHubSpot, "hubspot", "hubspot", "/hubspot/crm/v3/objects/",
       "/hubspot/crm/v3/objects/", 2, "[contacts, companies, deals]", "", ""},
      {HttpConnector::kSalesforce, "salesforce", "salesforce", "/salesforce/services/data/v62.0/q",
       "/salesforce/services/data/v62.0/q", 2, "[account, contact, opportunity, lead]", "", ""},
      // The 4th bulk request is the export file (create, enqueue, status, file): CSV, not JSON.
      {HttpConnector::kMarketo, "marketo", "marketo", "/marketo/", "/marketo/bulk/", 4,
       "[leads, programs]", "", ""},
      {HttpConnector::kMailchimp, "mailchimp", "mailchimp", "/mailchimp/3.0/lists/",
       "/mailchimp/3.0/lists/", 2, "[campaigns, members]",
       "API keys do not expire (Mailchimp's OAuth tokens do not either): nothing to renew",
       "Mailchimp has no request quota, only 10 simultaneous connections (a 429: the 429 row)"},
      {HttpConnector::kCrossbeam, "crossbeam", "crossbeam", "/crossbeam/v1/", "/crossbeam/v1/", 2,
       "[partners, account_overlaps, lead_overlaps]", "",
       "Crossbeam's API has no daily quota, only a rate limit (a 429: the 429 row)"},
      {HttpConnector::kPartnerStack, "partnerstack", "rest", "/partnerstack/api/v2/",
       "/partnerstack/api/v2/", 2, "[partnerships, customers, deals]",
       "HTTP Basic with a key pair: no token to expire",
       "PartnerStack documents a rate limit only (a 429: the 429 row), no quota"},
      {HttpConnector::kImpartner, "impartner", "rest", "/impartner/api/objects/v1/",
       "/impartner/api/objects/v1/", 2, "[accounts]",
       "an API key in a header (prm-key): no token to expire",
       "no documented quota; a throttled request is a 429 (the 429 row)"},
  };
  return kSpecs;
}

inline const HttpConnectorSpec& SpecOf(HttpConnector id) {
  for (const HttpConnectorSpec& s : HttpConnectors()) {
    if (s.id == id) return s;
  }
  return HttpConnectors().front();
}

// One connection of a connector against a running fake: its YAML and the environment that
// carries its secrets.
struct FakeConnection {
  std::string name;
  std::map<std::string, std::string> secrets;  // env variable -> canary value
  std::vector<std::string> env;                // "NAME=value" for StartProcess
  std::string yaml;                            // the `- name: ...` entry under connections:

  // Registers the configured secrets with `canary`.
  void AddSecretsTo(SecretsCanary& canary) const {
    for (const auto& [var, value] : secrets) canary.Add(name + " " + var, value);
  }
};

inline int64_t WallClockMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

// Fresh canary secrets for `id`, keyed by the environment variable that carries each.
inline std::map<std::string, std::string> NewSecrets(HttpConnector id) {
  const std::string n = SpecOf(id).name;
  auto canary = [&](const char* what) { return NewCanary(n + "-" + what); };
  switch (id) {
    case HttpConnector::kHubSpot:
    case HttpConnector::kSalesforce:
    case HttpConnector::kCrossbeam:
      return {{"CANARY_CLIENT_SECRET", canary("client-secret")},
              {"CANARY_REFRESH_TOKEN", canary("refresh-token")}};
    case HttpConnector::kMarketo:
      return {{"CANARY_CLIENT_SECRET", canary("client-secret")}};
    case HttpConnector::kMailchimp:
      return {{"CANARY_API_KEY", canary("api-key") + "-us21"}};  // <key>-<dc>
    case HttpConnector::kPartnerStack:
      return {{"CANARY_PUBLIC_KEY", canary("public-key")},
              {"CANARY_SECRET_KEY", canary("secret-key")}};
    case HttpConnector::kImpartner:
      return {{"CANARY_API_KEY", canary("api-key")}};
  }
  return {};
}

// The fake set up for `id`: a small dataset (a few pages of each stream), and the canary
// `secrets` as the credentials it accepts.
inline fakes::FakeApiOptions FakeOptionsFor(HttpConnector id,
                                            const std::map<std::string, std::string>& secrets) {
  fakes::FakeApiOptions o;
  o.dataset.scale = 24;
  o.dataset.tie_rows = 12;
  o.salesforce_batch_size = 200;
  auto secret = [&](const char* var) { return secrets.at(var); };
  switch (id) {
    case HttpConnector::kHubSpot:
      o.auth.hubspot_client_secret = secret("CANARY_CLIENT_SECRET");
      o.auth.hubspot_refresh_token = secret("CANARY_REFRESH_TOKEN");
      break;
    case HttpConnector::kSalesforce:
      o.dataset.scale = 60;  // 300 contacts: two pages of the smallest batch (200)
      o.auth.salesforce_client_secret = secret("CANARY_CLIENT_SECRET");
      o.auth.salesforce_refresh_token = secret("CANARY_REFRESH_TOKEN");
      break;
    case HttpConnector::kMarketo:
      // Marketo reads leads in export windows of 31 days: a recent history of 20 days, one
      // window.
      o.dataset.history_days = 20;
      o.dataset.as_of_ms = WallClockMs() - 2 * 86'400'000LL;
      o.auth.marketo_client_secret = secret("CANARY_CLIENT_SECRET");
      break;
    case HttpConnector::kMailchimp:
      o.mailchimp.api_key = secret("CANARY_API_KEY");
      break;
    case HttpConnector::kCrossbeam:
      o.dataset.scale = 60;
      o.auth.crossbeam_client_secret = secret("CANARY_CLIENT_SECRET");
      o.auth.crossbeam_refresh_token = secret("CANARY_REFRESH_TOKEN");
      break;
    case HttpConnector::kPartnerStack:
      o.dataset.scale = 60;
      o.partnerstack.public_key = secret("CANARY_PUBLIC_KEY");
      o.partnerstack.secret_key = secret("CANARY_SECRET_KEY");
      break;
    case HttpConnector::kImpartner:
      o.dataset.scale = 300;  // 12 partners
      o.impartner.api_key = secret("CANARY_API_KEY");
      break;
  }
  return o;
}

// Tight HTTP settings: quick retries, short timeouts (a hung response ends after 1 s).
inline std::string FastHttpSettings(int max_attempts = 6) {
  return "{max_attempts: " + std::to_string(max_attempts) +
         ", initial_backoff: 0.01, max_backoff: 0.05, timeout: 2, idle_timeout: 1, "
         "connect_timeout: 2}";
}

// The connection of `id` against `server`, its secrets as ${env:...} references. `extra` are
// more lines of the connection (`    schedule: every 1s\n`), at 4 spaces.
inline FakeConnection ConnectionTo(HttpConnector id, const fakes::FakeApiServer& server,
                                   const std::map<std::string, std::string>& secrets,
                                   const std::string& extra = "",
                                   const std::string& http = FastHttpSettings()) {
  const HttpConnectorSpec& spec = SpecOf(id);
  FakeConnection c;
  c.name = spec.name;
  c.secrets = secrets;
  for (const auto& [var, value] : secrets) c.env.push_back(var + "=" + value);
  std::string config;
  switch (id) {
    case HttpConnector::kHubSpot:
      config = "      base_url: " + server.url("/hubspot") +
               "\n      token_url: " + server.url("/hubspot/oauth/v1/token") +
               "\n      portal_id: \"42\"\n      client_id: fake-hubspot-client-id\n"
               "      client_secret: ${env:CANARY_CLIENT_SECRET}\n"
               "      refresh_token: ${env:CANARY_REFRESH_TOKEN}\n"
               "      page_size: 10\n      search_page_size: 10\n"
               "      search_requests_per_second: 200\n      requests_per_10s: 1000\n";
      break;
    case HttpConnector::kSalesforce:
      config = "      login_url: " + server.url("/salesforce") +
               "\n      client_id: fake-salesforce-client-id\n"
               "      client_secret: ${env:CANARY_CLIENT_SECRET}\n"
               "      refresh_token: ${env:CANARY_REFRESH_TOKEN}\n"
               "      batch_size: 200\n      requests_per_second: 0\n"
               "      lead_partner_field: Referring_Partner__c\n"
               "      campaign_partner_field: Partner_Account__c\n";
      break;
    case HttpConnector::kMarketo: {
      // From before the dataset's history: the first full read is one 31-day export window.
      const int64_t start_ms = server.options().dataset.as_of_ms - 25 * 86'400'000LL;
      const std::time_t start_s = static_cast<std::time_t>(start_ms / 1000);
      std::tm tm{};
      gmtime_r(&start_s, &tm);
      char start[32];
      std::strftime(start, sizeof start, "%Y-%m-%dT%H:%M:%SZ", &tm);
      config = "      base_url: " + server.url("/marketo") +
               "\n      client_id: fake-marketo-client-id\n"
               "      client_secret: ${env:CANARY_CLIENT_SECRET}\n"
               "      start_date: \"" +
               std::string(start) +
               "\"\n      partner_field: referringPartner\n      bulk_poll_seconds: 1\n";
      break;
    }
    case HttpConnector::kMailchimp:
      config =
          "      api_key: ${env:CANARY_API_KEY}\n      base_url: " + server.url("/mailchimp/3.0") +
          "\n      page_size: 10\n";
      break;
    case HttpConnector::kCrossbeam:
      config = "      base_url: " + server.url("/crossbeam") +
               "\n      token_url: " + server.url("/crossbeam/oauth/token") +
               "\n      client_id: fake-crossbeam-client-id\n"
               "      client_secret: ${env:CANARY_CLIENT_SECRET}\n"
               "      refresh_token: ${env:CANARY_REFRESH_TOKEN}\n      page_size: 10\n";
      break;
    case HttpConnector::kPartnerStack:
      config =
          "      manifest: partnerstack\n      base_url: " + server.url("/partnerstack/api/v2") +
          "\n      public_key: ${env:CANARY_PUBLIC_KEY}\n"
          "      secret_key: ${env:CANARY_SECRET_KEY}\n      page_size: 8\n";
      break;
    case HttpConnector::kImpartner:
      config =
          "      manifest: impartner\n      base_url: " + server.url("/impartner/api/objects/v1") +
          "\n      api_key: ${env:CANARY_API_KEY}\n      page_size: 3\n";
      break;
  }
  c.yaml = "  - name: " + c.name + "\n    plugin: " + spec.plugin +
           "\n    streams: " + spec.streams + "\n    http: " + http + "\n" + extra +
           "    config:\n" + config;
  return c;
}

// A tempo.yaml for `connections` with its store at `store_path`, serving /healthz and /metrics
// on a free loopback port when the daemon runs it.
inline std::string TempoYaml(const std::string& store_path, const std::string& connections,
                             const std::string& more = "") {
  return "store:\n  path: " + store_path +
         "\nplugins:\n  path: [" TEMPO_PLUGIN_DIR "]\nserver:\n  listen: \"127.0.0.1:0\"\n" + more +
         "connections:\n" + connections;
}

// Registers every token the fake has handed out so far with `canary`: access tokens must
// appear nowhere; rotated refresh tokens only in the HTTP state file.
inline void AddIssuedTokens(fakes::FakeApiServer& server, SecretsCanary& canary) {
  int n = 0;
  for (const fakes::HandedOutToken& t : server.tokens().IssuedSecrets()) {
    canary.Add(
        (t.refresh ? "issued refresh token #" : "issued access token #") + std::to_string(++n),
        t.value, t.refresh);
  }
}

// How the source changes between runs.
enum class SourceChange {
  kTouch,    // a few records modified now
  kAppend,   // a few records created now
  kArchive,  // a few records archived (deleted at the source)
};

inline const char* ChangeName(SourceChange c) {
  switch (c) {
    case SourceChange::kTouch:
      return "touch";
    case SourceChange::kAppend:
      return "append";
    case SourceChange::kArchive:
      return "archive";
  }
  return "?";
}

// Changes the source of `id` in `server` as `change` says, on records drawn with `rng`.
// Archives come from the first half of the rows, touches from anywhere: a touched row may be
// one archived before (it stays archived).
inline void ChangeSource(HttpConnector id, fakes::FakeApiServer& server, SourceChange change,
                         std::mt19937& rng) {
  using fakes::Entity;
  std::vector<Entity> entities;
  switch (id) {
    case HttpConnector::kHubSpot:
      entities = {Entity::kContact, Entity::kAccount, Entity::kDeal};
      break;
    case HttpConnector::kSalesforce:
      entities = {Entity::kContact, Entity::kAccount, Entity::kDeal, Entity::kLead};
      break;
    case HttpConnector::kMarketo:
    case HttpConnector::kMailchimp:
      entities = {Entity::kLead};
      break;
    case HttpConnector::kPartnerStack:
      entities = {Entity::kDeal, Entity::kAccount};
      break;
    case HttpConnector::kImpartner:
      entities = {Entity::kAccount};
      break;
    case HttpConnector::kCrossbeam: {
      auto& xb = server.crossbeam();
      const auto kind = rng() % 2 == 0 ? fakes::OverlapKind::kAccounts : fakes::OverlapKind::kLeads;
      const int64_t first = static_cast<int64_t>(rng() % 20);
      const auto mutation = change == SourceChange::kTouch    ? fakes::XbMutation::kChange
                            : change == SourceChange::kAppend ? fakes::XbMutation::kAdd
                                                              : fakes::XbMutation::kDelete;
      xb.Mutate(mutation, kind, first, 2);
      return;
    }
  }
  const int64_t now = server.NowMs();
  server.WithDataset([&](fakes::Dataset& d) {
    for (Entity e : entities) {
      int64_t count = d.Count(e);
      if (id == HttpConnector::kImpartner) count = d.PartnerCount();  // partners come first
      if (count < 4) continue;
      switch (change) {
        case SourceChange::kTouch:
          d.TouchRange(e, static_cast<int64_t>(rng() % static_cast<uint64_t>(count - 2)), 2, now);
          break;
        case SourceChange::kAppend:
          if (id != HttpConnector::kImpartner) d.Append(e, 2, now);
          break;
        case SourceChange::kArchive:
          d.ArchiveRange(e, static_cast<int64_t>(rng() % static_cast<uint64_t>(count / 2)), 1, now);
          break;
      }
    }
    return 0;
  });
}

}  // namespace tempo::testing

#endif  // TEMPO_TESTS_SUPPORT_FAKE_CONNECTIONS_H_
