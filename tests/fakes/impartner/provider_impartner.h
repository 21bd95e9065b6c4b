// The fake Impartner PRM, mounted under /impartner: its Objects API v1 at
// /impartner/api/objects/v1 (a connector's base_url is
// http://127.0.0.1:PORT/impartner/api/objects/v1), serving the dataset's partners as Account
// objects. The format follows what Impartner-tested integrations read (the XSOAR Impartner
// integration and its recorded responses); where they say nothing the fake is marked so:
//
//   GET /api/objects/v1/Account   fields (comma-separated; id always; an unknown one is a
//                                 400), skip (default 0), take (1-1000, default 100 [not
//                                 documented]), orderby (a field, optionally "desc"); a filter
//                                 is a 400 (not served). {"data":{"count":N,"entity":"Account",
//                                 "results":[...]},"success":true}, count being every match.
//
// Accounts (ImpartnerAccounts): id 604639 + partner index, name, website
// (https://www.<domain>/), isActive (every fifth partner is inactive), memberCount, created and
// updated as ISO-8601 with the instance's -06:00 offset, recordLink.
//
// Auth: `Authorization: prm-key <api_key>`; without it 401 {"success":false,"message":...}.
// With a tenant configured, X-PRM-TenantId must name it (403 otherwise) [not documented].
//
// Thread-safety: handlers run concurrently and only read the dataset, under its shared lock.
#ifndef TEMPO_TESTS_FAKES_IMPARTNER_PROVIDER_IMPARTNER_H_
#define TEMPO_TESTS_FAKES_IMPARTNER_PROVIDER_IMPARTNER_H_

#include <cstdint>
#include <string>
#include <vector>

#include "fakes/core/dataset.h"
#include "fakes/core/provider.h"
#include "fakes/core/server_state.h"

namespace tempo::fakes {

struct ImpartnerAccount {
  int64_t id = 0;
  int partner = 0;
  std::string name, website, created, updated;  // created/updated: "2024-03-19T08:51:12-06:00"
  int64_t created_ms = 0, updated_ms = 0;       // the same, whole seconds
  bool active = true;
  int64_t member_count = 0;
};

// The dataset's partners as Impartner accounts, in id order.
std::vector<ImpartnerAccount> ImpartnerAccounts(const Dataset& dataset);

class ImpartnerProvider : public Provider {
 public:
  explicit ImpartnerProvider(ServerState& state) : state_(state) {}

  std::string_view prefix() const override { return "/impartner"; }
  void RegisterRoutes(Router& router) override;
  void RenderFault(const FaultRule& rule, const httplib::Request& req,
                   httplib::Response& res) override;

 private:
  bool Authorized(const httplib::Request& req, httplib::Response& res);
  void Accounts(const httplib::Request& req, httplib::Response& res);

  ServerState& state_;
};

}  // namespace tempo::fakes

#endif  // TEMPO_TESTS_FAKES_IMPARTNER_PROVIDER_IMPARTNER_H_
