// tempo/state.hpp: versioned state, written and read back; refusals that say what to do.
#include "tempo/state.hpp"

#include <catch2/catch.hpp>

namespace sdk = tempo::sdk;

TEST_CASE("state: written and read back, nested objects and absent keys") {
  sdk::StateWriter w(2);
  w.Int("cursor_ms", 1719705600000).Str("id", "a\"b").BeginObject("run").Bool("tie", true);
  w.Str("phase", "list").EndObject();
  const std::string text = w.Take();
  CHECK(text ==
        R"({"version":2,"cursor_ms":1719705600000,"id":"a\"b","run":{"tie":true,"phase":"list"}})");
  sdk::StateReader r;
  REQUIRE(sdk::StateReader::Parse(text, 2, 1, "stream 's'", &r).ok());
  CHECK_FALSE(r.fresh());
  CHECK(r.version() == 2);
  int64_t cursor = -1, absent = 77;
  std::string id;
  REQUIRE(r.Get("cursor_ms", &cursor).ok());
  REQUIRE(r.Get("id", &id).ok());
  REQUIRE(r.Get("nope", &absent).ok());
  CHECK(cursor == 1719705600000);
  CHECK(id == "a\"b");
  CHECK(absent == 77);  // left alone
  std::optional<sdk::StateReader> run;
  REQUIRE(r.Object("run", &run).ok());
  REQUIRE(run);
  bool tie = false;
  REQUIRE(run->Get("tie", &tie).ok());
  CHECK(tie);
  std::optional<sdk::StateReader> none;
  REQUIRE(r.Object("missing", &none).ok());
  CHECK_FALSE(none);
}

TEST_CASE("state: empty is fresh, an unversioned state is version 0") {
  sdk::StateReader r;
  REQUIRE(sdk::StateReader::Parse("", 3, 0, "stream 's'", &r).ok());
  CHECK(r.fresh());
  int64_t v = 5;
  REQUIRE(r.Get("x", &v).ok());
  CHECK(v == 5);
  REQUIRE(sdk::StateReader::Parse(R"({"cursor_ms":5})", 3, 0, "stream 's'", &r).ok());
  CHECK(r.version() == 0);
}

TEST_CASE("state: refusals name the stream, the cause and the fix") {
  sdk::StateReader r;
  sdk::Status s = sdk::StateReader::Parse(R"({"version":4})", 3, 1, "HubSpot stream 'deals'", &r);
  CHECK(s.code() == TEMPO_ERR_DATA);
  CHECK(s.message() ==
        "HubSpot stream 'deals': the stored state is version 4, written by a newer version of "
        "this connector (it reads up to 3); upgrade the plugin, or run a full refresh to start "
        "over");
  s = sdk::StateReader::Parse(R"({"cursor_ms":1})", 3, 1, "HubSpot stream 'deals'", &r);
  CHECK(s.code() == TEMPO_ERR_DATA);
  CHECK_THAT(s.message(), Catch::Contains("version 0") && Catch::Contains("--full-refresh"));
  s = sdk::StateReader::Parse("[1,2]", 3, 0, "stream 's'", &r);
  CHECK_THAT(s.message(), Catch::Contains("not a JSON object"));
  s = sdk::StateReader::Parse("{\"version\":1,", 3, 0, "stream 's'", &r);
  CHECK(s.code() == TEMPO_ERR_DATA);
  REQUIRE(sdk::StateReader::Parse(R"({"version":1,"cursor_ms":"x","run":{"page":true}})", 1, 0,
                                  "stream 's'", &r)
              .ok());
  int64_t n = 0;
  s = r.Get("cursor_ms", &n);
  CHECK_THAT(s.message(), Catch::Contains("'cursor_ms' is not an integer"));
  std::optional<sdk::StateReader> run;
  REQUIRE(r.Object("run", &run).ok());
  s = run->Get("page", &n);
  CHECK_THAT(s.message(), Catch::Contains("'run.page' is not an integer"));
}
