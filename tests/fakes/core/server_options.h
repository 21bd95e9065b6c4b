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
#include "fakes/impartner/impartner_options.h"
#include "fakes/mailchimp/mailchimp_options.h"
#include "fakes/partnerstack/partnerstack_options.h"

namespace tempo::fakes {

// The fake Marketo instance's limits and features (docs/fake-api.md, "Marketo").
struct MarketoOptions {
  int64_t rate_limit = 100;        // calls per rate window; beyond: 606
  int64_t rate_window_ms = 20000;  // the sliding window of rate_limit
  int64_t max_concurrent = 10;     // calls in flight; beyond: 615
  int64_t daily_quota = 50000;     // calls per day (US Central); then 607
  int64_t export_ms = 0;           // an enqueued export's time to Completed (half queued)
  int64_t export_quota_bytes = 500LL * 1024 * 1024;  // export file bytes per day; then 1029
  bool updated_at_filter = true;  // false: a bulk export filtered on updatedAt answers 1035
  bool fail_exports = false;      // true: enqueued exports end Failed
  int64_t scan_rows = 1000;       // lead rows one program-members page scans
};

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
  // The fake Marketo (fakes/marketo/provider_marketo.h); each can also be changed while it runs.
  MarketoOptions marketo;
  // The fake Crossbeam (fakes/crossbeam/provider_crossbeam.h): the CRM its organization is
  // connected to ("salesforce" or "hubspot": an overlap's record_id is that fake's id of the
  // account), the organizations the API user belongs to (the first one holds the data), and
  // whether one planted account overlap names a CRM account that does not exist.
  std::string crossbeam_crm = "salesforce";
  int crossbeam_organizations = 1;
  bool crossbeam_missing_crm_overlap = false;
  PartnerStackOptions partnerstack;  // fakes/partnerstack/provider_partnerstack.h
  ImpartnerOptions impartner;        // fakes/impartner/provider_impartner.h
  // Called for each request when it completes (from a worker thread). The CLI prints these.
  std::function<void(const RequestRecord&)> on_request;
};

}  // namespace tempo::fakes

#endif  // TEMPO_TESTS_FAKES_CORE_SERVER_OPTIONS_H_
