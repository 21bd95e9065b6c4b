// Crossbeam records to canonical rows. See mapping.h.
#include "mapping.h"

#include "list_page.h"
#include "tempo/model.h"
#include "tempo/text.hpp"

namespace tempo::crossbeam {
namespace {

namespace dom = simdjson::dom;
namespace ov = model::overlap;
namespace pop = model::population;
namespace ptype = model::partner::partner_type;

bool HasWord(const std::string& text, std::string_view word) {
  size_t at = 0;
  while ((at = text.find(word, at)) != std::string::npos) {
    auto is_alnum = [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); };
    const bool starts = at == 0 || !is_alnum(text[at - 1]);
    const bool ends = at + word.size() == text.size() || !is_alnum(text[at + word.size()]);
    if (starts && ends) return true;
    at += word.size();
  }
  return false;
}

bool Contains(const std::string& text, std::string_view part) {
  return text.find(part) != std::string::npos;
}

// The ids of a populations / partner_populations list: [{"id": 17087, "name": ...}, ...].
std::vector<int64_t> PopulationIds(dom::element item, std::string_view key) {
  std::vector<int64_t> ids;
  dom::array list;
  if (item[key].get_array().get(list) != simdjson::SUCCESS) return ids;
  for (dom::element p : list) {
    int64_t id = 0;
    if (p["id"].get_int64().get(id) == simdjson::SUCCESS) ids.push_back(id);
  }
  return ids;
}

std::string_view StringOr(dom::element item, std::string_view key) {
  std::string_view v;
  return item[key].get_string().get(v) == simdjson::SUCCESS ? v : std::string_view();
}

// A text column: the value, or NULL when there is none (never "" for "unknown").
void SetText(sdk::RecordBatch& batch, std::string_view column, std::string_view value) {
  if (value.empty()) {
    batch.Null(column);
  } else {
    batch.Str(column, value);
  }
}

}  // namespace

std::string_view RecordType(OverlapKind kind) {
  return kind == OverlapKind::kAccounts ? ov::record_type::kAccount : ov::record_type::kLead;
}

std::string_view EndpointName(OverlapKind kind) {
  return kind == OverlapKind::kAccounts ? "accounts" : "leads";
}

std::string OverlapSourceId(OverlapKind kind, std::string_view crossbeam_record_id,
                            std::string_view partner_crossbeam_record_id) {
  std::string id(RecordType(kind));
  id += ':';
  id += crossbeam_record_id;
  id += ':';
  id += partner_crossbeam_record_id;
  return id;
}

std::string PopulationSourceId(std::string_view id, bool partner) {
  return partner ? std::string(kPartnerPopulationPrefix) + std::string(id) : std::string(id);
}

std::string_view PartnerTypeFromTags(const std::vector<std::string>& labels) {
  for (const std::string& label : labels) {
    const std::string l = sdk::ToLower(label);
    if (Contains(l, "marketplace")) return ptype::kMarketplace;
    if (Contains(l, "resell") || Contains(l, "distribut") || HasWord(l, "var")) {
      return ptype::kReseller;
    }
    if (Contains(l, "integrator") || Contains(l, "consult") || HasWord(l, "si")) return ptype::kSi;
    if (Contains(l, "referral") || Contains(l, "affiliate")) return ptype::kReferral;
    if (Contains(l, "agency") || Contains(l, "agencies")) return ptype::kAgency;
    if (Contains(l, "technolog") || HasWord(l, "tech") || HasWord(l, "isv")) {
      return ptype::kTechnology;
    }
  }
  return ptype::kOther;
}

