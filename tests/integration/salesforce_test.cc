// The salesforce connector against the fake Salesforce (tests/fakes, in process, loopback HTTP),
// through the real `tempo sync` binary: full sync equals the dataset, incremental updates only
// what changed, cursor ties across page boundaries, INVALID_SESSION_ID refresh and replay,
// queryAll deletes, REQUEST_LIMIT_EXCEEDED deferring the run and the next run resuming, SIGKILL
// mid-sync, an undecodable page; and, against a scripted org on a loopback server, an org that
// hides fields and objects. The pure parts are tested in tests/unit/salesforce.
#include <signal.h>

#include <algorithm>
#include <chrono>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include <httplib.h>
#include <catch2/catch.hpp>

#include "fakes/core/fake_api_server.h"
#include "fakes/salesforce/provider_salesforce.h"
#include "fakes/salesforce/salesforce_objects.h"
#include "store/http_state_file.h"
#include "store/store.h"
#include "support/loopback_http.h"
#include "support/process.h"
#include "support/temp_dir.h"

namespace {

using tempo::fakes::Entity;
using tempo::fakes::FakeApiServer;
using tempo::fakes::FaultKind;
using tempo::fakes::FaultRule;
using tempo::testing::ProcessResult;
using tempo::testing::TempDir;

const bool kNoProxy = (::setenv("no_proxy", "127.0.0.1,localhost", 1), true);

std::unique_ptr<FakeApiServer> StartFake(int64_t scale = 200) {
  tempo::fakes::FakeApiOptions options;
  options.dataset.scale = scale;
  options.salesforce_batch_size = 200;
  auto server = FakeApiServer::Start(options);
  REQUIRE(server.ok());
  return std::move(*server);
}

// Delays every request to the data API by `ms`: a slow org, so a test can act mid-read.
void SlowDown(FakeApiServer& server, int ms) {
  FaultRule slow;
  slow.kind = FaultKind::kDelay;
  slow.path = "/salesforce/services/data";
  slow.delay_ms = ms;
  slow.times = -1;
  server.AddFault(slow);
}

std::string Config(const TempDir& dir, FakeApiServer& server, const std::string& name = "tempo",
                   const std::string& extra = "") {
  return dir.Write(
      name + ".yaml",
      "store:\n  path: " + name +
          ".db\nplugins:\n  path: [" TEMPO_PLUGIN_DIR
          "]\nconnections:\n  - name: sf\n    plugin: salesforce\n"
          "    http: {max_attempts: 3, initial_backoff: 0.01, max_backoff: 0.05, timeout: 10, "
          "connect_timeout: 2}\n"
          "    config:\n      login_url: " +
          server.url("/salesforce") +
          "\n      client_id: fake-salesforce-client-id\n"
          "      client_secret: fake-salesforce-client-secret\n"
          "      refresh_token: fake-salesforce-refresh-token\n"
          "      batch_size: 200\n      requests_per_second: 0\n"
          "      lead_partner_field: Referring_Partner__c\n"
          "      campaign_partner_field: Partner_Account__c\n" +
          extra);
}

ProcessResult Sync(const TempDir& dir, const std::string& cfg,
                   std::vector<std::string> extra = {}) {
  std::vector<std::string> args = {tempo::testing::TempoBinary(), "-c", cfg, "sync", "sf"};
  args.insert(args.end(), extra.begin(), extra.end());
  return tempo::testing::RunProcess(args, dir.path());
}

std::vector<std::string> Dump(const std::string& db_path, const std::string& sql) {
  auto db = tempo::store::OpenStoreReadOnly(db_path);
  REQUIRE(db.ok());
  auto stmt = (*db)->Prepare(sql);
  REQUIRE(stmt.ok());
  std::vector<std::string> rows;
  for (;;) {
    auto more = stmt->Step();
    if (!more.ok()) FAIL(more.status().message());
    if (!*more) break;
    std::string line;
    for (int c = 0; c < stmt->ColumnCount(); ++c) {
      if (c > 0) line += '|';
      line += stmt->IsNull(c) ? "<null>" : stmt->Text(c);
    }
    rows.push_back(std::move(line));
  }
  return rows;
}

std::string One(const std::string& db_path, const std::string& sql) {
  std::vector<std::string> rows = Dump(db_path, sql);
  REQUIRE(rows.size() == 1);
  return rows[0];
}

// The ids of the fake's live (or all) rows of an object.
std::set<std::string> FakeIds(FakeApiServer& server, const char* object, Entity entity,
                              bool live_only = true) {
  const tempo::fakes::SfObjectDef* def = tempo::fakes::FindSfObject(object);
  REQUIRE(def != nullptr);
  std::set<std::string> ids;
  server.WithDataset([&](tempo::fakes::Dataset& d) {
    for (int64_t row = 0; row < d.Count(entity); ++row) {
      if (live_only && d.Archived(entity, row)) continue;
      ids.insert(tempo::fakes::SfId(*def, row));
    }
    return 0;
  });
  return ids;
}

std::set<std::string> StoreIds(const std::string& db, const std::string& table,
                               bool live_only = true) {
  std::vector<std::string> rows =
      Dump(db, "SELECT source_id FROM " + table + (live_only ? " WHERE deleted_at IS NULL" : ""));
  return {rows.begin(), rows.end()};
}

struct Stream {
  const char* object;
  Entity entity;
  const char* table;
};
constexpr Stream kStreams[] = {
    {"Account", Entity::kAccount, "account"},
    {"Contact", Entity::kContact, "contact"},
    {"Opportunity", Entity::kDeal, "opportunity"},
    {"OpportunityPartner", Entity::kDealPartner, "opportunity_partner"},
    {"Lead", Entity::kLead, "lead"},
    {"Campaign", Entity::kCampaign, "campaign"},
    {"CampaignMember", Entity::kCampaignMember, "campaign_member"},
};

void CheckEqualsDataset(FakeApiServer& server, const std::string& db) {
  for (const Stream& s : kStreams) {
    INFO(s.object);
    std::set<std::string> expected = FakeIds(server, s.object, s.entity);
    CHECK(!expected.empty());
    CHECK(StoreIds(db, s.table) == expected);
    CHECK(One(db, std::string("SELECT COUNT(*) - COUNT(DISTINCT source_id) FROM ") + s.table) ==
          "0");
  }
  // Field values, record for record: contacts and opportunities as the fake has them now.
  std::vector<std::string> contacts, deals;
  const auto* contact = tempo::fakes::FindSfObject("Contact");
  const auto* opportunity = tempo::fakes::FindSfObject("Opportunity");
  server.WithDataset([&](tempo::fakes::Dataset& d) {
    for (int64_t row = 0; row < d.Count(Entity::kContact); ++row) {
      if (d.Archived(Entity::kContact, row)) continue;
      tempo::fakes::ContactRecord c = d.Contact(row);
      contacts.push_back(tempo::fakes::SfId(*contact, row) + "|" + c.email + "|" + c.first_name +
                         "|" + c.last_name + "|" + (c.title.empty() ? "<null>" : c.title));
    }
    for (int64_t row = 0; row < d.Count(Entity::kDeal); ++row) {
      if (d.Archived(Entity::kDeal, row)) continue;
      tempo::fakes::DealRecord o = d.Deal(row);
      char amount[64];
      std::snprintf(amount, sizeof amount, "%.2f", o.amount);
      deals.push_back(tempo::fakes::SfId(*opportunity, row) + "|" + o.name + "|" + amount);
    }
    return 0;
  });
  std::sort(contacts.begin(), contacts.end());
  std::sort(deals.begin(), deals.end());
  CHECK(Dump(db,
             "SELECT source_id, email, first_name, last_name, coalesce(title, '<null>') "
             "FROM contact WHERE deleted_at IS NULL ORDER BY source_id") == contacts);
  CHECK(Dump(db,
             "SELECT source_id, name, printf('%.2f', amount) FROM opportunity "
             "WHERE deleted_at IS NULL ORDER BY source_id") == deals);
}

}  // namespace

