// A partner's part in a deal, from the CRM's words to the store's: the `role` of
// `opportunity_partner` takes only the values of model::opportunity_partner::role (sourced,
// influenced, co_sell, resell, implementation, referral), while CRMs name roles their own way
// (Salesforce's Partner Role picklist: "VAR/Reseller", "System Integrator", ...; a HubSpot
// property: "Sourced", "Partner Referral", ...). Connectors that write attribution rows map
// through one vocabulary, which an admin extends with a `role_map` config key:
//
//   std::map<std::string, std::string> roles = sdk::DefaultPartnerRoles();
//   if (Status s = sdk::ReadPartnerRoleMap(config.role_map_json, "role_map", &roles); !s.ok()) ...
//   batch.Str(model::opportunity_partner::kRole, sdk::MapPartnerRole(roles, "VAR/Reseller",
//                                                                   "influenced"));  // "resell"
//
// Header-only (C++17), outside the ABI. Keys are lower case; lookups ignore ASCII case and
// surrounding blanks.
#ifndef TEMPO_SDK_PARTNER_ROLES_HPP_
#define TEMPO_SDK_PARTNER_ROLES_HPP_

#include <algorithm>
#include <map>
#include <string>
#include <string_view>
#include <utility>

#include <simdjson.h>

#include "tempo/model.h"
#include "tempo/plugin.hpp"
#include "tempo/text.hpp"

namespace tempo::sdk {

// The role names CRMs use, lower-cased, with the canonical role each stands for: every canonical
// value itself, Salesforce's default Partner Role picklist values (Advertiser, Agency, Broker,
// Consultant, Dealer, Developer, Distributor, Lender, Supplier, System Integrator,
// VAR/Reseller, ...) and the custom values teams commonly add (Sourced, Referrer, Partner
// Referral, Reseller, Co-Sell, Implementation Partner).
inline std::map<std::string, std::string> DefaultPartnerRoles() {
  namespace role = model::opportunity_partner::role;
  const std::pair<const char*, std::string_view> kRoles[] = {
      {"sourced", role::kSourced},
      {"partner sourced", role::kSourced},
      {"sourced by partner", role::kSourced},
      {"influenced", role::kInfluenced},
      {"influencer", role::kInfluenced},
      {"partner influenced", role::kInfluenced},
      {"referral", role::kReferral},
      {"referrer", role::kReferral},
      {"referral partner", role::kReferral},
      {"partner referral", role::kReferral},
      {"implementation", role::kImplementation},
      {"system integrator", role::kImplementation},
      {"consultant", role::kImplementation},
      {"implementation partner", role::kImplementation},
      {"contractor", role::kImplementation},
      {"resell", role::kResell},
      {"var/reseller", role::kResell},
      {"reseller", role::kResell},
      {"distributor", role::kResell},
      {"dealer", role::kResell},
      {"broker", role::kResell},
      {"licensee", role::kResell},
      {"supplier", role::kResell},
      {"co_sell", role::kCoSell},
      {"co-sell", role::kCoSell},
      {"cosell", role::kCoSell},
      {"developer", role::kCoSell},
      {"agency", role::kCoSell},
      {"advertiser", role::kCoSell},
      {"lender", role::kCoSell},
      {"institution", role::kCoSell}};
  std::map<std::string, std::string> roles;
  for (const auto& [from, to] : kRoles) roles.emplace(from, to);
  return roles;
}

// Whether `role` is one of the canonical values.
inline bool IsCanonicalPartnerRole(std::string_view role) {
  const auto& values = model::opportunity_partner::role::kValues;
  return std::find(std::begin(values), std::end(values), role) != std::end(values);
}

// Merges a `{"CRM value": "canonical role"}` JSON object (the text of config key `key`; "" for
// none) over *roles, its keys lower-cased. A value that is not a canonical role is an
// InvalidArgument naming the key and the entry.
inline Status ReadPartnerRoleMap(std::string_view json, std::string_view key,
                                 std::map<std::string, std::string>* roles) {
  if (json.empty()) return Status::Ok();
  simdjson::dom::parser parser;
  simdjson::dom::object map;
  if (parser.parse(json.data(), json.size()).get_object().get(map) != simdjson::SUCCESS) {
    return Status::InvalidArgument("config key '" + std::string(key) + "' must be an object");
  }
  for (auto [from, to] : map) {
    std::string_view role;
    if (to.get_string().get(role) != simdjson::SUCCESS || !IsCanonicalPartnerRole(role)) {
      return Status::InvalidArgument("config key '" + std::string(key) + "' maps '" +
                                     std::string(from) + "' to " + simdjson::to_string(to) +
                                     ", which is not a canonical role (sourced, influenced, "
                                     "co_sell, resell, implementation, referral)");
    }
    (*roles)[ToLower(from)] = std::string(role);
  }
  return Status::Ok();
}

// The canonical role of the CRM's `value` (ASCII case and surrounding blanks ignored), or
// `fallback` when the map does not name it (an empty value included).
inline std::string_view MapPartnerRole(const std::map<std::string, std::string>& roles,
                                       std::string_view value, std::string_view fallback) {
  while (!value.empty() && (value.front() == ' ' || value.front() == '\t')) value.remove_prefix(1);
  while (!value.empty() && (value.back() == ' ' || value.back() == '\t')) value.remove_suffix(1);
  auto it = roles.find(ToLower(value));
  return it != roles.end() ? std::string_view(it->second) : fallback;
}

}  // namespace tempo::sdk

#endif  // TEMPO_SDK_PARTNER_ROLES_HPP_
