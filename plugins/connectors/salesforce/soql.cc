// SOQL text, query URLs and Salesforce value formats. See soql.h.
#include "soql.h"

#include <cstdint>
#include <cstdio>

namespace tempo::salesforce {
namespace {

bool Digits(std::string_view s, size_t at, size_t n) {
  if (at + n > s.size()) return false;
  for (size_t i = at; i < at + n; ++i) {
    if (s[i] < '0' || s[i] > '9') return false;
  }
  return true;
}

int Num(std::string_view s, size_t at, size_t n) {
  int v = 0;
  for (size_t i = at; i < at + n; ++i) v = v * 10 + (s[i] - '0');
  return v;
}

// Days since 1970-01-01 of a civil date (Howard Hinnant's algorithm).
int64_t DaysFromCivil(int64_t y, int64_t m, int64_t d) {
  y -= m <= 2;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const int64_t yoe = y - era * 400;
  const int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

void CivilFromDays(int64_t z, int64_t* y, int* m, int* d) {
  z += 719468;
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const int64_t doe = z - era * 146097;
  const int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const int64_t mp = (5 * doy + 2) / 153;
  *d = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
  *m = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
  *y = yoe + era * 400 + (*m <= 2);
}

std::string QuoteSoql(std::string_view value) {
  std::string out = "'";
  for (char c : value) {
    if (c == '\'' || c == '\\') out.push_back('\\');
    out.push_back(c);
  }
  out.push_back('\'');
  return out;
}

}  // namespace

std::string UrlEncode(std::string_view value) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(value.size() * 3 / 2);
  for (unsigned char c : value) {
    if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
        c == '_' || c == '.' || c == '~') {
      out.push_back(static_cast<char>(c));
    } else if (c == ' ') {
      out.push_back('+');
    } else {
      out.push_back('%');
      out.push_back(kHex[c >> 4]);
      out.push_back(kHex[c & 0xf]);
    }
  }
  return out;
}

std::string BuildSoql(std::string_view object, const std::vector<std::string>& fields,
                      const Cursor& cursor) {
  std::string q = "SELECT ";
  for (size_t i = 0; i < fields.size(); ++i) {
    if (i > 0) q += ", ";
    q += fields[i];
  }
  q += " FROM ";
  q += object;
  if (!cursor.modstamp.empty()) {
    if (cursor.id.empty()) {
      q += " WHERE SystemModstamp >= " + cursor.modstamp;
    } else {
      q += " WHERE SystemModstamp > " + cursor.modstamp +
           " OR (SystemModstamp = " + cursor.modstamp + " AND Id > " + QuoteSoql(cursor.id) + ")";
    }
  }
  q += " ORDER BY SystemModstamp ASC, Id ASC";
  return q;
}

std::string QueryUrl(std::string_view instance_url, std::string_view api_version, bool query_all,
                     std::string_view soql) {
  std::string url(instance_url);
  while (!url.empty() && url.back() == '/') url.pop_back();
  url += "/services/data/v";
  url += api_version;
  url += query_all ? "/queryAll?q=" : "/query?q=";
  url += UrlEncode(soql);
  return url;
}

std::vector<std::vector<std::string>> SplitFields(std::string_view instance_url,
                                                  std::string_view api_version, bool query_all,
                                                  std::string_view object,
                                                  const std::vector<std::string>& fields,
                                                  const Cursor& cursor, size_t max_url_bytes) {
  auto fits = [&](const std::vector<std::string>& chunk) {
    return QueryUrl(instance_url, api_version, query_all, BuildSoql(object, chunk, cursor))
               .size() <= max_url_bytes;
  };
  std::vector<std::string> rest;
  for (const std::string& f : fields) {
    if (f != "Id" && f != "SystemModstamp") rest.push_back(f);
  }
  const std::vector<std::string> base = {"Id", "SystemModstamp"};
  std::vector<std::vector<std::string>> chunks;
  std::vector<std::string> all = base;
  all.insert(all.end(), rest.begin(), rest.end());
  if (fits(all)) {
    // Keep the configured order when everything fits in one query.
    std::vector<std::string> one = fields;
    bool has_id = false, has_stamp = false;
    for (const std::string& f : fields) {
      has_id |= f == "Id";
      has_stamp |= f == "SystemModstamp";
    }
    if (!has_stamp) one.insert(one.begin(), "SystemModstamp");
    if (!has_id) one.insert(one.begin(), "Id");
    chunks.push_back(std::move(one));
    return chunks;
  }
  if (!fits(base)) return {};
  std::vector<std::string> current = base;
  for (const std::string& f : rest) {
    current.push_back(f);
    if (!fits(current)) {
      current.pop_back();
      if (current.size() == base.size()) return {};  // this field alone does not fit
      chunks.push_back(std::move(current));
      current = base;
      current.push_back(f);
      if (!fits(current)) return {};
    }
  }
  if (current.size() > base.size()) chunks.push_back(std::move(current));
  return chunks;
}

