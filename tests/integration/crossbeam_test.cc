// The crossbeam connector end to end: the real `tempo sync` binary and plugin against the fake
// Crossbeam of tests/fakes (served in-process by tempo_fakeapi_lib on loopback), the store
// checked row by row against what the fake says each record should become.
#include <signal.h>
#include <sys/wait.h>

#include <chrono>
#include <map>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include <catch2/catch.hpp>

#include "fakes/core/fake_api_server.h"
#include "fakes/crossbeam/provider_crossbeam.h"
#include "fakes/salesforce/salesforce_objects.h"
#include "support/process.h"
#include "support/store_rows.h"
#include "support/temp_dir.h"

namespace {

using tempo::fakes::CrossbeamWorld;
using tempo::fakes::Dataset;
using tempo::fakes::FakeApiOptions;
using tempo::fakes::FakeApiServer;
using tempo::fakes::FaultKind;
using tempo::fakes::FaultRule;
using tempo::fakes::OverlapKind;
using tempo::fakes::XbMutation;
using tempo::testing::ProcessResult;
using tempo::testing::TempDir;

const bool kNoProxy = (::setenv("no_proxy", "127.0.0.1,localhost", 1), true);

std::unique_ptr<FakeApiServer> StartFake(int64_t scale, FakeApiOptions options = {}) {
  options.dataset.scale = scale;
  auto server = FakeApiServer::Start(std::move(options));
  REQUIRE(server.ok());
  return std::move(*server);
}

std::string WriteConfig(const TempDir& dir, const FakeApiServer& server, int page_size,
                        const std::string& extra = "") {
  return dir.Write("tempo.yaml",
                   "store:\n  path: tempo.db\nplugins:\n  path: [" TEMPO_PLUGIN_DIR
                   "]\nconnections:\n  - name: xb\n    plugin: crossbeam\n"
                   "    http: {max_attempts: 4, initial_backoff: 0.01, max_backoff: 0.05, "
                   "timeout: 5, idle_timeout: 2, connect_timeout: 2}\n"
                   "    config:\n      base_url: " +
                       server.url("/crossbeam") +
                       "\n      token_url: " + server.url("/crossbeam/oauth/token") +
                       "\n      client_id: fake-crossbeam-client-id\n"
                       "      client_secret: fake-crossbeam-client-secret\n"
                       "      refresh_token: fake-crossbeam-refresh-token\n"
                       "      page_size: " +
                       std::to_string(page_size) + "\n" + extra);
}

ProcessResult Tempo(const TempDir& dir, const std::string& cfg, std::vector<std::string> args) {
  std::vector<std::string> argv = {tempo::testing::TempoBinary(), "-q", "-c", cfg};
  argv.insert(argv.end(), args.begin(), args.end());
  return tempo::testing::RunProcess(argv, dir.path());
}

ProcessResult Sync(const TempDir& dir, const std::string& cfg, std::vector<std::string> more = {}) {
  return tempo::testing::RunTempoSync(dir.path(), cfg, "xb", more);
}

using Rows = std::vector<std::vector<std::string>>;

Rows Query(const TempDir& dir, const std::string& sql) {
  return tempo::testing::StoreRows(dir.File("tempo.db"), sql);
}

int64_t Scalar(const TempDir& dir, const std::string& sql) {
  return tempo::testing::StoreScalar(dir.File("tempo.db"), sql);
}

std::string Text(const TempDir& dir, const std::string& sql) {
  Rows rows = Query(dir, sql);
  REQUIRE(rows.size() == 1);
  return rows[0][0];
}

std::string SourceId(OverlapKind kind, int64_t record, int64_t partner_record) {
  return std::string(kind == OverlapKind::kAccounts ? "account:" : "lead:") +
         std::to_string(record) + ":" + std::to_string(partner_record);
}

// Every live overlap row equals what the fake says it should be, and there are no others.
void CheckOverlaps(const TempDir& dir, FakeApiServer& server) {
  const Rows rows = Query(dir,
                          "SELECT source_id, provider, partner_source_id, partner_name, "
                          "partner_domain, account_name, account_domain, our_population, "
                          "partner_population, record_type, account_crm_id, snapshot_at, "
                          "raw_json IS NOT NULL FROM overlap WHERE deleted_at IS NULL");
  std::map<std::string, std::vector<std::string>> by_id;
  for (const auto& row : rows) by_id[row[0]] = row;
  server.crossbeam().WithWorld([&](const CrossbeamWorld& world, const Dataset& dataset) {
    const auto& account = *tempo::fakes::FindSfObject("Account");
    size_t live = 0;
    for (OverlapKind kind : {OverlapKind::kAccounts, OverlapKind::kLeads}) {
      for (const auto& [key, o] : world.overlaps(kind)) {
        if (o.deleted) continue;
        ++live;
        const std::string id = SourceId(kind, o.crossbeam_record_id, o.partner_crossbeam_record_id);
        INFO("overlap " << id);
        auto it = by_id.find(id);
        REQUIRE(it != by_id.end());
        const auto& row = it->second;
        const auto& partner = world.partners()[static_cast<size_t>(o.partner)];
        CHECK(row[1] == "crossbeam");
        CHECK(row[2] == partner.uuid);
        CHECK(row[3] == partner.name);
        CHECK(row[4] == partner.expected_domain);
        CHECK(row[5] == o.record_name);
        CHECK(row[6] == o.account_domain);
        CHECK(row[7] == o.our_population);
        CHECK(row[8] == o.partner_population);
        CHECK(row[9] == (kind == OverlapKind::kAccounts ? "account" : "lead"));
        // The CRM id is the fake Salesforce's id of the account the overlap names.
        CHECK(row[10] ==
              (o.account_row >= 0 ? tempo::fakes::SfId(account, o.account_row) : o.record_id));
        CHECK(row[11] != "<null>");
        CHECK(row[12] == "1");
      }
    }
    CHECK(rows.size() == live);
    (void)dataset;
    return 0;
  });
}

void CheckPartnersAndPopulations(const TempDir& dir, FakeApiServer& server) {
  const Rows partners = Query(dir,
                              "SELECT source_id, name, domain, partner_type FROM partner WHERE "
                              "deleted_at IS NULL ORDER BY source_id");
  const Rows populations = Query(dir,
                                 "SELECT source_id, name, record_type, standard_population, "
                                 "ifnull(partner_source_id, '') FROM population WHERE "
                                 "deleted_at IS NULL ORDER BY source_id");
  server.crossbeam().WithWorld([&](const CrossbeamWorld& world, const Dataset&) {
    std::map<std::string, std::vector<std::string>> want;
    for (const auto& p : world.partners()) {
      want[p.uuid] = {p.uuid, p.name, p.expected_domain, p.expected_type};
    }
    REQUIRE(partners.size() == want.size());
    for (const auto& row : partners) CHECK(row == want.at(row[0]));
    std::map<std::string, std::vector<std::string>> pops;
    for (const auto* list : {&world.populations(), &world.partner_populations()}) {
      for (const auto& p : *list) {
        const std::string id = (p.partner >= 0 ? "partner:" : "") + std::to_string(p.id);
        pops[id] = {id, p.name, p.population_type == "people" ? "lead" : "account",
                    std::string(tempo::fakes::StandardPopulation(p.standard_type)), ""};
      }
    }
    REQUIRE(populations.size() == pops.size());
    for (const auto& row : populations) CHECK(row == pops.at(row[0]));
    return 0;
  });
}

int64_t StreamInt(const TempDir& dir, const std::string& stream, const std::string& key) {
  return Scalar(dir, "SELECT json_extract(streams_json, '$." + stream + "." + key +
                         "') FROM sync_runs ORDER BY id DESC LIMIT 1");
}

std::string StreamText(const TempDir& dir, const std::string& stream, const std::string& key) {
  return Text(dir, "SELECT ifnull(json_extract(streams_json, '$." + stream + "." + key +
                       "'), '') FROM sync_runs ORDER BY id DESC LIMIT 1");
}

size_t OverlapListings(FakeApiServer& server, bool with_cursor) {
  size_t n = 0;
  for (const auto& r : server.crossbeam().Requests()) {
    if (r.path.find("/v1/overlaps/") == std::string::npos) continue;
    n += (r.query.find("cursor=") != std::string::npos) == with_cursor;
  }
  return n;
}

}  // namespace

