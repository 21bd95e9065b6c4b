// The hubspot connector end to end: the real `tempo sync` binary and plugin against the fake
// HubSpot of tests/fakes (served in-process by tempo_fakeapi_lib on loopback), checked against
// the fake's dataset row for row.
#include <signal.h>
#include <sys/wait.h>

#include <chrono>
#include <map>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include <catch2/catch.hpp>

#include "fakes/core/encoding.h"
#include "fakes/core/fake_api_server.h"
#include "fakes/hubspot/hubspot_marketing.h"
#include "store/store.h"
#include "support/loopback_http.h"
#include "support/process.h"
#include "support/store_rows.h"
#include "support/temp_dir.h"

namespace {

using tempo::fakes::Entity;
using tempo::fakes::FakeApiOptions;
using tempo::fakes::FakeApiServer;
using tempo::fakes::FaultKind;
using tempo::fakes::FaultRule;
using tempo::testing::ProcessResult;
using tempo::testing::TempDir;

const bool kNoProxy = (::setenv("no_proxy", "127.0.0.1,localhost", 1), true);

constexpr const char* kPat = "pat-na1-7e3c2a90-0000-4000-8000-000000000042";
constexpr int64_t kContactBase = 1000001;
constexpr int64_t kCompanyBase = 5790000001;
constexpr int64_t kDealBase = 8913000001;

std::unique_ptr<FakeApiServer> StartFake(int64_t scale, int64_t tie_rows = 250) {
  FakeApiOptions options;
  options.dataset.scale = scale;
  options.dataset.tie_rows = tie_rows;
  auto server = FakeApiServer::Start(std::move(options));
  REQUIRE(server.ok());
  return std::move(*server);
}

struct Conn {
  std::string streams =
      "[{name: contacts, mode: full_refresh}, {name: companies, mode: "
      "full_refresh}, {name: deals, mode: full_refresh}]";
  std::string auth;   // config lines; default: the private-app token
  std::string extra;  // more config lines
  std::string requests_per_10s = "1000";
  std::string http =
      "    http: {max_attempts: 4, initial_backoff: 0.01, max_backoff: 0.05, "
      "timeout: 5, idle_timeout: 2, connect_timeout: 2}\n";
};

std::string WriteConfig(const TempDir& dir, const FakeApiServer& server, const Conn& c) {
  std::string auth = c.auth.empty() ? std::string("      access_token: ") + kPat + "\n" : c.auth;
  return dir.Write("tempo.yaml",
                   "store:\n  path: tempo.db\nplugins:\n  path: [" TEMPO_PLUGIN_DIR
                   "]\nconnections:\n  - name: hs\n    plugin: hubspot\n    streams: " +
                       c.streams + "\n" + c.http +
                       "    config:\n      base_url: " + server.url("/hubspot") +
                       "\n      token_url: " + server.url("/hubspot/oauth/v1/token") +
                       "\n      portal_id: \"42\"\n      search_requests_per_second: 200\n"
                       "      requests_per_10s: " +
                       c.requests_per_10s + "\n" + auth + c.extra);
}

ProcessResult Sync(const TempDir& dir, const std::string& cfg, std::vector<std::string> more = {}) {
  return tempo::testing::RunTempoSync(dir.path(), cfg, "hs", more);
}

std::vector<std::vector<std::string>> Query(const TempDir& dir, const std::string& sql) {
  return tempo::testing::StoreRows(dir.File("tempo.db"), sql);
}

int64_t Scalar(const TempDir& dir, const std::string& sql) {
  return tempo::testing::StoreScalar(dir.File("tempo.db"), sql);
}

using LastRun = tempo::testing::LastRunRecord;

LastRun Run(const TempDir& dir) { return tempo::testing::LastRunOf(dir.File("tempo.db"), "hs"); }

// Every live contact's (source_id, email, title) equals the fake's.
void CheckContacts(const TempDir& dir, FakeApiServer& server, int64_t expected_count) {
  auto rows = Query(dir,
                    "SELECT source_id, email, coalesce(title, ''), account_source_id FROM contact "
                    "WHERE deleted_at IS NULL ORDER BY CAST(source_id AS INTEGER)");
  REQUIRE(static_cast<int64_t>(rows.size()) == expected_count);
  server.WithDataset([&](tempo::fakes::Dataset& d) {
    REQUIRE(d.Count(Entity::kContact) == expected_count);
    for (int64_t row = 0; row < expected_count; ++row) {
      const auto c = d.Contact(row);
      INFO("contact row " << row);
      REQUIRE(rows[row][0] == std::to_string(kContactBase + row));
      CHECK(rows[row][1] == c.email);
      CHECK(rows[row][2] == c.title);
      CHECK(rows[row][3] == std::to_string(kCompanyBase + c.account_row));
    }
    return 0;
  });
}

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

// The config of a full refresh of contacts in pages of 20.
std::string PagedContactsConfig(const TempDir& dir, const FakeApiServer& server) {
  Conn c;
  c.streams = "[{name: contacts, mode: full_refresh}]";
  c.extra = "      page_size: 20\n";
  return WriteConfig(dir, server, c);
}

}  // namespace

TEST_CASE("hubspot: a full sync of each stream equals the fake's dataset record for record") {
  auto server = StartFake(40);
  TempDir dir;
  std::string cfg = WriteConfig(dir, *server, Conn{});
  ProcessResult r = Sync(dir, cfg);
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  CHECK(Run(dir).status == "succeeded");
  CheckContacts(dir, *server, 200);

  auto accounts = Query(dir,
                        "SELECT source_id, name, domain, lifecycle FROM account WHERE deleted_at "
                        "IS NULL ORDER BY CAST(source_id AS INTEGER)");
  auto deals = Query(dir,
                     "SELECT source_id, name, amount, is_closed, is_won, account_source_id, stage, "
                     "closed_at FROM opportunity WHERE deleted_at IS NULL "
                     "ORDER BY CAST(source_id AS INTEGER)");
  auto partners = Query(dir,
                        "SELECT source_id, opportunity_source_id, partner_name, role, "
                        "attribution_source FROM opportunity_partner WHERE deleted_at IS NULL");
  std::map<std::string, std::vector<std::string>> partner_by_deal;
  for (auto& p : partners) partner_by_deal[p[1]] = p;
  server->WithDataset([&](tempo::fakes::Dataset& d) {
    REQUIRE(static_cast<int64_t>(accounts.size()) == d.Count(Entity::kAccount));
    for (int64_t row = 0; row < d.Count(Entity::kAccount); ++row) {
      const auto a = d.Account(row);
      INFO("account row " << row);
      CHECK(accounts[row][0] == std::to_string(kCompanyBase + row));
      CHECK(accounts[row][1] == a.name);
      CHECK(accounts[row][2] == a.domain);
      std::string lifecycle = a.partner >= 0                     ? "partner"
                              : a.lifecycle == "customer"        ? "customer"
                              : a.lifecycle == "former_customer" ? "other"
                              : a.lifecycle == "partner"         ? "partner"
                                                                 : "prospect";
      CHECK(accounts[row][3] == lifecycle);
    }
    REQUIRE(static_cast<int64_t>(deals.size()) == d.Count(Entity::kDeal));
    size_t attributed = 0;
    for (int64_t row = 0; row < d.Count(Entity::kDeal); ++row) {
      const auto deal = d.Deal(row);
      const std::string id = std::to_string(kDealBase + row);
      INFO("deal row " << row);
      CHECK(deals[row][0] == id);
      CHECK(deals[row][1] == deal.name);
      CHECK(std::stod(deals[row][2]) == Approx(deal.amount));
      CHECK(deals[row][3] == (deal.is_closed ? "1" : "0"));
      CHECK(deals[row][4] == (deal.is_won ? "1" : "0"));
      CHECK(deals[row][5] == std::to_string(kCompanyBase + deal.account_row));
      if (deal.primary_partner >= 0) {
        ++attributed;
        auto it = partner_by_deal.find(id);
        REQUIRE(it != partner_by_deal.end());
        CHECK(it->second[0] == id + ":" + d.Partner(deal.primary_partner).name);
        CHECK(it->second[2] == d.Partner(deal.primary_partner).name);
        CHECK(it->second[3] == (deal.partner_sourced ? "sourced" : "influenced"));
        CHECK(it->second[4] == "crm_field");
      }
    }
    CHECK(partners.size() == attributed);
    CHECK(attributed > 0);
    return 0;
  });
  // Raw JSON is kept.
  CHECK(Scalar(dir, "SELECT count(*) FROM raw_records") >= 200);
}

