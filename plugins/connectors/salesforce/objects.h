// The Salesforce objects this connector reads: one stream per object, named after the canonical
// table it fills, with its default field list and its mapping function. The connection's config
// (config.h) turns the table into ObjectSpecs: the fields actually wanted, and which of them
// (and whether the object itself) the admin asked for by name.
#ifndef TEMPO_PLUGINS_CONNECTORS_SALESFORCE_OBJECTS_H_
#define TEMPO_PLUGINS_CONNECTORS_SALESFORCE_OBJECTS_H_

#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "mapping.h"

namespace tempo::salesforce {

struct ObjectDef {
  std::string_view stream;               // also the canonical entity (tempo/model.h)
  std::string_view object;               // the sObject's API name
  std::vector<std::string_view> fields;  // default fields, without the common ones
  MapFn map;
};

// Fields every object reads after its own: IsDeleted tells queryAll's deletes apart.
inline constexpr std::string_view kCommonFields[] = {"IsDeleted", "CreatedDate", "LastModifiedDate",
                                                     "SystemModstamp"};

// Every object, in catalog order.
std::span<const ObjectDef> AllObjects();

// One object as a connection reads it.
struct ObjectSpec {
  std::string stream;
  std::string object;
  MapFn map = nullptr;
  std::vector<std::string> fields;    // wanted, in query order, without duplicates
  std::vector<std::string> required;  // named in the config: must be visible
  bool named = false;                 // the config names the object: must be visible
};

}  // namespace tempo::salesforce

#endif  // TEMPO_PLUGINS_CONNECTORS_SALESFORCE_OBJECTS_H_
