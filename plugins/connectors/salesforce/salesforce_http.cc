// Salesforce's HTTP conventions. See salesforce_http.h.
#include "salesforce_http.h"

#include <utility>

namespace tempo::salesforce {

int32_t Classify(void* /*user*/, const tempo_http_response* r) {
  std::string_view body(r->body ? r->body : "", r->body ? r->body_len : 0);
  if (r->status == 403 && body.find("REQUEST_LIMIT_EXCEEDED") != std::string_view::npos) {
    return TEMPO_HTTP_QUOTA;  // the org's rolling 24 h API limit: the run ends deferred
  }
  if (r->status == 401) return TEMPO_HTTP_AUTH_EXPIRED;  // INVALID_SESSION_ID: refresh, replay
  return TEMPO_HTTP_DEFAULT;
}

const sdk::HttpProvider& Provider() {
  static const sdk::HttpProvider kProvider{
      "Salesforce", &Classify, nullptr,
      "check the connected app's credentials and the user's API permission"};
  return kProvider;
}

sdk::Status Get(sdk::Context& ctx, std::string_view url, sdk::HttpResponse* resp,
                std::vector<std::pair<std::string, std::string>> headers) {
  sdk::HttpOptions options;
  options.classify = &Classify;
  options.headers = std::move(headers);
  return ctx.Http("GET", url, "", options, resp);
}

sdk::Status Refused(int32_t status, std::string_view body, std::string_view where) {
  sdk::HttpResponse resp;
  resp.status = status;
  resp.body = body;
  sdk::Status s = sdk::HttpClient(Provider()).Refused(resp, where);
  if (status == 400) {
    const std::string code = sdk::ParseHttpError(body).code;
    if (code == "INVALID_FIELD" || code == "INVALID_TYPE" || code == "MALFORMED_QUERY") {
      return sdk::Status::InvalidArgument(s.message() +
                                          "; check the configured fields of the object");
    }
    return sdk::Status::Unavailable(s.message());  // QUERY_TIMEOUT and the like
  }
  if (status == 414 || status == 431) {
    return sdk::Status::InvalidArgument(s.message() +
                                        "; lower max_url_bytes so wide queries are split");
  }
  return s;
}

QueryRefusal ClassifyQueryRefusal(int32_t status, std::string_view body, bool keyset_query) {
  if (status != 400) return QueryRefusal::kNone;
  const std::string code = sdk::ParseHttpError(body).code;
  if (code == "INVALID_QUERY_LOCATOR") return QueryRefusal::kLocatorExpired;
  if (code == "MALFORMED_QUERY" && keyset_query) return QueryRefusal::kKeysetRefused;
  return QueryRefusal::kNone;
}

}  // namespace tempo::salesforce
