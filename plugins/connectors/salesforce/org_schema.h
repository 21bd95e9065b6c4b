// What the org lets this connection see, and the field list each object is queried with.
//
// Profiles and permission sets hide fields (field-level security) and whole objects from the
// integration user; a query naming a hidden field or object fails with INVALID_FIELD or
// INVALID_TYPE. So before an object is read, the connector asks describeGlobal
// (GET {instance}/services/data/vNN.N/sobjects: the objects the user can query) once per
// connector instance, and the object's describe (GET .../sobjects/{Object}/describe: its
// visible fields) once per object, and queries the wanted fields that are visible:
//
//  - a default field that is not visible is left out, with one warning per object;
//  - a field the config names (fields, extra_fields, lead_partner_field,
//    campaign_partner_field) that is not visible fails the stream, naming it;
//  - an object that is not visible skips its stream with a warning, unless the config names it
//    (in fields or extra_fields, or through a partner field), which fails the stream;
//  - when describeGlobal answers 404 (an endpoint without describe), every object is queried
//    with its configured field list, as before, logged once.
//
// Relationship fields ("Owner.Name") are passed through unchecked. Names compare
// case-insensitively, as SOQL does. PlanFields and the parsers are pure
// (tests/unit/salesforce/org_schema_test.cc); OrgSchema makes the requests and caches them.
#ifndef TEMPO_PLUGINS_CONNECTORS_SALESFORCE_ORG_SCHEMA_H_
#define TEMPO_PLUGINS_CONNECTORS_SALESFORCE_ORG_SCHEMA_H_

#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "objects.h"
#include "tempo/plugin.hpp"

namespace tempo::salesforce {

// The names of the queryable objects in a describeGlobal body ({"sobjects":[{"name",
// "queryable"},...]}); a Data error naming `what` for a body that is not one.
sdk::Status ParseDescribeGlobal(std::string_view body, std::string_view what,
                                std::set<std::string>* queryable);

// The field names of a describe body ({"fields":[{"name"},...]}).
sdk::Status ParseDescribe(std::string_view body, std::string_view what,
                          std::set<std::string>* fields);

// The fields to query for `spec` given the object's `visible` fields (lower-cased names).
struct FieldPlan {
  std::vector<std::string> fields;            // wanted and visible, in the wanted order
  std::vector<std::string> hidden;            // wanted by default, not visible: left out
  std::vector<std::string> missing_required;  // named by the config, not visible: an error
};
FieldPlan PlanFields(const ObjectSpec& spec, const std::set<std::string>& visible);

// How a stream reads its object.
struct Resolution {
  bool skip = false;                // the object is not visible: the stream reads nothing
  std::vector<std::string> fields;  // else the fields to query
};

// The describe results of one connector instance. Used from the read() thread only.
class OrgSchema {
 public:
  // Resolves `spec` for the org at `instance_url`: describes (once) and plans, warning once per
  // object about what is left out. A Status for a config the org cannot serve, or a describe
  // that failed.
  sdk::Status Resolve(sdk::Context& ctx, const std::string& instance_url,
                      const std::string& api_version, const ObjectSpec& spec, Resolution* out);

  // Whether `object` is queryable and shows `field` to this user (describing it once), into
  // *sees; true when the org has no describe (every name is taken on trust). `where` names the
  // stream in messages. Call after Resolve.
  sdk::Status Sees(sdk::Context& ctx, const std::string& instance_url,
                   const std::string& api_version, std::string_view object, std::string_view field,
                   const std::string& where, bool* sees);
  // Whether describeGlobal lists `object` as queryable (false before Resolve; true without
  // describe).
  bool Queryable(std::string_view object) const;
  // False once describeGlobal answered 404 (every object queried unchecked).
  bool describe_available() const { return describe_available_; }

 private:
  // `where` names the stream in messages ("stream 'account'").
  sdk::Status LoadGlobal(sdk::Context& ctx, const std::string& base, const std::string& where);
  sdk::Status LoadObject(sdk::Context& ctx, const std::string& base, std::string_view object,
                         const std::string& where);

  bool global_loaded_ = false;
  bool describe_available_ = true;
  std::set<std::string> queryable_;  // lower-cased object names
  // Lower-cased object name -> its visible fields (lower-cased); nullopt: not visible.
  std::map<std::string, std::optional<std::set<std::string>>> objects_;
  std::set<std::string> warned_;  // objects whose omissions were logged
};

}  // namespace tempo::salesforce

#endif  // TEMPO_PLUGINS_CONNECTORS_SALESFORCE_ORG_SCHEMA_H_
