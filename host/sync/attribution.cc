#include "sync/attribution.h"

#include <simdjson.h>

#include <string_view>

#include "sync/record_fields.h"
#include "tempo/text.hpp"

namespace tempo::sync {
namespace {

constexpr std::string_view kPartnerSourceId = "partner_source_id";

std::string_view Trim(std::string_view v) {
  while (!v.empty() && (v.front() == ' ' || v.front() == '\t')) v.remove_prefix(1);
  while (!v.empty() && (v.back() == ' ' || v.back() == '\t')) v.remove_suffix(1);
  return v;
}

bool Same(std::string_view a, std::string_view b) { return sdk::EqualsNoCase(Trim(a), Trim(b)); }

// True when the raw record has a top-level "tags" list holding `tag`, as a string or as an
// object's "name" (Mailchimp member tags are {"id": 1, "name": "..."}).
bool HasTag(const tempo_record& r, std::string_view tag) {
  if (r.raw_json == nullptr || r.raw_json_len == 0) return false;
  simdjson::dom::parser parser;
  simdjson::dom::element doc;
  if (parser.parse(r.raw_json, r.raw_json_len).get(doc) != simdjson::SUCCESS) return false;
  simdjson::dom::array tags;
  if (doc["tags"].get_array().get(tags) != simdjson::SUCCESS) return false;
  for (simdjson::dom::element t : tags) {
    std::string_view text;
    if (t.get_string().get(text) == simdjson::SUCCESS ||
        t["name"].get_string().get(text) == simdjson::SUCCESS) {
      if (Same(text, tag)) return true;
    }
  }
  return false;
}

bool Holds(const tempo_record& r, const AttributionRule::Condition& c) {
  if (c.field == "source_id") return Same(std::string_view(r.source_id, r.source_id_len), c.value);
  if (c.field == "tag") return HasTag(r, c.value);
  const tempo_field* f = FindField(r, c.field);
  if (f == nullptr || f->type != TEMPO_VALUE_STRING) return false;
  return Same(std::string_view(f->str, f->str_len), c.value);
}

}  // namespace

std::string AttributedPartnerId(const AttributionRule& rule) {
  std::string domain = sdk::NormalizeDomain(rule.partner_domain);
  if (!domain.empty()) return "attribution:" + domain;
  return "attribution:" + sdk::ToLower(Trim(rule.partner_name));
}

AttributingDestination::AttributingDestination(Destination& inner,
                                               std::vector<AttributionRule> rules)
    : inner_(inner), rules_(std::move(rules)) {
  for (const AttributionRule& rule : rules_) partner_ids_.push_back(AttributedPartnerId(rule));
}

Status AttributingDestination::Begin() {
  Status s = inner_.Begin();
  if (!s.ok() || partners_committed_ || partners_pending_ || rules_.empty()) return s;
  return WritePartners();
}

Status AttributingDestination::WritePartners() {
  for (size_t i = 0; i < rules_.size(); ++i) {
    const AttributionRule& rule = rules_[i];
    std::vector<tempo_field> fields;
    if (!rule.partner_name.empty()) fields.push_back(StringField("name", rule.partner_name));
    if (!rule.partner_domain.empty()) fields.push_back(StringField("domain", rule.partner_domain));
    tempo_record r{};
    r.struct_size = sizeof(tempo_record);
    r.op = TEMPO_OP_UPSERT;
    constexpr std::string_view kPartner = "partner";
    r.entity = kPartner.data();
    r.entity_len = kPartner.size();
    r.source_id = partner_ids_[i].data();
    r.source_id_len = partner_ids_[i].size();
    r.fields = fields.data();
    r.field_count = static_cast<uint32_t>(fields.size());
    std::string reject;
    Status s = inner_.Write(r, &reject);
    if (!s.ok()) return s;
    if (!reject.empty()) {
      return Status::InvalidArgument("attribution rule " + std::to_string(i + 1) +
                                     ": its partner cannot be stored: " + reject);
    }
  }
  partners_pending_ = true;
  return Status::Ok();
}

const AttributionRule* AttributingDestination::Match(const tempo_record& r) const {
  const std::string_view entity(r.entity, r.entity_len);
  if (entity != "lead" && entity != "campaign") return nullptr;
  for (const AttributionRule& rule : rules_) {
    if (!rule.entity.empty() && rule.entity != entity) continue;
    bool all = true;
    for (const AttributionRule::Condition& c : rule.when) {
      if (!Holds(r, c)) {
        all = false;
        break;
      }
    }
    if (all) return &rule;
  }
  return nullptr;
}

Status AttributingDestination::Write(const tempo_record& record, std::string* reject) {
  if (rules_.empty() || record.op != TEMPO_OP_UPSERT) return inner_.Write(record, reject);
  const AttributionRule* rule = Match(record);
  if (rule == nullptr) return inner_.Write(record, reject);
  const std::string& partner = partner_ids_[static_cast<size_t>(rule - rules_.data())];
  fields_.clear();
  for (uint32_t i = 0; i < record.field_count; ++i) {
    const tempo_field* f = FieldAt(record, i);
    if (std::string_view(f->name, f->name_len) == kPartnerSourceId) continue;
    fields_.push_back(CopyField(*f));
  }
  fields_.push_back(StringField(kPartnerSourceId, partner));
  tempo_record attributed = record;
  attributed.fields = fields_.data();
  attributed.field_count = static_cast<uint32_t>(fields_.size());
  return inner_.Write(attributed, reject);
}

Result<int64_t> AttributingDestination::DeleteUnseen(std::string_view entity, int64_t since_run_id,
                                                     const RowScope& scope) {
  return inner_.DeleteUnseen(entity, since_run_id, scope);
}

Status AttributingDestination::Commit(std::string_view stream, std::string_view state_json,
                                      std::optional<int64_t> refresh_run_id) {
  Status s = inner_.Commit(stream, state_json, refresh_run_id);
  if (s.ok() && partners_pending_) partners_committed_ = true;
  partners_pending_ = false;
  return s;
}

void AttributingDestination::Rollback() {
  inner_.Rollback();
  partners_pending_ = false;
}

}  // namespace tempo::sync
