// The fake Mailchimp Marketing API 3.0, mounted under /mailchimp (a connector's base_url is
// http://127.0.0.1:PORT/mailchimp/3.0). Wire formats follow api-wire-formats.md section 4:
//
//   GET /oauth2/metadata                       `Authorization: OAuth <token>`: dc, api_endpoint
//                                              (this server); a bad token is HTTP 200
//                                              {"error":"invalid_token"}
//   GET /3.0/ping                              {"health_status":"Everything's Chimpy!"}
//   GET /3.0/lists                             count/offset paging, total_items
//   GET /3.0/lists/{list_id}/members           count (default 10, capped at 1000), offset,
//                                              status, since_/before_last_changed (strictly
//                                              after / before, whole seconds), sort_field
//                                              last_changed|timestamp_opt|timestamp_signup,
//                                              sort_dir ASC|DESC, exclude_fields
//   GET /3.0/campaigns                         since_/before_create_time, since_/before_send_time,
//                                              status, list_id, sort_field create_time|send_time
//   GET /3.0/reports/{campaign_id}/email-activity   per recipient, `since`; 404 for a draft
//
// Auth: HTTP Basic with any username and the API key (`<key>-<dc>`) as password, or
// `Authorization: Bearer <OAuth token>`. Errors are application/problem+json
// ({"type","title","status","detail","instance"}); a 401 is "API Key Invalid". More than
// `max_connections` requests in flight at once: 429. Bare HTML 403/503 throttling pages come
// from the `status body=html` fault.
//
// Thread-safety: handlers run concurrently; they read the dataset under its shared lock. The
// moving-sort-key knob changes it under the exclusive lock after a page is built.
#ifndef TEMPO_TESTS_FAKES_MAILCHIMP_PROVIDER_MAILCHIMP_H_
#define TEMPO_TESTS_FAKES_MAILCHIMP_PROVIDER_MAILCHIMP_H_

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>

#include "fakes/core/provider.h"
#include "fakes/core/server_state.h"
#include "fakes/mailchimp/mailchimp_records.h"

namespace tempo::fakes {

class MailchimpProvider : public Provider {
 public:
  explicit MailchimpProvider(ServerState& state);

  std::string_view prefix() const override { return "/mailchimp"; }
  void RegisterRoutes(Router& router) override;
  void RenderFault(const FaultRule& rule, const httplib::Request& req,
                   httplib::Response& res) override;

  // The moving-sort-key scenario from now on: after the Nth successful members page (counted
  // from this call; 0: off), that page's first member changes.
  void MoveAfterPage(int64_t n);
  // Members pages served so far, and members moved by the knob.
  int64_t members_pages() const { return members_pages_.load(); }
  int64_t moved() const { return moved_.load(); }
  // Delay of every API request, in ms (to reach the connection limit in tests).
  void SetLatency(int64_t ms) { latency_ms_ = ms; }

 private:
  // A handler; `touch` receives a lead row to change once the page is built (the knob), or
  // stays -1.
  using Fn = void (MailchimpProvider::*)(const httplib::Request&, httplib::Response&,
                                         const MailchimpView&, int64_t* touch);
  // The steps every API request takes: the connection limit, latency, auth, then `fn` with
  // the view of the dataset under its shared lock.
  void Api(const httplib::Request& req, httplib::Response& res, Fn fn);
  bool Authorized(const httplib::Request& req, httplib::Response& res);
  void Metadata(const httplib::Request& req, httplib::Response& res);
  void Ping(const httplib::Request& req, httplib::Response& res, const MailchimpView& view,
            int64_t* touch);
  void Lists(const httplib::Request& req, httplib::Response& res, const MailchimpView& view,
             int64_t* touch);
  void Members(const httplib::Request& req, httplib::Response& res, const MailchimpView& view,
               int64_t* touch);
  void Campaigns(const httplib::Request& req, httplib::Response& res, const MailchimpView& view,
                 int64_t* touch);
  void EmailActivity(const httplib::Request& req, httplib::Response& res, const MailchimpView& view,
                     int64_t* touch);
  void NotFound(const httplib::Request& req, httplib::Response& res, const MailchimpView& view,
                int64_t* touch);
  // The view of the dataset's current version (rebuilt when it changed).
  std::shared_ptr<const MailchimpView> View();

  ServerState& state_;
  std::atomic<int64_t> in_flight_{0};
  std::atomic<int64_t> latency_ms_{0};
  std::atomic<int64_t> move_after_page_{0};
  std::atomic<int64_t> members_pages_{0};
  std::atomic<int64_t> moved_{0};
  std::atomic<uint64_t> request_ids_{0};
  std::mutex view_mutex_;
  std::shared_ptr<const MailchimpView> view_;
};

// Writes a problem+json error (api-wire-formats.md 4.3).
void MailchimpProblem(httplib::Response& res, int status, std::string_view title,
                      std::string_view detail, uint64_t instance);

}  // namespace tempo::fakes

#endif  // TEMPO_TESTS_FAKES_MAILCHIMP_PROVIDER_MAILCHIMP_H_
