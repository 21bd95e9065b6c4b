// Fuzz target: schedules (cron expressions and intervals) in a time zone: part 1 the
// schedule, part 2 the zone name (UTC when absent); a schedule that parses is asked for its
// next slots across a year with DST transitions.
#include <chrono>

#include "fuzz_input.h"
#include "schedule/schedule.h"

namespace sc = tempo::schedule;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::vector<std::string_view> parts = tempo::fuzz::SplitParts(data, size, 2);
  auto schedule =
      parts.size() > 1 ? sc::ParseSchedule(parts[0], parts[1]) : sc::ParseSchedule(parts[0]);
  if (!schedule.ok()) {
    (void)sc::ParseDuration(parts[0]);
    (void)sc::ParseTime(parts[0]);
    return 0;
  }
  // 2026-03-28T00:00:00Z, the day before Europe's spring-forward.
  sc::Time t{std::chrono::milliseconds(1774656000000LL)};
  (void)sc::NextDue(schedule.value(), std::nullopt, t);
  (void)sc::NextDue(schedule.value(), t, t);
  if (schedule.value().kind() == sc::Schedule::Kind::kCron) {
    for (int i = 0; i < 8; ++i) {
      auto next = sc::NextCronFire(schedule.value().cron(), schedule.value().zone(), t);
      if (!next) break;
      (void)schedule.value().zone().Format(*next);
      t = *next + std::chrono::hours(24 * 30);
    }
  }
  return 0;
}
