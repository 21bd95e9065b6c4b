// Combining metrics into dimension scores and the TEMPO composite (docs/scoring.md,
// "How the scores are combined"). The same rule for every scorer, so scores of different
// scorers and runs compare:
//  - a dimension's value is the weighted mean of its metrics' normalized values whose status is
//    ok (a metric's weight within its dimension; 0 counts as 1);
//  - its coverage is the share of its metrics that are ok, and its confidence the mean
//    confidence of those metrics times that coverage;
//  - the composite is the profile-weighted mean of the dimensions that have a value, its
//    coverage the total (normalized) weight of those dimensions, and its confidence the
//    weighted sum of the dimensions' confidences (a dimension without a value counts 0), so it
//    says how much of the score rests on data. Below coverage 0.6 a composite is partial.
// Pure functions: no I/O.
#ifndef TEMPO_HOST_SCORE_COMPOSITE_H_
#define TEMPO_HOST_SCORE_COMPOSITE_H_

#include <array>
#include <vector>

#include "plugin/scorer.h"
#include "store/score_writer.h"

namespace tempo::score {

// Below this coverage a composite is reported as partial.
inline constexpr double kPartialCoverage = 0.6;

struct Composite {
  std::vector<store::DimensionScore> dimensions;  // five per subject, in TEMPO order
  std::vector<store::TotalScore> totals;          // one per subject: ecosystem first, then
                                                  // partners in the order they first appear
};

// `weights` in TEMPO order, normalized to sum 1.
Composite Combine(const std::vector<plugin::MetricRow>& metrics,
                  const std::array<double, 5>& weights);

// The subject a metric row is about.
store::ScoreSubject SubjectOf(const plugin::MetricRow& metric);

}  // namespace tempo::score

#endif  // TEMPO_HOST_SCORE_COMPOSITE_H_