TEST_CASE("hubspot: a second incremental sync after N changes updates exactly those N") {
  auto server = StartFake(40);
  TempDir dir;
  Conn c;
  c.streams = "[{name: contacts, mode: incremental}, {name: deals, mode: incremental}]";
  // Exactly N: without the search look-back, which reads the window behind the cursor again
  // (its own test is below).
  c.extra = "      search_lookback_seconds: 0\n";
  std::string cfg = WriteConfig(dir, *server, c);
  ProcessResult first = Sync(dir, cfg);
  INFO(first.err);
  REQUIRE(first.exit_code == 0);
  CHECK(Run(dir).records >= 280);  // 200 contacts + 80 deals (+ attribution rows)

  const int64_t now = server->NowMs();
  server->WithDataset([&](tempo::fakes::Dataset& d) {
    d.TouchRange(Entity::kContact, 10, 5, now);
    d.TouchRange(Entity::kDeal, 3, 2, now + 5);
    d.ArchiveRange(Entity::kContact, 50, 1, now + 7);
    return 0;
  });
  ProcessResult second = Sync(dir, cfg);
  INFO(second.err);
  REQUIRE(second.exit_code == 0);
  LastRun run = Run(dir);
  CHECK(run.status == "succeeded");
  // 5 contacts + 1 archived contact + 2 deals, plus the attribution rows of the 2 deals.
  int64_t attribution = 0;
  server->WithDataset([&](tempo::fakes::Dataset& d) {
    for (int64_t row : {3, 4}) attribution += d.Deal(row).primary_partner >= 0 ? 1 : 0;
    return 0;
  });
  CHECK(run.records == 8 + attribution);
  CHECK(Scalar(dir, "SELECT count(*) FROM contact WHERE deleted_at IS NOT NULL") == 1);
  CHECK(Scalar(dir, "SELECT count(*) FROM contact WHERE deleted_at IS NOT NULL AND source_id = '" +
                        std::to_string(kContactBase + 50) + "'") == 1);
  // The touched contacts' titles (revision) are in the store.
  auto rows = Query(dir,
                    "SELECT source_id, title FROM contact WHERE CAST(source_id AS INTEGER) "
                    "BETWEEN " +
                        std::to_string(kContactBase + 10) + " AND " +
                        std::to_string(kContactBase + 14) + " ORDER BY source_id");
  REQUIRE(rows.size() == 5);
  server->WithDataset([&](tempo::fakes::Dataset& d) {
    for (int i = 0; i < 5; ++i) CHECK(rows[i][1] == d.Contact(10 + i).title);
    return 0;
  });
  // Deals read by search keep their account (search returns no associations: the connector
  // asks the v4 batch read, which the fake answers as HubSpot does).
  auto deal_rows = Query(dir,
                         "SELECT source_id, account_source_id, amount FROM opportunity "
                         "WHERE source_id IN ('" +
                             std::to_string(kDealBase + 3) + "', '" +
                             std::to_string(kDealBase + 4) + "') ORDER BY source_id");
  REQUIRE(deal_rows.size() == 2);
  server->WithDataset([&](tempo::fakes::Dataset& d) {
    for (int i = 0; i < 2; ++i) {
      CHECK(deal_rows[i][1] == std::to_string(kCompanyBase + d.Deal(3 + i).account_row));
      CHECK(std::stod(deal_rows[i][2]) == Approx(d.Deal(3 + i).amount));
    }
    return 0;
  });
  // A third run with no change reads nothing new.
  ProcessResult third = Sync(dir, cfg);
  REQUIRE(third.exit_code == 0);
  CHECK(Run(dir).records == 1);  // only the archived contact, listed again as a delete
}

