// The programs and program_members readers against the kit's fake host and a scripted Marketo:
// offset paging to the "No assets found" warning, the updated-since filter, member pages by
// token (a token on every page, empty pages that say more), a program deleted meanwhile, and a
// killed read resumed at its program and page.
#include "program_reader.h"

#include <catch2/catch.hpp>

#include <memory>
#include <string>

#include "activities.h"
#include "scripted_marketo.h"
#include "tempo/cursor.hpp"
#include "tempo/testing/fake_host.hpp"
#include "tempo/time.hpp"

namespace mk = tempo::marketo;
namespace sdk = tempo::sdk;
using mk::testing::ActivityPage;
using mk::testing::ScriptedMarketo;
using sdk::testing::FakeHost;
using sdk::testing::FakeHttpRequest;

namespace {

std::string Program(int id, const std::string& extra = "") {
  return R"({"id":)" + std::to_string(id) + R"(,"name":"Program )" + std::to_string(id) +
         R"(","createdAt":"2024-01-01T00:00:00Z+0000","updatedAt":"2024-02-01T00:00:00Z+0000",)"
         R"("type":"Default","channel":"Online Advertising")" +
         extra + "}";
}

std::string Member(int lead, bool success) {
  return R"({"id":)" + std::to_string(lead) +
         R"(,"email":"l@x.example","membership":{)"
         R"("progressionStatus":"Member","acquiredBy":false,"reachedSuccess":)" +
         (success ? "true" : "false") + R"(,"membershipDate":"2024-03-01T00:00:00Z"}})";
}

struct Fixture {
  FakeHost host;
  sdk::Context ctx{host.ctx()};
  ScriptedMarketo marketo;
  mk::Config config;
  std::unique_ptr<mk::MarketoClient> client;
  std::unique_ptr<mk::ProgramReader> reader;

  Fixture() {
    REQUIRE(mk::ReadConfig(R"({"base_url":"https://mk.example","client_id":"i",)"
                           R"("client_secret":"s"})",
                           &config)
                .ok());
    client = std::make_unique<mk::MarketoClient>(config);
    client->set_sleeper([](sdk::Context&, double) { return true; });
    reader = std::make_unique<mk::ProgramReader>(config, *client);
    host.http = [this](const FakeHttpRequest& r) { return marketo(r); };
    // Three programs on two pages (the fake pages 200 at a time; a short page is not the end).
    marketo.program_pages[0] =
        "[" + Program(1001, R"(,"costs":[{"startDate":"2024-01-01","cost":100}])") + "," +
        Program(1002) + "]";
    marketo.program_pages[2] = "[" + Program(1003) + "]";
    // 1001: a member, an empty page that says more, a member; 1002: gone; 1003: one page.
    marketo.member_pages["1001:"] = ActivityPage("[" + Member(7, true) + "]", "A1==", true);
    marketo.member_pages["1001:A1%3D%3D"] = ActivityPage("[]", "A2", true);
    marketo.member_pages["1001:A2"] = ActivityPage("[" + Member(8, false) + "]", "A3", false);
    marketo.member_pages["1003:"] = ActivityPage("[" + Member(7, false) + "]", "C1", false);
  }
};

}  // namespace

TEST_CASE("marketo programs: offset paging to the No assets found warning, a checkpoint a page") {
  Fixture f;
  const int64_t before = sdk::NowMs();
  REQUIRE(f.reader->ReadPrograms(f.ctx, {"programs", TEMPO_SYNC_FULL_REFRESH, ""}).ok());
  CHECK(f.host.Count("campaign") == 3);
  CHECK(f.host.Row("campaign", "1001").fields.at("cost_usd") == "r:100.000000");
  CHECK(f.host.Row("campaign", "1002").updated_at == "2024-02-01T00:00:00Z");
  std::vector<std::string> offsets;
  for (const FakeHttpRequest& r : f.host.requests) {
    offsets.push_back(mk::testing::Param(r.url, "offset"));
    CHECK(mk::testing::Param(r.url, "maxReturn") == "200");
    CHECK(r.url.find("earliestUpdatedAt") == std::string::npos);
  }
  CHECK(offsets == std::vector<std::string>{"0", "2", "3"});
  REQUIRE(f.host.states.size() == 3);
  CHECK(f.host.states[0].find("\"offset\":2") != std::string::npos);
  mk::ProgramsState done;
  REQUIRE(mk::DecodeState(f.host.committed_state, &done).ok());
  CHECK(done.cursor_ms >= sdk::ReadStart(before));
  CHECK(!done.run);
}

