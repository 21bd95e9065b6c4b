// The hubspot state: versioned round trip, and what earlier versions wrote still resumes.
#include "state.h"

#include <catch2/catch.hpp>

namespace hs = tempo::hubspot;

TEST_CASE("hubspot state: round trip, with and without an unfinished run") {
  hs::StreamState s;
  s.cursor_ms = 1719705600000;
  s.cursor_id = "42";
  CHECK(hs::EncodeState(s) == R"({"version":1,"cursor_ms":1719705600000,"cursor_id":"42"})");
  hs::RunState run;
  run.incremental = true;
  run.phase = "search";
  run.anchor_ms = 5;
  run.anchor_id = "7";
  run.tie = true;
  run.offset = 200;
  run.max = {9, "11"};
  run.page = 3;
  run.started_ms = 1;
  s.run = run;
  hs::StreamState back;
  REQUIRE(hs::DecodeState(hs::EncodeState(s), "contacts", &back).ok());
  REQUIRE(back.run);
  CHECK(back.cursor_ms == s.cursor_ms);
  CHECK(back.run->phase == "search");
  CHECK(back.run->anchor_id == "7");
  CHECK(back.run->tie);
  CHECK(back.run->offset == 200);
  CHECK(back.run->max == tempo::sdk::Keyset{9, "11"});
  CHECK(back.run->page == 3);
  CHECK(back.run->started_ms == 1);
}

TEST_CASE("hubspot state: the unversioned states of 0.1 and 0.2.0 still decode") {
  hs::StreamState s;
  REQUIRE(
      hs::DecodeState(R"({"cursor_ms":1706868672345,"cursor_id":"101","run":{"incremental":false,)"
                      R"("phase":"list","after":"MTAy","anchor_ms":-1,"anchor_id":"","tie":false,)"
                      R"("offset":0,"max_ms":1706868672345,"max_id":"101","page":4}})",
                      "deals", &s)
          .ok());
  CHECK(s.cursor_ms == 1706868672345);
  REQUIRE(s.run);
  CHECK(s.run->after == "MTAy");
  CHECK(s.run->page == 4);
  CHECK(s.run->started_ms == -1);  // 0.1 did not record it: the hand-over falls back
  REQUIRE(hs::DecodeState("", "deals", &s).ok());
  CHECK(s.cursor_ms == -1);
  CHECK_FALSE(s.run);
}

TEST_CASE("hubspot state: a state it cannot trust is refused, saying what to do") {
  hs::StreamState s;
  auto status = hs::DecodeState(R"({"version":1,"run":{"phase":"sideways"}})", "deals", &s);
  CHECK(status.code() == TEMPO_ERR_DATA);
  CHECK_THAT(status.message(), Catch::Contains("HubSpot stream 'deals'") &&
                                   Catch::Contains("unknown phase") &&
                                   Catch::Contains("--full-refresh --stream deals"));
  status = hs::DecodeState(R"({"version":2})", "deals", &s);
  CHECK_THAT(status.message(), Catch::Contains("newer version"));
  status = hs::DecodeState(R"({"version":1,"cursor_ms":"soon"})", "deals", &s);
  CHECK_THAT(status.message(), Catch::Contains("'cursor_ms' is not an integer"));
}
