// Every call the connector makes to Marketo, with the envelope's error codes handled in one
// place (README.md, "Errors"):
//
//   601, 602    the host renews the token once and replays the request (envelope.h, Classify)
//   604, 608,   back off and retry: 1, 2, 4, 8, 16 s, then fail naming the code
//   611, 615
//   606         wait out the 20-s rate window: 1, 2, 4, 8, 16, then 20 s at a time, for at most
//               2 minutes in all, then defer the run (another integration is using the budget)
//   607         the daily quota is spent: Status::Quota, the run ends deferred
//   1029        the export queue is full: wait bulk_poll_seconds and retry, 10 times, then defer;
//               the daily export allowance is spent: defer at once
//   702         no data: an empty result
//   other       a clear failure naming code and message
//
// Transport failures, HTTP 5xx and 429 are the host's to retry; a non-2xx answer becomes the kit's
// StatusForHttp. One client per connector instance; the waits are cancellable and go through a
// Sleeper that unit tests replace.
#ifndef TEMPO_PLUGINS_CONNECTORS_MARKETO_MARKETO_CLIENT_H_
#define TEMPO_PLUGINS_CONNECTORS_MARKETO_MARKETO_CLIENT_H_

#include <cstdint>
#include <functional>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>

#include "config.h"
#include "envelope.h"
#include "tempo/http.hpp"
#include "tempo/plugin.hpp"

namespace tempo::marketo {

// The wait before retry `retry` (1 = the first) of a call Marketo refused with `action`, when
// such waits have taken `waited_s` seconds so far; nullopt: stop retrying. `message` is the
// error's (1029 says whether the queue is full or the export allowance spent).
std::optional<double> RetryDelay(ErrorAction action, std::string_view message, int retry,
                                 double waited_s, double bulk_poll_seconds);

// Marketo's HTTP conventions for the kit's HttpClient.
const sdk::HttpProvider& MarketoHttp();

class MarketoClient {
 public:
  // Waits `seconds`; false when the host asked the call to stop meanwhile.
  using Sleeper = std::function<bool(sdk::Context& ctx, double seconds)>;

  explicit MarketoClient(const Config& config);

  void set_sleeper(Sleeper sleeper) { sleeper_ = std::move(sleeper); }
  bool Sleep(sdk::Context& ctx, double seconds) const { return sleeper_(ctx, seconds); }

  // base_url + path ("/rest/v1/leads.json?...").
  std::string Url(std::string_view path) const { return config_.base_url + std::string(path); }

  // Sends the call until Marketo answers with success, and leaves the envelope in *env.
  // `handled` are error codes the caller deals with itself: they come back as Ok with
  // env->success() false. `where` names the stream and step in messages ("stream 'leads'
  // export create, window 2024-01-01..2024-02-01").
  sdk::Status Call(sdk::Context& ctx, const char* method, const std::string& url,
                   std::string_view body, std::string_view where, Envelope* env,
                   std::initializer_list<std::string_view> handled = {}) const;

  // GETs the bytes `range` ("bytes=a-b") of a bulk export file into *data; *first is the offset
  // of its first byte and *total the file's size (a server that ignores Range sends all of it
  // from 0). Envelope errors in place of the file are handled as Call's are.
  sdk::Status FileRange(sdk::Context& ctx, const std::string& url, std::string_view range,
                        std::string_view where, std::string* data, int64_t* first,
                        int64_t* total) const;

 private:
  // One exchange with the error-code loop; `file`: the answer may be file bytes.
  sdk::Status Exchange(sdk::Context& ctx, const char* method, const std::string& url,
                       std::string_view body, std::string_view where,
                       std::vector<std::pair<std::string, std::string>> headers, Envelope* env,
                       std::initializer_list<std::string_view> handled, bool file,
                       sdk::HttpResponse* resp) const;

  const Config& config_;
  sdk::HttpClient http_;
  Sleeper sleeper_;
};

}  // namespace tempo::marketo

#endif  // TEMPO_PLUGINS_CONNECTORS_MARKETO_MARKETO_CLIENT_H_
