// The org's conversion rates, queried. See currency_reader.h.
#include "currency_reader.h"

#include <simdjson.h>

#include "page.h"
#include "salesforce_http.h"
#include "soql.h"

namespace tempo::salesforce {
namespace {

using sdk::Status;

// Every record of `soql`, page by page, handed to `add`.
template <class Add>
Status QueryAll(sdk::Context& ctx, const std::string& instance, const Config& config,
                const std::string& soql, const std::string& what, Add add) {
  simdjson::ondemand::parser parser;
  std::string url = QueryUrl(instance, config.api_version, false, soql);
  for (int page = 1;; ++page) {
    sdk::HttpResponse resp;
    if (Status s = Get(ctx, url, &resp,
                       {{"Sforce-Query-Options", "batchSize=" + std::to_string(config.batch_size)},
                        {"Accept", "application/json"}});
        !s.ok()) {
      return s;
    }
    if (resp.status != 200) return Refused(resp.status, resp.body, what);
    Page parsed;
    if (Status s = ParsePage(parser, resp.body, "Salesforce " + what, &parsed); !s.ok()) return s;
    for (const Record& r : parsed.records) add(r);
    if (parsed.done) return Status::Ok();
    url = instance + parsed.next_url;
  }
}

}  // namespace

Status ReadCurrencyRates(sdk::Context& ctx, const std::string& instance, const Config& config,
                         bool dated, const std::string& where, CurrencyRates* rates) {
  *rates = CurrencyRates();
  Status s = QueryAll(ctx, instance, config,
                      "SELECT IsoCode, ConversionRate, IsCorporate, LastModifiedDate FROM "
                      "CurrencyType",
                      where + " CurrencyType", [&](const Record& r) { rates->AddCurrencyType(r); });
  if (!s.ok() || !dated) return s;
  return QueryAll(ctx, instance, config,
                  "SELECT IsoCode, ConversionRate, StartDate FROM DatedConversionRate",
                  where + " DatedConversionRate", [&](const Record& r) { rates->AddDatedRate(r); });
}

}  // namespace tempo::salesforce
