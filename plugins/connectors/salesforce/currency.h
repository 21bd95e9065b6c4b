// The org's currencies, and what a deal amount is worth in US dollars by Salesforce's own rates.
//
// A multi-currency org keeps its conversion rates against its corporate currency (units of a
// currency per unit of the corporate one): the static rates of CurrencyType, and with advanced
// currency management the dated rates of DatedConversionRate, each from its StartDate until
// its NextStartDate. Salesforce converts an opportunity with the dated rate in effect on its
// CloseDate (else the static rate), so the connector does the same:
//
//   amount_usd = Amount / rate(CurrencyIsoCode, CloseDate) * rate(USD, CloseDate)
//
// fx_rate is the factor (USD per unit), fx_date the StartDate of the deal currency's dated
// rate (of USD's when the deal is in the corporate currency), or the date a static rate was
// last changed. An org in which USD is not a currency cannot give a USD value: the host's
// store.fx_rates decides then. A single-currency org has no rates and no CurrencyIsoCode: its
// amounts are in `org_currency` (config.h), and the host converts them.
//
// Pure given the rows (tests/unit/salesforce/currency_test.cc); currency_reader.cc queries them.
#ifndef TEMPO_PLUGINS_CONNECTORS_SALESFORCE_CURRENCY_H_
#define TEMPO_PLUGINS_CONNECTORS_SALESFORCE_CURRENCY_H_

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "page.h"

namespace tempo::salesforce {

struct UsdValue {
  double amount_usd = 0;
  double fx_rate = 0;   // USD per unit of the deal's currency
  std::string fx_date;  // YYYY-MM-DD
};

class CurrencyRates {
 public:
  // Adds a CurrencyType record (IsoCode, ConversionRate, IsCorporate, LastModifiedDate).
  void AddCurrencyType(const Record& record);
  // Adds a DatedConversionRate record (IsoCode, ConversionRate, StartDate).
  void AddDatedRate(const Record& record);

  bool empty() const { return static_.empty() && dated_.empty(); }
  const std::string& corporate() const { return corporate_; }

  // `amount` in `currency` on `date` (YYYY-MM-DD, or a date-time whose first ten characters are
  // one) in US dollars; nullopt when the org has no rate for the currency or for USD.
  std::optional<UsdValue> ToUsd(double amount, std::string_view currency,
                                std::string_view date) const;

 private:
  struct Rate {
    double per_corporate = 0;  // units of the currency per unit of the corporate currency
    std::string date;          // StartDate, or the static rate's last change
  };
  std::optional<Rate> RateOn(std::string_view currency, std::string_view date) const;

  std::string corporate_;
  std::map<std::string, Rate, std::less<>> static_;
  std::map<std::string, std::vector<Rate>, std::less<>> dated_;  // by StartDate
};

}  // namespace tempo::salesforce

#endif  // TEMPO_PLUGINS_CONNECTORS_SALESFORCE_CURRENCY_H_
