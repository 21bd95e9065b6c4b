// Deal amounts in US dollars. See fx_conversion.h.
#include "sync/fx_conversion.h"

#include <simdjson.h>

#include <chrono>
#include <cstdlib>
#include <ctime>
#include <optional>

#include "common/json_writer.h"
#include "sync/record_fields.h"

namespace tempo::sync {
namespace {

constexpr std::string_view kOpportunity = "opportunity";
constexpr std::string_view kAmount = "amount";
constexpr std::string_view kCurrency = "currency";
constexpr std::string_view kAmountUsd = "amount_usd";
constexpr std::string_view kFxRate = "fx_rate";
constexpr std::string_view kFxDate = "fx_date";

std::string_view Trim(std::string_view v) {
  while (!v.empty() && (v.front() == ' ' || v.front() == '\t')) v.remove_prefix(1);
  while (!v.empty() && (v.back() == ' ' || v.back() == '\t')) v.remove_suffix(1);
  return v;
}

std::string_view Text(const tempo_field* f) {
  if (f == nullptr || f->type != TEMPO_VALUE_STRING) return {};
  return Trim(std::string_view(f->str, f->str_len));
}

// The number a field holds: a REAL, an INT, or a string that is wholly a decimal number (the
// store converts those too). nullopt for anything else.
std::optional<double> Number(const tempo_field& f) {
  switch (f.type) {
    case TEMPO_VALUE_REAL:
      return f.real_value;
    case TEMPO_VALUE_INT:
      return static_cast<double>(f.int_value);
    case TEMPO_VALUE_STRING: {
      const std::string text(Trim(std::string_view(f.str, f.str_len)));
      if (text.empty()) return std::nullopt;
      char* end = nullptr;
      const double value = std::strtod(text.c_str(), &end);
      if (end != text.c_str() + text.size()) return std::nullopt;
      return value;
    }
    default:
      return std::nullopt;
  }
}

// The deal's date for its rate: the day of its close date, else of its creation.
std::string DealDate(const tempo_record& r, const std::string& today) {
  for (std::string_view column : {"closed_at", "created_at"}) {
    std::string_view value = Text(FindField(r, column));
    if (value.size() >= 10 && config::IsCalendarDate(value.substr(0, 10))) {
      return std::string(value.substr(0, 10));
    }
  }
  return today;
}

std::string Upper(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  }
  return out;
}

}  // namespace

FxConvertingDestination::FxConvertingDestination(Destination& inner,
                                                 std::shared_ptr<const config::FxRates> rates,
                                                 std::string today)
    : inner_(inner), rates_(std::move(rates)), today_(std::move(today)) {}

Status FxConvertingDestination::Write(const tempo_record& record, std::string* reject) {
  if (record.op != TEMPO_OP_UPSERT ||
      std::string_view(record.entity, record.entity_len) != kOpportunity) {
    return inner_.Write(record, reject);
  }
  const tempo_field* amount = FindField(record, kAmount);
  if (amount == nullptr) return inner_.Write(record, reject);  // the amount is not touched
  if (const tempo_field* usd = FindField(record, kAmountUsd);
      usd != nullptr && usd->type != TEMPO_VALUE_NULL) {
    return inner_.Write(record, reject);  // the CRM's own conversion
  }
  const bool no_amount = amount->type == TEMPO_VALUE_NULL;
  double value = 0;
  if (!no_amount) {
    const std::optional<double> number = Number(*amount);
    if (!number) return inner_.Write(record, reject);  // the store rejects it
    value = *number;
  }

  const std::string currency = Upper(Text(FindField(record, kCurrency)));
  std::optional<double> usd, rate;
  bool counted = false;
  fx_date_.clear();
  if (!no_amount) {
    const std::string date = DealDate(record, today_);
    if (currency == "USD") {
      usd = value;
      rate = 1;
      fx_date_ = date;
    } else if (std::optional<config::FxRate> found =
                   currency.empty() || !rates_ ? std::nullopt : rates_->Find(currency, date)) {
      usd = value * found->usd_per_unit;
      rate = found->usd_per_unit;
      fx_date_ = found->date;
    } else {
      counted = true;
    }
  }
  fields_.clear();
  for (uint32_t i = 0; i < record.field_count; ++i) {
    const tempo_field* f = FieldAt(record, i);
    const std::string_view name = FieldName(*f);
    if (name == kAmountUsd || name == kFxRate || name == kFxDate) continue;
    fields_.push_back(CopyField(*f));
  }
  fields_.push_back(usd ? RealField(kAmountUsd, *usd) : NullField(kAmountUsd));
  fields_.push_back(rate ? RealField(kFxRate, *rate) : NullField(kFxRate));
  fields_.push_back(fx_date_.empty() ? NullField(kFxDate) : StringField(kFxDate, fx_date_));
  tempo_record converted = record;
  converted.fields = fields_.data();
  converted.field_count = static_cast<uint32_t>(fields_.size());
  Status s = inner_.Write(converted, reject);
  if (s.ok() && reject->empty() && counted) ++pending_[currency];
  return s;
}

