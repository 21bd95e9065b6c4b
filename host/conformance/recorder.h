// RecordingTransport: `tempo test-plugin`'s record mode. Wraps the real transport (libcurl) and
// appends each attempt's exchange, redacted (exchange.h), to a fixture file as it happens:
// token requests, retries and failures included, so a replay meets the same sequence.
//
// Thread safety: as HttpTransport (one attempt at a time).
#ifndef TEMPO_HOST_CONFORMANCE_RECORDER_H_
#define TEMPO_HOST_CONFORMANCE_RECORDER_H_

#include <memory>
#include <string>

#include "http/http_transport.h"

namespace tempo::conformance {

// Records every exchange `inner` carries into `path` (appended, one JSON line each, flushed).
std::unique_ptr<http::HttpTransport> NewRecordingTransport(
    std::unique_ptr<http::HttpTransport> inner, std::string path);

}  // namespace tempo::conformance

#endif  // TEMPO_HOST_CONFORMANCE_RECORDER_H_
