// The kill loop of issue 15, per HTTP connector, with the source changing between runs: a
// `tempo sync` against the in-process fake APIs is killed with SIGKILL again and again, each
// time followed by a resumed run, while records are touched and added between the runs (and
// archived between rounds); the final store must equal, row for row, a store whose runs were
// never killed (store_image.h names the columns that may differ), and a fresh full read of the
// final source, with `PRAGMA integrity_check` ok and every configured secret and issued token
// absent from everything the runs left behind (secrets_canary.h).
//
// Each connector goes through four rounds, each killed several times:
//   first sync    the first read of an empty store (the list phase of HubSpot, the full
//                 exports of Marketo...), killed at random instants drawn from the measured
//                 duration of an uninterrupted run;
//   incremental   incremental runs after the round's changes, killed at random instants;
//   commit path   incremental runs killed right at a commit: before its WAL frame is written,
//                 with the frame torn, or just after it (plus up to 2 ms), at a commit drawn
//                 from the commits an uninterrupted run makes (libtempo_fault_vfs.so, see
//                 tests/support/fault_vfs/fault_vfs.cc);
//   full refresh  `--full-refresh` runs, killed at random instants and at commits.
// After each round both stores run once more, uninterrupted, and are compared.
//
// The file connector gets the same loop with its CSV rewritten between runs, and `tempo run`
// (the daemon) is killed with SIGKILL mid-run and restarted.
//
// Seeded and reproducible: the seed is printed (and shown on failure); TEMPO_KILL_SEED=N runs
// one again. TEMPO_SANITIZER=1 runs a third of the kills.
#include <signal.h>
#include <sys/wait.h>

#include <catch2/catch.hpp>

#include <chrono>
#include <cstdio>
#include <fstream>
#include <functional>
#include <iostream>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "store/store.h"
#include "support/daemon.h"
#include "support/fake_connections.h"
#include "support/fault_vfs.h"
#include "support/process.h"
#include "support/secrets_canary.h"
#include "support/seed.h"
#include "support/store_image.h"
#include "support/store_rows.h"
#include "support/temp_dir.h"

namespace {

using tempo::testing::FakeConnection;
using tempo::testing::HttpConnector;
using tempo::testing::ProcessResult;
using tempo::testing::SourceChange;
using tempo::testing::StoreImage;
using tempo::testing::TempDir;
using Clock = std::chrono::steady_clock;

const bool kNoProxy = (::setenv("no_proxy", "127.0.0.1,localhost", 1), true);

uint64_t Seed() { return tempo::testing::TestSeed(); }
bool UnderSanitizer() { return tempo::testing::UnderSanitizer(); }

// Kills of each kind a round makes (a third under sanitizers, at least one).
int Kills(int n) { return UnderSanitizer() ? std::max(1, n / 3) : n; }

struct KillCounts {
  int first_sync = 0, incremental = 0, commit_path = 0, full_refresh = 0;
  int before = 0, torn = 0, after = 0;  // commit-path kills by point
  int completed_early = 0;              // runs that ended before their kill came
  int total() const { return first_sync + incremental + commit_path + full_refresh; }
  std::string Describe() const {
    return std::to_string(total()) + " SIGKILLs (first sync " + std::to_string(first_sync) +
           ", incremental " + std::to_string(incremental) + ", commit path " +
           std::to_string(commit_path) + ", full refresh " + std::to_string(full_refresh) +
           "; at a commit: " + std::to_string(before) + " before its frame, " +
           std::to_string(torn) + " torn, " + std::to_string(after) + " after it); " +
           std::to_string(completed_early) + " runs ended before their kill";
  }
};

enum class Round { kFirstSync, kIncremental, kCommitPath, kFullRefresh };

const char* RoundName(Round r) {
  switch (r) {
    case Round::kFirstSync:
      return "first sync";
    case Round::kIncremental:
      return "incremental";
    case Round::kCommitPath:
      return "commit path";
    case Round::kFullRefresh:
      return "full refresh";
  }
  return "?";
}

// One store and its config, in a folder of its own (the canary scans the folder).
struct StoreSide {
  explicit StoreSide(const std::string& connections, const std::string& more = "")
      : db(dir.File("tempo.db")) {
    config = dir.Write("tempo.yaml", tempo::testing::TempoYaml(db, connections, more));
  }
  TempDir dir;
  std::string db;
  std::string config;
  int runs = 0;

