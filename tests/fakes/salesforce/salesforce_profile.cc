// SfProfile: parsing the hidden list and answering what the integration user sees.
#include "fakes/salesforce/salesforce_profile.h"

#include <algorithm>

#include "fakes/core/json_read.h"

namespace tempo::fakes {
namespace {

template <class T>
bool Contains(const std::vector<T>& items, const T& item) {
  return std::find(items.begin(), items.end(), item) != items.end();
}

}  // namespace

Result<SfProfile> SfProfile::Parse(std::string_view hidden) {
  SfProfile profile;
  while (!hidden.empty()) {
    const size_t comma = hidden.find(',');
    const std::string_view item = TrimBlanks(hidden.substr(0, comma));
    hidden = comma == std::string_view::npos ? std::string_view() : hidden.substr(comma + 1);
    if (item.empty()) continue;
    const size_t dot = item.find('.');
    const SfObjectDef* object = FindSfObject(item.substr(0, dot));
    if (object == nullptr) {
      return Status::InvalidArgument("hidden '" + std::string(item) + "': no sObject '" +
                                     std::string(item.substr(0, dot)) +
                                     "' in the fake org (see GET .../sobjects)");
    }
    if (dot == std::string_view::npos) {
      if (!Contains(profile.hidden_objects_, object)) profile.hidden_objects_.push_back(object);
      continue;
    }
    const int index = SfFieldIndex(*object, item.substr(dot + 1));
    if (index < 0) {
      return Status::InvalidArgument("hidden '" + std::string(item) +
                                     "': " + std::string(object->name) + " has no field '" +
                                     std::string(item.substr(dot + 1)) + "'");
    }
    const SfFieldDef& field = object->fields[index];
    if (!SfPermissionable(field)) {
      return Status::InvalidArgument(
          "hidden '" + std::string(item) + "': field-level security cannot hide " +
          std::string(object->name) + "." + std::string(field.name) +
          " (Id, the audit fields, OwnerId and required fields are always visible)");
    }
    const FieldRef entry{object, &field};
    if (!Contains(profile.hidden_fields_, entry)) profile.hidden_fields_.push_back(entry);
  }
  return profile;
}

bool SfProfile::Sees(const SfObjectDef& object) const {
  if (object.multi_currency_only && !multi_currency_) return false;
  return !Contains(hidden_objects_, &object);
}

bool SfProfile::Sees(const SfObjectDef& object, const SfFieldDef& field) const {
  if (SfMultiCurrencyField(field) && !multi_currency_) return false;
  return Sees(object) && !Contains(hidden_fields_, FieldRef{&object, &field});
}

std::vector<std::string> SfProfile::HiddenObjects() const {
  std::vector<std::string> out;
  for (const SfObjectDef* object : AllSfObjects()) {
    if (Contains(hidden_objects_, object)) out.emplace_back(object->name);
  }
  return out;
}

std::vector<std::string> SfProfile::HiddenFields() const {
  std::vector<std::string> out;
  for (const SfObjectDef* object : AllSfObjects()) {
    for (const SfFieldDef& field : object->fields) {
      if (Contains(hidden_fields_, FieldRef{object, &field})) {
        out.push_back(std::string(object->name) + "." + std::string(field.name));
      }
    }
  }
  return out;
}

}  // namespace tempo::fakes
