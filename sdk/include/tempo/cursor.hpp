// tempo/cursor.hpp: the rules that decide whether an incremental read can lose a record, in
// one place so no connector repeats them (or gets them wrong).
//
//  - Hand-over. A completed read hands the next incremental read a cursor no later than the
//    instant the read *started*, less kHandOverLagMs. A read in id order (a list endpoint) hands
//    on exactly that instant: a record changed behind its position after its page was read is
//    newer than the newest record it saw only by chance. A read in cursor order hands on the
//    cursor it reached, capped at its start: a record changed ahead of its position can arrive
//    with its new time and be the newest it sees. A resumed read keeps the start of the run that
//    began it (store it in the run's state: ReadStart below).
//  - Ties. Cursors are (time, id) keysets, resumed strictly after the key, or inclusive (>=
//    time) when the id is empty; the upsert absorbs what an inclusive bound reads twice.
//
// The lag covers a clock skew between this machine and the source's, and a source's indexing
// or commit lag. Records changed in it are read twice, never lost. Part of the connector kit.
#ifndef TEMPO_CURSOR_HPP_
#define TEMPO_CURSOR_HPP_

#include <algorithm>
#include <cstdint>
#include <string>
#include <utility>

#include "tempo/time.hpp"

namespace tempo::sdk {

inline constexpr int64_t kHandOverLagMs = 5 * 60 * 1000;

// The start instant a read beginning at `now_ms` records in its run state.
inline int64_t ReadStart(int64_t now_ms = NowMs()) { return now_ms - kHandOverLagMs; }

// A position in a stream ordered by (time, id): the last record read. `ms` -1: from the
// beginning. `id` empty: inclusive (time >= ms).
struct Keyset {
  int64_t ms = -1;
  std::string id;

  bool empty() const { return ms < 0; }
  friend bool operator==(const Keyset& a, const Keyset& b) { return a.ms == b.ms && a.id == b.id; }
};

// Orders ids the way sources that use numeric ids do (numerically), falling back to text order
// for anything else (and between a number and a text). Returns <0, 0 or >0.
inline int CompareIds(std::string_view a, std::string_view b) {
  auto numeric = [](std::string_view s) {
    if (s.empty()) return false;
    for (char c : s) {
      if (c < '0' || c > '9') return false;
    }
    return true;
  };
  if (numeric(a) && numeric(b)) {
    while (a.size() > 1 && a.front() == '0') a.remove_prefix(1);
    while (b.size() > 1 && b.front() == '0') b.remove_prefix(1);
    if (a.size() != b.size()) return a.size() < b.size() ? -1 : 1;
  }
  return a.compare(b) < 0 ? -1 : (a == b ? 0 : 1);
}

// Advances `newest` to (ms, id) when that key is later: the newest key a read has seen.
inline void ObserveKey(Keyset* newest, int64_t ms, std::string_view id) {
  if (ms < 0) return;
  if (ms > newest->ms) {
    newest->ms = ms;
    newest->id.assign(id);
  } else if (ms == newest->ms && CompareIds(id, newest->id) > 0) {
    newest->id.assign(id);
  }
}

// The hand-over of a completed read in id order (a list endpoint): the instant the run that
// began it started (ReadStart), inclusive. A read resumed from a state that did not record its
// start (`started_ms` < 0) hands on `previous` (the cursor before the read; empty: the next
// incremental read must read everything again).
inline Keyset HandOverFromList(int64_t started_ms, const Keyset& previous) {
  if (started_ms < 0) return previous;
  return Keyset{started_ms, ""};
}

// The hand-over of a completed read in cursor order: `reached` (the key it ended at), capped at
// `started_ms` (then inclusive). `started_ms` < 0 (unknown): `reached`.
inline Keyset HandOverFromOrdered(const Keyset& reached, int64_t started_ms) {
  if (started_ms < 0 || (!reached.empty() && reached.ms < started_ms)) return reached;
  return Keyset{started_ms, ""};
}

}  // namespace tempo::sdk

#endif  // TEMPO_CURSOR_HPP_