  // The file of the current run's `ext` (".out", ".err", ".counts").
  std::string RunOutput(const std::string& ext) {
    return dir.File("run" + std::to_string(runs) + ext);
  }
};

// Drives the kill loop of one connection: a crash store whose runs are killed, a reference
// store whose runs are not, the same source for both.
class KillLoop {
 public:
  KillLoop(std::string connection, const std::string& connections_yaml,
           std::vector<std::string> env, uint64_t seed)
      : connection_(std::move(connection)),
        crash_(connections_yaml),
        reference_(connections_yaml),
        env_(std::move(env)),
        rng_(static_cast<std::mt19937::result_type>(seed)) {}

  StoreSide& crash() { return crash_; }
  StoreSide& reference() { return reference_; }
  std::mt19937& rng() { return rng_; }

  std::vector<std::string> Args(const StoreSide& side, bool full_refresh) const {
    std::vector<std::string> a = {tempo::testing::TempoBinary(),
                                  "-q",
                                  "-c",
                                  side.config,
                                  "sync",
                                  connection_,
                                  "--commit-records",
                                  "10"};
    if (full_refresh) a.push_back("--full-refresh");
    return a;
  }

  // One uninterrupted run; it must succeed. Counts its commits, and returns its duration.
  Clock::duration RunClean(StoreSide& side, bool full_refresh, long long* commits = nullptr) {
    ++side.runs;
    const std::string counts = side.RunOutput(".counts");
    std::vector<std::string> env = env_;
    for (const std::string& e :
         tempo::testing::FaultVfsEnv("store=" + side.db + " counts=" + counts)) {
      env.push_back(e);
    }
    const auto started = Clock::now();
    pid_t pid = tempo::testing::StartProcess(Args(side, full_refresh), side.RunOutput(".out"),
                                             side.RunOutput(".err"), env);
    ProcessResult r =
        tempo::testing::WaitProcess(pid, side.RunOutput(".out"), side.RunOutput(".err"));
    const auto took = Clock::now() - started;
    INFO("an uninterrupted run of " << connection_ << " on " << side.db << ":\n" << r.err);
    REQUIRE(r.exit_code == 0);
    if (commits != nullptr) *commits = tempo::testing::ReadFaultVfsCounts(counts).commits;
    return took;
  }

  // Starts a run of the crash store, kills it as `how` says, and waits for it. True when the
  // SIGKILL ended it; false when it ended by itself first (it must then have succeeded).
  bool KilledRun(bool full_refresh, std::chrono::microseconds delay,
                 const std::string& vfs_spec = "") {
    ++crash_.runs;
    std::vector<std::string> env = env_;
    if (!vfs_spec.empty()) {
      for (const std::string& e :
           tempo::testing::FaultVfsEnv("store=" + crash_.db + " " + vfs_spec)) {
        env.push_back(e);
      }
    }
    const std::string out = crash_.RunOutput(".out"), err = crash_.RunOutput(".err");
    pid_t pid = tempo::testing::StartProcess(Args(crash_, full_refresh), out, err, env);
    if (vfs_spec.empty()) {
      std::this_thread::sleep_for(delay);
      ::kill(pid, SIGKILL);
    }
    ProcessResult r = tempo::testing::WaitProcess(pid, out, err);
    if (r.signal == SIGKILL) return true;
    INFO("run " << crash_.runs << " of the crash store ended by itself: " << r.err);
    REQUIRE(r.exit_code == 0);
    ++counts_.completed_early;
    return false;
  }

