// Schedules: when the daemon runs a connection. A schedule is a 5-field cron expression, a macro
// (@hourly, @daily, @weekly, @monthly, @yearly) or an interval ("every 15m"). Cron slots are wall
// times of the schedule's zone (UTC unless set; time_zone.h has the rules for the hour a
// daylight-saving transition skips or repeats); an interval counts elapsed time, in no zone.
//
// Pure functions over values: nothing here reads a clock, a file or the store. This folder is
// a leaf (it depends only on common/), which is why config/ may use ParseSchedule and
// ParseDuration to report bad values at load time with their file position
// (docs/architecture.md, "Scheduling").
//
// Cron follows Vixie cron (the cron of Debian):
//   minute 0-59, hour 0-23, day-of-month 1-31, month 1-12 or jan-dec, day-of-week 0-7 or
//   sun-sat (0 and 7 are Sunday). Each field is a list of items separated by ',': `*`, `N`,
//   `N-M`, each optionally with a step `/S`; `N/S` means `N-<max>/S`. Day of month and day of
//   week: when both are restricted (neither field starts with `*`) a day matches if EITHER
//   matches; otherwise both must (so `0 0 1 * mon` runs on the 1st and on Mondays, while
//   `0 0 */2 * mon` runs on odd-numbered days that are Mondays).
// Rejected with a message: wrong field count, out-of-range values, reversed ranges, a step of
// 0 or one larger than the field's range, Quartz extensions (`?`, `L`, `W`, `#`), @reboot,
// and an expression that can never fire (`0 0 30 2 *`).
#ifndef TEMPO_HOST_SCHEDULE_SCHEDULE_H_
#define TEMPO_HOST_SCHEDULE_SCHEDULE_H_

#include <bitset>
#include <chrono>
#include <optional>
#include <string>
#include <string_view>

#include "common/status.h"
#include "schedule/time_zone.h"

namespace tempo::schedule {

// Instants (UTC) with millisecond precision, and spans of them.
using Time = std::chrono::sys_time<std::chrono::milliseconds>;
using Duration = std::chrono::milliseconds;

// The parsed fields of a cron expression; bit i set = value i matches.
struct CronFields {
  std::bitset<60> minutes;
  std::bitset<24> hours;
  std::bitset<32> days_of_month;   // bits 1..31
  std::bitset<13> months;          // bits 1..12
  std::bitset<7> days_of_week;     // 0 = Sunday
  bool day_of_month_star = false;  // the field starts with '*' (Vixie's DOM_STAR)
  bool day_of_week_star = false;   // the field starts with '*' (Vixie's DOW_STAR)
};

class Schedule {
 public:
  enum class Kind { kCron, kInterval };

  Kind kind() const { return kind_; }
  // The text it was parsed from, as the user wrote it (trimmed).
  const std::string& text() const { return text_; }
  // kCron only.
  const CronFields& cron() const { return cron_; }
  // kInterval only.
  Duration interval() const { return interval_; }
  // The zone whose wall clock the cron slots are read on (UTC unless set; intervals ignore it).
  const TimeZone& zone() const { return zone_; }

 private:
  friend Result<Schedule> ParseSchedule(std::string_view text);
  friend Result<Schedule> ParseSchedule(std::string_view text, std::string_view zone_name);
  Kind kind_ = Kind::kCron;
  std::string text_;
  CronFields cron_;
  Duration interval_{0};
  TimeZone zone_;
};

// Parses a schedule. InvalidArgument with a message that names the field and the problem and
// says what is expected; it never repeats more of the input than the offending item.
Result<Schedule> ParseSchedule(std::string_view text);

// ParseSchedule, with its cron slots read in zone `zone_name` ("" or "UTC": UTC). An unknown
// zone is TimeZone::Find's NotFound.
Result<Schedule> ParseSchedule(std::string_view text, std::string_view zone_name);

// The first minute strictly after `after` at which `cron` fires in UTC (seconds are always 0),
// or nullopt when there is none within the next 50 years (ParseSchedule rejects such fields).
std::optional<Time> NextCronFire(const CronFields& cron, Time after);

// The first instant strictly after `after` at which `cron` fires on `zone`'s wall clock. Slots
// a spring-forward gap skips all run at the gap's end, once; a slot in a repeated hour runs at
// its first occurrence only (time_zone.h).
std::optional<Time> NextCronFire(const CronFields& cron, const TimeZone& zone, Time after);

// When a connection with this schedule is next due, given the start of its last run (nullopt:
// never ran) and the moment scheduling began (`since`, e.g. the daemon's start):
//   cron:     the first slot after the last run, else the first slot after `since` (slots on
//             the wall clock of schedule.zone());
//   interval: last run + interval, else `since` (a never-run connection runs at once).
// A result in the past means missed slots: the connection is due now, and runs once however
// many slots it missed. nullopt: a cron expression that never fires again.
std::optional<Time> NextDue(const Schedule& schedule, std::optional<Time> last_start, Time since);

// A duration such as "500ms", "30s", "15m", "2h", "1d" or "1h30m" (units ms, s, m, h, d; one
// or more number-unit pairs, each unit once, largest first). InvalidArgument otherwise.
Result<Duration> ParseDuration(std::string_view text);

// "1h30m", "45s", "250ms", "0s": the shortest text ParseDuration reads back as `d`.
std::string FormatDuration(Duration d);

// "2026-11-29T14:06:38Z" (milliseconds shown when not zero: "...38.123Z").
std::string FormatTime(Time t);

// Reads times written by FormatTime or store::NowUtc ("YYYY-MM-DDTHH:MM:SS[.mmm]Z").
std::optional<Time> ParseTime(std::string_view text);

}  // namespace tempo::schedule

#endif  // TEMPO_HOST_SCHEDULE_SCHEDULE_H_
