// Everything the fake API server is configured with: the dataset, credentials, faults present
// from the start, and HTTP knobs. Filled by the tempo-fakeapi command line (and a scenario file)
// or directly by an in-process test.
#ifndef TEMPO_TESTS_FAKES_CORE_SERVER_OPTIONS_H_
#define TEMPO_TESTS_FAKES_CORE_SERVER_OPTIONS_H_

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "fakes/core/auth.h"
#include "fakes/core/dataset.h"
#include "fakes/core/faults.h"
#include "fakes/core/request_log.h"
#include "fakes/mailchimp/mailchimp_options.h"

namespace tempo::fakes {

struct FakeApiOptions {
  std::string host = "127.0.0.1";
  int port = 0;  // 0: the kernel picks a free port
  DatasetOptions dataset;
  AuthOptions auth;
  std::vector<FaultRule> faults;
  // Salesforce query page size unless the client asks for a smaller one with
  // `Sforce-Query-Options: batchSize=N` (200..2000).
  int salesforce_batch_size = 2000;
  int64_t salesforce_daily_limit = 15000;  // the M of Sforce-Limit-Info: api-usage=N/M
  int64_t hubspot_daily_limit = 250000;    // X-HubSpot-RateLimit-Daily
  // What the Salesforce integration user's profile hides: "Partner,Account.NumberOfEmployees"
  // (fakes/salesforce/salesforce_profile.h); empty: it sees everything. Start refuses unknown
  // names.
  std::string salesforce_hidden;
  // Request line plus query longer than this gets 414 (cpp-httplib itself stops at 8192).
  size_t max_uri_length = 8192;
  int worker_threads = 32;       // hung requests each hold one
  int keep_alive_timeout_s = 2;  // idle keep-alive connections; also bounds shutdown time
  // Requests served on one connection before the server closes it (cpp-httplib's default is
  // 5; real HubSpot and Salesforce keep a connection for far more).
  int keep_alive_max_count = 10000;
  // Rendered HubSpot list records kept for clients that read them again (see
  // fakes/hubspot/hubspot_record_cache.h), in MB; 0 turns the cache off. Filled only as records
  // are served.
  int64_t record_cache_mb = 1024;
  MailchimpOptions mailchimp;  // credentials, connection limit, moving-sort-key knob
  // Called for each request when it completes (from a worker thread). The CLI prints these.
  std::function<void(const RequestRecord&)> on_request;
};

}  // namespace tempo::fakes

#endif  // TEMPO_TESTS_FAKES_CORE_SERVER_OPTIONS_H_