  // Kills `n` runs of the crash store at random instants in [0, duration], changing the source
  // between some of them with `change` (when given), then runs it to completion.
  void KillAtRandom(int n, bool full_refresh, Clock::duration duration, int& counter,
                    const std::function<void()>& change) {
    long long span_us = std::max<long long>(
        std::chrono::duration_cast<std::chrono::microseconds>(duration).count(), 1000);
    const int goal = counter + n;
    for (int attempts = 0; counter < goal && attempts < 6 * n; ++attempts) {
      std::uniform_int_distribution<long long> at(0, span_us);
      if (KilledRun(full_refresh, std::chrono::microseconds(at(rng_)))) {
        ++counter;
      } else {
        // A resumed run has less left to do than the measured one: draw the next instant
        // from an earlier window.
        span_us = std::max<long long>(span_us / 2, 1000);
      }
      if (change && rng_() % 2 == 0) change();
    }
    CHECK(counter >= goal);
    RunClean(crash_, full_refresh);
  }

  // Kills `n` runs of the crash store at a commit drawn from [1, commits], at a point and a
  // delay drawn too, then runs it to completion.
  void KillAtCommits(int n, bool full_refresh, long long commits, int& counter,
                     const std::function<void()>& change) {
    long long last = std::max<long long>(commits, 1);
    std::uniform_int_distribution<int> point(0, 2), delay_us(0, 2000);
    const int goal = counter + n;
    for (int attempts = 0; counter < goal && attempts < 6 * n; ++attempts) {
      std::uniform_int_distribution<long long> which(1, last);
      const int p = point(rng_);
      const char* names[] = {"before", "torn", "after"};
      const std::string spec = "kill_commit=" + std::to_string(which(rng_)) + " kill=" + names[p] +
                               (p == 2 ? " delay_us=" + std::to_string(delay_us(rng_)) : "");
      if (KilledRun(full_refresh, {}, spec)) {
        ++counter;
        ++(p == 0 ? counts_.before : p == 1 ? counts_.torn : counts_.after);
      } else {
        // A resumed run makes fewer commits than the measured one: draw from fewer.
        last = std::max<long long>(last / 2, 1);
      }
      if (change && rng_() % 2 == 0) change();
    }
    CHECK(counter >= goal);
    RunClean(crash_, full_refresh);
  }

  // Both stores run once more, uninterrupted; then they must hold the same rows, and the crash
  // store must be sound.
  void SettleAndCompare(const std::string& when) {
    RunClean(crash_, false);
    RunClean(reference_, false);
    CheckSound(crash_.db);
    std::string error;
    const StoreImage expected = tempo::testing::ReadStoreImage(reference_.db, &error);
    REQUIRE(error.empty());
    const StoreImage actual = tempo::testing::ReadStoreImage(crash_.db, &error);
    REQUIRE(error.empty());
    INFO(connection_ << ", after the " << when << " round: the killed store against the "
                     << "uninterrupted one\n"
                     << tempo::testing::DescribeImageDifference(expected, actual));
    CHECK(tempo::testing::RowCount(expected) > 0);
    CHECK(actual == expected);
  }

  static void CheckSound(const std::string& db) {
    CHECK(tempo::testing::StoreRows(db, "PRAGMA integrity_check") ==
          std::vector<std::vector<std::string>>{{"ok"}});
    CHECK(tempo::testing::StoreScalar(db,
                                      "SELECT count(*) FROM sync_runs WHERE status = "
                                      "'running'") == 0);
  }

  KillCounts& counts() { return counts_; }