TEST_CASE(
    "salesforce: a full sync equals the fake's dataset, and a second sync updates only the "
    "changed records") {
  auto server = StartFake();
  TempDir dir;
  std::string cfg = Config(dir, *server);
  ProcessResult r = Sync(dir, cfg);
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  const std::string db = dir.File("tempo.db");
  CheckEqualsDataset(*server, db);
  CHECK_THAT(r.err, Catch::Contains("api-usage="));
  CHECK(One(db, "SELECT status, rejects FROM sync_runs ORDER BY id DESC LIMIT 1") == "succeeded|0");
  // Values: canonical roles, attribution source, normalized times, raw JSON without attributes.
  CHECK(One(db,
            "SELECT COUNT(*) FROM opportunity_partner WHERE role IS NULL OR "
            "attribution_source != 'crm_partner_object' OR partner_source_id IS NULL") == "0");
  CHECK(One(db, "SELECT COUNT(*) FROM contact WHERE source_updated_at NOT LIKE '%Z'") == "0");
  CHECK(One(db, "SELECT COUNT(*) FROM raw_records WHERE raw_json LIKE '%\"attributes\"%'") == "0");
  CHECK(One(db,
            "SELECT COUNT(*) FROM opportunity WHERE amount IS NULL OR typeof(amount) != "
            "'real' OR closed_at NOT GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'") == "0");
  CHECK(One(db, "SELECT COUNT(*) FROM account WHERE domain LIKE '%www%' OR domain IS NULL") == "0");
  // Partners: one per partner account named in a Partner relation, keyed by that account's id.
  CHECK(StoreIds(db, "partner") == [&] {
    auto rows = Dump(db, "SELECT DISTINCT partner_source_id FROM opportunity_partner");
    return std::set<std::string>(rows.begin(), rows.end());
  }());
  CHECK(One(db, "SELECT COUNT(*) FROM lead WHERE partner_source_id IS NOT NULL") != "0");

  // Touch 7 contacts and 3 opportunities: the next (incremental) run writes exactly those.
  const int64_t at = server->NowMs() + 60'000;
  server->WithDataset([&](tempo::fakes::Dataset& d) {
    d.TouchRange(Entity::kContact, 10, 7, at);
    d.TouchRange(Entity::kDeal, 20, 3, at);
    return 0;
  });
  r = Sync(dir, cfg);
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  const std::string last_run = "(SELECT MAX(id) FROM sync_runs)";
  CHECK(One(db, "SELECT COUNT(*) FROM contact WHERE sync_run_id = " + last_run) == "7");
  CHECK(One(db, "SELECT COUNT(*) FROM opportunity WHERE sync_run_id = " + last_run) == "3");
  CHECK(One(db, "SELECT COUNT(*) FROM account WHERE sync_run_id = " + last_run) == "0");
  CHECK(One(db, "SELECT records FROM sync_runs WHERE id = " + last_run) == "10");
  CheckEqualsDataset(*server, db);
}

