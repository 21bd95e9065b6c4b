// The crossbeam config: key table, checks, HTTP identity. See config.h.
#include "config.h"

#include "tempo/url.hpp"

namespace tempo::crossbeam {

using sdk::ParseOrigin;

using sdk::Status;

const sdk::ConfigMap<Config>& ConfigKeys() {
  static const auto* keys = [] {
    auto* k = new sdk::ConfigMap<Config>();
    k->String("base_url", &Config::base_url)
        .Url()
        .MinLength(1)
        .Default("https://api.crossbeam.com")
        .Describe("API root; tests point it at a fake server.");
    k->String("token_url", &Config::token_url)
        .Url()
        .MinLength(1)
        .Default("https://auth.crossbeam.com/oauth/token")
        .Describe("Auth0 token endpoint (refresh-token grant, form-encoded).");
    k->String("client_id", &Config::client_id)
        .Required()
        .MinLength(1)
        .Describe("Client id of the Crossbeam custom integration (OAuth app).");
    k->String("client_secret", &Config::client_secret).Required().MinLength(1).Secret();
    k->String("refresh_token", &Config::refresh_token)
        .Required()
        .MinLength(1)
        .Secret()
        .Describe(
            "Refresh token of the authorized user (scope offline_access). Crossbeam rotates it; "
            "the rotated one is kept by Tempo and used from then on.");
    k->String("organization_uuid", &Config::organization_uuid)
        .MinLength(1)
        .Describe(
            "Sent as Xbeam-Organization on every call. Unset: the one organization GET "
            "/v1/users/me lists (several: set one).");
    k->Integer("page_size", &Config::page_size)
        .Range(1, 1000)
        .Default(1000)
        .Describe("Records per page (the API's limit parameter, 1-1000).");
    return k;
  }();
  return *keys;
}

Status ReadConfig(std::string_view config_json, Config* c) {
  if (Status s = ConfigKeys().Read(config_json, c); !s.ok()) return s;
  while (!c->base_url.empty() && c->base_url.back() == '/') c->base_url.pop_back();
  if (!ParseOrigin(c->base_url)) {
    return Status::InvalidArgument(
        "config key 'base_url' must be an http or https URL, e.g. "
        "https://api.crossbeam.com");
  }
  if (!ParseOrigin(c->token_url)) {
    return Status::InvalidArgument(
        "config key 'token_url' must be an http or https URL, e.g. "
        "https://auth.crossbeam.com/oauth/token");
  }
  return Status::Ok();
}

tempo_http_config HttpConfigFor(const Config& c) {
  tempo_http_config http{};
  http.struct_size = sizeof http;
  http.auth_kind = TEMPO_AUTH_OAUTH2_REFRESH_TOKEN;
  http.token_url = c.token_url.c_str();
  http.client_id = c.client_id.c_str();
  http.client_secret = c.client_secret.c_str();
  http.refresh_token = c.refresh_token.c_str();
  http.default_expires_in_s = 86400;  // Auth0 access tokens last 24 h
  return http;
}

}  // namespace tempo::crossbeam
