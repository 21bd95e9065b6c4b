// tempo/scorer.hpp: header-only C++ helpers for writing a scorer plugin, the counterpart of
// tempo/plugin.hpp's Connector. An author writes one class and one export macro:
//
//   class MyScorer : public tempo::sdk::Scorer {
//    public:
//     static tempo::sdk::Status Open(tempo::sdk::Context& ctx, std::string_view config_json,
//                                    std::unique_ptr<MyScorer>* out);
//     tempo::sdk::Status Score(tempo::sdk::Context& ctx, tempo::sdk::StoreReader& store) override;
//   };
//   TEMPO_SCORER_PLUGIN(MyScorer, "mine", "1.0.0", "Scores partners my way",
//   R"({"type":"object"})")
//
// Inside Score(), read with bound parameters and emit metrics with their evidence:
//
//   store.Query("SELECT source_id, amount_usd FROM opportunity WHERE is_won = ?1", {"1"},
//               [&](const tempo::sdk::RowView& row) { ...; return tempo::sdk::Status::Ok(); });
//   tempo::sdk::Metric m;  // scope, dimension, metric, status, numbers, explanation
//   m.evidence.push_back({"numerator", "opportunity", "crm", "006A"});
//   if (auto s = store.Emit(m); !s.ok()) return s;
//
// Nothing here is part of the ABI: only tempo/plugin.h is.
#ifndef TEMPO_SCORER_HPP_
#define TEMPO_SCORER_HPP_

#include <cmath>
#include <cstdint>
#include <functional>
#include <limits>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "tempo/plugin.hpp"
#include "tempo/time.hpp"

namespace tempo::sdk {

// One row of a query result, valid during the row callback only.
class RowView {
 public:
  explicit RowView(const tempo_row& row) : row_(row) {}

  uint32_t size() const { return row_.column_count; }
  std::string_view Name(uint32_t i) const { return {At(i).name, At(i).name_len}; }
  bool IsNull(uint32_t i) const { return At(i).type == TEMPO_VALUE_NULL; }
  // The value as text: a string as it is, a number formatted, NULL as "".
  std::string Text(uint32_t i) const {
    const tempo_field& f = At(i);
    switch (f.type) {
      case TEMPO_VALUE_STRING:
        return std::string(f.str, f.str_len);
      case TEMPO_VALUE_INT:
      case TEMPO_VALUE_BOOL:
        return std::to_string(f.int_value);
      case TEMPO_VALUE_REAL:
        return std::to_string(f.real_value);
      default:
        return {};
    }
  }
  // The value as a number, or nullopt for NULL and for text that is not a number.
  std::optional<double> Real(uint32_t i) const {
    const tempo_field& f = At(i);
    if (f.type == TEMPO_VALUE_REAL) return f.real_value;
    if (f.type == TEMPO_VALUE_INT || f.type == TEMPO_VALUE_BOOL) {
      return static_cast<double>(f.int_value);
    }
    return std::nullopt;
  }
  std::optional<int64_t> Int(uint32_t i) const {
    const tempo_field& f = At(i);
    if (f.type == TEMPO_VALUE_INT || f.type == TEMPO_VALUE_BOOL) return f.int_value;
    if (f.type == TEMPO_VALUE_REAL) return static_cast<int64_t>(f.real_value);
    return std::nullopt;
  }
  // An ISO-8601 (or epoch) time stamp as milliseconds since the epoch; nullopt for NULL or a
  // text that is not a time stamp.
  std::optional<int64_t> TimeMs(uint32_t i) const {
    const tempo_field& f = At(i);
    if (f.type != TEMPO_VALUE_STRING) return std::nullopt;
    return ParseEpochMsOrIso(std::string_view(f.str, f.str_len));
  }

 private:
  const tempo_field& At(uint32_t i) const {
    const auto* base = reinterpret_cast<const char*>(row_.values);
    return *reinterpret_cast<const tempo_field*>(base + size_t{i} * row_.values[0].struct_size);
  }
  const tempo_row& row_;
};

// One record behind a metric (see tempo_evidence).
struct Evidence {
  std::string role;  // "numerator", "denominator", "treated", "control"
  std::string entity;
  std::string connection;
  std::string source_id;
};

// One metric row (see tempo_metric). A NaN number is stored as SQL NULL.
struct Metric {
  static constexpr double kNone = std::numeric_limits<double>::quiet_NaN();

