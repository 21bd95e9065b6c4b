// tempo test-plugin end to end: the real tempo binary runs the conformance kit on test plugins
// with one defect each (tests/plugins/kit_broken/), on the scaffold's kind of reference plugin,
// and on our connectors: recorded against the in-process fake APIs (tests/fakes/), then
// replayed offline with the fake stopped and other credentials.
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "fakes/core/fake_api_server.h"
#include "support/process.h"
#include "support/temp_dir.h"

namespace {

namespace fs = std::filesystem;
using Catch::Matchers::Contains;
using tempo::fakes::FakeApiOptions;
using tempo::fakes::FakeApiServer;
using tempo::testing::ProcessResult;
using tempo::testing::TempDir;

const bool kNoProxy = (::setenv("no_proxy", "127.0.0.1,localhost", 1), true);

std::string TestPlugin(const std::string& name) {
  return std::string(TEMPO_BINARY_DIR) + "/test-plugins/tempo_" + name + ".so";
}

// tempo test-plugin PLUGIN --config CONFIG MORE..., in `dir`, with `env` ("K=V") added.
ProcessResult Kit(const TempDir& dir, const std::string& plugin, const std::string& config,
                  std::vector<std::string> more = {}, const std::vector<std::string>& env = {}) {
  std::vector<std::string> argv = {tempo::testing::TempoBinary(), "test-plugin", plugin, "--config",
                                   config};
  if (std::find(more.begin(), more.end(), "--kill-points") == more.end()) {
    argv.insert(argv.end(), {"--kill-points", "3"});
  }
  argv.insert(argv.end(), more.begin(), more.end());
  return tempo::testing::RunProcess(argv, dir.path(), env);
}

// The report's lines "<outcome> <check>: ..." by check name.
std::map<std::string, std::string> Lines(const std::string& out) {
  std::map<std::string, std::string> lines;
  std::istringstream in(out);
  std::string line;
  const std::regex shape(R"(^(ok  |FAIL|skip) ([a-z0-9_]+): (.*)$)");
  for (std::smatch m; std::getline(in, line);) {
    if (std::regex_match(line, m, shape)) lines[m[2]] = m[1].str() + " " + m[3].str();
  }
  return lines;
}

std::vector<std::string> Failed(const std::map<std::string, std::string>& lines) {
  std::vector<std::string> failed;
  for (const auto& [name, line] : lines) {
    if (line.rfind("FAIL", 0) == 0) failed.push_back(name);
  }
  return failed;
}

// Every file under `folder`, concatenated: what a secret must not be in.
std::string AllText(const std::string& folder) {
  std::string text;
  for (const auto& entry : fs::recursive_directory_iterator(folder)) {
    if (!entry.is_regular_file()) continue;
    std::ifstream in(entry.path(), std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    text += s.str();
  }
  return text;
}

// A shell command that POSTs to `url` (the fake's control API), for --between-reads.
std::string PostCommand(const std::string& url) {
  return "python3 -c \"import urllib.request as u; u.build_opener(u.ProxyHandler({}))"
         ".open(u.Request('" +
         url + "', data=b'', method='POST')).read()\"";
}

TEST_CASE("test-plugin: a correct plugin passes every check, one line each, and a summary") {
  TempDir dir;
  const std::string config = dir.Write("kit.yaml", "page_size: 2\n");
  ProcessResult r = Kit(dir, TestPlugin("kit_reference"), config);
  INFO(r.out << r.err);
  CHECK(r.exit_code == 0);
  const auto lines = Lines(r.out);
  for (const char* check :
       {"descriptor", "config_schema", "invalid_config", "check", "discover", "full_read",
        "no_duplicates", "state_round_trip", "kill_resume", "incremental"}) {
    INFO(check);
    REQUIRE(lines.count(check) == 1);
    CHECK(lines.at(check).rfind("ok ", 0) == 0);
  }
  CHECK_THAT(lines.at("full_read"), Contains("9 records into 9 rows, 6 commits"));
  CHECK_THAT(lines.at("kill_resume"), Contains("3 SIGKILLs (after commit 1, 3, 5 of 6)"));
  CHECK_THAT(lines.at("invalid_config"),
             Contains("'page_size' set to text instead of an integer is refused by the host"));
  CHECK_THAT(lines.at("incremental"), Contains("read 1: 0 changed, 1 overlap"));
  CHECK(lines.at("fault_http").rfind("skip", 0) == 0);
  CHECK_THAT(r.out, Contains("10 passed, 0 failed, 2 skipped"));

  ProcessResult json = Kit(dir, TestPlugin("kit_reference"), config, {"--json"});
  CHECK(json.exit_code == 0);
  CHECK_THAT(json.out, Contains(R"("plugin":"kit_reference","version":"1.0.0","mode":"live",)"
                                R"("passed":10,"failed":0,"skipped":2)"));
  CHECK_THAT(json.out, Contains(R"({"name":"kill_resume","outcome":"passed")"));
}

// Each broken plugin fails exactly one check, with a line that says what went wrong.
TEST_CASE("test-plugin: a plugin that loses records on resume fails kill_resume alone") {
  TempDir dir;
  ProcessResult r =
      Kit(dir, TestPlugin("kit_loses_on_resume"), dir.Write("k.yaml", "page_size: 2\n"));
  INFO(r.out);
  CHECK(r.exit_code == 1);
  const auto lines = Lines(r.out);
  CHECK(Failed(lines) == std::vector<std::string>{"kill_resume"});
  CHECK_THAT(lines.at("kill_resume"),
             Contains("a kill after commit 1 of 6, then a resumed run: 2 rows lost (partner k-3, "
                      "partner k-4)"));
  CHECK_THAT(r.out, Contains("9 passed, 1 failed, 2 skipped"));
}

TEST_CASE("test-plugin: a plugin that ignores its state fails incremental alone") {
  TempDir dir;
  ProcessResult r =
      Kit(dir, TestPlugin("kit_ignores_state"), dir.Write("k.yaml", "page_size: 2\n"));
  INFO(r.out);
  CHECK(r.exit_code == 1);
  const auto lines = Lines(r.out);
  CHECK(Failed(lines) == std::vector<std::string>{"incremental"});
  CHECK_THAT(lines.at("incremental"),
             Contains("the first incremental read re-read 8 unchanged record(s) older than its "
                      "cursor (partners: partner k-1"));
}

TEST_CASE("test-plugin: a plugin that emits duplicates fails no_duplicates alone") {
  TempDir dir;
  ProcessResult r = Kit(dir, TestPlugin("kit_duplicates"), dir.Write("k.yaml", "page_size: 2\n"));
  INFO(r.out);
  CHECK(r.exit_code == 1);
  const auto lines = Lines(r.out);
  CHECK(Failed(lines) == std::vector<std::string>{"no_duplicates"});
  CHECK_THAT(lines.at("no_duplicates"),
             Contains("5 record(s) came more than once in one full read (partner k-1 2 times"));
}

TEST_CASE("test-plugin: a plugin that crashes fails the check it crashed in, and the kit goes on") {
  TempDir dir;
  ProcessResult r = Kit(dir, TestPlugin("kit_crashes"), dir.Write("k.yaml", "page_size: 2\n"));
  INFO(r.out);
  CHECK(r.exit_code == 1);
  const auto lines = Lines(r.out);
  CHECK(Failed(lines) == std::vector<std::string>{"incremental"});
  CHECK_THAT(
      lines.at("incremental"),
      Contains("the first incremental read failed: the plugin crashed (signal 11 (SIGSEGV))"));
  CHECK(lines.count("secrets") == 1);  // checked after the crash
}

TEST_CASE("test-plugin: usage errors exit 2") {
  TempDir dir;
  const std::string config = dir.Write("k.yaml", "page_size: 2\n");
  fs::create_directories(dir.File("empty"));
  ProcessResult r = Kit(dir, TestPlugin("kit_reference"), config, {"--fixture", dir.File("empty")});
  CHECK(r.exit_code == 2);
  CHECK_THAT(r.err, Contains("no fixture at " + dir.File("empty") + "/fixture.json; record one"));
  r = Kit(dir, TestPlugin("kit_reference"), dir.File("missing.yaml"));
  CHECK(r.exit_code == 2);
}

TEST_CASE("test-plugin: a scorer runs against an empty store") {
  TempDir dir;
  ProcessResult r = Kit(dir, "tempo", dir.Write("empty.yaml", "{}\n"));
  INFO(r.out << r.err);
  CHECK(r.exit_code == 0);
  const auto lines = Lines(r.out);
  CHECK_THAT(lines.at("score_empty_store"),
             Contains("score() ran against an empty store and emitted"));
  CHECK_THAT(r.out, Contains("4 passed, 0 failed, 0 skipped"));
}

TEST_CASE("test-plugin: the file connector, live, with a new file between the reads") {
  TempDir dir;
  std::string csv = "partner_id,name,website,updated_at\n";
  for (int i = 0; i < 2500; ++i) {
    csv += "p" + std::to_string(i) + ",Partner " + std::to_string(i) + ",p" + std::to_string(i) +
           ".example,2024-01-" + (i % 28 < 9 ? "0" : "") + std::to_string(1 + i % 28) +
           "T00:00:00Z\n";
  }
  dir.Write("data/partners/2024.csv", csv);
  const std::string config =
      dir.Write("file.yaml",
                "streams:\n  - name: partners\n    path: data/partners\n    entity: partner\n"
                "    id: partner_id\n    updated_at: updated_at\n    incremental: cursor\n"
                "    columns: {name: name, domain: website}\n");
  const std::string add =
      "printf 'partner_id,name,website,updated_at\\np9000,New,new.example,"
      "2025-02-01T00:00:00Z\\n' > " +
      dir.File("data/partners/2025.csv");
  ProcessResult r = Kit(dir, "file", config, {"--between-reads", add});
  INFO(r.out << r.err);
  CHECK(r.exit_code == 0);
  const auto lines = Lines(r.out);
  CHECK(Failed(lines).empty());
  CHECK_THAT(lines.at("full_read"), Contains("2500 records into 2500 rows, 4 commits"));
  CHECK_THAT(lines.at("kill_resume"), Contains("3 SIGKILLs (after commit 1, 2, 3 of 4)"));
  CHECK_THAT(lines.at("incremental"), Contains("read 1: 1 changed"));
  CHECK_THAT(lines.at("incremental"), Contains("equals a fresh full read's 2501 rows"));
}

// Records `plugin` against the fake into DIR/fixture (with `touch` between the reads), checks
// that no secret reached the fixture, stops the fake and replays with other secrets.
struct Recorded {
  ProcessResult record, replay;
  std::map<std::string, std::string> recorded_lines, replayed_lines;
};

Recorded RecordThenReplay(TempDir& dir, std::unique_ptr<FakeApiServer> server,
                          const std::string& plugin, const std::string& config,
                          const std::string& touch, const std::vector<std::string>& secrets,
                          const std::vector<std::string>& live_env,
                          const std::vector<std::string>& replay_env,
                          std::vector<std::string> more = {}) {
  Recorded out;
  // The fault scenarios replay the recording: the replay below runs them.
  std::vector<std::string> record = more;
  record.insert(record.end(),
                {"--record", dir.File("fixture"), "--skip", "fault_http", "--kill-points", "2"});
  if (!touch.empty()) {
    record.insert(record.end(), {"--between-reads", PostCommand(server->url(touch))});
  }
  out.record = Kit(dir, plugin, config, record, live_env);
  out.recorded_lines = Lines(out.record.out);
  const std::string fixture = AllText(dir.File("fixture"));
  CHECK(fixture.find("\"method\":\"GET\"") != std::string::npos);
  for (const std::string& secret : secrets) {
    INFO("a secret in the fixture");
    CHECK(fixture.find(secret) == std::string::npos);
  }
  server.reset();  // offline from here on
  std::vector<std::string> replay = more;
  replay.insert(replay.end(), {"--fixture", dir.File("fixture")});
  out.replay = Kit(dir, plugin, config, replay, replay_env);
  out.replayed_lines = Lines(out.replay.out);
  return out;
}

std::unique_ptr<FakeApiServer> StartFake(int64_t scale) {
  FakeApiOptions options;
  options.dataset.scale = scale;
  options.dataset.tie_rows = 4;
  auto server = FakeApiServer::Start(std::move(options));
  REQUIRE(server.ok());
  return std::move(*server);
}

void CheckPassed(const Recorded& r, std::vector<std::string> skipped) {
  skipped.push_back("fault_http");  // in the recording run
  for (const auto* run : {&r.record, &r.replay}) {
    INFO(run->out << run->err);
    CHECK(run->exit_code == 0);
  }
  for (const auto* lines : {&r.recorded_lines, &r.replayed_lines}) {
    CHECK(Failed(*lines).empty());
    for (const auto& [name, line] : *lines) {
      if (line.rfind("skip", 0) == 0) {
        INFO(name << ": " << line);
        CHECK(std::find(skipped.begin(), skipped.end(), name) != skipped.end());
      }
    }
  }
  CHECK(r.recorded_lines.count("fault_429") == 0);
  CHECK(r.replayed_lines.count("fault_429") == 1);
  // The replay judged the same data the recording did.
  CHECK(r.recorded_lines.at("full_read") == r.replayed_lines.at("full_read"));
  CHECK(r.recorded_lines.at("kill_resume") == r.replayed_lines.at("kill_resume"));
}

TEST_CASE("test-plugin: hubspot recorded against the fake, replayed offline") {
  TempDir dir;
  auto server = StartFake(10);
  const std::string token = "pat-na1-7e3c2a90-0000-4000-8000-000000000042";
  const std::string config =
      dir.Write("hubspot.yaml",
                "base_url: " + server->url("/hubspot") +
                    "\naccess_token: ${env:HS_TOKEN}\n"
                    "portal_id: \"42\"\nrequests_per_10s: 1000\nsearch_requests_per_second: 200\n"
                    "page_size: 10\nsearch_page_size: 10\n");
  Recorded r = RecordThenReplay(dir, std::move(server), "hubspot", config,
                                "/_admin/dataset/touch?entity=contacts&first=0&count=3", {token},
                                {"HS_TOKEN=" + token}, {"HS_TOKEN=not-the-token-for-replay"},
                                {"--allow-reread", "marketing"});
  CheckPassed(r, {"fault_token_expiry"});
  // The three contacts touched between the reads are what the first incremental read found.
  CHECK_THAT(r.recorded_lines.at("incremental"), Contains("read 1: 3 changed, 1 overlap"));
  CHECK(r.replayed_lines.at("incremental") == r.recorded_lines.at("incremental"));
  // 97: the companies of type PARTNER are also partner rows since hubspot 0.5.0.
  CHECK_THAT(r.replayed_lines.at("fault_429"), Contains("1 retries, then the same 97 rows"));
  CHECK_THAT(r.replayed_lines.at("fault_html_200"), Contains("the read failed clearly"));

  // A replay the plugin asks something else of names the request it does not have.
  const std::string other =
      dir.Write("other.yaml",
                "base_url: http://127.0.0.1:1/hubspot\naccess_token: not-a-token-at-all\n"
                "portal_id: \"42\"\nsearch_requests_per_second: 200\npage_size: 7\n");
  ProcessResult wrong = Kit(dir, "hubspot", other,
                            {"--fixture", dir.File("fixture"), "--skip", "kill_resume", "--skip",
                             "fault_http", "--skip", "incremental"});
  CHECK(wrong.exit_code == 1);
  CHECK_THAT(wrong.out, Contains("the recording has no exchange for GET "
                                 "http://127.0.0.1:1/hubspot/crm/v3/objects/"));
}

TEST_CASE("test-plugin: salesforce (OAuth) recorded against the fake, replayed offline") {
  TempDir dir;
  auto server = StartFake(10);
  const std::string config =
      dir.Write("salesforce.yaml",
                "login_url: " + server->url("/salesforce") +
                    "\nclient_id: fake-salesforce-client-id\nclient_secret: ${env:SF_SECRET}\n"
                    "refresh_token: ${env:SF_REFRESH}\nrequests_per_second: 500\n"
                    "burst: 500\nbatch_size: 200\n");
  Recorded r = RecordThenReplay(
      dir, std::move(server), "salesforce", config,
      "/_admin/dataset/touch?entity=contacts&first=0&count=3",
      {"fake-salesforce-client-secret", "fake-salesforce-refresh-token"},
      {"SF_SECRET=fake-salesforce-client-secret", "SF_REFRESH=fake-salesforce-refresh-token"},
      {"SF_SECRET=other-secret-for-the-replay", "SF_REFRESH=other-refresh-for-the-replay"});
  CheckPassed(r, {});
  CHECK_THAT(r.replayed_lines.at("fault_token_expiry"), Contains("retries, then the same"));
  CHECK_THAT(r.recorded_lines.at("incremental"), Contains("read 1: 3 changed"));
  // The token responses went into the fixture without their credentials.
  const std::string fixture = AllText(dir.File("fixture"));
  CHECK_THAT(fixture, Contains(R"(\"access_token\":\"***\")"));
}

TEST_CASE("test-plugin: the rest connector's partnerstack manifest, recorded and replayed") {
  TempDir dir;
  auto server = StartFake(20);
  const std::string config =
      dir.Write("partnerstack.yaml",
                "manifest: partnerstack\nbase_url: " + server->url("/partnerstack/api/v2") +
                    "\npublic_key: ${env:PS_PUBLIC}\nsecret_key: ${env:PS_SECRET}\npage_size: 5\n");
  Recorded r = RecordThenReplay(
      dir, std::move(server), "rest", config, "/_admin/dataset/touch?entity=deals&first=0&count=40",
      {"pk_fake_partnerstack_0042", "sk_fake_partnerstack_0042"},
      {"PS_PUBLIC=pk_fake_partnerstack_0042", "PS_SECRET=sk_fake_partnerstack_0042"},
      {"PS_PUBLIC=pk_other_for_replay", "PS_SECRET=sk_other_for_replay"});
  CheckPassed(r, {"fault_token_expiry"});
  CHECK_THAT(r.recorded_lines.at("discover"),
             Contains("partnerships (partner, key key, incremental)"));
}

TEST_CASE("test-plugin: the rest connector's impartner manifest, recorded and replayed") {
  TempDir dir;
  FakeApiOptions options;
  options.dataset.scale = 20;
  options.impartner.tenant_id = "864";
  auto started = FakeApiServer::Start(std::move(options));
  REQUIRE(started.ok());
  auto server = std::move(*started);
  const std::string config =
      dir.Write("impartner.yaml",
                "manifest: impartner\nbase_url: " + server->url("/impartner/api/objects/v1") +
                    "\napi_key: ${env:IMP_KEY}\ntenant_id: \"864\"\npage_size: 2\n");
  Recorded r = RecordThenReplay(
      dir, std::move(server), "rest", config, "", {"fake-impartner-api-key-0042"},
      {"IMP_KEY=fake-impartner-api-key-0042"}, {"IMP_KEY=another-key-for-the-replay"});
  CheckPassed(r, {"fault_token_expiry", "incremental"});
}

}  // namespace
