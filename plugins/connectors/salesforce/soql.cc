// SOQL text, query URLs and Salesforce value formats. See soql.h.
#include "soql.h"

#include <algorithm>

#include "tempo/time.hpp"

namespace tempo::salesforce {
namespace {

std::string QuoteSoql(std::string_view value) {
  std::string out = "'";
  for (char c : value) {
    if (c == '\'' || c == '\\') out.push_back('\\');
    out.push_back(c);
  }
  out.push_back('\'');
  return out;
}

bool Contains(const std::vector<std::string>& list, std::string_view value) {
  return std::find(list.begin(), list.end(), value) != list.end();
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

std::string SoqlDateTime(int64_t ms) { return sdk::FormatIso(ms, sdk::IsoPrecision::kTrimMillis); }

std::string BuildSoql(std::string_view object, const std::vector<std::string>& fields,
                      const sdk::Keyset& after) {
  std::string q = "SELECT ";
  for (size_t i = 0; i < fields.size(); ++i) {
    if (i > 0) q += ", ";
    q += fields[i];
  }
  q += " FROM ";
  q += object;
  if (!after.empty()) {
    const std::string at = SoqlDateTime(after.ms);
    if (after.id.empty()) {
      q += " WHERE SystemModstamp >= " + at;
    } else {
      q += " WHERE SystemModstamp > " + at + " OR (SystemModstamp = " + at + " AND Id > " +
           QuoteSoql(after.id) + ")";
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
                                                  const sdk::Keyset& after, size_t max_url_bytes) {
  auto fits = [&](const std::vector<std::string>& chunk) {
    return QueryUrl(instance_url, api_version, query_all, BuildSoql(object, chunk, after)).size() <=
           max_url_bytes;
  };
  std::vector<std::string> rest;
  for (const std::string& f : fields) {
    if (f != "Id" && f != "SystemModstamp") rest.push_back(f);
  }
  const std::vector<std::string> base = {"Id", "SystemModstamp"};
  std::vector<std::string> all = base;
  all.insert(all.end(), rest.begin(), rest.end());
  if (fits(all)) {
    // Keep the configured order when everything fits in one query.
    std::vector<std::string> one = fields;
    if (!Contains(fields, "SystemModstamp")) one.insert(one.begin(), "SystemModstamp");
    if (!Contains(fields, "Id")) one.insert(one.begin(), "Id");
    return {std::move(one)};
  }
  if (!fits(base)) return {};
  std::vector<std::vector<std::string>> chunks;
  std::vector<std::string> current = base;
  for (const std::string& f : rest) {
    current.push_back(f);
    if (fits(current)) continue;
    current.pop_back();
    if (current.size() == base.size()) return {};  // this field alone does not fit
    chunks.push_back(std::move(current));
    current = base;
    current.push_back(f);
    if (!fits(current)) return {};
  }
  if (current.size() > base.size()) chunks.push_back(std::move(current));
  return chunks;
}

std::optional<int64_t> ParseDateTimeMs(std::string_view value) {
  // Salesforce always sends seconds and a zone; ParseIso alone would also take less.
  if (value.size() < 19 || value[16] != ':') return std::nullopt;
  std::optional<sdk::IsoTime> t = sdk::ParseIso(value);
  if (!t || !t->has_time || !t->has_zone) return std::nullopt;
  return t->ms;
}

std::optional<std::string> NormalizeDateTime(std::string_view value) {
  std::optional<int64_t> ms = ParseDateTimeMs(value);
  if (!ms) return std::nullopt;
  return sdk::FormatIso(*ms, sdk::IsoPrecision::kTrimMillis);
}

bool IsDate(std::string_view value) {
  std::optional<sdk::IsoTime> t = sdk::ParseIso(value);
  return value.size() == 10 && t && !t->has_time;
}

std::string ApiUsage(std::string_view info) {
  size_t at = info.find("api-usage=");
  if (at == std::string_view::npos) return "";
  at += 10;
  size_t end = at;
  while (end < info.size() && info[end] != ';' && info[end] != ',' && info[end] != ' ') ++end;
  return std::string(info.substr(at, end - at));
}

bool IsSoqlFieldName(std::string_view name) {
  if (name.empty()) return false;
  for (char c : name) {
    const bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                    c == '_' || c == '.';
    if (!ok) return false;
  }
  return true;
}

}  // namespace tempo::salesforce