TEST_CASE("marketo programs: an incremental read asks for the programs updated since the cursor") {
  Fixture f;
  mk::ProgramsState previous;
  previous.cursor_ms = *sdk::ParseIsoMs("2024-01-15T00:00:00Z");
  REQUIRE(
      f.reader->ReadPrograms(f.ctx, {"programs", TEMPO_SYNC_INCREMENTAL, mk::EncodeState(previous)})
          .ok());
  const std::string& url = f.host.requests.front().url;
  CHECK(mk::testing::Param(url, "earliestUpdatedAt") == "2024-01-15T00%3A00%3A00Z");
  CHECK(!mk::testing::Param(url, "latestUpdatedAt").empty());
}

TEST_CASE("marketo program members: token pages while moreResult, empty pages included") {
  Fixture f;
  REQUIRE(f.reader->ReadMembers(f.ctx, {"program_members", TEMPO_SYNC_FULL_REFRESH, ""}).ok());
  CHECK(f.host.Count("campaign_member") == 3);
  const auto& m = f.host.Row("campaign_member", "1001:7");
  CHECK(m.fields.at("campaign_source_id") == "s:1001");
  CHECK(m.fields.at("lead_source_id") == "s:7");
  CHECK(m.fields.at("responded") == "b:1");
  CHECK(f.host.Row("campaign_member", "1001:8").fields.at("responded") == "b:0");
  CHECK(f.host.Row("campaign_member", "1003:7").fields.at("first_touch_at") ==
        "s:2024-03-01T00:00:00Z");
  bool warned = false;
  for (const std::string& line : f.host.logs) warned |= line.find("1013") != std::string::npos;
  CHECK(warned);  // program 1002 went away: skipped, said so
  mk::MembersState done;
  REQUIRE(mk::DecodeState(f.host.committed_state, &done).ok());
  CHECK(!done.run);
}

TEST_CASE("marketo program members: a killed read resumes at its program and page") {
  for (int kill_at = 1; kill_at <= 4; ++kill_at) {
    INFO("killed at checkpoint " << kill_at);
    Fixture f;
    f.host.fail_checkpoint_number = kill_at;
    CHECK(!f.reader->ReadMembers(f.ctx, {"program_members", TEMPO_SYNC_FULL_REFRESH, ""}).ok());
    mk::MembersState committed;
    REQUIRE(mk::DecodeState(f.host.committed_state, &committed).ok());
    f.host.Restart();
    f.host.fail_checkpoint_number = 0;
    const size_t from = f.host.requests.size();
    REQUIRE(f.reader
                ->ReadMembers(f.ctx,
                              {"program_members", TEMPO_SYNC_FULL_REFRESH, f.host.committed_state})
                .ok());
    CHECK(f.host.Count("campaign_member") == 3);
    if (committed.run && !committed.run->token.empty()) {
      // The first member page asked for is the committed one.
      for (size_t i = from; i < f.host.requests.size(); ++i) {
        if (f.host.requests[i].url.find("/leads/programs/") == std::string::npos) continue;
        CHECK(mk::testing::Param(f.host.requests[i].url, "nextPageToken") ==
              mk::UrlEncode(committed.run->token));
        break;
      }
    }
  }
}
