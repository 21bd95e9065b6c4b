// Deals and their companies. The list read returns them inline (associations.companies); search
// does not, so for each search page of deals the connector asks the v4 batch read
// (POST /crm/v4/associations/deals/companies/batch/read) and carries the answer into the same
// shape, so a deal's raw JSON does not depend on the path that read it. Pure functions.
#ifndef TEMPO_PLUGINS_CONNECTORS_HUBSPOT_ASSOCIATIONS_H_
#define TEMPO_PLUGINS_CONNECTORS_HUBSPOT_ASSOCIATIONS_H_

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include <simdjson.h>

#include "tempo/plugin.hpp"

namespace tempo::hubspot {

// A deal's companies as read from the v4 API.
struct DealCompanies {
  std::string account;       // the deal's account ("" when none qualifies)
  std::string associations;  // {"companies":{"results":[{"id":..,"type":..},...]}}
};
using DealCompaniesMap = std::map<std::string, DealCompanies, std::less<>>;

// The deal's account among the list read's inline associations.companies.results: the primary
// (deal_to_company) wins, then the first other; a company labelled as a partner, or the deal's
// own partner (`partner_id`), never counts. "" when none.
std::string_view PickInlineAccount(simdjson::dom::array associations, std::string_view partner_id);

// The v4 batch read's body for the deals (ids, in page order) of a page.
std::string BatchReadBody(const std::vector<std::string>& ids);

// Parses a v4 batch read response. `partner_of` maps each deal id to its partner's company id
// (a company that is never the deal's account). The primary association (typeId 5) wins, then
// any other; a company with a label containing "partner" never counts. The associations block
// lists every company once per association type, as the v3 list does: typeId 5 as
// "deal_to_company", other HubSpot-defined types as "deal_to_company_unlabeled", user-defined
// (labelled) ones by their label in lower case.
sdk::Status ParseBatchAssociations(std::string_view body,
                                   const std::map<std::string, std::string>& partner_of,
                                   DealCompaniesMap* out);

}  // namespace tempo::hubspot

#endif  // TEMPO_PLUGINS_CONNECTORS_HUBSPOT_ASSOCIATIONS_H_
