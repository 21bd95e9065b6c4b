// Salesforce's view of the dataset: the sObjects the fake serves (Account, Contact,
// Opportunity, OpportunityPartner, Partner, Lead, Campaign, CampaignMember, and in a
// multi-currency org CurrencyType and DatedConversionRate), their fields with SOAP types,
// 18-character ids, and typed field values for one row.
#ifndef TEMPO_TESTS_FAKES_SALESFORCE_SALESFORCE_OBJECTS_H_
#define TEMPO_TESTS_FAKES_SALESFORCE_SALESFORCE_OBJECTS_H_

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "fakes/core/dataset.h"

namespace tempo::fakes {

struct SfFieldDef {
  std::string_view name;
  // id | reference | string | picklist | email | phone | url | boolean | currency | double |
  // percent | int | date | datetime
  std::string_view type;
  std::string_view reference_to;  // for references: the target object
  // Required (Account.Name, Opportunity.StageName, ...): never null, and field-level security
  // cannot hide it.
  bool required = false;
};
inline constexpr bool kRequired = true;

// Where an object's rows come from.
enum class SfRows : uint8_t {
  kDataset,        // the dataset's rows of `entity`
  kCurrencyTypes,  // the org's currencies: the corporate USD, then each of Dataset::FxRates
  kDatedRates,     // one per Dataset::FxRates entry
};

struct SfObjectDef {
  std::string_view name;
  Entity entity;                // for SfRows::kDataset
  std::string_view key_prefix;  // "001" Account, "006" Opportunity, ...
  char id_tag;                  // tells apart objects sharing a key prefix
  std::span<const SfFieldDef> fields;
  SfRows rows = SfRows::kDataset;
  bool multi_currency_only = false;  // exists only in a multi-currency org
};

// The number of rows of `object` (archived ones included).
int64_t SfRowCount(const Dataset& dataset, const SfObjectDef& object);
// Whether `field` exists only in a multi-currency org (CurrencyIsoCode).
bool SfMultiCurrencyField(const SfFieldDef& field);
// The relationship a reference field opens, as describe and SOQL name it: Owner for OwnerId,
// AccountTo for AccountToId, Referring_Partner__r for Referring_Partner__c.
std::string SfRelationshipName(const SfFieldDef& field);

// Case-insensitive, as SOQL is. nullptr when the object is not served.
const SfObjectDef* FindSfObject(std::string_view name);
std::span<const SfObjectDef* const> AllSfObjects();
// Index of `field` in `object.fields` (case-insensitive), or -1.
int SfFieldIndex(const SfObjectDef& object, std::string_view field);

// Fields the platform maintains: Id, IsDeleted, CreatedDate, CreatedById, LastModifiedDate,
// LastModifiedById, SystemModstamp, OwnerId.
bool SfSystemField(const SfFieldDef& field);
// Whether field-level security can hide the field (describe's "permissionable"): neither a
// system field nor a required one.
bool SfPermissionable(const SfFieldDef& field);
// Whether the field can be null (describe's "nillable"): permissionable and not a boolean.
bool SfNillable(const SfFieldDef& field);

std::string SfId(const SfObjectDef& object, int64_t row);
// The row behind an 18- or 15-character id of `object`.
std::optional<int64_t> SfRow(const SfObjectDef& object, std::string_view id);

struct SfValue {
  enum class Kind : uint8_t { kNull, kBool, kNumber, kString, kDate, kDateTime };
  Kind kind = Kind::kNull;
  bool boolean = false;
  double number = 0;
  int64_t ms = 0;    // kDate (midnight UTC), kDateTime (whole seconds)
  std::string text;  // kString

  static SfValue Null() { return {}; }
  static SfValue Bool(bool b) {
    SfValue v;
    v.kind = Kind::kBool;
    v.boolean = b;
    return v;
  }
  static SfValue Number(double n) {
    SfValue v;
    v.kind = Kind::kNumber;
    v.number = n;
    return v;
  }
  static SfValue String(std::string s) {
    SfValue v;
    v.kind = Kind::kString;
    v.text = std::move(s);
    return v;
  }
  static SfValue Date(int64_t ms) {
    SfValue v;
    v.kind = Kind::kDate;
    v.ms = ms;
    return v;
  }
  static SfValue DateTime(int64_t ms) {
    SfValue v;
    v.kind = Kind::kDateTime;
    v.ms = ms - ms % 1000;
    return v;
  }
};

// Every field of one row, in `object.fields` order.
std::vector<SfValue> BuildSfRow(const Dataset& dataset, const SfObjectDef& object, int64_t row);
// The value of one field when it is cheap (Id, IsDeleted, SystemModstamp, LastModifiedDate,
// CreatedDate); nullopt when the row must be built.
std::optional<SfValue> SfCheapField(const Dataset& dataset, const SfObjectDef& object, int64_t row,
                                    int field);

}  // namespace tempo::fakes

#endif  // TEMPO_TESTS_FAKES_SALESFORCE_SALESFORCE_OBJECTS_H_
