// Marketo leads to canonical `lead` records, from either shape a lead arrives in:
//
//  - a bulk export's CSV row: every value is text; Marketo writes an empty value as the literal
//    `null`, and an empty field is NULL too. The record's raw JSON is an object of the row's
//    fields by header name, each a string or null.
//  - a leads.json result (the lead-changes path): the object as sent is the raw JSON; numbers
//    become their decimal text.
//
// Columns: source_id = id (a decimal string), email, company, status = leadStatus, lead_source
// = leadSource, utm_source (the instance's UTM field), created_at = createdAt,
// campaign_source_id = acquisitionProgramId, partner_source_id = the partner_field's value;
// source_updated_at = updatedAt. A field the instance lacks is not written (the column keeps
// what it had); a null value writes NULL. A row without a numeric id, with a field count other
// than the header's, or with a createdAt/updatedAt that is not a date is rejected (counted and
// sampled), never written in part.
#ifndef TEMPO_PLUGINS_CONNECTORS_MARKETO_LEAD_MAPPING_H_
#define TEMPO_PLUGINS_CONNECTORS_MARKETO_LEAD_MAPPING_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <simdjson.h>

#include "lead_fields.h"
#include "tempo/plugin.hpp"

namespace tempo::marketo {

// A CSV value: nullopt for "" and for Marketo's literal `null`.
std::optional<std::string_view> CsvValue(std::string_view text);

// A Marketo id: decimal digits, at most 18 of them.
bool IsMarketoId(std::string_view text);

class LeadMapper {
 public:
  explicit LeadMapper(const LeadFields& fields) : fields_(fields) {}

  // Reads a file's header row. Data error naming `what` when it lacks id or updatedAt.
  sdk::Status SetHeader(const std::vector<std::string>& header, const std::string& what);

  // Emits one CSV row (or rejects it, naming `where` and the row's `byte` offset in the file).
  void EmitRow(sdk::Context& ctx, sdk::RecordBatch& batch, const std::vector<std::string>& row,
               std::string_view where, int64_t byte);

  // Emits one leads.json result; `raw` is its bytes as sent ("" to serialize it).
  void EmitJson(sdk::Context& ctx, sdk::RecordBatch& batch, simdjson::dom::element lead,
                std::string_view raw, std::string_view where);

 private:
  // One column: the canonical name and the Marketo field it comes from.
  struct Column {
    std::string_view column;
    std::string field;
    int index = -1;  // in the file's header
  };
  std::vector<Column> Columns() const;

  const LeadFields& fields_;
  std::vector<std::string> header_;
  std::vector<Column> columns_;
  int id_ = -1, updated_ = -1, created_ = -1;
  std::string raw_;  // scratch: a row's raw JSON
};

}  // namespace tempo::marketo

#endif  // TEMPO_PLUGINS_CONNECTORS_MARKETO_LEAD_MAPPING_H_
