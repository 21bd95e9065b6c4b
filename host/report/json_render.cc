// The JSON report: everything the other formats show, for programs. One object: run,
// previous_run, ecosystem and partners (each with scores, change and metrics with their
// evidence), dropped, trend. Numbers with 10 significant digits as `tempo score --json` writes
// them; a value that could not be computed is null.
#include <string>

#include "common/json_writer.h"
#include "config/weights.h"
#include "report/render.h"
#include "score/score_run.h"

namespace tempo::report {
namespace {

void Int(JsonWriter& w, const std::optional<int64_t>& v) {
  if (v) {
    w.Int(*v);
  } else {
    w.Null();
  }
}

void Dimensions(JsonWriter& w, const DimensionValues& values) {
  w.BeginObject();
  for (size_t d = 0; d < kDimensionCount; ++d) {
    w.Key(config::kDimensionCodes[d]);
    score::WriteNumber(w, values[d]);
  }
  w.EndObject();
}

void Run(JsonWriter& w, const RunInfo& run) {
  w.BeginObject().Key("id").Int(run.id).Key("scorer").String(run.scorer);
  w.Key("plugin").String(run.plugin).Key("model_version").String(run.model_version);
  w.Key("profile").String(run.profile).Key("computed_at").String(run.computed_at);
  w.Key("as_of").String(run.as_of).Key("window_start").String(run.window_start);
  w.Key("weights");
  Dimensions(w, run.weights);
  w.Key("partial_below_coverage");
  score::WriteNumber(w, run.partial_below);
  w.Key("connections_read").BeginArray();
  for (const ReadConnection& c : run.read) {
    w.BeginObject().Key("connection").String(c.connection).Key("sync_run_id").Int(c.sync_run_id);
    w.EndObject();
  }
  w.EndArray().Key("connections_not_read").BeginArray();
  for (const ExcludedConnection& c : run.excluded) {
    w.BeginObject().Key("connection").String(c.connection).Key("reason").String(c.reason);
    w.EndObject();
  }
  w.EndArray().EndObject();
}

void ScoresOf(JsonWriter& w, const Scores& s) {
  w.Key("scope").String(s.scope).Key("name").String(s.name);
  if (s.scope == "partner") {
    w.Key("partner_key").String(s.partner_key).Key("connection").String(s.connection);
    w.Key("partner_source_id").String(s.partner_source_id).Key("rank");
    Int(w, s.rank);
  }
  w.Key("tempo");
  score::WriteNumber(w, s.tempo);
  w.Key("coverage");
  score::WriteNumber(w, s.coverage);
  w.Key("confidence");
  score::WriteNumber(w, s.confidence);
  w.Key("partial").Bool(s.partial).Key("dimensions");
  Dimensions(w, s.dimensions);
}

void ChangeOf(JsonWriter& w, const Change& c) {
  if (!c.compared) {
    w.Null();
    return;
  }
  w.BeginObject().Key("new").Bool(c.is_new).Key("previous_tempo");
  score::WriteNumber(w, c.previous_tempo);
  w.Key("previous_rank");
  Int(w, c.previous_rank);
  w.Key("tempo");
  score::WriteNumber(w, c.tempo);
  w.Key("previous_dimensions");
  Dimensions(w, c.previous_dimensions);
  w.Key("dimensions");
  Dimensions(w, c.dimensions);
  w.EndObject();
}

void MetricOf(JsonWriter& w, const Metric& m) {
  w.BeginObject().Key("dimension").String(m.dimension).Key("metric").String(m.code);
  w.Key("status").String(m.status);
  const std::pair<const char*, const std::optional<double>*> numbers[] = {
      {"numerator", &m.numerator},   {"denominator", &m.denominator}, {"raw_value", &m.raw_value},
      {"normalized", &m.normalized}, {"confidence", &m.confidence},
  };
  for (const auto& [key, value] : numbers) {
    w.Key(key);
    score::WriteNumber(w, *value);
  }
  w.Key("n");
  Int(w, m.n);
  w.Key("normalization").String(m.normalization).Key("explanation").String(m.explanation);
  w.Key("evidence").BeginObject().Key("count").Int(m.evidence_count).Key("first").BeginArray();
  for (const EvidenceRecord& e : m.evidence) {
    w.BeginObject().Key("role").String(e.role).Key("table").String(e.table);
    w.Key("connection").String(e.connection).Key("source_id").String(e.source_id).EndObject();
  }
  w.EndArray().Key("sql").String(m.evidence_sql).EndObject().EndObject();
}

void SubjectOf(JsonWriter& w, const Subject& s) {
  w.BeginObject();
  ScoresOf(w, s.scores);
  w.Key("change");
  ChangeOf(w, s.change);
  w.Key("metrics").BeginArray();
  for (const Metric& m : s.metrics) MetricOf(w, m);
  w.EndArray().EndObject();
}

}  // namespace

void RenderJson(const Report& report, std::ostream& out) {
  JsonWriter w;
  w.BeginObject().Key("run");
  Run(w, report.run);
  w.Key("previous_run");
  if (report.previous) {
    w.BeginObject().Key("id").Int(report.previous->id).Key("as_of").String(report.previous->as_of);
    w.Key("computed_at").String(report.previous->computed_at).EndObject();
  } else {
    w.Null();
  }
  w.Key("partner_filter");
  if (report.partner_filter.empty()) {
    w.Null();
  } else {
    w.String(report.partner_filter);
  }
  w.Key("partners_in_run").Int(report.partners_in_run).Key("ecosystem");
  SubjectOf(w, report.ecosystem);
  w.Key("partners").BeginArray();
  for (const Subject& p : report.partners) SubjectOf(w, p);
  w.EndArray().Key("dropped").BeginArray();
  for (const Scores& d : report.dropped) {
    w.BeginObject().Key("name").String(d.name).Key("partner_key").String(d.partner_key);
    w.Key("previous_tempo");
    score::WriteNumber(w, d.tempo);
    w.Key("previous_rank");
    Int(w, d.rank);
    w.EndObject();
  }
  w.EndArray().Key("trend").BeginObject().Key("runs").BeginArray();
  for (const TrendRun& t : report.trend_runs) {
    w.BeginObject().Key("run_id").Int(t.run_id).Key("as_of").String(t.as_of).EndObject();
  }
  w.EndArray().Key("series").BeginArray();
  for (const TrendSeries& s : report.trend) {
    w.BeginObject().Key("name").String(s.name).Key("partner_key").String(s.partner_key);
    w.Key("tempo").BeginArray();
    for (const auto& v : s.tempo) score::WriteNumber(w, v);
    w.EndArray().EndObject();
  }
  w.EndArray().EndObject().EndObject();
  out << w.str() << "\n";
}

}  // namespace tempo::report
