// HubSpot property values (hubspot_values.h).
#include "hubspot_values.h"

#include <cctype>
#include <cstdlib>
#include <cstring>

#include "tempo/model.h"
#include "tempo/text.hpp"
#include "tempo/time.hpp"

namespace tempo::hubspot {
using sdk::EqualsNoCase;

std::optional<std::string> NormalizeDate(std::string_view text) {
  char buf[sdk::kIsoBufferSize];
  std::optional<std::string_view> iso = NormalizeDate(text, buf);
  if (!iso) return std::nullopt;
  return std::string(*iso);
}

std::optional<std::string_view> NormalizeDate(std::string_view text, char* buffer) {
  if (sdk::ParseIso(text)) return text;  // ISO as sent
  std::optional<int64_t> ms = sdk::ParseEpoch(text);
  if (!ms) return std::nullopt;
  return std::string_view(buffer, sdk::FormatIso(*ms, buffer));
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
  if (EqualsNoCase(text, "true")) return true;
  if (EqualsNoCase(text, "false")) return false;
  return std::nullopt;
}

std::string_view CompanyLifecycle(std::string_view stage, std::string_view type) {
  namespace lc = model::account::lifecycle;
  if (EqualsNoCase(type, "partner") || EqualsNoCase(type, "reseller") ||
      EqualsNoCase(type, "vendor")) {
    return lc::kPartner;
  }
  if (stage.empty()) return "";
  if (EqualsNoCase(stage, "customer")) return lc::kCustomer;
  if (EqualsNoCase(stage, "evangelist")) return lc::kPartner;
  if (EqualsNoCase(stage, "subscriber") || EqualsNoCase(stage, "lead") ||
      EqualsNoCase(stage, "marketingqualifiedlead") || EqualsNoCase(stage, "salesqualifiedlead") ||
      EqualsNoCase(stage, "opportunity")) {
    return lc::kProspect;
  }
  return lc::kOther;
}

std::string_view OppType(std::string_view dealtype) {
  namespace t = model::opportunity::opp_type;
  if (dealtype.empty()) return "";
  if (EqualsNoCase(dealtype, "newbusiness")) return t::kNew;
  if (EqualsNoCase(dealtype, "existingbusiness")) return t::kExpansion;
  if (EqualsNoCase(dealtype, "renewal")) return t::kRenewal;
  return t::kOther;
}

}  // namespace tempo::hubspot