// HubSpot's search index lags writes: a record modified before the cursor can show up in search
// only after newer records were read. Incremental searches start search_lookback_seconds (default
// 300) behind the cursor, so the next run reads it; without the look-back it is missed until a
// full refresh, which is what the second half shows.
TEST_CASE("hubspot: a record the search index shows late is read by the next incremental") {
  for (const bool lookback : {true, false}) {
    INFO("look-back " << (lookback ? "default" : "0"));
    auto server = StartFake(40);
    TempDir dir;
    Conn c;
    c.streams = "[{name: contacts, mode: incremental}]";
    if (!lookback) c.extra = "      search_lookback_seconds: 0\n";
    std::string cfg = WriteConfig(dir, *server, c);
    REQUIRE(Sync(dir, cfg).exit_code == 0);  // the list read
    const int64_t now = server->NowMs();
    server->WithDataset([&](tempo::fakes::Dataset& d) {
      d.TouchRange(Entity::kContact, 10, 1, now);
      return 0;
    });
    REQUIRE(Sync(dir, cfg).exit_code == 0);  // a search: its cursor is now `now`
    // Contact 20 was modified a minute before contact 10; the index shows it only now.
    server->WithDataset([&](tempo::fakes::Dataset& d) {
      d.TouchRange(Entity::kContact, 20, 1, now - 60'000);
      return 0;
    });
    ProcessResult third = Sync(dir, cfg);
    INFO(third.err);
    REQUIRE(third.exit_code == 0);
    std::string title;
    server->WithDataset([&](tempo::fakes::Dataset& d) {
      title = d.Contact(20).title;
      return 0;
    });
    auto rows = Query(dir, "SELECT title FROM contact WHERE source_id = '" +
                               std::to_string(kContactBase + 20) + "'");
    REQUIRE(rows.size() == 1);
    if (lookback) {
      CHECK(rows[0][0] == title);
      // The window's other record (contact 10) was read again: 2 records, no duplicate row.
      CHECK(Run(dir).records == 2);
      CHECK(Scalar(dir, "SELECT count(*) FROM contact") == 200);
    } else {
      CHECK(rows[0][0] != title);
      CHECK(Run(dir).records == 0);
    }
  }
}

TEST_CASE("hubspot: records sharing one timestamp across page and cap boundaries are all synced") {
  auto server = StartFake(40);
  TempDir dir;
  Conn c;
  c.streams = "[{name: contacts, mode: incremental}]";
  // Small search pages and a small result cap force re-anchoring and the id tie-breaker.
  c.extra = "      search_page_size: 20\n      search_result_cap: 60\n      read_archived: false\n";
  std::string cfg = WriteConfig(dir, *server, c);
  REQUIRE(Sync(dir, cfg).exit_code == 0);
  const int64_t now = server->NowMs();
  server->WithDataset([&](tempo::fakes::Dataset& d) {
    d.TouchRange(Entity::kContact, 0, 30, now);        // 30 at one time
    d.TouchRange(Entity::kContact, 30, 130, now + 1);  // 130 at the next: > cap, tie mode
    d.TouchRange(Entity::kContact, 160, 25, now + 2);  // 25 after
    return 0;
  });
  ProcessResult r = Sync(dir, cfg);
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  CHECK(Run(dir).records >= 185);
  CheckContacts(dir, *server, 200);
  CHECK(Scalar(dir, "SELECT count(*) FROM contact WHERE source_updated_at >= '2025'") == 185);
}

TEST_CASE("hubspot: the 10,000-result search cap is crossed without losing a record") {
  auto server = StartFake(2100, 10);  // 10,500 contacts
  TempDir dir;
  Conn c;
  c.streams = "[{name: contacts, mode: incremental}]";
  c.extra = "      read_archived: false\n";
  std::string cfg = WriteConfig(dir, *server, c);
  REQUIRE(Sync(dir, cfg).exit_code == 0);
  const int64_t now = server->NowMs();
  server->WithDataset([&](tempo::fakes::Dataset& d) {
    d.TouchRange(Entity::kContact, 0, 6000, now);         // 10,500 modified records:
    d.TouchRange(Entity::kContact, 6000, 4500, now + 1);  // the cap falls inside the second
    return 0;
  });
  auto t0 = std::chrono::steady_clock::now();
  ProcessResult r = Sync(dir, cfg);
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  CHECK(Run(dir).records >= 10500);
  CHECK(Scalar(dir, "SELECT count(*) FROM contact WHERE deleted_at IS NULL") == 10500);
  CHECK(Scalar(dir, "SELECT count(*) FROM contact WHERE source_updated_at >= '2025'") == 10500);
  CHECK(std::chrono::steady_clock::now() - t0 < std::chrono::seconds(30));

  // One timestamp alone holds more than 10,000 records: the hs_object_id tie-breaker.
  const int64_t later = server->NowMs() + 1000;
  server->WithDataset([&](tempo::fakes::Dataset& d) {
    d.TouchRange(Entity::kContact, 0, 10500, later);
    return 0;
  });
  ProcessResult again = Sync(dir, cfg);
  INFO(again.err);
  REQUIRE(again.exit_code == 0);
  CHECK(Run(dir).records >= 10500);
  CheckContacts(dir, *server, 10500);
}

TEST_CASE("hubspot: an OAuth token expiring mid-sync is refreshed and the sync completes") {
  auto server = StartFake(40);
  FaultRule expire;
  expire.kind = FaultKind::kExpireToken;
  expire.path = "/hubspot/crm/v3/objects/contacts";
  expire.nth = 2;
  server->AddFault(expire);
  TempDir dir;
  Conn c;
  c.streams = "[{name: contacts, mode: full_refresh}]";
  c.auth =
      "      client_id: fake-hubspot-client-id\n"
      "      client_secret: fake-hubspot-client-secret\n"
      "      refresh_token: fake-hubspot-refresh-token\n";
  c.extra = "      page_size: 20\n";
  std::string cfg = WriteConfig(dir, *server, c);
  ProcessResult r = Sync(dir, cfg);
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  CheckContacts(dir, *server, 200);
  CHECK(server->requests().Count("/hubspot/oauth/v1/token") == 2);
  CHECK(r.err.find("fake-hubspot-client-secret") == std::string::npos);
}

TEST_CASE("hubspot: a sync killed with SIGKILL resumes without loss or duplicates") {
  auto server = StartFake(400);  // 2,000 contacts, 100 pages of 20
  SlowDown(*server, "/hubspot/crm/v3/objects/contacts", 20);
  TempDir dir;
  std::string cfg = PagedContactsConfig(dir, *server);
  const std::vector<std::string> argv = {
      tempo::testing::TempoBinary(), "-q", "-c", cfg, "sync", "hs", "--commit-records", "100"};
  // Kill twice mid-read (once after ~40 pages, once ~20 pages into the resumed run).
  int kills = 0;
  for (int64_t at : {40, 20}) {
    server->requests().Clear();
    pid_t pid = tempo::testing::StartProcess(argv, dir.File("k.out"), dir.File("k.err"));
    WaitForRequests(*server, "/hubspot/crm/v3/objects/contacts", at);
    if (::kill(pid, SIGKILL) == 0) ++kills;
    int status = 0;
    ::waitpid(pid, &status, 0);
    CHECK(WIFSIGNALED(status));
  }
  CHECK(kills == 2);
  const int64_t partial = Scalar(dir, "SELECT count(*) FROM contact");
  CHECK(partial > 0);
  CHECK(partial < 2000);
  server->requests().Clear();
  ProcessResult r = tempo::testing::RunProcess(
      {tempo::testing::TempoBinary(), "-q", "-c", cfg, "sync", "hs"}, dir.path());
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  CHECK(server->requests().Count("/hubspot/crm/v3/objects/contacts") < 100);  // resumed
  CheckContacts(dir, *server, 2000);
  CHECK(Scalar(dir, "SELECT count(*) FROM contact") == 2000);
  CHECK(Scalar(dir, "SELECT count(DISTINCT source_id) FROM contact") == 2000);
}

TEST_CASE("hubspot: SIGTERM mid-read ends the run cancelled at a page, promptly, and it resumes") {
  auto server = StartFake(400);  // 2,000 contacts, 100 pages of 20
  // Every page slow: the next one is always in flight when the signal comes.
  SlowDown(*server, "/hubspot/crm/v3/objects/contacts", 30);
  TempDir dir;
  std::string cfg = PagedContactsConfig(dir, *server);
  pid_t pid = tempo::testing::StartProcess(
      {tempo::testing::TempoBinary(), "-q", "-c", cfg, "sync", "hs", "--commit-records", "100"},
      dir.File("t.out"), dir.File("t.err"));
  WaitForRequests(*server, "/hubspot/crm/v3/objects/contacts", 30);
  const auto signalled = std::chrono::steady_clock::now();
  REQUIRE(::kill(pid, SIGTERM) == 0);
  int status = 0;
  ::waitpid(pid, &status, 0);
  const auto exit_ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                           std::chrono::steady_clock::now() - signalled)
                           .count();
  CHECK(exit_ms < 2000);  // the prefetched request does not hold the exit up
  REQUIRE(WIFEXITED(status));
  CHECK(WEXITSTATUS(status) == 128 + SIGTERM);  // the shell's convention, not a failure
  const LastRun cancelled = Run(dir);
  CHECK(cancelled.status == "cancelled");
  // What was committed is whole pages, as the state says: the rows are exactly the first ones.
  const int64_t partial = Scalar(dir, "SELECT count(*) FROM contact");
  CHECK(partial > 0);
  CHECK(partial < 2000);
  CHECK(partial % 20 == 0);
  CHECK(cancelled.records == partial);
  CHECK(Scalar(dir, "SELECT max(CAST(source_id AS INTEGER)) FROM contact") ==
        kContactBase + partial - 1);

  server->requests().Clear();
  ProcessResult r = tempo::testing::RunProcess(
      {tempo::testing::TempoBinary(), "-q", "-c", cfg, "sync", "hs"}, dir.path());
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  // Resumed after the last committed page: only the pages not yet committed are read again.
  CHECK(server->requests().Count("/hubspot/crm/v3/objects/contacts") == 100 - partial / 20);
  CheckContacts(dir, *server, 2000);
  CHECK(Scalar(dir, "SELECT count(DISTINCT source_id) FROM contact") == 2000);
}

