// The mailchimp connector end to end: the real `tempo sync` binary and plugin against the fake
// Mailchimp of tests/fakes (served in-process by tempo_fakeapi_lib on loopback), checked
// against the fake's dataset row by row: full and incremental reads, the moving sort key,
// throttling, a SIGKILL mid-read, and refused credentials.
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
#include "fakes/mailchimp/mailchimp_records.h"
#include "fakes/mailchimp/provider_mailchimp.h"
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
using tempo::fakes::MailchimpView;
using tempo::testing::ProcessResult;
using tempo::testing::TempDir;

const bool kNoProxy = (::setenv("no_proxy", "127.0.0.1,localhost", 1), true);

constexpr const char* kKey = "0f1e2d3c4b5a69788796a5b4c3d2e1f0-us21";
constexpr const char* kToken = "fake-mailchimp-oauth-token";

std::unique_ptr<FakeApiServer> StartFake(int64_t scale) {
  FakeApiOptions options;
  options.dataset.scale = scale;  // 2 x scale members; 3 campaigns
  auto server = FakeApiServer::Start(std::move(options));
  REQUIRE(server.ok());
  return std::move(*server);
}

struct Conn {
  std::string streams =
      "[{name: campaigns, mode: full_refresh}, {name: members, mode: full_refresh}, "
      "{name: email_activity, mode: full_refresh}]";
  std::string auth;  // config lines; default: the API key and base_url
  std::string page_size = "5";
  std::string attribution;  // connection lines (attribution rules)
};

std::string WriteConfig(const TempDir& dir, const FakeApiServer& server, const Conn& c) {
  const std::string auth = c.auth.empty()
                               ? std::string("      api_key: ") + kKey +
                                     "\n      base_url: " + server.url("/mailchimp/3.0") + "\n"
                               : c.auth;
  return dir.Write("tempo.yaml",
                   "store:\n  path: tempo.db\nplugins:\n  path: [" TEMPO_PLUGIN_DIR
                   "]\nconnections:\n  - name: mc\n    plugin: mailchimp\n    streams: " +
                       c.streams +
                       "\n    http: {max_attempts: 6, initial_backoff: 0.01, max_backoff: 0.05, "
                       "timeout: 5, idle_timeout: 2, connect_timeout: 2}\n" +
                       c.attribution + "    config:\n" + auth + "      page_size: " + c.page_size +
                       "\n");
}

ProcessResult Sync(const TempDir& dir, const std::string& cfg, std::vector<std::string> more = {}) {
  return tempo::testing::RunTempoSync(dir.path(), cfg, "mc", more);
}

std::vector<std::vector<std::string>> Query(const TempDir& dir, const std::string& sql) {
  return tempo::testing::StoreRows(dir.File("tempo.db"), sql);
}

int64_t Scalar(const TempDir& dir, const std::string& sql) {
  return tempo::testing::StoreScalar(dir.File("tempo.db"), sql);
}

std::string OrNull(const std::string& s) { return s.empty() ? "<null>" : s; }

// Every member of the fake is a lead row equal to it (archived ones soft-deleted).
void CheckLeads(const TempDir& dir, FakeApiServer& server) {
  auto rows = Query(dir,
                    "SELECT source_id, email, status, coalesce(created_at, '<null>'), "
                    "lead_source, source_updated_at, deleted_at IS NOT NULL, "
                    "json_array_length(raw_json, '$.tags'), "
                    "coalesce(json_extract(raw_json, '$.tags[0].name'), '') FROM lead");
  std::map<std::string, std::vector<std::string>> by_id;
  for (auto& r : rows) by_id[r[0]] = r;
  server.WithDataset([&](Dataset& d) {
    MailchimpView view(d);
    REQUIRE(static_cast<int64_t>(rows.size()) == d.Count(Entity::kLead));
    for (int64_t row = 0; row < d.Count(Entity::kLead); ++row) {
      const auto m = view.Member(row);
      INFO("lead row " << row);
      auto it = by_id.find(m.list_id + ":" + m.id);
      REQUIRE(it != by_id.end());
      const auto& r = it->second;
      CHECK(r[1] == m.email);
      CHECK(r[2] == m.status);
      CHECK(r[3] == OrNull(m.timestamp_signup.empty() ? m.timestamp_opt : m.timestamp_signup));
      CHECK(r[4] == m.source);
      CHECK(r[5] == m.last_changed);
      CHECK(r[6] == (m.status == "archived" ? "1" : "0"));
      CHECK(r[7] == std::to_string(m.tags.size()));
      CHECK(r[8] == (m.tags.empty() ? "" : m.tags[0].name));
    }
    return 0;
  });
}

