// The rest connector end to end: the real `tempo` binary and plugin, driven by the shipped
// PartnerStack and Impartner manifests, against the fakes of tests/fakes (served in-process by
// tempo_fakeapi_lib on loopback); the store checked row by row against what the fake serves. A
// manifest with mistakes is refused with its file, line and column by config check, sync and
// plugins inspect.
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <map>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include <catch2/catch.hpp>

#include "fakes/core/fake_api_server.h"
#include "fakes/impartner/provider_impartner.h"
#include "fakes/partnerstack/provider_partnerstack.h"
#include "support/process.h"
#include "support/store_rows.h"
#include "support/temp_dir.h"
#include "tempo/text.hpp"
#include "tempo/time.hpp"

namespace {

using Catch::Matchers::Contains;
using tempo::fakes::Dataset;
using tempo::fakes::Entity;
using tempo::fakes::FakeApiOptions;
using tempo::fakes::FakeApiServer;
using tempo::fakes::FaultKind;
using tempo::fakes::FaultRule;
using tempo::fakes::PartnerStackView;
using tempo::testing::ProcessResult;
using tempo::testing::TempDir;

using Rows = std::vector<std::vector<std::string>>;

const bool kNoProxy = (::setenv("no_proxy", "127.0.0.1,localhost", 1), true);
const char* kSecret = "sk_fake_partnerstack_0042";

std::unique_ptr<FakeApiServer> StartFake(int64_t scale, FakeApiOptions options = {}) {
  options.dataset.scale = scale;
  auto server = FakeApiServer::Start(std::move(options));
  REQUIRE(server.ok());
  return std::move(*server);
}

// tempo.yaml with one connection `name` of plugin rest and `config` (6-space indented lines).
std::string WriteConfig(const TempDir& dir, const std::string& name, const std::string& config) {
  return dir.Write("tempo.yaml",
                   "store:\n  path: tempo.db\nplugins:\n  path: [" TEMPO_PLUGIN_DIR
                   "]\nconnections:\n  - name: " +
                       name +
                       "\n    plugin: rest\n"
                       "    http: {max_attempts: 4, initial_backoff: 0.01, max_backoff: 0.05, "
                       "timeout: 5, idle_timeout: 2, connect_timeout: 2}\n"
                       "    config:\n" +
                       config);
}

std::string PartnerStackConfig(const TempDir& dir, const FakeApiServer& server, int page_size,
                               const std::string& secret = kSecret) {
  return WriteConfig(
      dir, "ps",
      "      manifest: partnerstack\n      base_url: " + server.url("/partnerstack/api/v2") +
          "\n      public_key: pk_fake_partnerstack_0042\n      secret_key: " + secret +
          "\n      page_size: " + std::to_string(page_size) + "\n");
}

ProcessResult Tempo(const TempDir& dir, const std::string& cfg, std::vector<std::string> args) {
  std::vector<std::string> argv = {tempo::testing::TempoBinary(), "-q", "-c", cfg};
  argv.insert(argv.end(), args.begin(), args.end());
  return tempo::testing::RunProcess(argv, dir.path());
}

Rows Query(const TempDir& dir, const std::string& sql) {
  return tempo::testing::StoreRows(dir.File("tempo.db"), sql);
}

int64_t Scalar(const TempDir& dir, const std::string& sql) {
  return tempo::testing::StoreScalar(dir.File("tempo.db"), sql);
}

int64_t StreamInt(const TempDir& dir, const std::string& stream, const std::string& key) {
  return Scalar(dir, "SELECT json_extract(streams_json, '$." + stream + "." + key +
                         "') FROM sync_runs ORDER BY id DESC LIMIT 1");
}

std::string Iso(int64_t ms) {
  return tempo::sdk::FormatIso(ms, tempo::sdk::IsoPrecision::kTrimMillis);
}

std::string Money(int64_t cents) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.2f", static_cast<double>(cents) / 100);
  return buf;
}

std::string OrNull(const std::string& v) { return v.empty() ? "<null>" : v; }

// `rows` keyed by their first column; each key once.
std::map<std::string, std::vector<std::string>> ById(const Rows& rows) {
  std::map<std::string, std::vector<std::string>> out;
  for (const auto& row : rows) CHECK(out.emplace(row[0], row).second);
  return out;
}

