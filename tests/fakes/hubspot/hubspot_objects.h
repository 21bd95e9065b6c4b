// HubSpot's view of the dataset: the CRM v3 object types (contacts, companies, deals), their
// property definitions, ids, and records as HubSpot renders them (every value a string or null).
#ifndef TEMPO_TESTS_FAKES_HUBSPOT_HUBSPOT_OBJECTS_H_
#define TEMPO_TESTS_FAKES_HUBSPOT_HUBSPOT_OBJECTS_H_

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "fakes/core/dataset.h"

namespace tempo::fakes {

struct HubSpotPropertyDef {
  std::string_view name;
  std::string_view type;        // string | number | datetime | date | enumeration | bool
  std::string_view field_type;  // text | number | date | select | booleancheckbox | checkbox
  std::string_view label;
};

struct HubSpotObjectType {
  std::string_view name;  // "contacts", "companies", "deals"
  Entity entity;
  int64_t id_base;                     // id = id_base + row
  std::string_view modified_property;  // lastmodifieddate (contacts) | hs_lastmodifieddate
  std::span<const HubSpotPropertyDef> properties;
  std::span<const std::string_view> default_properties;  // when the request names none
};

// nullptr for a name that is not one of the three object types.
const HubSpotObjectType* FindHubSpotObjectType(std::string_view name);
const HubSpotObjectType& HubSpotContacts();
const HubSpotObjectType& HubSpotCompanies();
const HubSpotObjectType& HubSpotDeals();

inline int64_t HubSpotId(const HubSpotObjectType& type, int64_t row) { return type.id_base + row; }
// The row behind `id`, if it is one of this type's ids within `count` rows.
std::optional<int64_t> HubSpotRow(const HubSpotObjectType& type, int64_t id, int64_t count);

using HubSpotValue = std::optional<std::string>;  // nullopt renders as JSON null

// One record with every property of its type, in definition order: properties[i] is
// type.properties[i].
struct HubSpotRecord {
  int64_t id = 0, row = 0, created_ms = 0, modified_ms = 0;
  bool archived = false;
  // Whether the wire form writes every non-ASCII character of the record's values as \uXXXX
  // (as JSON encoders with "ensure ASCII" do). Values here are always plain UTF-8; which
  // records are escaped is fixed by the seed (about one contact in four).
  bool escape_non_ascii = false;
  std::vector<std::pair<std::string_view, HubSpotValue>> properties;

  // The property's value; nullptr when the type has no such property.
  const HubSpotValue* Find(std::string_view name) const;
};

HubSpotRecord BuildHubSpotRecord(const Dataset& dataset, const HubSpotObjectType& type,
                                 int64_t row);

// Builds records of one type one after another, reusing its buffers: a list page builds a
// hundred, a search may scan every row. One per request; not thread-safe.
class HubSpotRecordBuilder {
 public:
  HubSpotRecordBuilder(const Dataset& dataset, const HubSpotObjectType& type);
  // The record of `row`; valid until the next Build.
  const HubSpotRecord& Build(int64_t row);

 private:
  const Dataset& dataset_;
  const HubSpotObjectType& type_;
  ContactRecord contact_;
  HubSpotRecord record_;
};

struct HubSpotAssociation {
  int64_t id;
  std::string_view type;  // "deal_to_company", "deal_to_company_unlabeled", "partner", ...
};
// The associations of a record to `to_type` ("companies", "contacts"), as the v3 list returns
// them inline: the unlabeled association type is listed as well, so ids repeat.
std::vector<HubSpotAssociation> HubSpotAssociations(const Dataset& dataset,
                                                    const HubSpotObjectType& from, int64_t row,
                                                    std::string_view to_type);

}  // namespace tempo::fakes

#endif  // TEMPO_TESTS_FAKES_HUBSPOT_HUBSPOT_OBJECTS_H_
