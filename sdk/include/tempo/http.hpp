// tempo/http.hpp: a connector's HTTP calls over the host's HTTP service (which retries, rate
// limits, authenticates and redacts), with the provider's conventions declared once: how to
// classify its responses, how to read its error bodies, what to tell an admin on a refusal.
// Every non-2xx answer becomes one Status through one map (StatusForHttp), with a message
// that names the provider, what was being read, the HTTP status and the provider's own words.
//
//   const tempo::sdk::HttpProvider kHubSpot{"HubSpot", &Classify, nullptr,
//                                           "check the token and its scopes"};
//   tempo::sdk::HttpClient http(kHubSpot);
//   tempo::sdk::HttpResponse resp;
//   if (Status s = http.Get(ctx, url, "stream 'contacts' page 3", &resp); !s.ok()) return s;
//
// Part of the connector kit (needs simdjson for error bodies).
#ifndef TEMPO_HTTP_HPP_
#define TEMPO_HTTP_HPP_

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <simdjson.h>

#include "tempo/plugin.hpp"

namespace tempo::sdk {

// A provider's error body, as far as it says anything.
struct HttpError {
  std::string code;     // "INVALID_FIELD", "VALIDATION_ERROR", ...; "" when none
  std::string message;  // the provider's sentence, or an excerpt of the body
};

// Up to `max` bytes of `body` with control and non-ASCII bytes as spaces; "empty body" when
// there is nothing. For messages: never the whole of an unknown body.
inline std::string BodyExcerpt(std::string_view body, size_t max = 120) {
  std::string out;
  for (char c : body.substr(0, max)) out.push_back(c >= 0x20 && c < 0x7f ? c : ' ');
  while (!out.empty() && out.back() == ' ') out.pop_back();
  return out.empty() ? "empty body" : out;
}

// The usual JSON error envelopes: an object (or the first object of an array) with a message
// in "message", "error_description", "detail", "title" or "error", and a code in "errorCode",
// "code", "category" or "error". Anything else: an excerpt of the body. Messages are cut at
// 300 bytes.
inline HttpError ParseHttpError(std::string_view body) {
  HttpError out;
  simdjson::dom::parser parser;
  simdjson::dom::element doc;
  if (parser.parse(body.data(), body.size()).get(doc) == simdjson::SUCCESS) {
    simdjson::dom::array list;
    if (doc.get_array().get(list) == simdjson::SUCCESS) {
      for (simdjson::dom::element first : list) {
        doc = first;
        break;
      }
    }
    if (doc.is_object()) {
      auto text = [&](const char* key, std::string* v) {
        std::string_view sv;
        int64_t n;
        if (!v->empty()) return;
        if (doc[key].get_string().get(sv) == simdjson::SUCCESS) {
          v->assign(sv.substr(0, 300));
        } else if (doc[key].get_int64().get(n) == simdjson::SUCCESS) {
          *v = std::to_string(n);
        }
      };
      for (const char* key : {"message", "error_description", "detail", "title"}) {
        text(key, &out.message);
      }
      for (const char* key : {"errorCode", "code", "category", "error"}) text(key, &out.code);
      if (out.message.empty() && !out.code.empty()) std::swap(out.message, out.code);
      if (!out.message.empty()) return out;
    }
  }
  out.code.clear();
  out.message = BodyExcerpt(body);
  return out;
}

// The one map from a final non-2xx status to a Status. `what` says what failed ("HubSpot
// stream 'deals' page 3: HTTP 403 (MISSING_SCOPES): ..."); `permission_hint` what to check on
// 401/403.
inline Status StatusForHttp(int32_t status, std::string what, std::string_view permission_hint) {
  if (status == 401 || status == 403) {
    return Status::Permission(what + (permission_hint.empty() ? "" : "; ") +
                              std::string(permission_hint));
  }
  if (status == 404) return Status::NotFound(std::move(what));
  if (status == 400 || status == 405 || status == 409 || status == 413 || status == 414 ||
      status == 415 || status == 422 || status == 431) {
    return Status::InvalidArgument(std::move(what));
  }
  return Status::Unavailable(std::move(what));
}

// FNV-1a 64 of `text` as 12 hex digits: a stable label derived from an identity that may be a
// secret (the hash says nothing usable about it), e.g. for rate keys.
inline std::string ShortHash(std::string_view text) {
  uint64_t h = 1469598103934665603ULL;
  for (unsigned char c : text) {
    h ^= c;
    h *= 1099511628211ULL;
  }
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out(12, '0');
  for (int i = 11; i >= 0; --i) {
    out[static_cast<size_t>(i)] = kHex[h & 0xf];
    h >>= 4;
  }
  return out;
}

// The key under which every connection of one provider account shares a rate budget:
// "<provider>:<account>" when the account id is known, else "<provider>:<kind>-<hash of the
// credential>" (never the credential itself).
inline std::string RateKey(std::string_view provider, std::string_view account_id,
                           std::string_view credential_kind, std::string_view credential) {
  std::string key(provider);
  key += ':';
  if (!account_id.empty()) return key += account_id;
  key += credential_kind;
  key += '-';
  return key += ShortHash(credential);
}

// The HTTP identity of a connection that sends a fixed bearer token (an API key, a private-app
// token) with no client-side rate budget; `token` must outlive the HttpConfigure call. Set
// rate_limit_key, requests_per_second and burst on the result to share a budget.
inline tempo_http_config BearerAuth(const std::string& token) {
  tempo_http_config http{};
  http.struct_size = sizeof http;
  http.auth_kind = TEMPO_AUTH_BEARER;
  http.bearer_token = token.c_str();
  return http;
}

// `bytes` in base64 (RFC 4648, with '=' padding), as HTTP Basic credentials are written.
inline std::string Base64(std::string_view bytes) {
  static constexpr char kAlphabet[] =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  size_t i = 0;
  for (; i + 2 < bytes.size(); i += 3) {
    const uint32_t n = (static_cast<uint32_t>(static_cast<uint8_t>(bytes[i])) << 16) |
                       (static_cast<uint32_t>(static_cast<uint8_t>(bytes[i + 1])) << 8) |
                       static_cast<uint8_t>(bytes[i + 2]);
    for (int shift : {18, 12, 6, 0}) out.push_back(kAlphabet[(n >> shift) & 63]);
  }
  if (i < bytes.size()) {
    uint32_t n = static_cast<uint32_t>(static_cast<uint8_t>(bytes[i])) << 16;
    if (i + 1 < bytes.size()) n |= static_cast<uint32_t>(static_cast<uint8_t>(bytes[i + 1])) << 8;
    out.push_back(kAlphabet[(n >> 18) & 63]);
    out.push_back(kAlphabet[(n >> 12) & 63]);
    out.push_back(i + 1 < bytes.size() ? kAlphabet[(n >> 6) & 63] : '=');
    out.push_back('=');
  }
  return out;
}

// The HTTP identity of a connection that sends HTTP Basic credentials (RFC 7617): `*header`
// receives "Basic base64(user:password)" and must outlive the HttpConfigure call (the host
// copies it and redacts it, as every configured credential, from logs and errors).
inline tempo_http_config BasicAuth(std::string_view user, std::string_view password,
                                   std::string* header) {
  *header = "Basic " + Base64(std::string(user) + ":" + std::string(password));
  tempo_http_config http{};
  http.struct_size = sizeof http;
  http.auth_kind = TEMPO_AUTH_HEADER;
  http.header_name = "Authorization";
  http.header_value = header->c_str();
  return http;
}

// A provider's HTTP conventions.
struct HttpProvider {
  std::string name;                           // "HubSpot": the start of every message
  tempo_http_classify_fn classify = nullptr;  // provider quirks (tempo_http_classify_fn)
  HttpError (*parse_error)(std::string_view body) = nullptr;  // nullptr: ParseHttpError
  std::string permission_hint;                                // what to check after a 401/403
  // More statuses that mean "these credentials are refused" (HubSpot: 530, a malformed token).
  std::vector<int32_t> refused_credentials = {};
};

// Requests through Context::Http with the provider's classify hook; a 2xx answer is Ok with
// the response, anything else the Status of StatusForHttp. Stateless: one per connector, used
// from any thread a plugin may make HTTP calls from.
class HttpClient {
 public:
  explicit HttpClient(HttpProvider provider) : provider_(std::move(provider)) {}