// Every live row of the five tables equals what the fake PartnerStack serves now, and there
// are no others.
void CheckPartnerStack(const TempDir& dir, FakeApiServer& server) {
  const auto partners = ById(Query(dir,
                                   "SELECT source_id, name, domain, tier, partnered_at, "
                                   "source_updated_at, raw_json IS NOT NULL FROM partner "
                                   "WHERE deleted_at IS NULL"));
  const auto accounts = ById(Query(dir,
                                   "SELECT source_id, name, domain, lifecycle, customer_since, "
                                   "source_updated_at FROM account WHERE deleted_at IS NULL"));
  const auto opportunities = ById(Query(dir,
                                        "SELECT source_id, ifnull(account_source_id, '<null>'), "
                                        "name, printf('%.2f', amount), stage, is_closed, is_won, "
                                        "created_at, closed_at, source_updated_at FROM "
                                        "opportunity WHERE deleted_at IS NULL"));
  const auto links = ById(Query(dir,
                                "SELECT source_id, opportunity_source_id, partner_source_id, "
                                "role, is_primary, attribution_source, attributed_at FROM "
                                "opportunity_partner WHERE deleted_at IS NULL"));
  const auto leads = ById(Query(dir,
                                "SELECT source_id, partner_source_id, email, company, status, "
                                "lead_source, eql_basis, created_at FROM lead WHERE deleted_at "
                                "IS NULL"));
  server.partnerstack().WithView([&](const PartnerStackView& v) {
    REQUIRE(partners.size() == v.partnerships().size());
    for (const auto& p : v.partnerships()) {
      INFO("partner " << p.partner_key);
      REQUIRE(partners.count(p.partner_key) == 1);
      CHECK(partners.at(p.partner_key) ==
            std::vector<std::string>{p.partner_key, p.team_name,
                                     tempo::sdk::NormalizeDomain(p.email), p.group_slug,
                                     Iso(p.joined_ms), Iso(p.updated_ms), "1"});
    }
    REQUIRE(accounts.size() == v.customers().size());
    for (const auto& c : v.customers()) {
      INFO("customer " << c.customer_key);
      REQUIRE(accounts.count(c.customer_key) == 1);
      CHECK(accounts.at(c.customer_key) ==
            std::vector<std::string>{c.customer_key, c.name, tempo::sdk::NormalizeDomain(c.email),
                                     "customer", Iso(c.created_ms), Iso(c.updated_ms)});
    }
    REQUIRE(opportunities.size() == v.deals().size());
    REQUIRE(links.size() == v.deals().size());
    for (const auto& d : v.deals()) {
      INFO("deal " << d.key);
      REQUIRE(opportunities.count(d.key) == 1);
      const bool won = d.stage == "closed_won", closed = won || d.stage == "closed_lost";
      CHECK(opportunities.at(d.key) ==
            std::vector<std::string>{d.key, OrNull(d.customer_key), d.account_name,
                                     Money(d.amount_cents), d.stage, closed ? "1" : "0",
                                     won ? "1" : "0", Iso(d.created_ms), d.close_date,
                                     Iso(d.updated_ms)});
      const std::string link = d.key + ":" + d.partner_key;
      REQUIRE(links.count(link) == 1);
      CHECK(links.at(link) == std::vector<std::string>{link, d.key, d.partner_key, "sourced", "1",
                                                       "prm", Iso(d.created_ms)});
    }
    REQUIRE(leads.size() == v.leads().size());
    for (const auto& l : v.leads()) {
      INFO("lead " << l.key);
      REQUIRE(leads.count(l.key) == 1);
      CHECK(leads.at(l.key) == std::vector<std::string>{l.key, l.partner_key, l.email, l.company,
                                                        l.status, "PartnerStack",
                                                        "partner_referred", Iso(l.created_ms)});
    }
    return 0;
  });
}

// The queries of the fake PartnerStack's answered requests to `resource`, in order.
std::vector<std::string> Queries(FakeApiServer& server, const std::string& resource) {
  std::vector<std::string> out;
  for (const auto& r : server.partnerstack().Requests()) {
    if (r.path == "/partnerstack/api/v2/" + resource) out.push_back(r.query);
  }
  return out;
}

}  // namespace

