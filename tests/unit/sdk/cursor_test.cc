// tempo/cursor.hpp: the hand-over rules and keyset helpers, as a table.
#include "tempo/cursor.hpp"

#include <catch2/catch.hpp>

namespace sdk = tempo::sdk;

TEST_CASE("cursor: a list read hands on its start, never the newest record it saw") {
  const sdk::Keyset previous{1000, "7"};
  CHECK(sdk::HandOverFromList(5000, previous) == sdk::Keyset{5000, ""});
  CHECK(sdk::HandOverFromList(5000, {}) == sdk::Keyset{5000, ""});
  // A resumed list from a state that did not record its start: the previous cursor, or none.
  CHECK(sdk::HandOverFromList(-1, previous) == previous);
  CHECK(sdk::HandOverFromList(-1, {}).empty());
  CHECK(sdk::ReadStart(1000000) == 1000000 - sdk::kHandOverLagMs);
}

TEST_CASE("cursor: an ordered read hands on what it reached, capped at its start") {
  struct Row {
    sdk::Keyset reached;
    int64_t started;
    sdk::Keyset expected;
  };
  const Row rows[] = {
      {{4000, "9"}, 5000, {4000, "9"}},  // before the start: the exact keyset
      {{5000, "9"}, 5000, {5000, ""}},   // at the start: inclusive start
      {{9000, "9"}, 5000, {5000, ""}},   // a record changed during the read: the start
      {{}, 5000, {5000, ""}},            // nothing read: the start
      {{9000, "9"}, -1, {9000, "9"}},    // start unknown: what it reached
  };
  for (const Row& r : rows) {
    INFO(r.reached.ms << "/" << r.reached.id << " started " << r.started);
    CHECK(sdk::HandOverFromOrdered(r.reached, r.started) == r.expected);
  }
}

TEST_CASE("cursor: ids compare numerically when both are numbers, ties keep the largest id") {
  CHECK(sdk::CompareIds("9", "10") < 0);
  CHECK(sdk::CompareIds("010", "9") > 0);
  CHECK(sdk::CompareIds("42", "42") == 0);
  CHECK(sdk::CompareIds("a9", "a10") > 0);  // text order
  sdk::Keyset newest{-1, ""};
  sdk::ObserveKey(&newest, 100, "9");
  sdk::ObserveKey(&newest, 100, "10");
  sdk::ObserveKey(&newest, 90, "99");  // out of order: ignored
  sdk::ObserveKey(&newest, -1, "99");  // unknown time: ignored
  CHECK(newest == sdk::Keyset{100, "10"});
  sdk::ObserveKey(&newest, 101, "1");
  CHECK(newest == sdk::Keyset{101, "1"});
}
