// The crossbeam streams' states: round trips, and what an unreadable or newer state says.
#include "state.h"

#include <catch2/catch.hpp>

namespace xb = tempo::crossbeam;

TEST_CASE("crossbeam state: overlap and page states round-trip, versioned") {
  xb::OverlapState s;
  s.organization = "org";
  s.query = "limit=1000";
  s.cursor = "eyJ\"x\\";
  s.next_href = "https://api.crossbeam.com/v1/overlaps/accounts?cursor=eyJ";
  s.final = true;
  s.page = 7;
  const std::string text = xb::EncodeOverlapState(s);
  CHECK(text.rfind(R"({"version":1,)", 0) == 0);
  xb::OverlapState back;
  REQUIRE(xb::DecodeOverlapState(text, "account_overlaps", &back).ok());
  CHECK(back.organization == s.organization);
  CHECK(back.query == s.query);
  CHECK(back.cursor == s.cursor);
  CHECK(back.next_href == s.next_href);
  CHECK(back.final);
  CHECK(back.page == 7);

  xb::PageState p;
  REQUIRE(xb::DecodePageState(xb::EncodePageState({3}), "partners", &p).ok());
  CHECK(p.page == 3);
  REQUIRE(xb::DecodePageState(xb::EncodePageState({}), "partners", &p).ok());
  CHECK(p.page == 0);
  REQUIRE(xb::DecodeOverlapState("", "lead_overlaps", &back).ok());  // a first read
  CHECK(back.cursor.empty());
  CHECK_FALSE(back.final);
}

TEST_CASE("crossbeam state: a newer, older, or garbled state is refused with what to do") {
  xb::OverlapState s;
  tempo::sdk::Status newer = xb::DecodeOverlapState(R"({"version":2,"cursor":"x"})", "a", &s);
  CHECK(newer.code() == TEMPO_ERR_DATA);
  CHECK_THAT(newer.message(), Catch::Contains("newer version"));
  tempo::sdk::Status older = xb::DecodeOverlapState(R"({"cursor":"x"})", "a", &s);  // version 0
  CHECK(older.code() == TEMPO_ERR_DATA);
  CHECK_THAT(older.message(), Catch::Contains("full refresh"));
  CHECK(xb::DecodeOverlapState("[1]", "a", &s).code() == TEMPO_ERR_DATA);
  tempo::sdk::Status wrong = xb::DecodeOverlapState(R"({"version":1,"final":"yes"})", "a", &s);
  CHECK(wrong.code() == TEMPO_ERR_DATA);
  CHECK_THAT(wrong.message(), Catch::Contains("'final'"));
}
