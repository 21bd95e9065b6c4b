// Wire encodings: civil-date arithmetic (Howard Hinnant's algorithms, no locale or TZ state),
// Salesforce id checksums, base64.
#include "fakes/encoding.h"

#include <cstdio>

namespace tempo::fakes {
namespace {

constexpr int64_t kMsPerDay = 86'400'000;

int64_t DaysFromCivil(int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<int64_t>(doe) - 719468;
}

struct Civil {
  int64_t year;
  unsigned month, day, hour, minute, second, millis;
  unsigned weekday;  // 0 = Sunday
};

Civil CivilFromMs(int64_t ms) {
  int64_t days = ms / kMsPerDay;
  int64_t rem = ms % kMsPerDay;
  if (rem < 0) {
    rem += kMsPerDay;
    --days;
  }
  Civil c{};
  c.weekday = static_cast<unsigned>(((days % 7) + 7 + 4) % 7);  // 1970-01-01 was a Thursday
  const int64_t z = days + 719468;
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const unsigned doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  c.day = doy - (153 * mp + 2) / 5 + 1;
  c.month = mp < 10 ? mp + 3 : mp - 9;
  c.year = static_cast<int64_t>(yoe) + era * 400 + (c.month <= 2);
  c.hour = static_cast<unsigned>(rem / 3'600'000);
  c.minute = static_cast<unsigned>(rem / 60'000 % 60);
  c.second = static_cast<unsigned>(rem / 1000 % 60);
  c.millis = static_cast<unsigned>(rem % 1000);
  return c;
}

// Reads exactly `n` digits at `pos`, advancing it.
bool ReadDigits(std::string_view s, size_t& pos, size_t n, unsigned& out) {
  if (pos + n > s.size()) return false;
  out = 0;
  for (size_t i = 0; i < n; ++i) {
    char c = s[pos + i];
    if (c < '0' || c > '9') return false;
    out = out * 10 + static_cast<unsigned>(c - '0');
  }
  pos += n;
  return true;
}

constexpr char kBase62[] = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
constexpr int kIdNumberDigits = 7;
constexpr std::string_view kIdPod = "5g00";

int Base62Value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'A' && c <= 'Z') return c - 'A' + 10;
  if (c >= 'a' && c <= 'z') return c - 'a' + 36;
  return -1;
}

constexpr char kBase64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

}  // namespace

