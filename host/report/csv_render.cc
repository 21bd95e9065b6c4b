// The CSV report: one table in long form, for spreadsheets and BI tools that pivot. One row per
// subject (the ecosystem, then the partners by rank) and measure: its composite (level tempo),
// its five dimensions (level dimension) and its metrics (level metric); partners scored in the
// previous run but not in this one follow as status `dropped`. Numbers in full precision, empty
// when there is none (never 0 for "insufficient data"); RFC 4180 quoting.
#include <string>
#include <vector>

#include "config/weights.h"
#include "report/format.h"
#include "report/render.h"

namespace tempo::report {
namespace {

constexpr const char* kHeader =
    "run_id,as_of,scope,rank,partner,partner_key,level,code,dimension,status,score,"
    "previous_score,change,numerator,denominator,n,raw_value,confidence,coverage,"
    "evidence_count,explanation";

std::string Quote(const std::string& field) {
  if (field.find_first_of(",\"\r\n") == std::string::npos) return field;
  std::string out = "\"";
  for (char c : field) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

std::string Value(const std::optional<double>& v) { return v ? Exact(*v) : ""; }

struct Row {
  std::string level, code, dimension, status;
  std::optional<double> score, previous, change, numerator, denominator, raw, confidence, coverage;
  std::optional<int64_t> n, evidence;
  std::string explanation;
};

class CsvWriter {
 public:
  CsvWriter(const Report& report, std::ostream& out) : report_(report), out_(out) {}

  void Subject(const Scores& s, const Change& c, const std::vector<Metric>& metrics) {
    Row total;
    total.level = "tempo";
    total.code = "TEMPO";
    total.status = !s.tempo ? "insufficient_data" : s.partial ? "partial" : "ok";
    total.score = s.tempo;
    total.previous = c.previous_tempo;
    total.change = c.tempo;
    total.confidence = s.confidence;
    total.coverage = s.coverage;
    Write(s, total);
    for (size_t d = 0; d < kDimensionCount; ++d) {
      Row dim;
      dim.level = "dimension";
      dim.code = dim.dimension = std::string(config::kDimensionCodes[d]);
      dim.status = s.dimensions[d] ? "ok" : "insufficient_data";
      dim.score = s.dimensions[d];
      dim.previous = c.previous_dimensions[d];
      dim.change = c.dimensions[d];
      Write(s, dim);
    }
    for (const Metric& m : metrics) {
      Row row;
      row.level = "metric";
      row.code = m.code;
      row.dimension = m.dimension;
      row.status = m.status;
      row.score = m.normalized;
      row.numerator = m.numerator;
      row.denominator = m.denominator;
      row.raw = m.raw_value;
      row.confidence = m.confidence;
      row.n = m.n;
      row.evidence = m.evidence_count;
      row.explanation = m.explanation;
      Write(s, row);
    }
  }

  void Dropped(const Scores& s) {
    Row row;
    row.level = "tempo";
    row.code = "TEMPO";
    row.status = "dropped";
    row.previous = s.tempo;
    Scores shown = s;
    shown.rank.reset();
    Write(shown, row);
  }

 private:
  void Write(const Scores& s, const Row& row) {
    const std::vector<std::string> fields = {
        std::to_string(report_.run.id),
        report_.run.as_of,
        s.scope,
        s.rank ? std::to_string(*s.rank) : "",
        s.name,
        s.partner_key,
        row.level,
        row.code,
        row.dimension,
        row.status,
        Value(row.score),
        Value(row.previous),
        Value(row.change),
        Value(row.numerator),
        Value(row.denominator),
        row.n ? std::to_string(*row.n) : "",
        Value(row.raw),
        Value(row.confidence),
        Value(row.coverage),
        row.evidence ? std::to_string(*row.evidence) : "",
        row.explanation,
    };
    std::string line;
    for (size_t i = 0; i < fields.size(); ++i) line += (i ? "," : "") + Quote(fields[i]);
    out_ << line << "\r\n";
  }

  const Report& report_;
  std::ostream& out_;
};

}  // namespace

void RenderCsv(const Report& report, std::ostream& out) {
  out << kHeader << "\r\n";
  CsvWriter csv(report, out);
  csv.Subject(report.ecosystem.scores, report.ecosystem.change, report.ecosystem.metrics);
  for (const Subject& p : report.partners) csv.Subject(p.scores, p.change, p.metrics);
  for (const Scores& d : report.dropped) csv.Dropped(d);
}

}  // namespace tempo::report
