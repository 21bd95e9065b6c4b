// The stream state: versioned, round-trips, refuses what it cannot read.
#include <catch2/catch.hpp>

#include "state.h"

namespace {

using tempo::rest::DecodeState;
using tempo::rest::EncodeState;
using tempo::rest::StreamState;

TEST_CASE("state: between reads and mid-read, round trip") {
  StreamState s;
  s.cursor_ms = 1719705600000;
  CHECK(EncodeState(s) == R"({"version":1,"cursor_ms":1719705600000})");
  s.running = true;
  s.lower_ms = 1719705600000;
  s.started_ms = 1719791700000;
  s.position = "part_8U5s";
  s.pages = 3;
  StreamState back;
  REQUIRE(DecodeState(EncodeState(s), "stream 'x'", &back).ok());
  CHECK(back.cursor_ms == s.cursor_ms);
  CHECK(back.running);
  CHECK(back.lower_ms == s.lower_ms);
  CHECK(back.started_ms == s.started_ms);
  CHECK(back.position == "part_8U5s");
  CHECK(back.pages == 3);
  REQUIRE(DecodeState("", "stream 'x'", &back).ok());
  CHECK(back.cursor_ms == -1);
  CHECK_FALSE(back.running);
}

TEST_CASE("state: a newer version or a wrong type is refused with what to do") {
  StreamState back;
  tempo::sdk::Status s = DecodeState(R"({"version":2})", "PartnerStack stream 'deals'", &back);
  CHECK_FALSE(s.ok());
  CHECK_THAT(s.message(), Catch::Contains("written by a newer version"));
  s = DecodeState(R"({"version":1,"cursor_ms":"x"})", "PartnerStack stream 'deals'", &back);
  CHECK_THAT(s.message(), Catch::Contains("'cursor_ms' is not an integer"));
}

}  // namespace