TEST_CASE("hubspot: an incremental search killed with SIGKILL resumes at its page") {
  auto server = StartFake(400);  // 2,000 contacts
  TempDir dir;
  Conn c;
  c.streams = "[{name: contacts, mode: incremental}]";
  c.extra =
      "      search_page_size: 20\n      search_result_cap: 200\n      read_archived: false\n";
  std::string cfg = WriteConfig(dir, *server, c);
  REQUIRE(Sync(dir, cfg).exit_code == 0);
  const int64_t now = server->NowMs();
  server->WithDataset([&](tempo::fakes::Dataset& d) {
    for (int i = 0; i < 20; ++i) d.TouchRange(Entity::kContact, i * 100, 100, now + i);
    return 0;
  });
  SlowDown(*server, "/hubspot/crm/v3/objects/contacts/search", 20);
  server->requests().Clear();
  const std::vector<std::string> argv = {
      tempo::testing::TempoBinary(), "-q", "-c", cfg, "sync", "hs", "--commit-records", "20"};
  pid_t pid = tempo::testing::StartProcess(argv, dir.File("k.out"), dir.File("k.err"));
  WaitForRequests(*server, "/hubspot/crm/v3/objects/contacts/search", 40);
  REQUIRE(::kill(pid, SIGKILL) == 0);
  int status = 0;
  ::waitpid(pid, &status, 0);
  CHECK(WIFSIGNALED(status));
  const int64_t done =
      Scalar(dir, "SELECT count(*) FROM contact WHERE source_updated_at >= '2025'");
  CHECK(done > 0);
  CHECK(done < 2000);
  server->requests().Clear();
  ProcessResult r = Sync(dir, cfg);
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  CHECK(server->requests().Count("/hubspot/crm/v3/objects/contacts/search") < 100);  // resumed
  CheckContacts(dir, *server, 2000);
  CHECK(Scalar(dir, "SELECT count(*) FROM contact WHERE source_updated_at >= '2025'") == 2000);
}

TEST_CASE("hubspot: a 429 storm and a 500 on page K end as retries, with every record") {
  auto server = StartFake(40);
  FaultRule storm;
  storm.kind = FaultKind::kRateLimited;
  storm.path = "/hubspot/crm/v3/objects/contacts";
  storm.nth = 2;
  storm.times = 3;
  storm.retry_after.seconds = 0;
  server->AddFault(storm);
  FaultRule five;
  five.kind = FaultKind::kStatus;
  five.status = 500;
  five.path = "/hubspot/crm/v3/objects/contacts";
  five.nth = 8;
  server->AddFault(five);
  TempDir dir;
  Conn c;
  c.streams = "[{name: contacts, mode: full_refresh}]";
  c.extra = "      page_size: 20\n";
  c.http = "    http: {max_attempts: 6, initial_backoff: 0.01, max_backoff: 0.05, timeout: 5}\n";
  std::string cfg = WriteConfig(dir, *server, c);
  ProcessResult r = Sync(dir, cfg);
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  CheckContacts(dir, *server, 200);
  CHECK(server->requests().Count("/hubspot/crm/v3/objects/contacts") == 10 + 3 + 1);
}

TEST_CASE("hubspot: a truncated or malformed page fails the run clearly, never as an empty page") {
  auto kind = GENERATE(FaultKind::kMalformedJson, FaultKind::kEmpty, FaultKind::kHtml,
                       FaultKind::kTruncate);
  auto server = StartFake(40);
  FaultRule bad;
  bad.kind = kind;
  bad.path = "/hubspot/crm/v3/objects/contacts";
  bad.nth = 3;
  bad.times = -1;
  server->AddFault(bad);
  TempDir dir;
  Conn c;
  c.streams = "[{name: contacts, mode: full_refresh}]";
  c.extra = "      page_size: 20\n";
  std::string cfg = WriteConfig(dir, *server, c);
  ProcessResult r = Sync(dir, cfg);
  INFO(r.err);
  CHECK(r.exit_code == 1);
  LastRun run = Run(dir);
  CHECK(run.status == "failed");
  INFO(run.error);
  if (kind != FaultKind::kTruncate) {
    CHECK_THAT(run.error, Catch::Contains("stream 'contacts' page 3"));
    CHECK_THAT(run.error, Catch::Contains("not valid JSON"));
  }
  // The two good pages are committed; nothing was soft-deleted by the failed refresh.
  CHECK(Scalar(dir, "SELECT count(*) FROM contact WHERE deleted_at IS NULL") == 40);
}

// A scripted HubSpot written from the documentation (section 1 of the API wire-format notes),
// for what the fake does not serve: labelled v4 associations, an already URL-encoded list
// cursor, epoch-ms dates, bad values, the daily quota.
namespace {

using tempo::testing::LoopbackServer;
using tempo::testing::Reply;
using tempo::testing::SeenRequest;

constexpr const char* kDeal101 =
    R"({"id":"101","properties":{"dealname":"Acme - Enterprise","amount":"15000",)"
    R"("closedate":"1711843200000","createdate":"2024-01-17T19:55:04.281Z",)"
    R"("dealstage":"closedlost","dealtype":"newbusiness","hs_is_closed":"true",)"
    R"("hs_is_closed_won":"false","hs_lastmodifieddate":"2024-02-02T10:11:12.345Z",)"
    R"("hs_object_id":"101","partner_name":"Acme Partners","partner_role":"Sourced"},)"
    R"("createdAt":"2024-01-17T19:55:04.281Z","updatedAt":"2024-02-02T10:11:12.345Z",)"
    R"("archived":false,"associations":{"companies":{"results":[)"
    R"({"id":"9009","type":"partner"},{"id":"5001","type":"deal_to_company"},)"
    R"({"id":"5001","type":"deal_to_company_unlabeled"},)"
    R"({"id":"9009","type":"deal_to_company_unlabeled"}]}}})";

std::string ScriptedHubSpot(const SeenRequest& r, int* status) {
  *status = 200;
  const std::string& t = r.target;
  if (t.find("/crm/v4/associations/deals/companies/batch/read") == 0) {
    return R"({"status":"COMPLETE","results":[{"from":{"id":"101"},"to":[)"
           R"({"toObjectId":9009,"associationTypes":[{"category":"USER_DEFINED","typeId":12,"label":"Partner"}]},)"
           R"({"toObjectId":6002,"associationTypes":[{"category":"HUBSPOT_DEFINED","typeId":5,"label":"Primary"},)"
           R"({"category":"HUBSPOT_DEFINED","typeId":341,"label":null}]}]}]})";
  }
  if (t.find("/crm/v3/objects/deals/search") == 0) {
    return R"({"total":1,"results":[{"id":"101","properties":{"dealname":"Acme - Enterprise",)"
           R"("amount":"17000.5","closedate":"2024-03-31","hs_lastmodifieddate":"2024-05-01T00:00:00Z",)"
           R"("hs_object_id":"101","hs_is_closed":"true","hs_is_closed_won":"true",)"
           R"("partner_name":"Acme Partners","partner_role":null},"archived":false}]})";
  }
  if (t.find("/crm/v3/objects/deals?") == 0) {
    if (t.find("archived=true") != std::string::npos) {
      return R"({"results":[{"id":"103","properties":{"hs_object_id":"103",)"
             R"("partner_name":"Beta Partner"},"archived":true,)"
             R"("archivedAt":"2024-05-02T00:00:00Z"}]})";
    }
    if (t.find("after=MTAyNA%253D") != std::string::npos) {  // double-encoded: refused
      *status = 400;
      return R"({"status":"error","message":"bad cursor","category":"VALIDATION_ERROR"})";
    }
    if (t.find("after=MTAyNA%3D%3D") != std::string::npos) {
      return R"({"results":[{"id":"102","properties":{"amount":"12k","hs_object_id":"102",)"
             R"("hs_lastmodifieddate":"2024-01-01T00:00:00Z"}},)"
             R"({"id":"103","properties":{"amount":"","dealstage":"closedwon","hs_object_id":"103",)"
             R"("hs_lastmodifieddate":"2024-01-01T00:00:00Z","partner_name":"Beta Partner"}}]})";
    }
    return std::string(R"({"results":[)") + kDeal101 +
           R"(],"paging":{"next":{"after":"MTAyNA%3D%3D","link":"https://api.hubapi.com/x"}}})";
  }
  *status = 404;
  return R"({"status":"error","message":"not found","category":"OBJECT_NOT_FOUND"})";
}

}  // namespace

