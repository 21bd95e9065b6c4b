// tempo/json_writer.hpp: builds compact JSON text (connector state, request bodies; in the host
// also --json output, run records and plugin config). Parsing is simdjson's job; this only
// writes. Part of the connector kit: header-only, outside the ABI.
//
//   tempo::sdk::JsonWriter w;
//   w.BeginObject().Key("cursor_ms").Int(1719705600000).Key("id").String("42").EndObject();
//   std::string state = w.Take();   // {"cursor_ms":1719705600000,"id":"42"}
//
// Not thread-safe; one writer per document. Keys and values are escaped; Raw() inserts text
// that is already valid JSON as it is.
#ifndef TEMPO_JSON_WRITER_HPP_
#define TEMPO_JSON_WRITER_HPP_

#include <cmath>
#include <cstdint>
#include <cstdio>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "tempo/plugin.hpp"

namespace tempo::sdk {

class JsonWriter {
 public:
  JsonWriter& BeginObject() {
    BeforeValue();
    out_.push_back('{');
    first_.push_back(true);
    return *this;
  }
  JsonWriter& EndObject() {
    out_.push_back('}');
    first_.pop_back();
    return *this;
  }
  JsonWriter& BeginArray() {
    BeforeValue();
    out_.push_back('[');
    first_.push_back(true);
    return *this;
  }
  JsonWriter& EndArray() {
    out_.push_back(']');
    first_.pop_back();
    return *this;
  }
  // Writes an object key; the next call writes its value.
  JsonWriter& Key(std::string_view key) {
    BeforeValue();
    AppendJsonString(out_, key);
    out_.push_back(':');
    after_key_ = true;
    return *this;
  }
  JsonWriter& String(std::string_view value) {
    BeforeValue();
    AppendJsonString(out_, value);
    return *this;
  }
  JsonWriter& Int(int64_t value) {
    BeforeValue();
    out_ += std::to_string(value);
    return *this;
  }
  JsonWriter& Uint(uint64_t value) {
    BeforeValue();
    out_ += std::to_string(value);
    return *this;
  }
  // A double with full precision (%.17g); NaN and infinities, which JSON lacks, as null.
  JsonWriter& Double(double value) {
    BeforeValue();
    if (!std::isfinite(value)) {
      out_ += "null";
      return *this;
    }
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.17g", value);
    out_ += buf;
    return *this;
  }
  JsonWriter& Bool(bool value) {
    BeforeValue();
    out_ += value ? "true" : "false";
    return *this;
  }
  JsonWriter& Null() {
    BeforeValue();
    out_ += "null";
    return *this;
  }
  // Inserts already-valid JSON text as a value.
  JsonWriter& Raw(std::string_view json) {
    BeforeValue();
    out_ += json;
    return *this;
  }

  const std::string& str() const { return out_; }
  std::string Take() { return std::move(out_); }

 private:
  void BeforeValue() {
    if (after_key_) {
      after_key_ = false;
      return;
    }
    if (!first_.empty()) {
      if (!first_.back()) out_.push_back(',');
      first_.back() = false;
    }
  }

  std::string out_;
  std::vector<bool> first_;  // per open container: no element written yet
  bool after_key_ = false;
};

}  // namespace tempo::sdk

#endif  // TEMPO_JSON_WRITER_HPP_
