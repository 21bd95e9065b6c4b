// The marketo connector end to end: the real `tempo sync` binary and plugin against the fake
// Marketo of tests/fakes (served in-process by tempo_fakeapi_lib on loopback), checked against
// the fake's dataset row for row: full and incremental syncs (deletions included), the instance
// without the updatedAt filter (1035), token expiry and envelope errors, the daily quota (607:
// deferred, exit 3, then resumed), and a SIGKILL mid-export.
#include <signal.h>
#include <sys/wait.h>

#include <chrono>
#include <cmath>
#include <map>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include <catch2/catch.hpp>

#include "fakes/core/encoding.h"
#include "fakes/core/fake_api_server.h"
#include "fakes/marketo/marketo_records.h"
#include "fakes/marketo/provider_marketo.h"
#include "store/store.h"
#include "support/process.h"
#include "support/store_rows.h"
#include "support/temp_dir.h"

namespace {

using tempo::fakes::Dataset;
using tempo::fakes::Entity;
using tempo::fakes::FakeApiOptions;
using tempo::fakes::FakeApiServer;
using tempo::fakes::FaultKind;
using tempo::fakes::FaultRule;
using tempo::fakes::kMarketoLeadBase;
using tempo::fakes::kMarketoProgramBase;
using tempo::fakes::MarketoOptions;
using tempo::testing::ProcessResult;
using tempo::testing::TempDir;

const bool kNoProxy = (::setenv("no_proxy", "127.0.0.1,localhost", 1), true);

constexpr int64_t kDayMs = 86'400'000;

int64_t WallNowMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

// A small instance whose history is recent: 40 leads created in the 40 days before two days
// ago, 3 programs; a full read is two export windows.
std::unique_ptr<FakeApiServer> StartFake(int64_t scale = 20) {
  FakeApiOptions options;
  options.dataset.scale = scale;
  options.dataset.history_days = 40;
  options.dataset.as_of_ms = WallNowMs() - 2 * kDayMs;
  auto server = FakeApiServer::Start(std::move(options));
  REQUIRE(server.ok());
  return std::move(*server);
}

struct Conn {
  std::string streams =
      "[{name: leads, mode: incremental}, {name: programs, mode: incremental}, "
      "{name: program_members, mode: full_refresh}]";
  std::string extra;  // more config lines
  std::string partner_field = "referringPartner";
  std::string connection_extra;  // more lines of the connection (after its config)
  std::string http =
      "    http: {max_attempts: 4, initial_backoff: 0.01, max_backoff: 0.05, timeout: 5, "
      "idle_timeout: 2, connect_timeout: 2}\n";
};

std::string WriteConfig(const TempDir& dir, const FakeApiServer& server, const Conn& c = {}) {
  const int64_t start = server.options().dataset.as_of_ms - 45 * kDayMs;
  return dir.Write(
      "tempo.yaml",
      "store:\n  path: tempo.db\nplugins:\n  path: [" TEMPO_PLUGIN_DIR
      "]\nconnections:\n  - name: mk\n    plugin: marketo\n    streams: " +
          c.streams + "\n" + c.http + "    config:\n      base_url: " + server.url("/marketo") +
          "\n      client_id: fake-marketo-client-id\n"
          "      client_secret: fake-marketo-client-secret\n"
          "      start_date: \"" +
          tempo::fakes::FormatLeadDateTime(start) + "\"\n      partner_field: " + c.partner_field +
          "\n      bulk_poll_seconds: 1\n" + c.extra + c.connection_extra);
}

ProcessResult Sync(const TempDir& dir, const std::string& cfg, std::vector<std::string> more = {}) {
  return tempo::testing::RunTempoSync(dir.path(), cfg, "mk", more);
}

std::vector<std::vector<std::string>> Query(const TempDir& dir, const std::string& sql) {
  return tempo::testing::StoreRows(dir.File("tempo.db"), sql);
}

int64_t Scalar(const TempDir& dir, const std::string& sql) {
  return tempo::testing::StoreScalar(dir.File("tempo.db"), sql);
}

using LastRun = tempo::testing::LastRunRecord;

LastRun Run(const TempDir& dir) { return tempo::testing::LastRunOf(dir.File("tempo.db"), "mk"); }

std::string OrNull(const std::optional<std::string>& v) { return v && !v->empty() ? *v : "<null>"; }

// Every live lead row equals the fake's lead, column for column; deleted leads are soft-deleted.
void CheckLeads(const TempDir& dir, FakeApiServer& server) {
  auto rows = Query(dir,
                    "SELECT source_id, email, company, status, lead_source, utm_source, "
                    "created_at, campaign_source_id, partner_source_id, source_updated_at, "
                    "json_extract(raw_json, '$.title'), json_extract(raw_json, '$.address'), "
                    "deleted_at IS NOT NULL FROM lead ORDER BY CAST(source_id AS INTEGER)");
  std::map<std::string, std::vector<std::string>> by_id;
  for (auto& r : rows) by_id[r[0]] = r;
  CHECK(by_id.size() == rows.size());  // one row per lead
  server.WithDataset([&](Dataset& d) {
    int64_t live = 0;
    for (int64_t row = 0; row < d.Count(Entity::kLead); ++row) {
      const auto lead = tempo::fakes::RenderMarketoLead(d, row);
      INFO("lead row " << row);
      auto it = by_id.find(std::to_string(lead.id));
      if (lead.deleted) {
        if (it != by_id.end()) CHECK(it->second[12] == "1");
        continue;
      }
      ++live;
      REQUIRE(it != by_id.end());
      const auto& got = it->second;
      CHECK(got[1] == OrNull(lead.Value("email")));
      CHECK(got[2] == OrNull(lead.Value("company")));
      CHECK(got[3] == OrNull(lead.Value("leadStatus")));
      CHECK(got[4] == OrNull(lead.Value("leadSource")));
      CHECK(got[5] == OrNull(lead.Value("utmSource")));
      CHECK(got[6] == OrNull(lead.Value("createdAt")));
      CHECK(got[7] == OrNull(lead.Value("acquisitionProgramId")));
      CHECK(got[8] == OrNull(lead.Value("referringPartner")));
      CHECK(got[9] == OrNull(lead.Value("updatedAt")));
      CHECK(got[10] == OrNull(lead.Value("title")));
      CHECK(got[11] == OrNull(lead.Value("address")));
      CHECK(got[12] == "0");
    }
    CHECK(Scalar(dir, "SELECT count(*) FROM lead WHERE deleted_at IS NULL") == live);
    return 0;
  });
}

void CheckPrograms(const TempDir& dir, FakeApiServer& server) {
  auto rows = Query(dir,
                    "SELECT source_id, name, coalesce(channel, '<null>'), coalesce(start_at, "
                    "'<null>'), coalesce(end_at, '<null>'), coalesce(cost_usd, -1), "
                    "source_updated_at FROM campaign WHERE deleted_at IS NULL "
                    "ORDER BY CAST(source_id AS INTEGER)");
  server.WithDataset([&](Dataset& d) {
    REQUIRE(static_cast<int64_t>(rows.size()) == d.Count(Entity::kCampaign));
    for (int64_t row = 0; row < d.Count(Entity::kCampaign); ++row) {
      const auto p = tempo::fakes::RenderMarketoProgram(d, row);
      INFO("program row " << row);
      CHECK(rows[row][0] == std::to_string(p.id));
      CHECK(rows[row][1] == p.name);
      CHECK(rows[row][2] == p.channel);
      CHECK(rows[row][3] ==
            (p.start_ms ? tempo::fakes::FormatLeadDateTime(*p.start_ms) : "<null>"));
      CHECK(rows[row][4] == (p.end_ms ? tempo::fakes::FormatLeadDateTime(*p.end_ms) : "<null>"));
      int64_t cost = 0;
      for (const auto& period : p.costs) cost += period.cost;
      CHECK(std::llround(std::stod(rows[row][5])) == (p.costs.empty() ? -1 : cost));
      CHECK(rows[row][6] == tempo::fakes::FormatLeadDateTime(p.updated_ms));
    }
    return 0;
  });
}

void CheckMembers(const TempDir& dir, FakeApiServer& server) {
  auto rows = Query(dir,
                    "SELECT source_id, campaign_source_id, lead_source_id, first_touch_at, "
                    "responded FROM campaign_member WHERE deleted_at IS NULL");
  std::map<std::string, std::vector<std::string>> by_id;
  for (auto& r : rows) by_id[r[0]] = r;
  server.WithDataset([&](Dataset& d) {
    size_t expected = 0;
    for (int64_t row = 0; row < d.Count(Entity::kCampaignMember); ++row) {
      auto m = tempo::fakes::RenderMarketoMembership(d, row);
      if (!m) continue;
      ++expected;
      const std::string program = std::to_string(kMarketoProgramBase + m->program_row);
      const std::string lead = std::to_string(kMarketoLeadBase + m->lead_row);
      INFO("member row " << row);
      auto it = by_id.find(program + ":" + lead);
      REQUIRE(it != by_id.end());
      CHECK(it->second[1] == program);
      CHECK(it->second[2] == lead);
      CHECK(it->second[3] == tempo::fakes::FormatLeadDateTime(m->membership_ms));
      CHECK(it->second[4] == (m->reached_success ? "1" : "0"));
    }
    CHECK(rows.size() == expected);
    return 0;
  });
}

}  // namespace

