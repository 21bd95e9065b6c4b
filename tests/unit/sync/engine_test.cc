// The sync engine against the real SQLite store and the synthetic plugin loaded through the
// SDK: commits coalesce, failures keep the store at the last commit, resumes add no
// duplicates, full refresh deletes only when it completes, rejects are counted and sampled.
#include <catch2/catch.hpp>

#include <thread>

#include "plugin/connector.h"
#include "plugin/loader.h"
#include "store/store.h"
#include "store/sync_store.h"
#include "support/store_query.h"
#include "support/temp_dir.h"
#include "sync/engine.h"

namespace {

using tempo::testing::QueryInt;
using tempo::testing::QueryText;
using tempo::testing::TempDir;

const tempo::plugin::Plugin& Synthetic() {
  auto p =
      tempo::plugin::FindPlugin({std::string(TEMPO_BINARY_DIR) + "/test-plugins"}, "synthetic");
  REQUIRE(p.ok());
  return **p;
}

struct Fixture {
  TempDir dir;
  std::unique_ptr<tempo::store::Db> db;
  Fixture() {
    auto opened = tempo::store::OpenStore(dir.File("tempo.db"));
    REQUIRE(opened.ok());
    db = std::move(opened).value();
  }
  tempo::sync::SyncResult Run(const std::string& config, tempo::sync::SyncOptions options = {}) {
    auto connector = tempo::plugin::Connector::Open(Synthetic(), "syn", config);
    REQUIRE(connector.ok());
    tempo::store::SyncStore dest(*db, "syn", /*keep_raw=*/true);
    options.connection = "syn";
    auto result = tempo::sync::RunSync(**connector, dest, options);
    REQUIRE(result.ok());
    return std::move(result).value();
  }
};

}  // namespace

TEST_CASE("a full sync lands every record once, with coalesced commits") {
  Fixture f;
  tempo::sync::SyncOptions options;
  options.commit_records = 1000;
  options.commit_interval = std::chrono::hours(1);
  auto r = f.Run(R"({"records": 5000, "page_size": 100})", options);
  CHECK(r.summary.status == "succeeded");
  CHECK(r.summary.records == 5000);
  CHECK(r.summary.pages == 50);
  // 5 threshold commits of 1000 records, then the end-of-stream commit.
  CHECK(r.summary.commits == 6);
  CHECK(QueryInt(*f.db, "SELECT COUNT(*) FROM lead") == 5000);
  CHECK(QueryInt(*f.db, "SELECT COUNT(DISTINCT source_id) FROM lead") == 5000);
  CHECK(QueryInt(*f.db, "SELECT COUNT(*) FROM raw_records WHERE entity = 'lead'") == 5000);
  CHECK(QueryText(*f.db, "SELECT state_json FROM sync_state WHERE stream = 'leads'") ==
        R"({"next":5000})");
  CHECK(QueryText(*f.db, "SELECT status FROM sync_runs WHERE id = " + std::to_string(r.run_id)) ==
        "succeeded");
  CHECK(QueryText(*f.db, "SELECT company FROM lead WHERE source_id = 'L00000007'") ==
        "Company \"7\" GmbH");
  // The run record says how long the commits took and how long the plugin waited for them.
  const std::string id = std::to_string(r.run_id);
  CHECK(QueryInt(*f.db,
                 "SELECT json_extract(streams_json, '$.leads.commits') FROM sync_runs "
                 "WHERE id = " +
                     id) == 6);
  const int64_t commit_ms = QueryInt(
      *f.db,
      "SELECT json_extract(streams_json, '$.leads.commit_ms') FROM sync_runs WHERE id = " + id);
  const int64_t wait_ms = QueryInt(
      *f.db,
      "SELECT json_extract(streams_json, '$.leads.commit_wait_ms') FROM sync_runs WHERE id = " +
          id);
  for (const char* key : {"commit_ms", "commit_wait_ms"}) {
    CHECK(QueryText(*f.db, std::string("SELECT json_type(streams_json, '$.leads.") + key +
                               "') FROM sync_runs WHERE id = " + id) == "integer");
  }
  CHECK(commit_ms >= 0);
  CHECK(wait_ms >= 0);
  CHECK(commit_ms <= QueryInt(*f.db, "SELECT duration_ms FROM sync_runs WHERE id = " + id));
}

