// Deals and their companies (associations.h).
#include "associations.h"

#include "tempo/json_writer.hpp"
#include "tempo/text.hpp"

namespace tempo::hubspot {

using sdk::Status;
namespace dom = simdjson::dom;

std::string_view PickInlineAccount(dom::array associations, std::string_view partner_id) {
  std::string_view primary, other;
  for (dom::element a : associations) {
    std::string_view id, type;
    if (a["id"].get_string().get(id) != simdjson::SUCCESS) continue;
    if (a["type"].get_string().get(type) != simdjson::SUCCESS) type = {};
    if (id == partner_id || type.find("partner") != std::string_view::npos) continue;
    if (type == "deal_to_company" && primary.empty()) primary = id;
    if (other.empty()) other = id;
  }
  return primary.empty() ? other : primary;
}

std::string BatchReadBody(const std::vector<std::string>& ids) {
  sdk::JsonWriter w;
  w.BeginObject().Key("inputs").BeginArray();
  for (const std::string& id : ids) w.BeginObject().Key("id").String(id).EndObject();
  return w.EndArray().EndObject().Take();
}

namespace {

// An id sent as a string or a number.
bool IdText(dom::element e, std::string* out) {
  std::string_view text;
  int64_t num;
  if (e.get_string().get(text) == simdjson::SUCCESS) {
    out->assign(text);
    return true;
  }
  if (e.get_int64().get(num) == simdjson::SUCCESS) {
    *out = std::to_string(num);
    return true;
  }
  return false;
}

}  // namespace

Status ParseBatchAssociations(std::string_view body,
                              const std::map<std::string, std::string>& partner_of,
                              DealCompaniesMap* out) {
  dom::parser parser;
  dom::element doc;
  if (parser.parse(body.data(), body.size()).get(doc) != simdjson::SUCCESS) {
    return Status::Data("the associations response is not valid JSON");
  }
  dom::array results;
  if (doc["results"].get_array().get(results) != simdjson::SUCCESS) return Status::Ok();
  for (dom::element r : results) {
    std::string from;
    if (!IdText(r["from"]["id"], &from)) continue;
    auto partner_it = partner_of.find(from);
    const std::string partner_id = partner_it == partner_of.end() ? "" : partner_it->second;
    std::string primary, other;
    sdk::JsonWriter block;
    block.BeginObject().Key("companies").BeginObject().Key("results").BeginArray();
    dom::array to;
    if (r["to"].get_array().get(to) == simdjson::SUCCESS) {
      for (dom::element t : to) {
        std::string company;
        if (!IdText(t["toObjectId"], &company)) continue;
        bool is_primary = false, is_partner = false;
        dom::array types;
        if (t["associationTypes"].get_array().get(types) == simdjson::SUCCESS) {
          for (dom::element at : types) {
            int64_t type_id = 0;
            std::string_view label, category;
            const bool has_id = at["typeId"].get_int64().get(type_id) == simdjson::SUCCESS;
            if (at["label"].get_string().get(label) != simdjson::SUCCESS) label = {};
            if (at["category"].get_string().get(category) != simdjson::SUCCESS) category = {};
            if (has_id && type_id == 5) is_primary = true;
            const std::string lower = sdk::ToLower(label);
            if (lower.find("partner") != std::string::npos) is_partner = true;
            // The v3 list's names: HubSpot-defined types by id, labelled ones by their label.
            const std::string type = category == "USER_DEFINED" && !label.empty() ? lower
                                     : has_id && type_id == 5 ? "deal_to_company"
                                                              : "deal_to_company_unlabeled";
            block.BeginObject().Key("id").String(company).Key("type").String(type).EndObject();
          }
        }
        if (company == partner_id || is_partner) continue;
        if (is_primary && primary.empty()) primary = company;
        if (other.empty()) other = company;
      }
    }
    block.EndArray().EndObject().EndObject();
    DealCompanies& deal = (*out)[from];
    deal.account = primary.empty() ? other : primary;
    deal.associations = block.Take();
  }
  return Status::Ok();
}

}  // namespace tempo::hubspot
