// Mailchimp's HTTP conventions (mailchimp_http.h).
#include "mailchimp_http.h"

#include <simdjson.h>

#include "tempo/time.hpp"

namespace tempo::mailchimp {

using sdk::Status;
namespace dom = simdjson::dom;

namespace {

bool LooksLikeJson(std::string_view body) {
  for (char c : body) {
    if (c == ' ' || c == '\n' || c == '\r' || c == '\t') continue;
    return c == '{' || c == '[';
  }
  return false;
}

}  // namespace

int32_t Classify(void*, const tempo_http_response* r) {
  std::string_view body(r->body ? r->body : "", r->body ? r->body_len : 0);
  if (r->status == 429) return TEMPO_HTTP_RATE_LIMITED;
  if (r->status == 403 && !LooksLikeJson(body)) return TEMPO_HTTP_RATE_LIMITED;
  return TEMPO_HTTP_DEFAULT;
}

sdk::HttpError ParseProblem(std::string_view body) {
  dom::parser parser;
  dom::element doc;
  std::string_view title, detail;
  const bool parsed =
      parser.parse(body.data(), body.size()).get(doc) == simdjson::SUCCESS && doc.is_object();
  const bool has_title = parsed && doc["title"].get_string().get(title) == simdjson::SUCCESS;
  const bool has_detail = parsed && doc["detail"].get_string().get(detail) == simdjson::SUCCESS;
  if (has_title || has_detail) {
    sdk::HttpError e;
    e.code.assign(title.substr(0, 100));
    e.message.assign(detail.empty() ? title.substr(0, 300) : detail.substr(0, 300));
    dom::array errors;
    if (doc["errors"].get_array().get(errors) == simdjson::SUCCESS) {
      for (dom::element err : errors) {  // 400 Invalid Resource: which field
        std::string_view field, message;
        if (err["field"].get_string().get(field) == simdjson::SUCCESS &&
            err["message"].get_string().get(message) == simdjson::SUCCESS) {
          e.message += " (" + std::string(field.substr(0, 60)) + ": " +
                       std::string(message.substr(0, 120)) + ")";
          break;
        }
      }
    }
    return e;
  }
  return sdk::ParseHttpError(body);
}

const sdk::HttpProvider kMailchimpHttp{
    "Mailchimp", &Classify, &ParseProblem,
    "check api_key (the whole key, with its -<dc> suffix) or access_token, and base_url"};

Status ParseMetadata(std::string_view body, Metadata* out) {
  dom::parser parser;
  dom::element doc;
  if (parser.parse(body.data(), body.size()).get(doc) != simdjson::SUCCESS || !doc.is_object()) {
    return Status::Data("Mailchimp OAuth metadata: the response is not JSON (" +
                        sdk::BodyExcerpt(body, 80) + "); check metadata_url");
  }
  std::string_view error, dc, endpoint;
  if (doc["error"].get_string().get(error) == simdjson::SUCCESS) {
    return Status::Permission("Mailchimp OAuth metadata refused the access token (" +
                              std::string(error.substr(0, 60)) +
                              "); re-authorize the app and update access_token");
  }
  if (doc["dc"].get_string().get(dc) != simdjson::SUCCESS ||
      doc["api_endpoint"].get_string().get(endpoint) != simdjson::SUCCESS || endpoint.empty()) {
    return Status::Data(
        "Mailchimp OAuth metadata: the response has no dc and api_endpoint; check metadata_url");
  }
  out->dc.assign(dc);
  out->api_endpoint.assign(endpoint);
  while (!out->api_endpoint.empty() && out->api_endpoint.back() == '/')
    out->api_endpoint.pop_back();
  return Status::Ok();
}

Status FetchMetadata(sdk::Context& ctx, const Config& config, Metadata* out) {
  sdk::HttpOptions options;
  options.flags = TEMPO_HTTP_FLAG_NO_AUTH;
  options.classify = &Classify;
  options.headers = {{"Authorization", "OAuth " + config.access_token},
                     {"Accept", "application/json"}};
  sdk::HttpResponse resp;
  if (Status s = ctx.Http("GET", config.metadata_url, "", options, &resp); !s.ok()) return s;
  if (resp.status < 200 || resp.status >= 300) {
    return sdk::HttpClient(kMailchimpHttp).Refused(resp, "OAuth metadata");
  }
  return ParseMetadata(resp.body, out);
}

std::string QueryTime(int64_t ms) {
  std::string iso = sdk::FormatIso(ms - ((ms % 1000) + 1000) % 1000, sdk::IsoPrecision::kSeconds);
  if (!iso.empty() && iso.back() == 'Z') iso.pop_back();
  return iso + "%2B00:00";
}

}  // namespace tempo::mailchimp
