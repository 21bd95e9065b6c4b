// The host side of the plugin ABI: the tempo_host_api table handed to every plugin, and the
// per-call context (tempo_ctx) through which a plugin's emits, checkpoints, rejects and errors
// reach the stage that made the call.
#ifndef TEMPO_HOST_PLUGIN_HOST_API_H_
#define TEMPO_HOST_PLUGIN_HOST_API_H_

#include <atomic>
#include <cstdint>
#include <string>
#include <string_view>

#include "common/status.h"
#include "tempo/plugin.h"

namespace tempo::plugin {

// Receives what a connector hands the host during read(). Implemented by the sync stage.
class ReadSink {
 public:
  virtual ~ReadSink() = default;
  virtual tempo_status OnEmit(const tempo_record_batch& batch) = 0;
  virtual tempo_status OnCheckpoint(std::string_view stream, std::string_view state) = 0;
  virtual void OnReject(std::string_view reason) = 0;
  // A record the plugin decoded but could not map (ABI 1.6 reject_record): its id ("" when
  // unknown) and the source record ("" when none), kept for a replay. By default only the
  // reason is taken.
  virtual void OnRejectRecord(std::string_view reason, std::string_view /*source_id*/,
                              std::string_view /*raw_record*/) {
    OnReject(reason);
  }
};

// What an HttpGateway has done since it was created. The sync engine takes the difference over
// a run and writes it to the run's sync_runs row.
struct HttpCounters {
  int64_t requests = 0;            // requests sent on the wire: every attempt and token request
  int64_t retries = 0;             // attempts that repeated an earlier one (backoff, auth replay)
  int64_t bytes_received = 0;      // response header and body bytes as received
  int64_t rate_limit_wait_ms = 0;  // time spent waiting for the provider account's rate budget
  int64_t server_ms = 0;           // time from sending a request to its last byte, every attempt
  int64_t backoff_ms = 0;          // time slept between attempts (backoff, Retry-After)
  std::string rate_limit_key;      // the budget's name (never a secret); "" without one
  // The provider's newest report of the account's API usage (tempo_http_config.usage_header):
  // calls used and the limit; -1 when it has not reported any.
  int64_t api_used = -1, api_limit = -1;
};

// Serves a connector's HTTP calls. Implemented by the http stage (http/http_service.h); one
// per connection, outliving the connector that uses it.
class HttpGateway {
 public:
  virtual ~HttpGateway() = default;
  virtual tempo_status Configure(tempo_ctx& ctx, const tempo_http_config& config) = 0;
  // Fills *response with host-owned memory valid until the next Request on this gateway.
  virtual tempo_status Request(tempo_ctx& ctx, const tempo_http_request& request,
                               tempo_http_response* response) = 0;
  virtual tempo_status AuthField(tempo_ctx& ctx, std::string_view name, const char** value,
                                 size_t* value_len) = 0;
  virtual HttpCounters Counters() const = 0;
};

// A score() call in progress: where the plugin's queries go and its metrics are collected
// (defined in scorer.cc).
struct ScoreCall;

// The process-wide host API table (valid for the life of the process).
const tempo_host_api* HostApi();

}  // namespace tempo::plugin

// The per-call context. Lives on the caller's stack for the duration of one plugin call.
struct tempo_ctx {
  std::string plugin_name;
  std::string connection;                      // for messages
  std::string stream;                          // set for read() and remap()
  tempo::plugin::ReadSink* sink = nullptr;     // set for read() and remap()
  tempo::plugin::HttpGateway* http = nullptr;  // null: no HTTP in this call
  const std::atomic<bool>* cancel = nullptr;   // may be null
  tempo::plugin::ScoreCall* score = nullptr;   // set for a scorer's score()
  tempo_status error_code = TEMPO_OK;
  std::string error;  // from set_error, already redacted
};

namespace tempo::plugin {

// Turns a plugin call's return code into a Status, using the message the plugin set. `what`
// names the call for the message ("check of connection 'crm'").
Status CallResult(const tempo_ctx& ctx, tempo_status rc, std::string_view what);

}  // namespace tempo::plugin

#endif  // TEMPO_HOST_PLUGIN_HOST_API_H_
