// The mailchimp config: key table, credential choice, datacenter, HTTP identity.
#include "config.h"

#include "tempo/http.hpp"

namespace tempo::mailchimp {

using sdk::Status;

const sdk::ConfigMap<Config>& ConfigKeys() {
  static const auto* keys = [] {
    auto* k = new sdk::ConfigMap<Config>();
    k->String("api_key", &Config::api_key)
        .MinLength(1)
        .Secret()
        .Describe(
            "API key, <key>-<dc> (e.g. ...-us21): sent as HTTP Basic; the datacenter is its "
            "suffix. Use this or access_token.");
    k->String("access_token", &Config::access_token)
        .MinLength(1)
        .Secret()
        .Describe("OAuth access token (never expires); the datacenter comes from metadata_url.");
    k->String("metadata_url", &Config::metadata_url)
        .MinLength(1)
        .Default("https://login.mailchimp.com/oauth2/metadata")
        .Describe("OAuth metadata endpoint (dc, api_endpoint); used with access_token.");
    k->String("base_url", &Config::base_url)
        .Url()
        .MinLength(1)
        .Describe(
            "API root; default https://<dc>.api.mailchimp.com/3.0 (the key's dc, or the OAuth "
            "metadata's api_endpoint + /3.0). Tests point it at a fake server.");
    k->Integer("page_size", &Config::page_size)
        .Range(1, 1000)
        .Default(1000)
        .Describe("Records per page (count, 1-1000).");
    return k;
  }();
  return *keys;
}

std::string_view KeyDatacenter(std::string_view api_key) {
  const size_t dash = api_key.rfind('-');
  if (dash == std::string_view::npos || dash + 1 >= api_key.size()) return {};
  std::string_view dc = api_key.substr(dash + 1);
  for (char c : dc) {
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))) return {};
  }
  return dc;
}

Status ReadConfig(std::string_view config_json, Config* c) {
  if (Status s = ConfigKeys().Read(config_json, c); !s.ok()) return s;
  while (!c->base_url.empty() && c->base_url.back() == '/') c->base_url.pop_back();
  if (c->api_key.empty() == c->access_token.empty()) {
    return Status::InvalidArgument(
        "set either api_key (an API key, <key>-<dc>) or access_token (OAuth), exactly one");
  }
  if (!c->api_key.empty()) {
    std::string_view dc = KeyDatacenter(c->api_key);
    if (dc.empty()) {
      return Status::InvalidArgument(
          "api_key does not end in -<dc> (the datacenter, e.g. -us21); copy the whole key from "
          "Mailchimp (Profile > Extras > API keys)");
    }
    if (c->base_url.empty()) c->base_url = "https://" + std::string(dc) + ".api.mailchimp.com/3.0";
  }
  return Status::Ok();
}

tempo_http_config HttpConfigFor(const Config& c, std::string* auth_header) {
  tempo_http_config http{};
  http.struct_size = sizeof http;
  if (c.oauth()) {
    http.auth_kind = TEMPO_AUTH_BEARER;
    http.bearer_token = c.access_token.c_str();
  } else {
    http = sdk::BasicAuth("tempo", c.api_key, auth_header);
  }
  return http;
}

}  // namespace tempo::mailchimp
