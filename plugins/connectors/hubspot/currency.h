// The HubSpot account's currencies, and what a deal amount is worth in US dollars by the
// account's own exchange rates.
//
// A HubSpot account has a company currency, and with more currencies an exchange rate for each
// against it: conversionRate units of the company currency per unit of fromCurrencyCode, from
// effectiveAt on (Settings API: GET /settings/v3/currencies/company-currency and
// /settings/v3/currencies/exchange-rates). A deal's amount is in its deal_currency_code, else
// in the company currency. HubSpot values a deal in the company currency (its "amount in
// company currency") with the rate in effect at the close date once the deal is closed (the
// one closest to it when none was yet), and with the current rate while it is open; the
// connector does the same and, through USD's own rate when the company currency is not USD,
// gets the dollar value:
//
//   amount_usd = amount * rate(currency) / rate(USD)      (rate(company currency) = 1)
//
// fx_rate is the factor, fx_date the effectiveAt day of the rate of the deal's currency (of
// USD's for a deal in the company currency). No rate for the currency, or an account without
// USD among its currencies: no dollar value from HubSpot (the host's store.fx_rates decides).
//
// Pure (tests/unit/hubspot/currency_test.cc); the reader fetches the two bodies.
#ifndef TEMPO_PLUGINS_CONNECTORS_HUBSPOT_CURRENCY_H_
#define TEMPO_PLUGINS_CONNECTORS_HUBSPOT_CURRENCY_H_

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "tempo/plugin.hpp"

namespace tempo::hubspot {

struct UsdValue {
  double amount_usd = 0;
  double fx_rate = 0;   // USD per unit of the deal's currency
  std::string fx_date;  // YYYY-MM-DD
};

class AccountCurrencies {
 public:
  // The company currency: the body of GET .../company-currency ({"id":"USD",...}; a
  // "currencyCode" key is read too), or a configured code.
  sdk::Status SetCompanyCurrency(std::string_view body);
  void SetCompanyCode(std::string_view code);
  // One page of GET .../exchange-rates ({"results":[{fromCurrencyCode, toCurrencyCode,
  // conversionRate, effectiveAt}, ...], "paging":...}); *after gets paging.next.after ("" at
  // the end). Rates to another currency than the company's are ignored.
  sdk::Status AddExchangeRates(std::string_view body, std::string* after);

  const std::string& company() const { return company_; }

  // `amount` in `currency` ("" : the company currency) in US dollars: at the rate in effect at
  // `close_ms` for a closed deal, at the rate in effect at `now_ms` for an open one. nullopt
  // without a rate (or without a company currency).
  std::optional<UsdValue> ToUsd(double amount, std::string_view currency, bool closed,
                                int64_t close_ms, int64_t now_ms) const;

 private:
  struct Rate {
    int64_t from_ms = 0;
    double rate = 0;  // company currency per unit
  };
  // The rate of `code` at `ms`: the latest effective then, else the earliest (the closest).
  std::optional<Rate> RateAt(const std::string& code, int64_t ms) const;

  std::string company_;
  std::map<std::string, std::vector<Rate>> rates_;  // by effectiveAt
};

}  // namespace tempo::hubspot

#endif  // TEMPO_PLUGINS_CONNECTORS_HUBSPOT_CURRENCY_H_
