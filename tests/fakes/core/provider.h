// A fake provider: a set of routes under its own path prefix ("/hubspot", "/salesforce") and
// its own way of spelling errors, used for injected faults too.
#ifndef TEMPO_TESTS_FAKES_CORE_PROVIDER_H_
#define TEMPO_TESTS_FAKES_CORE_PROVIDER_H_

#include <string_view>

#include <httplib.h>

#include "fakes/core/faults.h"

namespace tempo::fakes {

class Router;

class Provider {
 public:
  virtual ~Provider() = default;
  virtual std::string_view prefix() const = 0;
  virtual void RegisterRoutes(Router& router) = 0;
  // Control routes of this provider's own (under /_admin/<name>/...), if it has any.
  virtual void RegisterAdminRoutes(Router&) {}
  // Writes this provider's response for an injected error: kStatus (provider body),
  // kRateLimited, kRateWindow, kQuota, kInvalidGrant. The router adds Retry-After.
  virtual void RenderFault(const FaultRule& rule, const httplib::Request& req,
                           httplib::Response& res) = 0;
};

}  // namespace tempo::fakes

#endif  // TEMPO_TESTS_FAKES_CORE_PROVIDER_H_