TEST_CASE("hubspot: documented wire details: cursors, values, search body, v4 associations") {
  LoopbackServer server([](const SeenRequest& r, Reply& reply) {
    int status = 200;
    std::string body = ScriptedHubSpot(r, &status);
    reply.Respond(status, body, {{"Content-Type", "application/json"}});
  });
  TempDir dir;
  std::string cfg = dir.Write(
      "tempo.yaml",
      "store:\n  path: tempo.db\nplugins:\n  path: [" TEMPO_PLUGIN_DIR
      "]\nconnections:\n  - name: hs\n    plugin: hubspot\n    streams: [{name: deals, mode: "
      "incremental}]\n    http: {max_attempts: 2, initial_backoff: 0.01, max_backoff: 0.02}\n"
      "    max_reject_ratio: 1\n"  // deal 102 is rejected on purpose
      "    config:\n      base_url: " +
          server.Url("") +
          "\n      access_token: pat-na1-scripted\n      partner_id_property: \"\"\n");
  auto wall_ms = [] {
    return std::chrono::duration_cast<std::chrono::milliseconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
  };
  const int64_t list_started_ms = wall_ms();
  ProcessResult first = Sync(dir, cfg);
  const int64_t list_ended_ms = wall_ms();
  INFO(first.err);
  REQUIRE(first.exit_code == 0);
  auto deals = Query(dir,
                     "SELECT source_id, amount, is_closed, is_won, closed_at, "
                     "account_source_id, opp_type, coalesce(stage, '') FROM opportunity "
                     "ORDER BY source_id");
  REQUIRE(deals.size() == 2);  // 102 rejected: amount "12k"
  CHECK(deals[0] == std::vector<std::string>{"101", "15000.0", "1", "0", "2024-03-31T00:00:00.000Z",
                                             "5001", "new", "closedlost"});
  CHECK(deals[1][0] == "103");
  CHECK(deals[1][1] == "<null>");
  CHECK(deals[1][2] == "1");  // stage-based: closedwon
  CHECK(deals[1][3] == "1");
  CHECK(Scalar(dir, "SELECT rejects FROM sync_runs ORDER BY id DESC LIMIT 1") == 1);
  auto partners = Query(dir,
                        "SELECT source_id, opportunity_source_id, partner_name, role, "
                        "attribution_source FROM opportunity_partner ORDER BY source_id");
  REQUIRE(partners.size() == 2);
  CHECK(partners[1] == std::vector<std::string>{"103:Beta Partner", "103", "Beta Partner",
                                                "influenced", "crm_field"});
  CHECK(partners[0] == std::vector<std::string>{"101:Acme Partners", "101", "Acme Partners",
                                                "sourced", "crm_field"});
  // The second page's cursor went back exactly as HubSpot sent it.
  bool saw_cursor = false;
  for (const SeenRequest& r : server.Requests()) {
    if (r.target.find("after=MTAyNA%3D%3D") != std::string::npos) saw_cursor = true;
    CHECK(r.Header("Authorization") == "Bearer pat-na1-scripted");
  }
  CHECK(saw_cursor);

  ProcessResult second = Sync(dir, cfg);
  INFO(second.err);
  REQUIRE(second.exit_code == 0);
  deals = Query(dir,
                "SELECT source_id, amount, is_won, closed_at, account_source_id, "
                "deleted_at IS NOT NULL FROM opportunity ORDER BY source_id");
  REQUIRE(deals.size() == 2);
  CHECK(deals[0] == std::vector<std::string>{"101", "17000.5", "1", "2024-03-31", "6002", "0"});
  CHECK(deals[1][5] == "1");  // archived: soft-deleted
  auto roles = Query(dir,
                     "SELECT source_id, role, deleted_at IS NOT NULL FROM "
                     "opportunity_partner ORDER BY source_id");
  REQUIRE(roles.size() == 2);
  CHECK(roles[0] == std::vector<std::string>{"101:Acme Partners", "influenced", "0"});
  CHECK(roles[1] == std::vector<std::string>{"103:Beta Partner", "influenced", "1"});
  // The search-read deal's raw JSON carries its companies as the list read's does (from the
  // v4 batch read, in the v3 shape).
  CHECK(Query(dir, "SELECT raw_json FROM opportunity WHERE source_id = '101'")[0][0].find(
            R"(,"archived":false,"associations":{"companies":{"results":[)"
            R"({"id":"9009","type":"partner"},{"id":"6002","type":"deal_to_company"},)"
            R"({"id":"6002","type":"deal_to_company_unlabeled"}]}}})") != std::string::npos);
  std::string search_body;
  for (const SeenRequest& r : server.Requests()) {
    if (r.target.find("/search") != std::string::npos) search_body = r.body;
  }
  INFO(search_body);
  CHECK_THAT(search_body, Catch::Contains(R"("propertyName":"hs_lastmodifieddate")"));
  CHECK_THAT(search_body, Catch::Contains(R"("direction":"ASCENDING")"));
  CHECK_THAT(search_body, Catch::Contains(R"("limit":200)"));
  // The list read hands on the instant it started less 5 minutes (epoch ms, GTE, no id), not
  // the newest record it saw (1706868672345); the search asks from there less its look-back
  // (search_lookback_seconds, 5 minutes by default).
  CHECK_THAT(search_body, Catch::Contains(R"("operator":"GTE")"));
  CHECK_THAT(search_body, !Catch::Contains("1706868672345"));
  const auto value_at = search_body.find(R"("value":")");
  REQUIRE(value_at != std::string::npos);
  const int64_t cursor = std::stoll(search_body.substr(value_at + 9, 13));
  CHECK(cursor >= list_started_ms - 10 * 60 * 1000);
  CHECK(cursor <= list_ended_ms - 10 * 60 * 1000);
}

