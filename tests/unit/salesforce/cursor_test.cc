// cursor_tracker.h: the keyset cursor a read checkpoints page by page, and what a completed
// read hands on, as tables of records arriving page by page.
#include "cursor_tracker.h"

#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "soql.h"

namespace tempo::salesforce {
namespace {

using sdk::Keyset;

constexpr int64_t kStart = 1'000'000;  // the read's start, less the lag

struct Key {
  int64_t ms;
  const char* id;
};

// Feeds `pages` of records and returns the checkpoint after each page (the last page is the
// completed read's).
std::vector<Keyset> Checkpoints(CursorTracker& tracker,
                                const std::vector<std::vector<Key>>& pages) {
  std::vector<Keyset> out;
  for (size_t p = 0; p < pages.size(); ++p) {
    for (const Key& k : pages[p]) tracker.Observe(k.ms, k.id);
    out.push_back(tracker.Checkpoint(p + 1 == pages.size()));
  }
  return out;
}

TEST_CASE("cursor: in order, each page checkpoints its last record, the end hands on that key") {
  CursorTracker t({}, kStart);
  auto got = Checkpoints(t, {{{100, "003A"}, {200, "003B"}}, {{300, "003C"}}});
  CHECK(got == std::vector<Keyset>{{200, "003B"}, {300, "003C"}});
  CHECK(t.ordered());
}

TEST_CASE("cursor: ties at a page boundary resume strictly after the last id, losing none") {
  CursorTracker t({}, kStart);
  auto got = Checkpoints(t, {{{100, "003A"}, {500, "003B"}, {500, "003C"}},
                             {{500, "003D"}, {500, "003E"}, {600, "003F"}}});
  REQUIRE(got[0] == Keyset{500, "003C"});
  // A resumed read asks for the rest of the tie, not the next timestamp.
  const std::string soql = BuildSoql("Contact", {"Id"}, got[0]);
  CHECK(soql.find("SystemModstamp > 1970-01-01T00:00:00.500Z OR (SystemModstamp = "
                  "1970-01-01T00:00:00.500Z AND Id > '003C')") != std::string::npos);
  CHECK(got[1] == Keyset{600, "003F"});
}

TEST_CASE("cursor: a record changed during the read never becomes the resume point") {
  CursorTracker t({50, "003Z"}, kStart);
  // 003C was modified while the query was paged: it arrives at its old place, newer than the
  // start, before 003B.
  auto got = Checkpoints(
      t,
      {{{100, "003A"}, {kStart + 900, "003C"}, {200, "003B"}}, {{300, "003D"}}, {{400, "003E"}}});
  CHECK_FALSE(t.ordered());
  CHECK(got[0] == Keyset{200, "003B"});
  CHECK(got[1] == Keyset{300, "003D"});
  CHECK(got[2] == Keyset{kStart, ""});  // completed: capped at the start, 003C is read again
}

TEST_CASE("cursor: a page ending with a changed record checkpoints the record before it") {
  CursorTracker t({}, kStart);
  auto got = Checkpoints(t, {{{100, "003A"}, {kStart + 5, "003C"}}, {{200, "003B"}}});
  CHECK(got[0] == Keyset{100, "003A"});  // a resumed read still finds 003B
  CHECK(got[1] == Keyset{kStart, ""});
}

TEST_CASE("cursor: records older than the start out of order freeze the resume point") {
  // An endpoint that ignores ORDER BY: the resume point stays, the read completes with the
  // newest key seen.
  CursorTracker t({}, kStart);
  auto got = Checkpoints(
      t, {{{100, "003A"}, {300, "003C"}, {200, "003B"}}, {{400, "003D"}}, {{250, "003E"}}});
  CHECK_FALSE(t.ordered());
  CHECK(got[0] == Keyset{300, "003C"});
  CHECK(got[1] == Keyset{300, "003C"});
  CHECK(got[2] == Keyset{400, "003D"});
}

TEST_CASE("cursor: an empty last page hands on the last record's key") {
  CursorTracker t({}, kStart);
  auto got = Checkpoints(t, {{{100, "003A"}, {200, "003B"}}, {}});
  CHECK(got == std::vector<Keyset>{{200, "003B"}, {200, "003B"}});
  // A read that finds nothing new hands on where it started (capped at its start).
  CursorTracker nothing({300, "003C"}, kStart);
  CHECK(Checkpoints(nothing, {{}}) == std::vector<Keyset>{{300, "003C"}});
  CursorTracker fresh({}, kStart);
  CHECK(Checkpoints(fresh, {{}}) == std::vector<Keyset>{{kStart, ""}});
}

TEST_CASE("cursor: a record changed during the run never carries the hand-over past the start") {
  // In order, the last record newer than the start (changed ahead of the read's position):
  // the start, inclusive, so what changed behind the position is read again.
  CursorTracker ahead({}, kStart);
  auto got = Checkpoints(ahead, {{{100, "003A"}}, {{kStart + 5000, "003B"}}});
  CHECK(got[0] == Keyset{100, "003A"});
  CHECK(got[1] == Keyset{kStart, ""});
  CHECK(ahead.ordered());
  // Exactly at the start: inclusive start; an unfinished read does not resume past it.
  CursorTracker at({}, kStart);
  CHECK(Checkpoints(at, {{{kStart, "003A"}}, {}}) == std::vector<Keyset>{{}, {kStart, ""}});
}

TEST_CASE("cursor: records read again by a new query are not out of order") {
  CursorTracker t({}, kStart);
  Checkpoints(t, {{{100, "003A"}, {kStart + 9, "003C"}}});
  REQUIRE(t.resume() == Keyset{100, "003A"});
  t.Requery();  // the locator expired: the query starts again after 003A
  auto got = Checkpoints(t, {{{200, "003B"}, {kStart + 9, "003C"}}});
  CHECK(t.ordered());
  CHECK(got[0] == Keyset{kStart, ""});
}

TEST_CASE("cursor: keys order by time, then by id as text") {
  CHECK(KeyBefore(1, "b", 2, "a"));
  CHECK(KeyBefore(1, "003A", 1, "003B"));
  CHECK_FALSE(KeyBefore(1, "003B", 1, "003B"));
  CHECK_FALSE(KeyBefore(2, "a", 1, "b"));
}

}  // namespace
}  // namespace tempo::salesforce