TEST_CASE("a failed run keeps the store at its last commit and the next run resumes there") {
  Fixture f;
  tempo::sync::SyncOptions options;
  options.commit_records = 1000;
  options.commit_interval = std::chrono::hours(1);
  // Fails after 25 pages: 2000 records were committed at the threshold, and the 500 up to the
  // last checkpoint are kept with that checkpoint's state when the run fails.
  auto failed = f.Run(R"({"records": 5000, "page_size": 100, "fail_after_pages": 25})", options);
  CHECK(failed.summary.status == "failed");
  CHECK_THAT(failed.summary.error, Catch::Contains("injected failure after 25 pages"));
  CHECK(QueryInt(*f.db, "SELECT COUNT(*) FROM lead") == 2500);
  CHECK(QueryText(*f.db, "SELECT state_json FROM sync_state") == R"({"next":2500})");
  CHECK(QueryText(*f.db, "SELECT status FROM sync_runs WHERE id = " +
                             std::to_string(failed.run_id)) == "failed");

  auto resumed = f.Run(R"({"records": 5000, "page_size": 100})", options);
  CHECK(resumed.summary.status == "succeeded");
  CHECK(resumed.summary.records == 2500);  // resumed at 2500, not from the start
  CHECK(QueryInt(*f.db, "SELECT COUNT(*) FROM lead") == 5000);
  CHECK(QueryInt(*f.db, "SELECT COUNT(DISTINCT source_id) FROM lead") == 5000);
}

TEST_CASE("records emitted after the last checkpoint of a failed run are not committed") {
  Fixture f;
  tempo::sync::SyncOptions options;
  options.commit_records = 100000;
  options.commit_interval = std::chrono::hours(1);
  // Pages 1-3 are checkpointed; page 4 is emitted, then the read fails before its checkpoint.
  auto r = f.Run(R"({"records": 1000, "page_size": 100, "fail_before_checkpoint": 4})", options);
  CHECK(r.summary.status == "failed");
  CHECK(QueryInt(*f.db, "SELECT COUNT(*) FROM lead") == 300);
  CHECK(QueryInt(*f.db, "SELECT COUNT(*) FROM lead WHERE source_id >= 'L00000300'") == 0);
  CHECK(QueryInt(*f.db, "SELECT COUNT(*) FROM raw_records") == 300);
  CHECK(QueryText(*f.db, "SELECT state_json FROM sync_state") == R"({"next":300})");
}

TEST_CASE("rejects commit with the records of their checkpoint: a failed run's are kept once") {
  Fixture f;
  tempo::sync::SyncOptions options;
  options.commit_records = 100000;
  options.commit_interval = std::chrono::hours(1);
  options.max_reject_ratio = 1;
  // Every page of 100 has 10 plugin rejects and 10 store rejects. Pages 1-3 are checkpointed;
  // page 4's records and rejects are emitted, then the read fails before its checkpoint.
  const std::string config =
      R"({"records": 1000, "page_size": 100, "reject_every": 10, "reject_rows_every": 10)";
  auto r = f.Run(config + R"(, "fail_before_checkpoint": 4})", options);
  CHECK(r.summary.status == "failed");
  CHECK(r.summary.rejects == 60);
  CHECK(QueryInt(*f.db, "SELECT COUNT(*) FROM rejected_records") == 60);
  CHECK(QueryInt(*f.db, "SELECT COUNT(*) FROM rejected_records WHERE source_id >= 'L00000300'") ==
        0);
  CHECK(QueryInt(*f.db,
                 "SELECT COUNT(*) FROM rejected_records WHERE entity IS NULL AND "
                 "raw_record LIKE '{\"id\":\"L%'") == 30);  // the plugin's, with the row
  auto resumed = f.Run(config + "}", options);
  CHECK(resumed.summary.status == "succeeded");
  CHECK(QueryInt(*f.db, "SELECT COUNT(*) FROM rejected_records") == 200);
  CHECK(QueryInt(*f.db, "SELECT COUNT(DISTINCT source_id) FROM rejected_records") == 200);
  CHECK(QueryInt(*f.db, "SELECT COUNT(*) FROM lead") == 800);
}

