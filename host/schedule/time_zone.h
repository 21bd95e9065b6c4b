// Time zones for cron schedules: UTC, or a zone of the system's tz database by its IANA name
// (Europe/Paris, America/New_York), read from /usr/share/zoneinfo (Debian's tzdata) through
// Howard Hinnant's date library (its time-zone part, built with USE_OS_TZDB). No zone rule is
// written here: a tzdata update changes the rules without a rebuild.
//
// A cron slot is a local wall time. Two kinds of local time need a rule (docs/admin-guide.md,
// "Schedules in a time zone"):
//   - a time a spring-forward transition skips (02:30 on 2026-03-29 in Europe/Paris) stands for
//     the first instant after the gap (03:00 CEST, 01:00 UTC);
//   - a time a fall-back transition repeats (01:30 on 2026-11-01 in America/New_York) stands for
//     its first occurrence (01:30 EDT, 05:30 UTC) only.
// ToUtc applies both; NextCronFire (schedule.h) builds on it, so a slot in a gap runs once at
// the gap's end and a slot in a repeated hour runs once.
//
// Thread safety: a TimeZone is an immutable value; the tz database is loaded once per process
// (thread-safe) by the first Find of a named zone. UTC never loads it.
#ifndef TEMPO_HOST_SCHEDULE_TIME_ZONE_H_
#define TEMPO_HOST_SCHEDULE_TIME_ZONE_H_

#include <chrono>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"

namespace date {
class time_zone;
}  // namespace date

namespace tempo::schedule {

using Time = std::chrono::sys_time<std::chrono::milliseconds>;
// A wall-clock reading in some zone, counted as if that zone were UTC (the calendar arithmetic
// of Time applies to it unchanged).
using LocalTime = std::chrono::local_time<std::chrono::milliseconds>;

class TimeZone {
 public:
  // UTC.
  TimeZone() = default;

  // The zone called `name` in the tz database ("UTC" without loading it). NotFound when there is
  // none: the caller adds a did-you-mean from TimeZoneNames(). Io when the tz database cannot be
  // read (tzdata not installed).
  static Result<TimeZone> Find(std::string_view name);

  // "UTC" or the name Find was given.
  const std::string& name() const { return name_; }
  bool is_utc() const { return zone_ == nullptr; }

  // The wall-clock reading of instant `t` in this zone.
  LocalTime ToLocal(Time t) const;

  // The instant wall time `local` stands for, by the rules above: its only instant; the end of
  // the gap for a skipped time; the first of two for a repeated time.
  Time ToUtc(LocalTime local) const;

  // Instant `t` as a local reading with the zone's abbreviation: "2026-03-29 03:00 CEST"
  // (seconds shown when not zero); "2026-03-29 01:00 UTC" for UTC.
  std::string Format(Time t) const;

 private:
  const date::time_zone* zone_ = nullptr;  // nullptr: UTC
  std::string name_ = "UTC";
};

// Every zone name of the tz database, sorted (for did-you-mean); empty when it cannot be read.
std::vector<std::string> TimeZoneNames();

}  // namespace tempo::schedule

#endif  // TEMPO_HOST_SCHEDULE_TIME_ZONE_H_