  std::string scope = "ecosystem";  // or "partner"
  std::string partner_connection;   // partner scope: the partner row standing for the partner
  std::string partner_id;
  std::string partner_key;  // partner scope: the cross-source key, e.g. "domain:acme.com"
  std::string dimension;    // "T", "E", "M", "P", "O"
  std::string metric;       // "M2"
  std::string status = "ok";
  std::string explanation;
  std::string normalization;
  double numerator = kNone, denominator = kNone, raw_value = kNone, normalized = kNone;
  double weight = 1, confidence = kNone;
  int64_t n = 0;
  std::vector<Evidence> evidence;
};

// The store as score() sees it: one consistent, read-only snapshot.
class StoreReader {
 public:
  using RowFn = std::function<Status(const RowView&)>;

  StoreReader(Context& ctx, const tempo_store_reader* reader) : ctx_(ctx), reader_(reader) {}

  // Runs `sql` with params[i] bound to ?i+1 (nullopt binds NULL); `on_row` runs per row, and a
  // non-ok Status it returns stops the query and is returned.
  Status Query(std::string_view sql, const std::vector<std::optional<std::string>>& params,
               const RowFn& on_row) const {
    std::vector<const char*> bound;
    bound.reserve(params.size());
    for (const auto& p : params) bound.push_back(p ? p->c_str() : nullptr);
    struct Call {
      const RowFn* fn;
      Status status;
    } call{&on_row, Status::Ok()};
    auto trampoline = [](void* user, const tempo_row* row) noexcept -> tempo_status {
      auto* c = static_cast<Call*>(user);
      try {
        c->status = (*c->fn)(RowView(*row));
      } catch (const std::exception& e) {
        c->status = Status::Internal(std::string("plugin error in a row callback: ") + e.what());
      } catch (...) {
        c->status = Status::Internal("plugin error in a row callback");
      }
      return c->status.ok()
                 ? TEMPO_OK
                 : (c->status.code() == TEMPO_OK ? TEMPO_ERR_INTERNAL : c->status.code());
    };
    tempo_status s =
        reader_->query(ctx_.raw(), sql.data(), sql.size(), bound.empty() ? nullptr : bound.data(),
                       static_cast<uint32_t>(bound.size()), trampoline, &call);
    if (!call.status.ok()) return call.status;
    if (s != TEMPO_OK) return Status(s, "");  // the host has set the call's error
    return Status::Ok();
  }

  // Hands one metric row to the host, which copies it.
  Status Emit(const Metric& m) const {
    std::vector<tempo_evidence> evidence;
    evidence.reserve(m.evidence.size());
    for (const Evidence& e : m.evidence) {
      tempo_evidence c{};
      c.struct_size = sizeof(tempo_evidence);
      c.role = e.role.c_str();
      c.entity = e.entity.c_str();
      c.connection = e.connection.c_str();
      c.source_id = e.source_id.c_str();
      evidence.push_back(c);
    }
    const bool partner = m.scope == "partner";
    tempo_metric t{};
    t.struct_size = sizeof(tempo_metric);
    t.scope = m.scope.c_str();
    t.partner_id = partner ? m.partner_id.c_str() : nullptr;
    t.dimension = m.dimension.c_str();
    t.metric = m.metric.c_str();
    t.status = m.status.c_str();
    t.explanation = m.explanation.c_str();
    t.numerator = m.numerator;
    t.denominator = m.denominator;
    t.raw_value = m.raw_value;
    t.normalized = m.normalized;
    t.weight = m.weight;
    t.confidence = m.confidence;
    t.n = m.n;
    t.partner_connection = partner ? m.partner_connection.c_str() : nullptr;
    t.partner_key = partner ? m.partner_key.c_str() : nullptr;
    t.evidence = evidence.empty() ? nullptr : evidence.data();
    t.evidence_count = static_cast<uint32_t>(evidence.size());
    t.normalization = m.normalization.empty() ? nullptr : m.normalization.c_str();
    tempo_status s = reader_->emit_metric(ctx_.raw(), &t);
    return s == TEMPO_OK ? Status::Ok() : Status(s, "");
  }

