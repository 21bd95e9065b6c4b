// Which lead fields the leads stream asks for, from what the instance's describe lists: the
// standard ones it maps or keeps (id, email, firstName, lastName, company, title, address,
// leadStatus, leadSource, createdAt, updatedAt), acquisitionProgramId and a UTM-source field when
// the instance has them, and the configured partner_field (which must exist). The same list goes to
// the bulk export, to leads.json and to the lead-changes feed (a change to a field not asked for is
// not reported). Pure functions; tested in tests/unit/marketo/.
#ifndef TEMPO_PLUGINS_CONNECTORS_MARKETO_LEAD_FIELDS_H_
#define TEMPO_PLUGINS_CONNECTORS_MARKETO_LEAD_FIELDS_H_

#include <string>
#include <string_view>
#include <vector>

#include "envelope.h"
#include "tempo/plugin.hpp"

namespace tempo::marketo {

struct LeadFields {
  std::vector<std::string> names;  // to ask for, id first
  std::string acquisition;         // "acquisitionProgramId", or "" when the instance lacks it
  std::string utm;                 // the instance's UTM-source field, or ""
  std::string partner;             // the configured partner_field, or ""

  // The names as one comma-separated list (a URL's fields=).
  std::string Joined() const;
  // The names that can change (for the lead-changes feed): all but id, createdAt, updatedAt.
  std::string ChangeableJoined() const;
};

// The REST names of describe.json's result.
std::vector<std::string> DescribedFields(const Envelope& describe);

// The fields to ask for, given the instance's `described` fields and the configured
// `partner_field` ("" for none). InvalidArgument when partner_field is not one of them, or the
// instance lacks id, createdAt or updatedAt.
sdk::Status ChooseLeadFields(const std::vector<std::string>& described,
                             std::string_view partner_field, LeadFields* out);

// True for a UTM-source field's REST name: "utmSource", "utm_source", "UTM_Source__c", ...
// (lower case without '_', "utmsource" or "utmsourcec").
bool IsUtmSourceField(std::string_view name);

}  // namespace tempo::marketo

#endif  // TEMPO_PLUGINS_CONNECTORS_MARKETO_LEAD_FIELDS_H_