TEST_CASE("crossbeam: a full sync equals the fake's dataset row for row") {
  FakeApiOptions options;
  options.crossbeam_missing_crm_overlap = true;
  auto server = StartFake(80, options);
  TempDir dir;
  const std::string cfg = WriteConfig(dir, *server, 7);
  ProcessResult r = Sync(dir, cfg);
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  CheckPartnersAndPopulations(dir, *server);
  CheckOverlaps(dir, *server);
  CHECK(Scalar(dir, "SELECT count(*) FROM overlap WHERE record_type = 'lead'") > 0);
  // The planted overlap names a CRM id no account has; it is stored as Crossbeam reports it.
  CHECK(Scalar(dir, "SELECT count(*) FROM overlap WHERE account_name = 'Ghost Holdings Inc'") == 1);
  CHECK(Text(dir, "SELECT status FROM sync_runs") == "succeeded");
  CHECK(StreamText(dir, "account_overlaps", "mode") == "incremental");
  CHECK(r.err.find("fake-crossbeam-client-secret") == std::string::npos);
}

TEST_CASE("crossbeam: the next run calls the kept cursor: only the changes, deletions applied") {
  auto server = StartFake(80);
  TempDir dir;
  const std::string cfg = WriteConfig(dir, *server, 7);
  REQUIRE(Sync(dir, cfg).exit_code == 0);
  auto& xb = server->crossbeam();
  const auto changed = xb.Mutate(XbMutation::kChange, OverlapKind::kAccounts, 0, 2);
  const auto deleted = xb.Mutate(XbMutation::kDelete, OverlapKind::kAccounts, 5, 2);
  const auto added = xb.Mutate(XbMutation::kAdd, OverlapKind::kAccounts, 0, 2);
  const auto lead_gone = xb.Mutate(XbMutation::kDelete, OverlapKind::kLeads, 0, 1);
  REQUIRE(changed.size() == 2);
  REQUIRE(deleted.size() == 2);
  REQUIRE(added.size() == 2);
  REQUIRE(lead_gone.size() == 1);
  xb.ClearRequests();

  ProcessResult r = Sync(dir, cfg);
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  // One request per overlap stream, each the saved final cursor; no listing from the start.
  CHECK(OverlapListings(*server, /*with_cursor=*/true) == 2);
  CHECK(OverlapListings(*server, /*with_cursor=*/false) == 0);
  CHECK(StreamInt(dir, "account_overlaps", "records") == 6);
  CHECK(StreamInt(dir, "account_overlaps", "deletes") == 2);
  CHECK(StreamInt(dir, "lead_overlaps", "records") == 1);
  CheckOverlaps(dir, *server);
  for (const std::string& key : deleted) {
    INFO(key);
    CHECK(Scalar(dir, "SELECT count(*) FROM overlap WHERE source_id = 'account:" + key +
                          "' AND deleted_at IS NOT NULL") == 1);
  }
  CHECK(Scalar(dir, "SELECT count(*) FROM overlap WHERE deleted_at IS NOT NULL") == 3);
}