 private:
  std::string connection_;
  StoreSide crash_;
  StoreSide reference_;
  std::vector<std::string> env_;
  std::mt19937 rng_;
  KillCounts counts_;
};

// The whole loop for one HTTP connector; returns the kills it made.
KillCounts HttpKillLoop(HttpConnector id) {
  const uint64_t seed = Seed();
  const auto& spec = tempo::testing::SpecOf(id);
  INFO("kill loop of " << spec.name << ", seed " << seed << " (TEMPO_KILL_SEED=" << seed
                       << " repeats it)");
  const auto secrets = tempo::testing::NewSecrets(id);
  auto options = tempo::testing::FakeOptionsFor(id, secrets);
  // Two stores (two HTTP state files) share the one configured refresh token here: a
  // Crossbeam that rotates it would retire it for the other. Rotation is covered by the fault
  // matrix; a kill between a rotated token's issue and its persistence is reliability.md's.
  options.auth.crossbeam_rotate_refresh_tokens = false;
  auto started = tempo::fakes::FakeApiServer::Start(options);
  REQUIRE(started.ok());
  auto& server = **started;
  // A slow source (every data page takes a few ms), so kills land inside runs.
  tempo::fakes::FaultRule slow;
  slow.kind = tempo::fakes::FaultKind::kDelay;
  slow.delay_ms = 4;
  slow.times = -1;
  slow.path = spec.data_path;
  server.AddFault(slow);

  const FakeConnection conn = tempo::testing::ConnectionTo(id, server, secrets);
  KillLoop loop(conn.name, conn.yaml, conn.env, seed);
  auto& rng = loop.rng();
  // Between runs records are touched and added. Not on Mailchimp: a member added to a list
  // changes the counts of the list's sent campaigns (emails_sent, recipient_count) without
  // changing their cursor (create_time), so two stores that read a campaign before and after
  // it rightly differ; the round's changes (read by both stores) add members there.
  auto change_between_runs = [&] {
    const bool append = id != HttpConnector::kMailchimp && rng() % 2 == 0;
    tempo::testing::ChangeSource(id, server, append ? SourceChange::kAppend : SourceChange::kTouch,
                                 rng);
  };
  auto change_round = [&] {
    for (SourceChange c : {SourceChange::kTouch, SourceChange::kAppend, SourceChange::kArchive}) {
      tempo::testing::ChangeSource(id, server, c, rng);
    }
  };
  KillCounts& counts = loop.counts();

  // Marketo spaces its calls by its rate limit (100 per 20 s), so its runs take about a
  // second: it skips the incremental round at random instants (the commit-path round is
  // incremental too) and is killed less often in the first sync.
  const bool slow_runs = id == HttpConnector::kMarketo;
  for (Round round :
       {Round::kFirstSync, Round::kIncremental, Round::kCommitPath, Round::kFullRefresh}) {
    if (slow_runs && round == Round::kIncremental) continue;
    INFO("round: " << RoundName(round));
    if (round != Round::kFirstSync) change_round();
    const bool full = round == Round::kFullRefresh;
    long long commits = 0;
    const Clock::duration took = loop.RunClean(loop.reference(), full, &commits);
    switch (round) {
      case Round::kFirstSync:
        loop.KillAtRandom(Kills(slow_runs ? 2 : 3), false, took, counts.first_sync,
                          change_between_runs);
        break;
      case Round::kIncremental:
        loop.KillAtRandom(Kills(3), false, took, counts.incremental, change_between_runs);
        break;
      case Round::kCommitPath:
        loop.KillAtCommits(Kills(4), false, commits, counts.commit_path, change_between_runs);
        break;
      case Round::kFullRefresh:
        loop.KillAtRandom(Kills(2), true, took, counts.full_refresh, change_between_runs);
        loop.KillAtCommits(Kills(2), true, commits, counts.full_refresh, change_between_runs);
        break;
    }
    loop.SettleAndCompare(RoundName(round));
  }

  // A fresh store's one full read of the final source holds the same live rows.
  StoreSide fresh(conn.yaml);
  loop.RunClean(fresh, false);
  std::string error;
  const StoreImage expected =
      tempo::testing::LiveRows(tempo::testing::ReadStoreImage(fresh.db, &error));
  const StoreImage actual =
      tempo::testing::LiveRows(tempo::testing::ReadStoreImage(loop.crash().db, &error));
  {
    INFO(spec.name << ": the killed store's live rows against a fresh full read\n"
                   << tempo::testing::DescribeImageDifference(expected, actual));
    CHECK(actual == expected);
  }

  // No secret anywhere: output, logs, stores, side files, run records, /metrics.
  tempo::testing::SecretsCanary canary;
  conn.AddSecretsTo(canary);
  tempo::testing::AddIssuedTokens(server, canary);
  for (StoreSide* side : {&loop.crash(), &loop.reference(), &fresh}) {
    canary.ScanFolder(side->dir.path());
    canary.ScanRunRecords(side->db);
  }
  canary.ScanText("/metrics", tempo::testing::ScrapeMetrics(loop.crash().dir.path(),
                                                            loop.crash().config, conn.env));
  INFO(canary.findings().size() << " leaks");
  for (const std::string& f : canary.findings()) UNSCOPED_INFO(f);
  CHECK(canary.findings().empty());

  std::cout << "kill loop " << spec.name << " (seed " << seed << "): " << counts.Describe() << "\n";
  return counts;
}

// The file connector's source: a CSV of accounts the test rewrites between runs.
class AccountsCsv {
 public:
  AccountsCsv(std::string path, int rows) : path_(std::move(path)) {
    for (int i = 0; i < rows; ++i) Add();
    Write();
  }
  const std::string& path() const { return path_; }

