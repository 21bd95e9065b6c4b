// What the HTTP service refuses before anything is sent: configuration mistakes and unsafe
// requests, driven through the host API table (plugin::HostApi()) as a plugin drives it.
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include <catch2/catch.hpp>

#include "http/http_service.h"

namespace {

// A connection's HTTP service and the context a plugin call carries.
class Service {
 public:
  Service()
      : gateway_(tempo::http::NewHttpService("crm", tempo::config::HttpSettings{},
                                             tempo::http::NewProcessLocalState())) {
    ctx_.plugin_name = "test";
    ctx_.connection = "crm";
    ctx_.stream = "contacts";
    ctx_.http = gateway_.get();
  }

  tempo_status Configure(const tempo_http_config& config) {
    ctx_.error.clear();
    return tempo::plugin::HostApi()->http_configure(&ctx_, &config);
  }

  // A GET of `url` with `headers`; the status code of the call.
  tempo_status Send(const std::string& url,
                    const std::vector<std::pair<std::string, std::string>>& headers = {}) {
    std::vector<tempo_http_header> wire;
    for (const auto& [name, value] : headers) {
      tempo_http_header h{};
      h.struct_size = sizeof h;
      h.name = name.data();
      h.name_len = name.size();
      h.value = value.data();
      h.value_len = value.size();
      wire.push_back(h);
    }
    tempo_http_request req{};
    req.struct_size = sizeof req;
    req.method = "GET";
    req.url = url.data();
    req.url_len = url.size();
    req.headers = wire.empty() ? nullptr : wire.data();
    req.header_count = static_cast<uint32_t>(wire.size());
    tempo_http_response resp{};
    resp.struct_size = sizeof resp;
    ctx_.error.clear();
    return tempo::plugin::HostApi()->http_request(&ctx_, &req, &resp);
  }

  const std::string& error() const { return ctx_.error; }

 private:
  std::unique_ptr<tempo::plugin::HttpGateway> gateway_;
  tempo_ctx ctx_;
};

tempo_http_config NoAuth() {
  tempo_http_config c{};
  c.struct_size = sizeof c;
  c.auth_kind = TEMPO_AUTH_NONE;
  return c;
}

}  // namespace

TEST_CASE("configuration mistakes are refused with a message") {
  Service client;
  tempo_http_config c{};
  c.struct_size = sizeof c;
  c.auth_kind = TEMPO_AUTH_BEARER;
  CHECK(client.Configure(c) == TEMPO_ERR_INVALID_ARGUMENT);
  CHECK_THAT(client.error(), Catch::Contains("bearer_token"));
  c.auth_kind = TEMPO_AUTH_OAUTH2_REFRESH_TOKEN;
  c.token_url = "ftp://auth.example.com/token";
  c.refresh_token = "rt-x-1234";
  CHECK(client.Configure(c) == TEMPO_ERR_INVALID_ARGUMENT);
  CHECK_THAT(client.error(), Catch::Contains("token_url"));
  c.auth_kind = 77;
  CHECK(client.Configure(c) == TEMPO_ERR_INVALID_ARGUMENT);
  REQUIRE(client.Configure(NoAuth()) == TEMPO_OK);
  CHECK(client.Send("file:///etc/passwd") == TEMPO_ERR_INVALID_ARGUMENT);
  CHECK(client.Send("http://127.0.0.1:9/x", {{"X-Evil", "a\r\nHost: elsewhere"}}) ==
        TEMPO_ERR_INVALID_ARGUMENT);
}
