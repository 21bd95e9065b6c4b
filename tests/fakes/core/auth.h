// Credentials the fake providers accept: HubSpot private-app tokens and OAuth access tokens that
// expire after a lifetime, Salesforce sessions that expire after inactivity, refresh tokens
// (optionally rotated on every use), client credentials, and Marketo's identity tokens (the same
// token with a decreasing expires_in until it expires). Issued tokens are deterministic for
// a seed. Tokens are never logged: the request log sees only a label such as "hubspot-oauth#2".
//
// Thread-safety: every method may be called from any thread.
#ifndef TEMPO_TESTS_FAKES_CORE_AUTH_H_
#define TEMPO_TESTS_FAKES_CORE_AUTH_H_

#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "fakes/core/clock.h"

namespace tempo::fakes {

enum class ProviderId : uint8_t { kHubSpot, kSalesforce, kMarketo, kCrossbeam };

// The credentials configured on the server. All defaults are fake, documented in
// docs/fake-api.md and safe to commit.
struct AuthOptions {
  std::vector<std::string> hubspot_private_app_tokens = {
      "pat-na1-7e3c2a90-0000-4000-8000-000000000042"};
  std::string hubspot_client_id = "fake-hubspot-client-id";
  std::string hubspot_client_secret = "fake-hubspot-client-secret";
  std::string hubspot_refresh_token = "fake-hubspot-refresh-token";
  int64_t hubspot_token_lifetime_s = 1800;  // OAuth access tokens; then 401 EXPIRED_AUTHENTICATION
  std::string salesforce_client_id = "fake-salesforce-client-id";
  std::string salesforce_client_secret = "fake-salesforce-client-secret";
  std::string salesforce_refresh_token = "fake-salesforce-refresh-token";
  int64_t salesforce_session_timeout_s = 7200;  // inactivity; then 401 INVALID_SESSION_ID
  bool rotate_refresh_tokens = false;  // each refresh returns a new refresh token, old one dies
  std::string marketo_client_id = "fake-marketo-client-id";
  std::string marketo_client_secret = "fake-marketo-client-secret";
  int64_t marketo_token_lifetime_s = 3600;  // then 602 "Access token expired"
  std::string crossbeam_client_id = "fake-crossbeam-client-id";
  std::string crossbeam_client_secret = "fake-crossbeam-client-secret";
  std::string crossbeam_refresh_token = "fake-crossbeam-refresh-token";
  int64_t crossbeam_token_lifetime_s = 86400;  // Auth0 access tokens: 24 h, then 401
  // Auth0 refresh-token rotation: every refresh returns a new refresh token and retires the
  // one it was given (on for Crossbeam whatever rotate_refresh_tokens says).
  bool crossbeam_rotate_refresh_tokens = true;
};

enum class TokenState : uint8_t { kValid, kExpired, kUnknown };

struct TokenCheck {
  TokenState state = TokenState::kUnknown;
  // "hubspot-pat#0", "hubspot-oauth#3", "salesforce-session#1", "crossbeam-oauth#2"
  std::string label;
  int64_t expired_at_ms = 0;
};

enum class GrantError : uint8_t { kNone, kInvalidClient, kInvalidGrant, kUnsupportedGrantType };

struct IssuedToken {
  std::string access_token;
  std::string refresh_token;  // set when rotation is on (HubSpot always echoes one)
  std::string label;
  int64_t issued_ms = 0;
  int64_t expires_in_s = 0;  // 0: no fixed lifetime (Salesforce)
};

// A token the server handed out: an access token, or a (rotated) refresh token.
struct HandedOutToken {
  std::string value;
  bool refresh = false;
};

class TokenStore {
 public:
  TokenStore(AuthOptions options, const FakeClock& clock, uint64_t seed);

  // The refresh_token grant. On success fills `out` and returns kNone.
  GrantError Refresh(ProviderId provider, std::string_view client_id,
                     std::string_view client_secret, std::string_view refresh_token,
                     IssuedToken& out);
  // The client_credentials grant (Salesforce).
  GrantError ClientCredentials(ProviderId provider, std::string_view client_id,
                               std::string_view client_secret, IssuedToken& out);
  // Marketo's identity endpoint: while the current token is valid, the same token with the
  // whole seconds it has left as expires_in; once it has expired (or less than a second is
  // left), a new one.
  GrantError MarketoToken(std::string_view client_id, std::string_view client_secret,
                          IssuedToken& out);

  // Checks a bearer token presented to `provider`; a valid Salesforce session's inactivity timer
  // restarts.
  TokenCheck Check(ProviderId provider, std::string_view bearer);
  // The label of whatever credential an Authorization header carries, for the request log:
  // "none", "basic", "bearer-unknown" or a token label. Never the secret itself.
  std::string Describe(std::string_view authorization) const;

  // Expires one access token now (the expire_token fault); private-app tokens become invalid.
  void Expire(std::string_view bearer);
  // Expires every issued access token now.
  void ExpireAll();
  // Makes every refresh token of `provider` invalid (the next refresh gets invalid_grant).
  void RevokeRefreshTokens(ProviderId provider);

  const AuthOptions& options() const { return options_; }
  // Every access and refresh token handed out so far, in issue order: what a test checks a
  // client never leaks into its logs, errors or files.
  std::vector<HandedOutToken> IssuedSecrets() const;

 private:
  struct Token {
    ProviderId provider;
    bool oauth = true;  // false for private-app tokens
    std::string label;
    int64_t issued_ms = 0;
    int64_t expires_ms = 0;  // 0 = no absolute expiry
    int64_t last_used_ms = 0;
    int64_t expired_at_ms = 0;  // set once expired by a fault or ExpireAll
  };

  IssuedToken Issue(ProviderId provider);
  std::string NewSecret(ProviderId provider, std::string_view kind);

  const AuthOptions options_;
  const FakeClock& clock_;
  const uint64_t seed_;
  mutable std::mutex mutex_;
  std::map<std::string, Token, std::less<>> tokens_;
  std::map<std::string, ProviderId, std::less<>> refresh_tokens_;
  uint64_t issued_ = 0;
  std::string marketo_current_;             // the Marketo token the identity endpoint hands out now
  std::vector<HandedOutToken> handed_out_;  // every access and refresh token issued
};

}  // namespace tempo::fakes

#endif  // TEMPO_TESTS_FAKES_CORE_AUTH_H_
