// The exchange-rate table of `store.fx_rates` (docs/configuration.md, "Exchange rates"): a CSV
// file of dated rates, USD per unit of a currency, that the sync applies to deal amounts a CRM
// did not convert itself.
//
//   date,currency,rate
//   2024-01-01,EUR,1.0921
//   2024-02-01,EUR,1.0815
//
// A rate holds from its date until the currency's next one: the rate for a day is the latest on
// or before it. Parsing checks every line and reports every problem as "file:line:column:
// what is wrong" (never echoing a value). Immutable once parsed; safe to share between threads.
#ifndef TEMPO_HOST_CONFIG_FX_RATES_H_
#define TEMPO_HOST_CONFIG_FX_RATES_H_

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace tempo::config {

struct FxRate {
  std::string currency;  // ISO 4217 shape: three capital letters
  std::string date;      // YYYY-MM-DD
  double usd_per_unit = 0;
};

class FxRates {
 public:
  FxRates() = default;

  // Parses the CSV text of `file` (named in errors as given). On failure returns false and
  // appends one "file:line:column: message" per problem to *errors.
  static bool Parse(std::string_view text, const std::string& file, FxRates* out,
                    std::vector<std::string>* errors);

  // The rate of `currency` (upper case) for `date` (YYYY-MM-DD): the latest on or before it;
  // nullopt when the table has none that early, or none of the currency.
  std::optional<FxRate> Find(std::string_view currency, std::string_view date) const;

  bool empty() const { return rates_.empty(); }
  size_t size() const { return rates_.size(); }

 private:
  std::vector<FxRate> rates_;  // by currency, then date
};

// Whether `text` is a calendar date written YYYY-MM-DD.
bool IsCalendarDate(std::string_view text);

}  // namespace tempo::config

#endif  // TEMPO_HOST_CONFIG_FX_RATES_H_
