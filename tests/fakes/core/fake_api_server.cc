// FakeApiServer: wiring of the cpp-httplib server, providers and control API.
#include "fakes/core/fake_api_server.h"

#include <httplib.h>

#include "fakes/core/admin_api.h"
#include "fakes/core/router.h"
#include "fakes/crossbeam/provider_crossbeam.h"
#include "fakes/hubspot/provider_hubspot.h"
#include "fakes/impartner/provider_impartner.h"
#include "fakes/mailchimp/provider_mailchimp.h"
#include "fakes/marketo/provider_marketo.h"
#include "fakes/partnerstack/provider_partnerstack.h"
#include "fakes/salesforce/provider_salesforce.h"

namespace tempo::fakes {

FakeApiServer::FakeApiServer(FakeApiOptions options)
    : state_(std::make_unique<ServerState>(std::move(options))),
      http_(std::make_unique<httplib::Server>()),
      router_(std::make_unique<Router>(*http_, *state_)),
      hubspot_(std::make_unique<HubSpotProvider>(*state_)),
      salesforce_(std::make_unique<SalesforceProvider>(*state_)),
      mailchimp_(std::make_unique<MailchimpProvider>(*state_)),
      marketo_(std::make_unique<MarketoProvider>(*state_)),
      crossbeam_(std::make_unique<CrossbeamProvider>(*state_)),
      partnerstack_(std::make_unique<PartnerStackProvider>(*state_)),
      impartner_(std::make_unique<ImpartnerProvider>(*state_)) {}

Result<std::unique_ptr<FakeApiServer>> FakeApiServer::Start(FakeApiOptions options) {
  std::unique_ptr<FakeApiServer> server(new FakeApiServer(std::move(options)));
  ServerState& state = *server->state_;
  httplib::Server& http = *server->http_;
  const int workers = std::max(state.options.worker_threads, 4);
  // cpp-httplib owns the queue it gets from this factory.
  http.new_task_queue = [workers] { return new httplib::ThreadPool(static_cast<size_t>(workers)); };
  http.set_keep_alive_timeout(std::max(state.options.keep_alive_timeout_s, 1));
  http.set_keep_alive_max_count(
      static_cast<size_t>(std::max(state.options.keep_alive_max_count, 1)));
  // Headers and body go out in separate writes: without TCP_NODELAY, Nagle plus the client's
  // delayed ACK add ~40 ms to every response.
  http.set_tcp_nodelay(true);
  for (const FaultRule& rule : state.options.faults) state.faults.Add(rule);
  if (Status s = server->salesforce_->SetHidden(state.options.salesforce_hidden); !s.ok()) {
    return Status::InvalidArgument("salesforce_hidden: " + s.message());
  }
  if (Status s = server->crossbeam_->CheckOptions(); !s.ok()) return s;

  RegisterAdminRoutes(*server->router_, state);
  Provider* const providers[] = {server->hubspot_.get(),   server->salesforce_.get(),
                                 server->mailchimp_.get(), server->marketo_.get(),
                                 server->crossbeam_.get(), server->partnerstack_.get(),
                                 server->impartner_.get()};
  for (Provider* provider : providers) {
    provider->RegisterRoutes(*server->router_);
    provider->RegisterAdminRoutes(*server->router_);
  }

  const std::string& host = state.options.host;
  int port = state.options.port;
  if (port == 0) {
    port = http.bind_to_any_port(host);
  } else if (!http.bind_to_port(host, port)) {
    port = -1;
  }
  if (port <= 0) {
    return Status(
        StatusCode::kUnavailable,
        "cannot listen on " + host + ":" + std::to_string(state.options.port) +
            " (address in use or not local?); pick another --port or use 0 for any free port");
  }
  state.port = port;
  server->thread_ = std::thread([&http] { http.listen_after_bind(); });
  // stop() only works once the accept loop runs; wait for it.
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
  while (!http.is_running() && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  return server;
}

FakeApiServer::~FakeApiServer() { Stop(); }

void FakeApiServer::Stop() {
  std::call_once(stop_once_, [this] {
    state_->stop.Stop();  // wakes hung and slow responses first, so workers can finish
    http_->stop();
    if (thread_.joinable()) thread_.join();
  });
}

std::string FakeApiServer::url(std::string_view path) const {
  return "http://" + state_->options.host + ":" + std::to_string(port()) + std::string(path);
}

}  // namespace tempo::fakes
