// httpecho: a test connector that pages a JSON endpoint through the host's HTTP service
// (ctx.Http), so tests exercise the whole path: plugin -> host API -> HttpService -> sync_runs.
//
// Stream `accounts` (entity account, full refresh): GET {base}/accounts?page=N[&api_key=K] for
// N = 1..pages, each answering {"accounts":[{"id":..,"name":..,"domain":..}, ...]}. State
// {"page": N} is the last page committed. Auth, rate budget and provider quirks come from the
// config (see kSchema); `quirks` picks a classify hook: "marketo" (HTTP 200 whose body says
// "rate limited" is RATE_LIMITED) or "salesforce" (403 REQUEST_LIMIT_EXCEEDED is QUOTA).
// With use_instance_url, the base URL is the OAuth token response's instance_url.
#include <simdjson.h>

#include <string>

#include "tempo/plugin.hpp"

namespace {

using tempo::sdk::Context;
using tempo::sdk::ReadRequest;
using tempo::sdk::Status;
using tempo::sdk::StreamInfo;

constexpr const char* kSchema = R"({
  "type": "object",
  "additionalProperties": false,
  "properties": {
    "base_url": {"type": "string"},
    "pages": {"type": "integer", "minimum": 1, "default": 3},
    "api_key": {"type": "string", "x-secret": true, "default": ""},
    "auth": {"type": "string", "enum": ["none", "bearer", "oauth_refresh", "oauth_client"],
             "default": "none"},
    "bearer_token": {"type": "string", "x-secret": true, "default": ""},
    "token_url": {"type": "string", "default": ""},
    "client_id": {"type": "string", "default": ""},
    "client_secret": {"type": "string", "x-secret": true, "default": ""},
    "refresh_token": {"type": "string", "x-secret": true, "default": ""},
    "rate_limit_key": {"type": "string", "default": ""},
    "requests_per_second": {"type": "number", "minimum": 0, "default": 0},
    "burst": {"type": "number", "minimum": 0, "default": 0},
    "daily_quota": {"type": "integer", "minimum": 0, "default": 0},
    "quirks": {"type": "string", "enum": ["none", "marketo", "salesforce"], "default": "none"},
    "use_instance_url": {"type": "boolean", "default": false}
  }
})";

std::string_view BodyOf(const tempo_http_response* r) {
  return std::string_view(r->body ? r->body : "", r->body ? r->body_len : 0);
}

int32_t MarketoQuirks(void*, const tempo_http_response* r) {
  if (r->status == 200 && BodyOf(r).find("rate limited") != std::string_view::npos) {
    return TEMPO_HTTP_RATE_LIMITED;
  }
  return TEMPO_HTTP_DEFAULT;
}

int32_t SalesforceQuirks(void*, const tempo_http_response* r) {
  if (r->status == 403 && BodyOf(r).find("REQUEST_LIMIT_EXCEEDED") != std::string_view::npos) {
    return TEMPO_HTTP_QUOTA;
  }
  return TEMPO_HTTP_DEFAULT;
}

std::string GetString(simdjson::ondemand::object& obj, const char* key) {
  std::string_view v;
  if (obj[key].get_string().get(v) == simdjson::SUCCESS) return std::string(v);
  return {};
}

class HttpEchoConnector : public tempo::sdk::Connector {
 public:
  static Status Open(Context& ctx, std::string_view config,
                     std::unique_ptr<HttpEchoConnector>* out) {
    auto c = std::make_unique<HttpEchoConnector>();
    simdjson::ondemand::parser parser;
    simdjson::padded_string json(config);
    simdjson::ondemand::document doc;
    simdjson::ondemand::object obj;
    if (parser.iterate(json).get(doc) || doc.get_object().get(obj)) {
      return Status::InvalidArgument("config is not a JSON object");
    }
    c->base_url_ = GetString(obj, "base_url");
    int64_t pages = 3;
    if (obj["pages"].get_int64().get(pages) == simdjson::SUCCESS) c->pages_ = pages;
    c->api_key_ = GetString(obj, "api_key");
    std::string auth = GetString(obj, "auth");
    c->bearer_ = GetString(obj, "bearer_token");
    c->token_url_ = GetString(obj, "token_url");
    c->client_id_ = GetString(obj, "client_id");
    c->client_secret_ = GetString(obj, "client_secret");
    c->refresh_token_ = GetString(obj, "refresh_token");
    c->rate_key_ = GetString(obj, "rate_limit_key");
    double rps = 0, burst = 0;
    int64_t quota = 0;
    if (obj["requests_per_second"].get_double().get(rps) != simdjson::SUCCESS) rps = 0;
    if (obj["burst"].get_double().get(burst) != simdjson::SUCCESS) burst = 0;
    if (obj["daily_quota"].get_int64().get(quota) != simdjson::SUCCESS) quota = 0;
    std::string quirks = GetString(obj, "quirks");
    if (quirks == "marketo") c->classify_ = &MarketoQuirks;
    if (quirks == "salesforce") c->classify_ = &SalesforceQuirks;
    bool instance = false;
    if (obj["use_instance_url"].get_bool().get(instance) == simdjson::SUCCESS) {
      c->use_instance_url_ = instance;
    }

    tempo_http_config http{};
    http.struct_size = sizeof http;
    http.auth_kind = auth == "bearer"          ? TEMPO_AUTH_BEARER
                     : auth == "oauth_refresh" ? TEMPO_AUTH_OAUTH2_REFRESH_TOKEN
                     : auth == "oauth_client"  ? TEMPO_AUTH_OAUTH2_CLIENT_CREDENTIALS
                                               : TEMPO_AUTH_NONE;
    http.rate_limit_key = c->rate_key_.c_str();
    http.requests_per_second = rps;
    http.burst = burst;
    http.daily_quota = quota;
    http.bearer_token = c->bearer_.c_str();
    http.token_url = c->token_url_.c_str();
    http.client_id = c->client_id_.c_str();
    http.client_secret = c->client_secret_.c_str();
    http.refresh_token = c->refresh_token_.c_str();
    if (Status s = ctx.HttpConfigure(http); !s.ok()) return s;
    *out = std::move(c);
    return Status::Ok();
  }

