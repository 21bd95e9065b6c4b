// Scorer: the host's C++ face of one open scorer instance.
//
// Wraps open/score/close of a loaded scorer plugin. During score() the plugin's queries go to a
// ScoreSource (the store stage's read-only snapshot) and its metric rows are copied into host
// memory, size-checked per the ABI version the plugin was built with: a 1.2 scorer's metrics
// have no evidence, partner connection or key. Not thread-safe: one call at a time.
#ifndef TEMPO_HOST_PLUGIN_SCORER_H_
#define TEMPO_HOST_PLUGIN_SCORER_H_

#include <atomic>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"
#include "plugin/host_api.h"
#include "plugin/loader.h"

namespace tempo::plugin {

// One record behind a metric, as the plugin named it.
struct EvidenceRow {
  std::string role;
  std::string entity;
  std::string connection;
  std::string source_id;
};

// One metric row as the plugin emitted it. Numbers the plugin left NaN are nullopt.
struct MetricRow {
  std::string scope;
  std::string partner_connection;  // "" for ecosystem scope or a 1.2 scorer
  std::string partner_id;
  std::string partner_key;
  std::string dimension;
  std::string metric;
  std::string status;
  std::string explanation;
  std::string normalization;
  std::optional<double> numerator, denominator, raw_value, normalized, weight, confidence;
  int64_t n = 0;
  std::vector<EvidenceRow> evidence;
};

// What a scorer's queries read: implemented by the store stage over one snapshot.
class ScoreSource {
 public:
  virtual ~ScoreSource() = default;
  // Runs one read-only statement with `params` bound as text (nullopt: NULL), calling `on_row`
  // per row with a tempo_row whose memory is valid during the call. On failure sets the call's
  // error on `ctx` and returns the code.
  virtual tempo_status Query(tempo_ctx& ctx, std::string_view sql,
                             const std::vector<std::optional<std::string_view>>& params,
                             tempo_row_fn on_row, void* user) = 0;
};

// The run's time frame, as ISO-8601 UTC texts handed to the plugin.
struct ScoreTimes {
  std::string as_of;
  std::string window_start;
};

class Scorer {
 public:
  // Opens an instance of `plugin` (a scorer) with its rendered config JSON; `label` names the
  // scorer in messages.
  static Result<std::unique_ptr<Scorer>> Open(const Plugin& plugin, std::string_view label,
                                              std::string_view config_json);
  ~Scorer();
  Scorer(const Scorer&) = delete;
  Scorer& operator=(const Scorer&) = delete;

  // Calls score(); returns the metric rows in the order the plugin emitted them.
  Result<std::vector<MetricRow>> Score(ScoreSource& source, const ScoreTimes& times,
                                       const std::atomic<bool>* cancel);

  const Plugin& plugin() const { return plugin_; }

 private:
  Scorer(const Plugin& plugin, std::string label, tempo_instance* instance)
      : plugin_(plugin), label_(std::move(label)), instance_(instance) {}

  const Plugin& plugin_;
  std::string label_;
  tempo_instance* instance_;
};

}  // namespace tempo::plugin

#endif  // TEMPO_HOST_PLUGIN_SCORER_H_
