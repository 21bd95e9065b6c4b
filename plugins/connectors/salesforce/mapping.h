// Salesforce records into canonical rows (docs/store-schema.md, tempo/model.h): one function
// per object, chosen through the object table (objects.h). Pure given the batch: no host call
// until the caller flushes it (tests/unit/salesforce/read_test.cc).
#ifndef TEMPO_PLUGINS_CONNECTORS_SALESFORCE_MAPPING_H_
#define TEMPO_PLUGINS_CONNECTORS_SALESFORCE_MAPPING_H_

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "page.h"
#include "tempo/plugin.hpp"
#include "tempo/text.hpp"

namespace tempo::salesforce {

class CurrencyRates;

// What the mapping takes from the connection's config, and what the read learned of the org.
struct MappingConfig {
  std::map<std::string, std::string> roles;  // lower-cased Partner Role value -> canonical role
  std::string default_role = "influenced";   // for a Role the map does not name
  std::string lead_partner_field;            // Lead field naming the referring partner; "": none
  std::string campaign_partner_field;        // Campaign field naming the partner; "": none
  // Lower-cased Opportunity LeadSource values meaning a partner sourced the deal.
  std::vector<std::string> sourced_lead_sources;
  // Set by the read of opportunities: the currency of a single-currency org's amounts ("" in
  // a multi-currency org, whose records carry CurrencyIsoCode), and a multi-currency org's
  // rates (nullptr: none read).
  std::string org_currency;
  const CurrencyRates* rates = nullptr;
};

// One record as the mapping sees it: its fields, and what the reader worked out.
struct SourceRecord {
  const Record& record;
  std::string_view id;
  std::string_view updated_at;  // SystemModstamp as ISO-8601 UTC
  std::string_view raw;         // the record as raw JSON
  bool deleted = false;         // IsDeleted (queryAll)
};

// Adds one record to the batch (entity, id, updated_at, raw and columns; a deleted record as a
// delete). Returns false when the record yields no row.
using MapFn = bool (*)(const MappingConfig& config, const SourceRecord& source,
                       sdk::RecordBatch& batch);

bool MapAccount(const MappingConfig& config, const SourceRecord& source, sdk::RecordBatch& batch);
bool MapContact(const MappingConfig& config, const SourceRecord& source, sdk::RecordBatch& batch);
bool MapOpportunity(const MappingConfig& config, const SourceRecord& source,
                    sdk::RecordBatch& batch);
bool MapOpportunityPartner(const MappingConfig& config, const SourceRecord& source,
                           sdk::RecordBatch& batch);
// A Partner row is an AccountFrom -> AccountTo relation; it yields the partner AccountTo (its
// deletion ends one relation, not the partnership, so deleted rows yield nothing).
bool MapPartner(const MappingConfig& config, const SourceRecord& source, sdk::RecordBatch& batch);
bool MapLead(const MappingConfig& config, const SourceRecord& source, sdk::RecordBatch& batch);
bool MapCampaign(const MappingConfig& config, const SourceRecord& source, sdk::RecordBatch& batch);
bool MapCampaignMember(const MappingConfig& config, const SourceRecord& source,
                       sdk::RecordBatch& batch);

// The canonical role of an OpportunityPartner record: `sourced` for the deal's primary partner
// when the deal's LeadSource (Opportunity.LeadSource, read through the relationship) is one of
// sourced_lead_sources; else its Role through the role map; else default_role.
std::string_view PartnerRoleOf(const MappingConfig& config, const Record& record);

// Account.Type (or IsPartner) as an account lifecycle; "" when Type is empty.
std::string_view Lifecycle(const Record& record);

// Opportunity.Type as an opp_type; "" when empty.
std::string_view OppType(std::string_view type);

}  // namespace tempo::salesforce

#endif  // TEMPO_PLUGINS_CONNECTORS_SALESFORCE_MAPPING_H_
