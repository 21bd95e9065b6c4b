// Cron in a named time zone, over the system's tz database: weekday mornings across both
// daylight-saving transitions of Europe/Paris and America/New_York, the slot a spring-forward
// gap skips (it runs at the gap's end, once), the slot a fall-back hour repeats (it runs once,
// at its first occurrence), @daily in a zone (also where the gap is at midnight), intervals
// that ignore the zone, and unknown zones.
#include <catch2/catch.hpp>

#include <algorithm>
#include <string>
#include <vector>

#include "schedule/schedule.h"
#include "schedule/time_zone.h"

namespace tempo::schedule {
namespace {

using Strings = std::vector<std::string>;

Time At(const std::string& text) {
  std::optional<Time> t = ParseTime(text);
  INFO(text);
  REQUIRE(t.has_value());
  return *t;
}

TimeZone Zone(const std::string& name) {
  Result<TimeZone> zone = TimeZone::Find(name);
  INFO(name << ": " << zone.status().message());
  REQUIRE(zone.ok());
  return *zone;
}

// The next `count` fires of `expression` on `zone`'s wall clock after `from`, each as
// "UTC instant = local reading".
Strings Fires(const std::string& expression, const std::string& zone, const std::string& from,
              int count) {
  Result<Schedule> s = ParseSchedule(expression, zone);
  INFO(expression << " in " << zone << ": " << s.status().message());
  REQUIRE(s.ok());
  REQUIRE(s->kind() == Schedule::Kind::kCron);
  Strings out;
  Time t = At(from);
  for (int i = 0; i < count; ++i) {
    std::optional<Time> next = NextCronFire(s->cron(), s->zone(), t);
    REQUIRE(next.has_value());
    out.push_back(FormatTime(*next) + " = " + s->zone().Format(*next));
    t = *next;
  }
  return out;
}

}  // namespace

TEST_CASE("tz: weekday mornings stay at 06:00 local across both transitions of Europe/Paris") {
  // Summer time starts on Sunday 2026-03-29 and ends on Sunday 2026-10-25: 06:00 is 05:00Z in
  // winter and 04:00Z in summer, and the weekend is skipped either way.
  CHECK(Fires("0 6 * * 1-5", "Europe/Paris", "2026-03-26T00:00:00Z", 4) ==
        Strings{"2026-03-26T05:00:00Z = 2026-03-26 06:00 CET",
                "2026-03-27T05:00:00Z = 2026-03-27 06:00 CET",
                "2026-03-30T04:00:00Z = 2026-03-30 06:00 CEST",
                "2026-03-31T04:00:00Z = 2026-03-31 06:00 CEST"});
  CHECK(Fires("0 6 * * 1-5", "Europe/Paris", "2026-10-22T12:00:00Z", 2) ==
        Strings{"2026-10-23T04:00:00Z = 2026-10-23 06:00 CEST",
                "2026-10-26T05:00:00Z = 2026-10-26 06:00 CET"});
}

TEST_CASE("tz: a slot skipped by spring forward runs at the first instant after the gap") {
  // Europe/Paris 2026-03-29: 02:00 CET jumps to 03:00 CEST (01:00Z); 02:30 does not exist.
  CHECK(Fires("30 2 * * *", "Europe/Paris", "2026-03-27T12:00:00Z", 3) ==
        Strings{"2026-03-28T01:30:00Z = 2026-03-28 02:30 CET",
                "2026-03-29T01:00:00Z = 2026-03-29 03:00 CEST",
                "2026-03-30T00:30:00Z = 2026-03-30 02:30 CEST"});
  // America/New_York 2026-03-08: 02:00 EST jumps to 03:00 EDT (07:00Z).
  CHECK(Fires("30 2 * * *", "America/New_York", "2026-03-06T12:00:00Z", 3) ==
        Strings{"2026-03-07T07:30:00Z = 2026-03-07 02:30 EST",
                "2026-03-08T07:00:00Z = 2026-03-08 03:00 EDT",
                "2026-03-09T06:30:00Z = 2026-03-09 02:30 EDT"});
  // Every slot in the gap (02:00 to 02:45) and the 03:00 slot are one instant: one run.
  CHECK(Fires("*/15 * * * *", "Europe/Paris", "2026-03-29T00:30:00Z", 3) ==
        Strings{"2026-03-29T00:45:00Z = 2026-03-29 01:45 CET",
                "2026-03-29T01:00:00Z = 2026-03-29 03:00 CEST",
                "2026-03-29T01:15:00Z = 2026-03-29 03:15 CEST"});
  // A slot just after the gap is not moved.
  CHECK(Fires("10 3 * * *", "America/New_York", "2026-03-07T12:00:00Z", 1) ==
        Strings{"2026-03-08T07:10:00Z = 2026-03-08 03:10 EDT"});
}

TEST_CASE("tz: a slot in the hour fall back repeats runs once, at its first occurrence") {
  // America/New_York 2026-11-01: 01:00-01:59 happens in EDT (05:00Z-05:59Z), then again in
  // EST (06:00Z-06:59Z).
  CHECK(Fires("30 1 * * *", "America/New_York", "2026-10-31T12:00:00Z", 2) ==
        Strings{"2026-11-01T05:30:00Z = 2026-11-01 01:30 EDT",
                "2026-11-02T06:30:00Z = 2026-11-02 01:30 EST"});
  // Asked from inside the second pass, the slot of that day is already spent.
  CHECK(Fires("30 1 * * *", "America/New_York", "2026-11-01T06:10:00Z", 1) ==
        Strings{"2026-11-02T06:30:00Z = 2026-11-02 01:30 EST"});
  // Europe/Paris 2026-10-25: 02:00-02:59 happens in CEST (00:00Z-00:59Z), then in CET.
  CHECK(Fires("30 2 * * *", "Europe/Paris", "2026-10-24T12:00:00Z", 2) ==
        Strings{"2026-10-25T00:30:00Z = 2026-10-25 02:30 CEST",
                "2026-10-26T01:30:00Z = 2026-10-26 02:30 CET"});
  // A cron that fires every 15 minutes does not fire in the second pass: its slots are wall
  // times, each once (an interval, `every 15m`, is the schedule that ignores the wall clock).
  CHECK(Fires("*/15 * * * *", "America/New_York", "2026-11-01T05:30:00Z", 3) ==
        Strings{"2026-11-01T05:45:00Z = 2026-11-01 01:45 EDT",
                "2026-11-01T07:00:00Z = 2026-11-01 02:00 EST",
                "2026-11-01T07:15:00Z = 2026-11-01 02:15 EST"});
}

TEST_CASE("tz: @daily is local midnight, and the end of the gap where midnight is skipped") {
  CHECK(Fires("@daily", "Europe/Paris", "2026-03-28T12:00:00Z", 2) ==
        Strings{"2026-03-28T23:00:00Z = 2026-03-29 00:00 CET",
                "2026-03-29T22:00:00Z = 2026-03-30 00:00 CEST"});
  CHECK(Fires("@daily", "America/New_York", "2026-10-31T12:00:00Z", 2) ==
        Strings{"2026-11-01T04:00:00Z = 2026-11-01 00:00 EDT",
                "2026-11-02T05:00:00Z = 2026-11-02 00:00 EST"});
  // Chile springs forward at midnight: on 2026-09-06, 00:00 -04 is 01:00 -03 (04:00Z).
  CHECK(Fires("@daily", "America/Santiago", "2026-09-05T00:00:00Z", 3) ==
        Strings{"2026-09-05T04:00:00Z = 2026-09-05 00:00 -04",
                "2026-09-06T04:00:00Z = 2026-09-06 01:00 -03",
                "2026-09-07T03:00:00Z = 2026-09-07 00:00 -03"});
}

TEST_CASE("tz: intervals count elapsed time whatever the zone") {
  Result<Schedule> every = ParseSchedule("every 15m", "Europe/Paris");
  REQUIRE(every.ok());
  CHECK(every->kind() == Schedule::Kind::kInterval);
  // 01:50 CET + 15 minutes is 03:05 CEST: 15 minutes later, through the gap.
  CHECK(FormatTime(*NextDue(*every, At("2026-03-29T00:50:00Z"), At("2026-03-01T00:00:00Z"))) ==
        "2026-03-29T01:05:00Z");
  Result<Schedule> hourly = ParseSchedule("every 1h", "America/New_York");
  REQUIRE(hourly.ok());
  CHECK(FormatTime(*NextDue(*hourly, At("2026-11-01T05:30:00Z"), At("2026-11-01T00:00:00Z"))) ==
        "2026-11-01T06:30:00Z");
}

TEST_CASE("tz: NextDue reads cron slots in the schedule's zone, UTC by default") {
  Result<Schedule> paris = ParseSchedule("0 6 * * *", "Europe/Paris");
  Result<Schedule> utc = ParseSchedule("0 6 * * *");
  Result<Schedule> named_utc = ParseSchedule("0 6 * * *", "UTC");
  REQUIRE(paris.ok());
  REQUIRE(utc.ok());
  REQUIRE(named_utc.ok());
  CHECK(paris->zone().name() == "Europe/Paris");
  CHECK(utc->zone().is_utc());
  CHECK(named_utc->zone().is_utc());
  const Time last = At("2026-07-01T12:00:00Z");
  CHECK(FormatTime(*NextDue(*paris, last, last)) == "2026-07-02T04:00:00Z");
  CHECK(FormatTime(*NextDue(*utc, last, last)) == "2026-07-02T06:00:00Z");
  CHECK(FormatTime(*NextDue(*named_utc, last, last)) == "2026-07-02T06:00:00Z");
}

TEST_CASE("tz: wall times map to instants by the gap and repeat rules") {
  const TimeZone ny = Zone("America/New_York");
  const auto local = [](const std::string& text) { return LocalTime(At(text).time_since_epoch()); };
  CHECK(FormatTime(ny.ToUtc(local("2026-03-08T02:30:00Z"))) == "2026-03-08T07:00:00Z");  // gap
  CHECK(FormatTime(ny.ToUtc(local("2026-11-01T01:30:00Z"))) == "2026-11-01T05:30:00Z");  // twice
  CHECK(FormatTime(ny.ToUtc(local("2026-07-04T12:00:00Z"))) == "2026-07-04T16:00:00Z");
  CHECK(FormatTime(Time(ny.ToLocal(At("2026-11-01T06:30:00Z")).time_since_epoch())) ==
        "2026-11-01T01:30:00Z");
  CHECK(TimeZone().Format(At("2026-03-29T01:00:30Z")) == "2026-03-29 01:00:30 UTC");
}

TEST_CASE("tz: an unknown zone is NotFound, and the database's names are there to suggest") {
  Result<TimeZone> typo = TimeZone::Find("Europe/Pari");
  REQUIRE_FALSE(typo.ok());
  CHECK(typo.status().code() == StatusCode::kNotFound);
  CHECK(TimeZone::Find("localtime").status().code() == StatusCode::kNotFound);
  Result<Schedule> s = ParseSchedule("0 6 * * *", "Mars/Olympus_Mons");
  REQUIRE_FALSE(s.ok());
  CHECK(s.status().code() == StatusCode::kNotFound);
  const std::vector<std::string> names = TimeZoneNames();
  CHECK(std::binary_search(names.begin(), names.end(), "Europe/Paris"));
  CHECK(std::binary_search(names.begin(), names.end(), "America/New_York"));
  CHECK_FALSE(std::binary_search(names.begin(), names.end(), "localtime"));
}

}  // namespace tempo::schedule
