// The tempo command line as an admin uses it: exit codes, errors on stderr that name the file
// and key, data on stdout, --json that parses, and secrets that never show.
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include <catch2/catch.hpp>

#include <chrono>
#include <filesystem>
#include <thread>

#include "store/store.h"
#include "support/process.h"
#include "support/temp_dir.h"

namespace {

using tempo::testing::ProcessResult;
using tempo::testing::RunProcess;
using tempo::testing::TempDir;
using tempo::testing::TempoBinary;

std::string TestPlugins() { return std::string(TEMPO_BINARY_DIR) + "/test-plugins"; }

std::string SyntheticConfig(const TempDir& dir, const std::string& plugin_config) {
  return dir.Write("tempo.yaml", "store:\n  path: tempo.db\nplugins:\n  path: [" + TestPlugins() +
                                     "]\nconnections:\n  - name: syn\n    plugin: synthetic\n"
                                     "    config: " +
                                     plugin_config + "\n");
}

ProcessResult Tempo(const TempDir& dir, std::vector<std::string> args,
                    const std::vector<std::string>& env = {}) {
  args.insert(args.begin(), TempoBinary());
  return RunProcess(args, dir.path(), env);
}

}  // namespace

TEST_CASE("--help lists the commands and the exit codes") {
  TempDir dir;
  ProcessResult r = Tempo(dir, {"--help"});
  CHECK(r.exit_code == 0);
  for (const char* word : {"sync", "discover", "status", "plugins", "config", "Exit codes"}) {
    CHECK_THAT(r.out, Catch::Contains(word));
  }
}

TEST_CASE("usage errors exit 2") {
  TempDir dir;
  CHECK(Tempo(dir, {}).exit_code == 2);
  CHECK(Tempo(dir, {"sync"}).exit_code == 2);
  CHECK(Tempo(dir, {"frobnicate"}).exit_code == 2);
}

TEST_CASE("global options work before or after the subcommand") {
  TempDir dir;
  std::string cfg = SyntheticConfig(dir, "{records: 3}");
  ProcessResult after = Tempo(dir, {"sync", "syn", "-c", cfg, "-q"});
  INFO(after.err);
  CHECK(after.exit_code == 0);
  CHECK_THAT(after.out, Catch::Contains("sync syn: succeeded, 3 records"));
  ProcessResult check = Tempo(dir, {"config", "check", "--config", cfg});
  CHECK(check.exit_code == 0);
  CHECK_THAT(check.out, Catch::Contains("valid"));
}