TEST_CASE("hubspot: a 429 with policyName DAILY defers the run") {
  LoopbackServer server([](const SeenRequest&, Reply& reply) {
    reply.Respond(429, R"({"status":"error","message":"You have reached your daily limit.",)"
                       R"("errorType":"RATE_LIMIT","correlationId":"c0","policyName":"DAILY"})");
  });
  TempDir dir;
  std::string cfg = dir.Write(
      "tempo.yaml", "store:\n  path: tempo.db\nplugins:\n  path: [" TEMPO_PLUGIN_DIR
                    "]\nconnections:\n  - name: hs\n    plugin: hubspot\n    streams: [contacts]\n"
                    "    config:\n      base_url: " +
                        server.Url("") + "\n      access_token: pat-x\n");
  ProcessResult r = Sync(dir, cfg);
  CHECK(r.exit_code == 3);
  CHECK(Run(dir).status == "deferred");
  CHECK(server.RequestCount() == 1);
}

TEST_CASE("hubspot: a refused private-app token fails the run as a permission error") {
  LoopbackServer server([](const SeenRequest&, Reply& reply) {
    reply.Respond(401,
                  R"({"status":"error","message":"Authentication credentials not found.",)"
                  R"("correlationId":"c1","category":"INVALID_AUTHENTICATION"})",
                  {{"x-hubspot-auth-failure", "401 Unauthorized"}});
  });
  TempDir dir;
  std::string cfg = dir.Write(
      "tempo.yaml", "store:\n  path: tempo.db\nplugins:\n  path: [" TEMPO_PLUGIN_DIR
                    "]\nconnections:\n  - name: hs\n    plugin: hubspot\n    streams: [contacts]\n"
                    "    config:\n      base_url: " +
                        server.Url("") + "\n      access_token: pat-secret-77\n");
  ProcessResult r = Sync(dir, cfg);
  CHECK(r.exit_code == 1);
  LastRun run = Run(dir);
  CHECK(run.status == "failed");
  CHECK_THAT(run.error, Catch::Contains("HTTP 401"));
  CHECK_THAT(run.error, Catch::Contains("check the token"));
  CHECK(run.error.find("pat-secret-77") == std::string::npos);
  CHECK(r.err.find("pat-secret-77") == std::string::npos);
  CHECK(server.RequestCount() == 1);
}

namespace {

// The "rate_limit_wait_ms" of a `tempo sync --json` summary.
int64_t RateLimitWaitMs(const std::string& summary) {
  const std::string key = "\"rate_limit_wait_ms\":";
  const size_t at = summary.find(key);
  REQUIRE(at != std::string::npos);
  return std::stoll(summary.substr(at + key.size()));
}

}  // namespace

TEST_CASE("hubspot: requests_per_10s 0 turns the client-side budget off and 429s still back off") {
  auto server = StartFake(40);  // 200 contacts
  FaultRule storm;
  storm.kind = FaultKind::kRateLimited;
  storm.path = "/hubspot/crm/v3/objects/contacts";
  storm.nth = 5;
  storm.times = 2;
  storm.retry_after.seconds = 0;
  server->AddFault(storm);
  TempDir dir;
  Conn c;
  c.streams = "[{name: contacts, mode: full_refresh}]";
  c.extra = "      page_size: 1\n";  // 200 requests: twice the burst of a 1000-per-10-s budget
  c.requests_per_10s = "0";
  ProcessResult r = Sync(dir, WriteConfig(dir, *server, c), {"--json"});
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  CheckContacts(dir, *server, 200);
  CHECK(RateLimitWaitMs(r.out) == 0);
  CHECK(server->requests().Count("/hubspot/crm/v3/objects/contacts") == 200 + 2);  // retried

  // The same read under the schema's largest budget waits for it (100 at once, then 90/s).
  TempDir budgeted;
  c.requests_per_10s = "1000";
  ProcessResult slow = Sync(budgeted, WriteConfig(budgeted, *server, c), {"--json"});
  INFO(slow.err);
  REQUIRE(slow.exit_code == 0);
  CHECK(RateLimitWaitMs(slow.out) > 500);
}

TEST_CASE("hubspot: the final line says where the time went: the rate budget, or the server") {
  auto server = StartFake(40);  // 200 contacts
  Conn c;
  c.streams = "[{name: contacts, mode: full_refresh}]";
  c.extra = "      page_size: 1\n";  // 200 requests: 100 at once, then 90/s for 1.1 s
  TempDir budgeted;
  ProcessResult r = Sync(budgeted, WriteConfig(budgeted, *server, c));
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  CHECK_THAT(r.out, Catch::Matches(".*succeeded, 200 records.* [0-9]+ % waiting for the rate "
                                   "budget of hubspot:42; run 1\n"));
  // A slow server instead: ten pages of 150 ms.
  SlowDown(*server, "/hubspot/crm/v3/objects/contacts", 150);
  TempDir slow;
  c.extra = "      page_size: 20\n";
  ProcessResult s = Sync(slow, WriteConfig(slow, *server, c), {"--json"});
  INFO(s.err);
  REQUIRE(s.exit_code == 0);
  const auto field = [&](const std::string& key) {
    const size_t at = s.out.find("\"" + key + "\":");
    REQUIRE(at != std::string::npos);
    return std::stoll(s.out.substr(at + key.size() + 3));
  };
  CHECK(field("server_ms") >= 1500);
  CHECK(field("server_ms") <= field("duration_ms"));
  CHECK(field("backoff_ms") == 0);
  CHECK(field("commit_wait_ms") >= 0);
  ProcessResult line = Sync(slow, WriteConfig(slow, *server, c), {"--full-refresh"});
  CHECK_THAT(line.out, Catch::Matches(".*succeeded, 200 records.* [0-9]+ % waiting for the "
                                      "server; run 2\n"));
}

TEST_CASE("hubspot: extra_properties are asked for and kept in the raw JSON, by list and search") {
  auto server = StartFake(40);
  // Checks the phone in the raw JSON of the contacts matching `where` against the fake's.
  auto check_phones = [&](const TempDir& dir, const std::string& where, int64_t expected) {
    auto rows = Query(dir, "SELECT CAST(source_id AS INTEGER) - " + std::to_string(kContactBase) +
                               ", json_type(raw_json, '$.properties.phone'), "
                               "json_extract(raw_json, '$.properties.phone') FROM contact WHERE " +
                               where + " ORDER BY CAST(source_id AS INTEGER)");
    REQUIRE(static_cast<int64_t>(rows.size()) == expected);
    server->WithDataset([&](tempo::fakes::Dataset& d) {
      for (const auto& row : rows) {
        const auto phone = d.Contact(std::stoll(row[0])).phone;
        INFO("contact row " << row[0]);
        if (phone) {
          CHECK(row[1] == "text");
          CHECK(row[2] == *phone);
        } else {
          CHECK(row[1] == "null");  // HubSpot's null, kept as sent
        }
      }
      return 0;
    });
  };

  // Without extra_properties the connector does not ask for phone, and the fake leaves it out.
  TempDir plain;
  Conn c;
  c.streams = "[{name: contacts, mode: incremental}]";
  c.extra = "      read_archived: false\n";
  REQUIRE(Sync(plain, WriteConfig(plain, *server, c)).exit_code == 0);
  CHECK(Scalar(plain,
               "SELECT count(*) FROM contact WHERE "
               "json_type(raw_json, '$.properties.phone') IS NOT NULL") == 0);

  TempDir dir;
  c.extra += "      extra_properties: {contacts: [phone, email, phone]}\n";
  const std::string cfg = WriteConfig(dir, *server, c);
  ProcessResult first = Sync(dir, cfg);  // a list read
  INFO(first.err);
  REQUIRE(first.exit_code == 0);
  CheckContacts(dir, *server, 200);  // the mapped columns are as before
  check_phones(dir, "1", 200);
  bool some_phone = false;
  server->WithDataset([&](tempo::fakes::Dataset& d) {
    for (int64_t row = 0; row < 200; ++row) some_phone = some_phone || d.Contact(row).phone;
    return 0;
  });
  CHECK(some_phone);

  const int64_t now = server->NowMs();
  server->WithDataset([&](tempo::fakes::Dataset& d) {
    d.TouchRange(Entity::kContact, 20, 7, now);
    return 0;
  });
  ProcessResult second = Sync(dir, cfg);  // a search read
  INFO(second.err);
  REQUIRE(second.exit_code == 0);
  check_phones(dir, "source_updated_at >= '2025'", 7);
  CheckContacts(dir, *server, 200);
}

