// tempo score: one score run (score/score_run.h), printed as a short summary and ranking, or
// as JSON with --json. The full report with every metric's explanation is `tempo report`
// (host/report), which reads the run from the store.
#include <signal.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <iostream>

#include "cli/commands.h"
#include "common/json_writer.h"
#include "config/weights.h"
#include "score/score_run.h"

namespace tempo::cli {
namespace {

std::atomic<bool> g_stop{false};

void OnStop(int) { g_stop.store(true); }

std::string Score(const std::optional<double>& v) {
  if (!v) return "-";
  char buf[16];
  std::snprintf(buf, sizeof buf, "%.0f", *v);
  return buf;
}

std::string Fraction(const std::optional<double>& v) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%.2f", v.value_or(0));
  return buf;
}

// The five dimension values of subject `index` of the composite.
std::vector<std::optional<double>> Dimensions(const score::ScoreResult& r, size_t index) {
  std::vector<std::optional<double>> out;
  for (size_t d = 0; d < config::kDimensionCodes.size(); ++d) {
    out.push_back(r.composite.dimensions[index * config::kDimensionCodes.size() + d].value);
  }
  return out;
}

void PrintJson(const score::ScoreResult& r) {
  JsonWriter w;
  w.BeginObject().Key("run_id").Int(r.run_id).Key("scorer").String(r.scorer);
  w.Key("plugin").String(r.plugin).Key("model_version").String(r.model_version);
  w.Key("profile").String(r.profile).Key("weights").BeginObject();
  for (size_t d = 0; d < r.weights.size(); ++d) {
    w.Key(config::kDimensionCodes[d]);
    score::WriteNumber(w, r.weights[d]);
  }
  w.EndObject().Key("as_of").String(r.as_of).Key("window_start").String(r.window_start);
  w.Key("connections_read").BeginArray();
  for (const store::ConnectionWatermark& c : r.read) {
    w.BeginObject().Key("connection").String(c.connection).Key("sync_run_id").Int(c.sync_run_id);
    w.EndObject();
  }
  w.EndArray().Key("connections_not_read").BeginArray();
  for (const store::ExcludedConnection& c : r.excluded) {
    w.BeginObject().Key("connection").String(c.connection).Key("reason").String(c.reason);
    w.EndObject();
  }
  w.EndArray().Key("metrics").Int(static_cast<int64_t>(r.metrics.size()));
  w.Key("scores").BeginArray();
  for (size_t i = 0; i < r.composite.totals.size(); ++i) {
    const store::TotalScore& t = r.composite.totals[i];
    w.BeginObject().Key("scope").String(t.subject.scope);
    if (t.subject.scope == "partner") {
      w.Key("name").String(r.partner_names[i]).Key("partner_key").String(t.subject.partner_key);
      w.Key("connection").String(t.subject.connection);
      w.Key("partner_source_id").String(t.subject.partner_source_id);
    }
    w.Key("tempo");
    score::WriteNumber(w, t.tempo);
    w.Key("coverage");
    score::WriteNumber(w, t.coverage);
    w.Key("confidence");
    score::WriteNumber(w, t.confidence);
    const auto dims = Dimensions(r, i);
    w.Key("dimensions").BeginObject();
    for (size_t d = 0; d < dims.size(); ++d) {
      w.Key(config::kDimensionCodes[d]);
      score::WriteNumber(w, dims[d]);
    }
    w.EndObject().EndObject();
  }
  w.EndArray().EndObject();
  std::cout << w.str() << "\n";
}

// The summary `tempo score` prints: the run, the connections read and left out, and every
// partner's composite and dimensions, best first.
void PrintScoreSummary(const score::ScoreResult& r) {
  std::printf("score run %lld: scorer %s (plugin %s %s), profile %s, as of %s\n",
              static_cast<long long>(r.run_id), r.scorer.c_str(), r.plugin.c_str(),
              r.model_version.c_str(), r.profile.c_str(), r.as_of.c_str());
  std::string read;
  for (const auto& c : r.read) {
    read += (read.empty() ? "" : ", ") + c.connection + " (sync run " +
            std::to_string(c.sync_run_id) + ")";
  }
  std::printf("read: %s\n", read.empty() ? "no connection" : read.c_str());
  for (const auto& c : r.excluded) {
    std::printf("not read: %s: %s\n", c.connection.c_str(), c.reason.c_str());
  }
  // Ranking: partners by TEMPO, unscored last.
  std::vector<size_t> order;
  for (size_t i = 1; i < r.composite.totals.size(); ++i) order.push_back(i);
  std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) {
    const auto& ta = r.composite.totals[a].tempo;
    const auto& tb = r.composite.totals[b].tempo;
    if (ta.has_value() != tb.has_value()) return ta.has_value();
    return ta && tb && *ta > *tb;
  });
  std::printf("\n%-32s %5s %4s %4s %4s %4s %4s %8s %10s\n", "", "TEMPO", "T", "E", "M", "P", "O",
              "coverage", "confidence");
  const auto line = [&](const std::string& label, size_t i) {
    const store::TotalScore& t = r.composite.totals[i];
    const auto d = Dimensions(r, i);
    std::string shown = label.size() > 32 ? label.substr(0, 29) + "..." : label;
    // No composite at all: no metric had the data it needs (docs/scoring.md).
    const char* note = !t.tempo                                           ? "  insufficient data"
                       : t.coverage.value_or(0) < score::kPartialCoverage ? "  partial"
                                                                          : "";
    std::printf("%-32s %5s %4s %4s %4s %4s %4s %8s %10s%s\n", shown.c_str(), Score(t.tempo).c_str(),
                Score(d[0]).c_str(), Score(d[1]).c_str(), Score(d[2]).c_str(), Score(d[3]).c_str(),
                Score(d[4]).c_str(), Fraction(t.coverage).c_str(), Fraction(t.confidence).c_str(),
                note);
  };
  line("ecosystem", 0);
  for (size_t i : order) {
    const store::TotalScore& t = r.composite.totals[i];
    std::string label = r.partner_names[i].empty() ? t.subject.partner_key : r.partner_names[i];
    if (label.empty()) label = t.subject.connection + "/" + t.subject.partner_source_id;
    line(label, i);
  }
  std::printf(
      "\n%zu metric rows; every metric with its explanation and evidence: tempo report --run "
      "%lld (or the views v_score_explanations and v_score_evidence with run_id = %lld)\n",
      r.metrics.size(), static_cast<long long>(r.run_id), static_cast<long long>(r.run_id));
}

}  // namespace

int ScoreCommand(const GlobalOptions& g, const ScoreArgs& args) {
  struct sigaction sa {};
  sa.sa_handler = OnStop;
  sigemptyset(&sa.sa_mask);
  sigaction(SIGINT, &sa, nullptr);
  sigaction(SIGTERM, &sa, nullptr);
  Result<config::Config> config = LoadConfigFor(g);
  if (!config.ok()) return Fail(config.status(), kExitUsage);
  if (Status s = RequireSqliteStore(*config, "score"); !s.ok()) return Fail(s, kExitUsage);
  score::ScoreOptions options;
  options.scorer = args.scorer;
  options.profile = args.profile;
  options.as_of = args.as_of;
  options.cancel = &g_stop;
  Result<score::ScoreResult> result = score::RunScore(*config, PluginFolders(&*config), options);
  if (!result.ok()) {
    const StatusCode code = result.status().code();
    const bool usage = code == StatusCode::kInvalidArgument || code == StatusCode::kNotFound;
    return Fail(Status(code, "score: " + result.status().message()),
                usage ? kExitUsage : kExitRunFailed);
  }
  if (args.json) {
    PrintJson(*result);
  } else {
    PrintScoreSummary(*result);
  }
  return kExitOk;
}

}  // namespace tempo::cli
