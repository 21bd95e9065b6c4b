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
  std::string http =
      "    http: {max_attempts: 4, initial_backoff: 0.01, max_backoff: 0.05, timeout: 5, "
      "idle_timeout: 2, connect_timeout: 2}\n";
};

std::string WriteConfig(const TempDir& dir, const FakeApiServer& server, const Conn& c = {}) {
  const int64_t start = server.options().dataset.as_of_ms - 45 * kDayMs;
  return dir.Write("tempo.yaml",
                   "store:\n  path: tempo.db\nplugins:\n  path: [" TEMPO_PLUGIN_DIR
                   "]\nconnections:\n  - name: mk\n    plugin: marketo\n    streams: " +
                       c.streams + "\n" + c.http + "    config:\n      base_url: " +
                       server.url("/marketo") +
                       "\n      client_id: fake-marketo-client-id\n"
                       "      client_secret: fake-marketo-client-secret\n"
                       "      start_date: \"" +
                       tempo::fakes::FormatLeadDateTime(start) +
                       "\"\n      partner_field: referringPartner\n"
                       "      bulk_poll_seconds: 1\n" +
                       c.extra);
}

ProcessResult Sync(const TempDir& dir, const std::string& cfg, std::vector<std::string> more = {}) {
  std::vector<std::string> args = {tempo::testing::TempoBinary(), "-q", "-c", cfg, "sync", "mk"};
  args.insert(args.end(), more.begin(), more.end());
  return tempo::testing::RunProcess(args, dir.path());
}

std::vector<std::vector<std::string>> Query(const TempDir& dir, const std::string& sql) {
  auto db = tempo::store::OpenStoreReadOnly(dir.File("tempo.db"));
  REQUIRE(db.ok());
  auto stmt = (*db)->Prepare(sql);
  REQUIRE(stmt.ok());
  std::vector<std::vector<std::string>> rows;
  for (;;) {
    auto more = stmt->Step();
    REQUIRE(more.ok());
    if (!*more) break;
    std::vector<std::string> row;
    for (int c = 0; c < stmt->ColumnCount(); ++c) {
      row.push_back(stmt->IsNull(c) ? "<null>" : stmt->Text(c));
    }
    rows.push_back(std::move(row));
  }
  return rows;
}

int64_t Scalar(const TempDir& dir, const std::string& sql) {
  auto rows = Query(dir, sql);
  REQUIRE(rows.size() == 1);
  return std::stoll(rows[0][0]);
}

struct LastRun {
  std::string status, error;
};

LastRun Run(const TempDir& dir) {
  auto rows = Query(dir,
                    "SELECT status, coalesce(error, '') FROM sync_runs WHERE connection = 'mk' "
                    "ORDER BY id DESC LIMIT 1");
  REQUIRE(rows.size() == 1);
  return {rows[0][0], rows[0][1]};
}

std::string OrNull(const std::optional<std::string>& v) {
  return v && !v->empty() ? *v : "<null>";
}

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
