// The `salesforce` connector: Salesforce objects over the REST API (SOQL `query` / `queryAll`)
// into canonical entities, one stream per object. This file is the plugin's face: the
// connector class the SDK calls and the export macro. The config is config.cc, the streams
// objects.cc, a stream's read object_reader.cc; README.md explains it for admins.
//
// Every request goes through the host's HTTP service (ctx.Http): OAuth2 (refresh-token or
// client-credentials grant at login_url), refresh-and-replay on 401 INVALID_SESSION_ID,
// retries, the rate budget and redaction are the host's.
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "config.h"
#include "object_reader.h"
#include "objects.h"
#include "salesforce_http.h"
#include "tempo/catalog.hpp"
#include "tempo/http.hpp"
#include "tempo/plugin.hpp"

namespace tempo::salesforce {

using sdk::Context;
using sdk::Status;

// One instance serves one connection; the host calls it from one thread at a time.
class SalesforceConnector : public sdk::CatalogConnector<SalesforceConnector> {
 public:
  explicit SalesforceConnector(Settings settings)
      : CatalogConnector(Streams(settings)), settings_(std::move(settings)) {
    session_.keyset = settings_.config.cursor_query == "keyset";
  }

  // Reads the config and describes the connection to the host's HTTP service; no request.
  static Status Open(Context& ctx, std::string_view config_json,
                     std::unique_ptr<SalesforceConnector>* out) {
    Settings settings;
    if (Status s = ReadSettings(config_json, &settings); !s.ok()) return s;
    const Config& c = settings.config;
    const std::string token_url = c.login_url + "/services/oauth2/token";
    // The org's identity for the shared budget: login host + consumer key, never a secret.
    std::string host = c.login_url;
    if (size_t at = host.find("://"); at != std::string::npos) host = host.substr(at + 3);
    if (size_t at = host.find('/'); at != std::string::npos) host = host.substr(0, at);
    const std::string rate_key = sdk::RateKey("salesforce", host + ":" + c.client_id, "", "");
    tempo_http_config http{};
    http.struct_size = sizeof http;
    http.auth_kind = c.grant == "client_credentials" ? TEMPO_AUTH_OAUTH2_CLIENT_CREDENTIALS
                                                     : TEMPO_AUTH_OAUTH2_REFRESH_TOKEN;
    http.token_url = token_url.c_str();
    http.client_id = c.client_id.c_str();
    http.client_secret = c.client_secret.c_str();
    http.refresh_token = c.refresh_token.empty() ? nullptr : c.refresh_token.c_str();
    http.rate_limit_key = rate_key.c_str();
    http.requests_per_second = c.requests_per_second;
    http.burst = c.burst;
    http.default_expires_in_s = c.session_lifetime_s;
    // Every answer reports the org's API usage ("api-usage=18/5000"): into the run record and
    // /metrics (ABI 1.7; a host of 1.6 or older ignores it).
    http.usage_header = "Sforce-Limit-Info";
    if (Status s = ctx.HttpConfigure(http); !s.ok()) return s;
    *out = std::make_unique<SalesforceConnector>(std::move(settings));
    return Status::Ok();
  }

  // Gets a session and asks for the org's limits: credentials, instance and API access.
  Status Check(Context& ctx) override {
    std::string instance;
    if (Status s = ctx.AuthField("instance_url", &instance); !s.ok()) return s;
    while (!instance.empty() && instance.back() == '/') instance.pop_back();
    sdk::HttpResponse resp;
    const std::string url =
        instance + "/services/data/v" + settings_.config.api_version + "/limits";
    if (Status s = Get(ctx, url, &resp); !s.ok()) return s;
    if (resp.status != 200) return Refused(resp.status, resp.body, "check");
    return Status::Ok();
  }

 private:
  static std::vector<Stream> Streams(const Settings& settings) {
    std::vector<Stream> streams;
    for (const ObjectSpec& o : settings.objects) {
      streams.push_back({o.stream, o.stream, "Id", "SystemModstamp",
                         "Salesforce " + o.object + " records as " + o.stream + " rows",
                         TEMPO_SYNC_FULL_REFRESH | TEMPO_SYNC_INCREMENTAL,
                         &SalesforceConnector::ReadStream});
    }
    return streams;
  }

  Status ReadStream(Context& ctx, const Stream& stream, const sdk::ReadRequest& request) {
    for (const ObjectSpec& spec : settings_.objects) {
      if (spec.stream == stream.name) return ReadObject(ctx, settings_, spec, request, session_);
    }
    return Status::Internal("salesforce: stream '" + stream.name + "' has no object");
  }

  const Settings settings_;
  Session session_;
};

}  // namespace tempo::salesforce

TEMPO_CONNECTOR_PLUGIN(tempo::salesforce::SalesforceConnector, "salesforce", "0.5.0",
                       "Salesforce objects (SOQL over the REST API) into canonical entities",
                       tempo::salesforce::ConfigKeys().SchemaText())
