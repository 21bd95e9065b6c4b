// A provider's API usage as a response header reports it: Salesforce answers every request with
// "Sforce-Limit-Info: api-usage=18/5000" (newer orgs append "; api-bursts=1/750"). The plugin
// names the header (tempo_http_config.usage_header, ABI 1.7); the host keeps the newest pair
// for the run record (sync_runs.api_used, api_limit) and /metrics.
#ifndef TEMPO_HOST_HTTP_API_USAGE_H_
#define TEMPO_HOST_HTTP_API_USAGE_H_

#include <cstdint>
#include <optional>
#include <string_view>

namespace tempo::http {

struct ApiUsage {
  int64_t used = 0;
  int64_t limit = 0;
};

// The first "USED/LIMIT" pair of decimal digits in `value` ("api-usage=18/5000; api-bursts=1/750"
// gives 18 of 5000); nullopt when there is none or a number does not fit 18 digits.
std::optional<ApiUsage> ParseApiUsage(std::string_view value);

}  // namespace tempo::http

#endif  // TEMPO_HOST_HTTP_API_USAGE_H_
