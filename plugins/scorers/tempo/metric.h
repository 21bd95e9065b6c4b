// Building metric rows: scope and partner, evidence (deduplicated), the two non-ok statuses
// with their explanation, and the ecosystem mean of a per-partner metric. Shared by the five
// dimension files.
#ifndef TEMPO_PLUGINS_SCORERS_TEMPO_METRIC_H_
#define TEMPO_PLUGINS_SCORERS_TEMPO_METRIC_H_

#include <string>
#include <vector>

#include "config.h"
#include "derived.h"
#include "facts.h"
#include "tempo/scorer.hpp"

namespace tempo::scorer {

// What every dimension's metrics are computed from, and where they go.
struct Scoring {
  const Facts& facts;
  const Derived& derived;
  const Params& params;
  std::vector<sdk::Metric>* out;
};

// A new row for metric `code` of `dimension` ("T", ...), about `partner` (nullptr: the
// ecosystem).
sdk::Metric NewMetric(const char* code, const char* dimension, const Partner* partner);

// Adds `ref` as evidence with `role`; a record already listed with that role is not repeated.
void AddEvidence(sdk::Metric& m, const char* role, const Ref& ref);

// Adds `ref` as evidence of a population every partner's row of the metric shares (a share's
// total, a lift's control group): on the ecosystem row (`p` kNone) only. Listed once per
// partner it made the store grow as partners x records (docs/scoring.md, "Evidence"); a
// partner's control group is the ecosystem row's records less the partner's `treated` ones.
void AddSharedEvidence(sdk::Metric& m, size_t p, const char* role, const Ref& ref);

// Marks the row "missing_source" (the store has no table or column to compute it from) or
// "insufficient_data" (too few records), with `why` as its explanation; numbers stay empty.
void MissingSource(sdk::Metric& m, const std::string& why);
void InsufficientData(sdk::Metric& m, const std::string& why);

// The partner as explanations name it.
std::string Label(const Partner& p);

// "Acme's", "Beta Partners'": the partner as an owner.
std::string Possessive(const Partner& p);

// "in the 365 days to 2026-12-07": the window in words.
std::string WindowText(const Facts& f);

// Ends a row: sorts and deduplicates its evidence, appends it to s.out. A row about a partner
// not scored yet (Derived::too_new) becomes insufficient data, saying why, without evidence.
void Emit(const Scoring& s, sdk::Metric m);

// Normalizes the ok rows of a per-partner share as their percentile rank among the partners
// scored (raw_value compared; a partner at 0 scores 0, there is nothing to rank it for), and
// says so in their explanation. `rows` are the partner rows, in partner order.
void RankAmongPartners(const Scoring& s, std::vector<sdk::Metric>& rows);

// The ecosystem row of a metric the model defines per partner only: the mean over the active,
// scored partners whose row is ok. `rows` are the partner rows, in partner order.
void EmitEcosystemMean(const Scoring& s, const char* code, const char* dimension, const char* what,
                       const std::vector<sdk::Metric>& rows);

}  // namespace tempo::scorer

#endif  // TEMPO_PLUGINS_SCORERS_TEMPO_METRIC_H_
