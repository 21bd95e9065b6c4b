// SourceValue: one value of a source row, as the readers hand it to the record builder (one per
// slot of StreamConfig::source_columns). Its text is borrowed from the reader and valid until the
// reader's next row.
#ifndef TEMPO_PLUGINS_CONNECTORS_FILE_SOURCE_VALUE_H_
#define TEMPO_PLUGINS_CONNECTORS_FILE_SOURCE_VALUE_H_

#include <cstdint>
#include <string_view>

namespace tempo::file {

struct SourceValue {
  enum class Type {
    kAbsent,  // the row has no such column (a JSON key not present): the field is not sent
    kNull,    // an empty CSV field or a JSON null
    kString,  // text: a CSV field, a JSON string, a JSON integer beyond 64 bits as its digits
    kJson,    // a nested JSON object or array: its JSON text (sent as text; never an id)
    kInt,     // int_value
    kReal,    // real_value
    kBool,    // int_value 0 or 1
  };
  Type type = Type::kAbsent;
  // For every type but kAbsent and kNull, the value as text: the string itself, or the number
  // or literal as written in the source. Ids and cursors are taken from it.
  std::string_view text;
  int64_t int_value = 0;
  double real_value = 0;

  bool has_text() const { return type != Type::kAbsent && type != Type::kNull && !text.empty(); }
};

}  // namespace tempo::file

#endif  // TEMPO_PLUGINS_CONNECTORS_FILE_SOURCE_VALUE_H_