// Salesforce reports the org's API usage on every answer (Sforce-Limit-Info: api-usage=N/M).
// The run record keeps the newest report, the sync's output says it, and the daemon's /metrics
// exports it: an admin sees how much of the org's daily budget the syncs spend.
TEST_CASE("salesforce: the org's API usage is in the run record, the sync's output and /metrics") {
  tempo::fakes::FakeApiOptions options;
  options.dataset.scale = 50;
  options.salesforce_batch_size = 200;
  options.salesforce_daily_limit = 7777;
  auto started = FakeApiServer::Start(options);
  REQUIRE(started.ok());
  auto server = std::move(*started);
  TempDir dir;
  // The daemon's endpoint on any free port (read from its log below).
  const std::string cfg =
      dir.Write("tempo.yaml", "server: {listen: \"127.0.0.1:0\"}\n" +
                                  tempo::testing::ReadWhole(Config(dir, *server, "connection")));
  ProcessResult r = Sync(dir, cfg);
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  const std::string db = dir.File("connection.db");
  // The fake counts each data API call; the run's last answer carried the count of them all.
  const std::string used = One(db, "SELECT api_used FROM sync_runs ORDER BY id DESC LIMIT 1");
  CHECK(std::stoll(used) > 5);
  CHECK(One(db, "SELECT api_limit FROM sync_runs ORDER BY id DESC LIMIT 1") == "7777");
  CHECK_THAT(r.out, Catch::Contains("the provider counts " + used +
                                    " of the account's 7,777 API "
                                    "calls used"));
  ProcessResult json = Sync(dir, cfg, {"--json"});
  REQUIRE(json.exit_code == 0);
  const std::string used2 = One(db, "SELECT api_used FROM sync_runs ORDER BY id DESC LIMIT 1");
  CHECK(std::stoll(used2) > std::stoll(used));  // the second run's calls counted on top
  CHECK_THAT(json.out, Catch::Contains("\"api_usage\":{\"used\":" + used2 + ",\"limit\":7777}"));

  // The daemon's /metrics, from the store (no scheduled connection: it only serves).
  const std::string out = dir.File("daemon.out"), err = dir.File("daemon.err");
  pid_t daemon =
      tempo::testing::StartProcess({tempo::testing::TempoBinary(), "-c", cfg, "run"}, out, err);
  int port = 0;
  for (int i = 0; i < 100 && port == 0; ++i) {
    const std::string log = tempo::testing::ReadWhole(err);
    const std::string marker = "/metrics on http://127.0.0.1:";
    if (size_t at = log.find(marker); at != std::string::npos) {
      port = std::atoi(log.c_str() + at + marker.size());
    } else {
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
  }
  INFO(tempo::testing::ReadWhole(err));
  REQUIRE(port > 0);
  httplib::Client client("127.0.0.1", port);
  auto metrics = client.Get("/metrics");
  ::kill(daemon, SIGTERM);
  tempo::testing::WaitProcess(daemon, out, err);
  REQUIRE(metrics);
  INFO(metrics->body);
  CHECK_THAT(metrics->body,
             Catch::Contains("tempo_provider_api_usage{connection=\"sf\"} " + used2 + "\n"));
  CHECK_THAT(metrics->body, Catch::Contains("tempo_provider_api_limit{connection=\"sf\"} 7777\n"));
}

TEST_CASE("salesforce: INVALID_SESSION_ID mid-sync refreshes the session and replays") {
  auto server = StartFake(100);
  FaultRule expire;
  expire.kind = FaultKind::kExpireToken;
  expire.path = "/salesforce/services/data";
  expire.nth = 4;
  server->AddFault(expire);
  TempDir dir;
  std::string cfg = Config(dir, *server);
  ProcessResult r = Sync(dir, cfg);
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  CheckEqualsDataset(*server, dir.File("tempo.db"));
  CHECK(server->requests().Count("/salesforce/services/oauth2/token") == 2);
  CHECK(One(dir.File("tempo.db"), "SELECT retries >= 1 FROM sync_runs") == "1");
}

TEST_CASE("salesforce: queryAll deletes become soft deletes") {
  auto server = StartFake(100);
  TempDir dir;
  std::string cfg = Config(dir, *server);
  ProcessResult r = Sync(dir, cfg);
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  const int64_t at = server->NowMs() + 60'000;
  server->WithDataset([&](tempo::fakes::Dataset& d) {
    d.ArchiveRange(Entity::kContact, 3, 5, at);
    d.ArchiveRange(Entity::kLead, 0, 2, at);
    return 0;
  });
  r = Sync(dir, cfg);
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  const std::string db = dir.File("tempo.db");
  CHECK(One(db, "SELECT COUNT(*) FROM contact WHERE deleted_at IS NOT NULL") == "5");
  CHECK(One(db, "SELECT COUNT(*) FROM lead WHERE deleted_at IS NOT NULL") == "2");
  CheckEqualsDataset(*server, db);
}

namespace {

// 1000 contacts, 200 a page; the 250 newest share one SystemModstamp (rows 750..999 in cursor
// order), so page 4 ends inside the ties and page 5 hits the spent quota. Returns the records
// the resumed run read.
std::string QuotaInsideTies(const std::string& extra) {
  auto server = StartFake(200);
  FaultRule quota;
  quota.kind = FaultKind::kQuota;
  quota.path = "/salesforce/services/data/v62.0/query";  // the pages (query, queryAll, more)
  quota.nth = 5;
  quota.times = -1;
  int id = server->AddFault(quota);
  TempDir dir;
  std::string cfg = Config(dir, *server, "tempo", extra);
  ProcessResult r = Sync(dir, cfg, {"--stream", "contact"});
  INFO(r.err);
  CHECK(r.exit_code == 3);
  const std::string db = dir.File("tempo.db");
  CHECK(One(db, "SELECT status FROM sync_runs ORDER BY id DESC LIMIT 1") == "deferred");
  CHECK_THAT(One(db, "SELECT error FROM sync_runs ORDER BY id DESC LIMIT 1"),
             Catch::Contains("403"));
  CHECK(One(db, "SELECT COUNT(*) FROM contact") == "800");
  // The quota renews. The 403 held back the org's rate key until the next full hour (every
  // connection on it would defer without a request): end that hold as the hour would.
  server->RemoveFault(id);
  auto side = tempo::store::Db::Open(tempo::store::HttpStatePath(db));
  REQUIRE(side.ok());
  REQUIRE((*side)->Exec("DELETE FROM quota_mark").ok());
  CHECK((*side)->Changes() == 1);
  side->reset();
  r = Sync(dir, cfg, {"--stream", "contact"});
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  CHECK(StoreIds(db, "contact") == FakeIds(*server, "Contact", Entity::kContact));
  CHECK(One(db, "SELECT COUNT(*), COUNT(DISTINCT source_id) FROM contact") == "1000|1000");
  return One(db, "SELECT records FROM sync_runs ORDER BY id DESC LIMIT 1");
}

}  // namespace

TEST_CASE(
    "salesforce: REQUEST_LIMIT_EXCEEDED inside a run of tied SystemModstamps defers the "
    "run, and the next run resumes with every tied record") {
  // The keyset on (SystemModstamp, Id) resumes exactly after the last committed record.
  CHECK(QuotaInsideTies("") == "200");
}

TEST_CASE(
    "salesforce: the inclusive cursor mode re-reads the last timestamp's records and "
    "loses none") {
  // SystemModstamp >= c: the 50 tied records of page 4 are read again, and upserted.
  CHECK(QuotaInsideTies("      cursor_query: inclusive\n") == "250");
}

TEST_CASE("salesforce: a sync killed with SIGKILL resumes without loss or duplicates") {
  auto server = StartFake(200);
  SlowDown(*server, 100);
  TempDir dir;
  std::string cfg = Config(dir, *server);
  int killed = 0;
  for (int delay_ms : {120, 300, 450, 600}) {
    std::string out = dir.File("kill" + std::to_string(delay_ms) + ".out");
    std::string err = dir.File("kill" + std::to_string(delay_ms) + ".err");
    pid_t pid = tempo::testing::StartProcess(
        {tempo::testing::TempoBinary(), "-q", "-c", cfg, "sync", "sf"}, out, err);
    std::this_thread::sleep_for(std::chrono::milliseconds(delay_ms));
    ::kill(pid, SIGKILL);
    ProcessResult k = tempo::testing::WaitProcess(pid, out, err);
    if (k.signal == SIGKILL) ++killed;
  }
  CHECK(killed == 4);  // each kill landed inside a run
  ProcessResult r = Sync(dir, cfg);
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  const std::string db = dir.File("tempo.db");
  CheckEqualsDataset(*server, db);
  CHECK(One(db, "SELECT COUNT(*) FROM contact WHERE deleted_at IS NOT NULL") == "0");
  CHECK(One(db, "PRAGMA integrity_check") == "ok");
}

TEST_CASE("salesforce: a page that does not parse fails the run naming the stream") {
  auto server = StartFake(100);
  FaultRule bad;
  bad.kind = FaultKind::kMalformedJson;
  bad.path = "/salesforce/services/data/v62.0/query";  // the first page, not the describes
  bad.nth = 1;
  server->AddFault(bad);
  TempDir dir;
  std::string cfg = Config(dir, *server);
  ProcessResult r = Sync(dir, cfg, {"--stream", "account"});
  CHECK(r.exit_code != 0);
  const std::string db = dir.File("tempo.db");
  CHECK(One(db, "SELECT status FROM sync_runs ORDER BY id DESC LIMIT 1") == "failed");
  CHECK_THAT(One(db, "SELECT error FROM sync_runs ORDER BY id DESC LIMIT 1"),
             Catch::Contains("account"));
  CHECK(One(db, "SELECT COUNT(*) FROM account") == "0");
}

TEST_CASE("salesforce: a field list too long for one URL is split into queries merged by Id") {
  auto server = StartFake(200);
  TempDir dir;
  std::string whole = Config(dir, *server, "whole");
  std::string split = Config(dir, *server, "split", "      max_url_bytes: 420\n");
  std::string logs;
  for (const std::string& cfg : {whole, split}) {
    ProcessResult r = Sync(dir, cfg, {"--stream", "account", "--stream", "opportunity"});
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    logs = r.err;
  }
  CHECK_THAT(logs, !Catch::Contains(" 1 field chunk(s)"));
  const std::string rows =
      "SELECT entity, source_id, raw_json FROM raw_records ORDER BY entity, source_id";
  std::vector<std::string> expected = Dump(dir.File("whole.db"), rows);
  CHECK(expected.size() == 600);  // 200 accounts, 400 opportunities: 2 pages
  std::vector<std::string> actual = Dump(dir.File("split.db"), rows);
  CHECK(actual.size() == expected.size());
  // Same records and fields; the merged raw JSON may order its fields differently.
  for (size_t i = 0; i < std::min(actual.size(), expected.size()); ++i) {
    std::string a = actual[i], e = expected[i];
    std::sort(a.begin(), a.end());
    std::sort(e.begin(), e.end());
    CHECK(a == e);
  }
  const std::string acc =
      "SELECT source_id, name, domain, lifecycle, source_updated_at FROM account ORDER BY 1";
  CHECK(Dump(dir.File("split.db"), acc) == Dump(dir.File("whole.db"), acc));
  // More than one query per page: the split really happened.
  CHECK(std::stoi(One(dir.File("split.db"), "SELECT requests FROM sync_runs")) >
        std::stoi(One(dir.File("whole.db"), "SELECT requests FROM sync_runs")));
}

TEST_CASE("salesforce: check, discover and the client-credentials grant") {
  auto server = StartFake(100);
  TempDir dir;
  std::string cfg = Config(dir, *server, "tempo", "      grant: client_credentials\n");
  ProcessResult r = tempo::testing::RunProcess(
      {tempo::testing::TempoBinary(), "-c", cfg, "check", "sf"}, dir.path());
  INFO(r.out + r.err);
  CHECK(r.exit_code == 0);
  r = tempo::testing::RunProcess({tempo::testing::TempoBinary(), "-c", cfg, "discover", "sf"},
                                 dir.path());
  CHECK(r.exit_code == 0);
  for (const char* stream : {"account", "contact", "opportunity", "opportunity_partner", "partner",
                             "lead", "campaign", "campaign_member"}) {
    CHECK_THAT(r.out, Catch::Contains(stream));
  }
  r = Sync(dir, cfg, {"--stream", "campaign"});
  CHECK(r.exit_code == 0);
  CHECK(StoreIds(dir.File("tempo.db"), "campaign") ==
        FakeIds(*server, "Campaign", Entity::kCampaign));
  CHECK(One(dir.File("tempo.db"),
            "SELECT COUNT(*) FROM campaign WHERE partner_source_id IS NOT "
            "NULL") != "0");
  CHECK(r.err.find("fake-salesforce-client-secret") == std::string::npos);
}

TEST_CASE("salesforce: an expired query locator is re-queried from the cursor") {
  auto server = StartFake(200);
  FaultRule slow;
  slow.kind = FaultKind::kDelay;
  slow.path = "/salesforce/services/data/v62.0/queryAll";
  slow.delay_ms = 300;
  slow.times = -1;
  server->AddFault(slow);
  TempDir dir;
  std::string cfg = Config(dir, *server);
  std::string out = dir.File("sync.out"), err = dir.File("sync.err");
  pid_t pid = tempo::testing::StartProcess(
      {tempo::testing::TempoBinary(), "-c", cfg, "sync", "sf", "--stream", "contact"}, out, err);
  // Meanwhile another client opens 70 query cursors: the fake keeps the newest 64, so the
  // sync's nextRecordsUrl locator is gone when it asks for its next page.
  httplib::Client client("127.0.0.1", server->port());
  auto token = client.Post("/salesforce/services/oauth2/token",
                           "grant_type=client_credentials&client_id=fake-salesforce-client-id&"
                           "client_secret=fake-salesforce-client-secret",
                           "application/x-www-form-urlencoded");
  REQUIRE(token);
  REQUIRE(token->status == 200);
  const std::string key = "\"access_token\":\"";
  size_t at = token->body.find(key);
  REQUIRE(at != std::string::npos);
  at += key.size();
  const std::string access = token->body.substr(at, token->body.find('"', at) - at);
  // Once the sync asks for its second page, its query cursor exists.
  const std::string query_all = "/salesforce/services/data/v62.0/queryAll";
  for (int i = 0; i < 500 && server->requests().Count(query_all) < 2; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  for (int i = 0; i < 70; ++i) {
    auto res = client.Get("/salesforce/services/data/v62.0/query?q=SELECT%20Id%20FROM%20Contact",
                          httplib::Headers{{"Authorization", "Bearer " + access}});
    REQUIRE(res);
    INFO(res->body);
    REQUIRE(res->status == 200);
  }
  ProcessResult r = tempo::testing::WaitProcess(pid, out, err);
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  CHECK_THAT(r.err, Catch::Contains("INVALID_QUERY_LOCATOR"));
  const std::string db = dir.File("tempo.db");
  CHECK(StoreIds(db, "contact") == FakeIds(*server, "Contact", Entity::kContact));
  CHECK(One(db, "SELECT records FROM sync_runs") == "1000");  // nothing read twice
}

TEST_CASE("salesforce: a full refresh reads live rows with query, and what it misses is deleted") {
  auto server = StartFake(100);
  TempDir dir;
  std::string cfg = Config(dir, *server);
  ProcessResult r = Sync(dir, cfg, {"--stream", "lead"});
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  server->WithDataset([&](tempo::fakes::Dataset& d) {
    d.ArchiveRange(Entity::kLead, 5, 4, server->NowMs() + 60'000);
    return 0;
  });
  const int64_t query_all_before =
      server->requests().Count("/salesforce/services/data/v62.0/queryAll");
  r = Sync(dir, cfg, {"--stream", "lead", "--full-refresh"});
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  CHECK(server->requests().Count("/salesforce/services/data/v62.0/queryAll") == query_all_before);
  CHECK(server->requests().Count("/salesforce/services/data/v62.0/query") > 0);
  const std::string db = dir.File("tempo.db");
  CHECK(One(db, "SELECT COUNT(*) FROM lead WHERE deleted_at IS NOT NULL") == "4");
  CHECK(StoreIds(db, "lead") == FakeIds(*server, "Lead", Entity::kLead));
}

// The hand-over from a full read to incremental reads: the query is ordered by
// (SystemModstamp, Id), so a record changed behind the read's position gets a SystemModstamp
// past the cursor the read hands on, and the next incremental run picks it up (also when a
// record not yet read is changed later, and through a kill and resume).
TEST_CASE("salesforce: records modified during a full read are picked up by the next incremental") {
  const bool kill_once = GENERATE(false, true);
  INFO("killed and resumed: " << kill_once);
  auto server = StartFake(400);
  SlowDown(*server, 40);
  TempDir dir;
  std::string cfg =
      Config(dir, *server, "tempo", "    streams: [{name: contact, mode: incremental}]\n");
  const std::vector<std::string> argv = {
      tempo::testing::TempoBinary(), "-q", "-c", cfg, "sync", "sf"};
  pid_t pid = tempo::testing::StartProcess(argv, dir.File("a.out"), dir.File("a.err"));
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  while (server->requests().Count("/salesforce/services/data") < 4 &&
         std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
  int64_t contacts = 0;
  const int64_t now = server->NowMs();
  server->WithDataset([&](tempo::fakes::Dataset& d) {
    contacts = d.Count(Entity::kContact);
    std::vector<int64_t> rows;
    for (int64_t row = 0; row < contacts; row += 40) rows.push_back(row);
    d.Touch(Entity::kContact, rows, now);
    d.TouchRange(Entity::kContact, contacts - 1, 1, now + 1000);
    return 0;
  });
  if (kill_once) {
    ::kill(pid, SIGKILL);
    tempo::testing::WaitProcess(pid, dir.File("a.out"), dir.File("a.err"));
    pid = tempo::testing::StartProcess(argv, dir.File("b.out"), dir.File("b.err"));
  }
  ProcessResult full = tempo::testing::WaitProcess(pid, dir.File("b.out"), dir.File("b.err"));
  REQUIRE(full.exit_code == 0);
  for (int run = 0; run < 2; ++run) {
    ProcessResult r = Sync(dir, cfg);
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
  }
  const std::string db = dir.File("tempo.db");
  std::vector<std::string> expected;
  const auto* contact = tempo::fakes::FindSfObject("Contact");
  server->WithDataset([&](tempo::fakes::Dataset& d) {
    for (int64_t row = 0; row < d.Count(Entity::kContact); ++row) {
      const std::string title = d.Contact(row).title;
      expected.push_back(tempo::fakes::SfId(*contact, row) + "|" +
                         (title.empty() ? "<null>" : title));
    }
    return 0;
  });
  std::sort(expected.begin(), expected.end());
  std::vector<std::string> got =
      Dump(db, "SELECT source_id, coalesce(title, '<null>') FROM contact ORDER BY source_id");
  REQUIRE(got.size() == expected.size());
  std::vector<std::string> stale;
  for (size_t i = 0; i < got.size(); ++i) {
    if (got[i] != expected[i]) stale.push_back(got[i] + " (now " + expected[i] + ")");
  }
  INFO(stale.size() << " stale, first: " << (stale.empty() ? "" : stale[0]));
  CHECK(stale.empty());
}

// An org that hides things from the integration user, scripted from the documentation
// (section 2 of the API wire-format notes) on a loopback server: NumberOfEmployees is hidden
// by field-level security, Partner and CampaignMember are not visible at all, and a query
// naming what is hidden is refused as the real API does (INVALID_FIELD, INVALID_TYPE).
namespace {

using tempo::testing::LoopbackServer;
using tempo::testing::Reply;
using tempo::testing::SeenRequest;

std::string Decoded(const std::string& s) { return httplib::detail::decode_url(s, true); }

std::string SfError(const std::string& code, const std::string& message) {
  return R"([{"message":")" + message + R"(","errorCode":")" + code + R"("}])";
}

void ScriptedHidingOrg(const SeenRequest& r, Reply& reply) {
  const tempo::testing::HttpHeaders json = {{"Content-Type", "application/json"}};
  const std::string& t = r.target;
  const std::string data = "/services/data/v62.0";
  if (t == "/services/oauth2/token") {
    return reply.Respond(200,
                         R"({"access_token":"00D!scripted","instance_url":"http://)" +
                             r.Header("Host") +
                             R"(","token_type":"Bearer","issued_at":"1708058728442"})",
                         json);
  }
  if (t == data + "/sobjects") {
    std::string body = R"({"encoding":"UTF-8","sobjects":[)";
    for (const char* o :
         {"Account", "Contact", "Opportunity", "OpportunityPartner", "Lead", "Campaign"}) {
      body += std::string(body.back() == '[' ? "" : ",") + R"({"name":")" + o +
              R"(","queryable":true})";
    }
    return reply.Respond(200, body + "]}", json);
  }
  if (t.rfind(data + "/sobjects/", 0) == 0) {
    // Every object shows every standard field the connector reads, but Account hides one.
    std::string body = R"({"fields":[)";
    for (const char* f : {"Id",
                          "Name",
                          "Type",
                          "Industry",
                          "Website",
                          "BillingCountry",
                          "AnnualRevenue",
                          "OwnerId",
                          "ParentId",
                          "AccountId",
                          "FirstName",
                          "LastName",
                          "Email",
                          "Title",
                          "Phone",
                          "Amount",
                          "CloseDate",
                          "StageName",
                          "IsClosed",
                          "IsWon",
                          "Probability",
                          "ForecastCategoryName",
                          "LeadSource",
                          "OpportunityId",
                          "AccountToId",
                          "Role",
                          "IsPrimary",
                          "ReversePartnerId",
                          "CreatedById",
                          "LastModifiedById",
                          "Company",
                          "Status",
                          "IsConverted",
                          "ConvertedAccountId",
                          "ConvertedDate",
                          "StartDate",
                          "EndDate",
                          "BudgetedCost",
                          "ActualCost",
                          "IsActive",
                          "IsDeleted",
                          "CreatedDate",
                          "LastModifiedDate",
                          "SystemModstamp",
                          "Tier__c"}) {
      body += std::string(body.back() == '[' ? "" : ",") + R"({"name":")" + f + R"("})";
    }
    if (t.find("/Account/") == std::string::npos) body += R"(,{"name":"NumberOfEmployees"})";
    return reply.Respond(200, body + "]}", json);
  }
  if (size_t q = t.find("?q="); q != std::string::npos) {
    const std::string soql = Decoded(t.substr(q + 3));
    for (const char* hidden : {"NumberOfEmployees", "Secret_Score__c"}) {
      if (soql.find(hidden) != std::string::npos) {
        return reply.Respond(
            400, SfError("INVALID_FIELD", std::string("No such column '") + hidden + "'"), json);
      }
    }
    for (const char* object : {"FROM Partner ", "FROM CampaignMember "}) {
      if (soql.find(object) != std::string::npos) {
        return reply.Respond(400, SfError("INVALID_TYPE", "sObject type is not supported"), json);
      }
    }
    std::string records;
    if (soql.find("FROM Account ") != std::string::npos) {
      records =
          R"({"attributes":{"type":"Account"},"Id":"001A","Name":"Acme","Website":"acme.com",)"
          R"("Type":"Customer","SystemModstamp":"2024-04-01T12:34:56.000+0000"},)"
          R"({"attributes":{"type":"Account"},"Id":"001B","Name":"Beta","Website":"beta.io",)"
          R"("Type":"Technology Partner","SystemModstamp":"2024-04-01T12:35:00.000+0000"})";
    }
    return reply.Respond(
        200, R"({"totalSize":0,"done":true,"records":[)" + records + "]}",
        {{"Content-Type", "application/json"}, {"Sforce-Limit-Info", "api-usage=18/5000"}});
  }
  reply.Respond(404, SfError("NOT_FOUND", "The requested resource does not exist"), json);
}