TEST_CASE("too many rejects fail a run that otherwise succeeded, and what it accepted stays") {
  Fixture f;
  auto r = f.Run(R"({"records": 1000, "page_size": 100, "reject_every": 50})");  // 2 %
  CHECK(r.summary.status == "failed");
  CHECK_THAT(r.summary.error, Catch::StartsWith("20 of 1000 records were rejected (2 %), more "
                                                "than the 1 % allowed"));
  CHECK(QueryInt(*f.db, "SELECT COUNT(*) FROM lead") == 980);
  CHECK(QueryText(*f.db, "SELECT state_json FROM sync_state") == R"({"next":1000})");
}

TEST_CASE("a completed full refresh soft-deletes unseen rows, a failed one deletes nothing") {
  Fixture f;
  tempo::sync::SyncOptions full;
  full.full_refresh = true;
  f.Run(R"({"records": 300, "page_size": 50})", full);
  CHECK(QueryInt(*f.db, "SELECT COUNT(*) FROM lead WHERE deleted_at IS NULL") == 300);

  auto failed =
      f.Run(R"({"records": 300, "page_size": 50, "skip_from": 200, "fail_after_pages": 3})", full);
  CHECK(failed.summary.status == "failed");
  CHECK(QueryInt(*f.db, "SELECT COUNT(*) FROM lead WHERE deleted_at IS NOT NULL") == 0);

  // The interrupted refresh resumes (not restarts) and, once complete, deletes the 100 rows the
  // source no longer has.
  auto done = f.Run(R"({"records": 300, "page_size": 50, "skip_from": 200})", full);
  CHECK(done.summary.status == "succeeded");
  CHECK(QueryInt(*f.db, "SELECT COUNT(*) FROM lead WHERE deleted_at IS NOT NULL") == 100);
  CHECK(QueryText(*f.db, "SELECT MIN(source_id) FROM lead WHERE deleted_at IS NOT NULL") ==
        "L00000200");
  CHECK(QueryInt(*f.db, "SELECT COUNT(*) FROM sync_state WHERE refresh_run_id IS NOT NULL") == 0);
}

TEST_CASE("streams sharing an entity: a full refresh soft-deletes only the rows its stream owns") {
  Fixture f;
  tempo::sync::SyncOptions full;
  full.full_refresh = true;
  auto first = f.Run(R"({"records": 300, "page_size": 50, "partner_leads": true})", full);
  REQUIRE(first.summary.status == "succeeded");
  CHECK(QueryInt(*f.db, "SELECT COUNT(*) FROM lead WHERE deleted_at IS NULL") == 600);

  // partner_leads alone, 100 records fewer: only its own rows ("P:...") go.
  tempo::sync::SyncOptions partner_only = full;
  partner_only.streams = {{"partner_leads", ""}};
  auto partner = f.Run(R"({"records": 300, "page_size": 50, "partner_leads": true,
                           "skip_from": 200})",
                       partner_only);
  REQUIRE(partner.summary.status == "succeeded");
  CHECK(partner.summary.deletes == 100);
  CHECK(QueryInt(*f.db,
                 "SELECT COUNT(*) FROM lead WHERE deleted_at IS NOT NULL AND source_id LIKE "
                 "'P:%' AND source_id >= 'P:L00000200'") == 100);
  CHECK(QueryInt(*f.db,
                 "SELECT COUNT(*) FROM lead WHERE deleted_at IS NULL AND source_id NOT LIKE "
                 "'P:%'") == 300);

  // leads alone, 50 fewer: only unprefixed rows go; the partner rows stay as they were.
  tempo::sync::SyncOptions leads_only = full;
  leads_only.streams = {{"leads", ""}};
  auto leads = f.Run(R"({"records": 300, "page_size": 50, "partner_leads": true,
                         "skip_from": 250})",
                     leads_only);
  REQUIRE(leads.summary.status == "succeeded");
  CHECK(leads.summary.deletes == 50);
  CHECK(QueryInt(*f.db,
                 "SELECT COUNT(*) FROM lead WHERE deleted_at IS NULL AND "
                 "source_id LIKE 'P:%'") == 200);
  CHECK(QueryInt(*f.db,
                 "SELECT COUNT(*) FROM lead WHERE deleted_at IS NULL AND "
                 "source_id NOT LIKE 'P:%'") == 250);
}

