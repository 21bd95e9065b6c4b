// JsonWriter: builds compact JSON text (for --json output, run records and plugin config).
// Parsing is simdjson's job; this only writes. Not thread-safe; one writer per document.
#ifndef TEMPO_HOST_COMMON_JSON_WRITER_H_
#define TEMPO_HOST_COMMON_JSON_WRITER_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace tempo {

class JsonWriter {
 public:
  JsonWriter& BeginObject();
  JsonWriter& EndObject();
  JsonWriter& BeginArray();
  JsonWriter& EndArray();
  // Writes an object key; the next call writes its value.
  JsonWriter& Key(std::string_view key);
  JsonWriter& String(std::string_view value);
  JsonWriter& Int(int64_t value);
  JsonWriter& Double(double value);
  JsonWriter& Bool(bool value);
  JsonWriter& Null();
  // Inserts already-valid JSON text as a value.
  JsonWriter& Raw(std::string_view json);

  const std::string& str() const { return out_; }
  std::string Take() { return std::move(out_); }

 private:
  void BeforeValue();
  std::string out_;
  std::vector<bool> first_;  // per open container: no element written yet
  bool after_key_ = false;
};

// Appends `value` as a JSON string literal (quotes included) to `out`.
void AppendJsonQuoted(std::string& out, std::string_view value);

}  // namespace tempo

#endif  // TEMPO_HOST_COMMON_JSON_WRITER_H_
