// The HTTP identity. See auth.h.
#include "auth.h"

#include "tempo/http.hpp"

namespace tempo::rest {

using sdk::Status;

namespace {

Status Expand(const Template& t, const ConnectionConfig& c, const char* what, std::string* out) {
  std::optional<std::string> value = t.Expand(c.values);
  if (!value) {
    std::string keys;
    for (const std::string& k : t.Keys()) keys += (keys.empty() ? "" : ", ") + k;
    return Status::InvalidArgument(std::string("auth ") + what + " needs config key " + keys +
                                   ", which is not set");
  }
  *out = std::move(*value);
  return Status::Ok();
}

}  // namespace

Status IdentityFor(const Manifest& m, const ConnectionConfig& c, HttpIdentity* out) {
  tempo_http_config& http = out->config;
  http = tempo_http_config{};
  http.struct_size = sizeof http;
  const AuthSpec& a = m.auth;
  std::string credential;  // what the rate key's hash is of
  switch (a.kind) {
    case AuthKind::kNone:
      http.auth_kind = TEMPO_AUTH_NONE;
      break;
    case AuthKind::kBearer:
      if (Status s = Expand(a.token, c, "token", &out->token); !s.ok()) return s;
      http.auth_kind = TEMPO_AUTH_BEARER;
      http.bearer_token = out->token.c_str();
      credential = out->token;
      break;
    case AuthKind::kBasic: {
      std::string user, password;
      if (Status s = Expand(a.username, c, "username", &user); !s.ok()) return s;
      if (Status s = Expand(a.password, c, "password", &password); !s.ok()) return s;
      http = sdk::BasicAuth(user, password, &out->header);
      credential = user;
      break;
    }
    case AuthKind::kHeader:
      if (Status s = Expand(a.value, c, "value", &out->header); !s.ok()) return s;
      out->header_name = a.name;
      http.auth_kind = TEMPO_AUTH_HEADER;
      http.header_name = out->header_name.c_str();
      http.header_value = out->header.c_str();
      credential = out->header;
      break;
    case AuthKind::kQuery:
      if (Status s = Expand(a.value, c, "value", &out->query.second); !s.ok()) return s;
      out->query.first = a.name;
      http.auth_kind = TEMPO_AUTH_NONE;
      credential = out->query.second;
      break;
    case AuthKind::kOAuth2Refresh:
    case AuthKind::kOAuth2Client:
      if (Status s = Expand(a.token_url, c, "token_url", &out->token_url); !s.ok()) return s;
      if (Status s = Expand(a.client_id, c, "client_id", &out->client_id); !s.ok()) return s;
      if (Status s = Expand(a.client_secret, c, "client_secret", &out->client_secret); !s.ok()) {
        return s;
      }
      if (!a.scope.empty()) {
        if (Status s = Expand(a.scope, c, "scope", &out->scope); !s.ok()) return s;
      }
      http.auth_kind = a.kind == AuthKind::kOAuth2Refresh ? TEMPO_AUTH_OAUTH2_REFRESH_TOKEN
                                                          : TEMPO_AUTH_OAUTH2_CLIENT_CREDENTIALS;
      http.token_url = out->token_url.c_str();
      http.client_id = out->client_id.c_str();
      http.client_secret = out->client_secret.c_str();
      if (!out->scope.empty()) http.scope = out->scope.c_str();
      if (a.kind == AuthKind::kOAuth2Refresh) {
        if (Status s = Expand(a.refresh_token, c, "refresh_token", &out->refresh_token); !s.ok()) {
          return s;
        }
        http.refresh_token = out->refresh_token.c_str();
      }
      credential = out->client_id;
      break;
  }
  out->rate_key = sdk::RateKey("rest-" + m.name, "", "credential", credential + "@" + c.base_url);
  http.rate_limit_key = out->rate_key.c_str();
  http.requests_per_second = m.requests_per_second;
  http.burst = m.burst;
  return Status::Ok();
}

}  // namespace tempo::rest