std::optional<std::string> NormalizeDateTime(std::string_view v) {
  // YYYY-MM-DDThh:mm:ss[.fff][Z|+hhmm|+hh:mm|-...]
  if (!Digits(v, 0, 4) || v.size() < 19 || v[4] != '-' || !Digits(v, 5, 2) || v[7] != '-' ||
      !Digits(v, 8, 2) || (v[10] != 'T' && v[10] != ' ') || !Digits(v, 11, 2) || v[13] != ':' ||
      !Digits(v, 14, 2) || v[16] != ':' || !Digits(v, 17, 2)) {
    return std::nullopt;
  }
  size_t at = 19;
  int millis = 0;
  if (at < v.size() && v[at] == '.') {
    ++at;
    size_t start = at;
    while (at < v.size() && v[at] >= '0' && v[at] <= '9') ++at;
    if (at == start) return std::nullopt;
    std::string frac(v.substr(start, at - start));
    frac.resize(3, '0');
    millis = Num(frac, 0, 3);
  }
  int offset_min = 0;
  if (at < v.size() && v[at] == 'Z') {
    ++at;
  } else if (at < v.size() && (v[at] == '+' || v[at] == '-')) {
    int sign = v[at] == '-' ? -1 : 1;
    ++at;
    if (!Digits(v, at, 2)) return std::nullopt;
    int hh = Num(v, at, 2);
    at += 2;
    if (at < v.size() && v[at] == ':') ++at;
    if (!Digits(v, at, 2)) return std::nullopt;
    int mm = Num(v, at, 2);
    at += 2;
    offset_min = sign * (hh * 60 + mm);
  } else {
    return std::nullopt;  // a DateTime without a zone is not what Salesforce sends
  }
  if (at != v.size()) return std::nullopt;
  int64_t secs = DaysFromCivil(Num(v, 0, 4), Num(v, 5, 2), Num(v, 8, 2)) * 86400 +
                 Num(v, 11, 2) * 3600 + Num(v, 14, 2) * 60 + Num(v, 17, 2) -
                 static_cast<int64_t>(offset_min) * 60;
  int64_t days = secs >= 0 ? secs / 86400 : (secs - 86399) / 86400;
  int64_t rem = secs - days * 86400;
  int64_t y;
  int m, d;
  CivilFromDays(days, &y, &m, &d);
  char buf[48];
  if (millis != 0) {
    std::snprintf(buf, sizeof buf, "%04lld-%02d-%02dT%02d:%02d:%02d.%03dZ",
                  static_cast<long long>(y), m, d, static_cast<int>(rem / 3600),
                  static_cast<int>(rem / 60 % 60), static_cast<int>(rem % 60), millis);
  } else {
    std::snprintf(buf, sizeof buf, "%04lld-%02d-%02dT%02d:%02d:%02dZ", static_cast<long long>(y), m,
                  d, static_cast<int>(rem / 3600), static_cast<int>(rem / 60 % 60),
                  static_cast<int>(rem % 60));
  }
  return std::string(buf);
}

bool IsDate(std::string_view v) {
  return v.size() == 10 && Digits(v, 0, 4) && v[4] == '-' && Digits(v, 5, 2) && v[7] == '-' &&
         Digits(v, 8, 2);
}

std::string ApiUsage(std::string_view info) {
  size_t at = info.find("api-usage=");
  if (at == std::string_view::npos) return "";
  at += 10;
  size_t end = at;
  while (end < info.size() && info[end] != ';' && info[end] != ',' && info[end] != ' ') ++end;
  return std::string(info.substr(at, end - at));
}

std::string FormatDateTimeMs(int64_t ms) {
  const int64_t secs = ms >= 0 ? ms / 1000 : (ms - 999) / 1000;
  const int millis = static_cast<int>(ms - secs * 1000);
  const int64_t days = secs >= 0 ? secs / 86400 : (secs - 86399) / 86400;
  const int64_t rem = secs - days * 86400;
  int64_t y;
  int m, d;
  CivilFromDays(days, &y, &m, &d);
  char buf[48];
  std::snprintf(buf, sizeof buf, "%04lld-%02d-%02dT%02d:%02d:%02d.%03dZ", static_cast<long long>(y),
                m, d, static_cast<int>(rem / 3600), static_cast<int>(rem / 60 % 60),
                static_cast<int>(rem % 60), millis);
  return buf;
}

Cursor HandOverCursor(const Cursor& newest, int64_t started_ms) {
  const std::string limit = FormatDateTimeMs(started_ms);
  std::optional<std::string> at = NormalizeDateTime(newest.modstamp);
  if (!at) return Cursor{limit, ""};
  if (at->size() == 20) at->insert(19, ".000");  // compare with millis
  if (*at < limit) return newest;
  return Cursor{limit, ""};
}

}  // namespace tempo::salesforce