bool MapPartner(sdk::RecordBatch& batch, dom::element item, std::string* why) {
  const std::string_view uuid = StringOr(item, "uuid");
  if (uuid.empty()) {
    *why = "a partner without a uuid";
    return false;
  }
  std::vector<std::string> labels;
  dom::array tags;
  if (item["tags"].get_array().get(tags) == simdjson::SUCCESS) {
    for (dom::element tag : tags) {
      std::string_view label;
      if (tag["label"].get_string().get(label) == simdjson::SUCCESS) labels.emplace_back(label);
    }
  }
  batch.Begin(model::kPartner, uuid).Raw(batch.Copy(RawJson(item)));
  SetText(batch, model::partner::kName, StringOr(item, "name"));
  SetText(batch, model::partner::kDomain, StringOr(item, "domain"));
  batch.Str(model::partner::kPartnerType, PartnerTypeFromTags(labels));
  return true;
}

bool MapPopulation(sdk::RecordBatch& batch, dom::element item, bool partner, std::string* why) {
  const std::string id = Text(item, "id");
  if (id.empty()) {
    *why = "a population without an id";
    return false;
  }
  const std::string_view type = StringOr(item, "population_type");
  batch.Begin(model::kPopulation, batch.Copy(PopulationSourceId(id, partner)))
      .Raw(batch.Copy(RawJson(item)));
  SetText(batch, pop::kName, StringOr(item, "name"));
  batch.Str(pop::kStandardPopulation, StandardPopulation(StringOr(item, "standard_type")));
  if (type == "companies") {
    batch.Str(pop::kRecordType, pop::record_type::kAccount);
  } else if (type == "people") {
    batch.Str(pop::kRecordType, pop::record_type::kLead);
  } else {
    batch.Null(pop::kRecordType);
  }
  const std::string partner_id = partner ? Text(item, "partner_id") : std::string();
  if (partner_id.empty()) {
    batch.Null(pop::kPartnerSourceId);
  } else {
    batch.StrCopy(pop::kPartnerSourceId, partner_id);
  }
  return true;
}

bool MapOverlap(sdk::RecordBatch& batch, dom::element item, OverlapKind kind,
                const Directory& directory, std::string_view snapshot_at, std::string* why) {
  const std::string record = Text(item, "crossbeam_record_id");
  const std::string partner_record = Text(item, "partner_crossbeam_record_id");
  if (record.empty() || partner_record.empty()) {
    *why = "an overlap without crossbeam_record_id or partner_crossbeam_record_id";
    return false;
  }
  const std::string_view partner_id = StringOr(item, "partner_id");
  std::string_view website = StringOr(item, "record_website");
  if (website.empty()) website = StringOr(item, "record_email");
  std::string_view partner_domain;
  if (auto it = directory.partner_domain.find(partner_id); it != directory.partner_domain.end()) {
    partner_domain = it->second;
  }
  const std::string_view ours = directory.ours.Best(PopulationIds(item, "populations"));
  const std::string_view theirs =
      directory.partners.Best(PopulationIds(item, "partner_populations"));
  batch.Begin(model::kOverlap, batch.Copy(OverlapSourceId(kind, record, partner_record)))
      .Raw(batch.Copy(RawJson(item)))
      .Str(ov::kProvider, ov::provider::kCrossbeam);
  SetText(batch, ov::kPartnerSourceId, partner_id);
  SetText(batch, ov::kPartnerName, StringOr(item, "partner_name"));
  SetText(batch, ov::kPartnerDomain, partner_domain);
  SetText(batch, ov::kAccountName, StringOr(item, "record_name"));
  SetText(batch, ov::kAccountDomain, website);
  SetText(batch, ov::kOurPopulation, ours);
  SetText(batch, ov::kPartnerPopulation, theirs);
  SetText(batch, ov::kSnapshotAt, snapshot_at);
  batch.Str(ov::kRecordType, RecordType(kind));
  SetText(batch, ov::kAccountCrmId, batch.Copy(Text(item, "record_id")));
  bool deleted = false;
  if (item["is_deleted"].get_bool().get(deleted) == simdjson::SUCCESS && deleted) batch.Deleted();
  return true;
}

}  // namespace tempo::crossbeam
