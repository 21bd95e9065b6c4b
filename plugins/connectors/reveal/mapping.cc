// Keys and populations of a reported overlap.
#include "mapping.h"

#include "tempo/text.hpp"

namespace tempo::reveal {
namespace {

bool IsBlank(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

// Appends `part` with '%' and '|' escaped.
void AppendEscaped(std::string& out, std::string_view part) {
  for (char c : part) {
    if (c == '%') {
      out += "%25";
    } else if (c == '|') {
      out += "%7C";
    } else {
      out.push_back(c);
    }
  }
}

}  // namespace

std::string NormalizeName(std::string_view name) {
  std::string out;
  bool blank = false;
  for (char c : name) {
    if (IsBlank(c)) {
      blank = !out.empty();
      continue;
    }
    if (blank) out.push_back(' ');
    blank = false;
    out.push_back(sdk::AsciiLower(c));
  }
  return out;
}

std::string EntityKey(std::string_view name, std::string_view domain) {
  std::string key;
  if (std::string normalized = sdk::NormalizeDomain(domain); !normalized.empty()) {
    AppendEscaped(key, normalized);
  } else if (std::string normalized_name = NormalizeName(name); !normalized_name.empty()) {
    key = "name:";
    AppendEscaped(key, normalized_name);
  }
  return key;
}

std::string OverlapId(std::string_view account_key, std::string_view partner_key,
                      std::string_view ours, std::string_view theirs) {
  std::string id;
  id.reserve(account_key.size() + partner_key.size() + ours.size() + theirs.size() + 3);
  id.append(account_key).append("|").append(partner_key).append("|");
  id.append(ours).append("|").append(theirs);
  return id;
}

Unusable MapOverlap(const ReportedOverlap& row, const StatusMap& statuses, MappedOverlap* out) {
  out->account_key = EntityKey(row.account_name, row.account_domain);
  if (out->account_key.empty()) return Unusable::kNoAccount;
  out->partner_key = EntityKey(row.partner_name, row.partner_domain);
  if (out->partner_key.empty()) return Unusable::kNoPartner;
  out->ours = PopulationOf(statuses, row.our_status, IsOpenOpportunity(row.open_opportunity));
  out->theirs =
      PopulationOf(statuses, row.partner_status, IsOpenOpportunity(row.partner_open_opportunity));
  out->overlap_id =
      OverlapId(out->account_key, out->partner_key, out->ours.value, out->theirs.value);
  return Unusable::kNo;
}

}  // namespace tempo::reveal
