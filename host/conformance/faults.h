// The HTTP fault scenarios of `tempo test-plugin` (reliability scenarios A.2 #3-5 and #9),
// derived from a recorded full read: the replay serves one recorded data response as the
// fault instead, and the kit checks the outcome. A transient fault (429, 5xx, a reset, a cut
// transfer, an expired token) must be retried by the host and end with the same records; a
// broken 200 (truncated, HTML, malformed or empty JSON) must fail the read with a message, or
// be retried by the plugin and end with the same records; never a success with records missing.
#ifndef TEMPO_HOST_CONFORMANCE_FAULTS_H_
#define TEMPO_HOST_CONFORMANCE_FAULTS_H_

#include <optional>
#include <string_view>
#include <vector>

#include "conformance/exchange.h"
#include "http/http_transport.h"

namespace tempo::conformance {

struct FaultScenario {
  std::string_view name;  // "429", "5xx", ...: the check is fault_<name>
  std::string_view what;  // for the report: "HTTP 429 with Retry-After: 1, once"
  int times;              // how many requests in a row get the fault
  bool transient;         // the host retries it: only "the same records" passes
  bool needs_oauth;       // applies only when the recording has a token request
};

const std::vector<FaultScenario>& FaultScenarios();
const FaultScenario* FindFaultScenario(std::string_view name);

// What the replay serves instead of `original` under `scenario`.
http::CurlResponse FaultResponse(const FaultScenario& scenario, const Exchange& original);

// The exchange a scenario hits: the data response in the middle of `exchanges` (a 2xx answer
// to a request that is not a token request), or nullopt when there is none.
std::optional<size_t> FaultTarget(const std::vector<Exchange>& exchanges);

}  // namespace tempo::conformance

#endif  // TEMPO_HOST_CONFORMANCE_FAULTS_H_
