// describeGlobal / describe, and the field list each object is queried with. See org_schema.h.
#include "org_schema.h"

#include "tempo/text.hpp"

#include <simdjson.h>

#include "mapping.h"
#include "salesforce_http.h"

namespace tempo::salesforce {
namespace {

namespace od = simdjson::ondemand;
using sdk::Status;

std::string Join(const std::vector<std::string>& names) {
  std::string out;
  for (const std::string& n : names) out += (out.empty() ? "" : ", ") + n;
  return out;
}

// Calls `item(object)` for each object of the array under `key` of the body's root object;
// throws simdjson_error when the body is not such an object.
template <class Item>
void ForEachIn(std::string_view body, std::string_view key, Item item) {
  od::parser parser;
  simdjson::padded_string padded(body);
  od::document doc = parser.iterate(padded);
  bool seen = false;
  for (auto field : doc.get_object()) {
    if (std::string_view(field.unescaped_key()) != key) continue;
    seen = true;
    for (auto element : field.value().get_array()) {
      od::object object = element.get_object();
      item(object);
    }
  }
  if (!seen) throw simdjson::simdjson_error(simdjson::NO_SUCH_FIELD);
}

Status NotADescribe(std::string_view what, std::string_view body, const char* error) {
  return Status::Data(std::string(what) + ": the response is not a Salesforce describe result (" +
                      error + ", " + std::to_string(body.size()) + " bytes)");
}

}  // namespace

Status ParseDescribeGlobal(std::string_view body, std::string_view what,
                           std::set<std::string>* queryable) {
  queryable->clear();
  try {
    ForEachIn(body, "sobjects", [&](od::object& object) {
      std::string name;
      bool can_query = true;
      for (auto field : object) {
        std::string_view key = field.unescaped_key();
        if (key == "name") {
          name = sdk::ToLower(std::string_view(field.value().get_string()));
        } else if (key == "queryable") {
          can_query = field.value().get_bool();
        }
      }
      if (!name.empty() && can_query) queryable->insert(std::move(name));
    });
  } catch (const simdjson::simdjson_error& e) {
    queryable->clear();
    return NotADescribe(what, body, e.what());
  }
  return Status::Ok();
}

Status ParseDescribe(std::string_view body, std::string_view what, std::set<std::string>* fields) {
  fields->clear();
  try {
    ForEachIn(body, "fields", [&](od::object& object) {
      for (auto field : object) {
        if (std::string_view(field.unescaped_key()) == "name") {
          fields->insert(sdk::ToLower(std::string_view(field.value().get_string())));
        }
      }
    });
  } catch (const simdjson::simdjson_error& e) {
    fields->clear();
    return NotADescribe(what, body, e.what());
  }
  return Status::Ok();
}

FieldPlan PlanFields(const ObjectSpec& spec, const std::set<std::string>& visible) {
  FieldPlan plan;
  for (const std::string& field : spec.fields) {
    // Id and SystemModstamp are the keyset itself; a relationship is not in the describe.
    const bool unchecked =
        field == "Id" || field == "SystemModstamp" || field.find('.') != std::string::npos;
    if (unchecked || visible.count(sdk::ToLower(field)) > 0) {
      plan.fields.push_back(field);
      continue;
    }
    bool required = false;
    for (const std::string& r : spec.required) required |= sdk::ToLower(r) == sdk::ToLower(field);
    (required ? plan.missing_required : plan.hidden).push_back(field);
  }
  return plan;
}

Status OrgSchema::Resolve(sdk::Context& ctx, const std::string& instance_url,
                          const std::string& api_version, const ObjectSpec& spec, Resolution* out) {
  *out = Resolution();
  const std::string where = "stream '" + spec.stream + "'";
  const std::string what = "Salesforce " + where;
  const std::string base = instance_url + "/services/data/v" + api_version + "/sobjects";
  if (!global_loaded_) {
    if (Status s = LoadGlobal(ctx, base, where); !s.ok()) return s;
  }
  if (!describe_available_) {
    out->fields = spec.fields;
    return Status::Ok();
  }
  const std::string key = sdk::ToLower(spec.object);
  if (objects_.count(key) == 0) {
    if (Status s = LoadObject(ctx, base, spec.object, where); !s.ok()) return s;
  }
  const std::optional<std::set<std::string>>& visible = objects_[key];
  if (!visible) {
    const std::string why = what + ": the object " + spec.object +
                            " is not visible to this Salesforce user (describeGlobal does not "
                            "list it as queryable)";
    if (spec.named) {
      return Status::InvalidArgument(why + "; the config names it: grant the user access to " +
                                     spec.object +
                                     " (profile or permission set), or remove it from the config");
    }
    if (warned_.insert(key).second) ctx.Warn(why + "; the stream is skipped");
    out->skip = true;
    return Status::Ok();
  }
  FieldPlan plan = PlanFields(spec, *visible);
  if (!plan.missing_required.empty()) {
    return Status::InvalidArgument(
        what + ": the configured field(s) " + Join(plan.missing_required) + " of " + spec.object +
        " are not visible to this Salesforce user (no such field, or hidden by field-level "
        "security); grant access in the user's profile or a permission set, or remove them "
        "from the config");
  }
  if (!plan.hidden.empty() && warned_.insert(key).second) {
    ctx.Warn(what + ": the field(s) " + Join(plan.hidden) + " of " + spec.object +
             " are not visible to this Salesforce user (field-level security); reading the "
             "others");
  }
  out->fields = std::move(plan.fields);
  return Status::Ok();
}

Status OrgSchema::LoadGlobal(sdk::Context& ctx, const std::string& base, const std::string& where) {
  sdk::HttpResponse resp;
  if (Status s = Get(ctx, base, &resp, {{"Accept", "application/json"}}); !s.ok()) return s;
  if (resp.status == 404) {
    global_loaded_ = true;
    describe_available_ = false;
    ctx.Warn("Salesforce: describeGlobal (GET " + base +
             ") answered 404; every object is queried with its configured field list, unchecked");
    return Status::Ok();
  }
  if (resp.status != 200) {
    return Refused(resp.status, resp.body, where + " describeGlobal");
  }
  if (Status s =
          ParseDescribeGlobal(resp.body, "Salesforce " + where + " describeGlobal", &queryable_);
      !s.ok()) {
    return s;
  }
  global_loaded_ = true;
  return Status::Ok();
}

Status OrgSchema::Sees(sdk::Context& ctx, const std::string& instance_url,
                       const std::string& api_version, std::string_view object,
                       std::string_view field, const std::string& where, bool* sees) {
  *sees = false;
  const std::string base = instance_url + "/services/data/v" + api_version + "/sobjects";
  if (!global_loaded_) {
    if (Status s = LoadGlobal(ctx, base, where); !s.ok()) return s;
  }
  if (!describe_available_) {
    *sees = true;
    return Status::Ok();
  }
  const std::string key = sdk::ToLower(object);
  if (objects_.count(key) == 0) {
    if (Status s = LoadObject(ctx, base, object, where); !s.ok()) return s;
  }
  const std::optional<std::set<std::string>>& visible = objects_[key];
  *sees = visible && visible->count(sdk::ToLower(field)) > 0;
  return Status::Ok();
}

bool OrgSchema::Queryable(std::string_view object) const {
  if (!global_loaded_) return false;
  return !describe_available_ || queryable_.count(sdk::ToLower(object)) > 0;
}

Status OrgSchema::LoadObject(sdk::Context& ctx, const std::string& base, std::string_view object,
                             const std::string& where) {
  const std::string key = sdk::ToLower(object);
  if (queryable_.count(key) == 0) {
    objects_[key] = std::nullopt;
    return Status::Ok();
  }
  sdk::HttpResponse resp;
  const std::string url = base + "/" + std::string(object) + "/describe";
  if (Status s = Get(ctx, url, &resp, {{"Accept", "application/json"}}); !s.ok()) return s;
  if (resp.status == 404) {  // listed, yet not describable: not visible either
    objects_[key] = std::nullopt;
    return Status::Ok();
  }
  if (resp.status != 200) {
    return Refused(resp.status, resp.body, where + " describe " + std::string(object));
  }
  std::set<std::string> fields;
  if (Status s = ParseDescribe(resp.body,
                               "Salesforce " + where + " describe " + std::string(object), &fields);
      !s.ok()) {
    return s;
  }
  objects_[key] = std::move(fields);
  return Status::Ok();
}

}  // namespace tempo::salesforce