// One stream's failure (here an endpoint unavailable after its retries) does not starve the
// others: they are read, what the failed stream committed stays, and the run ends failed naming
// it, with each stream's status and error in the run record.
TEST_CASE("one stream's failure does not stop the others: they are read, and the run fails") {
  Fixture f;
  auto r = f.Run(R"({"records": 500, "page_size": 100, "partner_leads": true,
                     "fail_after_pages": 2, "fail_stream": "leads"})");
  CHECK(r.summary.status == "failed");
  CHECK_THAT(r.summary.error,
             Catch::StartsWith("1 of 2 streams failed ('leads'; the other was read): ") &&
                 Catch::Contains("injected failure after 2 pages"));
  // partner_leads, read after leads failed: every record. leads: its two checkpointed pages.
  CHECK(QueryInt(*f.db, "SELECT COUNT(*) FROM lead WHERE source_id LIKE 'P:%'") == 500);
  CHECK(QueryInt(*f.db, "SELECT COUNT(*) FROM lead WHERE source_id NOT LIKE 'P:%'") == 200);
  CHECK(QueryText(*f.db,
                  "SELECT json_extract(streams_json, '$.leads.status') || '|' || "
                  "json_extract(streams_json, '$.partner_leads.status') FROM sync_runs") ==
        "failed|succeeded");
  CHECK_THAT(QueryText(*f.db, "SELECT json_extract(streams_json, '$.leads.error') FROM sync_runs"),
             Catch::Contains("injected failure after 2 pages"));

  // The next run resumes the failed stream where it stopped; the other has nothing new.
  auto next = f.Run(R"({"records": 500, "page_size": 100, "partner_leads": true})");
  CHECK(next.summary.status == "succeeded");
  CHECK(next.summary.records == 300);
  CHECK(QueryInt(*f.db, "SELECT COUNT(*) FROM lead") == 1000);
}

TEST_CASE("a spent quota or a cancel still ends the run at once: the next streams wait") {
  Fixture f;
  auto r = f.Run(R"({"records": 500, "page_size": 100, "partner_leads": true,
                     "quota_after_pages": 2})");
  CHECK(r.summary.status == "deferred");
  CHECK(QueryInt(*f.db, "SELECT COUNT(*) FROM lead WHERE source_id LIKE 'P:%'") == 0);
  CHECK(QueryText(*f.db, "SELECT json_extract(streams_json, '$.leads.status') FROM sync_runs") ==
        "stopped");
}

TEST_CASE("a stream that chooses its rows by a column its entity lacks is refused") {
  Fixture f;
  auto r = f.Run(R"({"records": 10, "partner_leads": true, "owns_column": "nope"})");
  CHECK(r.summary.status == "failed");
  CHECK_THAT(r.summary.error, Catch::Contains("stream 'leads'") && Catch::Contains("'nope'") &&
                                  Catch::Contains("'lead'"));
  CHECK(QueryInt(*f.db, "SELECT COUNT(*) FROM lead") == 0);
}

