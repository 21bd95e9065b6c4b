// The fake HubSpot's Settings API currencies: the company currency (USD) and the account's
// exchange rates, the dataset's monthly rates (DatasetOptions::currencies; none without).
//
//   GET /settings/v3/currencies/company-currency   {"createdAt": "...", "id": "USD"}
//   GET /settings/v3/currencies/exchange-rates     limit 1..100 (default 10), numeric `after`;
//       {"results": [{"id", "fromCurrencyCode", "toCurrencyCode", "conversionRate",
//                     "effectiveAt", "visibleInUI", "createdAt", "updatedAt"}],
//        "paging": {"next": {"after", "link"}}} (no `paging` on the last page)
//
// conversionRate is units of the company currency per unit of fromCurrencyCode, 6 decimals.
#include <shared_mutex>

#include "common/json_writer.h"
#include "fakes/core/encoding.h"
#include "fakes/core/router.h"
#include "fakes/hubspot/provider_hubspot.h"

namespace tempo::fakes {

void HubSpotProvider::CompanyCurrency(const httplib::Request& req, httplib::Response& res) {
  bool private_app = false;
  if (!Authorize(req, res, private_app)) return;
  AddRateLimitHeaders(res, private_app);
  std::shared_lock lock(state_.dataset_mutex);
  const Dataset& d = state_.dataset;
  const int64_t since = d.options().as_of_ms - d.options().history_days * 86'400'000;
  JsonWriter w;
  w.BeginObject().Key("createdAt").String(FormatIsoMillis(since)).Key("id").String("USD");
  w.EndObject();
  SendJson(res, 200, w.Take());
}

void HubSpotProvider::ExchangeRates(const httplib::Request& req, httplib::Response& res) {
  bool private_app = false;
  if (!Authorize(req, res, private_app)) return;
  AddRateLimitHeaders(res, private_app);
  int64_t limit = 10, first = 0;
  if (req.has_param("limit")) {
    std::optional<int64_t> v = ParseInt(req.get_param_value("limit"));
    if (!v || *v < 1 || *v > 100) {
      Error(res, 400, "VALIDATION_ERROR", "limit must be an integer between 1 and 100");
      return;
    }
    limit = *v;
  }
  if (req.has_param("after")) {
    std::optional<int64_t> v = ParseInt(req.get_param_value("after"));
    if (!v || *v < 0) {
      Error(res, 400, "VALIDATION_ERROR", "Invalid 'after': pass paging.next.after back unchanged");
      return;
    }
    first = *v;
  }
  std::shared_lock lock(state_.dataset_mutex);
  const std::span<const FxRate> rates = state_.dataset.FxRates();
  const int64_t count = static_cast<int64_t>(rates.size());
  JsonWriter w;
  w.BeginObject().Key("results").BeginArray();
  int64_t row = first;
  for (; row < count && row < first + limit; ++row) {
    const FxRate& r = rates[row];
    const std::string at = FormatIsoMillis(r.from_ms);
    w.BeginObject()
        .Key("id")
        .String(std::to_string(row + 1))
        .Key("fromCurrencyCode")
        .String(r.currency)
        .Key("toCurrencyCode")
        .String("USD")
        .Key("conversionRate")
        .Double(r.usd_per_unit)
        .Key("effectiveAt")
        .String(at)
        .Key("visibleInUI")
        .Bool(true)
        .Key("createdAt")
        .String(at)
        .Key("updatedAt")
        .String(at)
        .EndObject();
  }
  w.EndArray();
  if (row < count) {
    const std::string after = std::to_string(row);
    w.Key("paging")
        .BeginObject()
        .Key("next")
        .BeginObject()
        .Key("after")
        .String(after)
        .Key("link")
        .String("http://" + req.get_header_value("Host") + req.path + "?after=" + after +
                "&limit=" + std::to_string(limit))
        .EndObject()
        .EndObject();
  }
  w.EndObject();
  SendJson(res, 200, w.Take());
}

}  // namespace tempo::fakes