void CheckCampaigns(const TempDir& dir, FakeApiServer& server) {
  auto rows = Query(dir,
                    "SELECT source_id, name, channel, coalesce(start_at, '<null>') FROM campaign "
                    "WHERE deleted_at IS NULL");
  std::map<std::string, std::vector<std::string>> by_id;
  for (auto& r : rows) by_id[r[0]] = r;
  server.WithDataset([&](Dataset& d) {
    MailchimpView view(d);
    REQUIRE(static_cast<int64_t>(rows.size()) == d.Count(Entity::kCampaign));
    for (int64_t row = 0; row < d.Count(Entity::kCampaign); ++row) {
      const auto c = view.Campaign(row);
      auto it = by_id.find(c.id);
      REQUIRE(it != by_id.end());
      CHECK(it->second[1] == c.title);
      CHECK(it->second[2] == "email");
      CHECK(it->second[3] == OrNull(c.send_time));
    }
    return 0;
  });
}

// One campaign_member row per recipient of each sent campaign, naming the member's lead row.
void CheckActivity(const TempDir& dir, FakeApiServer& server) {
  auto rows = Query(dir,
                    "SELECT source_id, campaign_source_id, lead_source_id, "
                    "coalesce(first_touch_at, '<null>'), responded FROM campaign_member "
                    "WHERE deleted_at IS NULL");
  std::map<std::string, std::vector<std::string>> by_id;
  for (auto& r : rows) by_id[r[0]] = r;
  size_t expected = 0;
  server.WithDataset([&](Dataset& d) {
    MailchimpView view(d);
    for (int64_t c = 0; c < d.Count(Entity::kCampaign); ++c) {
      const auto campaign = view.Campaign(c);
      for (int64_t lead : view.Recipients(c)) {
        ++expected;
        const auto m = view.Member(lead);
        auto it = by_id.find(campaign.id + ":" + m.id);
        INFO("campaign " << campaign.id << " lead " << lead);
        REQUIRE(it != by_id.end());
        CHECK(it->second[1] == campaign.id);
        CHECK(it->second[2] == m.list_id + ":" + m.id);
        const auto activity = view.Activity(c, lead);
        int64_t first = -1;
        bool clicked = false;
        for (const auto& a : activity) {
          if (first < 0 || a.at_ms < first) first = a.at_ms;
          clicked = clicked || a.action == "click";
        }
        CHECK(it->second[3] == (first < 0 ? "<null>" : tempo::fakes::FormatMailchimpTime(first)));
        CHECK(it->second[4] == (clicked ? "1" : "0"));
      }
    }
    return 0;
  });
  CHECK(rows.size() == expected);
  CHECK(expected > 0);
  // Every row's lead exists.
  CHECK(Scalar(dir,
               "SELECT count(*) FROM campaign_member m LEFT JOIN lead l ON l.source_id = "
               "m.lead_source_id WHERE l.id IS NULL") == 0);
}

std::string LastStatus(const TempDir& dir) {
  auto rows = Query(dir, "SELECT status FROM sync_runs ORDER BY id DESC LIMIT 1");
  REQUIRE(rows.size() == 1);
  return rows[0][0];
}

}  // namespace

TEST_CASE("mailchimp: a full sync equals the fake's dataset row by row") {
  auto server = StartFake(30);  // 60 members in 2 lists, 15 of them sharing one last_changed
  TempDir dir;
  std::string cfg = WriteConfig(dir, *server, Conn{});
  ProcessResult r = Sync(dir, cfg);
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  CHECK(LastStatus(dir) == "succeeded");
  CheckLeads(dir, *server);
  CheckCampaigns(dir, *server);
  CheckActivity(dir, *server);
  CHECK(server->requests().Count("/mailchimp/3.0/lists") > 0);
  CHECK(r.err.find(kKey) == std::string::npos);
}

