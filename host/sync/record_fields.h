// Reading and building the fields of a tempo_record inside the sync stage: the Destinations
// that adjust records on their way to the store (attribution.h, fx_conversion.h) share them.
// A record's fields are an array whose stride is fields[0].struct_size (plugin.h).
#ifndef TEMPO_HOST_SYNC_RECORD_FIELDS_H_
#define TEMPO_HOST_SYNC_RECORD_FIELDS_H_

#include <string_view>

#include "tempo/plugin.h"

namespace tempo::sync {

inline const tempo_field* FieldAt(const tempo_record& r, uint32_t i) {
  const size_t stride = r.fields[0].struct_size;
  return reinterpret_cast<const tempo_field*>(reinterpret_cast<const char*>(r.fields) + i * stride);
}

inline std::string_view FieldName(const tempo_field& f) { return {f.name, f.name_len}; }

// The field called `name`, or nullptr.
inline const tempo_field* FindField(const tempo_record& r, std::string_view name) {
  for (uint32_t i = 0; i < r.field_count; ++i) {
    const tempo_field* f = FieldAt(r, i);
    if (FieldName(*f) == name) return f;
  }
  return nullptr;
}

// A copy of `f` with the current struct size (its strings still point where f's do).
inline tempo_field CopyField(const tempo_field& f) {
  tempo_field copy{};
  copy.struct_size = sizeof(tempo_field);
  copy.type = f.type;
  copy.name = f.name;
  copy.name_len = f.name_len;
  copy.str = f.str;
  copy.str_len = f.str_len;
  copy.int_value = f.int_value;
  copy.real_value = f.real_value;
  return copy;
}

inline tempo_field NamedField(std::string_view name, int32_t type) {
  tempo_field f{};
  f.struct_size = sizeof(tempo_field);
  f.type = type;
  f.name = name.data();
  f.name_len = name.size();
  return f;
}

inline tempo_field StringField(std::string_view name, std::string_view value) {
  tempo_field f = NamedField(name, TEMPO_VALUE_STRING);
  f.str = value.data();
  f.str_len = value.size();
  return f;
}

inline tempo_field RealField(std::string_view name, double value) {
  tempo_field f = NamedField(name, TEMPO_VALUE_REAL);
  f.real_value = value;
  return f;
}

inline tempo_field NullField(std::string_view name) { return NamedField(name, TEMPO_VALUE_NULL); }

}  // namespace tempo::sync

#endif  // TEMPO_HOST_SYNC_RECORD_FIELDS_H_
