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

void AddSharedEvidence(sdk::Metric& m, size_t p, const char* role, const Ref& ref) {
  if (p == kNone) AddEvidence(m, role, ref);
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

namespace {

// A partner not scored yet: its row says so, keeping what it would have said.
void NotScoredYet(const Scoring& s, sdk::Metric& m) {
  const Facts& f = s.facts;
  size_t p = 0;
  while (p < f.partners.size() && f.partners[p].key != m.partner_key) ++p;
  if (p == f.partners.size() || !s.derived.too_new[p] || m.status == "missing_source") return;
  const int64_t since = *f.partners[p].since;
  std::string so_far = m.explanation;
  const std::string prefix = "insufficient data: ";
  if (so_far.rfind(prefix, 0) == 0) so_far.erase(0, prefix.size());
  m.status = "insufficient_data";
  m.normalized = sdk::Metric::kNone;
  m.raw_value = sdk::Metric::kNone;
  m.numerator = sdk::Metric::kNone;
  m.denominator = sdk::Metric::kNone;
  m.confidence = sdk::Metric::kNone;
  m.evidence.clear();
  m.explanation = "insufficient data: " + Label(f.partners[p]) + " became a partner on " +
                  Date(since) + ", " + std::to_string((f.as_of - since) / sdk::kDayMs) +
                  " days before " + Date(f.as_of) +
                  "; a partner is scored once its partnership "
                  "is " +
                  std::to_string(s.params.min_partner_days) + " days old" +
                  (so_far.empty() ? "" : " (so far: " + so_far + ")");
}

}  // namespace

void Emit(const Scoring& s, sdk::Metric m) {
  if (m.scope == "partner") NotScoredYet(s, m);
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

void RankAmongPartners(const Scoring& s, std::vector<sdk::Metric>& rows) {
  const auto ranked = [&](size_t p) { return rows[p].status == "ok" && !s.derived.too_new[p]; };
  std::vector<double> values;
  for (size_t p = 0; p < rows.size(); ++p) {
    if (ranked(p)) values.push_back(rows[p].raw_value);
  }
  const std::vector<double> ranks = PercentileRanks(values);
  size_t i = 0;
  for (size_t p = 0; p < rows.size(); ++p) {
    sdk::Metric& m = rows[p];
    if (!ranked(p)) continue;
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
    if (rows[p].status != "ok" || s.derived.too_new[p]) continue;
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
