// Metric row helpers.
#include "metric.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <tuple>

#include "stats.h"

namespace tempo::scorer {

sdk::Metric NewMetric(const char* code, const char* dimension, const Partner* partner) {
  sdk::Metric m;
  m.metric = code;
  m.dimension = dimension;
  if (partner != nullptr) {
    m.scope = "partner";
    m.partner_connection = partner->row.connection;
    m.partner_id = partner->row.source_id;
    m.partner_key = partner->key;
  }
  return m;
}

void AddEvidence(sdk::Metric& m, const char* role, const Ref& ref) {
  m.evidence.push_back({role, ref.entity, ref.connection, ref.source_id});
}

void MissingSource(sdk::Metric& m, const std::string& why) {
  m.status = "missing_source";
  m.explanation = why;
  m.normalized = sdk::Metric::kNone;
  m.evidence.clear();
}

void InsufficientData(sdk::Metric& m, const std::string& why) {
  m.status = "insufficient_data";
  m.explanation = "insufficient data: " + why;
  m.normalized = sdk::Metric::kNone;
}

std::string Label(const Partner& p) { return p.name.empty() ? p.key : p.name; }

std::string Possessive(const Partner& p) {
  const std::string name = Label(p);
  return name + (!name.empty() && (name.back() == 's' || name.back() == 'S') ? "'" : "'s");
}

std::string WindowText(const Facts& f) {
  const int64_t days = (f.as_of - f.window_start + sdk::kDayMs / 2) / sdk::kDayMs;
  return "in the " + std::to_string(days) + " days to " + Date(f.as_of);
}

void Emit(const Scoring& s, sdk::Metric m) {
  auto key = [](const sdk::Evidence& e) {
    return std::tie(e.role, e.entity, e.connection, e.source_id);
  };
  std::sort(m.evidence.begin(), m.evidence.end(),
            [&](const sdk::Evidence& a, const sdk::Evidence& b) { return key(a) < key(b); });
  m.evidence.erase(
      std::unique(m.evidence.begin(), m.evidence.end(),
                  [&](const sdk::Evidence& a, const sdk::Evidence& b) { return key(a) == key(b); }),
      m.evidence.end());
  s.out->push_back(std::move(m));
}

void RankAmongPartners(std::vector<sdk::Metric>& rows) {
  std::vector<double> values;
  for (const sdk::Metric& m : rows) {
    if (m.status == "ok") values.push_back(m.raw_value);
  }
  const std::vector<double> ranks = PercentileRanks(values);
  size_t i = 0;
  for (sdk::Metric& m : rows) {
    if (m.status != "ok") continue;
    const double rank = ranks[i++];
    m.normalization = "percentile among " + std::to_string(values.size()) + " partners; 0 at 0";
    if (m.raw_value <= 0) {
      m.normalized = 0;
      m.explanation += "; none, so 0";
      continue;
    }
    m.normalized = rank;
    char buf[64];
    std::snprintf(buf, sizeof buf, "; percentile %.0f among %zu partners", rank, values.size());
    m.explanation += buf;
  }
}

void EmitEcosystemMean(const Scoring& s, const char* code, const char* dimension, const char* what,
                       const std::vector<sdk::Metric>& rows) {
  sdk::Metric m = NewMetric(code, dimension, nullptr);
  double sum_normalized = 0, sum_raw = 0, sum_confidence = 0;
  int64_t n = 0, active = 0;
  bool missing = !rows.empty();
  for (size_t p = 0; p < rows.size(); ++p) {
    if (rows[p].status != "missing_source") missing = false;
    if (!s.derived.active[p]) continue;
    ++active;
    if (rows[p].status != "ok") continue;
    ++n;
    sum_normalized += rows[p].normalized;
    sum_raw += rows[p].raw_value;
    sum_confidence += std::isnan(rows[p].confidence) ? 1 : rows[p].confidence;
    for (const sdk::Evidence& e : rows[p].evidence) m.evidence.push_back(e);
  }
  m.normalization = "mean over active partners";
  if (missing || rows.empty()) {
    MissingSource(m, rows.empty() ? std::string("no partner to average: the store has no partner")
                                  : rows[0].explanation);
  } else if (n == 0) {
    InsufficientData(m, std::string("no active partner has a ") + what + " score (" +
                            Count(active, "active partner", "active partners") + " " +
                            WindowText(s.facts) + ")");
    m.n = 0;
  } else {
    m.numerator = sum_normalized;
    m.denominator = static_cast<double>(n);
    m.raw_value = sum_raw / static_cast<double>(n);
    m.normalized = sum_normalized / static_cast<double>(n);
    m.confidence = sum_confidence / static_cast<double>(n);
    m.n = n;
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.0f", m.normalized);
    m.explanation = std::string(what) + " averages " + buf + " over " +
                    Count(n, "active partner", "active partners") + " with a score (of " +
                    std::to_string(active) + " active " + WindowText(s.facts) + ")";
  }
  Emit(s, std::move(m));
}

}  // namespace tempo::scorer
