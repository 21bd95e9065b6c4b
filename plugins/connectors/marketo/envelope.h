// Marketo's response envelope (api-wire-formats.md 3.2): every REST and bulk answer is HTTP 200
// with {"requestId","success",...}; a failure is success:false with "errors":[{"code":"606",
// "message":...}] (the code a quoted string) and no result. This file parses the envelope once
// (keeping each result's bytes as sent, the raw JSON a record keeps), says what each error code
// asks the client to do, and classifies responses for the host's retry logic. Pure apart from
// the parse buffers; one Envelope per reader, not shared between threads.
#ifndef TEMPO_PLUGINS_CONNECTORS_MARKETO_ENVELOPE_H_
#define TEMPO_PLUGINS_CONNECTORS_MARKETO_ENVELOPE_H_

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include <simdjson.h>

#include "tempo/plugin.hpp"

namespace tempo::marketo {

struct MarketoError {
  std::string code;     // "606"
  std::string message;  // "Max rate limit '100' exceeded with in '20' secs"
};

// What an error code asks of the client (README.md, "Errors").
enum class ErrorAction {
  kRenewToken,  // 601, 602: renew the token and replay (the host does it, see Classify)
  kRetry,       // 604, 608, 611, 615: back off and retry
  kRateWindow,  // 606: wait out the 20-s rate window
  kQuota,       // 607: the daily quota is spent: the run ends deferred
  kBulkQueue,   // 1029: the export queue is full (wait and retry) or the export quota is spent
  kEmpty,       // 702: no data, an empty result
  kFail,        // anything else: a clear failure naming code and message
};
ErrorAction ActionFor(std::string_view code);

// The classify hook (tempo_http_classify_fn): an HTTP 200 whose envelope says 601 or 602 is
// AUTH_EXPIRED, so the host renews the token once and replays the request; everything else
// keeps the host's rule (and envelope errors reach the client, which handles them). Cheap on
// large bodies: only a short body that starts as a JSON object is looked into.
int32_t Classify(void* user, const tempo_http_response* response);

class Envelope {
 public:
  // Parses `body`. A body that is not a JSON object with a boolean `success` is a Data error
  // naming `what` ("Marketo stream 'leads' leadchanges page 3"): never an empty page.
  sdk::Status Parse(std::string_view body, const std::string& what);

  bool success() const { return success_; }
  const std::vector<MarketoError>& errors() const { return errors_; }
  // The result objects; empty when there is no result (or on a failure).
  const std::vector<simdjson::dom::element>& results() const { return results_; }
  bool has_result() const { return has_result_; }
  // Result `index`'s bytes as sent (the raw JSON of a record), or "" when unknown.
  std::string_view RawResult(size_t index) const {
    return index < raw_.size() ? raw_[index] : std::string_view();
  }
  bool more_result() const { return more_result_; }
  const std::string& next_page_token() const { return next_page_token_; }
  const std::vector<std::string>& warnings() const { return warnings_; }
  simdjson::dom::element doc() const { return doc_; }

 private:
  void FindRawResults();

  std::string buffer_;
  simdjson::dom::parser parser_;
  simdjson::ondemand::parser raw_parser_;
  simdjson::dom::element doc_;
  bool success_ = false, has_result_ = false, more_result_ = false;
  std::vector<MarketoError> errors_;
  std::vector<simdjson::dom::element> results_;
  std::vector<std::string_view> raw_;
  std::string next_page_token_;
  std::vector<std::string> warnings_;
};

// "error 606 (Max rate limit ...)": an error for messages.
std::string Describe(const MarketoError& error);

}  // namespace tempo::marketo

#endif  // TEMPO_PLUGINS_CONNECTORS_MARKETO_ENVELOPE_H_
