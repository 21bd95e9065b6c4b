// Records to rows. See mapping.h.
#include "mapping.h"

#include <cmath>
#include <cstdlib>
#include <vector>

#include "json_path.h"
#include "tempo/text.hpp"
#include "tempo/time.hpp"

namespace tempo::rest {
namespace {

// One column's value, made.
struct Value {
  int32_t type = TEMPO_VALUE_NULL;
  std::string text;
  int64_t integer = 0;
  double real = 0;
};

struct Row {
  const EmitSpec* emit = nullptr;
  std::string id;
  std::vector<std::pair<const std::string*, Value>> fields;
};

std::string Excerpt(std::string_view text) {
  std::string out(text.substr(0, 40));
  if (text.size() > 40) out += "...";
  return out;
}

std::optional<double> NumberOf(simdjson::dom::element v) {
  double d = 0;
  if (v.get_double().get(d) == simdjson::SUCCESS) return d;
  int64_t i = 0;
  if (v.get_int64().get(i) == simdjson::SUCCESS) return static_cast<double>(i);
  std::string_view s;
  if (v.get_string().get(s) == simdjson::SUCCESS && !s.empty()) {
    std::string text(s);
    char* end = nullptr;
    const double parsed = std::strtod(text.c_str(), &end);
    if (end == text.c_str() + text.size() && std::isfinite(parsed)) return parsed;
  }
  return std::nullopt;
}

std::optional<double> NumberOfText(const std::string& text) {
  if (text.empty()) return std::nullopt;
  char* end = nullptr;
  const double parsed = std::strtod(text.c_str(), &end);
  if (end != text.c_str() + text.size() || !std::isfinite(parsed)) return std::nullopt;
  return parsed;
}

std::optional<bool> BooleanOfText(std::string_view text) {
  if (sdk::EqualsNoCase(text, "true") || text == "1") return true;
  if (sdk::EqualsNoCase(text, "false") || text == "0") return false;
  return std::nullopt;
}

// Makes column `c` of `record`; false with *why when the value cannot be made.
bool MakeValue(const ColumnSpec& c, simdjson::dom::element record, Value* out, std::string* why) {
  std::optional<simdjson::dom::element> found;
  std::optional<std::string> text;  // the value as text, once it is known to be a scalar
  if (c.constant) {
    text = *c.constant;
  } else {
    found = Find(record, c.path);
    if (found && found->is_null()) found.reset();
  }
  if (!c.map.empty()) {
    std::optional<std::string> key =
        c.constant ? text : (found ? ScalarText(*found) : std::nullopt);
    std::optional<std::string> mapped;
    if (key) {
      for (const auto& [from, to] : c.map) {
        if (from == *key) mapped = to;
      }
    }
    if (!mapped && c.map_default) mapped = c.map_default;
    if (mapped) {
      text = mapped;
      found.reset();
    } else if (key) {
      text = key;
      found.reset();
    }
  }
  if (!text && !found) return true;  // NULL: the source has no value
  const std::string shown = text ? *text
                                 : (found->is_string() ? std::string(std::string_view(*found))
                                                       : simdjson::to_string(*found));
  auto fail = [&](const char* expected) {
    *why = "column " + c.column + " is '" + Excerpt(shown) + "', not " + expected;
    return false;
  };
  switch (c.type) {
    case ValueType::kAsIs:
      if (text) {
        out->type = TEMPO_VALUE_STRING;
        out->text = *text;
      } else if (found->is_bool()) {
        out->type = TEMPO_VALUE_BOOL;
        out->integer = bool(*found) ? 1 : 0;
      } else if (found->is_int64()) {
        out->type = TEMPO_VALUE_INT;
        out->integer = int64_t(*found);
      } else if (found->is_number()) {
        out->type = TEMPO_VALUE_REAL;
        out->real = *NumberOf(*found);
      } else {
        out->type = TEMPO_VALUE_STRING;
        out->text = found->is_string() ? std::string(std::string_view(*found)) : shown;
      }
      return true;
    case ValueType::kString:
      out->type = TEMPO_VALUE_STRING;
      out->text =
          text ? *text : (found->is_string() ? std::string(std::string_view(*found)) : shown);
      return true;
    case ValueType::kNumber:
    case ValueType::kInteger: {
      std::optional<double> n = text ? NumberOfText(*text) : NumberOf(*found);
      if (!n) return fail(c.type == ValueType::kNumber ? "a number" : "an integer");
      const double scaled = *n * c.scale;
      if (c.type == ValueType::kNumber) {
        out->type = TEMPO_VALUE_REAL;
        out->real = scaled;
        return true;
      }
      if (std::fabs(scaled - std::round(scaled)) > 1e-9 * std::max(1.0, std::fabs(scaled))) {
        return fail("an integer");
      }
      out->type = TEMPO_VALUE_INT;
      out->integer = static_cast<int64_t>(std::llround(scaled));
      return true;
    }
    case ValueType::kBoolean: {
      std::optional<bool> b;
      bool flag = false;
      if (!text && found->get_bool().get(flag) == simdjson::SUCCESS) {
        b = flag;
      } else {
        std::optional<std::string> t = text ? text : ScalarText(*found);
        if (t) b = BooleanOfText(*t);
      }
      if (!b) return fail("true or false");
      out->type = TEMPO_VALUE_BOOL;
      out->integer = *b ? 1 : 0;
      return true;
    }
    case ValueType::kTime: {
      std::optional<int64_t> ms =
          text ? TimeOfText(*text, c.time_format) : TimeValue(*found, c.time_format);
      if (!ms) {
        return fail(c.time_format == TimeFormat::kIso8601        ? "an ISO-8601 time"
                    : c.time_format == TimeFormat::kEpochSeconds ? "a time in epoch seconds"
                                                                 : "a time in epoch milliseconds");
      }
      out->type = TEMPO_VALUE_STRING;
      out->text = sdk::FormatIso(*ms, sdk::IsoPrecision::kTrimMillis);
      return true;
    }
  }
  return true;
}

// The emit's source id: its id paths' values joined with ':'.
bool MakeId(const EmitSpec& e, simdjson::dom::element record, std::string* id, std::string* why) {
  id->clear();
  for (size_t i = 0; i < e.id.size(); ++i) {
    std::optional<simdjson::dom::element> v = Find(record, e.id[i]);
    std::optional<std::string> text = v ? ScalarText(*v) : std::nullopt;
    if (!text || text->empty()) {
      *why = "no " + e.id[i].text + " (the " + e.entity + " row's id)";
      return false;
    }
    if (i > 0) *id += ':';
    *id += *text;
  }
  return !id->empty();
}

bool Present(simdjson::dom::element record, const JsonPath& path) {
  std::optional<simdjson::dom::element> v = Find(record, path);
  if (!v || v->is_null()) return false;
  bool flag = true;
  if (v->get_bool().get(flag) == simdjson::SUCCESS) return flag;
  std::string_view s;
  if (v->get_string().get(s) == simdjson::SUCCESS) return !s.empty();
  return true;
}

}  // namespace

std::optional<int64_t> TimeOfText(std::string_view text, TimeFormat format) {
  if (format == TimeFormat::kIso8601) return sdk::ParseIsoMs(text);
  std::optional<int64_t> epoch = sdk::ParseEpoch(text);
  if (!epoch) return std::nullopt;
  return format == TimeFormat::kEpochSeconds ? *epoch * 1000 : *epoch;
}

std::optional<int64_t> TimeValue(simdjson::dom::element value, TimeFormat format) {
  std::string_view text;
  if (value.get_string().get(text) == simdjson::SUCCESS) return TimeOfText(text, format);
  if (format == TimeFormat::kIso8601) return std::nullopt;
  int64_t number = 0;
  double real = 0;
  if (value.get_int64().get(number) == simdjson::SUCCESS && number >= 0) {
    return format == TimeFormat::kEpochSeconds ? number * 1000 : number;
  }
  if (value.get_double().get(real) == simdjson::SUCCESS && real >= 0 && real < 9e15) {
    return static_cast<int64_t>(format == TimeFormat::kEpochSeconds ? std::llround(real * 1000)
                                                                    : std::llround(real));
  }
  return std::nullopt;
}

std::string FormatTime(int64_t ms, TimeFormat format) {
  switch (format) {
    case TimeFormat::kEpochSeconds:
      return std::to_string(ms / 1000);
    case TimeFormat::kEpochMillis:
      return std::to_string(ms);
    case TimeFormat::kIso8601:
      break;
  }
  return sdk::FormatIso(ms, sdk::IsoPrecision::kTrimMillis);
}

bool MapRecord(const StreamSpec& stream, simdjson::dom::element record, sdk::RecordBatch& batch,
               std::string* why) {
  std::vector<Row> rows;
  for (const EmitSpec& e : stream.emit) {
    if (!e.when.empty() && !Present(record, e.when)) continue;
    Row row;
    row.emit = &e;
    if (!MakeId(e, record, &row.id, why)) return false;
    for (const ColumnSpec& c : e.columns) {
      Value v;
      if (!MakeValue(c, record, &v, why)) {
        *why = e.entity + " " + *why;
        return false;
      }
      row.fields.emplace_back(&c.column, std::move(v));
    }
    rows.push_back(std::move(row));
  }
  std::string updated;
  if (stream.updated_at) {
    if (std::optional<simdjson::dom::element> v = Find(record, stream.updated_at->path)) {
      if (std::optional<int64_t> ms = TimeValue(*v, stream.updated_at->format)) {
        updated = sdk::FormatIso(*ms, sdk::IsoPrecision::kTrimMillis);
      }
    }
  }
  const std::string_view raw = rows.empty() ? "" : batch.Copy(simdjson::to_string(record));
  const std::string_view updated_at = batch.Copy(updated);
  for (Row& row : rows) {
    batch.Begin(row.emit->entity, batch.Copy(row.id)).Raw(raw);
    if (!updated_at.empty()) batch.UpdatedAt(updated_at);
    for (auto& [column, v] : row.fields) {
      switch (v.type) {
        case TEMPO_VALUE_STRING:
          batch.StrCopy(*column, v.text);
          break;
        case TEMPO_VALUE_INT:
          batch.Int(*column, v.integer);
          break;
        case TEMPO_VALUE_REAL:
          batch.Real(*column, v.real);
          break;
        case TEMPO_VALUE_BOOL:
          batch.Bool(*column, v.integer != 0);
          break;
        default:
          batch.Null(*column);
      }
    }
  }
  return true;
}

}  // namespace tempo::rest
