// FakeApiServer: every fake provider on ONE loopback port, on background threads. The
// tempo-fakeapi binary wraps it; Catch2 tests use it in-process:
//
//   auto server = FakeApiServer::Start({});          // port 0: a free port
//   REQUIRE(server.ok());
//   std::string base = (*server)->url("/hubspot");   // http://127.0.0.1:PORT/hubspot
//   (*server)->AddFault(...);                         // between requests, from any thread
//   (*server)->WithDataset([](Dataset& d) { d.TouchRange(Entity::kContact, 0, 10, ms); });
//
// Providers: /hubspot (fakes/hubspot/provider_hubspot.h), /salesforce
// (fakes/salesforce/provider_salesforce.h), /mailchimp (fakes/mailchimp/provider_mailchimp.h),
// /marketo (fakes/marketo/provider_marketo.h), /crossbeam (fakes/crossbeam/provider_crossbeam.h),
// /partnerstack (fakes/partnerstack/provider_partnerstack.h), /impartner
// (fakes/impartner/provider_impartner.h); control API: /_admin (admin_api.h).
//
// Thread-safety: every method may be called from any thread while the server runs. The
// destructor stops the server: hung and slow responses are cut short, workers are joined.
#ifndef TEMPO_TESTS_FAKES_CORE_FAKE_API_SERVER_H_
#define TEMPO_TESTS_FAKES_CORE_FAKE_API_SERVER_H_

#include <chrono>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>

#include "common/status.h"
#include "fakes/core/server_options.h"
#include "fakes/core/server_state.h"

namespace httplib {
class Server;
}

namespace tempo::fakes {

class CrossbeamProvider;
class HubSpotProvider;
class ImpartnerProvider;
class MailchimpProvider;
class MarketoProvider;
class PartnerStackProvider;
class Router;
class SalesforceProvider;

class FakeApiServer {
 public:
  // Generates the dataset, binds options.host:options.port and starts serving. Fails when the
  // address cannot be bound (kUnavailable) or an option names what the fake does not have
  // (kInvalidArgument: salesforce_hidden).
  static Result<std::unique_ptr<FakeApiServer>> Start(FakeApiOptions options);
  ~FakeApiServer();
  FakeApiServer(const FakeApiServer&) = delete;
  FakeApiServer& operator=(const FakeApiServer&) = delete;

  int port() const { return state_->port; }
  // "http://127.0.0.1:PORT" + path.
  std::string url(std::string_view path = "") const;

  // Faults, changeable between (and during) requests.
  int AddFault(FaultRule rule) { return state_->faults.Add(std::move(rule)); }
  bool RemoveFault(int id) { return state_->faults.Remove(id); }
  void ClearFaults() { state_->faults.Clear(); }
  int64_t FaultFired(int id) const { return state_->faults.Fired(id); }

  // Runs `fn(Dataset&)` with the dataset locked against concurrent requests; returns its result.
  template <class Fn>
  auto WithDataset(Fn&& fn) {
    std::unique_lock lock(state_->dataset_mutex);
    return fn(state_->dataset);
  }

  // The server's clock (wall clock + Advance): token expiry and "now" for admin mutations.
  int64_t NowMs() const { return state_->clock.NowMs(); }
  void AdvanceClock(std::chrono::milliseconds by) { state_->clock.Advance(by); }

  TokenStore& tokens() { return state_->tokens; }
  // The fake Salesforce, for its own controls (the integration user's profile: SetHidden).
  SalesforceProvider& salesforce() { return *salesforce_; }
  // The fake Mailchimp, for its knobs (MoveAfterPage, SetLatency).
  MailchimpProvider& mailchimp() { return *mailchimp_; }
  // The fake Marketo, for its limits and features (SetOptions) and its export jobs.
  MarketoProvider& marketo() { return *marketo_; }
  // The fake Crossbeam, for its knobs (list key, next_href host, cursors, overlap changes).
  CrossbeamProvider& crossbeam() { return *crossbeam_; }
  // The fake PartnerStack, for its view of the dataset and the requests it answered.
  PartnerStackProvider& partnerstack() { return *partnerstack_; }
  RequestLog& requests() { return state_->log; }
  const FakeApiOptions& options() const { return state_->options; }

  // Stops serving; idempotent.
  void Stop();

 private:
  explicit FakeApiServer(FakeApiOptions options);

  std::unique_ptr<ServerState> state_;
  std::unique_ptr<httplib::Server> http_;
  std::unique_ptr<Router> router_;  // its handlers refer to it while the server runs
  std::unique_ptr<HubSpotProvider> hubspot_;
  std::unique_ptr<SalesforceProvider> salesforce_;
  std::unique_ptr<MailchimpProvider> mailchimp_;
  std::unique_ptr<MarketoProvider> marketo_;
  std::unique_ptr<CrossbeamProvider> crossbeam_;
  std::unique_ptr<PartnerStackProvider> partnerstack_;
  std::unique_ptr<ImpartnerProvider> impartner_;
  std::thread thread_;
  std::once_flag stop_once_;
};

}  // namespace tempo::fakes

#endif  // TEMPO_TESTS_FAKES_CORE_FAKE_API_SERVER_H_
