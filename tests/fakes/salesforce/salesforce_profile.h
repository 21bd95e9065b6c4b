// The integration user's profile in the fake Salesforce org: which sObjects it may read and
// which fields field-level security hides from it. The default profile sees everything (a
// System Administrator); a restricted one comes from a list such as
// "Account.NumberOfEmployees,Partner,CampaignMember" (tempo-fakeapi --salesforce-hidden, the
// scenario's `server salesforce_hidden=...`, POST /_admin/salesforce/profile?hidden=...).
//
// What the fake does with it, as Salesforce does: a hidden object is missing from
// GET .../sobjects, its describe is 404 NOT_FOUND and a query FROM it is 400 INVALID_TYPE; a
// hidden field is missing from its object's describe and a query naming it is 400
// INVALID_FIELD.
//
// Thread-safety: immutable once made; the provider swaps whole profiles.
#ifndef TEMPO_TESTS_FAKES_SALESFORCE_SALESFORCE_PROFILE_H_
#define TEMPO_TESTS_FAKES_SALESFORCE_SALESFORCE_PROFILE_H_

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/status.h"
#include "fakes/salesforce/salesforce_objects.h"

namespace tempo::fakes {

class SfProfile {
 public:
  // Sees every object and field.
  SfProfile() = default;

  // Parses a comma-separated list of items, each an sObject name (the profile has no access to
  // the object) or Object.Field (field-level security hides the field). Names are
  // case-insensitive; blanks around items and empty items are ignored, so "" is the default
  // profile. Errors name the item: an object or field the fake does not serve, or a field that
  // field-level security cannot hide (Id, the audit fields, OwnerId, required fields such as
  // Account.Name; see SfPermissionable).
  static Result<SfProfile> Parse(std::string_view hidden);

  // The org's multi-currency feature (DatasetOptions::currencies): without it, the objects and
  // fields that exist only in a multi-currency org (CurrencyType, DatedConversionRate,
  // CurrencyIsoCode) are not there at all, for any profile. Off by default.
  void SetMultiCurrency(bool on) { multi_currency_ = on; }

  bool Sees(const SfObjectDef& object) const;
  // False also when the object itself is hidden. `field` is one of `object.fields`.
  bool Sees(const SfObjectDef& object, const SfFieldDef& field) const;

  // The hidden items in their canonical spelling and definition order: "Partner", and
  // "Account.NumberOfEmployees" (what the org lacks is not hidden, and not listed).
  std::vector<std::string> HiddenObjects() const;
  std::vector<std::string> HiddenFields() const;

 private:
  using FieldRef = std::pair<const SfObjectDef*, const SfFieldDef*>;

  std::vector<const SfObjectDef*> hidden_objects_;
  std::vector<FieldRef> hidden_fields_;
  bool multi_currency_ = false;
};

}  // namespace tempo::fakes

#endif  // TEMPO_TESTS_FAKES_SALESFORCE_SALESFORCE_PROFILE_H_
