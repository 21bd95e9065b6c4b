// The keyset pass (keyset_pass.h).
#include "keyset_pass.h"

#include <algorithm>

#include "tempo/cursor.hpp"

namespace tempo::mailchimp {

PageRequest NextRequest(const Pass& pass) {
  PageRequest r;
  r.since_ms = pass.since_ms;
  r.overlap = pass.offset > 0 && !pass.last_id.empty();
  r.offset = r.overlap ? pass.offset - 1 : pass.offset;
  return r;
}

Pass StartPass(int64_t cursor_ms) {
  Pass p;
  p.since_ms = cursor_ms < 0 ? -1 : cursor_ms - kSecondMs;
  return p;
}

PageOutcome ApplyPage(const Pass& pass, const PageRequest& request,
                      const std::vector<KeyedRecord>& records, int64_t total_items, int64_t count) {
  PageOutcome out;
  out.next = pass;
  if (request.overlap) {
    if (records.empty() || records[0].id != pass.last_id) {
      // Positions shifted under the bound: read again from the last record's time.
      out.restarted = true;
      out.first_new = records.size();
      out.next.since_ms = std::max(pass.since_ms, pass.last_ms - kSecondMs);
      if (pass.last_ms < 0) out.next.since_ms = pass.since_ms;
      out.next.offset = 0;
      return out;
    }
    out.first_new = 1;
  }
  const int64_t n = static_cast<int64_t>(records.size());
  if (n < count || request.offset + n >= total_items || n == 0) {
    out.done = true;
    return out;
  }
  const KeyedRecord& last = records.back();
  out.next.last_id.assign(last.id);
  out.next.last_ms = last.ms;
  if (last.ms >= 0 && last.ms - kSecondMs > pass.since_ms) {
    out.next.since_ms = last.ms - kSecondMs;  // re-anchor: the keyset step
    out.next.offset = 0;
  } else {
    out.next.offset = request.offset + n;  // inside one time: by offset, with the overlap
  }
  return out;
}

int64_t CampaignHandOver(int64_t reached_ms, int64_t started_ms, int64_t oldest_open_ms) {
  const sdk::Keyset handed = sdk::HandOverFromOrdered(sdk::Keyset{reached_ms, ""}, started_ms);
  if (oldest_open_ms >= 0 && (handed.ms < 0 || oldest_open_ms < handed.ms)) return oldest_open_ms;
  return handed.ms;
}

bool CampaignFinal(std::string_view status) {
  return status == "sent" || status == "canceled" || status == "archived";
}

}  // namespace tempo::mailchimp
