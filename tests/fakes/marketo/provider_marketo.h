// The fake Marketo, mounted under /marketo. Wire formats follow api-wire-formats.md section 3:
//
//   GET|POST /identity/oauth/token                client_credentials (query or form): the same
//                                                 token with a decreasing expires_in until it
//                                                 expires; 401 "Bad client credentials"
//   GET  /rest/v1/leads/describe.json             the lead fields (marketo_records.h)
//   GET  /rest/v1/leads.json?filterType=id|email&filterValues=..(<= 300)&fields=..
//   GET  /rest/v1/leads/programs/{id}.json        a program's members with their membership;
//                                                 token paging (batchSize <= 300)
//   GET  /rest/v1/activities/pagingtoken.json?sinceDatetime=..
//   GET  /rest/v1/activities/leadchanges.json?nextPageToken=..&fields=..
//   GET  /rest/v1/activities/deletedleads.json?nextPageToken=..
//   GET  /rest/v1/activities/types.json
//   GET  /rest/asset/v1/programs.json?maxReturn(<=200)&offset[&earliestUpdatedAt&latestUpdatedAt]
//   POST /bulk/v1/leads/export/create.json        {"fields","format":"CSV","filter":{..}}
//   POST /bulk/v1/leads/export/{id}/enqueue.json, .../cancel.json
//   GET  /bulk/v1/leads/export/{id}/status.json, .../file.json (Range: bytes=a-b honored)
//
// Every REST and bulk answer is HTTP 200 with the envelope {"requestId","success",...}; errors
// are success:false with "errors":[{"code":"606","message":..}] (string codes, no result).
// Enforced on every call: the Bearer token (601 unknown, 602 expired; a query-string
// access_token is not accepted), at most max_concurrent calls in flight (615), rate_limit
// calls per rate_window_ms (606), daily_quota calls a day (607). Faults under /marketo render
// as Marketo does: `status` with a Marketo code (600-1999) is that error in the envelope,
// `rate_limited` / `rate_window` are 606, `quota` is 607, `invalid_grant` is the identity's 401.
//
// Control routes:
//   GET  /_admin/marketo/settings                      the MarketoOptions in force
//   POST /_admin/marketo/settings?export_ms=1500&...   changes some of them
//   GET  /_admin/marketo/exports                       the export jobs
//
// Thread-safety: handlers run concurrently; they read the dataset under its shared lock.
#ifndef TEMPO_TESTS_FAKES_MARKETO_PROVIDER_MARKETO_H_
#define TEMPO_TESTS_FAKES_MARKETO_PROVIDER_MARKETO_H_

#include <atomic>
#include <chrono>
#include <cstdint>
#include <deque>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "fakes/core/provider.h"
#include "fakes/core/router.h"
#include "fakes/core/server_state.h"
#include "fakes/marketo/marketo_exports.h"

namespace tempo::fakes {

class MarketoProvider : public Provider {
 public:
  explicit MarketoProvider(ServerState& state);

  std::string_view prefix() const override { return "/marketo"; }
  void RegisterRoutes(Router& router) override;
  void RegisterAdminRoutes(Router& router) override;
  void RenderFault(const FaultRule& rule, const httplib::Request& req,
                   httplib::Response& res) override;

  // The instance's limits and features now; changes apply to requests that start after them.
  MarketoOptions options() const;
  void SetOptions(const MarketoOptions& options);
  std::vector<ExportJob> exports() const { return exports_.Snapshot(); }

 private:
  // Wraps a REST or bulk handler in the checks every call gets (token, concurrency, quota,
  // rate window).
  Handler Api(Handler inner);
  void Token(const httplib::Request& req, httplib::Response& res);
  void Describe(const httplib::Request& req, httplib::Response& res);
  void Leads(const httplib::Request& req, httplib::Response& res);
  void ProgramMembers(const httplib::Request& req, httplib::Response& res);
  void PagingToken(const httplib::Request& req, httplib::Response& res);
  void Activities(const httplib::Request& req, httplib::Response& res, bool deleted);
  void ActivityTypes(const httplib::Request& req, httplib::Response& res);
  void Programs(const httplib::Request& req, httplib::Response& res);
  void ExportCreate(const httplib::Request& req, httplib::Response& res);
  void ExportJobCall(const httplib::Request& req, httplib::Response& res);

  std::string RequestId();
  // The success envelope: `result_json` (an array; empty: no result member) and `members`, more
  // top-level members (",\"moreResult\":false").
  void Ok(httplib::Response& res, std::string_view result_json, std::string_view members = {});
  void Error(httplib::Response& res, std::string_view code, std::string_view message);
  ExportJobs::FileBuilder FileBuilder();

  ServerState& state_;
  mutable std::mutex options_mutex_;
  MarketoOptions options_;
  std::atomic<int64_t> in_flight_{0};
  std::atomic<uint64_t> request_seq_{0};
  std::mutex calls_mutex_;
  std::deque<std::chrono::steady_clock::time_point> window_;  // calls in the rate window
  int64_t quota_day_ = -1;
  int64_t calls_today_ = 0;
  ExportJobs exports_;
};

}  // namespace tempo::fakes

#endif  // TEMPO_TESTS_FAKES_MARKETO_PROVIDER_MARKETO_H_