  // Rewrites the file in place (truncated and written again, as an editor or an export does)
  // with `change` applied: a few rows modified (name, updated_at), added, or removed.
  void Rewrite(SourceChange change, std::mt19937& rng) {
    for (int n = 0; n < 5; ++n) {
      const size_t i = rng() % rows_.size();
      switch (change) {
        case SourceChange::kTouch:
          rows_[i].name = "Renamed " + std::to_string(++edits_) + " " + rows_[i].id;
          rows_[i].updated_at = Stamp(++clock_);
          break;
        case SourceChange::kAppend:
          Add();
          break;
        case SourceChange::kArchive:
          rows_.erase(rows_.begin() + static_cast<std::ptrdiff_t>(i));
          break;
      }
    }
    Write();
  }

 private:
  struct Row {
    std::string id, name, site, updated_at;
  };
  static std::string Stamp(int n) {
    char ts[40];
    std::snprintf(ts, sizeof ts, "2026-%02d-%02dT%02d:%02d:%02dZ", 1 + n / 2678400 % 12,
                  1 + n / 86400 % 28, n / 3600 % 24, n / 60 % 60, n % 60);
    return ts;
  }
  void Add() {
    const int i = next_++;
    rows_.push_back({"A" + std::to_string(100000 + i),
                     i % 7 == 0 ? "\"Quote \"\"" + std::to_string(i) + "\"\", Inc.\""
                                : "Company " + std::to_string(i),
                     "company" + std::to_string(i) + ".example", Stamp(++clock_)});
  }
  void Write() const {
    std::string csv = "account_id,name,website,updated_at\n";
    for (const Row& r : rows_)
      csv += r.id + "," + r.name + "," + r.site + "," + r.updated_at + "\n";
    std::ofstream(path_, std::ios::binary | std::ios::trunc) << csv;
  }

  std::string path_;
  std::vector<Row> rows_;
  int next_ = 0, clock_ = 1000, edits_ = 0;
};

// A store value, or "" while the store cannot answer (not created yet, busy).
std::string TryQueryOne(const std::string& db, const std::string& sql) {
  auto opened = tempo::store::OpenStoreReadOnly(db);
  if (!opened.ok()) return "";
  auto stmt = (*opened)->Prepare(sql);
  if (!stmt.ok()) return "";
  auto row = stmt->Step();
  if (!row.ok() || !*row) return "";
  return stmt->Text(0);
}

}  // namespace

