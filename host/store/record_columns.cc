#include "store/record_columns.h"

#include "store/field_value.h"

namespace tempo::store {
namespace {

// Bits of RecordColumns::mask.
constexpr size_t kMaxColumns = 63;

const tempo_field& FieldAt(const tempo_record& r, uint32_t i) {
  const size_t stride = r.fields[0].struct_size;
  return *reinterpret_cast<const tempo_field*>(reinterpret_cast<const char*>(r.fields) +
                                               i * stride);
}

}  // namespace

bool RecordColumns::Matches(const tempo_record& r) const {
  if (r.field_count != names.size() || std::string_view(r.entity, r.entity_len) != entity) {
    return false;
  }
  for (uint32_t i = 0; i < r.field_count; ++i) {
    const tempo_field& f = FieldAt(r, i);
    if (std::string_view(f.name, f.name_len) != names[i]) return false;
  }
  return true;
}

std::string RecordShapeKey(const tempo_record& r) {
  std::string key(r.entity, r.entity_len);
  for (uint32_t i = 0; i < r.field_count; ++i) {
    const tempo_field& f = FieldAt(r, i);
    key.push_back('\0');
    key.append(f.name, f.name_len);
  }
  return key;
}

void ResolveRecordColumns(const tempo_record& r, RecordColumns* out) {
  out->entity.assign(r.entity, r.entity_len);
  out->table = FindTable(out->entity);
  for (uint32_t i = 0; i < r.field_count; ++i) {
    const tempo_field& f = FieldAt(r, i);
    out->names.emplace_back(f.name, f.name_len);
  }
  if (out->table == nullptr) {
    out->reject = "unknown entity " + QuoteValue(out->entity);
    return;
  }
  const TableSpec& t = *out->table;
  for (const std::string& name : out->names) {
    int found = -1;
    for (size_t c = 0; c < t.columns.size() && c < kMaxColumns; ++c) {
      if (name == t.columns[c].name) found = static_cast<int>(c);
    }
    if (found < 0) {
      out->reject = "unknown field " + QuoteValue(name) + " for entity " + QuoteValue(t.name);
      return;
    }
    if (out->mask & (uint64_t{1} << found)) {
      out->reject = "field " + QuoteValue(name) + " given twice";
      return;
    }
    out->mask |= uint64_t{1} << found;
    out->column.push_back(found);
  }
}

}  // namespace tempo::store