TEST_CASE("hubspot: extra_properties names are checked before the connection opens") {
  auto server = StartFake(1);
  auto value =
      GENERATE(std::string("{contacts: [\"home phone\"]}"),
               std::string("{contacts: [\"phone,city\"]}"), std::string("{contacts: [\"\"]}"),
               std::string("{leads: [phone]}"), std::string("{contacts: phone}"));
  TempDir dir;
  Conn c;
  c.streams = "[{name: contacts, mode: full_refresh}]";
  c.extra = "      extra_properties: " + value + "\n";
  ProcessResult r = Sync(dir, WriteConfig(dir, *server, c));
  INFO(value << "\n" << r.err);
  CHECK(r.exit_code == 2);
  CHECK_THAT(r.err, Catch::Contains("extra_properties"));
  CHECK(server->requests().Count("/hubspot/crm") == 0);

  // Internal names of every stream pass.
  TempDir good;
  c.extra =
      "      extra_properties: {contacts: [phone, hs_lead_status], companies: [industry], "
      "deals: [pipeline, deal_source]}\n";
  ProcessResult ok = Sync(good, WriteConfig(good, *server, c));
  INFO(ok.err);
  CHECK(ok.exit_code == 0);
}

namespace {

// A contact as a server may format it: spaced, with a \u escape, a null, an empty string and
// an epoch-ms date.
constexpr const char* kContact7 =
    R"({ "id" : "7", "properties" : { "email" : "ann\u00e9@x.example", "firstname" : "Ann",)"
    "\n      "
    R"("lastname" : null, "jobtitle" : "", "createdate" : "1711843200000",)"
    R"( "lastmodifieddate" : "2024-02-02T10:11:12.345Z", "hs_object_id" : "7",)"
    R"( "phone" : "+1 555 0101" }, "archived" : false })";
constexpr const char* kContact8 =
    R"({"id":"8","properties":{"email":"b@x.example","createdate":"soon",)"
    R"("lastmodifieddate":"2024-02-02T10:11:12.345Z","hs_object_id":"8"}})";

}  // namespace

TEST_CASE(
    "hubspot: list and search ask for extra_properties once and raw JSON is the object "
    "as sent") {
  LoopbackServer server([](const SeenRequest& r, Reply& reply) {
    std::string body;
    if (r.target.find("/crm/v3/objects/contacts/search") == 0) {
      body = std::string(R"({"total":1,"results":[)") + kContact7 + "]}";
    } else if (r.target.find("/crm/v3/objects/contacts?") == 0) {
      body = std::string("{\"results\": [\n  ") + kContact7 + "  ,\n  " + kContact8 + "\n]}";
    } else {
      return reply.Respond(404, R"({"status":"error","message":"not found"})");
    }
    reply.Respond(200, body, {{"Content-Type", "application/json"}});
  });
  TempDir dir;
  std::string cfg = dir.Write(
      "tempo.yaml",
      "store:\n  path: tempo.db\nplugins:\n  path: [" TEMPO_PLUGIN_DIR
      "]\nconnections:\n  - name: hs\n    plugin: hubspot\n    streams: [{name: contacts, mode: "
      "incremental}]\n    http: {max_attempts: 2, initial_backoff: 0.01, max_backoff: 0.02}\n"
      "    max_reject_ratio: 1\n"  // contact 8 is rejected on purpose
      "    config:\n      base_url: " +
          server.Url("") +
          "\n      access_token: pat-na1-scripted\n      read_archived: false\n"
          "      extra_properties: {contacts: [phone, email, city, phone]}\n");
  ProcessResult first = Sync(dir, cfg);
  INFO(first.err);
  REQUIRE(first.exit_code == 0);
  auto rows = Query(dir,
                    "SELECT source_id, email, first_name, last_name, title, created_at, "
                    "source_updated_at, raw_json FROM contact ORDER BY source_id");
  REQUIRE(rows.size() == 1);  // 8 rejected: createdate "soon"
  CHECK(rows[0] == std::vector<std::string>{"7", "ann\xc3\xa9@x.example", "Ann", "<null>", "<null>",
                                            "2024-03-31T00:00:00.000Z", "2024-02-02T10:11:12.345Z",
                                            kContact7});
  CHECK(Scalar(dir, "SELECT rejects FROM sync_runs ORDER BY id DESC LIMIT 1") == 1);
  const std::string mapped =
      "email,firstname,lastname,jobtitle,createdate,lastmodifieddate,associatedcompanyid,"
      "hs_object_id";
  bool listed = false;
  for (const SeenRequest& r : server.Requests()) {
    if (r.target.find("/crm/v3/objects/contacts?") != 0) continue;
    listed = true;
    CHECK_THAT(r.target, Catch::Contains("&properties=" + mapped + ",phone,city&") ||
                             Catch::EndsWith("&properties=" + mapped + ",phone,city"));
  }
  CHECK(listed);

  ProcessResult second = Sync(dir, cfg);
  INFO(second.err);
  REQUIRE(second.exit_code == 0);
  std::string search_body;
  for (const SeenRequest& r : server.Requests()) {
    if (r.target.find("/search") != std::string::npos) search_body = r.body;
  }
  INFO(search_body);
  std::string properties = "\"properties\":[\"";
  for (char ch : mapped + ",phone,city") {
    properties += ch == ',' ? std::string("\",\"") : std::string(1, ch);
  }
  CHECK_THAT(search_body, Catch::Contains(properties + "\"]"));
  CHECK(Query(dir, "SELECT raw_json FROM contact WHERE source_id = '7'")[0][0] == kContact7);
}

TEST_CASE("hubspot: a page whose results are not all objects keeps the others, minified") {
  LoopbackServer server([](const SeenRequest& r, Reply& reply) {
    if (r.target.find("/crm/v3/objects/contacts?") != 0) {
      return reply.Respond(404, R"({"status":"error","message":"not found"})");
    }
    reply.Respond(
        200,
        R"({"results": [ "junk" , { "id" : "9", "properties" : { "email" : "c@x.example",)"
        R"( "lastmodifieddate" : "2024-02-02T10:11:12.345Z" } } ]})",
        {{"Content-Type", "application/json"}});
  });
  TempDir dir;
  std::string cfg = dir.Write(
      "tempo.yaml",
      "store:\n  path: tempo.db\nplugins:\n  path: [" TEMPO_PLUGIN_DIR
      "]\nconnections:\n  - name: hs\n    plugin: hubspot\n    streams: [{name: contacts, mode: "
      "full_refresh}]\n    max_reject_ratio: 1\n    config:\n      base_url: " +
          server.Url("") + "\n      access_token: pat-na1-scripted\n");
  ProcessResult r = Sync(dir, cfg);
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  CHECK(Scalar(dir, "SELECT rejects FROM sync_runs ORDER BY id DESC LIMIT 1") == 1);  // "junk"
  auto rows = Query(dir, "SELECT source_id, email, raw_json FROM contact");
  REQUIRE(rows.size() == 1);
  CHECK(rows[0] == std::vector<std::string>{"9", "c@x.example",
                                            R"({"id":"9","properties":{"email":"c@x.example",)"
                                            R"("lastmodifieddate":"2024-02-02T10:11:12.345Z"}})"});
}

