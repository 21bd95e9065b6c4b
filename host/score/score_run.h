// RunScore: one `tempo score` run. Loads the scorer plugin from the plugin path, opens a
// read-only snapshot of the store (store/score_snapshot.h) scoped to the connections whose
// latest sync succeeded, lets the plugin compute its metrics there, combines them with the
// weight profile (composite.h), and writes the run and its rows in one transaction
// (store/score_writer.h). The run row pins the plugin and model version, the as-of instant and
// window, the plugin parameters, the weights, and each connection read with its watermark or
// left out with the reason, so a score can be recomputed and compared.
#ifndef TEMPO_HOST_SCORE_SCORE_RUN_H_
#define TEMPO_HOST_SCORE_SCORE_RUN_H_

#include <array>
#include <atomic>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "common/json_writer.h"
#include "common/status.h"
#include "config/config.h"
#include "plugin/scorer.h"
#include "score/composite.h"
#include "store/score_snapshot.h"

namespace tempo::score {

struct ScoreOptions {
  std::string scorer;   // a `scorers:` name; "": the only one, or the built-in `tempo` scorer
  std::string profile;  // a weight profile; "": the scorer's `profile:`
  std::string as_of;    // "YYYY-MM-DD" (its end) or an ISO-8601 date-time; "": now
  const std::atomic<bool>* cancel = nullptr;
};

struct ScoreResult {
  int64_t run_id = 0;
  std::string scorer;
  std::string plugin;
  std::string model_version;
  std::string profile;
  std::array<double, 5> weights{};  // normalized, TEMPO order
  std::string as_of;
  std::string window_start;
  std::vector<store::ConnectionWatermark> read;
  std::vector<store::ExcludedConnection> excluded;
  std::vector<plugin::MetricRow> metrics;
  Composite composite;
  std::vector<std::string> partner_names;  // per composite.totals entry ("" for the ecosystem)
};

// The instant `--as-of TEXT` means, as UTC "YYYY-MM-DDThh:mm:ss.sssZ": a date is its last
// millisecond, a date-time is itself. InvalidArgument for anything else or a future instant.
Result<std::string> ParseAsOf(const std::string& text, int64_t now_ms);

// Checks a plugin's metric rows against the values the store allows; the first problem, as one
// sentence naming the metric, otherwise Ok.
Status CheckMetrics(const std::vector<plugin::MetricRow>& metrics, const std::string& scorer);

// The scorer `name` of the config (see ScoreOptions::scorer).
Result<config::ScorerConfig> ChooseScorer(const config::Config& config, const std::string& name);

// Writes `value` as a JSON number with 10 significant digits (0.15, not 0.14999999999999999);
// null when it is not finite.
void WriteNumber(JsonWriter& w, double value);
// The same for a value that may be missing: null when there is none.
void WriteNumber(JsonWriter& w, const std::optional<double>& value);

Result<ScoreResult> RunScore(const config::Config& config,
                             const std::vector<std::string>& plugin_folders,
                             const ScoreOptions& options);

}  // namespace tempo::score

#endif  // TEMPO_HOST_SCORE_SCORE_RUN_H_
