// state.h: the stream state written and read back, version 0 (before the kit) included.
#include "state.h"

#include <catch2/catch.hpp>

#include "tempo/time.hpp"

namespace tempo::salesforce {
namespace {

StreamState Decode(std::string_view text) {
  StreamState state;
  sdk::Status s = DecodeState(text, "contact", &state);
  INFO(s.message());
  REQUIRE(s.ok());
  return state;
}

TEST_CASE("state: written with its version and read back") {
  const int64_t at = *sdk::ParseIsoMs("2024-04-01T12:34:56.120Z");
  const StreamState unfinished{{at, "003A"}, 1719705300000};
  const std::string text = EncodeState(unfinished);
  CHECK(
      text ==
      R"({"version":1,"modstamp":"2024-04-01T12:34:56.120Z","id":"003A","started_ms":1719705300000})");
  StreamState back = Decode(text);
  CHECK(back.cursor == unfinished.cursor);
  CHECK(back.started_ms == unfinished.started_ms);
  // A completed read's hand-over: no id, no start.
  const StreamState handed{{at - 120, ""}, -1};
  CHECK(EncodeState(handed) == R"({"version":1,"modstamp":"2024-04-01T12:34:56Z","id":""})");
  CHECK(Decode(EncodeState(handed)).cursor == handed.cursor);
  CHECK(EncodeState({}) == R"({"version":1})");
  CHECK(Decode(R"({"version":1})").cursor.empty());
}

TEST_CASE("state: an unversioned state (connector 0.2.0 before the kit) is version 0") {
  struct Row {
    const char* text;
    const char* modstamp;
    const char* id;
    int64_t started_ms;
  };
  const Row rows[] = {
      {R"({"modstamp":"2024-04-01T12:34:56Z","id":"003A"})", "2024-04-01T12:34:56Z", "003A", -1},
      {R"({"modstamp":"2024-06-30T00:00:00.000Z","id":""})", "2024-06-30T00:00:00Z", "", -1},
      {R"({"modstamp":"2024-04-01T12:34:56.120Z","id":"003B","started_ms":1719705300000})",
       "2024-04-01T12:34:56.120Z", "003B", 1719705300000},
  };
  for (const Row& r : rows) {
    INFO(r.text);
    StreamState s = Decode(r.text);
    CHECK(s.cursor.ms == *sdk::ParseIsoMs(r.modstamp));
    CHECK(s.cursor.id == r.id);
    CHECK(s.started_ms == r.started_ms);
  }
  StreamState empty = Decode("");
  CHECK(empty.cursor.empty());
  CHECK(empty.started_ms == -1);
}

TEST_CASE("state: refusals say what to do") {
  struct Row {
    const char* text;
    const char* says;
  };
  const Row rows[] = {
      {"not json", "full refresh"},
      {R"({"version":2,"modstamp":"2024-04-01T12:34:56Z"})", "newer version"},
      {R"({"modstamp":"yesterday","id":"003A"})", "not a date-time"},
      {R"({"modstamp":12,"id":"003A"})", "'modstamp' is not a string"},
      {R"({"modstamp":"2024-04-01T12:34:56Z","started_ms":"x"})", "'started_ms' is not an integer"},
  };
  for (const Row& r : rows) {
    INFO(r.text);
    StreamState state;
    sdk::Status s = DecodeState(r.text, "contact", &state);
    CHECK(s.code() == TEMPO_ERR_DATA);
    CHECK_THAT(s.message(), Catch::Contains("stream 'contact'") && Catch::Contains(r.says));
  }
}

}  // namespace
}  // namespace tempo::salesforce