TEST_CASE("crossbeam: records under items are synced as under data") {
  auto server = StartFake(60);
  REQUIRE(server->crossbeam().SetListKey("items").ok());
  TempDir dir;
  const std::string cfg = WriteConfig(dir, *server, 5);
  ProcessResult r = Sync(dir, cfg);
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  CheckPartnersAndPopulations(dir, *server);
  CheckOverlaps(dir, *server);
}

TEST_CASE("crossbeam: a token expiring mid-sync is refreshed, the rotated refresh token is kept") {
  auto server = StartFake(60);
  FaultRule expire;
  expire.kind = FaultKind::kExpireToken;
  expire.path = "/crossbeam/v1/overlaps/accounts";
  expire.nth = 3;
  server->AddFault(expire);
  TempDir dir;
  const std::string cfg = WriteConfig(dir, *server, 5);
  ProcessResult r = Sync(dir, cfg);
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  CheckOverlaps(dir, *server);
  CHECK(server->requests().Count("/crossbeam/oauth/token") == 2);
  CHECK(r.err.find("fake-crossbeam-refresh-token") == std::string::npos);
  // Every refresh rotated the refresh token (the configured one is dead now): the next run
  // starts from the one Tempo kept.
  ProcessResult again = Sync(dir, cfg);
  INFO(again.err);
  CHECK(again.exit_code == 0);
  CHECK(server->requests().Count("/crossbeam/oauth/token") == 3);
}