TEST_CASE("a rejected saved position restarts the stream as a full refresh in the same run") {
  Fixture f;
  auto first = f.Run(R"({"records": 300, "page_size": 50})");  // incremental: state next=300
  REQUIRE(first.summary.status == "succeeded");
  REQUIRE(QueryText(*f.db, "SELECT state_json FROM sync_state") == R"({"next":300})");

  // The source refuses the saved position and has lost 100 records: the restarted full refresh
  // reads the 200 and soft-deletes the 100, instead of leaving a silent gap.
  auto restarted =
      f.Run(R"({"records": 300, "page_size": 50, "skip_from": 200, "reject_saved_state": true})");
  CHECK(restarted.summary.status == "succeeded");
  CHECK(restarted.summary.records == 200);
  CHECK(restarted.summary.deletes == 100);
  CHECK(QueryInt(*f.db, "SELECT COUNT(*) FROM lead WHERE deleted_at IS NOT NULL") == 100);
  CHECK(QueryText(*f.db, "SELECT state_json FROM sync_state") == R"({"next":200})");
  CHECK(QueryInt(*f.db, "SELECT COUNT(*) FROM sync_state WHERE refresh_run_id IS NOT NULL") == 0);
  const std::string id = std::to_string(restarted.run_id);
  CHECK(QueryText(*f.db,
                  "SELECT json_extract(streams_json, '$.leads.mode') FROM sync_runs "
                  "WHERE id = " +
                      id) == "full_refresh");
  CHECK_THAT(QueryText(*f.db,
                       "SELECT json_extract(streams_json, '$.leads.restarted') FROM "
                       "sync_runs WHERE id = " +
                           id),
             Catch::Contains("no longer accepts the saved position"));

  // A connector that asks again from the refresh it asked for fails the run: no loop.
  auto looping = f.Run(R"({"records": 300, "page_size": 50, "reject_any_state": true})");
  CHECK(looping.summary.status == "failed");
  CHECK_THAT(looping.summary.error, Catch::Contains("again"));
  CHECK(QueryInt(*f.db, "SELECT COUNT(*) FROM lead WHERE deleted_at IS NOT NULL") == 100);
  CHECK(QueryText(*f.db, "SELECT state_json FROM sync_state") == R"({"next":200})");
}

TEST_CASE("a first full refresh deletes nothing, and the next one on the same store deletes") {
  Fixture f;
  f.Run(R"({"records": 120, "page_size": 50})");  // connection "syn": not "other"'s rows
  tempo::sync::SyncOptions full;
  full.full_refresh = true;
  full.connection = "other";
  // One SyncStore for both runs: what it learns about a table in one run must not carry over.
  tempo::store::SyncStore dest(*f.db, "other", /*keep_raw=*/true);
  auto run = [&](const std::string& config) {
    auto connector = tempo::plugin::Connector::Open(Synthetic(), "other", config);
    REQUIRE(connector.ok());
    auto result = tempo::sync::RunSync(**connector, dest, full);
    REQUIRE(result.ok());
    return std::move(result).value();
  };
  auto first = run(R"({"records": 300, "page_size": 50})");
  CHECK(first.summary.status == "succeeded");
  CHECK(first.summary.deletes == 0);
  CHECK(QueryInt(*f.db,
                 "SELECT COUNT(*) FROM lead WHERE connection = 'other' AND "
                 "deleted_at IS NULL") == 300);

  auto second = run(R"({"records": 300, "page_size": 50, "skip_from": 200})");
  CHECK(second.summary.status == "succeeded");
  CHECK(second.summary.deletes == 100);
  CHECK(QueryInt(*f.db,
                 "SELECT COUNT(*) FROM lead WHERE connection = 'other' AND "
                 "deleted_at IS NOT NULL") == 100);
  CHECK(QueryInt(*f.db,
                 "SELECT COUNT(*) FROM lead WHERE connection = 'syn' AND "
                 "deleted_at IS NULL") == 120);
}

TEST_CASE("records the model cannot hold are counted rejects with samples, not failures") {
  Fixture f;
  auto r = f.Run(R"({"records": 1000, "page_size": 100, "reject_every": 100})");
  CHECK(r.summary.status == "succeeded");
  CHECK(r.summary.rejects == 10);
  CHECK(r.summary.records == 990);
  CHECK(QueryInt(*f.db, "SELECT COUNT(*) FROM lead") == 990);
  CHECK_THAT(r.summary.reject_samples_json, Catch::Contains("L00000099"));
  CHECK_THAT(r.summary.reject_samples_json, Catch::Contains("given twice"));
  CHECK(QueryInt(*f.db, "SELECT rejects FROM sync_runs WHERE id = " + std::to_string(r.run_id)) ==
        10);
}