// The hand-over from a list read to incremental reads: records modified during the list, after
// their page was read, are picked up by the next incremental run, even when a record modified
// later sits on a page read after them (the newest time the list saw is then past theirs).
// Also through a kill: the resumed list keeps the start instant of the run that began it.
TEST_CASE("hubspot: records modified during a full read are picked up by the next incremental") {
  const bool kill_once = GENERATE(false, true);
  INFO("killed and resumed: " << kill_once);
  auto server = StartFake(400);  // 2,000 contacts, 100 pages of 20
  SlowDown(*server, "/hubspot/crm/v3/objects/contacts", 10);
  TempDir dir;
  Conn c;
  c.streams = "[{name: contacts, mode: incremental}]";
  c.extra = "      page_size: 20\n";
  std::string cfg = WriteConfig(dir, *server, c);
  const std::vector<std::string> argv = {
      tempo::testing::TempoBinary(), "-q", "-c", cfg, "sync", "hs", "--commit-records", "100"};
  pid_t pid = tempo::testing::StartProcess(argv, dir.File("a.out"), dir.File("a.err"));
  WaitForRequests(*server, "/hubspot/crm/v3/objects/contacts", 40);
  // 50 contacts already read, changed now; one not yet read (the last page), changed later.
  const int64_t now = server->NowMs();
  server->WithDataset([&](tempo::fakes::Dataset& d) {
    d.TouchRange(Entity::kContact, 0, 50, now);
    d.TouchRange(Entity::kContact, 1999, 1, now + 1000);
    return 0;
  });
  if (kill_once) {
    ::kill(pid, SIGKILL);
    int status = 0;
    ::waitpid(pid, &status, 0);
    pid = tempo::testing::StartProcess(argv, dir.File("b.out"), dir.File("b.err"));
  }
  int status = 0;
  ::waitpid(pid, &status, 0);
  REQUIRE(WIFEXITED(status));
  REQUIRE(WEXITSTATUS(status) == 0);
  // The list read saw the old titles of the first 50 (their pages came before the change).
  CHECK(Scalar(dir, "SELECT count(*) FROM contact") == 2000);
  for (int run = 0; run < 3; ++run) {
    ProcessResult r = Sync(dir, cfg);
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
  }
  CheckContacts(dir, *server, 2000);
}

// Every marketing email and campaign of the fake is a campaign row equal to it; `deleted` are
// the campaign rows (dataset rows) whose email is archived.
void CheckMarketing(const TempDir& dir, FakeApiServer& server) {
  auto rows = Query(dir,
                    "SELECT source_id, coalesce(name, ''), coalesce(channel, '<null>'), "
                    "coalesce(start_at, '<null>'), coalesce(end_at, '<null>'), source_updated_at, "
                    "deleted_at IS NOT NULL FROM campaign");
  std::map<std::string, std::vector<std::string>> by_id;
  for (auto& r : rows) by_id[r[0]] = r;
  server.WithDataset([&](tempo::fakes::Dataset& d) {
    for (int64_t row = 0; row < d.Count(Entity::kCampaign); ++row) {
      INFO("campaign row " << row);
      const auto e = tempo::fakes::MarketingEmail(d, row);
      REQUIRE(by_id.count(e.id) == 1);
      const auto& er = by_id[e.id];
      CHECK(er[1] == e.name);
      CHECK(er[2] == "email");
      CHECK(er[3] == (e.publish_ms < 0 ? "<null>" : tempo::fakes::FormatIsoMillis(e.publish_ms)));
      CHECK(er[5] == tempo::fakes::FormatIsoMillis(e.updated_ms));
      CHECK(er[6] == (e.archived ? "1" : "0"));
      const auto c = tempo::fakes::MarketingCampaign(d, row);
      if (c.archived) continue;  // left the list: soft-deleted by a full refresh only
      REQUIRE(by_id.count(c.id) == 1);
      const auto& cr = by_id[c.id];
      CHECK(cr[1] == c.name);
      CHECK(cr[2] == "<null>");
      CHECK(cr[3] == c.start_date);
      CHECK(cr[4] == c.end_date);
      CHECK(cr[6] == "0");
    }
    return 0;
  });
}

TEST_CASE("hubspot: the marketing stream reads emails and campaigns, then exactly the changes") {
  auto server = StartFake(200);  // 10 campaigns: 10 marketing emails and 10 campaigns
  TempDir dir;
  Conn c;
  c.streams = "[{name: marketing, mode: incremental}]";
  c.extra = "      page_size: 3\n";
  std::string cfg = WriteConfig(dir, *server, c);
  ProcessResult first = Sync(dir, cfg);
  INFO(first.err);
  REQUIRE(first.exit_code == 0);
  CHECK(Scalar(dir, "SELECT count(*) FROM campaign WHERE deleted_at IS NULL") == 20);
  CheckMarketing(dir, *server);
  CHECK(server->requests().Count("/hubspot/marketing/v3/emails") == 4);  // 10 in pages of 3

  const int64_t first_run = Scalar(dir, "SELECT max(id) FROM sync_runs");
  server->WithDataset([&](tempo::fakes::Dataset& d) {
    d.TouchRange(Entity::kCampaign, 2, 2, server->NowMs());
    d.ArchiveRange(Entity::kCampaign, 5, 1, server->NowMs());
    return 0;
  });
  server->requests().Clear();
  ProcessResult second = Sync(dir, cfg);
  INFO(second.err);
  REQUIRE(second.exit_code == 0);
  CheckMarketing(dir, *server);
  // The emails the second run wrote: exactly the changed ones (and the archived one, deleted).
  auto emails = Query(dir,
                      "SELECT source_id FROM campaign WHERE channel = 'email' AND "
                      "sync_run_id > " +
                          std::to_string(first_run) + " ORDER BY source_id");
  REQUIRE(emails.size() == 3);
  CHECK(emails[0][0] == std::to_string(tempo::fakes::kMarketingEmailIdBase + 2));
  CHECK(emails[1][0] == std::to_string(tempo::fakes::kMarketingEmailIdBase + 3));
  CHECK(emails[2][0] == std::to_string(tempo::fakes::kMarketingEmailIdBase + 5));
  CHECK(server->requests().Count("/hubspot/marketing/v3/emails") == 2);  // live, archived

  // A full refresh soft-deletes the campaign that left the list.
  ProcessResult full = Sync(dir, cfg, {"--full-refresh"});
  INFO(full.err);
  REQUIRE(full.exit_code == 0);
  const std::string gone = server->WithDataset(
      [](tempo::fakes::Dataset& d) { return tempo::fakes::MarketingCampaign(d, 5).id; });
  CHECK(Scalar(dir, "SELECT count(*) FROM campaign WHERE deleted_at IS NOT NULL AND source_id = '" +
                        gone + "'") == 1);
  CHECK(Scalar(dir, "SELECT count(*) FROM campaign WHERE deleted_at IS NULL") == 18);
}
