// The leads stream's time arithmetic: export windows, the filter date format, the request body,
// the poll schedule and byte ranges.
#include "windows.h"

#include <catch2/catch.hpp>

#include "tempo/time.hpp"

namespace mk = tempo::marketo;

namespace {

int64_t Ms(const char* iso) { return *tempo::sdk::ParseIsoMs(iso); }

}  // namespace

TEST_CASE("marketo windows: at most 31 days, whole seconds, the last one ends at now") {
  const int64_t now = Ms("2024-03-15T10:00:00.250Z");
  auto w = mk::NextWindow(Ms("2024-01-01T00:00:00.900Z"), now);
  REQUIRE(w);
  CHECK(w->start_ms == Ms("2024-01-01T00:00:00Z"));  // down to the second
  CHECK(w->end_ms == Ms("2024-02-01T00:00:00Z"));
  CHECK(!w->last);
  w = mk::NextWindow(Ms("2024-03-01T00:00:00Z"), now);
  REQUIRE(w);
  CHECK(w->end_ms == Ms("2024-03-15T10:00:01Z"));  // now, up to the second
  CHECK(w->last);
  CHECK(!mk::NextWindow(Ms("2024-03-15T10:00:01Z"), now));
  CHECK(!mk::NextWindow(Ms("2024-04-01T00:00:00Z"), now));
}

TEST_CASE("marketo windows: consecutive windows share their boundary and cover the span") {
  const int64_t start = Ms("2023-01-01T00:00:00Z"), now = Ms("2024-01-01T12:34:56Z");
  int64_t at = start;
  int windows = 0;
  for (;;) {
    auto w = mk::NextWindow(at, now);
    REQUIRE(w);
    CHECK(w->start_ms == at);
    CHECK(w->end_ms - w->start_ms <= mk::kMaxWindowMs);
    ++windows;
    at = w->end_ms;
    if (w->last) break;
  }
  CHECK(at == now);
  CHECK(windows == 12);  // 365.5 days: eleven of 31 days and the rest
}

TEST_CASE("marketo windows: filter dates and the create body") {
  CHECK(mk::FilterDate(Ms("2024-01-02T03:04:05.678Z")) == "2024-01-02T03:04:05Z");
  const mk::Window w{Ms("2024-01-01T00:00:00Z"), Ms("2024-02-01T00:00:00Z"), false};
  CHECK(mk::ExportBody({"id", "email"}, "updatedAt", w) ==
        R"({"fields":["id","email"],"format":"CSV","filter":{"updatedAt":{"startAt":)"
        R"("2024-01-01T00:00:00Z","endAt":"2024-02-01T00:00:00Z"}}})");
}

TEST_CASE("marketo windows: status polls right away, then a quarter, half and the full period") {
  CHECK(mk::PollDelay(0, 60) == 0);
  CHECK(mk::PollDelay(1, 60) == 15);
  CHECK(mk::PollDelay(2, 60) == 30);
  CHECK(mk::PollDelay(3, 60) == 60);
  CHECK(mk::PollDelay(50, 60) == 60);
}

TEST_CASE("marketo windows: byte ranges and Content-Range") {
  CHECK(mk::RangeHeader(0, 100, 1000) == "bytes=0-99");
  CHECK(mk::RangeHeader(950, 100, 1000) == "bytes=950-999");
  auto r = mk::ParseContentRange("bytes 10-59/1234");
  REQUIRE(r);
  CHECK(r->first == 10);
  CHECK(r->last == 59);
  CHECK(r->total == 1234);
  CHECK(!mk::ParseContentRange("bytes */1234"));
  CHECK(!mk::ParseContentRange("bytes 60-10/1234"));
  CHECK(!mk::ParseContentRange("bytes 0-1234/1234"));
  CHECK(!mk::ParseContentRange("items 0-1/2"));
}