TEST_CASE("rest partnerstack: a full sync equals the fake's dataset row for row") {
  auto server = StartFake(100);
  TempDir dir;
  const std::string cfg = PartnerStackConfig(dir, *server, 7);
  ProcessResult r = tempo::testing::RunTempoSync(dir.path(), cfg, "ps");
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  CheckPartnerStack(dir, *server);
  CHECK(Query(dir, "SELECT status, plugin FROM sync_runs") == Rows{{"succeeded", "rest"}});
  CHECK(Scalar(dir, "SELECT count(*) FROM opportunity_partner") > 0);
  CHECK(Scalar(dir, "SELECT count(*) FROM opportunity WHERE account_source_id IS NOT NULL") > 0);
  // Paged by starting_after with the configured limit; the last page said has_more false.
  const std::vector<std::string> deals = Queries(*server, "deals");
  const size_t served =
      server->partnerstack().WithView([](const PartnerStackView& v) { return v.deals().size(); });
  // has_more is false on the page holding the last deal: ceil(served / 7) pages, at least one.
  CHECK(deals.size() == std::max<size_t>(1, (served + 6) / 7));
  CHECK(deals.front() == "limit=7");
  CHECK_THAT(deals.back(), Contains("starting_after=deal_"));
  CHECK(r.err.find(kSecret) == std::string::npos);
}

TEST_CASE("rest partnerstack: the next run reads only what changed, by min_updated") {
  auto server = StartFake(100);
  TempDir dir;
  const std::string cfg = PartnerStackConfig(dir, *server, 9);
  REQUIRE(tempo::testing::RunTempoSync(dir.path(), cfg, "ps").exit_code == 0);
  const int64_t now = server->NowMs();
  // Touch the first 40 deals and leads of the dataset: the served ones among them change.
  server->WithDataset([&](Dataset& d) {
    d.TouchRange(Entity::kDeal, 0, 40, now);
    d.TouchRange(Entity::kLead, 0, 40, now);
    return 0;
  });
  const auto [deals, leads] = server->partnerstack().WithView([&](const PartnerStackView& v) {
    int64_t d = 0, l = 0;
    for (const auto& deal : v.deals()) d += deal.updated_ms == now;
    for (const auto& lead : v.leads()) l += lead.updated_ms == now;
    return std::pair{d, l};
  });
  REQUIRE(deals > 0);
  server->partnerstack().ClearRequests();

  ProcessResult r = tempo::testing::RunTempoSync(dir.path(), cfg, "ps");
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  CHECK(StreamInt(dir, "deals", "records") == 2 * deals);  // an opportunity and its partner link
  CHECK(StreamInt(dir, "leads", "records") == leads);
  CHECK(StreamInt(dir, "partnerships", "records") == 0);
  CHECK(StreamInt(dir, "customers", "records") == 0);
  // Every request asked for the changes since its stream's first read started (less the lag):
  // within the first run.
  auto first_ms = [&](const char* column) {
    return Scalar(dir, std::string("SELECT CAST(round((julianday(") + column +
                           ") - 2440587.5) * 86400000) AS INTEGER) FROM sync_runs ORDER BY id "
                           "LIMIT 1");
  };
  const int64_t lag = 5 * 60 * 1000, first_started = first_ms("started_at"),
                first_finished = first_ms("finished_at");
  for (const std::string resource : {"partnerships", "customers", "deals", "leads"}) {
    for (const std::string& q : Queries(*server, resource)) {
      INFO(resource << " " << q);
      const size_t at = q.find("min_updated=");
      REQUIRE(at != std::string::npos);
      const int64_t since = std::stoll(q.substr(at + 12));
      CHECK(since >= first_started - lag - 1000);
      CHECK(since <= first_finished - lag + 1000);
    }
  }
  CheckPartnerStack(dir, *server);  // the touched deals' new amounts included
}

TEST_CASE("rest partnerstack: a sync killed with SIGKILL resumes without loss or duplicates") {
  auto server = StartFake(300);
  FaultRule slow;
  slow.kind = FaultKind::kDelay;
  slow.delay_ms = 15;
  slow.times = -1;
  slow.path = "/partnerstack/api/v2/customers";
  server->AddFault(slow);
  const int64_t total = server->partnerstack().WithView(
      [](const PartnerStackView& v) { return static_cast<int64_t>(v.customers().size()); });
  REQUIRE(total > 60);
  TempDir dir;
  const std::string cfg = PartnerStackConfig(dir, *server, 3);
  const std::vector<std::string> argv = {
      tempo::testing::TempoBinary(), "-q", "-c", cfg, "sync", "ps", "--commit-records", "5"};
  int kills = 0;
  for (int64_t at : {12, 10}) {
    server->requests().Clear();
    pid_t pid = tempo::testing::StartProcess(argv, dir.File("k.out"), dir.File("k.err"));
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
    while (server->requests().Count("/partnerstack/api/v2/customers") < at &&
           std::chrono::steady_clock::now() < deadline) {
      std::this_thread::sleep_for(std::chrono::milliseconds(2));
    }
    if (::kill(pid, SIGKILL) == 0) ++kills;
    int status = 0;
    ::waitpid(pid, &status, 0);
    CHECK(WIFSIGNALED(status));
  }
  CHECK(kills == 2);
  const int64_t partial = Scalar(dir, "SELECT count(*) FROM account");
  CHECK(partial > 0);
  CHECK(partial < total);
  server->partnerstack().ClearRequests();
  ProcessResult r = tempo::testing::RunTempoSync(dir.path(), cfg, "ps");
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  // Resumed after the last committed key, not from the first page.
  const std::vector<std::string> customers = Queries(*server, "customers");
  REQUIRE_FALSE(customers.empty());
  CHECK_THAT(customers.front(), Contains("starting_after=cust_"));
  CHECK(static_cast<int64_t>(customers.size()) < (total + 2) / 3);
  CHECK(Scalar(dir, "SELECT count(*) FROM account") == total);
  CHECK(Scalar(dir, "SELECT count(DISTINCT source_id) FROM account") == total);
  CheckPartnerStack(dir, *server);
}

