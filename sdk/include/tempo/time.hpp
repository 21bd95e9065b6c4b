// tempo/time.hpp: the one implementation of the date and time formats connectors meet:
// ISO-8601 (dates, date-times with or without an offset, fractional seconds, the odd
// "...Z+0000"), and epoch seconds and milliseconds. Everything is milliseconds since
// 1970-01-01T00:00:00Z in an int64_t; formatting is always UTC. Part of the connector kit:
// header-only, outside the ABI, no allocation except where a std::string is returned.
//
// The civil-date arithmetic is Howard Hinnant's (days_from_civil / civil_from_days, public
// domain), valid for every proleptic Gregorian date an int64_t of milliseconds can hold.
#ifndef TEMPO_TIME_HPP_
#define TEMPO_TIME_HPP_

#include <algorithm>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <optional>
#include <string>
#include <string_view>

namespace tempo::sdk {

inline constexpr int64_t kDayMs = 86400000;

// Wall-clock milliseconds since the epoch.
inline int64_t NowMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

// Days since 1970-01-01 of year `y`, month `m` (1-12), day `d` (1-31).
constexpr int64_t DaysFromCivil(int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<int64_t>(doe) - 719468;
}

struct CivilDate {
  int64_t year;
  unsigned month;  // 1-12
  unsigned day;    // 1-31
};

// The date `days` days after 1970-01-01.
constexpr CivilDate CivilFromDays(int64_t days) {
  const int64_t z = days + 719468;
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const unsigned doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  const unsigned d = doy - (153 * mp + 2) / 5 + 1;
  const unsigned m = mp < 10 ? mp + 3 : mp - 9;
  return {static_cast<int64_t>(yoe) + era * 400 + (m <= 2), m, d};
}

namespace time_internal {

constexpr bool Digits(std::string_view s, size_t at, size_t n, int* out) {
  if (at + n > s.size()) return false;
  int v = 0;
  for (size_t i = at; i < at + n; ++i) {
    if (s[i] < '0' || s[i] > '9') return false;
    v = v * 10 + (s[i] - '0');
  }
  *out = v;
  return true;
}

constexpr int DaysInMonth(int64_t y, unsigned m) {
  constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  return m == 2 && leap ? 29 : kDays[m - 1];
}

// "+hh", "+hhmm", "+hh:mm" (or '-') at s[at..] to the end; minutes east of UTC.
constexpr bool ParseOffset(std::string_view s, size_t at, int* minutes) {
  if (at >= s.size() || (s[at] != '+' && s[at] != '-')) return false;
  int hh = 0, mm = 0;
  if (!Digits(s, at + 1, 2, &hh) || hh > 23) return false;
  size_t rest = at + 3;
  if (rest < s.size() && s[rest] == ':') ++rest;
  if (rest < s.size()) {
    if (!Digits(s, rest, 2, &mm) || mm > 59 || rest + 2 != s.size()) return false;
  } else if (s[rest - 1] == ':') {
    return false;
  }
  *minutes = (s[at] == '-' ? -1 : 1) * (hh * 60 + mm);
  return true;
}

}  // namespace time_internal

// An ISO-8601 text as parsed: the instant, and what the text said.
struct IsoTime {
  int64_t ms = 0;         // since the epoch; a date alone is its midnight UTC
  bool has_time = false;  // a date-time, not only a date
  bool has_zone = false;  // 'Z' or an offset was given (without one, UTC is assumed)
};

// Parses "YYYY-MM-DD", "YYYY-MM-DDThh:mm[:ss[.f...]]" ('T' or a space), followed by nothing
// (UTC), "Z", an offset ("+hh", "+hhmm", "+hh:mm", "-..."), or "Z" and an offset of zero
// ("...Z+0000", as some APIs send). Fractions beyond milliseconds are truncated; a leap second
// (":60") counts as the next second. nullopt for anything else, including impossible dates.
constexpr std::optional<IsoTime> ParseIso(std::string_view s) {
  using time_internal::Digits;
  int y = 0, mo = 0, d = 0;
  if (s.size() < 10 || !Digits(s, 0, 4, &y) || s[4] != '-' || !Digits(s, 5, 2, &mo) ||
      s[7] != '-' || !Digits(s, 8, 2, &d) || mo < 1 || mo > 12 || d < 1 ||
      d > time_internal::DaysInMonth(y, static_cast<unsigned>(mo))) {
    return std::nullopt;
  }
  IsoTime t;
  t.ms = DaysFromCivil(y, static_cast<unsigned>(mo), static_cast<unsigned>(d)) * kDayMs;
  if (s.size() == 10) return t;
  int h = 0, mi = 0, sec = 0;
  if ((s[10] != 'T' && s[10] != ' ') || !Digits(s, 11, 2, &h) || s.size() < 16 || s[13] != ':' ||
      !Digits(s, 14, 2, &mi) || h > 23 || mi > 59) {
    return std::nullopt;
  }
  t.has_time = true;
  size_t at = 16;
  if (at < s.size() && s[at] == ':') {
    if (!Digits(s, at + 1, 2, &sec) || sec > 60) return std::nullopt;
    at += 3;
    if (at < s.size() && (s[at] == '.' || s[at] == ',')) {
      ++at;
      const size_t start = at;
      int64_t frac = 0, scale = 100;
      while (at < s.size() && s[at] >= '0' && s[at] <= '9') {
        frac += (s[at] - '0') * scale;
        scale /= 10;
        ++at;
      }
      if (at == start) return std::nullopt;
      t.ms += frac;
    }
  }
  t.ms += (h * 3600LL + mi * 60LL + sec) * 1000;
  if (at == s.size()) return t;
  int offset = 0;
  if (s[at] == 'Z') {
    t.has_zone = true;
    if (at + 1 == s.size()) return t;
    // "Z+0000": only an offset of zero is consistent with the Z.
    if (!time_internal::ParseOffset(s, at + 1, &offset) || offset != 0) return std::nullopt;
    return t;
  }
  if (!time_internal::ParseOffset(s, at, &offset)) return std::nullopt;
  t.has_zone = true;
  t.ms -= offset * 60000LL;
  return t;
}

// ParseIso's instant.
constexpr std::optional<int64_t> ParseIsoMs(std::string_view s) {
  if (auto t = ParseIso(s)) return t->ms;
  return std::nullopt;
}

// A non-negative decimal integer of at most 18 digits (an epoch value), or nullopt.
constexpr std::optional<int64_t> ParseEpoch(std::string_view s) {
  if (s.empty() || s.size() > 18) return std::nullopt;
  int64_t v = 0;
  for (char c : s) {
    if (c < '0' || c > '9') return std::nullopt;
    v = v * 10 + (c - '0');
  }
  return v;
}

// Epoch milliseconds ("1719705600000") or ISO-8601, as many APIs mix them in one field.
constexpr std::optional<int64_t> ParseEpochMsOrIso(std::string_view s) {
  if (auto ms = ParseEpoch(s)) return ms;
  return ParseIsoMs(s);
}

// Size of the buffer the FormatIso* functions write into (with room for any year).
inline constexpr size_t kIsoBufferSize = 48;

enum class IsoPrecision {
  kMillis,      // "2024-06-30T12:34:56.789Z" (always three digits)
  kSeconds,     // "2024-06-30T12:34:56Z" (milliseconds dropped)
  kTrimMillis,  // milliseconds only when not zero
};

// `ms` as UTC ISO-8601 into `out` (kIsoBufferSize bytes), without allocating; returns the
// length.
inline size_t FormatIso(int64_t ms, char* out, IsoPrecision precision = IsoPrecision::kMillis) {
  const int64_t days = ms >= 0 ? ms / kDayMs : (ms - (kDayMs - 1)) / kDayMs;
  const int64_t rem = ms - days * kDayMs;
  const CivilDate c = CivilFromDays(days);
  const long long h = rem / 3600000, mi = rem / 60000 % 60, s = rem / 1000 % 60, f = rem % 1000;
  int n;
  if (precision == IsoPrecision::kSeconds || (precision == IsoPrecision::kTrimMillis && f == 0)) {
    n = std::snprintf(out, kIsoBufferSize, "%04lld-%02u-%02uT%02lld:%02lld:%02lldZ",
                      static_cast<long long>(c.year), c.month, c.day, h, mi, s);
  } else {
    n = std::snprintf(out, kIsoBufferSize, "%04lld-%02u-%02uT%02lld:%02lld:%02lld.%03lldZ",
                      static_cast<long long>(c.year), c.month, c.day, h, mi, s, f);
  }
  return n < 0 ? 0 : std::min(static_cast<size_t>(n), kIsoBufferSize - 1);
}

inline std::string FormatIso(int64_t ms, IsoPrecision precision = IsoPrecision::kMillis) {
  char buf[kIsoBufferSize];
  return std::string(buf, FormatIso(ms, buf, precision));
}

}  // namespace tempo::sdk

#endif  // TEMPO_TIME_HPP_