TEST_CASE("a cancelled run ends cancelled at its last commit") {
  Fixture f;
  std::atomic<bool> cancel{true};
  tempo::sync::SyncOptions options;
  options.cancel = &cancel;
  auto r = f.Run(R"({"records": 1000, "page_size": 100})", options);
  CHECK(r.summary.status == "cancelled");
  CHECK(QueryInt(*f.db, "SELECT COUNT(*) FROM lead") == 0);
}

TEST_CASE("an unknown stream fails the run with the streams that exist") {
  Fixture f;
  tempo::sync::SyncOptions options;
  options.streams = {{"nope", ""}};
  auto r = f.Run(R"({"records": 10})", options);
  CHECK(r.summary.status == "failed");
  CHECK_THAT(r.summary.error, Catch::Contains("unknown stream 'nope'"));
  CHECK_THAT(r.summary.error, Catch::Contains("leads"));
}

TEST_CASE("a sync never holds the store's write lock while its plugin waits for data") {
  TempDir dir;
  std::string path = dir.File("tempo.db");
  auto run = [&](const std::string& connection, const std::string& config) {
    auto db = tempo::store::OpenStore(path);
    REQUIRE(db.ok());
    auto connector = tempo::plugin::Connector::Open(Synthetic(), connection, config);
    REQUIRE(connector.ok());
    tempo::store::SyncStore dest(**db, connection, true);
    tempo::sync::SyncOptions options;
    options.connection = connection;
    auto result = tempo::sync::RunSync(**connector, dest, options);
    REQUIRE(result.ok());
    return result->summary.status;
  };
  // A slow source: 6 pages, 300 ms apart (longer than a second in all).
  std::string slow_status;
  std::thread slow([&] {
    slow_status = run("slow", R"({"records": 600, "page_size": 100, "sleep_ms_per_page": 300})");
  });
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  auto start = std::chrono::steady_clock::now();
  CHECK(run("fast", R"({"records": 5000, "page_size": 100})") == "succeeded");
  auto fast_ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                     std::chrono::steady_clock::now() - start)
                     .count();
  slow.join();
  CHECK(slow_status == "succeeded");
  // The fast sync does not wait for the slow one's pages (which take 1.8 s).
  CHECK(fast_ms < 1000);
}

namespace {

// The real store, except that commit number `fail_commit` fails like a full disk would.
class FailingCommits : public tempo::sync::Destination {
 public:
  FailingCommits(tempo::sync::Destination& inner, int fail_commit)
      : inner_(inner), fail_commit_(fail_commit) {}
  tempo::Result<int64_t> BeginRun(const tempo::sync::RunInfo& info) override {
    return inner_.BeginRun(info);
  }
  tempo::Result<tempo::sync::StreamState> LoadState(std::string_view stream) override {
    return inner_.LoadState(stream);
  }
  tempo::Status Begin() override { return inner_.Begin(); }
  tempo::Status Write(const tempo_record& record, std::string* reject) override {
    return inner_.Write(record, reject);
  }
  tempo::Status WriteReject(const tempo::sync::Reject& reject) override {
    return inner_.WriteReject(reject);
  }
  tempo::Status CheckScope(std::string_view entity, const tempo::sync::RowScope& scope) override {
    return inner_.CheckScope(entity, scope);
  }
  tempo::Result<int64_t> DeleteUnseen(std::string_view entity, int64_t since,
                                      const tempo::sync::RowScope& scope) override {
    return inner_.DeleteUnseen(entity, since, scope);
  }
  tempo::Status Commit(std::string_view stream, std::string_view state,
                       std::optional<int64_t> refresh) override {
    if (++commits_ == fail_commit_) return tempo::Status::Io("disk I/O error (injected)");
    return inner_.Commit(stream, state, refresh);
  }
  void Rollback() override { inner_.Rollback(); }
  tempo::Status FinishRun(int64_t run_id, const tempo::sync::RunSummary& summary) override {
    return inner_.FinishRun(run_id, summary);
  }

