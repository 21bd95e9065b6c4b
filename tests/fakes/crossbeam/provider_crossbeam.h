// The fake Crossbeam, mounted under /crossbeam: the partner API (v1) and its Auth0 token
// endpoint. A connector's base_url is http://127.0.0.1:PORT/crossbeam and its token_url
// http://127.0.0.1:PORT/crossbeam/oauth/token. Wire formats follow api-wire-formats.md
// section 5:
//
//   POST /oauth/token                  form-encoded refresh_token grant (Auth0): access_token,
//                                      expires_in 86400, token_type Bearer, scope, and a new
//                                      refresh_token (rotation: the old one stops working)
//   GET  /v1/users/me                  the user and data[].organizations[].uuid; the only call
//                                      that needs no Xbeam-Organization header
//   GET  /v1/partners                  page-number paging: limit, page; pagination.next_href
//                                      absolute, null on the last page
//   GET  /v1/populations               our populations (not paged)
//   GET  /v1/partner-populations       the populations partners share with us (not paged)
//   GET  /v1/overlaps/{accounts,leads} cursor paging: limit (1-1000, default 25), cursor,
//                                      partner-id, population-ids[]; pagination.has_more,
//                                      next_href (absolute) and next_cursor (see
//                                      crossbeam_cursor.h: the final cursor returns later
//                                      changes, is_deleted tombstones included; a cursor from
//                                      another query, or retired, is a 400)
//
// Every API call needs `Authorization: Bearer` (401 without a valid token) and, but for
// users/me, `Xbeam-Organization: <uuid>` (403 without it or for an organization the user is
// not in). Errors are {"message": ...} (token endpoint: Auth0's {"error", "error_description"}).
//
// Knobs (in process, or POST /_admin/crossbeam/...): the list key (`data`, or `items` as the
// docs' prose says), the origin of next_href (another host: a connector must not follow it),
// retiring every cursor, and changing overlaps (add, change, delete) between runs. The fake
// records each API request it answers (host, credential label, organization header) for tests
// that check where a token went. Control routes:
//
//   GET  /_admin/crossbeam/truth                      live overlaps and what they should become
//   GET  /_admin/crossbeam/requests                   the recorded requests
//   POST /_admin/crossbeam/settings?list_key=items&next_href_origin=http://host:port
//   POST /_admin/crossbeam/cursors/invalidate
//   POST /_admin/crossbeam/overlaps/{add,change,delete}?kind=accounts&first=0&count=3
//
// Thread-safety: handlers run concurrently; the world (crossbeam_world.h) is built on first
// use and guarded by a mutex, always taken after the dataset's shared lock.
#ifndef TEMPO_TESTS_FAKES_CROSSBEAM_PROVIDER_CROSSBEAM_H_
#define TEMPO_TESTS_FAKES_CROSSBEAM_PROVIDER_CROSSBEAM_H_

#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <shared_mutex>
#include <string>
#include <vector>

#include "common/status.h"
#include "fakes/core/provider.h"
#include "fakes/core/server_state.h"
#include "fakes/crossbeam/crossbeam_cursor.h"
#include "fakes/crossbeam/crossbeam_world.h"

namespace tempo::fakes {

// One API request as the fake Crossbeam answered it.
struct XbRequest {
  std::string method, path, query;  // query: name=value&... as received (decoded)
  std::string host;                 // the Host header
  std::string credential;           // token label ("crossbeam-oauth#2", "none", ...)
  std::string organization;         // the Xbeam-Organization header ("" when absent)
  int status = 0;
};

enum class XbMutation : uint8_t { kAdd, kChange, kDelete };

class CrossbeamProvider : public Provider {
 public:
  explicit CrossbeamProvider(ServerState& state) : state_(state) {}

  std::string_view prefix() const override { return "/crossbeam"; }
  void RegisterRoutes(Router& router) override;
  void RegisterAdminRoutes(Router& router) override;
  void RenderFault(const FaultRule& rule, const httplib::Request& req,
                   httplib::Response& res) override;

  // The options the server was started with make sense (crossbeam_crm, organizations).
  Status CheckOptions() const;

  // "data" (default) or "items": the key list responses put their records under.
  Status SetListKey(std::string key);
  // The scheme://host:port next_href links use ("": this server's own).
  void SetNextHrefOrigin(std::string origin);
  // Every cursor issued so far is refused from now on (400).
  void InvalidateCursors();
  // Changes the overlaps of `kind`; returns "crossbeam_record_id:partner_crossbeam_record_id"
  // of each overlap it touched.
  std::vector<std::string> Mutate(XbMutation mutation, OverlapKind kind, int64_t first,
                                  int64_t count);

  // Runs fn(const CrossbeamWorld&, const Dataset&) with both locked; returns its result.
  template <class Fn>
  auto WithWorld(Fn&& fn) {
    std::shared_lock dataset(state_.dataset_mutex);
    std::lock_guard lock(mutex_);
    return fn(World(), static_cast<const Dataset&>(state_.dataset));
  }

  std::vector<XbRequest> Requests() const;
  void ClearRequests();

 private:
  // Checks the bearer token and (when `need_org`) the organization header; on failure writes
  // the 401/403 and returns -1, else the organization's index (-1 never; 0 holds the data).
  int Authorize(const httplib::Request& req, httplib::Response& res, bool need_org);
  void Token(const httplib::Request& req, httplib::Response& res);
  void Me(const httplib::Request& req, httplib::Response& res);
  void Partners(const httplib::Request& req, httplib::Response& res);
  void Populations(const httplib::Request& req, httplib::Response& res, bool partner);
  void Overlaps(const httplib::Request& req, httplib::Response& res);
  void Record(const httplib::Request& req, const httplib::Response& res);

  // The world, built from the dataset on first use (callers hold both locks).
  CrossbeamWorld& World();
  std::string Origin() const;  // next_href's scheme://host:port (callers hold mutex_)
  void Message(httplib::Response& res, int status, std::string_view message);

  ServerState& state_;
  mutable std::mutex mutex_;
  std::unique_ptr<CrossbeamWorld> world_;
  std::string list_key_ = "data";
  std::string next_href_origin_;
  uint64_t cursor_generation_ = 0;
  std::deque<XbRequest> requests_;
};

}  // namespace tempo::fakes

#endif  // TEMPO_TESTS_FAKES_CROSSBEAM_PROVIDER_CROSSBEAM_H_
