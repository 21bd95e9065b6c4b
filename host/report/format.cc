// Value formatting shared by the renderers.
#include "report/format.h"

#include <cmath>
#include <cstdio>

namespace tempo::report {

std::string Points(const std::optional<double>& value, const std::string& missing) {
  if (!value || !std::isfinite(*value)) return missing;
  const double rounded = std::round(*value);
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.0f", rounded == 0 ? 0.0 : rounded);
  return buf;
}

std::string SignedPoints(const std::optional<double>& delta, const std::string& missing) {
  if (!delta || !std::isfinite(*delta)) return missing;
  const double rounded = std::round(*delta);
  if (rounded == 0) return "0";
  char buf[32];
  std::snprintf(buf, sizeof buf, "%+.0f", rounded);
  return buf;
}

std::string Fraction(const std::optional<double>& value, const std::string& missing) {
  if (!value || !std::isfinite(*value)) return missing;
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.2f", *value);
  return buf;
}

std::string Percent(double fraction) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.0f%%", fraction * 100);
  return buf;
}

std::string Compact(double value) {
  char buf[48];
  if (value == std::floor(value) && std::fabs(value) < 1e15) {
    std::snprintf(buf, sizeof buf, "%.0f", value == 0 ? 0.0 : value);
  } else if (std::fabs(value) >= 1000) {
    std::snprintf(buf, sizeof buf, "%.0f", value);
  } else {
    std::snprintf(buf, sizeof buf, "%.3g", value);
  }
  return buf;
}

std::string Exact(double value) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.10g", value);
  return buf;
}

std::string StatusLabel(const std::string& status) {
  if (status == "insufficient_data") return kInsufficient;
  if (status == "missing_source") return "missing source";
  return status;
}

std::string DimensionName(size_t index) {
  static const char* const kNames[kDimensionCount] = {"Trust", "Embedded", "Monetizing", "Product",
                                                      "Outside-in"};
  return index < kDimensionCount ? kNames[index] : "";
}

std::string Day(const std::string& instant) { return instant.substr(0, 10); }

size_t Characters(std::string_view text) {
  size_t n = 0;
  for (char c : text) n += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  return n;
}

std::string Shorten(std::string_view text, size_t max_chars) {
  if (Characters(text) <= max_chars) return std::string(text);
  const size_t keep_chars = max_chars > 3 ? max_chars - 3 : 0;
  size_t keep = 0;
  for (size_t chars = 0; keep < text.size(); ++keep) {
    const bool starts_char = (static_cast<unsigned char>(text[keep]) & 0xC0) != 0x80;
    if (starts_char && ++chars > keep_chars) break;
  }
  return std::string(text.substr(0, keep)) + "...";
}

std::string EvidenceLabel(const EvidenceRecord& record) {
  return record.table + " " + record.connection + "/" + record.source_id;
}

std::string MetricNumbers(const Metric& metric) {
  std::string out;
  const auto add = [&out](const std::string& part) { out += (out.empty() ? "" : ", ") + part; };
  if (metric.numerator && metric.denominator) {
    add(Compact(*metric.numerator) + " / " + Compact(*metric.denominator));
  }
  // A metric without a source has no sample, whatever n its scorer wrote.
  if (metric.n && metric.status != "missing_source") add("n " + std::to_string(*metric.n));
  if (metric.confidence) add("confidence " + Fraction(metric.confidence));
  return out;
}

}  // namespace tempo::report