 private:
  tempo::sync::Destination& inner_;
  int fail_commit_;
  int commits_ = 0;
};

}  // namespace

TEST_CASE("a commit that fails on the writer thread fails the run at the commit before it") {
  Fixture f;
  tempo::sync::SyncOptions options;
  options.connection = "syn";
  options.commit_records = 1000;
  options.commit_interval = std::chrono::hours(1);
  {
    auto connector = tempo::plugin::Connector::Open(Synthetic(), "syn",
                                                    R"({"records": 10000, "page_size": 100})");
    REQUIRE(connector.ok());
    tempo::store::SyncStore store(*f.db, "syn", /*keep_raw=*/true);
    FailingCommits dest(store, /*fail_commit=*/3);
    auto r = tempo::sync::RunSync(**connector, dest, options);
    REQUIRE(r.ok());
    CHECK(r->summary.status == "failed");
    CHECK_THAT(r->summary.error, Catch::Contains("disk I/O error (injected)"));
    CHECK(r->summary.records == 2000);
    CHECK(r->summary.commits == 2);
  }
  // Commits 1 and 2 landed with their states; the failed third and everything read after it
  // did not, although later pages were already checkpointed by the plugin.
  CHECK(QueryInt(*f.db, "SELECT COUNT(*) FROM lead") == 2000);
  CHECK(QueryInt(*f.db, "SELECT COUNT(*) FROM lead WHERE source_id >= 'L00002000'") == 0);
  CHECK(QueryText(*f.db, "SELECT state_json FROM sync_state") == R"({"next":2000})");

  auto resumed = f.Run(R"({"records": 10000, "page_size": 100})", options);
  CHECK(resumed.summary.status == "succeeded");
  CHECK(resumed.summary.records == 8000);
  CHECK(QueryInt(*f.db, "SELECT COUNT(*) FROM lead") == 10000);
  CHECK(QueryInt(*f.db, "SELECT COUNT(DISTINCT source_id) FROM lead") == 10000);
  CHECK(QueryInt(*f.db, "SELECT COUNT(*) FROM raw_records") == 10000);
}