std::string HidingOrgConfig(const TempDir& dir, LoopbackServer& server, const std::string& name,
                            const std::string& extra) {
  return dir.Write(name + ".yaml",
                   "store:\n  path: " + name +
                       ".db\nplugins:\n  path: [" TEMPO_PLUGIN_DIR
                       "]\nconnections:\n  - name: sf\n    plugin: salesforce\n"
                       "    http: {max_attempts: 2, initial_backoff: 0.01, max_backoff: 0.02}\n"
                       "    config:\n      login_url: " +
                       server.Url("") +
                       "\n      client_id: scripted-client\n      client_secret: scripted-secret\n"
                       "      refresh_token: scripted-refresh\n      requests_per_second: 0\n" +
                       extra);
}

}  // namespace

TEST_CASE("salesforce: an org hiding a field and two objects syncs what it shows") {
  LoopbackServer server(&ScriptedHidingOrg);
  TempDir dir;
  ProcessResult r = Sync(dir, HidingOrgConfig(dir, server, "tempo", ""));
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  const std::string db = dir.File("tempo.db");
  CHECK(One(db, "SELECT status FROM sync_runs") == "succeeded");
  CHECK(Dump(db, "SELECT source_id, name, lifecycle FROM account ORDER BY 1") ==
        std::vector<std::string>{"001A|Acme|customer", "001B|Beta|partner"});
  CHECK_THAT(r.err, Catch::Contains("NumberOfEmployees of Account are not visible"));
  CHECK_THAT(r.err, Catch::Contains("the object Partner is not visible"));
  CHECK_THAT(r.err, Catch::Contains("the object CampaignMember is not visible"));
  size_t describe_global = 0, queries = 0;
  for (const SeenRequest& req : server.Requests()) {
    if (req.target == "/services/data/v62.0/sobjects") ++describe_global;
    if (req.target.find("?q=") == std::string::npos) continue;
    ++queries;
    const std::string soql = Decoded(req.target);
    CHECK(soql.find("NumberOfEmployees") == std::string::npos);
    CHECK(soql.find("FROM Partner ") == std::string::npos);
  }
  CHECK(describe_global == 1);
  CHECK(queries == 6);  // the eight streams less the two invisible objects
}

