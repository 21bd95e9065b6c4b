#include "hubspot_values.h"

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <cstdlib>
#include <cstring>

namespace tempo::hubspot {
namespace {

// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
int64_t DaysFromCivil(int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<int64_t>(doe) - 719468;
}

bool Digits(std::string_view s, size_t at, size_t n, int* out) {
  if (at + n > s.size()) return false;
  int v = 0;
  for (size_t i = at; i < at + n; ++i) {
    if (s[i] < '0' || s[i] > '9') return false;
    v = v * 10 + (s[i] - '0');
  }
  *out = v;
  return true;
}

bool Lower(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(a[i])) != b[i]) return false;
  }
  return true;
}

}  // namespace

std::optional<int64_t> ParseTimeMs(std::string_view s) {
  if (s.empty()) return std::nullopt;
  bool all_digits = true;
  for (char c : s) all_digits = all_digits && c >= '0' && c <= '9';
  if (all_digits) {
    if (s.size() > 15) return std::nullopt;
    int64_t ms = 0;
    for (char c : s) ms = ms * 10 + (c - '0');
    return ms;
  }
  int y, mo, d;
  if (!Digits(s, 0, 4, &y) || s.size() < 10 || s[4] != '-' || !Digits(s, 5, 2, &mo) ||
      s[7] != '-' || !Digits(s, 8, 2, &d) || mo < 1 || mo > 12 || d < 1 || d > 31) {
    return std::nullopt;
  }
  int64_t ms = DaysFromCivil(y, static_cast<unsigned>(mo), static_cast<unsigned>(d)) * 86400000;
  if (s.size() == 10) return ms;
  int h, mi, sec;
  if ((s[10] != 'T' && s[10] != ' ') || !Digits(s, 11, 2, &h) || s.size() < 19 || s[13] != ':' ||
      !Digits(s, 14, 2, &mi) || s[16] != ':' || !Digits(s, 17, 2, &sec) || h > 23 || mi > 59 ||
      sec > 60) {
    return std::nullopt;
  }
  ms += (h * 3600LL + mi * 60LL + sec) * 1000;
  size_t at = 19;
  if (at < s.size() && s[at] == '.') {
    ++at;
    int64_t frac = 0, scale = 100;
    size_t start = at;
    while (at < s.size() && s[at] >= '0' && s[at] <= '9') {
      frac += (s[at] - '0') * scale;
      scale /= 10;
      ++at;
    }
    if (at == start) return std::nullopt;
    ms += frac;
  }
  if (at == s.size()) return ms;  // no zone: UTC
  if (s[at] == 'Z' && at + 1 == s.size()) return ms;
  if (s[at] == '+' || s[at] == '-') {
    int oh, om = 0;
    if (!Digits(s, at + 1, 2, &oh)) return std::nullopt;
    size_t rest = at + 3;
    if (rest < s.size() && s[rest] == ':') ++rest;
    if (rest < s.size()) {
      if (!Digits(s, rest, 2, &om) || rest + 2 != s.size()) return std::nullopt;
    }
    int64_t offset = (oh * 60LL + om) * 60000;
    return s[at] == '+' ? ms - offset : ms + offset;
  }
  return std::nullopt;
}

std::string FormatIsoMs(int64_t ms) {
  char buf[kIsoBufferSize];
  return std::string(buf, FormatIsoMs(ms, buf));
}

size_t FormatIsoMs(int64_t ms, char* out) {
  int64_t days = ms >= 0 ? ms / 86400000 : (ms - 86399999) / 86400000;
  int64_t rem = ms - days * 86400000;
  // civil_from_days
  int64_t z = days + 719468;
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const unsigned doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  int64_t y = static_cast<int64_t>(yoe) + era * 400;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  const unsigned d = doy - (153 * mp + 2) / 5 + 1;
  const unsigned m = mp < 10 ? mp + 3 : mp - 9;
  y += m <= 2;
  int n =
      std::snprintf(out, kIsoBufferSize, "%04lld-%02u-%02uT%02lld:%02lld:%02lld.%03lldZ",
                    static_cast<long long>(y), m, d, static_cast<long long>(rem / 3600000),
                    static_cast<long long>(rem / 60000 % 60),
                    static_cast<long long>(rem / 1000 % 60), static_cast<long long>(rem % 1000));
  return n < 0 ? 0 : std::min(static_cast<size_t>(n), kIsoBufferSize - 1);
}

std::optional<std::string> NormalizeDate(std::string_view text) {
  char buf[kIsoBufferSize];
  std::optional<std::string_view> iso = NormalizeDate(text, buf);
  if (!iso) return std::nullopt;
  return std::string(*iso);
}

std::optional<std::string_view> NormalizeDate(std::string_view text, char* buffer) {
  std::optional<int64_t> ms = ParseTimeMs(text);
  if (!ms) return std::nullopt;
  if (text.find('-') != std::string_view::npos) return text;  // ISO as sent
  return std::string_view(buffer, FormatIsoMs(*ms, buffer));
}

bool IsNumber(std::string_view text) {
  if (text.empty() || text.size() > 64) return false;
  char s[65];  // strtod needs a terminated string; no allocation
  std::memcpy(s, text.data(), text.size());
  s[text.size()] = '\0';
  char* end = nullptr;
  std::strtod(s, &end);
  return end == s + text.size() && !std::isspace(static_cast<unsigned char>(s[0]));
}

std::optional<bool> ParseBool(std::string_view text) {
  if (Lower(text, "true")) return true;
  if (Lower(text, "false")) return false;
  return std::nullopt;
}

int CompareIds(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return a.size() < b.size() ? -1 : 1;
  return a < b ? -1 : (a == b ? 0 : 1);
}

std::string_view CompanyLifecycle(std::string_view stage, std::string_view type) {
  if (Lower(type, "partner") || Lower(type, "reseller") || Lower(type, "vendor")) return "partner";
  if (stage.empty()) return "";
  if (Lower(stage, "customer")) return "customer";
  if (Lower(stage, "evangelist")) return "partner";
  if (Lower(stage, "subscriber") || Lower(stage, "lead") ||
      Lower(stage, "marketingqualifiedlead") || Lower(stage, "salesqualifiedlead") ||
      Lower(stage, "opportunity")) {
    return "prospect";
  }
  return "other";
}

std::string_view OppType(std::string_view dealtype) {
  if (dealtype.empty()) return "";
  if (Lower(dealtype, "newbusiness")) return "new";
  if (Lower(dealtype, "existingbusiness")) return "expansion";
  if (Lower(dealtype, "renewal")) return "renewal";
  return "other";
}

std::string_view PartnerRole(std::string_view role) {
  for (std::string_view allowed :
       {"sourced", "influenced", "co_sell", "resell", "implementation", "referral"}) {
    if (Lower(role, allowed)) return allowed;
  }
  if (Lower(role, "co-sell") || Lower(role, "cosell")) return "co_sell";
  return "influenced";
}

std::string ShortHash(std::string_view text) {
  uint64_t h = 1469598103934665603ULL;
  for (unsigned char c : text) {
    h ^= c;
    h *= 1099511628211ULL;
  }
  char buf[20];
  std::snprintf(buf, sizeof buf, "%012llx", static_cast<unsigned long long>(h & 0xffffffffffffULL));
  return buf;
}

int64_t HandOverCursor(int64_t list_started_ms, int64_t previous_cursor_ms) {
  return list_started_ms >= 0 ? list_started_ms : previous_cursor_ms;
}

}  // namespace tempo::hubspot
