// JsonlReader: line framing over a ChunkedFile, then one simdjson On-Demand pass per line.
#include "jsonl_reader.h"

#include <algorithm>
#include <limits>
#include <utility>

namespace tempo::file {
namespace {

namespace od = simdjson::ondemand;
using sdk::Status;

bool IsBlank(std::string_view text) {
  return text.find_first_not_of(" \t\r") == std::string_view::npos;
}

std::string_view TrimTrailingSpace(std::string_view text) {
  size_t end = text.find_last_not_of(" \t\r\n");
  return end == std::string_view::npos ? std::string_view() : text.substr(0, end + 1);
}

std::string InvalidJson(simdjson::error_code error) {
  return std::string("invalid JSON (") + simdjson::error_message(error) + ")";
}

// Reads one JSON value into *out: scalars by type, objects and arrays as their JSON text.
simdjson::error_code ReadValue(od::value& value, SourceValue* out) {
  od::json_type type;
  if (auto error = value.type().get(type)) return error;
  switch (type) {
    case od::json_type::string:
      out->type = SourceValue::Type::kString;
      return value.get_string().get(out->text);
    case od::json_type::number: {
      od::number_type number_type;
      if (auto error = value.get_number_type().get(number_type)) return error;
      out->text = TrimTrailingSpace(value.raw_json_token());  // the number as written
      if (number_type == od::number_type::signed_integer) {
        out->type = SourceValue::Type::kInt;
        return value.get_int64().get(out->int_value);
      }
      if (number_type == od::number_type::unsigned_integer) {
        // Above INT64_MAX, up to any number of digits (a 30-digit id): kept as its digits; the
        // host decides what the column can hold.
        out->type = SourceValue::Type::kString;
        return simdjson::SUCCESS;
      }
      out->type = SourceValue::Type::kReal;
      return value.get_double().get(out->real_value);
    }
    case od::json_type::boolean: {
      bool flag;
      if (auto error = value.get_bool().get(flag)) return error;
      out->type = SourceValue::Type::kBool;
      out->int_value = flag ? 1 : 0;
      out->text = flag ? "true" : "false";
      return simdjson::SUCCESS;
    }
    case od::json_type::null: {
      bool is_null;
      if (auto error = value.is_null().get(is_null)) return error;
      out->type = SourceValue::Type::kNull;
      return is_null ? simdjson::SUCCESS : simdjson::INCORRECT_TYPE;
    }
    case od::json_type::object: {
      od::object object;
      if (auto error = value.get_object().get(object)) return error;
      out->type = SourceValue::Type::kJson;
      return object.raw_json().get(out->text);
    }
    case od::json_type::array: {
      od::array array;
      if (auto error = value.get_array().get(array)) return error;
      out->type = SourceValue::Type::kJson;
      return array.raw_json().get(out->text);
    }
  }
  return simdjson::INCORRECT_TYPE;
}

}  // namespace

JsonlReader::JsonlReader(std::vector<std::string> keys, size_t chunk_bytes, size_t max_line_bytes)
    : keys_(std::move(keys)), max_line_bytes_(max_line_bytes), input_(chunk_bytes) {}

Status JsonlReader::Open(const std::string& path, const std::string& display_name) {
  Status s = input_.Open(path, display_name);
  if (!s.ok()) return s;
  input_.SkipUtf8Bom();
  data_offset_ = input_.offset();
  return input_.status();
}

Status JsonlReader::Seek(uint64_t offset, uint64_t line) {
  if (offset < data_offset_ || offset > input_.stamp().size) {
    return Status::Internal("cannot resume at byte " + std::to_string(offset) +
                            ": outside the lines of the file");
  }
  Status s = input_.Seek(offset);
  if (!s.ok()) return s;
  line_ = line;
  return Status::Ok();
}

Status JsonlReader::Next(JsonlRow* row) {
  for (;;) {
    row->line = line_;
    row->text = {};
    row->problem.clear();
    row->values.assign(keys_.size(), SourceValue());
    line_text_.clear();
    bool too_long = false;
    if (!input_.ReadLine(&line_text_, max_line_bytes_, &too_long)) {
      row->kind = JsonlRow::Kind::kEnd;
      return input_.status();
    }
    if (!input_.status().ok()) return input_.status();
    ++line_;
    if (!line_text_.empty() && line_text_.back() == '\r') line_text_.pop_back();
    if (too_long) {
      row->kind = JsonlRow::Kind::kMalformed;
      row->problem = "line longer than " + std::to_string(max_line_bytes_) + " bytes";
      return Status::Ok();
    }
    if (IsBlank(line_text_)) continue;
    row->problem = Extract(row);  // may grow line_text_'s buffer: take the view after it
    row->text = line_text_;
    row->kind = row->problem.empty() ? JsonlRow::Kind::kObject : JsonlRow::Kind::kMalformed;
    return Status::Ok();
  }
}

std::string JsonlReader::Extract(JsonlRow* row) {
  return ExtractObjectValues(parser_, line_text_, keys_, &row->values);
}

std::string ExtractObjectValues(od::parser& parser, std::string& text,
                                const std::vector<std::string>& keys,
                                std::vector<SourceValue>* values) {
  values->assign(keys.size(), SourceValue());
  text.reserve(text.size() + simdjson::SIMDJSON_PADDING);
  simdjson::padded_string_view json(text.data(), text.size(), text.capacity());
  od::document doc;
  od::json_type type;
  if (auto error = parser.iterate(json).get(doc)) return InvalidJson(error);
  if (auto error = doc.type().get(type)) return InvalidJson(error);
  if (type != od::json_type::object) return "not a JSON object";
  od::object object;
  if (auto error = doc.get_object().get(object)) return InvalidJson(error);
  for (auto field : object) {
    std::string_view key;
    if (auto error = field.unescaped_key().get(key)) return InvalidJson(error);
    auto slot = std::find(keys.begin(), keys.end(), key);
    if (slot == keys.end()) continue;  // not needed: On-Demand skips the value
    SourceValue& value = (*values)[static_cast<size_t>(slot - keys.begin())];
    if (value.type != SourceValue::Type::kAbsent) continue;  // a duplicate key: the first wins
    od::value json_value;
    if (auto error = field.value().get(json_value)) return InvalidJson(error);
    if (auto error = ReadValue(json_value, &value)) return InvalidJson(error);
  }
  // A location inside the document after the object is read means more text follows it.
  if (doc.current_location().error() != simdjson::OUT_OF_BOUNDS) {
    return "invalid JSON (text after the object)";
  }
  return {};
}

}  // namespace tempo::file
