// The contacts, companies and deals object types (object_types.h).
#include "object_types.h"

#include <algorithm>
#include <utility>

#include "mapping.h"
#include "tempo/model.h"

namespace tempo::hubspot {

std::vector<ObjectType> ObjectTypes(const Config& config) {
  std::vector<ObjectType> types;
  types.push_back({"contacts",
                   model::kContact,
                   "lastmodifieddate",
                   &MapContact,
                   {"email", "firstname", "lastname", "jobtitle", "createdate", "lastmodifieddate",
                    "associatedcompanyid", "hs_object_id"}});
  types.push_back({"companies",
                   model::kAccount,
                   "hs_lastmodifieddate",
                   &MapCompany,
                   {"name", "domain", "lifecyclestage", "type", "createdate", "hs_lastmodifieddate",
                    "hs_object_id"}});
  ObjectType deals{
      "deals",
      model::kOpportunity,
      "hs_lastmodifieddate",
      &MapDeal,
      {"dealname", "amount", "deal_currency_code", "dealstage", "dealtype", "closedate",
       "createdate", "hs_lastmodifieddate", "hs_is_closed", "hs_is_closed_won", "hs_object_id"}};
  for (const std::string* p :
       {&config.partner_property, &config.partner_role_property, &config.partner_id_property}) {
    if (!p->empty()) deals.properties.push_back(*p);
  }
  types.push_back(std::move(deals));
  for (ObjectType& t : types) {
    if (auto it = config.extra_properties.find(std::string_view(t.stream));
        it != config.extra_properties.end()) {
      for (const std::string& p : it->second) t.properties.push_back(p);
    }
    // Each name once: extra properties may repeat a mapped one (or the partner properties).
    std::vector<std::string> unique;
    for (std::string& p : t.properties) {
      if (std::find(unique.begin(), unique.end(), p) == unique.end())
        unique.push_back(std::move(p));
    }
    t.properties = std::move(unique);
    for (const std::string& p : t.properties) {
      if (!t.properties_query.empty()) t.properties_query += ",";
      t.properties_query += p;
    }
  }
  return types;
}

sdk::Status CheckPropertiesQuery(const std::vector<ObjectType>& types) {
  for (const ObjectType& t : types) {
    if (t.properties_query.size() > kMaxPropertiesQuery) {
      return sdk::Status::InvalidArgument(
          "the properties of stream '" + std::string(t.stream) + "' make " +
          std::to_string(t.properties_query.size()) + " characters, more than the " +
          std::to_string(kMaxPropertiesQuery) +
          " a HubSpot list URL allows; shorten extra_properties." + t.stream);
    }
  }
  return sdk::Status::Ok();
}

}  // namespace tempo::hubspot