TEST_CASE("marketo: a full sync equals the fake's leads, programs and members row for row") {
  auto server = StartFake();
  TempDir dir;
  const std::string cfg = WriteConfig(dir, *server);
  ProcessResult r = Sync(dir, cfg);
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  CHECK(Run(dir).status == "succeeded");
  CheckLeads(dir, *server);
  CheckPrograms(dir, *server);
  CheckMembers(dir, *server);
  // Two export windows cover the 45 days from start_date: two jobs, each created once.
  CHECK(server->requests().Count("/marketo/bulk/v1/leads/export/create.json") == 2);
  CHECK(server->requests().Count("/marketo/identity/oauth/token") == 1);  // one token, reused
  CHECK(r.err.find("fake-marketo-client-secret") == std::string::npos);
}

namespace {

// Delays every request under `path` by `ms`: a slow source, so a test can signal mid-read.
void SlowDown(FakeApiServer& server, const std::string& path, int ms) {
  FaultRule slow;
  slow.kind = FaultKind::kDelay;
  slow.delay_ms = ms;
  slow.times = -1;
  slow.path = path;
  server.AddFault(slow);
}

// Waits (at most 20 s) until the fake has seen `n` requests under `path`.
void WaitForRequests(FakeApiServer& server, const std::string& path, int64_t n) {
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  while (server.requests().Count(path) < n && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
}

// Leads touched, created and deleted, and a program touched, now.
void ChangeLeads(FakeApiServer& server) {
  const int64_t now = server.NowMs();
  server.WithDataset([&](Dataset& d) {
    d.TouchRange(Entity::kLead, 0, 5, now);
    d.ArchiveRange(Entity::kLead, 10, 3, now);
    d.Append(Entity::kLead, 4, now);
    d.TouchRange(Entity::kCampaign, 1, 1, now);
    return 0;
  });
}

int64_t LastRunId(const TempDir& dir) {
  return Scalar(dir, "SELECT max(id) FROM sync_runs WHERE connection = 'mk'");
}

}  // namespace

TEST_CASE("marketo: an incremental sync picks up exactly the changed, new and deleted leads") {
  auto server = StartFake();
  TempDir dir;
  const std::string cfg = WriteConfig(dir, *server);
  REQUIRE(Sync(dir, cfg).exit_code == 0);
  ChangeLeads(*server);
  server->requests().Clear();
  ProcessResult r = Sync(dir, cfg);
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  CheckLeads(dir, *server);
  CheckPrograms(dir, *server);
  CheckMembers(dir, *server);
  const int64_t run = LastRunId(dir);
  // 5 touched and 4 new leads upserted, 3 deleted; nothing else was read again.
  CHECK(Scalar(dir, "SELECT count(*) FROM lead WHERE sync_run_id = " + std::to_string(run) +
                        " AND deleted_at IS NULL") == 9);
  CHECK(Scalar(dir, "SELECT count(*) FROM lead WHERE sync_run_id = " + std::to_string(run) +
                        " AND deleted_at IS NOT NULL") == 3);
  CHECK(Scalar(dir, "SELECT count(*) FROM lead WHERE deleted_at IS NOT NULL") == 3);
  CHECK(Scalar(dir, "SELECT count(*) FROM campaign WHERE sync_run_id = " + std::to_string(run)) ==
        1);
  // One export window (from the last cursor to now), and the deleted-leads feed.
  CHECK(server->requests().Count("/marketo/bulk/v1/leads/export/create.json") == 1);
  CHECK(server->requests().Count("/marketo/rest/v1/activities/deletedleads.json") >= 1);
  CHECK(server->requests().Count("/marketo/rest/v1/activities/leadchanges.json") == 0);
}

TEST_CASE(
    "marketo: an instance without the updatedAt filter (1035) is read by createdAt and the "
    "lead-changes feed") {
  auto server = StartFake();
  MarketoOptions o = server->marketo().options();
  o.updated_at_filter = false;
  server->marketo().SetOptions(o);
  TempDir dir;
  const std::string cfg = WriteConfig(dir, *server);
  ProcessResult full = Sync(dir, cfg);
  INFO(full.err);
  REQUIRE(full.exit_code == 0);
  CheckLeads(dir, *server);
  // One refused updatedAt job, then two createdAt windows.
  CHECK(server->requests().Count("/marketo/bulk/v1/leads/export/create.json") == 3);
  for (const auto& job : server->marketo().exports()) CHECK(job.request.filter == "createdAt");

  ChangeLeads(*server);
  server->requests().Clear();
  ProcessResult incremental = Sync(dir, cfg);
  INFO(incremental.err);
  REQUIRE(incremental.exit_code == 0);
  CheckLeads(dir, *server);
  const int64_t run = LastRunId(dir);
  CHECK(Scalar(dir, "SELECT count(*) FROM lead WHERE sync_run_id = " + std::to_string(run) +
                        " AND deleted_at IS NULL") == 9);
  CHECK(Scalar(dir, "SELECT count(*) FROM lead WHERE deleted_at IS NOT NULL") == 3);
  CHECK(server->requests().Count("/marketo/bulk/v1/leads/export/create.json") == 1);  // 1035
  CHECK(server->requests().Count("/marketo/rest/v1/activities/leadchanges.json") >= 1);
  CHECK(server->requests().Count("/marketo/rest/v1/leads.json") >= 1);

  // The next run starts at the feed's last position: a new change, and only it.
  const int64_t now = server->NowMs();
  server->WithDataset([&](Dataset& d) {
    d.TouchRange(Entity::kLead, 20, 1, now + 1000);
    return 0;
  });
  REQUIRE(Sync(dir, cfg).exit_code == 0);
  CheckLeads(dir, *server);
  CHECK(Scalar(dir, "SELECT count(*) FROM lead WHERE sync_run_id = " +
                        std::to_string(LastRunId(dir))) == 1);
}

TEST_CASE("marketo: an expired token and envelope errors are recovered from") {
  auto server = StartFake();
  auto add = [&](FaultKind kind, int status, const std::string& path, int64_t nth) {
    FaultRule rule;
    rule.kind = kind;
    rule.status = status;
    rule.path = path;
    rule.nth = nth;
    rule.retry_after.form = tempo::fakes::RetryAfter::Form::kNone;
    server->AddFault(rule);
  };
  // The token expires at the first member page: 602, renewed and replayed.
  add(FaultKind::kExpireToken, 0, "/marketo/rest/v1/leads/programs", 1);
  add(FaultKind::kStatus, 604, "/marketo/rest/v1/leads/programs", 3);       // timed out
  add(FaultKind::kStatus, 611, "/marketo/rest/v1/leads/describe.json", 1);  // system error
  add(FaultKind::kStatus, 615, "/marketo/rest/asset/v1/programs.json", 1);  // concurrency
  // The export queue is full once (1029): waited out; then a 606 on the bulk API.
  FaultRule queue;
  queue.kind = FaultKind::kStatus;
  queue.status = 1029;
  queue.method = "POST";
  queue.path = "/marketo/bulk/v1/leads/export";
  queue.nth = 2;  // the first enqueue (after the first create)
  server->AddFault(queue);
  add(FaultKind::kRateLimited, 0, "/marketo/bulk/v1/leads/export", 6);  // 606
  TempDir dir;
  const std::string cfg = WriteConfig(dir, *server);
  ProcessResult r = Sync(dir, cfg);
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  CHECK(Run(dir).status == "succeeded");
  CheckLeads(dir, *server);
  CheckPrograms(dir, *server);
  CheckMembers(dir, *server);
  CHECK(server->requests().Count("/marketo/identity/oauth/token") == 2);  // renewed once
  for (const char* code : {"611", "606", "615", "604", "1029"}) {
    INFO(code);
    CHECK(r.err.find("error " + std::string(code)) != std::string::npos);  // each was retried
  }
}

TEST_CASE("marketo: a spent daily quota (607) defers the run (exit 3) and the next resumes") {
  auto server = StartFake();
  // Bulk calls: create, enqueue, create (next window), enqueue, status, file (window 1), then
  // the 7th (window 2's status) finds the quota spent.
  FaultRule quota;
  quota.kind = FaultKind::kQuota;
  quota.path = "/marketo/bulk";
  quota.nth = 7;
  quota.times = -1;
  const int quota_id = server->AddFault(quota);
  TempDir dir;
  const std::string cfg = WriteConfig(dir, *server);
  ProcessResult deferred = Sync(dir, cfg, {"--commit-records", "1"});
  INFO(deferred.err);
  CHECK(deferred.exit_code == 3);
  const LastRun run = Run(dir);
  CHECK(run.status == "deferred");
  CHECK(run.error.find("607") != std::string::npos);
  const int64_t partial = Scalar(dir, "SELECT count(*) FROM lead");
  CHECK(partial > 0);  // window 1 was committed with its checkpoint
  CHECK(partial < 40);
  REQUIRE(server->RemoveFault(quota_id));
  server->requests().Clear();
  ProcessResult resumed = Sync(dir, cfg);
  INFO(resumed.err);
  REQUIRE(resumed.exit_code == 0);
  CheckLeads(dir, *server);
  CheckPrograms(dir, *server);
  CheckMembers(dir, *server);
  // Resumed from the checkpoint: window 2's job was reused, window 1's file not read again.
  CHECK(server->requests().Count("/marketo/bulk/v1/leads/export/create.json") == 0);
  CHECK(server->marketo().exports().size() == 2);
}

TEST_CASE("marketo: a sync killed with SIGKILL mid-export resumes without loss or duplicates") {
  auto server = StartFake();
  SlowDown(*server, "/marketo/bulk", 150);
  TempDir dir;
  const std::string cfg = WriteConfig(dir, *server);
  const std::vector<std::string> argv = {
      tempo::testing::TempoBinary(), "-q", "-c", cfg, "sync", "mk", "--commit-records", "1"};
  pid_t pid = tempo::testing::StartProcess(argv, dir.File("k.out"), dir.File("k.err"));
  // The 7th bulk call is window 2's status: window 1's file has been read.
  WaitForRequests(*server, "/marketo/bulk", 7);
  REQUIRE(::kill(pid, SIGKILL) == 0);
  int status = 0;
  ::waitpid(pid, &status, 0);
  CHECK(WIFSIGNALED(status));
  const int64_t partial = Scalar(dir, "SELECT count(*) FROM lead");
  CHECK(partial > 0);
  CHECK(partial < 40);
  server->ClearFaults();
  ProcessResult r = Sync(dir, cfg);
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  CheckLeads(dir, *server);
  CheckPrograms(dir, *server);
  CheckMembers(dir, *server);
  CHECK(Scalar(dir, "SELECT count(DISTINCT source_id) FROM lead") ==
        Scalar(dir, "SELECT count(*) FROM lead"));
  // The resumed run reused both jobs.
  CHECK(server->marketo().exports().size() == 2);
}

TEST_CASE(
    "marketo: exports are polled until Completed, a Failed export fails the run clearly "
    "and the next run exports the window again") {
  auto server = StartFake();
  MarketoOptions o = server->marketo().options();
  o.export_ms = 600;  // queued for 300 ms, then processing
  o.fail_exports = true;
  server->marketo().SetOptions(o);
  TempDir dir;
  Conn leads_only;
  leads_only.streams = "[{name: leads, mode: incremental}]";
  const std::string cfg = WriteConfig(dir, *server, leads_only);
  ProcessResult failed = Sync(dir, cfg);
  CHECK(failed.exit_code == 1);
  CHECK(Run(dir).error.find("ended Failed") != std::string::npos);
  o.fail_exports = false;
  server->marketo().SetOptions(o);
  server->requests().Clear();
  ProcessResult r = Sync(dir, cfg);
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  CheckLeads(dir, *server);
  // Both windows exported again, each job polled while Queued and Processing before it completed.
  CHECK(server->requests().Count("/marketo/bulk/v1/leads/export/create.json") == 2);
  CHECK(server->requests().Count("/marketo/bulk") > 2 * 4);
}

TEST_CASE("marketo: a short-lived token is reused, then renewed as Marketo hands out a new one") {
  FakeApiOptions options;
  options.dataset.scale = 20;
  options.dataset.history_days = 40;
  options.dataset.as_of_ms = WallNowMs() - 2 * kDayMs;
  options.auth.marketo_token_lifetime_s = 2;
  auto started = FakeApiServer::Start(std::move(options));
  REQUIRE(started.ok());
  auto server = std::move(*started);
  SlowDown(*server, "/marketo/rest/v1/leads/programs", 700);  // the read outlives two tokens
  TempDir dir;
  const std::string cfg = WriteConfig(dir, *server);
  ProcessResult r = Sync(dir, cfg);
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  CheckMembers(dir, *server);
  // Renewed before it expired (the same token comes back while it lasts), and then a new one.
  CHECK(server->requests().Count("/marketo/identity/oauth/token") >= 2);
  std::set<std::string> tokens;
  for (const auto& request : server->requests().Recent()) {
    if (request.credential.rfind("marketo#", 0) == 0) tokens.insert(request.credential);
  }
  CHECK(tokens.size() >= 2);
}

TEST_CASE(
    "marketo: tempo check verifies the credentials, lead and asset access, and partner_field") {
  auto server = StartFake();
  TempDir dir;
  ProcessResult ok = tempo::testing::RunProcess(
      {tempo::testing::TempoBinary(), "-q", "-c", WriteConfig(dir, *server), "check", "mk"},
      dir.path());
  INFO(ok.err);
  CHECK(ok.exit_code == 0);
  Conn wrong;
  wrong.partner_field = "partnerCode";
  TempDir other;
  const std::string cfg = WriteConfig(other, *server, wrong);
  ProcessResult refused = tempo::testing::RunProcess(
      {tempo::testing::TempoBinary(), "-q", "-c", cfg, "check", "mk"}, other.path());
  CHECK(refused.exit_code != 0);
  CHECK(refused.err.find("'partnerCode' is not a lead field") != std::string::npos);
  CHECK(refused.err.find("fake-marketo-client-secret") == std::string::npos);
}

TEST_CASE(
    "marketo: the connection's attribution rules rewrite partner_source_id from its columns") {
  auto server = StartFake();
  TempDir dir;
  Conn c;
  c.connection_extra =
      "    attribution:\n"
      "      - partner: {name: Program Partner, domain: programpartner.example}\n"
      "        when: {campaign_source_id: \"1002\"}\n";
  ProcessResult r = Sync(dir, WriteConfig(dir, *server, c));
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  auto rows = Query(dir, "SELECT source_id, coalesce(partner_source_id, '<null>') FROM lead");
  std::map<std::string, std::string> partner_of;
  for (auto& row : rows) partner_of[row[0]] = row[1];
  int attributed = 0;
  server->WithDataset([&](Dataset& d) {
    for (int64_t row = 0; row < d.Count(Entity::kLead); ++row) {
      const auto lead = tempo::fakes::RenderMarketoLead(d, row);
      INFO("lead row " << row);
      const std::string got = partner_of.at(std::to_string(lead.id));
      if (lead.Value("acquisitionProgramId") == std::string("1002")) {
        CHECK(got == "attribution:programpartner.example");
        ++attributed;
      } else {
        CHECK(got == OrNull(lead.Value("referringPartner")));  // as the connector sent it
      }
    }
    return 0;
  });
  CHECK(attributed > 0);
  CHECK(Scalar(dir,
               "SELECT count(*) FROM partner WHERE source_id = "
               "'attribution:programpartner.example'") == 1);
}
