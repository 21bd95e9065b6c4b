// Where a read of one object stands in (SystemModstamp, Id) order, record by record, and the
// cursor it checkpoints: pure logic, no host calls (tests/unit/salesforce/cursor_test.cc).
//
// The query is ordered by (SystemModstamp, Id) and resumes strictly after a keyset, so while
// records arrive in that order the last one is an exact resume point, even inside a run of tied
// SystemModstamps across a page boundary. A record modified while the query is paged comes back
// at its old position with its new SystemModstamp (a query locator pages a snapshot of the
// ids): it arrives out of order. From then on the resume point stays where the ordered run
// ended, until the read completes. A completed read hands on the key it reached (the newest
// key seen when records came out of order), capped at the instant the read started
// (tempo/cursor.hpp, HandOverFromOrdered): a record changed behind the read's position is then
// read again by the next incremental read, never skipped.
#ifndef TEMPO_PLUGINS_CONNECTORS_SALESFORCE_CURSOR_TRACKER_H_
#define TEMPO_PLUGINS_CONNECTORS_SALESFORCE_CURSOR_TRACKER_H_

#include <cstdint>
#include <string_view>
#include <utility>

#include "tempo/cursor.hpp"

namespace tempo::salesforce {

// True when (a_ms, a_id) comes before (b_ms, b_id) in the query's order.
bool KeyBefore(int64_t a_ms, std::string_view a_id, int64_t b_ms, std::string_view b_id);

class CursorTracker {
 public:
  // A read resuming after `from` (empty: from the beginning).
  explicit CursorTracker(sdk::Keyset from) : resume_(from), newest_(std::move(from)) {}

  // A record as it arrives: its SystemModstamp in ms and its Id.
  void Observe(int64_t ms, std::string_view id);

  // False once a record arrived before its predecessor.
  bool ordered() const { return ordered_; }

  // The checkpoint of an unfinished read: the last record of the ordered run (the `from` keyset
  // while none arrived).
  const sdk::Keyset& resume() const { return resume_; }

  // The cursor a completed read hands on to the next incremental read; `started_ms` is the
  // start of the run that began the read, less the lag (sdk::ReadStart).
  sdk::Keyset HandOver(int64_t started_ms) const {
    return sdk::HandOverFromOrdered(ordered_ ? resume_ : newest_, started_ms);
  }

  // What a checkpoint after a page stores: HandOver() once the read is `done`, else resume().
  sdk::Keyset Checkpoint(bool done, int64_t started_ms) const {
    return done ? HandOver(started_ms) : resume_;
  }

 private:
  sdk::Keyset resume_;  // the last record that arrived in order
  sdk::Keyset newest_;  // the newest key seen
  sdk::Keyset prev_;    // the record before; empty until one arrived
  bool ordered_ = true;
};

}  // namespace tempo::salesforce

#endif  // TEMPO_PLUGINS_CONNECTORS_SALESFORCE_CURSOR_TRACKER_H_
