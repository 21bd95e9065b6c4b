// Where a read of one object stands in (SystemModstamp, Id) order, record by record, and the
// cursor it checkpoints: pure logic, no host calls (tests/unit/salesforce/cursor_test.cc).
//
// The query is ordered by (SystemModstamp, Id) and resumes strictly after a keyset, so the
// last record of a page is an exact resume point, even inside a run of tied SystemModstamps
// across a page boundary, as long as its key is the one it was queried by. A query locator
// pages a snapshot of the ids: a record modified while the query is paged comes back at its
// old place with its new SystemModstamp, a key past records not read yet. Resuming after it
// would skip them. Such a record has a SystemModstamp at or after the read's start (less the
// lag, sdk::ReadStart), so the resume point only ever moves to records older than the start;
// younger ones are read again by a resumed read (the upsert absorbs them). Records older than
// the start arrive in key order, unless the endpoint ignores ORDER BY: then the resume point
// stays where it was until the read completes.
//
// A completed read hands on the newest key it saw, capped at the start (tempo/cursor.hpp,
// HandOverFromOrdered): whatever changed during the read is read again by the next
// incremental read, never skipped.
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
  // A read resuming after `from` (empty: from the beginning) that began at `started_ms` (the
  // start of the run that began it, less the lag).
  CursorTracker(sdk::Keyset from, int64_t started_ms)
      : started_ms_(started_ms), resume_(from), newest_(std::move(from)) {}

  // A record as it arrives: its SystemModstamp in ms and its Id.
  void Observe(int64_t ms, std::string_view id);

  // A new query starts (after a refusal) from resume(): records already seen may come again,
  // which is not disorder.
  void Requery() { prev_ = exact_ = sdk::Keyset(); }

  // False once a record arrived before its predecessor (changed while the query was paged).
  bool ordered() const { return ordered_; }

  // The checkpoint of an unfinished read: the last record older than the start that arrived
  // in key order (the `from` keyset while none did).
  const sdk::Keyset& resume() const { return resume_; }

  // The cursor a completed read hands on to the next incremental read.
  sdk::Keyset HandOver() const { return sdk::HandOverFromOrdered(newest_, started_ms_); }

  // What a checkpoint after a page stores: HandOver() once the read is `done`, else resume().
  sdk::Keyset Checkpoint(bool done) const { return done ? HandOver() : resume_; }

 private:
  int64_t started_ms_;
  sdk::Keyset resume_;  // the resume point
  sdk::Keyset newest_;  // the newest key seen
  sdk::Keyset prev_;    // the record before; empty until one arrived
  sdk::Keyset exact_;   // the last record older than the start; empty until one arrived
  bool ordered_ = true;
  bool frozen_ = false;  // records older than the start came out of order
};

}  // namespace tempo::salesforce

#endif  // TEMPO_PLUGINS_CONNECTORS_SALESFORCE_CURSOR_TRACKER_H_
