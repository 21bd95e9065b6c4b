// The streams' states: what is written decodes to the same, a newer version is refused, and a
// malformed map names its key.
#include "state.h"

#include <catch2/catch.hpp>

namespace mc = tempo::mailchimp;

TEST_CASE("members state round-trips with its run") {
  mc::MembersState s;
  s.cursors["a1"] = 1000;
  s.cursors["b2"] = 2000;
  mc::MembersState::Run run;
  run.incremental = true;
  run.started_ms = 500;
  run.done = {"a1"};
  run.list = "b2";
  run.pass.since_ms = 1500;
  run.pass.offset = 7;
  run.pass.last_id = "abc";
  run.pass.last_ms = 1600;
  run.newest_ms = 1700;
  run.page = 3;
  s.run = run;
  mc::MembersState back;
  REQUIRE(mc::DecodeState(mc::EncodeState(s), "members", &back).ok());
  CHECK(back.cursors == s.cursors);
  REQUIRE(back.run);
  CHECK(back.run->incremental);
  CHECK(back.run->done == std::set<std::string, std::less<>>{"a1"});
  CHECK(back.run->list == "b2");
  CHECK(back.run->pass.since_ms == 1500);
  CHECK(back.run->pass.offset == 7);
  CHECK(back.run->pass.last_id == "abc");
  CHECK(back.run->pass.last_ms == 1600);
  CHECK(back.run->newest_ms == 1700);
  CHECK(back.run->page == 3);
}

TEST_CASE("campaigns and email_activity states round-trip") {
  mc::CampaignsState c;
  c.cursor_ms = 42;
  c.run.emplace();
  c.run->oldest_open_ms = 7;
  c.run->pass.since_ms = 9;
  mc::CampaignsState cb;
  REQUIRE(mc::DecodeState(mc::EncodeState(c), "campaigns", &cb).ok());
  CHECK(cb.cursor_ms == 42);
  REQUIRE(cb.run);
  CHECK(cb.run->oldest_open_ms == 7);
  CHECK(cb.run->pass.since_ms == 9);

  mc::ActivityState a;
  a.run = mc::ActivityState::Run{"c1", 100, 2000, 3};
  mc::ActivityState ab;
  REQUIRE(mc::DecodeState(mc::EncodeState(a), "email_activity", &ab).ok());
  REQUIRE(ab.run);
  CHECK(ab.run->campaign_id == "c1");
  CHECK(ab.run->offset == 2000);
  REQUIRE(mc::DecodeState(mc::EncodeState(mc::ActivityState()), "email_activity", &ab).ok());
  CHECK_FALSE(ab.run);
}

TEST_CASE("a fresh, newer or malformed state") {
  mc::MembersState s;
  REQUIRE(mc::DecodeState("", "members", &s).ok());
  CHECK(s.cursors.empty());
  CHECK_FALSE(s.run);
  auto newer = mc::DecodeState(R"({"version":2})", "members", &s);
  CHECK(newer.code() == TEMPO_ERR_DATA);
  CHECK(newer.message().find("newer") != std::string::npos);
  auto bad = mc::DecodeState(R"({"version":1,"lists":{"a":"x"}})", "members", &s);
  CHECK(bad.code() == TEMPO_ERR_DATA);
  CHECK(bad.message().find("'lists'") != std::string::npos);
}
