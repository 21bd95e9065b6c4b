// Schedule parsing and next-fire computation (the contract is in schedule.h).
#include "schedule/schedule.h"

#include <array>
#include <cctype>
#include <cstdint>
#include <cstdio>
#include <vector>

namespace tempo::schedule {
namespace {

namespace chr = std::chrono;

constexpr const char* kExpected =
    "expected 5 cron fields 'minute hour day-of-month month day-of-week' (e.g. '*/15 * * * *'), "
    "a macro (@hourly, @daily, @weekly, @monthly, @yearly) or an interval (e.g. 'every 15m')";

// How far NextCronFire looks ahead: a Feb 29 that must also be a given weekday can be 40 years
// away (across a century that is not a leap year).
constexpr int kSearchYears = 50;

constexpr std::array<const char*, 12> kMonthNames = {"jan", "feb", "mar", "apr", "may", "jun",
                                                     "jul", "aug", "sep", "oct", "nov", "dec"};
constexpr std::array<const char*, 7> kDayNames = {"sun", "mon", "tue", "wed", "thu", "fri", "sat"};

struct FieldSpec {
  const char* name;
  int min;
  int max;       // the largest value accepted (7 for day-of-week)
  int star_max;  // what '*' spans up to (6 for day-of-week: 7 is Sunday again)
  const char* const* names = nullptr;  // month or day names, if the field has them
  int name_count = 0;
  int name_base = 0;  // the value of names[0]
};

const FieldSpec kFields[5] = {
    {"minute", 0, 59, 59},
    {"hour", 0, 23, 23},
    {"day-of-month", 1, 31, 31},
    {"month", 1, 12, 12, kMonthNames.data(), 12, 1},
    {"day-of-week", 0, 7, 6, kDayNames.data(), 7, 0},
};

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

std::vector<std::string_view> Split(std::string_view s, char sep) {
  std::vector<std::string_view> parts;
  size_t start = 0;
  for (;;) {
    size_t pos = s.find(sep, start);
    parts.push_back(s.substr(start, pos == std::string_view::npos ? pos : pos - start));
    if (pos == std::string_view::npos) return parts;
    start = pos + 1;
  }
}

std::vector<std::string_view> SplitSpaces(std::string_view s) {
  std::vector<std::string_view> parts;
  size_t i = 0;
  while (i < s.size()) {
    while (i < s.size() && std::isspace(static_cast<unsigned char>(s[i]))) ++i;
    size_t start = i;
    while (i < s.size() && !std::isspace(static_cast<unsigned char>(s[i]))) ++i;
    if (i > start) parts.push_back(s.substr(start, i - start));
  }
  return parts;
}

std::optional<int> ParseSmallNumber(std::string_view s) {
  if (s.empty() || s.size() > 4) return std::nullopt;
  int value = 0;
  for (char c : s) {
    if (c < '0' || c > '9') return std::nullopt;
    value = value * 10 + (c - '0');
  }
  return value;
}

Status FieldError(const FieldSpec& spec, std::string_view item, const std::string& problem) {
  return Status::InvalidArgument(std::string(spec.name) + " field '" + std::string(item) +
                                 "': " + problem);
}

// A value of the field: a number or (month, day-of-week) a three-letter name.
Result<int> ParseValue(const FieldSpec& spec, std::string_view item, std::string_view token) {
  if (std::optional<int> n = ParseSmallNumber(token)) {
    if (*n < spec.min || *n > spec.max) {
      return FieldError(spec, item,
                        std::to_string(*n) + " is out of range " + std::to_string(spec.min) + "-" +
                            std::to_string(spec.max));
    }
    return *n;
  }
  const std::string lower = Lower(token);
  for (int i = 0; i < spec.name_count; ++i) {
    if (lower == spec.names[i]) return spec.name_base + i;
  }
  if (lower.find_first_of("?#") != std::string::npos || lower == "l" ||
      (lower.size() > 1 && (lower.back() == 'l' || lower.back() == 'w') &&
       ParseSmallNumber(std::string_view(lower).substr(0, lower.size() - 1)))) {
    return FieldError(spec, item,
                      "'?', 'L', 'W' and '#' are Quartz extensions that cron does not support");
  }
  std::string what = "'" + std::string(token) + "' is not a number";
  if (spec.names != nullptr) {
    what += std::string(" or a ") +
            (spec.name_base == 1 ? "month name (jan-dec)" : "day name (sun-sat)");
  }
  return FieldError(spec, item, what);
}

// Parses one field into `bits` (bit v set = value v matches). `star` is set when the field
// starts with '*' (what Vixie cron looks at for the day-of-month/day-of-week rule).
Status ParseField(const FieldSpec& spec, std::string_view field, uint64_t& bits, bool& star) {
  bits = 0;
  star = !field.empty() && field.front() == '*';
  for (std::string_view item : Split(field, ',')) {
    if (item.empty()) {
      return Status::InvalidArgument(
          std::string(spec.name) + " field '" + std::string(field) +
          "': empty item in the list (two commas, or a comma at an end)");
    }
    std::vector<std::string_view> step_parts = Split(item, '/');
    if (step_parts.size() > 2) return FieldError(spec, item, "more than one '/'");
    std::string_view base = step_parts[0];
    int step = 1;
    bool has_step = step_parts.size() == 2;
    if (has_step) {
      std::optional<int> s = ParseSmallNumber(step_parts[1]);
      if (!s) {
        return FieldError(spec, item, "the step after '/' must be a number");
      }
      if (*s == 0) return FieldError(spec, item, "the step must be at least 1");
      if (*s > spec.star_max - spec.min) {
        return FieldError(spec, item,
                          "the step " + std::to_string(*s) + " is larger than the field's range " +
                              std::to_string(spec.min) + "-" + std::to_string(spec.star_max) +
                              ", so it would match only once");
      }
      step = *s;
    }
    int lo = 0, hi = 0;
    if (base == "*") {
      lo = spec.min;
      hi = spec.star_max;
    } else if (base.empty()) {
      return FieldError(spec, item, "missing a value before '/'");
    } else {
      std::vector<std::string_view> range = Split(base, '-');
      if (range.size() > 2 || range[0].empty() || (range.size() == 2 && range[1].empty())) {
        return FieldError(spec, item, "a range is written as N-M");
      }
      Result<int> first = ParseValue(spec, item, range[0]);
      if (!first.ok()) return first.status();
      lo = hi = *first;
      if (range.size() == 2) {
        Result<int> last = ParseValue(spec, item, range[1]);
        if (!last.ok()) return last.status();
        hi = *last;
        if (hi < lo) {
          return FieldError(spec, item,
                            "the range is reversed; write " + std::string(range[1]) + "-" +
                                std::string(range[0]) + " (ranges do not wrap around)");
        }
      } else if (has_step) {
        hi = spec.star_max;  // Vixie's N/S: from N to the end of the field
        if (lo > hi) hi = lo;
      }
    }
    for (int v = lo; v <= hi; v += step) {
      int value = (spec.max == 7 && v == 7) ? 0 : v;  // day-of-week 7 is Sunday
      bits |= uint64_t{1} << value;
    }
  }
  return Status::Ok();
}

template <size_t N>
std::bitset<N> ToBits(uint64_t bits) {
  return std::bitset<N>(bits & ((N >= 64) ? ~uint64_t{0} : ((uint64_t{1} << N) - 1)));
}

unsigned DaysInMonth(int month, bool leap) {
  static constexpr unsigned kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return (month == 2 && leap) ? 29 : kDays[month - 1];
}

Result<CronFields> ParseCron(std::string_view text) {
  std::vector<std::string_view> fields = SplitSpaces(text);
  if (fields.size() != 5) {
    std::string found =
        "found " + std::to_string(fields.size()) + " field" + (fields.size() == 1 ? "" : "s");
    if (fields.size() == 6) found += " (seconds and years are not supported)";
    return Status::InvalidArgument(std::string(kExpected) + "; " + found);
  }
  CronFields cron;
  uint64_t bits[5];
  bool stars[5];
  for (int i = 0; i < 5; ++i) {
    Status s = ParseField(kFields[i], fields[i], bits[i], stars[i]);
    if (!s.ok()) return s;
  }
  cron.minutes = ToBits<60>(bits[0]);
  cron.hours = ToBits<24>(bits[1]);
  cron.days_of_month = ToBits<32>(bits[2]);
  cron.months = ToBits<13>(bits[3]);
  cron.days_of_week = ToBits<7>(bits[4]);
  cron.day_of_month_star = stars[2];
  cron.day_of_week_star = stars[4];
  // A restricted day of month decides alone when the day of week is '*...' (no OR rule to
  // widen it): then at least one selected month must have one of the selected days.
  if (!cron.day_of_month_star && cron.day_of_week_star) {
    bool possible = false;
    for (int m = 1; m <= 12 && !possible; ++m) {
      if (!cron.months[m]) continue;
      for (unsigned d = 1; d <= DaysInMonth(m, /*leap=*/true); ++d) {
        if (cron.days_of_month[d]) {
          possible = true;
          break;
        }
      }
    }
    if (!possible) {
      return Status::InvalidArgument(
          "this schedule never fires: none of the selected months has the selected day(s) of "
          "the month (April, June, September and November have 30 days, February 29)");
    }
  }
  return cron;
}

bool DayMatches(const CronFields& cron, chr::sys_days day) {
  const chr::year_month_day ymd{day};
  const bool dom = cron.days_of_month[static_cast<unsigned>(ymd.day())];
  const bool dow = cron.days_of_week[chr::weekday{day}.c_encoding()];
  if (cron.day_of_month_star || cron.day_of_week_star) return dom && dow;
  return dom || dow;
}

Result<Duration> ParseInterval(std::string_view rest, std::string_view text) {
  rest = Trim(rest);
  if (rest.empty()) {
    return Status::InvalidArgument("'every' needs a duration, like 'every 15m'");
  }
  Result<Duration> d = ParseDuration(rest);
  if (!d.ok()) return d.status();
  if (*d < chr::seconds(1)) {
    return Status::InvalidArgument("'" + std::string(text) + "': the interval must be at least 1s");
  }
  return d;
}

}  // namespace

Result<Schedule> ParseSchedule(std::string_view text) {
  text = Trim(text);
  Schedule schedule;
  schedule.text_ = std::string(text);
  if (text.empty()) {
    return Status::InvalidArgument("the schedule is empty; " + std::string(kExpected) +
                                   ", or remove the key to run the connection only on demand");
  }
  const std::string lower = Lower(text);
  if (lower.rfind("every", 0) == 0 &&
      (lower.size() == 5 || std::isspace(static_cast<unsigned char>(lower[5])))) {
    Result<Duration> interval = ParseInterval(text.substr(5), text);
    if (!interval.ok()) return interval.status();
    schedule.kind_ = Schedule::Kind::kInterval;
    schedule.interval_ = *interval;
    return schedule;
  }
  std::string_view expression = text;
  if (text.front() == '@') {
    static constexpr std::pair<const char*, const char*> kMacros[] = {
        {"@yearly", "0 0 1 1 *"}, {"@annually", "0 0 1 1 *"}, {"@monthly", "0 0 1 * *"},
        {"@weekly", "0 0 * * 0"}, {"@daily", "0 0 * * *"},    {"@midnight", "0 0 * * *"},
        {"@hourly", "0 * * * *"}};
    expression = {};
    for (const auto& [name, fields] : kMacros) {
      if (lower == name) expression = fields;
    }
    if (lower == "@reboot") {
      return Status::InvalidArgument(
          "@reboot is not supported: the daemon runs a connection on a schedule; run "
          "'tempo sync CONNECTION' at boot instead");
    }
    if (expression.empty()) {
      return Status::InvalidArgument("unknown macro '" + std::string(text) +
                                     "'; use @hourly, @daily, @weekly, @monthly or @yearly");
    }
  }
  Result<CronFields> cron = ParseCron(expression);
  if (!cron.ok()) return cron.status();
  schedule.kind_ = Schedule::Kind::kCron;
  schedule.cron_ = *cron;
  return schedule;
}

Result<Schedule> ParseSchedule(std::string_view text, std::string_view zone_name) {
  Result<Schedule> schedule = ParseSchedule(text);
  if (!schedule.ok() || zone_name.empty()) return schedule;
  Result<TimeZone> zone = TimeZone::Find(zone_name);
  if (!zone.ok()) return zone.status();
  schedule->zone_ = std::move(zone).value();
  return schedule;
}

std::optional<Time> NextCronFire(const CronFields& cron, Time after) {
  Time t = chr::floor<chr::minutes>(after) + chr::minutes(1);
  const chr::year limit =
      chr::year_month_day{chr::floor<chr::days>(t)}.year() + chr::years(kSearchYears);
  for (;;) {
    const chr::sys_days day = chr::floor<chr::days>(t);
    const chr::year_month_day ymd{day};
    if (ymd.year() > limit) return std::nullopt;
    if (!cron.months[static_cast<unsigned>(ymd.month())]) {
      chr::year_month next = ymd.year() / ymd.month() + chr::months(1);
      t = Time(chr::sys_days(next / 1));
      continue;
    }
    if (!DayMatches(cron, day)) {
      t = Time(day + chr::days(1));
      continue;
    }
    const auto since_midnight = t - Time(day);
    const auto hour = chr::duration_cast<chr::hours>(since_midnight);
    if (!cron.hours[static_cast<size_t>(hour.count())]) {
      t = Time(day) + hour + chr::hours(1);
      continue;
    }
    const auto minute = chr::duration_cast<chr::minutes>(since_midnight - hour);
    if (!cron.minutes[static_cast<size_t>(minute.count())]) {
      t += chr::minutes(1);
      continue;
    }
    return t;
  }
}

std::optional<Time> NextCronFire(const CronFields& cron, const TimeZone& zone, Time after) {
  if (zone.is_utc()) return NextCronFire(cron, after);
  // Walk the matching wall times (read as if UTC, so the calendar search above applies) from
  // the wall time of `after`, and return the first whose instant comes after it. Instants never
  // go down as wall times go up (a skipped time maps to the gap's end, a repeated one to its
  // first occurrence), so the first hit is the answer; the walk skips the slots of a gap that
  // map to an instant already returned and the second pass of a repeated hour.
  Time wall(zone.ToLocal(after).time_since_epoch());
  for (int step = 0; step < 100000; ++step) {
    std::optional<Time> next_wall = NextCronFire(cron, wall);
    if (!next_wall) return std::nullopt;
    const Time instant = zone.ToUtc(LocalTime(next_wall->time_since_epoch()));
    if (instant > after) return instant;
    wall = *next_wall;
  }
  return std::nullopt;  // unreachable: a transition repeats at most a few hours of slots
}

std::optional<Time> NextDue(const Schedule& schedule, std::optional<Time> last_start, Time since) {
  if (schedule.kind() == Schedule::Kind::kInterval) {
    return last_start ? *last_start + schedule.interval() : since;
  }
  return NextCronFire(schedule.cron(), schedule.zone(), last_start ? *last_start : since);
}

Result<Duration> ParseDuration(std::string_view text) {
  const std::string_view original = text;
  text = Trim(text);
  auto bad = [&original](const std::string& why) {
    return Status::InvalidArgument("'" + std::string(Trim(original)) + "' is not a duration" +
                                   (why.empty() ? "" : " (" + why + ")") +
                                   "; write a number and a unit, like 30s, 15m, 2h, 1d or 1h30m "
                                   "(units ms, s, m, h, d)");
  };
  if (text.empty()) return bad("");
  static constexpr std::pair<const char*, int64_t> kUnits[] = {
      {"d", 86400000}, {"h", 3600000}, {"ms", 1}, {"m", 60000}, {"s", 1000}};
  int64_t total = 0;
  int64_t previous_unit = INT64_MAX;
  size_t i = 0;
  while (i < text.size()) {
    size_t start = i;
    while (i < text.size() && std::isdigit(static_cast<unsigned char>(text[i]))) ++i;
    if (i == start) return bad("a number must come before each unit");
    if (i - start > 9) return bad("the number is too large");
    int64_t number = std::stoll(std::string(text.substr(start, i - start)));
    int64_t unit = 0;
    for (const auto& [name, millis] : kUnits) {
      std::string_view n(name);
      if (text.substr(i, n.size()) == n) {
        unit = millis;
        i += n.size();
        break;
      }
    }
    if (unit == 0) return bad(i < text.size() ? "unknown unit" : "missing unit");
    if (unit >= previous_unit) return bad("units must go from largest to smallest, each once");
    previous_unit = unit;
    total += number * unit;
    if (total > int64_t{100} * 365 * 86400000) return bad("longer than 100 years");
  }
  return Duration(total);
}

std::string FormatDuration(Duration d) {
  int64_t ms = d.count();
  if (ms == 0) return "0s";
  std::string out;
  if (ms < 0) {
    out = "-";
    ms = -ms;
  }
  static constexpr std::pair<const char*, int64_t> kUnits[] = {
      {"d", 86400000}, {"h", 3600000}, {"m", 60000}, {"s", 1000}, {"ms", 1}};
  for (const auto& [name, millis] : kUnits) {
    if (ms >= millis) {
      out += std::to_string(ms / millis) + name;
      ms %= millis;
    }
  }
  return out;
}

std::string FormatTime(Time t) {
  const chr::sys_days day = chr::floor<chr::days>(t);
  const chr::year_month_day ymd{day};
  const chr::hh_mm_ss<Duration> tod{t - Time(day)};
  char buf[40];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02uT%02d:%02d:%02d", static_cast<int>(ymd.year()),
                static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()),
                static_cast<int>(tod.hours().count()), static_cast<int>(tod.minutes().count()),
                static_cast<int>(tod.seconds().count()));
  std::string out = buf;
  if (tod.subseconds().count() != 0) {
    std::snprintf(buf, sizeof buf, ".%03d", static_cast<int>(tod.subseconds().count()));
    out += buf;
  }
  return out + "Z";
}