TEST_CASE("mailchimp: incremental reads pick up exactly the changes, archived included") {
  auto server = StartFake(30);
  TempDir dir;
  Conn c;
  c.streams = "[{name: members, mode: incremental}, {name: campaigns, mode: incremental}]";
  std::string cfg = WriteConfig(dir, *server, c);
  ProcessResult first = Sync(dir, cfg);
  INFO(first.err);
  REQUIRE(first.exit_code == 0);
  CheckLeads(dir, *server);
  const int64_t first_run = Scalar(dir, "SELECT max(id) FROM sync_runs");
  std::set<std::string> changed;
  int64_t appended = 0;
  server->WithDataset([&](Dataset& d) {
    const int64_t now = server->NowMs();
    d.TouchRange(Entity::kLead, 3, 4, now);      // edited
    d.ArchiveRange(Entity::kLead, 20, 2, now);   // archived
    appended = d.Append(Entity::kLead, 3, now);  // new sign-ups
    MailchimpView view(d);
    for (int64_t row : {3, 4, 5, 6, 20, 21}) {
      const auto m = view.Member(row);
      changed.insert(m.list_id + ":" + m.id);
    }
    for (int64_t row = appended; row < appended + 3; ++row) {
      const auto m = view.Member(row);
      changed.insert(m.list_id + ":" + m.id);
    }
    return 0;
  });
  ProcessResult second = Sync(dir, cfg);
  INFO(second.err);
  REQUIRE(second.exit_code == 0);
  CheckLeads(dir, *server);  // 63 rows, two soft-deleted, the edits in
  CHECK(Scalar(dir, "SELECT count(*) FROM lead WHERE deleted_at IS NOT NULL") >= 2);
  // What the second run wrote: every change, plus only the rows of each list's cursor second
  // (read again: the bound is inclusive), none older.
  auto written = Query(dir, "SELECT source_id, source_updated_at FROM lead WHERE sync_run_id > " +
                                std::to_string(first_run));
  std::set<std::string> ids;
  for (auto& w : written) ids.insert(w[0]);
  for (const std::string& id : changed) CHECK(ids.count(id) == 1);
  const std::string newest_before =
      Query(dir, "SELECT max(source_updated_at) FROM lead WHERE sync_run_id = " +
                     std::to_string(first_run))[0][0];
  for (auto& w : written) {
    if (changed.count(w[0])) continue;
    INFO(w[0]);
    CHECK(w[1] >= newest_before.substr(0, 19));  // the cursor's second at most
  }
  CHECK(written.size() < 40);  // not a re-read of the lists
}

TEST_CASE("mailchimp: a member changed while members are paged moves and nobody is lost") {
  auto server = StartFake(30);
  // After the 2nd members page, that page's first member (already read) changes: it moves to
  // the end of the last_changed order and everyone after it moves back by one. Offset paging
  // would skip one member here (tests/unit/mailchimp/keyset_pass_test.cc shows it).
  server->mailchimp().MoveAfterPage(2);
  TempDir dir;
  Conn c;
  c.streams = "[{name: members, mode: full_refresh}]";
  c.auth = std::string("      access_token: ") + kToken +
           "\n      metadata_url: " + server->url("/mailchimp/oauth2/metadata") +
           "\n";  // base_url from the metadata
  std::string cfg = WriteConfig(dir, *server, c);
  ProcessResult r = Sync(dir, cfg);
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  CHECK(server->mailchimp().moved() == 1);
  CheckLeads(dir, *server);  // every member, the moved one with its new last_changed
  CHECK(server->requests().Count("/mailchimp/oauth2/metadata") == 1);
}

TEST_CASE("mailchimp: 429s and bare 403/503 HTML throttling pages are retried") {
  auto server = StartFake(20);
  auto add = [&](FaultKind kind, int status, const std::string& body, int64_t nth) {
    FaultRule rule;
    rule.kind = kind;
    rule.status = status;
    rule.body = body;
    rule.nth = nth;
    rule.path = "/mailchimp/3.0/lists/";
    rule.retry_after.form = tempo::fakes::RetryAfter::Form::kNone;
    return server->AddFault(rule);
  };
  const int limited = add(FaultKind::kRateLimited, 429, "provider", 2);
  const int blocked = add(FaultKind::kStatus, 403, "html", 4);
  const int down = add(FaultKind::kStatus, 503, "html", 6);
  TempDir dir;
  Conn c;
  c.streams = "[{name: members, mode: full_refresh}]";
  std::string cfg = WriteConfig(dir, *server, c);
  ProcessResult r = Sync(dir, cfg);
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  CHECK(server->FaultFired(limited) == 1);
  CHECK(server->FaultFired(blocked) == 1);
  CHECK(server->FaultFired(down) == 1);
  CheckLeads(dir, *server);
  CHECK(Scalar(dir, "SELECT retries FROM sync_runs ORDER BY id DESC LIMIT 1") >= 3);
}

