// OAuth2 grants, token cache and refresh-token rotation.
#include "http/oauth.h"

#include <simdjson.h>

#include <algorithm>
#include <cstdio>

#include "common/log.h"
#include "common/percent_encode.h"
#include "http/redact.h"
#include "tempo/plugin.h"

namespace tempo::http {
namespace {

constexpr double kDefaultLifetimeS = 3600;

void AppendParam(std::string& out, std::string_view name, std::string_view value) {
  if (!out.empty()) out.push_back('&');
  out.append(name);
  out.push_back('=');
  AppendPercentEncoded(out, value);
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() &&
         (s.front() == ' ' || s.front() == '\n' || s.front() == '\r' || s.front() == '\t')) {
    s.remove_prefix(1);
  }
  while (!s.empty() &&
         (s.back() == ' ' || s.back() == '\n' || s.back() == '\r' || s.back() == '\t')) {
    s.remove_suffix(1);
  }
  return s;
}

// The top-level string, number and boolean members of a JSON object; nullopt when the body is
// not a JSON object.
std::optional<std::map<std::string, std::string>> ReadMembers(std::string_view body) {
  simdjson::ondemand::parser parser;
  simdjson::padded_string json(body);
  simdjson::ondemand::document doc;
  simdjson::ondemand::object object;
  if (parser.iterate(json).get(doc) != simdjson::SUCCESS ||
      doc.get_object().get(object) != simdjson::SUCCESS) {
    return std::nullopt;
  }
  std::map<std::string, std::string> members;
  for (auto field : object) {
    std::string_view key;
    simdjson::ondemand::value value;
    if (field.unescaped_key().get(key) != simdjson::SUCCESS ||
        field.value().get(value) != simdjson::SUCCESS) {
      return std::nullopt;
    }
    std::string name(key);
    simdjson::ondemand::json_type type;
    if (value.type().get(type) != simdjson::SUCCESS) return std::nullopt;
    switch (type) {
      case simdjson::ondemand::json_type::string: {
        std::string_view text;
        if (value.get_string().get(text) != simdjson::SUCCESS) return std::nullopt;
        members[name] = std::string(text);
        break;
      }
      case simdjson::ondemand::json_type::number:
      case simdjson::ondemand::json_type::boolean:
        members[name] = std::string(Trim(value.raw_json_token()));
        break;
      default:
        break;  // objects, arrays and nulls are skipped (the iterator steps over them)
    }
  }
  return members;
}

std::optional<double> ParseLifetime(const std::string& text) {
  if (text.empty()) return std::nullopt;
  char* end = nullptr;
  double v = std::strtod(text.c_str(), &end);
  if (end == text.c_str() || *end != '\0' || !(v > 0)) return std::nullopt;
  return v;
}

std::string Lifetime(double seconds) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%g s", seconds);
  return buf;
}

}  // namespace

std::string TokenRequestBody(const OAuthSettings& settings, std::string_view refresh_token) {
  std::string body;
  if (settings.grant == TEMPO_AUTH_OAUTH2_REFRESH_TOKEN) {
    AppendParam(body, "grant_type", "refresh_token");
    AppendParam(body, "refresh_token", refresh_token);
  } else {
    AppendParam(body, "grant_type", "client_credentials");
  }
  if (!settings.client_id.empty()) AppendParam(body, "client_id", settings.client_id);
  if (!settings.client_secret.empty()) AppendParam(body, "client_secret", settings.client_secret);
  if (!settings.scope.empty()) AppendParam(body, "scope", settings.scope);
  return body;
}

double RefreshAfter(double lifetime_s) {
  return lifetime_s >= 120 ? lifetime_s - 60 : lifetime_s / 2;
}

std::string Fingerprint(std::string_view secret) {
  uint64_t h = 14695981039346656037ULL;
  for (unsigned char c : secret) {
    h ^= c;
    h *= 1099511628211ULL;
  }
  char hex[17];
  std::snprintf(hex, sizeof hex, "%016llx", static_cast<unsigned long long>(h));
  return hex;
}