std::optional<Time> ParseTime(std::string_view text) {
  int y = 0, mo = 0, d = 0, h = 0, mi = 0, s = 0, ms = 0;
  const std::string str(text);
  int consumed = 0;
  if (std::sscanf(str.c_str(), "%4d-%2d-%2dT%2d:%2d:%2d%n", &y, &mo, &d, &h, &mi, &s, &consumed) !=
      6) {
    return std::nullopt;
  }
  std::string_view rest = text.substr(static_cast<size_t>(consumed));
  if (!rest.empty() && rest.front() == '.') {
    rest.remove_prefix(1);
    int digits = 0;
    while (!rest.empty() && std::isdigit(static_cast<unsigned char>(rest.front()))) {
      if (digits < 3) ms = ms * 10 + (rest.front() - '0');
      ++digits;
      rest.remove_prefix(1);
    }
    if (digits == 0) return std::nullopt;
    for (int i = digits; i < 3; ++i) ms *= 10;
  }
  if (rest != "Z") return std::nullopt;
  const chr::year_month_day ymd{chr::year(y), chr::month(static_cast<unsigned>(mo)),
                                chr::day(static_cast<unsigned>(d))};
  if (!ymd.ok() || h > 23 || mi > 59 || s > 60) return std::nullopt;
  return Time(chr::sys_days(ymd)) + chr::hours(h) + chr::minutes(mi) + chr::seconds(s) +
         chr::milliseconds(ms);
}

}  // namespace tempo::schedule
