// WriteScoreRun: one score run's rows (score_run, score_metric, score_evidence, score_dimension,
// score_total) in one write transaction, so a reader sees a run whole or not at all. The rows
// are immutable afterwards; docs/store-schema.md describes every column.
#ifndef TEMPO_HOST_STORE_SCORE_WRITER_H_
#define TEMPO_HOST_STORE_SCORE_WRITER_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "common/status.h"
#include "plugin/scorer.h"
#include "store/sqlite.h"

namespace tempo::store {

struct ScoreRunRecord {
  std::string plugin;
  std::string model_version;
  std::string scorer;  // the tempo.yaml entry's name
  std::string computed_at;
  std::string as_of;
  std::string window_start;
  std::string window_end;
  std::string profile;
  std::string weights_json;
  std::string params_json;
  std::string watermarks_json;
  std::string excluded_json;
};

// Who a score row is about: the ecosystem (all empty) or one resolved partner.
struct ScoreSubject {
  std::string scope;  // "ecosystem" or "partner"
  std::string connection;
  std::string partner_source_id;
  std::string partner_key;
};

struct DimensionScore {
  ScoreSubject subject;
  std::string dimension;
  std::optional<double> value, confidence, coverage;
};

struct TotalScore {
  ScoreSubject subject;
  std::optional<double> tempo, confidence, coverage;
};

// Writes the run and its rows; returns the new score_run.id. Nothing is written on failure.
Result<int64_t> WriteScoreRun(Db& db, const ScoreRunRecord& run,
                              const std::vector<plugin::MetricRow>& metrics,
                              const std::vector<DimensionScore>& dimensions,
                              const std::vector<TotalScore>& totals);

}  // namespace tempo::store

#endif  // TEMPO_HOST_STORE_SCORE_WRITER_H_
