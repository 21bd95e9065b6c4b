// The fake Marketo's activity log, derived from the dataset: a "New Lead" activity (type 12)
// when each live lead was created, a "Change Data Value" (13, on `title`) at its last touch,
// and a "Delete Lead" (37) when it was deleted (archived). Pages follow paging-tokens.md: a
// token (base32, '=' padded) names a position (activity time, id); every page carries a
// nextPageToken, even the last; a page whose next activity is more than a day past the
// position is empty with moreResult true (Marketo pages by time slices), so clients must loop
// on moreResult, not on page size. Pure functions; thread-compatible.
#ifndef TEMPO_TESTS_FAKES_MARKETO_MARKETO_ACTIVITIES_H_
#define TEMPO_TESTS_FAKES_MARKETO_MARKETO_ACTIVITIES_H_

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "fakes/core/dataset.h"

namespace tempo::fakes {

inline constexpr int kNewLeadActivity = 12;
inline constexpr int kChangeDataValueActivity = 13;
inline constexpr int kDeleteLeadActivity = 37;

struct MarketoActivity {
  int64_t ms = 0;
  int64_t id = 0;
  int type = 0;
  int64_t lead_row = 0;
};

// Activities of `types` (12, 13, 37) in (time, id) order.
std::vector<MarketoActivity> MarketoActivities(const Dataset& dataset,
                                               const std::vector<int>& types);

// A place in the activity log: the page after it starts with the first activity later than
// (ms, id).
struct ActivityPosition {
  int64_t ms = 0;
  int64_t id = 0;
};

// The position before every activity at or after `since_ms` (pagingtoken.json).
ActivityPosition PositionBefore(int64_t since_ms);
std::string EncodePagingToken(ActivityPosition position);
std::optional<ActivityPosition> DecodePagingToken(std::string_view token);

struct ActivityPage {
  size_t begin = 0, end = 0;  // activities[begin, end) are on the page
  ActivityPosition next;      // the page's nextPageToken
  bool more = false;          // moreResult
};

ActivityPage PageActivities(const std::vector<MarketoActivity>& activities, ActivityPosition from,
                            size_t batch_size);

}  // namespace tempo::fakes

#endif  // TEMPO_TESTS_FAKES_MARKETO_MARKETO_ACTIVITIES_H_
