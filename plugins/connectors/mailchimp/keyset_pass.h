// Paging a Mailchimp collection in the order of a time key (members by last_changed,
// campaigns by create_time) so that no record is skipped when records change while it pages.
// Pure functions (tests/unit/mailchimp/keyset_pass_test.cc).
//
// Mailchimp pages by count/offset. Offset paging over `last_changed` loses records: a member
// changed during the run moves to the end of the order, and everyone after it moves back by
// one, so the next offset skips one. A pass instead:
//
//  - asks `since_<key>` = the last record's time less 1 s at offset 0 after every page (keyset
//    on the time key with an inclusive bound: the docs say "after", so the second less makes it
//    inclusive whichever way a server reads it; the records re-read are absorbed by the
//    upsert). A change behind the position then cannot move anything unread: unread records
//    are all at or after the last time read, and a changed record only moves later.
//  - when one time holds more records than a page (a bulk import), it pages inside that bound by
//    offset, overlapping one record: the page must start with the last record read. If it does
//    not, records before the position moved away (positions shifted); the pass restarts at the
//    last record's time less 1 s, offset 0, and reads that time's records again. Each restart
//    needs a record before the position to have changed, which it does at most once in its old
//    place, so a pass ends.
//
// Records changed during the run are at or after the run's start: the next incremental read
// starts no later than that (tempo/cursor.hpp HandOverFromOrdered) and reads them again.
#ifndef TEMPO_PLUGINS_CONNECTORS_MAILCHIMP_KEYSET_PASS_H_
#define TEMPO_PLUGINS_CONNECTORS_MAILCHIMP_KEYSET_PASS_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace tempo::mailchimp {

inline constexpr int64_t kSecondMs = 1000;

// Where a pass stands.
struct Pass {
  int64_t since_ms = -1;  // the since_<key> sent (-1: none, from the beginning)
  int64_t offset = 0;     // the position of the next unread record under that bound
  std::string last_id;    // the last record read ("" none)
  int64_t last_ms = -1;   // and its time
};

// The request for the next page.
struct PageRequest {
  int64_t since_ms = -1;  // -1: no since_ parameter
  int64_t offset = 0;
  bool overlap = false;  // the first record returned must be pass.last_id
};

PageRequest NextRequest(const Pass& pass);

// A record of a page as the pass sees it.
struct KeyedRecord {
  std::string_view id;
  int64_t ms = -1;  // its time key (-1: none, e.g. "")
};

// What to do with a page.
struct PageOutcome {
  size_t first_new = 0;    // records [first_new, n) are emitted (those before are the overlap)
  bool done = false;       // the pass is complete
  bool restarted = false;  // the overlap check failed: nothing emitted, the pass restarts
  Pass next;               // the pass after this page (when !done)
};

// Applies a page of `records` (in key order) that answered `request` with `total_items`, asked
// with `count` per page, to `pass`.
PageOutcome ApplyPage(const Pass& pass, const PageRequest& request,
                      const std::vector<KeyedRecord>& records, int64_t total_items, int64_t count);

// The pass an incremental read starts with from a stored cursor (inclusive: since = cursor
// less 1 s), or from the beginning (`cursor_ms` < 0).
Pass StartPass(int64_t cursor_ms);

// The cursor a completed campaigns read hands on: what it reached (capped at its start,
// HandOverFromOrdered), but never past the oldest campaign that may still change its send
// time (a draft, scheduled, paused or sending campaign: `oldest_open_ms`, -1 when none), so the
// next read sees it again. Campaigns are read by create_time, which a send does not change.
int64_t CampaignHandOver(int64_t reached_ms, int64_t started_ms, int64_t oldest_open_ms);

// Whether a campaign of this status is final (its send time will not change).
bool CampaignFinal(std::string_view status);

}  // namespace tempo::mailchimp

#endif  // TEMPO_PLUGINS_CONNECTORS_MAILCHIMP_KEYSET_PASS_H_