// Group commit: a plugin that sends no HTTP request (the synthetic one, like the file
// connector) hands a buffer to the writer at every 64 KiB here, but the transaction commits
// only every 1,000 records: fewer commits, and each still lands with the state that covers it.
TEST_CASE("a local source's buffers are written in one transaction per commit_records") {
  tempo::sync::SyncOptions options;
  options.commit_bytes = 64 << 10;  // a hand-off at every page of 100 records
  options.commit_records = 1000;
  options.commit_interval = std::chrono::hours(1);
  {
    Fixture f;
    auto r = f.Run(R"({"records": 5000, "page_size": 100})", options);
    CHECK(r.summary.status == "succeeded");
    CHECK(r.summary.records == 5000);
    CHECK(r.summary.pages == 50);
    CHECK(r.summary.commits == 6);  // 5 of 1,000 records and the end of the stream, not 51
    CHECK(QueryInt(*f.db, "SELECT COUNT(DISTINCT source_id) FROM lead") == 5000);
    CHECK(QueryText(*f.db, "SELECT state_json FROM sync_state") == R"({"next":5000})");
  }
  {
    // A failure with a group transaction open (pages 21-25 written, not committed): what the
    // newest checkpoint covers is committed with it, and the next run resumes there.
    Fixture f;
    auto failed = f.Run(R"({"records": 5000, "page_size": 100, "fail_after_pages": 25})", options);
    CHECK(failed.summary.status == "failed");
    CHECK(failed.summary.records == 2500);
    CHECK(QueryInt(*f.db, "SELECT COUNT(*) FROM lead") == 2500);
    CHECK(QueryText(*f.db, "SELECT state_json FROM sync_state") == R"({"next":2500})");
    auto resumed = f.Run(R"({"records": 5000, "page_size": 100})", options);
    CHECK(resumed.summary.records == 2500);
    CHECK(QueryInt(*f.db, "SELECT COUNT(DISTINCT source_id) FROM lead") == 5000);
  }
  {
    // The group's commit fails: none of its buffers is kept, the state stays at the commit
    // before it.
    Fixture f;
    auto connector = tempo::plugin::Connector::Open(Synthetic(), "syn",
                                                    R"({"records": 5000, "page_size": 100})");
    REQUIRE(connector.ok());
    tempo::store::SyncStore store(*f.db, "syn", /*keep_raw=*/true);
    FailingCommits dest(store, /*fail_commit=*/2);
    options.connection = "syn";
    auto r = tempo::sync::RunSync(**connector, dest, options);
    REQUIRE(r.ok());
    CHECK(r->summary.status == "failed");
    CHECK(r->summary.records == 1000);
    CHECK(r->summary.commits == 1);
    CHECK(QueryInt(*f.db, "SELECT COUNT(*) FROM lead") == 1000);
    CHECK(QueryText(*f.db, "SELECT state_json FROM sync_state") == R"({"next":1000})");
  }
  {
    // The end of the stream's commit fails with a group open (a full disk): the group is gone
    // with it, so the newest state is not committed afterwards with only the last buffer.
    // (Hand-offs every other page here, so the last page waits in the buffer.)
    options.commit_bytes = 200 << 10;
    Fixture f;
    auto connector = tempo::plugin::Connector::Open(Synthetic(), "syn",
                                                    R"({"records": 1500, "page_size": 100})");
    REQUIRE(connector.ok());
    tempo::store::SyncStore store(*f.db, "syn", /*keep_raw=*/true);
    FailingCommits dest(store, /*fail_commit=*/2);
    auto r = tempo::sync::RunSync(**connector, dest, options);
    REQUIRE(r.ok());
    CHECK(r->summary.status == "failed");
    // The store holds exactly what its state says: the last commit before the failure.
    const int64_t next =
        QueryInt(*f.db, "SELECT json_extract(state_json, '$.next') FROM sync_state");
    CHECK(next >= 1000);
    CHECK(next < 1500);
    CHECK(QueryInt(*f.db, "SELECT COUNT(DISTINCT source_id) FROM lead") == next);
    CHECK(QueryInt(*f.db, "SELECT COUNT(*) FROM lead") == next);
  }
}

TEST_CASE("WhereTimeGoes names the largest wait, or the plugin, as a share of the run") {
  using tempo::sync::TimeShares;
  using tempo::sync::WhereTimeGoes;
  TimeShares t;
  t.rate_wait_s = 9.8;
  t.server_s = 0.1;
  t.rate_limit_key = "hubspot:12345";
  CHECK(WhereTimeGoes(t, 10) == "98 % waiting for the rate budget of hubspot:12345");
  t.rate_limit_key.clear();
  CHECK(WhereTimeGoes(t, 10) == "98 % waiting for the rate budget");
  CHECK(WhereTimeGoes(TimeShares{0, 6.1, 0, 0, ""}, 10) == "61 % waiting for the server");
  CHECK(WhereTimeGoes(TimeShares{0, 1, 6, 0, ""}, 10) == "60 % backing off after errors");
  CHECK(WhereTimeGoes(TimeShares{0, 1, 0, 5.5, ""}, 10) == "55 % waiting for the store");
  // The time no wait accounts for is the plugin's own (parsing, mapping).
  CHECK(WhereTimeGoes(TimeShares{0, 0.5, 0, 0.5, ""}, 10) == "90 % in the plugin");
  // Waits overlapping on several threads never make more than 100 %.
  CHECK(WhereTimeGoes(TimeShares{0, 25, 0, 0, ""}, 10) == "100 % waiting for the server");
  // Under half a second the shares are noise: nothing is said.
  CHECK(WhereTimeGoes(TimeShares{0.4, 0, 0, 0, ""}, 0.45).empty());
}
