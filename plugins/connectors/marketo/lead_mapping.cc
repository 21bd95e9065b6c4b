// Marketo leads (CSV rows and leads.json results) to lead records (lead_mapping.h).
#include "lead_mapping.h"

#include "tempo/model.h"
#include "tempo/time.hpp"

namespace tempo::marketo {

using sdk::Status;
namespace dom = simdjson::dom;

std::optional<std::string_view> CsvValue(std::string_view text) {
  if (text.empty() || text == "null") return std::nullopt;
  return text;
}

bool IsMarketoId(std::string_view text) {
  if (text.empty() || text.size() > 18) return false;
  for (char c : text) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

std::vector<LeadMapper::Column> LeadMapper::Columns() const {
  namespace l = model::lead;
  std::vector<Column> out = {{l::kEmail, "email"},
                             {l::kCompany, "company"},
                             {l::kStatus, "leadStatus"},
                             {l::kLeadSource, "leadSource"},
                             {l::kCreatedAt, "createdAt"}};
  if (!fields_.utm.empty()) out.push_back({l::kUtmSource, fields_.utm});
  if (!fields_.acquisition.empty()) out.push_back({l::kCampaignSourceId, fields_.acquisition});
  if (!fields_.partner.empty()) out.push_back({l::kPartnerSourceId, fields_.partner});
  return out;
}

Status LeadMapper::SetHeader(const std::vector<std::string>& header, const std::string& what) {
  header_ = header;
  columns_ = Columns();
  id_ = updated_ = created_ = -1;
  for (size_t i = 0; i < header.size(); ++i) {
    const int index = static_cast<int>(i);
    if (header[i] == "id") id_ = index;
    if (header[i] == "updatedAt") updated_ = index;
    if (header[i] == "createdAt") created_ = index;
    for (Column& c : columns_) {
      if (c.field == header[i]) c.index = index;
    }
  }
  if (id_ < 0 || updated_ < 0) {
    return Status::Data(what + ": the export file's header has no " +
                        (id_ < 0 ? "'id'" : "'updatedAt'") +
                        " column; it is not the file of "
                        "the fields asked for");
  }
  return Status::Ok();
}

void LeadMapper::EmitRow(sdk::Context& ctx, sdk::RecordBatch& batch,
                         const std::vector<std::string>& row, std::string_view where,
                         int64_t byte) {
  auto reject = [&](const std::string& why) {
    ctx.Reject("leads " + std::string(where) + " byte " + std::to_string(byte) + ": " + why);
  };
  if (row.size() != header_.size()) {
    return reject(std::to_string(row.size()) + " fields, expected " +
                  std::to_string(header_.size()));
  }
  const std::string& id = row[id_];
  if (!IsMarketoId(id)) return reject("id '" + id.substr(0, 40) + "' is not a Marketo id");
  const std::optional<std::string_view> updated = CsvValue(row[updated_]);
  for (int date : {updated_, created_}) {
    if (date < 0) continue;
    std::optional<std::string_view> v = CsvValue(row[date]);
    if (v && !sdk::ParseIsoMs(*v)) {
      return reject("(id " + id + ") " + header_[date] + " '" + std::string(v->substr(0, 40)) +
                    "' is not a date");
    }
  }
  raw_ = "{";
  for (size_t i = 0; i < row.size(); ++i) {
    if (i > 0) raw_ += ',';
    sdk::AppendJsonString(raw_, header_[i]);
    raw_ += ':';
    if (std::optional<std::string_view> v = CsvValue(row[i])) {
      sdk::AppendJsonString(raw_, *v);
    } else {
      raw_ += "null";
    }
  }
  raw_ += '}';
  batch.Begin(model::kLead, batch.Copy(id)).Raw(batch.Copy(raw_));
  if (updated) batch.UpdatedAt(batch.Copy(*updated));
  for (const Column& c : columns_) {
    if (c.index < 0) continue;
    if (std::optional<std::string_view> v = CsvValue(row[c.index])) {
      batch.StrCopy(c.column, *v);
    } else {
      batch.Null(c.column);
    }
  }
}

void LeadMapper::EmitJson(sdk::Context& ctx, sdk::RecordBatch& batch, dom::element lead,
                          std::string_view raw, std::string_view where) {
  // A value as text: strings as they are, numbers as written, null as nullopt.
  auto text = [&](std::string_view field, bool* present) -> std::optional<std::string> {
    dom::element v;
    *present = lead[field].get(v) == simdjson::SUCCESS;
    if (!*present || v.is_null()) return std::nullopt;
    std::string_view s;
    if (v.get_string().get(s) == simdjson::SUCCESS) return std::string(s);
    return simdjson::minify(v);  // a number (or anything else) as written
  };
  bool present = false;
  const std::optional<std::string> id = text("id", &present);
  if (!id || !IsMarketoId(*id)) {
    ctx.Reject("leads " + std::string(where) + ": a lead without a Marketo id");
    return;
  }
  const std::optional<std::string> updated = text("updatedAt", &present);
  for (std::string_view field : {"updatedAt", "createdAt"}) {
    std::optional<std::string> v = text(field, &present);
    if (v && !v->empty() && !sdk::ParseIsoMs(*v)) {
      ctx.Reject("leads " + std::string(where) + " (id " + *id + "): " + std::string(field) + " '" +
                 v->substr(0, 40) + "' is not a date");
      return;
    }
  }
  if (raw.empty()) raw = batch.Copy(simdjson::minify(lead));
  batch.Begin(model::kLead, batch.Copy(*id)).Raw(raw);
  if (updated && !updated->empty()) batch.UpdatedAt(batch.Copy(*updated));
  for (const Column& c : Columns()) {
    std::optional<std::string> v = text(c.field, &present);
    if (!present) continue;
    if (v && !v->empty()) {
      batch.StrCopy(c.column, *v);
    } else {
      batch.Null(c.column);
    }
  }
}

}  // namespace tempo::marketo
