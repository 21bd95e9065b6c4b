// ReplayTransport: `tempo test-plugin`'s replay mode. Answers each attempt from a fixture file
// of recorded exchanges (recorder.h), never touching the network.
//
// Match rule: a live request is redacted as the recorder redacted it (exchange.h) and matched
// on its method, URL and body (headers are not compared: they carry credentials and client
// versions). The recorded exchanges with that key are served in their recorded order; once
// they are used up, the last one is served again (a resumed read asks for a page twice). A
// request the recording does not have gets a transport failure whose message names it, and
// the kit reports it: the plugin asked for something it did not ask for while recording.
//
// Faults: with a scenario (faults.h), the exchange at `fault_at` (an index in the file) is
// answered with the fault instead, `times` times in a row; the fault takes no recorded answer,
// so the retry that follows gets the recorded one.
//
// Thread safety: as HttpTransport (one attempt at a time).
#ifndef TEMPO_HOST_CONFORMANCE_REPLAYER_H_
#define TEMPO_HOST_CONFORMANCE_REPLAYER_H_

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "conformance/exchange.h"
#include "conformance/faults.h"
#include "http/http_transport.h"

namespace tempo::conformance {

struct ReplayFault {
  const FaultScenario* scenario = nullptr;
  size_t exchange_index = 0;  // the exchange of the file the fault replaces
};

// Serves `exchanges`. The first request without a recorded match is also written (redacted) to
// `unmatched_path` when it is not empty, for the kit's report.
std::unique_ptr<http::HttpTransport> NewReplayTransport(std::vector<Exchange> exchanges,
                                                        std::optional<ReplayFault> fault,
                                                        std::string unmatched_path);

}  // namespace tempo::conformance

#endif  // TEMPO_HOST_CONFORMANCE_REPLAYER_H_
