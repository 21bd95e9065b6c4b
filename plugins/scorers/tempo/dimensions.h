// The five TEMPO dimensions: each function computes its dimension's metrics for every partner
// and for the ecosystem and appends the rows to s.out. docs/scoring.md describes every metric.
#ifndef TEMPO_PLUGINS_SCORERS_TEMPO_DIMENSIONS_H_
#define TEMPO_PLUGINS_SCORERS_TEMPO_DIMENSIONS_H_

#include "metric.h"

namespace tempo::scorer {

void TrustMetrics(const Scoring& s);       // trust.cc: T1-T4
void EmbeddedMetrics(const Scoring& s);    // embedded.cc: E1-E4
void MonetizingMetrics(const Scoring& s);  // monetizing.cc: M1-M4
void ProductMetrics(const Scoring& s);     // product.cc: P1-P4
void OutsideInMetrics(const Scoring& s);   // outside_in.cc: O1-O3

// Every metric, in dimension order.
inline void AllMetrics(const Scoring& s) {
  TrustMetrics(s);
  EmbeddedMetrics(s);
  MonetizingMetrics(s);
  ProductMetrics(s);
  OutsideInMetrics(s);
}

}  // namespace tempo::scorer

#endif  // TEMPO_PLUGINS_SCORERS_TEMPO_DIMENSIONS_H_