TEST_CASE("salesforce: a configured extra field the org hides fails the run, naming it") {
  LoopbackServer server(&ScriptedHidingOrg);
  TempDir dir;
  ProcessResult r = Sync(dir,
                         HidingOrgConfig(dir, server, "tempo",
                                         "      extra_fields: {Account: [Tier__c, "
                                         "Secret_Score__c]}\n"),
                         {"--stream", "account"});
  CHECK(r.exit_code != 0);
  const std::string db = dir.File("tempo.db");
  CHECK(One(db, "SELECT status FROM sync_runs") == "failed");
  const std::string error = One(db, "SELECT error FROM sync_runs");
  CHECK_THAT(error, Catch::Contains("Secret_Score__c") && Catch::Contains("stream 'account'") &&
                        !Catch::Contains("Tier__c"));
  for (const SeenRequest& req : server.Requests()) {
    CHECK(req.target.find("?q=") == std::string::npos);  // refused before any query
  }
}

// The same against the fake Salesforce's restricted org (a profile hiding a field and two
// objects, as tempo-fakeapi --salesforce-hidden serves it): before, not one record landed.
TEST_CASE("salesforce: the fake's restricted org syncs every visible object, record for record") {
  tempo::fakes::FakeApiOptions options;
  options.dataset.scale = 100;
  options.salesforce_batch_size = 200;
  options.salesforce_hidden = "Account.NumberOfEmployees,Partner,CampaignMember";
  auto started = FakeApiServer::Start(options);
  REQUIRE(started.ok());
  auto server = std::move(*started);
  TempDir dir;
  ProcessResult r = Sync(dir, Config(dir, *server));
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  const std::string db = dir.File("tempo.db");
  CHECK(One(db, "SELECT status FROM sync_runs") == "succeeded");
  CHECK_THAT(r.err, Catch::Contains("NumberOfEmployees"));
  CHECK_THAT(r.err, Catch::Contains("Partner"));
  CHECK_THAT(r.err, Catch::Contains("CampaignMember"));
  for (const Stream& s : kStreams) {
    if (std::string(s.object) == "CampaignMember") continue;
    INFO(s.object);
    CHECK(StoreIds(db, s.table) == FakeIds(*server, s.object, s.entity));
  }
  CHECK(One(db, "SELECT COUNT(*) FROM campaign_member") == "0");
  for (const auto& line : Dump(db, "SELECT raw_json FROM account LIMIT 5")) {
    CHECK(line.find("NumberOfEmployees") == std::string::npos);
  }
}

