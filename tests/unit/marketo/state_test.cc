// The marketo streams' states: round trips through versioned JSON, and refusals that say what to
// do.
#include "state.h"

#include <catch2/catch.hpp>

namespace mk = tempo::marketo;

TEST_CASE("marketo state: leads, with a run in the middle of an export, round-trips") {
  mk::LeadsState s;
  s.cursor_ms = 1700000000000;
  s.deleted_token = "GIYDAOBN====";
  s.changes_token = "";
  mk::LeadsRun run;
  run.incremental = true;
  run.delta = true;
  run.phase = "windows";
  run.filter = "updatedAt";
  run.started_ms = 1700000300000;
  run.window_ms = 1702678400000;
  run.job = mk::ExportJobState{"ce45a7a1", 1700000000000, 1702678400000,       false,
                               true,       8192,          "id,email,updatedAt"};
  run.next = mk::ExportJobState{"9f1e2d3c", 1702678400000, 1703000000000, true, false, 0, ""};
  s.run = run;
  const std::string json = mk::EncodeState(s);
  CHECK(json.find("\"version\":1") != std::string::npos);
  mk::LeadsState back;
  REQUIRE(mk::DecodeState(json, &back).ok());
  CHECK(mk::EncodeState(back) == json);
  REQUIRE(back.run);
  REQUIRE(back.run->job);
  CHECK(back.run->job->offset == 8192);
  CHECK(back.run->job->columns == "id,email,updatedAt");
  REQUIRE(back.run->next);
  CHECK(back.run->next->last);
  CHECK(!back.run->next->enqueued);
}

TEST_CASE("marketo state: programs and program_members round-trip, empty is fresh") {
  mk::ProgramsState p;
  p.cursor_ms = 5;
  p.run = mk::ProgramsRun{true, 400, 7, 5};
  mk::ProgramsState pb;
  REQUIRE(mk::DecodeState(mk::EncodeState(p), &pb).ok());
  CHECK(mk::EncodeState(pb) == mk::EncodeState(p));
  mk::MembersState m;
  m.run = mk::MembersRun{1042, "TOKEN==", 9};
  mk::MembersState mb;
  REQUIRE(mk::DecodeState(mk::EncodeState(m), &mb).ok());
  CHECK(mb.run->program_id == 1042);
  CHECK(mb.run->token == "TOKEN==");
  mk::LeadsState fresh;
  REQUIRE(mk::DecodeState("", &fresh).ok());
  CHECK(fresh.cursor_ms == -1);
  CHECK(!fresh.run);
}

TEST_CASE("marketo state: a newer, unversioned, malformed or unknown state is refused") {
  mk::LeadsState s;
  auto refusal = [&](const std::string& json) {
    tempo::sdk::Status st = mk::DecodeState(json, &s);
    REQUIRE(!st.ok());
    CHECK(st.code() == TEMPO_ERR_DATA);
    return st.message();
  };
  CHECK(refusal(R"({"version":2})").find("newer version") != std::string::npos);
  CHECK(refusal(R"({"cursor_ms":1})").find("full refresh") != std::string::npos);
  CHECK(refusal("not json").find("not a JSON object") != std::string::npos);
  CHECK(refusal(R"({"version":1,"cursor_ms":"soon"})").find("'cursor_ms'") != std::string::npos);
  CHECK(refusal(R"({"version":1,"run":{"phase":"dreaming"}})").find("unknown phase") !=
        std::string::npos);
  CHECK(refusal(R"({"version":1,"run":{"phase":"windows","filter":"smartList"}})")
            .find("unknown export filter") != std::string::npos);
}
