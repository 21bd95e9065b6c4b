// Scorer: calls into a scorer plugin's function table and serves its tempo_store_reader.
#include "plugin/scorer.h"

#include <cmath>

#include "common/log.h"

namespace tempo::plugin {

struct ScoreCall {
  ScoreSource* source = nullptr;
  std::vector<MetricRow> metrics;
};

namespace {

void SetCallError(tempo_ctx* ctx, tempo_status code, std::string message) {
  ctx->error_code = code;
  ctx->error = log::Redact(message);
}

std::string Text(const char* s) { return s ? s : ""; }

std::optional<double> Number(double v) {
  if (std::isnan(v)) return std::nullopt;
  return v;
}

tempo_status Query(tempo_ctx* ctx, const char* sql, size_t sql_len, const char* const* params,
                   uint32_t param_count, tempo_row_fn on_row, void* user) noexcept {
  try {
    if (ctx == nullptr || ctx->score == nullptr || ctx->score->source == nullptr) {
      return TEMPO_ERR_INTERNAL;
    }
    if (sql == nullptr || on_row == nullptr || (param_count > 0 && params == nullptr)) {
      SetCallError(ctx, TEMPO_ERR_INVALID_ARGUMENT, "query: no SQL, no row callback or no params");
      return TEMPO_ERR_INVALID_ARGUMENT;
    }
    std::vector<std::optional<std::string_view>> bound;
    bound.reserve(param_count);
    for (uint32_t i = 0; i < param_count; ++i) {
      if (params[i] == nullptr) {
        bound.emplace_back(std::nullopt);
      } else {
        bound.emplace_back(std::string_view(params[i]));
      }
    }
    return ctx->score->source->Query(*ctx, std::string_view(sql, sql_len), bound, on_row, user);
  } catch (const std::exception& e) {
    SetCallError(ctx, TEMPO_ERR_INTERNAL, std::string("query failed in the host: ") + e.what());
    return TEMPO_ERR_INTERNAL;
  } catch (...) {
    return TEMPO_ERR_INTERNAL;
  }
}

// Copies a metric as its writer sized it: fields past struct_size read as absent.
tempo_status EmitMetric(tempo_ctx* ctx, const tempo_metric* m) noexcept {
  try {
    if (ctx == nullptr || ctx->score == nullptr) return TEMPO_ERR_INTERNAL;
    if (m == nullptr || m->struct_size < TEMPO_SIZE_THROUGH(tempo_metric, n)) {
      SetCallError(ctx, TEMPO_ERR_INVALID_ARGUMENT,
                   "emit_metric: the metric struct is smaller than any ABI version; rebuild "
                   "the scorer");
      return TEMPO_ERR_INVALID_ARGUMENT;
    }
    MetricRow row;
    row.scope = Text(m->scope);
    row.partner_id = Text(m->partner_id);
    row.dimension = Text(m->dimension);
    row.metric = Text(m->metric);
    row.status = Text(m->status);
    row.explanation = Text(m->explanation);
    row.numerator = Number(m->numerator);
    row.denominator = Number(m->denominator);
    row.raw_value = Number(m->raw_value);
    row.normalized = Number(m->normalized);
    row.weight = Number(m->weight);
    row.confidence = Number(m->confidence);
    row.n = m->n;
    if (TEMPO_HAS_FIELD(m, tempo_metric, partner_key)) {
      row.partner_connection = Text(m->partner_connection);
      row.partner_key = Text(m->partner_key);
    }
    if (TEMPO_HAS_FIELD(m, tempo_metric, evidence_count) && m->evidence_count > 0) {
      if (m->evidence == nullptr ||
          m->evidence[0].struct_size < TEMPO_SIZE_THROUGH(tempo_evidence, source_id)) {
        SetCallError(ctx, TEMPO_ERR_INVALID_ARGUMENT,
                     "emit_metric " + row.metric + ": evidence missing or its struct too small");
        return TEMPO_ERR_INVALID_ARGUMENT;
      }
      const auto* base = reinterpret_cast<const char*>(m->evidence);
      const uint32_t stride = m->evidence[0].struct_size;
      row.evidence.reserve(m->evidence_count);
      for (uint32_t i = 0; i < m->evidence_count; ++i) {
        const auto* e = reinterpret_cast<const tempo_evidence*>(base + size_t{i} * stride);
        row.evidence.push_back(
            {Text(e->role), Text(e->entity), Text(e->connection), Text(e->source_id)});
      }
    }
    if (TEMPO_HAS_FIELD(m, tempo_metric, normalization)) row.normalization = Text(m->normalization);
    ctx->score->metrics.push_back(std::move(row));
    return TEMPO_OK;
  } catch (...) {
    return TEMPO_ERR_INTERNAL;
  }
}

}  // namespace

Result<std::unique_ptr<Scorer>> Scorer::Open(const Plugin& plugin, std::string_view label,
                                             std::string_view config_json) {
  if (plugin.scorer == nullptr) {
    return Status::InvalidArgument("plugin '" + plugin.name + "' is a " + KindName(plugin.kind) +
                                   ", not a scorer");
  }
  tempo_ctx ctx;
  ctx.plugin_name = plugin.name;
  ctx.connection = std::string(label);
  tempo_instance* instance = nullptr;
  tempo_status rc = plugin.scorer->open(&ctx, config_json.data(), config_json.size(), &instance);
  std::string what = "opening scorer '" + std::string(label) + "'";
  if (rc != TEMPO_OK) return CallResult(ctx, rc, what);
  if (instance == nullptr) {
    return Status::Plugin(what + " failed: plugin '" + plugin.name + "' returned no instance");
  }
  return std::unique_ptr<Scorer>(new Scorer(plugin, std::string(label), instance));
}

Scorer::~Scorer() { plugin_.scorer->close(instance_); }

Result<std::vector<MetricRow>> Scorer::Score(ScoreSource& source, const ScoreTimes& times,
                                             const std::atomic<bool>* cancel) {
  ScoreCall call;
  call.source = &source;
  tempo_ctx ctx;
  ctx.plugin_name = plugin_.name;
  ctx.connection = label_;
  ctx.cancel = cancel;
  ctx.score = &call;
  tempo_store_reader reader{};
  reader.struct_size = sizeof(tempo_store_reader);
  reader.query = &Query;
  reader.emit_metric = &EmitMetric;
  reader.as_of = times.as_of.c_str();
  reader.window_start = times.window_start.c_str();
  tempo_status rc = plugin_.scorer->score(&ctx, instance_, &reader);
  if (rc != TEMPO_OK) {
    Status s = CallResult(ctx, rc, "scoring with scorer '" + label_ + "'");
    // A refused query or a bad metric is the plugin's fault, not the user's command line.
    if (s.code() == StatusCode::kInvalidArgument) return Status::Plugin(s.message());
    return s;
  }
  return std::move(call.metrics);
}

}  // namespace tempo::plugin