TEST_CASE("rest partnerstack: 429s (Retry-After honored) and 5xx answers are retried") {
  auto server = StartFake(60);
  FaultRule storm;
  storm.kind = FaultKind::kRateLimited;
  storm.path = "/partnerstack/api/v2/deals";
  storm.nth = 2;
  storm.times = 2;
  storm.retry_after.seconds = 1;
  const int storm_id = server->AddFault(storm);
  FaultRule broken;
  broken.kind = FaultKind::kStatus;
  broken.status = 502;
  broken.path = "/partnerstack/api/v2/partnerships";
  broken.times = 2;
  const int broken_id = server->AddFault(broken);
  TempDir dir;
  const std::string cfg = PartnerStackConfig(dir, *server, 5);
  const auto started = std::chrono::steady_clock::now();
  ProcessResult r = tempo::testing::RunTempoSync(dir.path(), cfg, "ps");
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  CHECK(server->FaultFired(storm_id) == 2);
  CHECK(server->FaultFired(broken_id) == 2);
  CHECK(std::chrono::steady_clock::now() - started >= std::chrono::milliseconds(1900));
  CHECK(Scalar(dir, "SELECT retries FROM sync_runs") >= 4);
  CheckPartnerStack(dir, *server);
}

TEST_CASE("rest partnerstack: a refused key pair fails the run with what to check, no secret") {
  auto server = StartFake(30);
  TempDir dir;
  const std::string cfg = PartnerStackConfig(dir, *server, 5, "sk_wrong_partnerstack_9999");
  ProcessResult r = tempo::testing::RunTempoSync(dir.path(), cfg, "ps");
  CHECK(r.exit_code == 1);
  CHECK_THAT(r.err, Contains("PartnerStack stream 'partnerships' page 1: HTTP 401"));
  CHECK_THAT(r.err, Contains("check public_key and secret_key"));
  CHECK(r.err.find("sk_wrong_partnerstack_9999") == std::string::npos);
  const std::string error = Query(dir, "SELECT error FROM sync_runs")[0][0];
  CHECK(error.find("sk_wrong_partnerstack_9999") == std::string::npos);
  ProcessResult check = Tempo(dir, cfg, {"check", "ps"});
  CHECK(check.exit_code == 1);
  CHECK_THAT(check.err, Contains("HTTP 401"));
}

TEST_CASE("rest impartner: offset paging to the reported total, the tenant header sent") {
  FakeApiOptions options;
  options.impartner.tenant_id = "864";
  auto server = StartFake(150, options);
  TempDir dir;
  const std::string cfg = WriteConfig(
      dir, "prm",
      "      manifest: impartner\n      base_url: " + server->url("/impartner/api/objects/v1") +
          "\n      api_key: fake-impartner-api-key-0042\n      tenant_id: \"864\"\n"
          "      page_size: 2\n");
  ProcessResult r = tempo::testing::RunTempoSync(dir.path(), cfg, "prm");
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  const auto partners = ById(Query(dir,
                                   "SELECT source_id, name, domain, status, partnered_at, "
                                   "source_updated_at FROM partner WHERE deleted_at IS NULL"));
  const std::vector<tempo::fakes::ImpartnerAccount> accounts =
      server->WithDataset([](Dataset& d) { return tempo::fakes::ImpartnerAccounts(d); });
  REQUIRE(partners.size() == accounts.size());
  for (const auto& a : accounts) {
    const std::string id = std::to_string(a.id);
    INFO("account " << id);
    REQUIRE(partners.count(id) == 1);
    CHECK(partners.at(id) == std::vector<std::string>{id, a.name,
                                                      tempo::sdk::NormalizeDomain(a.website),
                                                      a.active ? "active" : "inactive",
                                                      Iso(a.created_ms), Iso(a.updated_ms)});
  }
  CHECK(server->requests().Count("/impartner/api/objects/v1/Account") ==
        static_cast<int64_t>(accounts.size() + 1) / 2);
  CHECK(r.err.find("fake-impartner-api-key-0042") == std::string::npos);
}

