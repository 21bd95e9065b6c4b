// The marketo config: key table, checks, HTTP identity.
#include "config.h"

#include "tempo/http.hpp"
#include "tempo/text.hpp"
#include "tempo/time.hpp"

namespace tempo::marketo {

using sdk::Status;

namespace {

// Marketo's documented limit is 100 calls per 20 s per instance. A token bucket lets through at
// most burst + rate x 20 s calls in any 20-s window, so 2 + 4.9 x 20 = 100 never exceeds it, also
// in the first window after an idle spell (a bucket of 100 refilled at 5 a second would allow
// 200 there). A 606 caused by another integration on the instance is waited out by the client.
constexpr double kRequestsPerSecond = 4.9;
constexpr double kBurst = 2;

bool IsFieldName(std::string_view name) {
  if (name.empty()) return false;
  for (char c : name) {
    const bool ok =
        (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
    if (!ok) return false;
  }
  return true;
}

}  // namespace

const sdk::ConfigMap<Config>& ConfigKeys() {
  static const auto* keys = [] {
    auto* k = new sdk::ConfigMap<Config>();
    k->String("base_url", &Config::base_url)
        .Url()
        .Required()
        .MinLength(1)
        .Describe(
            "The instance root, e.g. https://123-ABC-456.mktorest.com (Admin > Web Services > "
            "REST API endpoint, without /rest); identity, REST and bulk calls go below it.");
    k->String("client_id", &Config::client_id)
        .Required()
        .MinLength(1)
        .Describe("The LaunchPoint service's client id.");
    k->String("client_secret", &Config::client_secret)
        .Required()
        .MinLength(1)
        .Secret()
        .Describe("The LaunchPoint service's client secret.");
    k->String("start_date", &Config::start_date)
        .Default("2006-01-01T00:00:00Z")
        .MinLength(1)
        .Describe(
            "The earliest createdAt/updatedAt a full refresh asks for (ISO-8601). Each 31 days "
            "from it is one bulk export: set it to when the instance began.");
    k->String("partner_field", &Config::partner_field)
        .Default("")
        .Describe(
            "A lead field (REST name) naming the referring partner; its value becomes "
            "lead.partner_source_id. Empty: none.");
    k->Integer("bulk_poll_seconds", &Config::bulk_poll_seconds)
        .Default(60)
        .Range(1, 3600)
        .Describe(
            "How often a bulk export's status is polled (Marketo updates it about once a "
            "minute).");
    return k;
  }();
  return *keys;
}

Status ReadConfig(std::string_view config_json, Config* c) {
  if (Status s = ConfigKeys().Read(config_json, c); !s.ok()) return s;
  while (!c->base_url.empty() && c->base_url.back() == '/') c->base_url.pop_back();
  const std::string_view url = c->base_url;
  if (!sdk::EqualsNoCase(url.substr(0, 8), "https://") &&
      !sdk::EqualsNoCase(url.substr(0, 7), "http://")) {
    return Status::InvalidArgument("config key 'base_url' must start with https:// (got '" +
                                   c->base_url.substr(0, 80) + "')");
  }
  for (std::string_view suffix : {"/rest", "/identity", "/bulk"}) {
    if (sdk::EndsWithNoCase(c->base_url, suffix)) {
      return Status::InvalidArgument("config key 'base_url' is the instance root; drop the '" +
                                     std::string(suffix) + "' at its end (the connector adds " +
                                     "/identity, /rest and /bulk itself)");
    }
  }
  std::optional<int64_t> start = sdk::ParseIsoMs(c->start_date);
  if (!start) {
    return Status::InvalidArgument(
        "config key 'start_date' must be an ISO-8601 date or time, "
        "e.g. 2020-01-01T00:00:00Z (got '" +
        c->start_date.substr(0, 40) + "')");
  }
  c->start_ms = *start;
  if (!c->partner_field.empty() && !IsFieldName(c->partner_field)) {
    return Status::InvalidArgument(
        "config key 'partner_field' must be a lead field's REST name (letters, digits, '_'), "
        "e.g. referringPartner (got '" +
        c->partner_field.substr(0, 60) + "')");
  }
  return Status::Ok();
}

std::string InstanceHost(std::string_view base_url) {
  std::string host(base_url);
  if (size_t at = host.find("://"); at != std::string::npos) host = host.substr(at + 3);
  if (size_t at = host.find('/'); at != std::string::npos) host = host.substr(0, at);
  return sdk::ToLower(host);
}

tempo_http_config HttpConfigFor(const Config& c, std::string* token_url, std::string* rate_key) {
  *token_url = c.base_url + "/identity/oauth/token";
  *rate_key = "marketo:" + InstanceHost(c.base_url);
  tempo_http_config http{};
  http.struct_size = sizeof http;
  http.auth_kind = TEMPO_AUTH_OAUTH2_CLIENT_CREDENTIALS;
  http.token_url = token_url->c_str();
  http.client_id = c.client_id.c_str();
  http.client_secret = c.client_secret.c_str();
  http.default_expires_in_s = 3600;
  http.rate_limit_key = rate_key->c_str();
  http.requests_per_second = kRequestsPerSecond;
  http.burst = kBurst;
  return http;
}

}  // namespace tempo::marketo
