// The fake PartnerStack, mounted under /partnerstack: the vendor API v2 under
// /partnerstack/api/v2 (a connector's base_url is http://127.0.0.1:PORT/partnerstack/api/v2).
// Wire format as PartnerStack's API reference and section 7 of the API wire-format notes:
//
//   GET /api/v2/partnerships, /customers, /deals, /leads
//       limit (1-250, default 10; anything else is a 400), starting_after or ending_before
//       (an item key; both, or a key the list does not have, is a 400), min_updated,
//       max_updated, min_created, max_created (epoch ms: min inclusive, max exclusive; not an
//       integer is a 400). {"data":{"has_more":B,"items":[...]},"message":...,"status":200};
//       items newest created first (partnerstack_records.h).
//
// Auth: HTTP Basic with the public key as user name and the secret key as password; anything
// else is 401 {"message":"...","status":401}. Errors are {"message": ..., "status": N}; the
// fault kinds render the same way (429 "Too many requests"). The provider records the query
// of every request it answers (Requests()), so a test can check the paging and incremental
// parameters a connector sent.
//
// Thread-safety: handlers run concurrently; the view (partnerstack_records.h) is rebuilt when
// the dataset changed, under the dataset's shared lock.
#ifndef TEMPO_TESTS_FAKES_PARTNERSTACK_PROVIDER_PARTNERSTACK_H_
#define TEMPO_TESTS_FAKES_PARTNERSTACK_PROVIDER_PARTNERSTACK_H_

#include <deque>
#include <memory>
#include <mutex>
#include <shared_mutex>
#include <string>
#include <vector>

#include "fakes/core/provider.h"
#include "fakes/core/server_state.h"
#include "fakes/partnerstack/partnerstack_records.h"

namespace tempo::fakes {

// One API request as the fake PartnerStack answered it.
struct PsRequest {
  std::string path;   // "/partnerstack/api/v2/deals"
  std::string query;  // name=value&... (decoded), sorted by name
  int status = 0;
};

class PartnerStackProvider : public Provider {
 public:
  explicit PartnerStackProvider(ServerState& state) : state_(state) {}

  std::string_view prefix() const override { return "/partnerstack"; }
  void RegisterRoutes(Router& router) override;
  void RenderFault(const FaultRule& rule, const httplib::Request& req,
                   httplib::Response& res) override;

  // Runs fn(const PartnerStackView&) on the current view, the dataset locked; returns its result.
  template <class Fn>
  auto WithView(Fn&& fn) {
    std::shared_lock lock(state_.dataset_mutex);
    return fn(*View());
  }

  std::vector<PsRequest> Requests() const;
  void ClearRequests();

 private:
  // The view of the dataset now (callers hold the dataset's lock).
  std::shared_ptr<const PartnerStackView> View();
  bool Authorized(const httplib::Request& req, httplib::Response& res);
  void List(const httplib::Request& req, httplib::Response& res, std::string_view resource);
  void Record(const httplib::Request& req, const httplib::Response& res);

  ServerState& state_;
  mutable std::mutex mutex_;
  std::shared_ptr<const PartnerStackView> view_;
  std::deque<PsRequest> requests_;
};

}  // namespace tempo::fakes

#endif  // TEMPO_TESTS_FAKES_PARTNERSTACK_PROVIDER_PARTNERSTACK_H_