TEST_CASE("crossbeam: 429s (Retry-After honored) and 5xx answers are retried, nothing is lost") {
  auto server = StartFake(60);
  FaultRule storm;
  storm.kind = FaultKind::kRateLimited;
  storm.path = "/crossbeam/v1/overlaps/accounts";
  storm.nth = 2;
  storm.times = 2;
  storm.retry_after.seconds = 1;
  const int storm_id = server->AddFault(storm);
  FaultRule broken;
  broken.kind = FaultKind::kStatus;
  broken.status = 502;
  broken.path = "/crossbeam/v1/partners";
  broken.times = 2;
  const int broken_id = server->AddFault(broken);
  TempDir dir;
  const std::string cfg = WriteConfig(dir, *server, 5);
  const auto started = std::chrono::steady_clock::now();
  ProcessResult r = Sync(dir, cfg);
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  CHECK(server->FaultFired(storm_id) == 2);
  CHECK(server->FaultFired(broken_id) == 2);
  // The two 429s said Retry-After: 1, and the run waited for them.
  CHECK(std::chrono::steady_clock::now() - started >= std::chrono::milliseconds(1900));
  CHECK(Scalar(dir, "SELECT retries FROM sync_runs") >= 4);
  CheckPartnersAndPopulations(dir, *server);
  CheckOverlaps(dir, *server);
}

TEST_CASE("crossbeam: a sync killed with SIGKILL resumes without loss or duplicates") {
  auto server = StartFake(300);
  FaultRule slow;
  slow.kind = FaultKind::kDelay;
  slow.delay_ms = 15;
  slow.times = -1;
  slow.path = "/crossbeam/v1/overlaps/accounts";
  server->AddFault(slow);
  const int64_t total = server->crossbeam().WithWorld([](const CrossbeamWorld& w, const Dataset&) {
    return static_cast<int64_t>(w.overlaps(OverlapKind::kAccounts).size());
  });
  REQUIRE(total > 300);
  TempDir dir;
  const std::string cfg = WriteConfig(dir, *server, 5);
  const std::vector<std::string> argv = {
      tempo::testing::TempoBinary(), "-q", "-c", cfg, "sync", "xb", "--commit-records", "20"};
  int kills = 0;
  for (int64_t at : {20, 15}) {
    server->requests().Clear();
    pid_t pid = tempo::testing::StartProcess(argv, dir.File("k.out"), dir.File("k.err"));
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
    while (server->requests().Count("/crossbeam/v1/overlaps/accounts") < at &&
           std::chrono::steady_clock::now() < deadline) {
      std::this_thread::sleep_for(std::chrono::milliseconds(2));
    }
    if (::kill(pid, SIGKILL) == 0) ++kills;
    int status = 0;
    ::waitpid(pid, &status, 0);
    CHECK(WIFSIGNALED(status));
  }
  CHECK(kills == 2);
  const int64_t partial = Scalar(dir, "SELECT count(*) FROM overlap WHERE record_type = 'account'");
  CHECK(partial > 0);
  CHECK(partial < total);
  server->requests().Clear();
  ProcessResult r = Sync(dir, cfg);
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  // Resumed at its page, not from the first one.
  CHECK(server->requests().Count("/crossbeam/v1/overlaps/accounts") < (total + 4) / 5);
  CheckOverlaps(dir, *server);
  CHECK(Scalar(dir, "SELECT count(*) FROM overlap WHERE record_type = 'account'") == total);
  CHECK(Scalar(dir, "SELECT count(DISTINCT source_id) FROM overlap") ==
        Scalar(dir, "SELECT count(*) FROM overlap"));
}

TEST_CASE("crossbeam: a rejected cursor falls back to a full refresh that deletes what is gone") {
  auto server = StartFake(80);
  TempDir dir;
  const std::string cfg = WriteConfig(dir, *server, 7);
  REQUIRE(Sync(dir, cfg).exit_code == 0);
  const int64_t leads = Scalar(dir, "SELECT count(*) FROM overlap WHERE record_type = 'lead'");
  // Crossbeam retires its cursors, and three overlaps go without a tombstone anyone will read.
  const auto gone = server->crossbeam().Mutate(XbMutation::kDelete, OverlapKind::kAccounts, 3, 3);
  REQUIRE(gone.size() == 3);
  server->crossbeam().InvalidateCursors();

  ProcessResult r = Sync(dir, cfg);
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  CHECK(Text(dir, "SELECT status FROM sync_runs ORDER BY id DESC LIMIT 1") == "succeeded");
  for (const std::string stream : {"account_overlaps", "lead_overlaps"}) {
    INFO(stream);
    CHECK(StreamText(dir, stream, "mode") == "full_refresh");
    CHECK_THAT(StreamText(dir, stream, "restarted"), Catch::Contains("refused the cursor"));
  }
  // Exactly the three are soft-deleted: each refresh kept to the rows of its own stream.
  CHECK(Scalar(dir, "SELECT count(*) FROM overlap WHERE deleted_at IS NOT NULL") == 3);
  for (const std::string& key : gone) {
    CHECK(Scalar(dir, "SELECT count(*) FROM overlap WHERE source_id = 'account:" + key +
                          "' AND deleted_at IS NOT NULL") == 1);
  }
  CHECK(Scalar(dir,
               "SELECT count(*) FROM overlap WHERE record_type = 'lead' AND deleted_at IS "
               "NULL") == leads);
  CHECK(Scalar(dir, "SELECT count(*) FROM partner WHERE deleted_at IS NOT NULL") == 0);
  CHECK(Scalar(dir, "SELECT count(*) FROM population WHERE deleted_at IS NOT NULL") == 0);
  CheckOverlaps(dir, *server);

  // The refresh kept a final cursor again: the next run reads the (no) changes from it.
  server->crossbeam().ClearRequests();
  REQUIRE(Sync(dir, cfg).exit_code == 0);
  CHECK(OverlapListings(*server, /*with_cursor=*/false) == 0);
  CHECK(StreamInt(dir, "account_overlaps", "records") == 0);
}