// One ctest entry per connector, so `ctest -j2` spreads them; each makes 14 kills (Marketo 10;
// a third under sanitizers): 94, with the file connector's 12 and the daemon's 5 below, 111.
TEST_CASE("kill loop: hubspot, source changing between runs, ends equal to uninterrupted runs") {
  CHECK(HttpKillLoop(HttpConnector::kHubSpot).total() >= Kills(12));
}
TEST_CASE("kill loop: salesforce, source changing between runs, ends equal to uninterrupted runs") {
  CHECK(HttpKillLoop(HttpConnector::kSalesforce).total() >= Kills(12));
}
TEST_CASE("kill loop: marketo, source changing between runs, ends equal to uninterrupted runs") {
  CHECK(HttpKillLoop(HttpConnector::kMarketo).total() >= Kills(10));
}
TEST_CASE("kill loop: mailchimp, source changing between runs, ends equal to uninterrupted runs") {
  CHECK(HttpKillLoop(HttpConnector::kMailchimp).total() >= Kills(12));
}
TEST_CASE("kill loop: crossbeam, source changing between runs, ends equal to uninterrupted runs") {
  CHECK(HttpKillLoop(HttpConnector::kCrossbeam).total() >= Kills(12));
}
TEST_CASE(
    "kill loop: partnerstack, source changing between runs, ends equal to uninterrupted runs") {
  CHECK(HttpKillLoop(HttpConnector::kPartnerStack).total() >= Kills(12));
}
TEST_CASE("kill loop: impartner, source changing between runs, ends equal to uninterrupted runs") {
  CHECK(HttpKillLoop(HttpConnector::kImpartner).total() >= Kills(12));
}

TEST_CASE("kill loop: file, the file rewritten between runs, ends equal to uninterrupted runs") {
  const uint64_t seed = Seed();
  INFO("kill loop of file, seed " << seed << " (TEMPO_KILL_SEED=" << seed << " repeats it)");
  TempDir source;
  AccountsCsv csv(source.File("accounts.csv"), 12000);  // 12 pages of 1,000 rows
  const std::string connection =
      "  - name: files\n    plugin: file\n    config:\n      streams:\n"
      "        - {name: accounts, path: " +
      csv.path() +
      ", entity: account, id: account_id, updated_at: updated_at, columns: {name: name, "
      "domain: website}}\n";
  KillLoop loop("files", connection, {}, seed);
  auto& rng = loop.rng();
  KillCounts& counts = loop.counts();
  auto change_between_runs = [&] {
    csv.Rewrite(rng() % 2 ? SourceChange::kTouch : SourceChange::kAppend, rng);
  };
  for (Round round : {Round::kFirstSync, Round::kIncremental, Round::kFullRefresh}) {
    INFO("round: " << RoundName(round));
    if (round != Round::kFirstSync) {
      for (SourceChange c : {SourceChange::kTouch, SourceChange::kAppend, SourceChange::kArchive}) {
        csv.Rewrite(c, rng);
      }
    }
    const bool full = round == Round::kFullRefresh;
    long long commits = 0;
    const Clock::duration took = loop.RunClean(loop.reference(), full, &commits);
    int& counter = round == Round::kFirstSync     ? counts.first_sync
                   : round == Round::kIncremental ? counts.incremental
                                                  : counts.full_refresh;
    loop.KillAtRandom(Kills(2), full, took, counter, change_between_runs);
    loop.KillAtCommits(Kills(2), full, commits,
                       round == Round::kIncremental ? counts.commit_path : counter,
                       change_between_runs);
    loop.SettleAndCompare(RoundName(round));
  }
  std::cout << "kill loop file (seed " << seed << "): " << counts.Describe() << "\n";
  CHECK(counts.total() >= Kills(12));
}

