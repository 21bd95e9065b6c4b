// The file connector's state JSON: its exact text (a stored format), round trips, and refusals.
#include "file_state.h"

#include <catch2/catch.hpp>

#include <string>

namespace tempo::file {
namespace {

StreamState SampleState() {
  StreamState state;
  state.files["2025-01.csv"] = {1767225600123456789, 5120, 0x5f0c6a1d2e3b4c7aull};
  state.files["we\"ird\\name\n.csv"] = {-5, 0};
  state.cursor = "2026-01-05T10:00:00Z";
  RunState run;
  run.incremental = true;
  run.done["a.csv"] = {1, 2};
  run.position = ResumePoint{"b.jsonl", {1767225600000000000, 18446744073709551615ull}, 40960, 812};
  run.max_cursor = "2026-02-01T08:30:00Z";
  state.run = run;
  return state;
}

void CheckSame(const StreamState& a, const StreamState& b) {
  CHECK(a.files == b.files);
  for (const auto& [name, stamp] : a.files)
    CHECK(b.files.at(name).content_hash == stamp.content_hash);
  CHECK(a.cursor == b.cursor);
  REQUIRE(a.run.has_value() == b.run.has_value());
  if (!a.run) return;
  CHECK(a.run->incremental == b.run->incremental);
  CHECK(a.run->done == b.run->done);
  CHECK(a.run->max_cursor == b.run->max_cursor);
  REQUIRE(a.run->position.has_value() == b.run->position.has_value());
  if (!a.run->position) return;
  CHECK(a.run->position->file == b.run->position->file);
  CHECK(a.run->position->stamp == b.run->position->stamp);
  CHECK(a.run->position->offset == b.run->position->offset);
  CHECK(a.run->position->line == b.run->position->line);
}

TEST_CASE("EncodeState writes the documented format") {
  StreamState completed;
  completed.files["partners.csv"] = {1767225600000000000, 5120};
  completed.cursor = "2026-01-05T10:00:00Z";
  CHECK(EncodeState(completed) ==
        R"({"version":1,"files":{"partners.csv":{"mtime_ns":1767225600000000000,"size":5120}},)"
        R"("cursor":"2026-01-05T10:00:00Z"})");

  CHECK(EncodeState(StreamState()) == R"({"version":1,"files":{}})");

  StreamState hashed;  // a file read through: its content hash, 16 hex digits
  hashed.files["a.csv"] = {7, 99, 0x00000000000000ffull};
  CHECK(
      EncodeState(hashed) ==
      R"({"version":1,"files":{"a.csv":{"mtime_ns":7,"size":99,"content_hash":"00000000000000ff"}}})");

  StreamState running;
  running.run.emplace();
  running.run->position = ResumePoint{"b.csv", {7, 99}, 64, 3};
  CHECK(EncodeState(running) ==
        R"({"version":1,"files":{},"run":{"mode":"full_refresh","done":{},)"
        R"("position":{"file":"b.csv","mtime_ns":7,"size":99,"offset":64,"line":3}}})");
}

TEST_CASE("DecodeState reads back what EncodeState wrote") {
  StreamState original = SampleState();
  std::string json = EncodeState(original);
  StreamState decoded;
  REQUIRE(DecodeState(json, &decoded).ok());
  CheckSame(original, decoded);
  CHECK(EncodeState(decoded) == json);

  original.run->position.reset();
  original.run->max_cursor.clear();
  original.cursor.clear();
  json = EncodeState(original);
  REQUIRE(DecodeState(json, &decoded).ok());
  CheckSame(original, decoded);
}

TEST_CASE("DecodeState: empty text is the empty state, unknown keys are ignored") {
  StreamState state = SampleState();
  REQUIRE(DecodeState("", &state).ok());
  CHECK(state.files.empty());
  CHECK(!state.run);

  REQUIRE(DecodeState(R"( {"version":1,"later":{"x":[1]},"files":{"a.csv":)"
                      R"({"mtime_ns":3,"size":4,"hash":"ab"}},"cursor":"c"} )",
                      &state)
              .ok());
  CHECK(state.files.at("a.csv") == FileStamp{3, 4});
  CHECK(state.cursor == "c");
}

TEST_CASE("DecodeState refuses text that is not a state of this version") {
  StreamState state;
  for (const char* bad : {
           "{",
           "[1]",
           "not json",
           R"({"version":1,"files":{"a.csv":{"mtime_ns":"x"}}})",
           R"({"version":1,"files":{}} trailing)",
           R"({"version":1,"run":{"done":{}}})",
           R"({"version":1,"run":{"mode":"sideways"}})",
       }) {
    CAPTURE(bad);
    sdk::Status s = DecodeState(bad, &state);
    CHECK(s.code() == TEMPO_ERR_DATA);
  }
  sdk::Status s = DecodeState(R"({"version":2,"files":{}})", &state);
  CHECK(s.code() == TEMPO_ERR_DATA);
  CHECK(s.message().find("version 2") != std::string::npos);
  CHECK(DecodeState(R"({"files":{}})", &state).code() == TEMPO_ERR_DATA);
}

}  // namespace
}  // namespace tempo::file