TEST_CASE("crossbeam: a full refresh of one overlap stream leaves the other's rows alone") {
  auto server = StartFake(60);
  TempDir dir;
  const std::string cfg = WriteConfig(dir, *server, 7);
  REQUIRE(Sync(dir, cfg).exit_code == 0);
  const int64_t leads = Scalar(dir, "SELECT count(*) FROM overlap WHERE record_type = 'lead'");
  const int64_t accounts =
      Scalar(dir, "SELECT count(*) FROM overlap WHERE record_type = 'account'");
  ProcessResult r = Sync(dir, cfg, {"--full-refresh", "--stream", "account_overlaps"});
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  CHECK(Scalar(dir, "SELECT count(*) FROM overlap WHERE deleted_at IS NOT NULL") == 0);
  CHECK(Scalar(dir, "SELECT count(*) FROM overlap WHERE record_type = 'lead'") == leads);
  CHECK(Scalar(dir, "SELECT count(*) FROM overlap WHERE record_type = 'account'") == accounts);
  r = Sync(dir, cfg, {"--full-refresh", "--stream", "partner_populations"});
  REQUIRE(r.exit_code == 0);
  CHECK(Scalar(dir, "SELECT count(*) FROM population WHERE deleted_at IS NOT NULL") == 0);
}

TEST_CASE("crossbeam: a next_href on another host never receives the token") {
  auto server = StartFake(60);
  auto elsewhere = StartFake(10);  // a different origin, on another port
  server->crossbeam().SetNextHrefOrigin(elsewhere->url());
  TempDir dir;
  const std::string cfg = WriteConfig(dir, *server, 3);
  ProcessResult r = Sync(dir, cfg);
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  CHECK(elsewhere->requests().Count() == 0);
  const std::string home = "127.0.0.1:" + std::to_string(server->port());
  size_t overlaps = 0;
  for (const auto& request : server->crossbeam().Requests()) {
    CHECK(request.host == home);
    overlaps += request.path.find("/v1/overlaps/") != std::string::npos;
  }
  CHECK(overlaps > 4);  // it paged, with the cursors, against the configured host
  CheckOverlaps(dir, *server);
}

TEST_CASE("crossbeam: check names the organizations when there are several, one is chosen") {
  FakeApiOptions options;
  options.crossbeam_organizations = 2;
  auto server = StartFake(30, options);
  std::vector<std::string> orgs;
  server->crossbeam().WithWorld([&](const CrossbeamWorld& w, const Dataset&) {
    for (const auto& org : w.organizations()) orgs.push_back(org.uuid);
    return 0;
  });
  REQUIRE(orgs.size() == 2);
  TempDir dir;
  ProcessResult r = Tempo(dir, WriteConfig(dir, *server, 5), {"check", "xb"});
  CHECK(r.exit_code != 0);
  CHECK(r.err.find(orgs[0]) != std::string::npos);
  CHECK(r.err.find(orgs[1]) != std::string::npos);
  CHECK(r.err.find("organization_uuid") != std::string::npos);

  // The same store: the check above rotated the refresh token, and Tempo kept the new one.
  const std::string cfg =
      WriteConfig(dir, *server, 5, "      organization_uuid: " + orgs[0] + "\n");
  ProcessResult ok = Tempo(dir, cfg, {"check", "xb"});
  INFO(ok.err);
  CHECK(ok.exit_code == 0);
  ProcessResult synced = Sync(dir, cfg);
  INFO(synced.err);
  REQUIRE(synced.exit_code == 0);
  for (const auto& request : server->crossbeam().Requests()) {
    if (request.path.find("/v1/") != std::string::npos &&
        request.path != "/crossbeam/v1/users/me") {
      CHECK(request.organization == orgs[0]);
    }
  }
  CheckOverlaps(dir, *server);
}

