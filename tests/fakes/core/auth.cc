// Token issue, validation and expiry for the fake providers.
#include "fakes/core/auth.h"

#include "fakes/core/encoding.h"

namespace tempo::fakes {
namespace {

std::string_view ProviderName(ProviderId p) {
  switch (p) {
    case ProviderId::kHubSpot:
      return "hubspot";
    case ProviderId::kSalesforce:
      return "salesforce";
    case ProviderId::kMarketo:
      return "marketo";
    case ProviderId::kCrossbeam:
      return "crossbeam";
  }
  return "unknown";
}

}  // namespace

TokenStore::TokenStore(AuthOptions options, const FakeClock& clock, uint64_t seed)
    : options_(std::move(options)), clock_(clock), seed_(seed) {
  int n = 0;
  for (const std::string& pat : options_.hubspot_private_app_tokens) {
    Token t{ProviderId::kHubSpot, false, "hubspot-pat#" + std::to_string(n++), 0, 0, 0, 0};
    tokens_.emplace(pat, std::move(t));
  }
  refresh_tokens_.emplace(options_.hubspot_refresh_token, ProviderId::kHubSpot);
  refresh_tokens_.emplace(options_.salesforce_refresh_token, ProviderId::kSalesforce);
  refresh_tokens_.emplace(options_.crossbeam_refresh_token, ProviderId::kCrossbeam);
}

std::string TokenStore::NewSecret(ProviderId provider, std::string_view kind) {
  // Realistic shapes: HubSpot access tokens are ~150 opaque characters; Salesforce sessions are
  // "<org id>!<opaque>".
  std::string raw;
  for (uint64_t i = 0; i < 12; ++i) {
    const uint64_t h =
        Hash(seed_, 7000 + static_cast<uint64_t>(provider) * 10 + kind.size(), issued_ * 16 + i);
    raw.append(reinterpret_cast<const char*>(&h), sizeof h);
  }
  std::string opaque = Base64Encode(raw);
  for (char& c : opaque) {
    if (c == '+') c = '-';
    if (c == '/') c = '_';
    if (c == '=') c = '.';
  }
  if (kind == "refresh") return std::string(ProviderName(provider)) + "-rt-" + opaque.substr(0, 40);
  if (provider == ProviderId::kHubSpot) return "CN" + opaque;
  if (provider == ProviderId::kMarketo) {
    // "cdf01657-110d-4155-99a7-f986b2ff13a0:int": a UUID and the pod.
    static constexpr char kHex[] = "0123456789abcdef";
    std::string uuid;
    for (size_t i = 0; i < 16; ++i) {
      if (i == 4 || i == 6 || i == 8 || i == 10) uuid += '-';
      const auto byte = static_cast<unsigned char>(raw[i]);
      uuid += kHex[byte >> 4];
      uuid += kHex[byte & 0xf];
    }
    return uuid + ":int";
  }
  if (provider == ProviderId::kCrossbeam) return "eyJhbGciOiJSUzI1NiJ9." + opaque;  // Auth0 JWT
  return "00D5g00000FakeOrg!AQ" + opaque.substr(0, 90);
}

IssuedToken TokenStore::Issue(ProviderId provider) {
  ++issued_;
  const int64_t now = clock_.NowMs();
  IssuedToken out;
  out.access_token = NewSecret(provider, "access");
  handed_out_.push_back({out.access_token, false});
  out.issued_ms = now;
  Token t;
  t.provider = provider;
  t.issued_ms = now;
  t.last_used_ms = now;
  if (provider == ProviderId::kHubSpot) {
    t.label = "hubspot-oauth#" + std::to_string(issued_);
    out.expires_in_s = options_.hubspot_token_lifetime_s;
    t.expires_ms = now + options_.hubspot_token_lifetime_s * 1000;
  } else if (provider == ProviderId::kMarketo) {
    t.label = "marketo#" + std::to_string(issued_);
    out.expires_in_s = options_.marketo_token_lifetime_s;
    t.expires_ms = now + options_.marketo_token_lifetime_s * 1000;
  } else if (provider == ProviderId::kCrossbeam) {
    t.label = "crossbeam-oauth#" + std::to_string(issued_);
    out.expires_in_s = options_.crossbeam_token_lifetime_s;
    t.expires_ms = now + options_.crossbeam_token_lifetime_s * 1000;
  } else {
    t.label = "salesforce-session#" + std::to_string(issued_);
  }
  out.label = t.label;
  tokens_.emplace(out.access_token, std::move(t));
  return out;
}

GrantError TokenStore::Refresh(ProviderId provider, std::string_view client_id,
                               std::string_view client_secret, std::string_view refresh_token,
                               IssuedToken& out) {
  std::lock_guard lock(mutex_);
  const bool hub = provider == ProviderId::kHubSpot;
  const bool xb = provider == ProviderId::kCrossbeam;
  const std::string& id = hub  ? options_.hubspot_client_id
                          : xb ? options_.crossbeam_client_id
                               : options_.salesforce_client_id;
  const std::string& secret = hub  ? options_.hubspot_client_secret
                              : xb ? options_.crossbeam_client_secret
                                   : options_.salesforce_client_secret;
  if (client_id != id || client_secret != secret) return GrantError::kInvalidClient;
  auto it = refresh_tokens_.find(refresh_token);
  if (it == refresh_tokens_.end() || it->second != provider) return GrantError::kInvalidGrant;
  out = Issue(provider);
  if (options_.rotate_refresh_tokens || (xb && options_.crossbeam_rotate_refresh_tokens)) {
    refresh_tokens_.erase(it);
    out.refresh_token = NewSecret(provider, "refresh");
    handed_out_.push_back({out.refresh_token, true});
    refresh_tokens_.emplace(out.refresh_token, provider);
  } else if (hub) {
    out.refresh_token = std::string(refresh_token);
  }
  return GrantError::kNone;
}

GrantError TokenStore::ClientCredentials(ProviderId provider, std::string_view client_id,
                                         std::string_view client_secret, IssuedToken& out) {
  std::lock_guard lock(mutex_);
  if (provider != ProviderId::kSalesforce) return GrantError::kUnsupportedGrantType;
  if (client_id != options_.salesforce_client_id ||
      client_secret != options_.salesforce_client_secret) {
    return GrantError::kInvalidClient;
  }
  out = Issue(provider);
  return GrantError::kNone;
}

GrantError TokenStore::MarketoToken(std::string_view client_id, std::string_view client_secret,
                                    IssuedToken& out) {
  std::lock_guard lock(mutex_);
  if (client_id != options_.marketo_client_id || client_secret != options_.marketo_client_secret) {
    return GrantError::kInvalidClient;
  }
  const int64_t now = clock_.NowMs();
  auto it = tokens_.find(marketo_current_);
  if (it != tokens_.end() && it->second.expired_at_ms == 0 && it->second.expires_ms - now >= 1000) {
    out.access_token = marketo_current_;
    out.label = it->second.label;
    out.issued_ms = it->second.issued_ms;
    out.expires_in_s = (it->second.expires_ms - now) / 1000;
    return GrantError::kNone;
  }
  out = Issue(ProviderId::kMarketo);
  marketo_current_ = out.access_token;
  return GrantError::kNone;
}

TokenCheck TokenStore::Check(ProviderId provider, std::string_view bearer) {
  std::lock_guard lock(mutex_);
  TokenCheck check;
  auto it = tokens_.find(bearer);
  if (it == tokens_.end() || it->second.provider != provider) return check;
  Token& t = it->second;
  check.label = t.label;
  const int64_t now = clock_.NowMs();
  if (t.expired_at_ms == 0 && t.expires_ms != 0 && now >= t.expires_ms)
    t.expired_at_ms = t.expires_ms;
  if (t.expired_at_ms == 0 && provider == ProviderId::kSalesforce &&
      now - t.last_used_ms >= options_.salesforce_session_timeout_s * 1000) {
    t.expired_at_ms = t.last_used_ms + options_.salesforce_session_timeout_s * 1000;
  }
  if (t.expired_at_ms != 0) {
    check.state = t.oauth ? TokenState::kExpired : TokenState::kUnknown;
    check.expired_at_ms = t.expired_at_ms;
    return check;
  }
  t.last_used_ms = now;
  check.state = TokenState::kValid;
  return check;
}

std::string TokenStore::Describe(std::string_view authorization) const {
  if (authorization.empty()) return "none";
  if (authorization.starts_with("Basic ")) return "basic";
  if (!authorization.starts_with("Bearer ")) return "other";
  std::lock_guard lock(mutex_);
  auto it = tokens_.find(authorization.substr(7));
  return it == tokens_.end() ? "bearer-unknown" : it->second.label;
}

void TokenStore::Expire(std::string_view bearer) {
  std::lock_guard lock(mutex_);
  auto it = tokens_.find(bearer);
  if (it != tokens_.end() && it->second.expired_at_ms == 0)
    it->second.expired_at_ms = clock_.NowMs();
}

std::vector<HandedOutToken> TokenStore::IssuedSecrets() const {
  std::lock_guard lock(mutex_);
  return handed_out_;
}

void TokenStore::ExpireAll() {
  std::lock_guard lock(mutex_);
  const int64_t now = clock_.NowMs();
  for (auto& [secret, t] : tokens_) {
    if (t.oauth && t.expired_at_ms == 0) t.expired_at_ms = now;
  }
}

void TokenStore::RevokeRefreshTokens(ProviderId provider) {
  std::lock_guard lock(mutex_);
  std::erase_if(refresh_tokens_, [provider](const auto& kv) { return kv.second == provider; });
}

}  // namespace tempo::fakes