  const HttpProvider& provider() const { return provider_; }

  Status Get(Context& ctx, std::string_view url, std::string_view where, HttpResponse* resp,
             std::vector<std::pair<std::string, std::string>> headers = {}) const {
    return Send(ctx, "GET", url, "", where, resp, std::move(headers));
  }
  // POSTs a JSON body.
  Status PostJson(Context& ctx, std::string_view url, std::string_view body, std::string_view where,
                  HttpResponse* resp) const {
    return Send(ctx, "POST", url, body, where, resp, {{"Content-Type", "application/json"}});
  }
  Status Send(Context& ctx, const char* method, std::string_view url, std::string_view body,
              std::string_view where, HttpResponse* resp,
              std::vector<std::pair<std::string, std::string>> headers = {}) const {
    HttpOptions options;
    options.classify = provider_.classify;
    options.headers = std::move(headers);
    if (Status s = ctx.Http(method, url, body, options, resp); !s.ok()) return s;
    if (resp->status >= 200 && resp->status < 300) return Status::Ok();
    return Refused(*resp, where);
  }

  // The Status for a non-2xx response (for callers that look at some statuses themselves).
  Status Refused(const HttpResponse& resp, std::string_view where) const {
    HttpError e =
        provider_.parse_error ? provider_.parse_error(resp.body) : ParseHttpError(resp.body);
    std::string what = provider_.name + " " + std::string(where) + ": HTTP " +
                       std::to_string(resp.status) + (e.code.empty() ? "" : " " + e.code) + ": " +
                       e.message;
    for (int32_t status : provider_.refused_credentials) {
      if (resp.status == status)
        return StatusForHttp(401, std::move(what), provider_.permission_hint);
    }
    return StatusForHttp(resp.status, std::move(what), provider_.permission_hint);
  }

 private:
  HttpProvider provider_;
};

}  // namespace tempo::sdk

#endif  // TEMPO_HTTP_HPP_
