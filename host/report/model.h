// The report of one score run as plain data: what every renderer (text, CSV, JSON, HTML) shows,
// nothing more. LoadReport (load.h) builds it from the store's score views; the renderers only
// format it. A value that could not be computed is an empty optional everywhere ("insufficient
// data"), never 0.
#ifndef TEMPO_HOST_REPORT_MODEL_H_
#define TEMPO_HOST_REPORT_MODEL_H_

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace tempo::report {

// The five TEMPO dimensions, in TEMPO order (T, E, M, P, O).
inline constexpr size_t kDimensionCount = 5;
using DimensionValues = std::array<std::optional<double>, kDimensionCount>;

struct ReadConnection {
  std::string connection;
  int64_t sync_run_id = 0;  // its latest sync run, which succeeded
};

struct ExcludedConnection {
  std::string connection;
  std::string reason;
};

// A score run's record (score_run).
struct RunInfo {
  int64_t id = 0;
  std::string scorer;
  std::string plugin;
  std::string model_version;
  std::string profile;
  std::string computed_at;
  std::string as_of;  // the instant scored (computed_at for runs that predate --as-of)
  std::string window_start;
  std::array<std::optional<double>, kDimensionCount> weights;  // normalized; none: not recorded
  double partial_below = 0.6;  // a composite with less coverage is partial
  std::vector<ReadConnection> read;
  std::vector<ExcludedConnection> excluded;
};

// One row of v_partner_scores: a partner's (or the ecosystem's) composite and dimensions.
struct Scores {
  std::string scope;              // "ecosystem" or "partner"
  std::string partner_key;        // "" for the ecosystem
  std::string name;               // display name; "ecosystem" for the ecosystem
  std::string connection;         // the partner row that stands for the partner
  std::string partner_source_id;  //
  std::optional<int64_t> rank;    // 1 = best; none for the ecosystem and unscored partners
  std::optional<double> tempo;
  std::optional<double> coverage;
  std::optional<double> confidence;
  DimensionValues dimensions;
  bool partial = false;  // coverage below the run's partial_below
};

// One evidence record of a metric.
struct EvidenceRecord {
  std::string role;  // numerator, denominator, treated, control
  std::string table;
  std::string connection;
  std::string source_id;
};

// One row of v_score_explanations, with the way into its evidence.
struct Metric {
  std::string dimension;  // T, E, M, P or O
  std::string code;       // T1, M2, ...
  std::string status;     // ok, insufficient_data, missing_source
  std::optional<double> numerator;
  std::optional<double> denominator;
  std::optional<double> raw_value;
  std::optional<double> normalized;
  std::optional<double> confidence;
  std::optional<int64_t> n;
  std::string normalization;
  std::string explanation;
  int64_t evidence_count = 0;
  std::vector<EvidenceRecord> evidence;  // the first few (numerators and treated first)
  std::string evidence_sql;              // the query against v_score_evidence that lists all
};

// What changed since the previous run of the same scorer and profile.
struct Change {
  bool compared = false;  // there is a previous run
  bool is_new = false;    // compared, and not in the previous run
  std::optional<double> previous_tempo;
  std::optional<int64_t> previous_rank;
  DimensionValues previous_dimensions;
  std::optional<double> tempo;  // current minus previous; none when either has no value
  DimensionValues dimensions;   // likewise per dimension
};

// A partner (or the ecosystem) with everything the report says about it.
struct Subject {
  Scores scores;
  std::vector<Metric> metrics;  // in TEMPO order, then by code
  Change change;
};

// The composite across the score runs of the same scorer and profile, up to the report's run.
struct TrendRun {
  int64_t run_id = 0;
  std::string as_of;
};
struct TrendSeries {
  std::string name;                          // "ecosystem" or the partner's display name
  std::string partner_key;                   // "" for the ecosystem
  std::vector<std::optional<double>> tempo;  // one per trend run
};

struct Report {
  RunInfo run;
  std::optional<RunInfo> previous;  // the run compared with, if any
  Subject ecosystem;
  std::vector<Subject> partners;     // by rank, unscored partners last (by name)
  std::vector<Scores> dropped;       // scored in the previous run, not in this one
  std::vector<TrendRun> trend_runs;  // oldest first; the report's run last
  std::vector<TrendSeries> trend;    // the ecosystem first, then the report's partners
  int64_t partners_in_run = 0;       // partners the run scored (before any --partner filter)
  std::string partner_filter;        // the --partner the report was narrowed with, if any
};

}  // namespace tempo::report

#endif  // TEMPO_HOST_REPORT_MODEL_H_
