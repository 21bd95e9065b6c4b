// Schedules: cron fields of every kind, macros, month ends, leap years, Vixie's day-of-month /
// day-of-week rule, steps on ranges, intervals, durations, times, and the messages for
// invalid input.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "schedule/schedule.h"

namespace tempo::schedule {
namespace {

Time At(const std::string& text) {
  std::optional<Time> t = ParseTime(text);
  INFO(text);
  REQUIRE(t.has_value());
  return *t;
}

Schedule MustParse(const std::string& text) {
  Result<Schedule> s = ParseSchedule(text);
  INFO(text << ": " << s.status().message());
  REQUIRE(s.ok());
  return *s;
}

std::string ParseError(const std::string& text) {
  Result<Schedule> s = ParseSchedule(text);
  INFO(text);
  REQUIRE_FALSE(s.ok());
  CHECK(s.status().code() == StatusCode::kInvalidArgument);
  return s.status().message();
}

// The next `count` fire times of the cron expression after `from`.
std::vector<std::string> Fires(const std::string& expression, const std::string& from, int count) {
  const Schedule s = MustParse(expression);
  REQUIRE(s.kind() == Schedule::Kind::kCron);
  std::vector<std::string> out;
  Time t = At(from);
  for (int i = 0; i < count; ++i) {
    std::optional<Time> next = NextCronFire(s.cron(), t);
    REQUIRE(next.has_value());
    out.push_back(FormatTime(*next));
    t = *next;
  }
  return out;
}

using Strings = std::vector<std::string>;

}  // namespace

TEST_CASE("cron: every minute, and the next fire is strictly after the given time") {
  CHECK(Fires("* * * * *", "2026-03-01T10:00:00Z", 3) ==
        Strings{"2026-03-01T10:01:00Z", "2026-03-01T10:02:00Z", "2026-03-01T10:03:00Z"});
  // Seconds and milliseconds past a slot still mean "the next minute".
  CHECK(Fires("* * * * *", "2026-03-01T10:00:59.999Z", 1) == Strings{"2026-03-01T10:01:00Z"});
  CHECK(Fires("0 * * * *", "2026-03-01T10:00:00Z", 1) == Strings{"2026-03-01T11:00:00Z"});
}

TEST_CASE("cron: single values, ranges, lists, steps and names in every field") {
  CHECK(Fires("30 4 * * *", "2026-03-01T05:00:00Z", 2) ==
        Strings{"2026-03-02T04:30:00Z", "2026-03-03T04:30:00Z"});
  CHECK(Fires("0 9-11 * * *", "2026-03-01T00:00:00Z", 4) ==
        Strings{"2026-03-01T09:00:00Z", "2026-03-01T10:00:00Z", "2026-03-01T11:00:00Z",
                "2026-03-02T09:00:00Z"});
  CHECK(Fires("5,35 8,20 * * *", "2026-03-01T00:00:00Z", 5) ==
        Strings{"2026-03-01T08:05:00Z", "2026-03-01T08:35:00Z", "2026-03-01T20:05:00Z",
                "2026-03-01T20:35:00Z", "2026-03-02T08:05:00Z"});
  CHECK(Fires("*/15 * * * *", "2026-03-01T10:07:00Z", 4) ==
        Strings{"2026-03-01T10:15:00Z", "2026-03-01T10:30:00Z", "2026-03-01T10:45:00Z",
                "2026-03-01T11:00:00Z"});
  // A step on a range starts at the range's start: 1-30/7 is 1, 8, 15, 22, 29.
  CHECK(Fires("1-30/7 0 * * *", "2026-03-01T00:00:00Z", 6) ==
        Strings{"2026-03-01T00:01:00Z", "2026-03-01T00:08:00Z", "2026-03-01T00:15:00Z",
                "2026-03-01T00:22:00Z", "2026-03-01T00:29:00Z", "2026-03-02T00:01:00Z"});
  // N/S runs from N to the end of the field (Vixie): 50/5 is 50 and 55.
  CHECK(Fires("50/5 0 * * *", "2026-03-01T00:00:00Z", 3) ==
        Strings{"2026-03-01T00:50:00Z", "2026-03-01T00:55:00Z", "2026-03-02T00:50:00Z"});
  // Lists mixing values, ranges and stepped ranges.
  CHECK(Fires("0 1,3-4,10-16/3 * * *", "2026-03-01T00:00:00Z", 6) ==
        Strings{"2026-03-01T01:00:00Z", "2026-03-01T03:00:00Z", "2026-03-01T04:00:00Z",
                "2026-03-01T10:00:00Z", "2026-03-01T13:00:00Z", "2026-03-01T16:00:00Z"});
  // Month names and ranges of them; day names (any case) and ranges of them.
  CHECK(Fires("0 0 1 jan,JUL *", "2026-03-01T00:00:00Z", 2) ==
        Strings{"2026-07-01T00:00:00Z", "2027-01-01T00:00:00Z"});
  CHECK(Fires("0 0 1 mar-may *", "2026-03-01T00:00:00Z", 3) ==
        Strings{"2026-04-01T00:00:00Z", "2026-05-01T00:00:00Z", "2027-03-01T00:00:00Z"});
  // 2026-03-06 is a Friday.
  CHECK(Fires("0 12 * * Mon-Fri", "2026-03-06T13:00:00Z", 3) ==
        Strings{"2026-03-09T12:00:00Z", "2026-03-10T12:00:00Z", "2026-03-11T12:00:00Z"});
  CHECK(Fires("0 12 * * sat,sun", "2026-03-06T13:00:00Z", 3) ==
        Strings{"2026-03-07T12:00:00Z", "2026-03-08T12:00:00Z", "2026-03-14T12:00:00Z"});
  // 0 and 7 are both Sunday; 5-7 is Friday to Sunday.
  CHECK(Fires("0 0 * * 7", "2026-03-06T00:00:00Z", 1) ==
        Fires("0 0 * * 0", "2026-03-06T00:00:00Z", 1));
  CHECK(Fires("0 0 * * 5-7", "2026-03-05T12:00:00Z", 4) ==
        Strings{"2026-03-06T00:00:00Z", "2026-03-07T00:00:00Z", "2026-03-08T00:00:00Z",
                "2026-03-13T00:00:00Z"});
}

TEST_CASE("cron: macros") {
  CHECK(Fires("@hourly", "2026-03-01T10:30:00Z", 2) ==
        Strings{"2026-03-01T11:00:00Z", "2026-03-01T12:00:00Z"});
  CHECK(Fires("@daily", "2026-03-01T10:30:00Z", 2) ==
        Strings{"2026-03-02T00:00:00Z", "2026-03-03T00:00:00Z"});
  CHECK(Fires("@midnight", "2026-03-01T10:30:00Z", 1) == Strings{"2026-03-02T00:00:00Z"});
  // 2026-03-01 is a Sunday; @weekly is Sunday midnight.
  CHECK(Fires("@weekly", "2026-03-01T00:00:00Z", 2) ==
        Strings{"2026-03-08T00:00:00Z", "2026-03-15T00:00:00Z"});
  CHECK(Fires("@monthly", "2026-01-31T10:00:00Z", 2) ==
        Strings{"2026-02-01T00:00:00Z", "2026-03-01T00:00:00Z"});
  CHECK(Fires("@yearly", "2026-03-01T00:00:00Z", 2) ==
        Strings{"2027-01-01T00:00:00Z", "2028-01-01T00:00:00Z"});
  CHECK(Fires("@annually", "2026-03-01T00:00:00Z", 1) == Strings{"2027-01-01T00:00:00Z"});
  CHECK(Fires("@DAILY", "2026-03-01T10:30:00Z", 1) == Strings{"2026-03-02T00:00:00Z"});
}

TEST_CASE("cron: month ends, the 31st skipping short months, and year rollover") {
  CHECK(Fires("0 0 31 * *", "2026-01-01T00:00:00Z", 7) ==
        Strings{"2026-01-31T00:00:00Z", "2026-03-31T00:00:00Z", "2026-05-31T00:00:00Z",
                "2026-07-31T00:00:00Z", "2026-08-31T00:00:00Z", "2026-10-31T00:00:00Z",
                "2026-12-31T00:00:00Z"});
  CHECK(Fires("0 0 30 * *", "2026-01-30T12:00:00Z", 2) ==
        Strings{"2026-03-30T00:00:00Z", "2026-04-30T00:00:00Z"});
  CHECK(Fires("59 23 31 12 *", "2026-12-31T23:59:00Z", 1) == Strings{"2027-12-31T23:59:00Z"});
  CHECK(Fires("0 0 1 1 *", "2026-12-31T23:59:30Z", 1) == Strings{"2027-01-01T00:00:00Z"});
  CHECK(Fires("* * * * *", "2026-12-31T23:59:00Z", 1) == Strings{"2027-01-01T00:00:00Z"});
  CHECK(Fires("0 0 28-31 2 *", "2027-02-27T00:00:00Z", 2) ==
        Strings{"2027-02-28T00:00:00Z", "2028-02-28T00:00:00Z"});
}

TEST_CASE("cron: February 29 fires only in leap years, and not in 2100") {
  CHECK(Fires("0 0 29 2 *", "2025-01-01T00:00:00Z", 3) ==
        Strings{"2028-02-29T00:00:00Z", "2032-02-29T00:00:00Z", "2036-02-29T00:00:00Z"});
  CHECK(Fires("0 0 29 2 *", "2096-03-01T00:00:00Z", 1) == Strings{"2104-02-29T00:00:00Z"});
  CHECK(Fires("0 0 29 2 *", "2399-01-01T00:00:00Z", 1) == Strings{"2400-02-29T00:00:00Z"});
  // A day-of-week field starting with '*' leaves the day of month alone (AND with every day).
  CHECK(Fires("0 0 29 2 */1", "2026-01-01T00:00:00Z", 1) == Strings{"2028-02-29T00:00:00Z"});
}

TEST_CASE("cron: day of month and day of week are ORed when both are restricted (Vixie)") {
  // 2026-03-01 is a Sunday; Fridays in March 2026: 6, 13, 20, 27.
  CHECK(Fires("0 0 13 * fri", "2026-03-01T00:00:00Z", 5) ==
        Strings{"2026-03-06T00:00:00Z", "2026-03-13T00:00:00Z", "2026-03-20T00:00:00Z",
                "2026-03-27T00:00:00Z", "2026-04-03T00:00:00Z"});
  CHECK(Fires("0 0 1,15 * 3", "2026-03-01T00:00:00Z", 4) ==
        Strings{"2026-03-04T00:00:00Z", "2026-03-11T00:00:00Z", "2026-03-15T00:00:00Z",
                "2026-03-18T00:00:00Z"});
  // A field starting with '*' (even '*/2') makes the other one decide with AND: odd days
  // that are Mondays (2026-03-09 is a Monday, day 9; 2026-03-23 too).
  CHECK(Fires("0 0 */2 * mon", "2026-03-01T00:00:00Z", 3) ==
        Strings{"2026-03-09T00:00:00Z", "2026-03-23T00:00:00Z", "2026-04-13T00:00:00Z"});
  // Only the day of week restricted: every Wednesday.
  CHECK(Fires("0 0 * * wed", "2026-03-01T00:00:00Z", 2) ==
        Strings{"2026-03-04T00:00:00Z", "2026-03-11T00:00:00Z"});
  // Only the day of month restricted: the 13th, whatever the weekday.
  CHECK(Fires("0 0 13 * *", "2026-03-01T00:00:00Z", 2) ==
        Strings{"2026-03-13T00:00:00Z", "2026-04-13T00:00:00Z"});
}

TEST_CASE("cron: invalid expressions are rejected with a message that says what to fix") {
  struct Case {
    const char* text;
    const char* message;
  };
  const Case cases[] = {
      {"* * * *", "expected 5 cron fields"},
      {"* * * *", "found 4 fields"},
      {"0 * * * * *", "seconds and years are not supported"},
      {"", "the schedule is empty"},
      {"   ", "the schedule is empty"},
      {"60 * * * *", "minute field '60': 60 is out of range 0-59"},
      {"* 24 * * *", "hour field '24': 24 is out of range 0-23"},
      {"* * 0 * *", "day-of-month field '0': 0 is out of range 1-31"},
      {"* * 32 * *", "day-of-month field '32'"},
      {"* * * 13 *", "month field '13': 13 is out of range 1-12"},
      {"* * * * 8", "day-of-week field '8': 8 is out of range 0-7"},
      {"* * * foo *", "'foo' is not a number or a month name (jan-dec)"},
      {"* * * * funday", "'funday' is not a number or a day name (sun-sat)"},
      {"x * * * *", "minute field 'x': 'x' is not a number"},
      {"5-1 * * * *", "the range is reversed; write 1-5"},
      {"*/0 * * * *", "the step must be at least 1"},
      {"*/60 * * * *", "the step 60 is larger than the field's range 0-59"},
      {"*/x * * * *", "the step after '/' must be a number"},
      {"1/2/3 * * * *", "more than one '/'"},
      {"1,,2 * * * *", "empty item in the list"},
      {"1, * * * *", "empty item"},
      {"1- * * * *", "a range is written as N-M"},
      {"-5 * * * *", "a range is written as N-M"},
      {"/5 * * * *", "missing a value before '/'"},
      {"0 0 ? * *", "Quartz extensions"},
      {"0 0 L * *", "Quartz extensions"},
      {"0 0 15W * *", "Quartz extensions"},
      {"0 0 * * 5#2", "Quartz extensions"},
      {"0 0 30 2 *", "never fires"},
      {"0 0 31 4,6,9,11 *", "never fires"},
      {"@reboot", "@reboot is not supported"},
      {"@fortnightly", "unknown macro '@fortnightly'"},
      {"hourly", "expected 5 cron fields"},
  };
  for (const Case& c : cases) {
    INFO(c.text);
    CHECK_THAT(ParseError(c.text), Catch::Contains(c.message));
  }
  // Feb 30 with a restricted day of week is fine: the OR rule makes every Monday of February
  // match.
  CHECK(Fires("0 0 30 2 mon", "2026-01-01T00:00:00Z", 1) == Strings{"2026-02-02T00:00:00Z"});
  // Surrounding spaces and several spaces between fields are fine.
  CHECK(MustParse("  0   12 * * *  ").text() == "0   12 * * *");
}

TEST_CASE("intervals: 'every' with a duration of at least 1s") {
  CHECK(MustParse("every 15m").interval() == std::chrono::minutes(15));
  CHECK(MustParse("every 1h30m").interval() == std::chrono::minutes(90));
  CHECK(MustParse("every 1s").interval() == std::chrono::seconds(1));
  CHECK(MustParse("every 2d").interval() == std::chrono::hours(48));
  CHECK(MustParse("Every 90s").interval() == std::chrono::seconds(90));
  CHECK(MustParse("every 15m").kind() == Schedule::Kind::kInterval);
  CHECK_THAT(ParseError("every"), Catch::Contains("'every' needs a duration"));
  CHECK_THAT(ParseError("every 0s"), Catch::Contains("at least 1s"));
  CHECK_THAT(ParseError("every 500ms"), Catch::Contains("at least 1s"));
  CHECK_THAT(ParseError("every 15"), Catch::Contains("missing unit"));
  CHECK_THAT(ParseError("every 15x"), Catch::Contains("unknown unit"));
  CHECK_THAT(ParseError("every m"), Catch::Contains("a number must come before each unit"));
  CHECK_THAT(ParseError("every 30m1h"), Catch::Contains("largest to smallest"));
  CHECK_THAT(ParseError("everyday"), Catch::Contains("expected 5 cron fields"));
}

TEST_CASE("durations parse and format back") {
  CHECK(*ParseDuration("500ms") == Duration(500));
  CHECK(*ParseDuration("30s") == std::chrono::seconds(30));
  CHECK(*ParseDuration("1h30m") == std::chrono::minutes(90));
  CHECK(*ParseDuration("1d2h3m4s5ms") == Duration(93784005));
  CHECK_FALSE(ParseDuration("").ok());
  CHECK_FALSE(ParseDuration("5").ok());
  CHECK_FALSE(ParseDuration("1.5h").ok());
  CHECK_FALSE(ParseDuration("5s5s").ok());
  CHECK_FALSE(ParseDuration("-5s").ok());
  CHECK_FALSE(ParseDuration("1000000000s").ok());
  CHECK_FALSE(ParseDuration("40000d").ok());
  for (const char* text : {"0s", "250ms", "45s", "15m", "1h30m", "2d", "1d2h3m4s5ms"}) {
    INFO(text);
    Result<Duration> d = ParseDuration(text);
    REQUIRE(d.ok());
    CHECK(FormatDuration(*d) == text);
  }
}

TEST_CASE("times: ISO-8601 UTC as the store writes it") {
  CHECK(FormatTime(At("2026-11-29T14:06:38.123Z")) == "2026-11-29T14:06:38.123Z");
  CHECK(FormatTime(At("2024-02-29T00:00:00Z")) == "2024-02-29T00:00:00Z");
  CHECK(At("2026-01-01T00:00:00.5Z") - At("2026-01-01T00:00:00Z") == Duration(500));
  CHECK(At("1970-01-01T00:00:01Z").time_since_epoch() == std::chrono::seconds(1));
  for (const char* bad : {"2026-02-30T00:00:00Z", "2026-01-01T00:00:00", "2026-01-01 00:00:00Z",
                          "2026-01-01T24:00:00Z", "", "yesterday", "2026-01-01T00:00:00.Z"}) {
    INFO(bad);
    CHECK_FALSE(ParseTime(bad).has_value());
  }
}

TEST_CASE("NextDue: intervals count from the last start, cron from the last start's slot") {
  const Time since = At("2026-03-01T10:00:00Z");
  const Schedule every = MustParse("every 15m");
  CHECK(NextDue(every, std::nullopt, since) == since);  // never ran: at once
  CHECK(NextDue(every, At("2026-03-01T09:50:00Z"), since) == At("2026-03-01T10:05:00Z"));
  const Schedule hourly = MustParse("@hourly");
  CHECK(NextDue(hourly, std::nullopt, since) == At("2026-03-01T11:00:00Z"));  // waits for a slot
  CHECK(NextDue(hourly, At("2026-02-26T07:13:00Z"), since) == At("2026-02-26T08:00:00Z"));
}

}  // namespace tempo::schedule
