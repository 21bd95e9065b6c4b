// The value rules of the canonical columns (record_writer.h's "Value rules"), apart from where
// the value goes: CoerceField() checks one plugin field against its column and hands the value,
// as the column stores it, to a sink. The SQLite writer's sink binds it to a statement; the
// PostgreSQL writer's appends it to a COPY line. One set of rules, so both stores accept and
// refuse the same records.
#ifndef TEMPO_HOST_STORE_FIELD_VALUE_H_
#define TEMPO_HOST_STORE_FIELD_VALUE_H_

#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <string>
#include <string_view>

#include "store/schema.h"
#include "tempo/plugin.h"
#include "tempo/text.hpp"

namespace tempo::store {
namespace field_value_internal {

inline bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    char x = a[i], y = b[i];
    if (x >= 'A' && x <= 'Z') x = static_cast<char>(x - 'A' + 'a');
    if (y >= 'A' && y <= 'Z') y = static_cast<char>(y - 'A' + 'a');
    if (x != y) return false;
  }
  return true;
}

inline bool InAllowedList(const char* allowed, std::string_view value) {
  std::string_view list(allowed);
  while (!list.empty()) {
    size_t comma = list.find(',');
    if (list.substr(0, comma) == value) return true;
    if (comma == std::string_view::npos) break;
    list.remove_prefix(comma + 1);
  }
  return false;
}

inline const char* TypeName(ColumnType t) {
  switch (t) {
    case ColumnType::kText:
      return "text";
    case ColumnType::kInteger:
      return "an integer";
    case ColumnType::kReal:
      return "a number";
    case ColumnType::kBool:
      return "a boolean";
  }
  return "?";
}

inline bool EndsWith(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

}  // namespace field_value_internal

// A value shown in a reject reason: quoted, cut at 40 characters.
inline std::string QuoteValue(std::string_view v) {
  constexpr size_t kMaxShown = 40;
  std::string s(v.substr(0, kMaxShown));
  if (v.size() > kMaxShown) s += "...";
  return "'" + s + "'";
}

// Checks field `f` against column `col` and gives its stored value to `sink`:
//   sink.Null(); sink.Text(text, in_record); sink.Int(int64_t); sink.Real(double)
// where `in_record` says the text points into the plugin's record (valid for the write) rather
// than into `scratch` (valid until the next call). Returns false with *reject set when the
// record must be refused; the sink may then have been given a value already.
template <class Sink>
bool CoerceField(const ColumnSpec& col, const tempo_field& f, std::string& scratch, Sink& sink,
                 std::string* reject) {
  using namespace field_value_internal;
  auto bad = [&](std::string_view shown) {
    *reject = "field " + QuoteValue(col.name) + ": expected " + TypeName(col.type) + ", got " +
              std::string(shown);
    return false;
  };
  std::string_view s = f.str ? std::string_view(f.str, f.str_len) : std::string_view();
  switch (f.type) {
    case TEMPO_VALUE_NULL:
      sink.Null();
      return true;
    case TEMPO_VALUE_STRING:
      if (col.type == ColumnType::kText && col.allowed && s.empty()) {
        sink.Null();  // an empty enumerated value means "not set"
        return true;
      }
      if (col.type == ColumnType::kText) {
        if (EndsWith(col.name, "domain")) {
          scratch = sdk::NormalizeDomain(s);
          sink.Text(std::string_view(scratch), false);
        } else {
          sink.Text(s, true);
        }
      } else if (s.empty()) {
        sink.Null();
      } else if (col.type == ColumnType::kInteger) {
        int64_t v = 0;
        auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
        if (ec != std::errc() || p != s.data() + s.size()) return bad(QuoteValue(s));
        sink.Int(v);
      } else if (col.type == ColumnType::kReal) {
        double v = 0;
        auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
        if (ec != std::errc() || p != s.data() + s.size() || !std::isfinite(v)) {
          return bad(QuoteValue(s));
        }
        sink.Real(v);
      } else {  // kBool
        if (s == "1" || EqualsIgnoreCase(s, "true") || EqualsIgnoreCase(s, "yes")) {
          sink.Int(int64_t{1});
        } else if (s == "0" || EqualsIgnoreCase(s, "false") || EqualsIgnoreCase(s, "no")) {
          sink.Int(int64_t{0});
        } else {
          return bad(QuoteValue(s));
        }
      }
      if (col.allowed && col.type == ColumnType::kText && !InAllowedList(col.allowed, s)) {
        *reject = "field " + QuoteValue(col.name) + ": " + QuoteValue(s) + " is not one of " +
                  col.allowed;
        return false;
      }
      return true;
    case TEMPO_VALUE_INT:
    case TEMPO_VALUE_BOOL:
      if (col.type == ColumnType::kText) {
        if (col.allowed) return bad("a number");
        scratch = f.type == TEMPO_VALUE_BOOL ? (f.int_value ? "true" : "false")
                                             : std::to_string(f.int_value);
        sink.Text(std::string_view(scratch), false);
      } else if (col.type == ColumnType::kBool && f.int_value != 0 && f.int_value != 1) {
        return bad(std::to_string(f.int_value));
      } else if (col.type == ColumnType::kReal) {
        sink.Real(static_cast<double>(f.int_value));
      } else {
        sink.Int(f.int_value);
      }
      return true;
    case TEMPO_VALUE_REAL:
      if (!std::isfinite(f.real_value)) return bad("a non-finite number");
      if (col.type == ColumnType::kReal) {
        sink.Real(f.real_value);
      } else if (col.type == ColumnType::kInteger && f.real_value == std::floor(f.real_value) &&
                 std::fabs(f.real_value) < 9e15) {
        sink.Int(static_cast<int64_t>(f.real_value));
      } else if (col.type == ColumnType::kText && !col.allowed) {
        char buf[32];
        std::snprintf(buf, sizeof buf, "%.17g", f.real_value);
        scratch = buf;
        sink.Text(std::string_view(scratch), false);
      } else {
        return bad("a number");
      }
      return true;
    default:
      return bad("value type " + std::to_string(f.type));
  }
}

}  // namespace tempo::store

#endif  // TEMPO_HOST_STORE_FIELD_VALUE_H_
