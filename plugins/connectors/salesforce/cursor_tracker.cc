// The read position of one object. See cursor_tracker.h.
#include "cursor_tracker.h"

namespace tempo::salesforce {

bool KeyBefore(int64_t a_ms, std::string_view a_id, int64_t b_ms, std::string_view b_id) {
  if (a_ms != b_ms) return a_ms < b_ms;
  return sdk::CompareIds(a_id, b_id) < 0;
}

void CursorTracker::Observe(int64_t ms, std::string_view id) {
  if (!prev_.empty() && KeyBefore(ms, id, prev_.ms, prev_.id)) ordered_ = false;
  prev_.ms = ms;
  prev_.id.assign(id);
  if (newest_.empty() || KeyBefore(newest_.ms, newest_.id, ms, id)) newest_ = prev_;
  // Changed at or after the start: its key may lie past records not read yet.
  if (ms >= started_ms_) return;
  if (!exact_.empty() && KeyBefore(ms, id, exact_.ms, exact_.id)) frozen_ = true;
  exact_ = prev_;
  if (!frozen_) resume_ = exact_;
}

}  // namespace tempo::salesforce
