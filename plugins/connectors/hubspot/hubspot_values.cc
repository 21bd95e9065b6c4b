// HubSpot property values (hubspot_values.h).
#include "hubspot_values.h"

#include <cctype>
#include <cstdlib>
#include <cstring>

#include "tempo/model.h"
#include "tempo/time.hpp"

namespace tempo::hubspot {
namespace {

bool Lower(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(a[i])) != b[i]) return false;
  }
  return true;
}

}  // namespace

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
  if (Lower(text, "true")) return true;
  if (Lower(text, "false")) return false;
  return std::nullopt;
}

std::string_view CompanyLifecycle(std::string_view stage, std::string_view type) {
  namespace lc = model::account::lifecycle;
  if (Lower(type, "partner") || Lower(type, "reseller") || Lower(type, "vendor")) {
    return lc::kPartner;
  }
  if (stage.empty()) return "";
  if (Lower(stage, "customer")) return lc::kCustomer;
  if (Lower(stage, "evangelist")) return lc::kPartner;
  if (Lower(stage, "subscriber") || Lower(stage, "lead") ||
      Lower(stage, "marketingqualifiedlead") || Lower(stage, "salesqualifiedlead") ||
      Lower(stage, "opportunity")) {
    return lc::kProspect;
  }
  return lc::kOther;
}

std::string_view OppType(std::string_view dealtype) {
  namespace t = model::opportunity::opp_type;
  if (dealtype.empty()) return "";
  if (Lower(dealtype, "newbusiness")) return t::kNew;
  if (Lower(dealtype, "existingbusiness")) return t::kExpansion;
  if (Lower(dealtype, "renewal")) return t::kRenewal;
  return t::kOther;
}

std::string_view PartnerRole(std::string_view role) {
  namespace r = model::opportunity_partner::role;
  for (std::string_view allowed : r::kValues) {
    if (Lower(role, allowed)) return allowed;
  }
  if (Lower(role, "co-sell") || Lower(role, "cosell")) return r::kCoSell;
  return r::kInfluenced;
}

}  // namespace tempo::hubspot