Result<TokenGrant> ParseTokenResponse(const TokenHttpResponse& response, std::string_view who_text,
                                      int32_t grant) {
  const std::string who(who_text);
  std::optional<std::map<std::string, std::string>> members = ReadMembers(response.body);
  const std::string status = "HTTP " + std::to_string(response.status);
  if (response.status < 200 || response.status >= 300) {
    std::string error, description;
    if (members) {
      if (auto it = members->find("error"); it != members->end()) error = it->second;
      if (auto it = members->find("error_description"); it != members->end()) {
        description = it->second;
      }
    }
    std::string detail = error.empty() ? status : status + ", " + error;
    if (!description.empty()) detail += ": " + description;
    detail = Redact(detail);
    if (response.status == 429 || response.status >= 500) {
      return Status(StatusCode::kUnavailable, who + ": the OAuth token endpoint is unavailable (" +
                                                  detail + "); a later run may succeed");
    }
    if (error == "invalid_grant" && grant == TEMPO_AUTH_OAUTH2_REFRESH_TOKEN) {
      return Status(StatusCode::kPermission,
                    who + ": the authorization server refused the refresh token (" + detail +
                        "); it was revoked or has expired: re-authorize the connection and put "
                        "the new refresh token in its config");
    }
    if (error == "invalid_client" || error == "unauthorized_client" || error == "invalid_grant") {
      return Status(StatusCode::kPermission,
                    who + ": the authorization server refused the client credentials (" + detail +
                        "); check the connection's client id and client secret");
    }
    return Status(StatusCode::kPermission,
                  who + ": the OAuth token request was refused (" + detail +
                      "); check the connection's OAuth settings (token URL, client, scope)");
  }
  if (!members) {
    return Status(StatusCode::kData, who + ": the OAuth token endpoint answered " + status +
                                         " with a body that is not a JSON object");
  }
  TokenGrant out;
  auto take = [&](const char* name) {
    auto it = members->find(name);
    return it == members->end() ? std::string() : it->second;
  };
  out.access_token = take("access_token");
  if (out.access_token.empty()) {
    return Status(StatusCode::kData, who + ": the OAuth token response has no access_token");
  }
  out.expires_in_s = ParseLifetime(take("expires_in"));
  out.refresh_token = take("refresh_token");
  out.fields = std::move(*members);
  return out;
}

OAuthSession::OAuthSession(std::string connection, OAuthSettings settings,
                           std::shared_ptr<SharedState> state)
    : connection_(std::move(connection)),
      settings_(std::move(settings)),
      state_(std::move(state)),
      refresh_token_(settings_.refresh_token) {
  log::AddSecret(settings_.client_secret);
  log::AddSecret(settings_.refresh_token);
}

Status OAuthSession::LoadRotated() {
  if (settings_.grant != TEMPO_AUTH_OAUTH2_REFRESH_TOKEN || state_ == nullptr) return Status::Ok();
  Result<std::optional<StoredRefreshToken>> stored = state_->LoadRefreshToken(connection_);
  if (!stored.ok()) return stored.status();
  std::lock_guard<std::mutex> lock(mu_);
  if (stored->has_value() &&
      (*stored)->configured_fingerprint == Fingerprint(settings_.refresh_token)) {
    log::AddSecret((*stored)->refresh_token);
    refresh_token_ = (*stored)->refresh_token;
  }
  return Status::Ok();
}

Result<AccessToken> OAuthSession::Current(const TokenSender& send, std::string_view who) {
  std::lock_guard<std::mutex> lock(mu_);
  if (token_ && Clock::now() < refresh_at_) return *token_;
  return FetchLocked(send, who);
}

Result<AccessToken> OAuthSession::RefreshAfterReject(uint64_t generation, const TokenSender& send,
                                                     std::string_view who) {
  std::lock_guard<std::mutex> lock(mu_);
  if (token_ && token_->generation != generation) return *token_;
  return FetchLocked(send, who);
}

Result<AccessToken> OAuthSession::FetchLocked(const TokenSender& send, std::string_view who) {
  token_.reset();
  Result<TokenHttpResponse> response = send(TokenRequestBody(settings_, refresh_token_));
  if (!response.ok()) return response.status();
  Result<TokenGrant> grant = ParseTokenResponse(*response, who, settings_.grant);
  if (!grant.ok()) return grant.status();
  log::AddSecret(grant->access_token);
  for (const auto& [name, value] : grant->fields) {
    if (IsSecretName(name)) log::AddSecret(value);
  }
  if (settings_.grant == TEMPO_AUTH_OAUTH2_REFRESH_TOKEN && !grant->refresh_token.empty() &&
      grant->refresh_token != refresh_token_) {
    // The old refresh token may be spent already: the new one must survive a crash before
    // this process relies on it.
    if (state_ != nullptr) {
      Status saved = state_->SaveRefreshToken(
          connection_, {Fingerprint(settings_.refresh_token), grant->refresh_token});
      if (!saved.ok()) {
        log::Error(std::string(who) +
                   ": cannot persist the rotated OAuth refresh token; the next run may need the "
                   "connection re-authorized: " +
                   saved.message());
      }
    }
    refresh_token_ = grant->refresh_token;
  }
  double lifetime = grant->expires_in_s.value_or(
      settings_.default_expires_in_s > 0 ? static_cast<double>(settings_.default_expires_in_s)
                                         : kDefaultLifetimeS);
  refresh_at_ = Clock::now() + std::chrono::duration_cast<Clock::duration>(
                                   std::chrono::duration<double>(RefreshAfter(lifetime)));
  fields_.clear();
  for (auto& [name, value] : grant->fields) {
    if (!IsSecretName(name)) fields_.emplace(name, std::move(value));
  }
  token_ = AccessToken{std::move(grant->access_token), ++generation_};
  log::Info(std::string(who) + ": obtained an OAuth access token valid for " + Lifetime(lifetime));
  return *token_;
}

const std::string* OAuthSession::Field(std::string_view name) const {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = fields_.find(name);
  return it == fields_.end() ? nullptr : &it->second;
}

bool OAuthSession::has_token() const {
  std::lock_guard<std::mutex> lock(mu_);
  return token_.has_value();
}

}  // namespace tempo::http
