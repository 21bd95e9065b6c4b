// Wire encodings: civil-date arithmetic (Howard Hinnant's algorithms, no locale or TZ state),
// Salesforce id checksums, base64.
#include "fakes/core/encoding.h"

#include <charconv>
#include <cstdio>
#include <cstring>

#include "common/json_writer.h"

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
  std::string out;
  AppendAsciiLower(out, text);
  return out;
}

void AppendAsciiLower(std::string& out, std::string_view text) {
  const size_t at = out.size();
  out += text;
  for (size_t i = at; i < out.size(); ++i) {
    if (out[i] >= 'A' && out[i] <= 'Z') out[i] = static_cast<char>(out[i] - 'A' + 'a');
  }
}

void AppendDecimal(std::string& out, int64_t value) {
  char buf[24];
  const auto [end, ec] = std::to_chars(buf, buf + sizeof buf, value);
  out.append(buf, end);
}

std::string FormatIsoMillis(int64_t ms) {
  std::string out;
  AppendIsoMillis(out, ms);
  return out;
}

void AppendIsoMillis(std::string& out, int64_t ms) {
  const Civil c = CivilFromMs(ms);
  if (c.year < 0 || c.year > 9999) {  // outside the fixed-width form: rare, keep it simple
    char buf[48];
    std::snprintf(buf, sizeof buf, "%04lld-%02u-%02uT%02u:%02u:%02u.%03uZ",
                  static_cast<long long>(c.year), c.month, c.day, c.hour, c.minute, c.second,
                  c.millis);
    out += buf;
    return;
  }
  // Hot in HubSpot list pages (four per record): digits by hand, not snprintf.
  char buf[24];
  auto put = [&buf](int at, unsigned value, int width) {
    for (int i = width - 1; i >= 0; --i) {
      buf[at + i] = static_cast<char>('0' + value % 10);
      value /= 10;
    }
  };
  put(0, static_cast<unsigned>(c.year), 4);
  buf[4] = '-';
  put(5, c.month, 2);
  buf[7] = '-';
  put(8, c.day, 2);
  buf[10] = 'T';
  put(11, c.hour, 2);
  buf[13] = ':';
  put(14, c.minute, 2);
  buf[16] = ':';
  put(17, c.second, 2);
  buf[19] = '.';
  put(20, c.millis, 3);
  buf[23] = 'Z';
  out.append(buf, sizeof buf);
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

namespace {

// Decodes the UTF-8 sequence at text[i]; returns its length (0 if it is not valid UTF-8).
size_t DecodeUtf8(std::string_view text, size_t i, uint32_t& code_point) {
  const auto byte = [&text](size_t at) { return static_cast<unsigned char>(text[at]); };
  const unsigned char lead = byte(i);
  size_t length = 0;
  uint32_t cp = 0, min = 0;
  if (lead >= 0xc2 && lead <= 0xdf) {
    length = 2, cp = lead & 0x1f, min = 0x80;
  } else if (lead >= 0xe0 && lead <= 0xef) {
    length = 3, cp = lead & 0x0f, min = 0x800;
  } else if (lead >= 0xf0 && lead <= 0xf4) {
    length = 4, cp = lead & 0x07, min = 0x10000;
  } else {
    return 0;
  }
  if (i + length > text.size()) return 0;
  for (size_t k = 1; k < length; ++k) {
    if ((byte(i + k) & 0xc0) != 0x80) return 0;
    cp = (cp << 6) | (byte(i + k) & 0x3f);
  }
  if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return 0;
  code_point = cp;
  return length;
}

// Whether `value` goes into a JSON string as it is: no control character, quote or backslash
// (nor, with `escape_non_ascii`, a byte >= 0x80). Eight bytes at a time: this scan runs over
// every byte of every list page.
bool IsPlainJsonText(std::string_view value, bool escape_non_ascii) {
  constexpr uint64_t kOnes = 0x0101010101010101ULL;
  constexpr uint64_t kHighs = 0x8080808080808080ULL;
  const uint64_t non_ascii = escape_non_ascii ? kHighs : 0;
  // Per byte, the high bit of (x - 1) & ~x is set iff the byte is zero (and of the whole word
  // iff any byte is), the classic "has a zero byte" test.
  const auto has_zero = [](uint64_t x) { return (x - kOnes) & ~x & kHighs; };
  const char* p = value.data();
  size_t n = value.size();
  uint64_t bad = 0;
  for (; n >= 8; p += 8, n -= 8) {
    uint64_t w;
    std::memcpy(&w, p, sizeof w);
    // Bytes below 0x20 among those without the high bit; '"'; '\\'; non-ASCII if asked.
    bad |= ((w - 0x20 * kOnes) & ~w & kHighs) | has_zero(w ^ ('"' * kOnes)) |
           has_zero(w ^ ('\\' * kOnes)) | (w & non_ascii);
  }
  if (bad != 0) return false;
  for (; n > 0; ++p, --n) {
    const auto c = static_cast<unsigned char>(*p);
    if (c < 0x20 || c == '"' || c == '\\' || (escape_non_ascii && c >= 0x80)) return false;
  }
  return true;
}

void AppendUnicodeEscape(std::string& out, uint32_t unit) {
  static constexpr char kHex[] = "0123456789abcdef";
  const char escape[6] = {
      '\\',           'u', kHex[(unit >> 12) & 15], kHex[(unit >> 8) & 15], kHex[(unit >> 4) & 15],
      kHex[unit & 15]};
  out.append(escape, sizeof escape);
}

}  // namespace

void AppendJsonText(std::string& out, std::string_view value, bool escape_non_ascii) {
  if (IsPlainJsonText(value, escape_non_ascii)) {
    out.push_back('"');
    out.append(value);
    out.push_back('"');
    return;
  }
  if (!escape_non_ascii) {
    AppendJsonQuoted(out, value);
    return;
  }
  // The writer leaves non-ASCII bytes alone; escape them afterwards.
  std::string quoted;
  AppendJsonQuoted(quoted, value);
  for (size_t i = 0; i < quoted.size();) {
    if (static_cast<unsigned char>(quoted[i]) < 0x80) {
      out.push_back(quoted[i++]);
      continue;
    }
    uint32_t cp = 0;
    const size_t length = DecodeUtf8(quoted, i, cp);
    if (length == 0) {
      out.push_back(quoted[i++]);
      continue;
    }
    if (cp >= 0x10000) {
      cp -= 0x10000;
      AppendUnicodeEscape(out, 0xd800 + (cp >> 10));
      AppendUnicodeEscape(out, 0xdc00 + (cp & 0x3ff));
    } else {
      AppendUnicodeEscape(out, cp);
    }
    i += length;
  }
}

}  // namespace tempo::fakes
