// RunScore and its helpers.
#include "score/score_run.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>

#include "common/json_writer.h"
#include "common/log.h"
#include "store/schema.h"
#include "store/score_writer.h"
#include "store/store.h"
#include "tempo/time.hpp"

namespace tempo::score {
namespace {

bool OneOf(std::string_view value, std::initializer_list<std::string_view> allowed) {
  return std::find(allowed.begin(), allowed.end(), value) != allowed.end();
}

std::string Describe(const plugin::MetricRow& m) {
  std::string who = m.scope == "partner"
                        ? " for partner " + (m.partner_key.empty() ? m.partner_id : m.partner_key)
                        : " for the ecosystem";
  return "metric '" + m.metric + "'" + who;
}

}  // namespace

void WriteNumber(JsonWriter& w, double value) {
  if (!std::isfinite(value)) {
    w.Null();
    return;
  }
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.10g", value);
  w.Raw(buf);
}

void WriteNumber(JsonWriter& w, const std::optional<double>& value) {
  if (value) {
    WriteNumber(w, *value);
  } else {
    w.Null();
  }
}

namespace {

std::string WeightsJson(const std::array<double, 5>& weights) {
  JsonWriter w;
  w.BeginObject();
  for (size_t d = 0; d < weights.size(); ++d) {
    w.Key(config::kDimensionCodes[d]);
    WriteNumber(w, weights[d]);
  }
  w.EndObject();
  return w.Take();
}

std::string WatermarksJson(const std::vector<store::ConnectionWatermark>& read) {
  JsonWriter w;
  w.BeginObject();
  for (const store::ConnectionWatermark& c : read) {
    w.Key(c.connection).BeginObject();
    w.Key("sync_run_id").Int(c.sync_run_id).Key("finished_at").String(c.finished_at);
    w.Key("max_source_updated_at");
    if (c.max_source_updated_at.empty()) {
      w.Null();
    } else {
      w.String(c.max_source_updated_at);
    }
    w.EndObject();
  }
  w.EndObject();
  return w.Take();
}

std::string ExcludedJson(const std::vector<store::ExcludedConnection>& excluded) {
  JsonWriter w;
  w.BeginArray();
  for (const store::ExcludedConnection& c : excluded) {
    w.BeginObject().Key("connection").String(c.connection).Key("last_run_id");
    if (c.last_run_id) {
      w.Int(*c.last_run_id);
    } else {
      w.Null();
    }
    w.Key("last_status").String(c.last_status).Key("reason").String(c.reason).EndObject();
  }
  w.EndArray();
  return w.Take();
}

}  // namespace

Result<std::string> ParseAsOf(const std::string& text, int64_t now_ms) {
  std::optional<sdk::IsoTime> t = sdk::ParseIso(text);
  if (!t) {
    return Status::InvalidArgument("--as-of '" + text +
                                   "' is not a date; write YYYY-MM-DD (scores as of the end of "
                                   "that day, UTC) or an ISO-8601 date-time");
  }
  int64_t ms = t->has_time ? t->ms : t->ms + sdk::kDayMs - 1;
  if (t->ms > now_ms) {
    return Status::InvalidArgument("--as-of " + text +
                                   " is in the future; a score can only use what is known");
  }
  ms = std::min(ms, now_ms);  // today's date means now
  return sdk::FormatIso(ms);
}

Status CheckMetrics(const std::vector<plugin::MetricRow>& metrics, const std::string& scorer) {
  const std::string who = "scorer '" + scorer + "' emitted ";
  for (const plugin::MetricRow& m : metrics) {
    if (m.metric.empty()) return Status::Plugin(who + "a metric without a code");
    if (!OneOf(m.scope, {"ecosystem", "partner"})) {
      return Status::Plugin(who + Describe(m) + " with scope '" + m.scope +
                            "'; allowed: ecosystem, partner");
    }
    if (m.scope == "partner" && m.partner_id.empty()) {
      return Status::Plugin(who + Describe(m) + " without the partner's source id");
    }
    if (!OneOf(m.dimension, {"T", "E", "M", "P", "O"})) {
      return Status::Plugin(who + Describe(m) + " with dimension '" + m.dimension +
                            "'; allowed: T, E, M, P, O");
    }
    if (!OneOf(m.status, {"ok", "insufficient_data", "missing_source"})) {
      return Status::Plugin(who + Describe(m) + " with status '" + m.status +
                            "'; allowed: ok, insufficient_data, missing_source");
    }
    if (m.status == "ok" && !m.normalized) {
      return Status::Plugin(who + Describe(m) + " with status ok but no normalized value");
    }
    if (m.normalized && (*m.normalized < 0 || *m.normalized > 100)) {
      return Status::Plugin(who + Describe(m) + " with normalized value " +
                            std::to_string(*m.normalized) + ", outside 0 to 100");
    }
    for (const plugin::EvidenceRow& e : m.evidence) {
      if (!OneOf(e.role, {"numerator", "denominator", "treated", "control"})) {
        return Status::Plugin(who + Describe(m) + " with evidence role '" + e.role +
                              "'; allowed: numerator, denominator, treated, control");
      }
      if (store::FindTable(e.entity) == nullptr) {
        return Status::Plugin(who + Describe(m) + " with evidence in '" + e.entity +
                              "', which is not a canonical table");
      }
      if (e.connection.empty() || e.source_id.empty()) {
        return Status::Plugin(who + Describe(m) + " with evidence that names no record");
      }
    }
  }
  return Status::Ok();
}

Result<config::ScorerConfig> ChooseScorer(const config::Config& config, const std::string& name) {
  if (name.empty()) {
    if (config.scorers.size() == 1) return config.scorers[0];
    if (config.scorers.empty()) {
      config::ScorerConfig builtin;  // the TEMPO scorer with its defaults
      builtin.name = "tempo";
      builtin.plugin = "tempo";
      return builtin;
    }
    std::string names;
    for (const auto& s : config.scorers) names += (names.empty() ? "" : ", ") + s.name;
    return Status::InvalidArgument(config.path + " has " + std::to_string(config.scorers.size()) +
                                   " scorers (" + names + "); pick one with --scorer NAME");
  }
  for (const config::ScorerConfig& s : config.scorers) {
    if (s.name == name) return s;
  }
  if (config.scorers.empty() && name == "tempo") return ChooseScorer(config, "");
  std::string names;
  for (const auto& s : config.scorers) names += (names.empty() ? "" : ", ") + s.name;
  return Status::InvalidArgument("no scorer named '" + name + "' in " + config.path +
                                 (names.empty() ? " (it has none)" : "; it has: " + names));
}

Result<ScoreResult> RunScore(const config::Config& config,
                             const std::vector<std::string>& plugin_folders,
                             const ScoreOptions& options) {
  Result<config::ScorerConfig> chosen = ChooseScorer(config, options.scorer);
  if (!chosen.ok()) return chosen.status();
  const config::ScorerConfig& scorer = *chosen;
  Result<config::WeightProfile> profile = config::FindProfile(
      options.profile.empty() ? scorer.profile : options.profile, scorer.profiles);
  if (!profile.ok()) return Status::InvalidArgument(profile.status().message());

  const int64_t now = sdk::NowMs();
  ScoreResult result;
  if (options.as_of.empty()) {
    result.as_of = sdk::FormatIso(now);
  } else {
    Result<std::string> as_of = ParseAsOf(options.as_of, now);
    if (!as_of.ok()) return as_of.status();
    result.as_of = *as_of;
  }
  const int64_t as_of_ms = *sdk::ParseIsoMs(result.as_of);
  result.window_start = sdk::FormatIso(as_of_ms - scorer.window.count());
  result.scorer = scorer.name;
  result.profile = profile->name;
  result.weights = config::Normalized(profile->weights);

  Result<const plugin::Plugin*> found = plugin::FindPlugin(plugin_folders, scorer.plugin);
  if (!found.ok()) {
    std::string where = scorer.plugin_location.empty() ? "" : scorer.plugin_location + ": ";
    return Status(found.status().code(), where + found.status().message());
  }
  const plugin::Plugin& loaded = **found;
  result.plugin = loaded.name;
  result.model_version = loaded.version;
  const size_t index = static_cast<size_t>(
      std::find_if(config.scorers.begin(), config.scorers.end(),
                   [&](const config::ScorerConfig& s) { return s.name == scorer.name; }) -
      config.scorers.begin());
  Result<std::string> rendered = config::RenderPluginConfig(
      config, scorer.config, "scorers[" + std::to_string(index) + "]", loaded.config_schema);
  if (!rendered.ok()) return rendered.status();
  Result<std::unique_ptr<plugin::Scorer>> instance =
      plugin::Scorer::Open(loaded, scorer.name, *rendered);
  if (!instance.ok()) return instance.status();

  // The store, migrated, for writing the run; the snapshot reads through its own connection.
  std::error_code exists_ec;
  if (!std::filesystem::exists(config.store_path, exists_ec)) {
    return Status::NotFound("store " + config.store_path +
                            " does not exist yet; sync the connections first (tempo sync "
                            "CONNECTION), then score");
  }
  Result<std::unique_ptr<store::Db>> db = store::OpenStore(config.store_path);
  if (!db.ok()) return db.status();
  std::vector<std::string> configured;
  for (const config::ConnectionConfig& c : config.connections) configured.push_back(c.name);
  Result<std::unique_ptr<store::ScoreSnapshot>> snapshot =
      store::ScoreSnapshot::Open(config.store_path, configured, result.as_of);
  if (!snapshot.ok()) return snapshot.status();
  result.read = (*snapshot)->read();
  result.excluded = (*snapshot)->excluded();
  for (const store::ExcludedConnection& c : result.excluded) {
    log::Warn("score: connection '" + c.connection + "' is not read: " + c.reason);
  }

  Result<std::vector<plugin::MetricRow>> metrics =
      (*instance)->Score(**snapshot, {result.as_of, result.window_start}, options.cancel);
  if (!metrics.ok()) return metrics.status();
  if (Status s = CheckMetrics(*metrics, scorer.name); !s.ok()) return s;
  result.metrics = std::move(metrics).value();
  result.composite = Combine(result.metrics, result.weights);
  for (const store::TotalScore& t : result.composite.totals) {
    result.partner_names.push_back(
        t.subject.scope == "partner"
            ? (*snapshot)->PartnerName(t.subject.connection, t.subject.partner_source_id)
            : "");
  }
  (*snapshot)->End();

  JsonWriter params;
  params.BeginObject().Key("config").Raw(rendered->empty() ? "{}" : *rendered);
  params.Key("window_days");
  WriteNumber(params, static_cast<double>(scorer.window.count()) / sdk::kDayMs);
  params.Key("as_of").String(result.as_of).Key("profile").String(result.profile);
  params.Key("partial_below_coverage");
  WriteNumber(params, kPartialCoverage);
  params.EndObject();

  store::ScoreRunRecord run;
  run.plugin = result.plugin;
  run.model_version = result.model_version;
  run.scorer = result.scorer;
  run.computed_at = store::NowUtc();
  run.as_of = result.as_of;
  run.window_start = result.window_start;
  run.window_end = result.as_of;
  run.profile = result.profile;
  run.weights_json = WeightsJson(result.weights);
  run.params_json = params.Take();
  run.watermarks_json = WatermarksJson(result.read);
  run.excluded_json = ExcludedJson(result.excluded);
  Result<int64_t> run_id = store::WriteScoreRun(
      **db, run, result.metrics, result.composite.dimensions, result.composite.totals);
  if (!run_id.ok()) return run_id.status();
  result.run_id = *run_id;
  return result;
}

}  // namespace tempo::score