std::string AsciiLower(std::string_view text) {
  std::string out(text);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

std::string FormatIsoMillis(int64_t ms) {
  Civil c = CivilFromMs(ms);
  char buf[40];
  std::snprintf(buf, sizeof buf, "%04lld-%02u-%02uT%02u:%02u:%02u.%03uZ",
                static_cast<long long>(c.year), c.month, c.day, c.hour, c.minute, c.second,
                c.millis);
  return buf;
}

std::string FormatSalesforceDateTime(int64_t ms) {
  Civil c = CivilFromMs(ms);
  char buf[40];
  std::snprintf(buf, sizeof buf, "%04lld-%02u-%02uT%02u:%02u:%02u.000+0000",
                static_cast<long long>(c.year), c.month, c.day, c.hour, c.minute, c.second);
  return buf;
}

std::string FormatDate(int64_t ms) {
  Civil c = CivilFromMs(ms);
  char buf[24];
  std::snprintf(buf, sizeof buf, "%04lld-%02u-%02u", static_cast<long long>(c.year), c.month,
                c.day);
  return buf;
}

std::string FormatHttpDate(int64_t ms) {
  static constexpr const char* kDays[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
  static constexpr const char* kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                            "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  Civil c = CivilFromMs(ms);
  char buf[40];
  std::snprintf(buf, sizeof buf, "%s, %02u %s %04lld %02u:%02u:%02u GMT", kDays[c.weekday], c.day,
                kMonths[c.month - 1], static_cast<long long>(c.year), c.hour, c.minute, c.second);
  return buf;
}

std::optional<int64_t> ParseIsoDateTime(std::string_view s) {
  size_t pos = 0;
  unsigned year, month, day;
  if (!ReadDigits(s, pos, 4, year) || pos >= s.size() || s[pos++] != '-' ||
      !ReadDigits(s, pos, 2, month) || pos >= s.size() || s[pos++] != '-' ||
      !ReadDigits(s, pos, 2, day) || month < 1 || month > 12 || day < 1 || day > 31) {
    return std::nullopt;
  }
  int64_t ms = DaysFromCivil(year, month, day) * kMsPerDay;
  if (pos == s.size()) return ms;
  if (s[pos] != 'T' && s[pos] != 't') return std::nullopt;
  ++pos;
  unsigned hour, minute, second = 0;
  if (!ReadDigits(s, pos, 2, hour) || pos >= s.size() || s[pos++] != ':' ||
      !ReadDigits(s, pos, 2, minute) || hour > 23 || minute > 59) {
    return std::nullopt;
  }
  if (pos < s.size() && s[pos] == ':') {
    ++pos;
    if (!ReadDigits(s, pos, 2, second) || second > 60) return std::nullopt;
  }
  ms += (hour * 3600 + minute * 60 + second) * 1000LL;
  if (pos < s.size() && s[pos] == '.') {
    ++pos;
    int64_t scale = 100;
    size_t digits = 0;
    while (pos < s.size() && s[pos] >= '0' && s[pos] <= '9') {
      ms += (s[pos] - '0') * scale;
      scale /= 10;
      ++pos;
      ++digits;
    }
    if (digits == 0) return std::nullopt;
  }
  if (pos == s.size()) return ms;
  if (s[pos] == 'Z' || s[pos] == 'z') return pos + 1 == s.size() ? std::optional(ms) : std::nullopt;
  if (s[pos] != '+' && s[pos] != '-') return std::nullopt;
  const int sign = s[pos] == '+' ? 1 : -1;
  ++pos;
  unsigned oh, om;
  if (!ReadDigits(s, pos, 2, oh)) return std::nullopt;
  if (pos < s.size() && s[pos] == ':') ++pos;
  if (!ReadDigits(s, pos, 2, om) || pos != s.size() || oh > 23 || om > 59) return std::nullopt;
  return ms - sign * static_cast<int64_t>(oh * 60 + om) * 60'000;
}

std::optional<int64_t> ParseInt(std::string_view s) {
  if (s.empty() || s.size() > 19) return std::nullopt;
  size_t i = 0;
  bool negative = false;
  if (s[0] == '-') {
    negative = true;
    i = 1;
    if (s.size() == 1) return std::nullopt;
  }
  int64_t v = 0;
  for (; i < s.size(); ++i) {
    if (s[i] < '0' || s[i] > '9') return std::nullopt;
    v = v * 10 + (s[i] - '0');
  }
  return negative ? -v : v;
}

std::string SalesforceId(std::string_view key_prefix, char tag, uint64_t number) {
  std::string id;
  id.reserve(18);
  id.append(key_prefix.substr(0, 3));
  id.append(kIdPod);
  id.push_back(tag);
  char digits[kIdNumberDigits];
  for (int i = kIdNumberDigits - 1; i >= 0; --i) {
    digits[i] = kBase62[number % 62];
    number /= 62;
  }
  id.append(digits, kIdNumberDigits);
  // Checksum: per 5-char chunk, a bit per upper-case letter, mapped onto A-Z0-5.
  static constexpr char kSuffix[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ012345";
  for (int chunk = 0; chunk < 3; ++chunk) {
    unsigned bits = 0;
    for (int i = 0; i < 5; ++i) {
      char c = id[chunk * 5 + i];
      if (c >= 'A' && c <= 'Z') bits |= 1u << i;
    }
    id.push_back(kSuffix[bits]);
  }
  return id;
}

std::optional<uint64_t> SalesforceIdNumber(std::string_view id, std::string_view key_prefix,
                                           char tag) {
  if (id.size() != 15 && id.size() != 18) return std::nullopt;
  if (id.substr(0, 3) != key_prefix || id.substr(3, 4) != kIdPod || id[7] != tag) {
    return std::nullopt;
  }
  uint64_t number = 0;
  for (size_t i = 8; i < 15; ++i) {
    int v = Base62Value(id[i]);
    if (v < 0) return std::nullopt;
    number = number * 62 + static_cast<uint64_t>(v);
  }
  if (id.size() == 18 && SalesforceId(key_prefix, tag, number) != id) return std::nullopt;
  return number;
}

std::string Base64Encode(std::string_view bytes) {
  std::string out;
  out.reserve((bytes.size() + 2) / 3 * 4);
  size_t i = 0;
  for (; i + 2 < bytes.size(); i += 3) {
    uint32_t n = (static_cast<uint8_t>(bytes[i]) << 16) |
                 (static_cast<uint8_t>(bytes[i + 1]) << 8) | static_cast<uint8_t>(bytes[i + 2]);
    out.push_back(kBase64[n >> 18]);
    out.push_back(kBase64[(n >> 12) & 63]);
    out.push_back(kBase64[(n >> 6) & 63]);
    out.push_back(kBase64[n & 63]);
  }
  if (i + 1 == bytes.size()) {
    uint32_t n = static_cast<uint8_t>(bytes[i]) << 16;
    out.push_back(kBase64[n >> 18]);
    out.push_back(kBase64[(n >> 12) & 63]);
    out += "==";
  } else if (i + 2 == bytes.size()) {
    uint32_t n = (static_cast<uint8_t>(bytes[i]) << 16) | (static_cast<uint8_t>(bytes[i + 1]) << 8);
    out.push_back(kBase64[n >> 18]);
    out.push_back(kBase64[(n >> 12) & 63]);
    out.push_back(kBase64[(n >> 6) & 63]);
    out.push_back('=');
  }
  return out;
}

std::optional<std::string> Base64Decode(std::string_view text) {
  while (!text.empty() && text.back() == '=') text.remove_suffix(1);
  std::string out;
  uint32_t acc = 0;
  int bits = 0;
  for (char c : text) {
    const char* p = nullptr;
    for (const char* q = kBase64; *q; ++q) {
      if (*q == c) {
        p = q;
        break;
      }
    }
    if (p == nullptr) return std::nullopt;
    acc = (acc << 6) | static_cast<uint32_t>(p - kBase64);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out.push_back(static_cast<char>((acc >> bits) & 0xff));
    }
  }
  return out;
}

std::string PercentEncode(std::string_view text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : text) {
    if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
        c == '_' || c == '.' || c == '~') {
      out.push_back(static_cast<char>(c));
    } else {
      out.push_back('%');
      out.push_back(kHex[c >> 4]);
      out.push_back(kHex[c & 15]);
    }
  }
  return out;
}

}  // namespace tempo::fakes