// An object that becomes invisible (a profile change) is skipped, not read empty: a full
// refresh keeps its rows instead of soft-deleting every one of them, and the run record says
// why the stream was skipped.
TEST_CASE("salesforce: an object hidden after a sync keeps its rows through a full refresh") {
  auto server = StartFake(100);
  TempDir dir;
  const std::string cfg = Config(dir, *server);
  ProcessResult first = Sync(dir, cfg);
  INFO(first.err);
  REQUIRE(first.exit_code == 0);
  const std::string db = dir.File("tempo.db");
  const std::string members = One(db, "SELECT COUNT(*) FROM campaign_member");
  REQUIRE(members != "0");
  REQUIRE(server->salesforce().SetHidden("CampaignMember").ok());
  ProcessResult second = Sync(dir, cfg, {"--full-refresh"});
  INFO(second.err);
  REQUIRE(second.exit_code == 0);
  CHECK(One(db, "SELECT status FROM sync_runs ORDER BY id DESC LIMIT 1") == "succeeded");
  CHECK(One(db, "SELECT COUNT(*) FROM campaign_member WHERE deleted_at IS NULL") == members);
  CHECK_THAT(One(db,
                 "SELECT json_extract(streams_json, '$.campaign_member.skipped') FROM "
                 "sync_runs ORDER BY id DESC LIMIT 1"),
             Catch::Contains("CampaignMember is not visible"));
  CHECK_THAT(second.err, Catch::Contains("stream 'campaign_member': skipped"));
}
