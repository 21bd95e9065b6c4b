// The fake HubSpot, mounted under /hubspot (a connector's base_url is
// http://127.0.0.1:PORT/hubspot). Wire formats follow api-wire-formats.md section 1:
//
//   GET  /crm/v3/objects/{contacts|companies|deals}          list: limit <= 100, opaque `after`
//                                                            (URL-encoded base64), properties,
//                                                            associations, archived
//   GET  /crm/v3/objects/{type}/{id}                         one record
//   POST /crm/v3/objects/{type}/search                       see hubspot_search.h
//   GET  /crm/v3/properties/{type}                           property definitions
//   POST /oauth/v1/token                                     refresh_token grant (form body)
//   GET  /marketing/v3/emails                                limit <= 100, after, updatedAfter,
//                                                            includeStats, archived
//   GET  /marketing/v3/campaigns                             limit <= 100, after, properties
//                                                            (hubspot_marketing.h)
//   GET  /settings/v3/currencies/company-currency            the company currency (USD)
//   GET  /settings/v3/currencies/exchange-rates              limit <= 100, numeric after
//                                                            (hubspot_currencies.cc)
//
// With DatasetOptions::split_crms the deals (and their partner properties) of the other CRM
// are not served: lists, search and single reads skip them.
//
// Every property value is a JSON string (or null); `paging` is absent on the last page; GET
// responses carry X-HubSpot-RateLimit-* headers, search responses do not; errors use the v3
// envelope {"status":"error","message","correlationId","category"}.
//
// Thread-safety: handlers run concurrently; they read the dataset under its shared lock.
#ifndef TEMPO_TESTS_FAKES_HUBSPOT_PROVIDER_HUBSPOT_H_
#define TEMPO_TESTS_FAKES_HUBSPOT_PROVIDER_HUBSPOT_H_

#include <algorithm>
#include <atomic>
#include <chrono>
#include <deque>
#include <mutex>
#include <string>

#include "fakes/core/provider.h"
#include "fakes/core/server_state.h"
#include "fakes/hubspot/hubspot_objects.h"
#include "fakes/hubspot/hubspot_record_cache.h"

namespace tempo::fakes {

class HubSpotProvider : public Provider {
 public:
  explicit HubSpotProvider(ServerState& state)
      : state_(state),
        record_cache_(static_cast<size_t>(std::max<int64_t>(state.options.record_cache_mb, 0))
                      << 20) {}

  std::string_view prefix() const override { return "/hubspot"; }
  void RegisterRoutes(Router& router) override;
  void RenderFault(const FaultRule& rule, const httplib::Request& req,
                   httplib::Response& res) override;

 private:
  // Checks the bearer token; on failure writes the 401 and returns false.
  bool Authorize(const httplib::Request& req, httplib::Response& res, bool& private_app);
  // Authorizes a GET on an object type (matches[1]) and adds the rate-limit headers; nullptr
  // after writing the 401.
  const HubSpotObjectType* AuthorizedGet(const httplib::Request& req, httplib::Response& res);
  void List(const httplib::Request& req, httplib::Response& res);
  void GetOne(const httplib::Request& req, httplib::Response& res);
  void Search(const httplib::Request& req, httplib::Response& res);
  void AssociationsBatchRead(const httplib::Request& req, httplib::Response& res);
  void Properties(const httplib::Request& req, httplib::Response& res);
  void Token(const httplib::Request& req, httplib::Response& res);
  // The Settings API's currencies (hubspot_currencies.cc).
  void CompanyCurrency(const httplib::Request& req, httplib::Response& res);
  void ExchangeRates(const httplib::Request& req, httplib::Response& res);
  // /marketing/v3/emails and /marketing/v3/campaigns (hubspot_marketing.cc).
  void MarketingEmails(const httplib::Request& req, httplib::Response& res);
  void MarketingCampaigns(const httplib::Request& req, httplib::Response& res);

  // The v3 error envelope.
  void Error(httplib::Response& res, int status, std::string_view category,
             std::string_view message);
  void AddRateLimitHeaders(httplib::Response& res, bool private_app);
  std::string CorrelationId();

  ServerState& state_;
  HubSpotRecordCache record_cache_;  // list pages' records, for clients that read them again
  std::atomic<uint64_t> correlation_{0};
  std::mutex rate_mutex_;
  std::deque<std::chrono::steady_clock::time_point> recent_;  // the last 10 s of API calls
  int64_t calls_today_ = 0;
};

}  // namespace tempo::fakes

#endif  // TEMPO_TESTS_FAKES_HUBSPOT_PROVIDER_HUBSPOT_H_
