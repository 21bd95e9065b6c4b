// Registers provider routes on the cpp-httplib server and wraps every provider handler in the
// same per-request steps: log the request (credential label only), enforce the URI length,
// decide and apply the fault, add the Date header, record the outcome.
//
// Thread-safety: routes are registered before the server starts; Serve runs on worker threads.
#ifndef TEMPO_TESTS_FAKES_CORE_ROUTER_H_
#define TEMPO_TESTS_FAKES_CORE_ROUTER_H_

#include <functional>
#include <string>

#include <httplib.h>

#include "fakes/core/provider.h"
#include "fakes/core/server_state.h"

namespace tempo::fakes {

using Handler = std::function<void(const httplib::Request&, httplib::Response&)>;

// Sets `status` and a JSON body (application/json;charset=UTF-8).
void SendJson(httplib::Response& res, int status, std::string body);

class Router {
 public:
  Router(httplib::Server& server, ServerState& state) : server_(server), state_(state) {}

  // Provider routes: `pattern` is a regex relative to the provider's prefix.
  void Get(Provider& provider, const std::string& pattern, Handler handler);
  void Post(Provider& provider, const std::string& pattern, Handler handler);
  // Control routes (/_admin): not logged, never faulted.
  void AdminGet(const std::string& pattern, Handler handler);
  void AdminPost(const std::string& pattern, Handler handler);
  void AdminDelete(const std::string& pattern, Handler handler);

 private:
  void Serve(Provider& provider, const Handler& handler, const httplib::Request& req,
             httplib::Response& res);

  httplib::Server& server_;
  ServerState& state_;
};

}  // namespace tempo::fakes

#endif  // TEMPO_TESTS_FAKES_CORE_ROUTER_H_
