// The org's conversion rates and a deal's USD value. See currency.h.
#include "currency.h"

#include <algorithm>

#include "soql.h"
#include "tempo/text.hpp"

namespace tempo::salesforce {
namespace {

std::string Upper(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  }
  return out;
}

// A record's positive number field, or nullopt.
std::optional<double> Positive(const Record& r, std::string_view field) {
  const Value* v = r.Get(field);
  if (v == nullptr || v->kind != Value::kNumber || !(v->num > 0)) return std::nullopt;
  return v->num;
}

}  // namespace

void CurrencyRates::AddCurrencyType(const Record& r) {
  const std::string code = Upper(r.Text("IsoCode"));
  if (code.empty()) return;
  if (r.True("IsCorporate")) corporate_ = code;
  const std::optional<double> rate = Positive(r, "ConversionRate");
  if (!rate) return;
  std::string_view changed = r.Text("LastModifiedDate");
  static_[code] = Rate{*rate, std::string(changed.substr(0, std::min<size_t>(changed.size(), 10)))};
}

void CurrencyRates::AddDatedRate(const Record& r) {
  const std::string code = Upper(r.Text("IsoCode"));
  const std::string_view start = r.Text("StartDate");
  const std::optional<double> rate = Positive(r, "ConversionRate");
  if (code.empty() || !IsDate(start) || !rate) return;
  std::vector<Rate>& rates = dated_[code];
  Rate entry{*rate, std::string(start)};
  auto at = std::upper_bound(rates.begin(), rates.end(), entry,
                             [](const Rate& a, const Rate& b) { return a.date < b.date; });
  rates.insert(at, std::move(entry));
}

std::optional<CurrencyRates::Rate> CurrencyRates::RateOn(std::string_view currency,
                                                         std::string_view date) const {
  if (currency == corporate_) return Rate{1, ""};
  if (auto it = dated_.find(currency); it != dated_.end()) {
    const std::vector<Rate>& rates = it->second;
    auto after = std::upper_bound(rates.begin(), rates.end(), date,
                                  [](std::string_view d, const Rate& r) { return d < r.date; });
    if (after != rates.begin()) return *std::prev(after);
  }
  if (auto it = static_.find(currency); it != static_.end()) return it->second;
  return std::nullopt;
}

std::optional<UsdValue> CurrencyRates::ToUsd(double amount, std::string_view currency,
                                             std::string_view date) const {
  if (corporate_.empty()) return std::nullopt;
  const std::string code = Upper(currency);
  const std::string_view day = date.substr(0, std::min<size_t>(date.size(), 10));
  const std::optional<Rate> from = RateOn(code, day);
  const std::optional<Rate> usd = RateOn("USD", day);
  if (!from || !usd) return std::nullopt;
  UsdValue out;
  out.amount_usd = amount / from->per_corporate * usd->per_corporate;
  out.fx_rate = usd->per_corporate / from->per_corporate;
  out.fx_date = code != corporate_ ? from->date : usd->date;
  if (out.fx_date.empty()) out.fx_date = std::string(day);
  return out;
}

}  // namespace tempo::salesforce
