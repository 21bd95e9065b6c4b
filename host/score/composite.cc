// Combine(): the dimension and composite rule of composite.h.
#include "score/composite.h"

#include <string>

#include "config/weights.h"

namespace tempo::score {
namespace {

// A partner is grouped by its cross-source key; a scorer older than ABI 1.3 gives none, and
// then by its partner row.
std::string GroupKey(const store::ScoreSubject& s) {
  if (s.scope != "partner") return "";
  if (!s.partner_key.empty()) return "k:" + s.partner_key;
  return "r:" + s.connection + "\n" + s.partner_source_id;
}

}  // namespace

store::ScoreSubject SubjectOf(const plugin::MetricRow& m) {
  if (m.scope != "partner") return {"ecosystem", "", "", ""};
  return {"partner", m.partner_connection, m.partner_id, m.partner_key};
}

Composite Combine(const std::vector<plugin::MetricRow>& metrics,
                  const std::array<double, 5>& weights) {
  // Subjects in order of first appearance, the ecosystem always first.
  std::vector<store::ScoreSubject> subjects{{"ecosystem", "", "", ""}};
  std::vector<std::string> keys{""};
  std::vector<std::vector<const plugin::MetricRow*>> rows(1);
  for (const plugin::MetricRow& m : metrics) {
    store::ScoreSubject subject = SubjectOf(m);
    const std::string key = GroupKey(subject);
    size_t i = 0;
    while (i < keys.size() && keys[i] != key) ++i;
    if (i == keys.size()) {
      subjects.push_back(subject);
      keys.push_back(key);
      rows.emplace_back();
    }
    rows[i].push_back(&m);
  }

  Composite out;
  for (size_t s = 0; s < subjects.size(); ++s) {
    double weighted = 0, weight_available = 0, confidence = 0;
    for (size_t d = 0; d < config::kDimensionCodes.size(); ++d) {
      int defined = 0, ok = 0;
      double sum = 0, sum_weights = 0, sum_confidence = 0;
      for (const plugin::MetricRow* m : rows[s]) {
        if (m->dimension != config::kDimensionCodes[d]) continue;
        ++defined;
        if (m->status != "ok" || !m->normalized) continue;
        ++ok;
        const double w = m->weight && *m->weight > 0 ? *m->weight : 1.0;
        sum += w * *m->normalized;
        sum_weights += w;
        sum_confidence += m->confidence ? *m->confidence : 1.0;
      }
      store::DimensionScore dim{subjects[s], std::string(config::kDimensionCodes[d]), std::nullopt,
                                std::nullopt, 0.0};
      if (defined > 0) dim.coverage = static_cast<double>(ok) / defined;
      if (ok > 0) {
        dim.value = sum / sum_weights;
        dim.confidence = sum_confidence / ok * *dim.coverage;
        weighted += weights[d] * *dim.value;
        weight_available += weights[d];
        confidence += weights[d] * *dim.confidence;
      } else {
        dim.confidence = 0.0;
      }
      out.dimensions.push_back(std::move(dim));
    }
    store::TotalScore total{subjects[s], std::nullopt, confidence, weight_available};
    if (weight_available > 0) total.tempo = weighted / weight_available;
    out.totals.push_back(std::move(total));
  }
  return out;
}

}  // namespace tempo::score