// The kernel sends a dying daemon's children their parent-death signal once for each of the
// daemon's threads it passes them through (the metrics server runs its own): a sync must take
// the repeats as one stop request, stop at a page and record itself cancelled, not die on the
// second signal (which `tempo sync` keeps for a person's second Ctrl-C).
TEST_CASE("a sync given the parent-death signal again and again stops at a page, cancelled") {
  const HttpConnector id = HttpConnector::kHubSpot;
  const auto secrets = tempo::testing::NewSecrets(id);
  auto started = tempo::fakes::FakeApiServer::Start(tempo::testing::FakeOptionsFor(id, secrets));
  REQUIRE(started.ok());
  tempo::fakes::FaultRule slow;
  slow.kind = tempo::fakes::FaultKind::kDelay;
  slow.delay_ms = 20;
  slow.times = -1;
  slow.path = tempo::testing::SpecOf(id).data_path;
  (*started)->AddFault(slow);
  const auto conn = tempo::testing::ConnectionTo(id, **started, secrets);
  StoreSide side(conn.yaml);
  const std::string out = side.dir.File("sync.out"), err = side.dir.File("sync.err");
  pid_t pid = tempo::testing::StartProcess(
      {tempo::testing::TempoBinary(), "-c", side.config, "sync", conn.name}, out, err, conn.env);
  REQUIRE(tempo::testing::WaitUntil(
      [&] {
        return TryQueryOne(side.db, "SELECT count(*) FROM sync_runs WHERE status = 'running'") ==
               "1";
      },
      std::chrono::seconds(20)));
  for (int i = 0; i < 3; ++i) ::kill(pid, SIGHUP);  // what PR_SET_PDEATHSIG delivers
  ProcessResult r = tempo::testing::WaitProcess(pid, out, err);
  INFO(r.err);
  CHECK(r.signal == 0);
  CHECK(r.exit_code == 128 + SIGHUP);
  CHECK(TryQueryOne(side.db, "SELECT status FROM sync_runs") == "cancelled");
  KillLoop::CheckSound(side.db);
}

