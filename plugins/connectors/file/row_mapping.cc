// IdProblem, RowUpdatedAt and AddRecord.
#include "row_mapping.h"

namespace tempo::file {

std::string IdProblem(const StreamConfig& stream, const std::vector<SourceValue>& values) {
  const SourceValue& id = values[0];
  if (!id.has_text()) return "no id in column '" + stream.id_column + "'";
  if (id.type == SourceValue::Type::kString || id.type == SourceValue::Type::kInt) return {};
  const char* kind = id.type == SourceValue::Type::kBool   ? "a boolean"
                     : id.type == SourceValue::Type::kReal ? "a number with a fraction"
                                                           : "an object or a list";
  return "the id in column '" + stream.id_column + "' is " + kind +
         "; an id is text or a whole number";
}

std::string_view RowUpdatedAt(const StreamConfig& stream, const std::vector<SourceValue>& values) {
  if (stream.updated_at_slot < 0) return {};
  const SourceValue& value = values[static_cast<size_t>(stream.updated_at_slot)];
  return value.has_text() ? value.text : std::string_view();
}

void AddRecord(const StreamConfig& stream, const std::vector<SourceValue>& values,
               std::string_view updated_at, std::string_view raw, sdk::RecordBatch& batch) {
  batch.Begin(stream.entity, batch.Copy(values[0].text));
  if (!updated_at.empty()) batch.UpdatedAt(batch.Copy(updated_at));
  batch.Raw(batch.Copy(raw));
  for (size_t i = 0; i < stream.columns.size(); ++i) {
    const std::string& name = stream.columns[i].canonical;
    const SourceValue& value = values[stream.column_slots[i]];
    switch (value.type) {
      case SourceValue::Type::kAbsent:  // not carried: the store keeps the column's value
        break;
      case SourceValue::Type::kNull:
        batch.Null(name);
        break;
      case SourceValue::Type::kString:
      case SourceValue::Type::kJson:
        batch.Str(name, batch.Copy(value.text));
        break;
      case SourceValue::Type::kInt:
        batch.Int(name, value.int_value);
        break;
      case SourceValue::Type::kReal:
        batch.Real(name, value.real_value);
        break;
      case SourceValue::Type::kBool:
        batch.Bool(name, value.int_value != 0);
        break;
    }
  }
}

}  // namespace tempo::file