Status FxConvertingDestination::Commit(std::string_view stream, std::string_view state_json,
                                       std::optional<int64_t> refresh_run_id) {
  Status s = inner_.Commit(stream, state_json, refresh_run_id);
  if (s.ok() && !pending_.empty()) {
    UnconvertedCounts& counts = committed_[std::string(stream)];
    for (const auto& [currency, n] : pending_) counts[currency] += n;
  }
  pending_.clear();
  return s;
}

void FxConvertingDestination::Rollback() {
  inner_.Rollback();
  pending_.clear();
}

Status FxConvertingDestination::FinishRun(int64_t run_id, const RunSummary& summary) {
  if (committed_.empty()) return inner_.FinishRun(run_id, summary);
  RunSummary annotated = summary;
  annotated.streams_json = AnnotateStreams(summary.streams_json);
  return inner_.FinishRun(run_id, annotated);
}

UnconvertedCounts FxConvertingDestination::TotalUnconverted() const {
  UnconvertedCounts total;
  for (const auto& [stream, counts] : committed_) {
    for (const auto& [currency, n] : counts) total[currency] += n;
  }
  return total;
}

std::string FxConvertingDestination::AnnotateStreams(const std::string& streams_json) const {
  if (committed_.empty()) return streams_json;
  simdjson::dom::parser parser;
  simdjson::dom::object streams;
  if (parser.parse(streams_json).get_object().get(streams) != simdjson::SUCCESS) {
    return streams_json;
  }
  JsonWriter w;
  w.BeginObject();
  for (auto [name, value] : streams) {
    w.Key(name);
    auto it = committed_.find(std::string(name));
    simdjson::dom::object fields;
    if (it == committed_.end() || value.get_object().get(fields) != simdjson::SUCCESS) {
      w.Raw(simdjson::to_string(value));
      continue;
    }
    w.BeginObject();
    for (auto [key, field] : fields) w.Key(key).Raw(simdjson::to_string(field));
    int64_t total = 0;
    for (const auto& [currency, n] : it->second) total += n;
    w.Key("unconverted_amounts").Int(total).Key("unconverted_currencies").BeginObject();
    for (const auto& [currency, n] : it->second) w.Key(currency).Int(n);
    w.EndObject().EndObject();
  }
  w.EndObject();
  return w.Take();
}

std::string DescribeUnconverted(const UnconvertedCounts& counts) {
  int64_t total = 0;
  std::string rates, none;
  for (const auto& [currency, n] : counts) {
    total += n;
    if (currency.empty()) {
      none = "no currency: " + std::to_string(n);
    } else {
      rates += (rates.empty() ? "no rate for " : ", ") + currency + ": " + std::to_string(n);
    }
  }
  if (total == 0) return "";
  std::string why = rates;
  if (!none.empty()) why += (why.empty() ? "" : "; ") + none;
  return std::to_string(total) + (total == 1 ? " amount" : " amounts") + " not converted to USD (" +
         why + ")";
}

std::string TodayUtc() {
  const std::time_t now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  std::tm utc{};
  gmtime_r(&now, &utc);
  char buf[16];
  std::strftime(buf, sizeof buf, "%Y-%m-%d", &utc);
  return buf;
}

}  // namespace tempo::sync
