// The v4 associations batch read (see the header).
#include "fakes/hubspot/hubspot_associations_v4.h"

#include <simdjson.h>

#include <vector>

#include "common/json_writer.h"
#include "fakes/core/json_read.h"

namespace tempo::fakes {
namespace {

struct V4Type {
  const char* category;
  int type_id;
  const char* label;  // nullptr: null
};

V4Type TypeOf(std::string_view v3_name) {
  if (v3_name == "deal_to_company") return {"HUBSPOT_DEFINED", 5, "Primary"};
  if (v3_name == "deal_to_company_unlabeled") return {"HUBSPOT_DEFINED", 341, nullptr};
  if (v3_name == "partner") return {"USER_DEFINED", 17, "Partner"};
  if (v3_name == "contact_to_company") return {"HUBSPOT_DEFINED", 1, "Primary"};
  if (v3_name == "contact_to_company_unlabeled") return {"HUBSPOT_DEFINED", 279, nullptr};
  if (v3_name == "deal_to_contact") return {"HUBSPOT_DEFINED", 3, nullptr};
  return {"HUBSPOT_DEFINED", 280, nullptr};  // company_to_contact
}

}  // namespace

Result<std::string> RenderV4BatchRead(const Dataset& dataset, const HubSpotObjectType& from,
                                      std::string_view to_type, std::string_view request_body) {
  simdjson::ondemand::parser parser;
  simdjson::padded_string padded(request_body);
  simdjson::ondemand::document doc;
  simdjson::ondemand::array inputs;
  if (parser.iterate(padded).get(doc) != simdjson::SUCCESS ||
      doc["inputs"].get_array().get(inputs) != simdjson::SUCCESS) {
    return Status::InvalidArgument("Invalid input JSON: expected {\"inputs\":[{\"id\":...}]}");
  }
  std::vector<int64_t> rows;
  for (auto input : inputs) {
    simdjson::ondemand::value id_value;
    if (input["id"].get(id_value) != simdjson::SUCCESS) {
      return Status::InvalidArgument("Invalid input JSON: an input without an id");
    }
    Result<std::string> id_text = JsonScalarText(id_value);
    if (!id_text.ok()) return id_text.status();
    char* end = nullptr;
    const long long id = std::strtoll(id_text->c_str(), &end, 10);
    if (end == id_text->c_str() || *end != '\0') continue;
    std::optional<int64_t> row = HubSpotRow(from, id, dataset.Count(from.entity));
    if (!row || dataset.Archived(from.entity, *row) ||
        !dataset.Serves(Crm::kHubSpot, from.entity, *row)) {
      continue;
    }
    rows.push_back(*row);
  }
  JsonWriter w;
  w.BeginObject().Key("status").String("COMPLETE").Key("results").BeginArray();
  for (int64_t row : rows) {
    w.BeginObject().Key("from").BeginObject().Key("id").String(
        std::to_string(HubSpotId(from, row)));
    w.EndObject().Key("to").BeginArray();
    // One entry per associated record, in the order the v3 list names them first, with every
    // type the list names it with.
    const std::vector<HubSpotAssociation> all = HubSpotAssociations(dataset, from, row, to_type);
    std::vector<bool> done(all.size(), false);
    for (size_t i = 0; i < all.size(); ++i) {
      if (done[i]) continue;
      w.BeginObject().Key("toObjectId").Int(all[i].id).Key("associationTypes").BeginArray();
      for (size_t j = i; j < all.size(); ++j) {
        if (all[j].id != all[i].id) continue;
        done[j] = true;
        const V4Type t = TypeOf(all[j].type);
        w.BeginObject().Key("category").String(t.category).Key("typeId").Int(t.type_id);
        w.Key("label");
        if (t.label == nullptr) {
          w.Null();
        } else {
          w.String(t.label);
        }
        w.EndObject();
      }
      w.EndArray().EndObject();
    }
    w.EndArray().EndObject();
  }
  w.EndArray().EndObject();
  return w.Take();
}

}  // namespace tempo::fakes
