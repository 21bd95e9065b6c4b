// OAuth2 for a connection: the client-credentials and refresh-token grants, the access-token
// cache, refresh after a rejection, and persistence of rotated refresh tokens.
//
// - A token is reused until shortly before it expires: 60 s early, or at half its lifetime
//   when that is shorter than 2 minutes. A response without `expires_in` lasts
//   default_expires_in_s (0: 3600 s).
// - RefreshAfterReject is single-flight: of the requests that were refused with the same token,
//   the first fetches a new token and the others use it.
// - `invalid_grant` (and invalid_client, unauthorized_client) from the token endpoint is a
//   kPermission error that tells the admin to re-authorize; it is never retried.
// - A rotated refresh token (the response carries a new `refresh_token`) is written to
//   SharedState before anything else happens, and later sessions of the connection start from
//   it instead of the configured one, unless the configured one has changed since.
// - Every token is registered with log::AddSecret the moment it is known.
// The HTTP exchange itself is the caller's (TokenSender), so the token request gets the same
// timeouts, retries and counting as every other request.
//
// Thread safety: thread-safe.
#ifndef TEMPO_HOST_HTTP_OAUTH_H_
#define TEMPO_HOST_HTTP_OAUTH_H_

#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>

#include "common/status.h"
#include "http/shared_state.h"

namespace tempo::http {

struct OAuthSettings {
  int32_t grant = 0;  // TEMPO_AUTH_OAUTH2_REFRESH_TOKEN or TEMPO_AUTH_OAUTH2_CLIENT_CREDENTIALS
  std::string token_url;
  std::string client_id;
  std::string client_secret;
  std::string refresh_token;  // as configured (refresh-token grant)
  std::string scope;
  int64_t default_expires_in_s = 0;  // 0: 3600
};

// What the token endpoint answered, as the caller's HTTP exchange received it.
struct TokenHttpResponse {
  long status = 0;
  std::string body;
};

// Sends the form-urlencoded token request body to the token URL (POST) and returns the
// response, or the Status of an exchange that failed (already a complete message).
using TokenSender = std::function<Result<TokenHttpResponse>(const std::string& form_body)>;

// A parsed successful token response.
struct TokenGrant {
  std::string access_token;
  std::optional<double> expires_in_s;
  std::string refresh_token;                  // "" when not rotated
  std::map<std::string, std::string> fields;  // every top-level string or number member
};

// Parses a token endpoint response. Non-2xx: kPermission for OAuth error codes that need the
// admin (invalid_grant, invalid_client, unauthorized_client, unsupported_grant_type,
// invalid_scope), kUnavailable for 5xx and 429, kPermission for other statuses. 2xx without
// access_token: kData. `who` starts each message ("connection 'crm' stream 'contacts'").
Result<TokenGrant> ParseTokenResponse(const TokenHttpResponse& response, std::string_view who,
                                      int32_t grant);

// The form body of a token request (values percent-encoded).
std::string TokenRequestBody(const OAuthSettings& settings, std::string_view refresh_token);

// Seconds after it was issued when a token of `lifetime_s` is refreshed.
double RefreshAfter(double lifetime_s);

// A stable fingerprint of a configured secret (FNV-1a 64, hex): tells a changed configured
// refresh token from the one a stored rotation replaced, without storing it twice.
std::string Fingerprint(std::string_view secret);

// An access token and the generation that identifies it for RefreshAfterReject.
struct AccessToken {
  std::string value;
  uint64_t generation = 0;
};

class OAuthSession {
 public:
  using Clock = std::chrono::steady_clock;

  // `state` (may be null) persists rotated refresh tokens under `connection`.
  OAuthSession(std::string connection, OAuthSettings settings, std::shared_ptr<SharedState> state);

  // Loads a stored rotated refresh token, if any (call once before the first Current()).
  Status LoadRotated();

  // A valid access token: the cached one, or a new one when none is cached or it is due.
  // `who` names the connection and stream in messages.
  Result<AccessToken> Current(const TokenSender& send, std::string_view who);

  // The token of `generation` was refused as expired: returns a new token, fetching it only if
  // no one else has since that generation.
  Result<AccessToken> RefreshAfterReject(uint64_t generation, const TokenSender& send,
                                         std::string_view who);

  // A member of the last token response ("instance_url"); nullptr when absent. The pointer is
  // valid until the next token fetch.
  const std::string* Field(std::string_view name) const;

  // True once a token response has been received.
  bool has_token() const;

 private:
  Result<AccessToken> FetchLocked(const TokenSender& send, std::string_view who);

  const std::string connection_;
  const OAuthSettings settings_;
  const std::shared_ptr<SharedState> state_;
  mutable std::mutex mu_;
  std::string refresh_token_;  // the one to use next
  std::optional<AccessToken> token_;
  Clock::time_point refresh_at_{};
  uint64_t generation_ = 0;
  std::map<std::string, std::string, std::less<>> fields_;
};

}  // namespace tempo::http

#endif  // TEMPO_HOST_HTTP_OAUTH_H_