  // The instant scored and the start of the window, in milliseconds since the epoch. A host
  // older than ABI 1.3 gives neither: then now, and a year before now.
  int64_t AsOfMs() const {
    if (TEMPO_HAS_FIELD(reader_, tempo_store_reader, as_of) && reader_->as_of != nullptr) {
      if (auto ms = ParseIsoMs(reader_->as_of)) return *ms;
    }
    return NowMs();
  }
  int64_t WindowStartMs() const {
    if (TEMPO_HAS_FIELD(reader_, tempo_store_reader, window_start) &&
        reader_->window_start != nullptr) {
      if (auto ms = ParseIsoMs(reader_->window_start)) return *ms;
    }
    return AsOfMs() - 365 * kDayMs;
  }

  Context& ctx() const { return ctx_; }

 private:
  Context& ctx_;
  const tempo_store_reader* reader_;
};

// Base class of a scorer instance; the host calls it from one thread at a time.
class Scorer {
 public:
  virtual ~Scorer() = default;
  virtual Status Score(Context& ctx, StoreReader& store) = 0;
};

namespace internal {

template <class T>
struct ScorerTrampolines {
  static tempo_status Open(tempo_ctx* ctx, const char* config, size_t len,
                           tempo_instance** out) noexcept {
    try {
      Context c(ctx);
      std::unique_ptr<T> scorer;
      Status s = T::Open(c, std::string_view(config ? config : "", config ? len : 0), &scorer);
      if (!s.ok()) return Report(ctx, s);
      if (!scorer) return Report(ctx, Status::Internal("Open returned no scorer"));
      std::unique_ptr<Scorer> base = std::move(scorer);
      *out = reinterpret_cast<tempo_instance*>(base.release());
      return TEMPO_OK;
    } catch (...) {
      return ReportException(ctx);
    }
  }
  static tempo_status Score(tempo_ctx* ctx, tempo_instance* inst,
                            const tempo_store_reader* reader) noexcept {
    try {
      Context c(ctx);
      StoreReader store(c, reader);
      return Report(ctx, reinterpret_cast<Scorer*>(inst)->Score(c, store));
    } catch (...) {
      return ReportException(ctx);
    }
  }
  static void Close(tempo_instance* inst) noexcept {
    try {
      delete reinterpret_cast<Scorer*>(inst);
    } catch (...) {
    }
  }
};

}  // namespace internal
}  // namespace tempo::sdk

// Exports a scorer class T as this library's plugin. T derives from tempo::sdk::Scorer and has
// `static Status Open(Context&, std::string_view config_json, std::unique_ptr<T>*)`.
#define TEMPO_SCORER_PLUGIN(T, NAME, VERSION, DESCRIPTION, SCHEMA)                                 \
  namespace {                                                                                      \
  const tempo_scorer_api kTempoScorerApi = {sizeof(tempo_scorer_api),                              \
                                            &::tempo::sdk::internal::ScorerTrampolines<T>::Open,   \
                                            &::tempo::sdk::internal::ScorerTrampolines<T>::Score,  \
                                            &::tempo::sdk::internal::ScorerTrampolines<T>::Close}; \
  const tempo_plugin_descriptor kTempoDescriptor = {sizeof(tempo_plugin_descriptor),               \
                                                    TEMPO_ABI_MAJOR,                               \
                                                    TEMPO_ABI_MINOR,                               \
                                                    TEMPO_KIND_SCORER,                             \
                                                    0,                                             \
                                                    NAME,                                          \
                                                    VERSION,                                       \
                                                    DESCRIPTION,                                   \
                                                    SCHEMA,                                        \
                                                    &kTempoScorerApi};                             \
  }                                                                                                \
  TEMPO_PLUGIN_EXPORT const tempo_plugin_descriptor* tempo_plugin_entry_v1(                        \
      const tempo_host_api* host) {                                                                \
    if (!::tempo::sdk::internal::HostCompatible(host)) return nullptr;                             \
    ::tempo::sdk::g_host = host;                                                                   \
    return &kTempoDescriptor;                                                                      \
  }

#endif  // TEMPO_SCORER_HPP_