TEST_CASE("rest: a manifest's mistakes are refused with file:line:column everywhere") {
  TempDir dir;
  const std::string manifest = dir.Write("acme.yaml",
                                         "manifest_version: 1\n"
                                         "name: acme\n"
                                         "description: partners of Acme\n"
                                         "base_url: https://api.acme.example\n"
                                         "auth: {type: none}\n"
                                         "streams:\n"
                                         "  - name: partners\n"
                                         "    path: /partners\n"
                                         "    primary_key: id\n"
                                         "    paging: {type: starting_after}\n"
                                         "    emit:\n"
                                         "      - entity: partner\n"
                                         "        columns: {nmae: name}\n");
  REQUIRE(::chmod(manifest.c_str(), 0644) == 0);
  const std::string cfg = WriteConfig(dir, "acme", "      manifest: acme.yaml\n");
  const std::string paging = manifest +
                             ":10:20: streams[0].paging.type: 'starting_after' is not allowed "
                             "here; use one of: none, cursor, next_link, link_header, offset, "
                             "page, after_key";
  const std::string column = manifest +
                             ":13:19: streams[0].emit[0].columns.nmae: unknown column of "
                             "partner; did you mean 'name'?";
  ProcessResult check = Tempo(dir, cfg, {"config", "check"});
  CHECK(check.exit_code == 2);
  CHECK_THAT(check.err, Contains(dir.File("tempo.yaml") + ":10:7: connections[0].config: "));
  CHECK_THAT(check.err, Contains("manifest " + manifest + " has 2 errors"));
  CHECK_THAT(check.err, Contains(paging));
  CHECK_THAT(check.err, Contains(column));
  ProcessResult sync = tempo::testing::RunTempoSync(dir.path(), cfg, "acme");
  CHECK(sync.exit_code == 2);
  CHECK_THAT(sync.err, Contains(paging));
  ProcessResult inspect = Tempo(dir, cfg, {"plugins", "inspect", "rest", "--manifest", manifest});
  CHECK(inspect.exit_code == 2);
  CHECK_THAT(inspect.err, Contains(column));
}

TEST_CASE("rest: plugins inspect --manifest shows the streams and the manifest's config keys") {
  TempDir dir;
  const std::string cfg = WriteConfig(dir, "ps",
                                      "      manifest: partnerstack\n      public_key: a\n"
                                      "      secret_key: b\n");
  ProcessResult r = Tempo(dir, cfg, {"plugins", "inspect", "rest", "--manifest", "partnerstack"});
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  CHECK_THAT(r.out, Contains("PartnerStack: partners, customers, deals"));
  CHECK_THAT(r.out, Contains("deals"));
  CHECK_THAT(r.out, Contains("opportunity"));
  CHECK_THAT(r.out, Contains("paging after_key (starting_after); incremental: min_updated "
                             "(epoch_ms) on updated_at; also opportunity_partner"));
  CHECK_THAT(r.out, Contains(R"("secret_key":{"type":"string","description":)"));
  CHECK_THAT(r.out, Contains(R"(password.","minLength":1,"x-secret":true},"page_size")"));
  r = Tempo(dir, cfg, {"plugins", "inspect", "rest", "--manifest", "partnerstack", "--json"});
  REQUIRE(r.exit_code == 0);
  CHECK_THAT(r.out, Contains(R"("name":"leads","entity":"lead","primary_key":"key")"));
  r = Tempo(dir, cfg, {"plugins", "inspect", "rest", "--manifest", "partnerstak"});
  CHECK(r.exit_code == 2);
  CHECK_THAT(r.err, Contains("no shipped manifest is called 'partnerstak'"));
  // The manifest's keys are checked like any plugin's: an unknown one, a missing secret.
  const std::string bad = WriteConfig(dir, "ps",
                                      "      manifest: partnerstack\n      public_key: a\n"
                                      "      secret_kee: b\n");
  r = Tempo(dir, bad, {"config", "check"});
  CHECK(r.exit_code == 2);
  CHECK_THAT(r.err, Contains("connections[0].config.secret_kee: unknown key; did you mean "
                             "'secret_key'?"));
  CHECK_THAT(r.err, Contains("connections[0].config: missing required key 'secret_key'"));
}