TEST_CASE("mailchimp: a sync killed with SIGKILL resumes without loss or duplicates") {
  auto server = StartFake(60);  // 120 members, 12+ pages of 5 per list
  FaultRule slow;
  slow.kind = FaultKind::kDelay;
  slow.delay_ms = 30;
  slow.times = -1;
  slow.path = "/mailchimp/3.0/lists/";
  server->AddFault(slow);
  TempDir dir;
  Conn c;
  c.streams = "[{name: members, mode: full_refresh}]";
  std::string cfg = WriteConfig(dir, *server, c);
  const std::vector<std::string> argv = {
      tempo::testing::TempoBinary(), "-q", "-c", cfg, "sync", "mc", "--commit-records", "5"};
  pid_t pid = tempo::testing::StartProcess(argv, dir.File("k.out"), dir.File("k.err"));
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  while (server->requests().Count("/mailchimp/3.0/lists/") < 10 &&
         std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
  REQUIRE(::kill(pid, SIGKILL) == 0);
  int status = 0;
  ::waitpid(pid, &status, 0);
  CHECK(WIFSIGNALED(status));
  const int64_t partial = Scalar(dir, "SELECT count(*) FROM lead");
  CHECK(partial > 0);
  CHECK(partial < 120);
  server->ClearFaults();
  const int64_t before = server->requests().Count("/mailchimp/3.0/lists/");
  ProcessResult r = Sync(dir, cfg);
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  CHECK(server->requests().Count("/mailchimp/3.0/lists/") - before < 26);  // resumed, not redone
  CheckLeads(dir, *server);
  CHECK(Scalar(dir, "SELECT count(DISTINCT source_id) FROM lead") == 120);
}

TEST_CASE("mailchimp: a refused key or OAuth token fails clearly, without the secret") {
  auto server = StartFake(20);
  SECTION("a wrong API key: 401 API Key Invalid") {
    TempDir dir;
    Conn c;
    c.streams = "[{name: members, mode: full_refresh}]";
    c.auth = "      api_key: ffffffffffffffffffffffffffff0000-us21\n      base_url: " +
             server->url("/mailchimp/3.0") + "\n";
    std::string cfg = WriteConfig(dir, *server, c);
    ProcessResult r = Sync(dir, cfg);
    CHECK(r.exit_code == 1);
    auto err = Query(dir, "SELECT error FROM sync_runs ORDER BY id DESC LIMIT 1")[0][0];
    CHECK(err.find("API Key Invalid") != std::string::npos);
    CHECK(err.find("wrong datacenter") != std::string::npos);
    CHECK(err.find("ffffffffffffffffffffffffffff0000") == std::string::npos);
    CHECK(r.err.find("ffffffffffffffffffffffffffff0000") == std::string::npos);
  }
  SECTION("a refused OAuth token: the metadata's HTTP 200 error") {
    TempDir dir;
    Conn c;
    c.streams = "[{name: members, mode: full_refresh}]";
    c.auth = "      access_token: not-the-token-42\n      metadata_url: " +
             server->url("/mailchimp/oauth2/metadata") + "\n";
    std::string cfg = WriteConfig(dir, *server, c);
    ProcessResult r = Sync(dir, cfg);
    CHECK(r.exit_code == 1);
    auto err = Query(dir, "SELECT error FROM sync_runs ORDER BY id DESC LIMIT 1")[0][0];
    CHECK(err.find("invalid_token") != std::string::npos);
    CHECK(err.find("not-the-token-42") == std::string::npos);
    CHECK(Scalar(dir, "SELECT count(*) FROM lead") == 0);
  }
}

TEST_CASE("mailchimp: an attribution rule on a member tag sets the lead's partner") {
  auto server = StartFake(60);
  std::string tag, domain;
  std::set<std::string> tagged;
  server->WithDataset([&](Dataset& d) {
    MailchimpView view(d);
    for (int64_t row = 0; row < d.Count(Entity::kLead); ++row) {
      const auto m = view.Member(row);
      for (const auto& t : m.tags) {
        if (tag.empty() && t.name.rfind("Partner: ", 0) == 0) {
          tag = t.name;
          const std::string name = tag.substr(9);
          for (int p = 0; p < d.PartnerCount(); ++p) {
            if (d.Partner(p).name == name) domain = d.Partner(p).domain;
          }
        }
        if (!tag.empty() && t.name == tag) tagged.insert(m.list_id + ":" + m.id);
      }
    }
    return 0;
  });
  REQUIRE(!tag.empty());
  REQUIRE(!domain.empty());
  TempDir dir;
  Conn c;
  c.streams = "[{name: members, mode: full_refresh}]";
  c.attribution = "    attribution:\n      - partner: {domain: " + domain +
                  "}\n        when: {tag: \"" + tag + "\"}\n";
  std::string cfg = WriteConfig(dir, *server, c);
  ProcessResult r = Sync(dir, cfg);
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  auto rows = Query(dir, "SELECT source_id, coalesce(partner_source_id, '') FROM lead");
  REQUIRE(rows.size() == 120);
  for (const auto& row : rows) {
    INFO(row[0]);
    CHECK(row[1] == (tagged.count(row[0]) ? "attribution:" + domain : ""));
  }
  CHECK(!tagged.empty());
}