  Status Check(Context& ctx) override {
    tempo::sdk::HttpResponse resp;
    if (Status s = Get(ctx, 1, &resp); !s.ok()) return s;
    if (resp.status != 200) return Status::Unavailable("HTTP " + std::to_string(resp.status));
    return Status::Ok();
  }

  Status Discover(Context&, std::vector<StreamInfo>* streams) override {
    streams->push_back(
        {"accounts", "account", "id", "", "accounts, one page at a time", TEMPO_SYNC_FULL_REFRESH});
    return Status::Ok();
  }

  Status Read(Context& ctx, const ReadRequest& request) override {
    int64_t page = 0;
    if (!request.state.empty()) {
      simdjson::ondemand::parser parser;
      simdjson::padded_string json(request.state);
      simdjson::ondemand::document doc;
      if (parser.iterate(json).get(doc) || doc["page"].get_int64().get(page)) {
        return Status::Data("unreadable state");
      }
    }
    simdjson::ondemand::parser parser;
    for (++page; page <= pages_; ++page) {
      if (ctx.Cancelled()) return Status::Cancelled("cancelled");
      tempo::sdk::HttpResponse resp;
      if (Status s = Get(ctx, page, &resp); !s.ok()) return s;
      if (resp.status != 200) {
        return Status::Data("page " + std::to_string(page) + ": HTTP " +
                            std::to_string(resp.status));
      }
      simdjson::padded_string json(resp.body);
      simdjson::ondemand::document doc;
      simdjson::ondemand::array accounts;
      if (parser.iterate(json).get(doc) || doc["accounts"].get_array().get(accounts)) {
        return Status::Data("page " + std::to_string(page) + ": not an accounts page");
      }
      tempo::sdk::RecordBatch batch(ctx);
      for (auto item : accounts) {
        simdjson::ondemand::object account;
        if (item.get_object().get(account)) return Status::Data("an account is not an object");
        std::string id = GetString(account, "id");
        std::string name = GetString(account, "name");
        std::string domain = GetString(account, "domain");
        batch.Begin("account", batch.Copy(id)).StrCopy("name", name).StrCopy("domain", domain);
      }
      if (Status s = batch.Flush(); !s.ok()) return s;
      if (Status s = ctx.Checkpoint("accounts", "{\"page\":" + std::to_string(page) + "}");
          !s.ok()) {
        return s;
      }
    }
    return Status::Ok();
  }

 private:
  Status Get(Context& ctx, int64_t page, tempo::sdk::HttpResponse* resp) {
    std::string base = base_url_;
    if (use_instance_url_) {
      if (Status s = ctx.AuthField("instance_url", &base); !s.ok()) return s;
    }
    if (base.empty()) return Status::InvalidArgument("config: base_url is required");
    std::string url = base + "/accounts?page=" + std::to_string(page);
    if (!api_key_.empty()) url += "&api_key=" + api_key_;
    tempo::sdk::HttpOptions options;
    options.classify = classify_;
    return ctx.Http("GET", url, "", options, resp);
  }

  std::string base_url_, api_key_, bearer_, token_url_, client_id_, client_secret_, refresh_token_,
      rate_key_;
  int64_t pages_ = 3;
  tempo_http_classify_fn classify_ = nullptr;
  bool use_instance_url_ = false;
};

}  // namespace

TEMPO_CONNECTOR_PLUGIN(HttpEchoConnector, "httpecho", "1.0.0",
                       "Pages a loopback JSON endpoint through the host's HTTP service (tests)",
                       kSchema)
