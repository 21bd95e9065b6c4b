// Reads a multi-currency org's conversion rates (currency.h): CurrencyType, and
// DatedConversionRate when the org has advanced currency management, each a plain query paged
// by nextRecordsUrl. One read per stream read of opportunities; the tables are small (a few
// currencies, a rate per currency and period).
#ifndef TEMPO_PLUGINS_CONNECTORS_SALESFORCE_CURRENCY_READER_H_
#define TEMPO_PLUGINS_CONNECTORS_SALESFORCE_CURRENCY_READER_H_

#include <string>

#include "config.h"
#include "currency.h"
#include "tempo/plugin.hpp"

namespace tempo::salesforce {

// Queries the rates into *rates. `dated`: the org lists DatedConversionRate as queryable.
// `where` names the stream in errors.
sdk::Status ReadCurrencyRates(sdk::Context& ctx, const std::string& instance, const Config& config,
                              bool dated, const std::string& where, CurrencyRates* rates);

}  // namespace tempo::salesforce

#endif  // TEMPO_PLUGINS_CONNECTORS_SALESFORCE_CURRENCY_READER_H_
