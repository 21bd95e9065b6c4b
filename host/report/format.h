// How the report writes its values, the same in every format: scores rounded to whole points,
// changes signed, fractions with two decimals, the status of a metric in words. A value that
// could not be computed is written as the caller chooses ("insufficient data", "-", an empty
// CSV field, JSON null), never as 0.
#ifndef TEMPO_HOST_REPORT_FORMAT_H_
#define TEMPO_HOST_REPORT_FORMAT_H_

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "report/model.h"

namespace tempo::report {

// What a missing score is called in words.
inline constexpr const char* kInsufficient = "insufficient data";

// A 0-100 score as a whole number ("46"), or `missing`.
std::string Points(const std::optional<double>& value, const std::string& missing = "-");

// A change in points, signed: "+3", "-12", "0"; `missing` when there is none.
std::string SignedPoints(const std::optional<double>& delta, const std::string& missing = "");

// A 0-1 fraction with two decimals ("0.85"), or `missing`.
std::string Fraction(const std::optional<double>& value, const std::string& missing = "-");

// A weight as a percentage ("15%").
std::string Percent(double fraction);

// A measured number as a person reads it: whole numbers without decimals ("4000"), others to
// three significant digits ("0.325", "55.6").
std::string Compact(double value);

// A number in full (10 significant digits), for CSV and JSON.
std::string Exact(double value);

// ok, insufficient_data, missing_source -> "ok", "insufficient data", "missing source".
std::string StatusLabel(const std::string& status);

// "Trust", "Embedded", "Monetizing", "Product", "Outside-in" for 0..4.
std::string DimensionName(size_t index);

// The date part of an ISO-8601 instant ("2026-06-30").
std::string Day(const std::string& instant);

// `text` cut to at most `max_chars` characters (UTF-8 code points), ending "..." when cut.
std::string Shorten(std::string_view text, size_t max_chars);

// Characters (UTF-8 code points) in `text`.
size_t Characters(std::string_view text);

// "opportunity crm/O1".
std::string EvidenceLabel(const EvidenceRecord& record);

// A metric's numbers in one line: "1 / 4, n 5, confidence 0.71" (parts it has).
std::string MetricNumbers(const Metric& metric);

}  // namespace tempo::report

#endif  // TEMPO_HOST_REPORT_FORMAT_H_