TEST_CASE("kill loop: the daemon killed with SIGKILL mid-run and restarted ends equal") {
  const uint64_t seed = Seed();
  INFO("daemon kill loop, seed " << seed << " (TEMPO_KILL_SEED=" << seed << " repeats it)");
  const HttpConnector id = HttpConnector::kHubSpot;
  const auto secrets = tempo::testing::NewSecrets(id);
  auto started = tempo::fakes::FakeApiServer::Start(tempo::testing::FakeOptionsFor(id, secrets));
  REQUIRE(started.ok());
  auto& server = **started;
  tempo::fakes::FaultRule slow;
  slow.kind = tempo::fakes::FaultKind::kDelay;
  slow.delay_ms = 15;
  slow.times = -1;
  slow.path = tempo::testing::SpecOf(id).data_path;
  server.AddFault(slow);
  // The daemon's store runs the connection every second; the reference store is synced by hand.
  const auto scheduled =
      tempo::testing::ConnectionTo(id, server, secrets, "    schedule: every 1s\n");
  const auto by_hand = tempo::testing::ConnectionTo(id, server, secrets);
  StoreSide daemon_side(scheduled.yaml,
                        "scheduler:\n  retry: {max_attempts: 100, initial_backoff: 1s, "
                        "max_backoff: 1s}\n");
  KillLoop loop(scheduled.name, by_hand.yaml, scheduled.env, seed);
  auto& rng = loop.rng();
  loop.RunClean(loop.reference(), false);

  const std::string& db = daemon_side.db;
  auto running = [&] {
    return TryQueryOne(db, "SELECT count(*) FROM sync_runs WHERE status = 'running'");
  };
  auto max_run = [&] {
    return std::atoll(TryQueryOne(db, "SELECT coalesce(max(id), 0) FROM sync_runs").c_str());
  };
  std::string metrics;
  int kills = 0, mid_run = 0;
  for (int i = 0; i < Kills(5); ++i) {
    const long long before = max_run();
    tempo::testing::DaemonProcess daemon(daemon_side.dir.path(), daemon_side.config, scheduled.env);
    // A run of its own has started (and recorded itself): kill the daemon some time into it.
    REQUIRE(tempo::testing::WaitUntil([&] { return max_run() > before && running() == "1"; },
                                      std::chrono::seconds(20)));
    if (metrics.empty()) {
      const int port = daemon.Port();
      if (port > 0) metrics = tempo::testing::LoopbackGet(port, "/metrics").body;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(rng() % 250));
    ProcessResult killed = daemon.Stop(SIGKILL);
    CHECK(killed.signal == SIGKILL);
    ++kills;
    // Its sync got the parent-death signal from the kernel and stops at a page, cancelled.
    CHECK(tempo::testing::WaitUntil([&] { return running() == "0"; }, std::chrono::seconds(20)));
    // (Or it finished before the kill came.) Never 'interrupted': it recorded its end itself.
    const std::string status =
        TryQueryOne(db, "SELECT status FROM sync_runs ORDER BY id DESC LIMIT 1");
    CHECK((status == "cancelled" || status == "succeeded"));
    if (status == "cancelled") ++mid_run;
    tempo::testing::ChangeSource(id, server,
                                 rng() % 2 ? SourceChange::kTouch : SourceChange::kAppend, rng);
  }
  {
    // Restarted for good: it runs the connection to the end.
    const long long before = max_run();
    tempo::testing::DaemonProcess daemon(daemon_side.dir.path(), daemon_side.config, scheduled.env);
    CHECK(tempo::testing::WaitUntil(
        [&] {
          return std::atoll(TryQueryOne(db,
                                        "SELECT count(*) FROM sync_runs WHERE status = "
                                        "'succeeded' AND id > " +
                                            std::to_string(before))
                                .c_str()) > 0;
        },
        std::chrono::seconds(30)));
    ProcessResult stopped = daemon.Stop(SIGTERM);
    CHECK(stopped.exit_code == 0);
  }
  CHECK(TryQueryOne(db, "SELECT count(*) FROM sync_runs WHERE status = 'cancelled'") != "0");

  // Both stores once more by hand, then equal row for row.
  loop.RunClean(loop.reference(), false);
  ProcessResult last = tempo::testing::RunProcess(
      {tempo::testing::TempoBinary(), "-q", "-c", daemon_side.config, "sync", scheduled.name},
      daemon_side.dir.path(), scheduled.env);
  INFO(last.err);
  REQUIRE(last.exit_code == 0);
  KillLoop::CheckSound(db);
  std::string error;
  const StoreImage expected = tempo::testing::ReadStoreImage(loop.reference().db, &error);
  const StoreImage actual = tempo::testing::ReadStoreImage(db, &error);
  {
    INFO("the daemon's store against the uninterrupted one\n"
         << tempo::testing::DescribeImageDifference(expected, actual));
    CHECK(tempo::testing::RowCount(expected) > 0);
    CHECK(actual == expected);
  }
  tempo::testing::SecretsCanary canary;
  scheduled.AddSecretsTo(canary);
  tempo::testing::AddIssuedTokens(server, canary);
  canary.ScanFolder(daemon_side.dir.path());
  canary.ScanFolder(loop.reference().dir.path());
  canary.ScanRunRecords(db);
  CHECK_FALSE(metrics.empty());
  canary.ScanText("/metrics of the running daemon", metrics);
  for (const std::string& f : canary.findings()) UNSCOPED_INFO("leak: " << f);
  CHECK(canary.findings().empty());
  std::cout << "kill loop daemon (seed " << seed << "): " << kills
            << " SIGKILLs of tempo run while its sync ran, each restarted (" << mid_run
            << " syncs stopped cancelled, the others had just finished)\n";
  CHECK(kills >= Kills(5));
  if (kills >= 3) CHECK(mid_run >= 1);
}