// Waits (up to 20 s) until a sync's first commit holds leads, so a test can stop it mid-run
// however slow the machine is.
static void WaitForCommittedLeads(const TempDir& dir) {
  for (int i = 0; i < 400; ++i) {
    if (auto db = tempo::store::OpenStoreReadOnly(dir.File("tempo.db")); db.ok()) {
      if (auto rows = (*db)->Prepare("SELECT count(*) FROM lead"); rows.ok()) {
        if (auto more = rows->Step(); more.ok() && *more && rows->Int(0) > 0) return;
      }
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  FAIL("no commit within 20 s");
}

TEST_CASE("Ctrl-C ends a sync cancelled at its last commit, quietly, with exit code 130") {
  TempDir dir;
  std::string cfg = SyntheticConfig(dir, "{records: 100000, page_size: 10, sleep_ms_per_page: 20}");
  pid_t pid = tempo::testing::StartProcess(
      {TempoBinary(), "-c", cfg, "sync", "syn", "--commit-records", "10"}, dir.File("out"),
      dir.File("err"));
  WaitForCommittedLeads(dir);
  REQUIRE(::kill(pid, SIGINT) == 0);
  int status = 0;
  ::waitpid(pid, &status, 0);
  REQUIRE(WIFEXITED(status));
  CHECK(WEXITSTATUS(status) == 130);
  auto db = tempo::store::OpenStoreReadOnly(dir.File("tempo.db"));
  REQUIRE(db.ok());
  auto run = (*db)->Prepare("SELECT status, records FROM sync_runs");
  REQUIRE(run.ok());
  REQUIRE(*run->Step());
  CHECK(run->Text(0) == "cancelled");
  const int64_t records = run->Int(1);
  CHECK(records > 0);
  auto rows = (*db)->Prepare("SELECT count(*) FROM lead");
  REQUIRE(rows.ok());
  REQUIRE(*rows->Step());
  CHECK(rows->Int(0) == records);  // what the run record says is what the store holds
  const std::string err = tempo::testing::ReadWhole(dir.File("err"));
  CHECK(err.find(" error ") == std::string::npos);  // a requested stop is not an error
  CHECK_THAT(err, Catch::Contains("cancelled"));
}

TEST_CASE("a missing config file is a clear error naming the file and how to pick another") {
  TempDir dir;
  ProcessResult r = Tempo(dir, {"-c", dir.File("nope.yaml"), "status"});
  CHECK(r.exit_code == 2);
  CHECK_THAT(r.err, Catch::Contains(dir.File("nope.yaml")));
  CHECK_THAT(r.err, Catch::Contains("-c"));
}

TEST_CASE("config check accepts a good config and points at each problem of a bad one") {
  TempDir dir;
  std::string good = SyntheticConfig(dir, "{records: 10}");
  ProcessResult ok = Tempo(dir, {"-c", good, "config", "check"});
  CHECK(ok.exit_code == 0);
  CHECK_THAT(ok.out, Catch::Contains("valid"));

  std::string bad =
      dir.Write("bad.yaml", "store:\n  path: tempo.db\nplugins:\n  path: [" + TestPlugins() +
                                "]\nconnections:\n  - name: syn\n    plugin: synthetic\n"
                                "    shedule: daily\n    config: {recrds: 10}\n");
  ProcessResult r = Tempo(dir, {"-c", bad, "config", "check"});
  CHECK(r.exit_code == 2);
  CHECK_THAT(r.err, Catch::Contains("bad.yaml:8:5"));
  CHECK_THAT(r.err, Catch::Contains("schedule"));
}

TEST_CASE(
    "a file mapping to an unknown entity or column, or an unknown stream, is refused before a "
    "sync") {
  TempDir dir;
  dir.Write("p.csv", "id,name\n1,Acme\n");
  const auto config = [&](const std::string& entity, const std::string& column,
                          const std::string& stream) {
    return dir.Write("tempo.yaml",
                     "store:\n  path: tempo.db\nplugins:\n  path: [" TEMPO_PLUGIN_DIR
                     "]\nconnections:\n  - name: partners\n    plugin: file\n"
                     "    streams: [" +
                         stream +
                         "]\n    config:\n      streams:\n"
                         "        - name: partners\n          path: p.csv\n          entity: " +
                         entity + "\n          id: id\n          columns: {" + column +
                         ": name}\n");
  };
  // The typo of the issue: `entity: partners`. config check, check and sync all refuse it at
  // its position, and nothing is read or recorded.
  std::string cfg = config("partners", "name", "partners");
  for (const std::vector<std::string>& command :
       {std::vector<std::string>{"config", "check"}, {"check", "partners"}, {"sync", "partners"}}) {
    std::vector<std::string> args = {"-c", cfg};
    args.insert(args.end(), command.begin(), command.end());
    ProcessResult r = Tempo(dir, args);
    INFO(command.front());
    CHECK(r.exit_code == 2);
    CHECK_THAT(r.err, Catch::Contains("tempo.yaml:13:19: connections[0].config.streams[0].entity: "
                                      "unknown entity; did you mean 'partner'?"));
  }
  CHECK_FALSE(std::filesystem::exists(dir.File("tempo.db")));
  // An unknown column of the entity, with the closest one.
  cfg = config("partner", "nmae", "partners");
  ProcessResult column = Tempo(dir, {"-c", cfg, "config", "check"});
  CHECK(column.exit_code == 2);
  CHECK_THAT(column.err, Catch::Contains("tempo.yaml:15:21: connections[0].config.streams[0]."
                                         "columns.nmae: unknown column of partner; did you mean "
                                         "'name'?"));
  // A selected stream the connection does not have: the ones it has are named.
  cfg = config("partner", "name", "partnres");
  ProcessResult stream = Tempo(dir, {"-c", cfg, "config", "check"});
  CHECK(stream.exit_code == 2);
  CHECK_THAT(stream.err, Catch::Contains("tempo.yaml:8:15: connections[0].streams[0]: no stream "
                                         "'partnres' in connection 'partners'; did you mean "
                                         "'partners'? Its streams: partners"));
  // Fixed, the same commands pass and the row is stored.
  cfg = config("partner", "name", "partners");
  CHECK(Tempo(dir, {"-c", cfg, "config", "check"}).exit_code == 0);
  CHECK(Tempo(dir, {"-c", cfg, "check", "partners"}).exit_code == 0);
  ProcessResult sync = Tempo(dir, {"-c", cfg, "sync", "partners"});
  CHECK(sync.exit_code == 0);
  CHECK_THAT(sync.out, Catch::Contains("1 records, 0 rejects"));
}

TEST_CASE("a manifest's stream that does not exist is refused by config check") {
  TempDir dir;
  std::string cfg = dir.Write(
      "tempo.yaml", "store:\n  path: tempo.db\nplugins:\n  path: [" TEMPO_PLUGIN_DIR
                    "]\nconnections:\n  - name: ps\n    plugin: rest\n    streams: [deal]\n"
                    "    config: {manifest: partnerstack, public_key: pk, secret_key: sk}\n");
  ProcessResult r = Tempo(dir, {"-c", cfg, "config", "check"});
  CHECK(r.exit_code == 2);
  CHECK_THAT(r.err, Catch::Contains("tempo.yaml:8:15: connections[0].streams[0]: no stream 'deal' "
                                    "in connection 'ps'; did you mean 'deals'? Its streams: "
                                    "partnerships, customers, deals, leads"));
}

TEST_CASE("a secret written inline in a config others can read is warned about, once per key") {
  TempDir dir;
  const std::string cfg =
      dir.Write("tempo.yaml", "store:\n  path: tempo.db\nplugins:\n  path: [" TEMPO_PLUGIN_DIR
                              "]\nconnections:\n  - name: crm\n    plugin: hubspot\n"
                              "    config:\n      access_token: pat-inline-77\n");
  ::chmod(cfg.c_str(), 0644);
  ProcessResult open = Tempo(dir, {"-c", cfg, "config", "check"});
  CHECK(open.exit_code == 0);
  CHECK_THAT(open.err, Catch::Contains("tempo.yaml:9:21: connections[0].config.access_token: a "
                                       "secret written in a file that others can read (mode "
                                       "644); use ${env:NAME} or ${file:PATH}"));
  CHECK(open.err.find("pat-inline-77") == std::string::npos);
  // Private, or the secret from the environment: no warning.
  ::chmod(cfg.c_str(), 0600);
  CHECK(Tempo(dir, {"-c", cfg, "config", "check"}).err.find("others can read") ==
        std::string::npos);
  const std::string from_env =
      dir.Write("env.yaml", "store:\n  path: tempo.db\nplugins:\n  path: [" TEMPO_PLUGIN_DIR
                            "]\nconnections:\n  - name: crm\n    plugin: hubspot\n"
                            "    config:\n      access_token: ${env:TEMPO_TEST_TOKEN}\n");
  ::chmod(from_env.c_str(), 0644);
  ProcessResult env =
      Tempo(dir, {"-c", from_env, "config", "check"}, {"TEMPO_TEST_TOKEN=pat-env-77"});
  CHECK(env.exit_code == 0);
  CHECK(env.err.find("others can read") == std::string::npos);
}

TEST_CASE("an unknown plugin names the file position and the plugin path") {
  TempDir dir;
  std::string cfg =
      dir.Write("tempo.yaml", "store:\n  path: tempo.db\nplugins:\n  path: [" + TestPlugins() +
                                  "]\nconnections:\n  - name: x\n    plugin: nosuch\n");
  ProcessResult r = Tempo(dir, {"-c", cfg, "sync", "x"});
  CHECK(r.exit_code == 2);
  CHECK_THAT(r.err, Catch::Contains("tempo.yaml:7:13"));
  CHECK_THAT(r.err, Catch::Contains("unknown plugin 'nosuch'"));
}

TEST_CASE("sync prints a summary, --json parses, and status reports the run") {
  TempDir dir;
  std::string cfg = SyntheticConfig(dir, "{records: 2500, page_size: 100}");
  ProcessResult r = Tempo(dir, {"-c", cfg, "sync", "syn"});
  REQUIRE(r.exit_code == 0);
  CHECK_THAT(r.out, Catch::Contains("sync syn: succeeded, 2,500 records"));

  ProcessResult j = Tempo(dir, {"-c", cfg, "sync", "syn", "--full-refresh", "--json"});
  REQUIRE(j.exit_code == 0);
  CHECK_THAT(j.out, Catch::Contains("\"status\":\"succeeded\""));
  CHECK_THAT(j.out, Catch::Contains("\"records\":2500"));
  CHECK_THAT(j.out, Catch::Contains("\"mode\":\"full_refresh\""));

  ProcessResult s = Tempo(dir, {"-c", cfg, "status", "--json"});
  CHECK(s.exit_code == 0);
  CHECK_THAT(s.out, Catch::Contains("\"status\":\"succeeded\""));
  CHECK_THAT(s.out, Catch::Contains("\"stream\":\"leads\""));
}

TEST_CASE("the summary line prints numbers as people read them, and no rate of nothing") {
  TempDir dir;
  std::string cfg = SyntheticConfig(dir, "{records: 0}");
  ProcessResult r = Tempo(dir, {"-c", cfg, "sync", "syn"});
  REQUIRE(r.exit_code == 0);
  CHECK_THAT(r.out, Catch::Matches("sync syn: succeeded, 0 records, 0 rejects, 0 deletes in "
                                   "(<0\\.001|[0-9]+\\.[0-9]{3}) s; run 1\n"));
  CHECK_THAT(r.out, !Catch::Contains("records/s"));
  std::string big = SyntheticConfig(dir, "{records: 3000, page_size: 100, sleep_ms_per_page: 1}");
  ProcessResult b = Tempo(dir, {"-c", big, "sync", "syn"});
  REQUIRE(b.exit_code == 0);
  CHECK_THAT(b.out, Catch::Matches("sync syn: succeeded, 3,000 records, 0 rejects, 0 deletes in "
                                   "[0-9]+\\.[0-9]{3} s \\([0-9,]+ records/s\\); run 2\n"));
}

TEST_CASE("status shows each stream's records and rejects of the last run") {
  TempDir dir;
  // 10 % rejects: more than the default allows (1 %), so the connection allows 20 %.
  std::string cfg = SyntheticConfig(dir,
                                    "{records: 100, reject_every: 10}\n"
                                    "    max_reject_ratio: 0.2");
  ProcessResult r = Tempo(dir, {"-c", cfg, "sync", "syn"});
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  ProcessResult s = Tempo(dir, {"-c", cfg, "status"});
  CHECK(s.exit_code == 0);
  CHECK_THAT(s.out, Catch::Contains("last run 1 succeeded, 90 records, 10 rejects"));
  CHECK_THAT(s.out, Catch::Contains("stream leads: cursor committed") &&
                        Catch::Contains("; last run 90 records, 10 rejects (tempo rejects syn)"));
  ProcessResult j = Tempo(dir, {"-c", cfg, "status", "--json"});
  CHECK_THAT(j.out, Catch::Contains("\"last_run_records\":90,\"last_run_rejects\":10"));
}

TEST_CASE("status lists the records not matched across sources, and --json has every one") {
  TempDir dir;
  std::string cfg = SyntheticConfig(dir, "{records: 1}");
  REQUIRE(Tempo(dir, {"-c", cfg, "sync", "syn"}).exit_code == 0);
  {
    auto db = tempo::store::OpenStore(dir.File("tempo.db"));
    REQUIRE(db.ok());
    REQUIRE((*db)
                ->Exec("INSERT INTO account (connection, source_id, domain) VALUES "
                       "('crm', 'a1', 'beta.com'), ('crm', 'a2', 'beta.com');"
                       "INSERT INTO overlap (connection, source_id, account_crm_id) VALUES "
                       "('cb', 'o1', '001X')")
                .ok());
  }
  ProcessResult r = Tempo(dir, {"-c", cfg, "status"});
  CHECK(r.exit_code == 0);
  CHECK_THAT(r.out, Catch::Contains("identity: 3 record(s) not matched across sources"));
  CHECK_THAT(r.out, Catch::Contains("crm account a1: shares the domain beta.com"));
  CHECK_THAT(r.out, Catch::Contains("cb overlap o1: names CRM record 001X"));
  ProcessResult j = Tempo(dir, {"-c", cfg, "status", "--json"});
  CHECK(j.exit_code == 0);
  CHECK_THAT(j.out, Catch::Contains("\"identity_issues\":[{\"kind\":\"shared_domain\""));
  CHECK_THAT(j.out, Catch::Contains("{\"kind\":\"unknown_crm_id\",\"connection\":\"cb\","
                                    "\"entity\":\"overlap\",\"source_id\":\"o1\","
                                    "\"detail\":\"001X\"}"));
}

TEST_CASE("status before the first sync says never synced") {
  TempDir dir;
  std::string cfg = SyntheticConfig(dir, "{records: 1}");
  ProcessResult r = Tempo(dir, {"-c", cfg, "status"});
  CHECK(r.exit_code == 0);
  CHECK_THAT(r.out, Catch::Contains("syn (synthetic): never synced"));
  CHECK_THAT(r.err, Catch::Contains("does not exist yet"));
}

TEST_CASE("status needs none of the connections' secrets") {
  TempDir dir;
  std::string cfg = SyntheticConfig(dir, "{records: 1, token: \"${env:TEMPO_TEST_UNSET_TOKEN}\"}");
  ProcessResult r = Tempo(dir, {"-c", cfg, "status"});
  INFO(r.err);
  CHECK(r.exit_code == 0);
  CHECK_THAT(r.out, Catch::Contains("syn (synthetic): never synced"));
  // Commands that open the plugin still refuse the unset variable, naming it.
  ProcessResult sync = Tempo(dir, {"-c", cfg, "sync", "syn"});
  CHECK(sync.exit_code == 2);
  CHECK_THAT(sync.err, Catch::Contains("TEMPO_TEST_UNSET_TOKEN"));
}

TEST_CASE("status shows a killed sync as interrupted, with the records its commits hold") {
  TempDir dir;
  std::string cfg = SyntheticConfig(dir, "{records: 100000, page_size: 10, sleep_ms_per_page: 20}");
  pid_t pid = tempo::testing::StartProcess(
      {TempoBinary(), "-c", cfg, "sync", "syn", "--commit-records", "10"}, dir.File("out"),
      dir.File("err"));
  WaitForCommittedLeads(dir);
  REQUIRE(::kill(pid, SIGKILL) == 0);
  int status = 0;
  ::waitpid(pid, &status, 0);
  auto db = tempo::store::OpenStoreReadOnly(dir.File("tempo.db"));
  REQUIRE(db.ok());
  auto rows = (*db)->Prepare("SELECT count(*) FROM lead");
  REQUIRE(rows.ok());
  REQUIRE(*rows->Step());
  const int64_t committed = rows->Int(0);
  REQUIRE(committed > 0);
  ProcessResult r = Tempo(dir, {"-c", cfg, "status"});
  CHECK(r.exit_code == 0);
  CHECK_THAT(r.out, Catch::Contains("last run 1 interrupted, " + std::to_string(committed) +
                                    " records committed"));
  CHECK_THAT(r.out, Catch::Contains("the next sync resumes from its last commit"));
  ProcessResult j = Tempo(dir, {"-c", cfg, "status", "--json"});
  CHECK_THAT(j.out, Catch::Contains("\"status\":\"interrupted\""));
  CHECK_THAT(j.out, Catch::Contains("\"records\":" + std::to_string(committed)));
}

TEST_CASE("status of a store file that is not a database fails and names the file") {
  TempDir dir;
  std::string cfg = SyntheticConfig(dir, "{records: 1}");
  dir.Write("tempo.db", std::string(4096, 'x'));
  for (bool json : {false, true}) {
    std::vector<std::string> args = {"-c", cfg, "status"};
    if (json) args.push_back("--json");
    ProcessResult r = Tempo(dir, args);
    CHECK(r.exit_code == 1);
    CHECK_THAT(r.err, Catch::Contains("cannot read the run log: store " + dir.File("tempo.db")));
    CHECK_THAT(r.err, Catch::Contains("not a database"));
    CHECK_THAT(r.out, !Catch::Contains("never synced"));
    CHECK(r.out.empty());
  }
}

TEST_CASE("status of a store whose sync_runs cannot be read fails and names the file") {
  TempDir dir;
  std::string cfg = SyntheticConfig(dir, "{records: 1}");
  {
    auto db = tempo::store::Db::Open(dir.File("tempo.db"), /*read_only=*/false);
    REQUIRE(db.ok());
    REQUIRE((*db)->Exec("CREATE TABLE unrelated (x INTEGER)").ok());
  }
  ProcessResult r = Tempo(dir, {"-c", cfg, "status"});
  CHECK(r.exit_code == 1);
  CHECK_THAT(r.err, Catch::Contains("store " + dir.File("tempo.db")));
  CHECK_THAT(r.err, Catch::Contains("no such table: sync_runs"));
  CHECK_THAT(r.out, !Catch::Contains("never synced"));
}

TEST_CASE("a failed run exits 1 and records the error") {
  TempDir dir;
  std::string cfg = SyntheticConfig(dir, "{records: 1000, fail_after_pages: 2}");
  ProcessResult r = Tempo(dir, {"-c", cfg, "sync", "syn"});
  CHECK(r.exit_code == 1);
  CHECK_THAT(r.err, Catch::Contains("injected failure"));
  auto db = tempo::store::OpenStoreReadOnly(dir.File("tempo.db"));
  REQUIRE(db.ok());
  auto stmt = (*db)->Prepare("SELECT status, error FROM sync_runs");
  REQUIRE(stmt.ok());
  REQUIRE(*stmt->Step());
  CHECK(stmt->Text(0) == "failed");
  CHECK_THAT(stmt->Text(1), Catch::Contains("injected failure after 2 pages"));
}

TEST_CASE("an unknown connection lists the ones that exist") {
  TempDir dir;
  std::string cfg = SyntheticConfig(dir, "{records: 1}");
  ProcessResult r = Tempo(dir, {"-c", cfg, "sync", "nope"});
  CHECK(r.exit_code == 2);
  CHECK_THAT(r.err, Catch::Contains("no connection named 'nope'"));
  CHECK_THAT(r.err, Catch::Contains("syn"));
}

TEST_CASE("a secret from the environment never appears in errors or output") {
  TempDir dir;
  const std::string secret = "s3cr3t-canary-4242";
  std::string cfg = SyntheticConfig(dir, "{records: \"${env:TEMPO_TEST_CANARY}\"}");
  ProcessResult r = Tempo(dir, {"-c", cfg, "config", "check"}, {"TEMPO_TEST_CANARY=" + secret});
  CHECK(r.exit_code == 2);
  CHECK_THAT(r.err, Catch::Contains("records"));
  CHECK(r.err.find(secret) == std::string::npos);
  CHECK(r.out.find(secret) == std::string::npos);

  ProcessResult unset = Tempo(dir, {"-c", cfg, "sync", "syn"}, {"TEMPO_TEST_CANARY="});
  CHECK(unset.exit_code == 2);
  CHECK_THAT(unset.err, Catch::Contains("TEMPO_TEST_CANARY"));
}

TEST_CASE("discover lists the streams of a connection") {
  TempDir dir;
  std::string cfg = SyntheticConfig(dir, "{records: 1}");
  ProcessResult r = Tempo(dir, {"-c", cfg, "discover", "syn", "--json"});
  CHECK(r.exit_code == 0);
  CHECK_THAT(r.out, Catch::Contains("\"name\":\"leads\""));
  CHECK_THAT(r.out, Catch::Contains("\"entity\":\"lead\""));
}