TEST_CASE("crossbeam with salesforce: overlaps resolve to the accounts the fake names, issues") {
  FakeApiOptions options;
  options.crossbeam_missing_crm_overlap = true;
  options.dataset.shared_domain_row = 20;
  auto server = StartFake(60, options);
  TempDir dir;
  const std::string cfg = dir.Write(
      "tempo.yaml", "store:\n  path: tempo.db\nplugins:\n  path: [" TEMPO_PLUGIN_DIR
                    "]\nconnections:\n"
                    "  - name: sf\n    plugin: salesforce\n    streams: [account]\n"
                    "    config:\n      login_url: " +
                        server->url("/salesforce") +
                        "\n      client_id: fake-salesforce-client-id\n"
                        "      client_secret: fake-salesforce-client-secret\n"
                        "      refresh_token: fake-salesforce-refresh-token\n"
                        "      requests_per_second: 0\n"
                        "  - name: xb\n    plugin: crossbeam\n    config:\n      base_url: " +
                        server->url("/crossbeam") +
                        "\n      token_url: " + server->url("/crossbeam/oauth/token") +
                        "\n      client_id: fake-crossbeam-client-id\n"
                        "      client_secret: fake-crossbeam-client-secret\n"
                        "      refresh_token: fake-crossbeam-refresh-token\n");
  for (const char* connection : {"sf", "xb"}) {
    ProcessResult r = Tempo(dir, cfg, {"sync", connection});
    INFO(connection << ": " << r.err);
    REQUIRE(r.exit_code == 0);
  }
  std::map<std::string, std::vector<std::string>> resolved;
  for (auto& row : Query(dir,
                         "SELECT source_id, matched_by, ifnull(crm_connection, ''), "
                         "ifnull(crm_source_id, '') FROM v_account_identity WHERE entity = "
                         "'overlap' AND connection = 'xb'")) {
    resolved[row[0]] = {row[1], row[2], row[3]};
  }
  std::string ghost;
  server->crossbeam().WithWorld([&](const CrossbeamWorld& world, const Dataset&) {
    const auto& account = *tempo::fakes::FindSfObject("Account");
    size_t live = 0;
    for (OverlapKind kind : {OverlapKind::kAccounts, OverlapKind::kLeads}) {
      for (const auto& [key, o] : world.overlaps(kind)) {
        if (o.deleted) continue;
        ++live;
        const std::string id = SourceId(kind, o.crossbeam_record_id, o.partner_crossbeam_record_id);
        INFO(id);
        REQUIRE(resolved.count(id) == 1);
        if (o.account_row < 0) {
          ghost = id;
          CHECK(resolved[id][0] == "none");
          continue;
        }
        CHECK(resolved[id] ==
              std::vector<std::string>{"crm_id", "sf", tempo::fakes::SfId(account, o.account_row)});
      }
    }
    CHECK(resolved.size() == live);
    return 0;
  });
  REQUIRE(!ghost.empty());
  // The identity report lists exactly what the fake planted: the two Salesforce accounts that
  // share a domain, and the overlap naming a CRM id no account has.
  const auto& account = *tempo::fakes::FindSfObject("Account");
  const std::string shared =
      server->WithDataset([](const Dataset& d) { return d.AccountProfile(20).domain; });
  const std::string missing =
      server->crossbeam().WithWorld([](const CrossbeamWorld& w, const Dataset& d) {
        return w.Ambiguities(d).missing_crm_ids[0];
      });
  CHECK(Query(dir,
              "SELECT kind, connection, entity, source_id, detail FROM v_identity_issue "
              "ORDER BY kind, source_id") ==
        Rows{{"shared_domain", "sf", "account", tempo::fakes::SfId(account, 19), shared},
             {"shared_domain", "sf", "account", tempo::fakes::SfId(account, 20), shared},
             {"unknown_crm_id", "xb", "overlap", ghost, missing}});
}
