// Redaction of credentials in text the HTTP stage writes: log lines, error messages and
// everything that reaches sync_runs.
//
// Two layers, both applied by Redact():
//   - by value: every secret registered with log::AddSecret (configured secrets, tokens the
//     HTTP stage learns) and its encoded forms, wherever it appears;
//   - by shape: credentials the host may not know as values, such as an API key a plugin put
//     in a query string: URL userinfo (`https://user:pass@host`), the value of a query or form
//     parameter whose name says "credential" (IsSecretName), a JSON member of such a name, the
//     value of an `Authorization`, `Cookie` or other credential header (IsSecretHeader), and
//     the word after `Bearer`/`Basic`.
// Each redacted value becomes "***". Pure functions; thread-safe.
#ifndef TEMPO_HOST_HTTP_REDACT_H_
#define TEMPO_HOST_HTTP_REDACT_H_

#include <string>
#include <string_view>

namespace tempo::http {

// True for a query, form or JSON parameter name (any letter case) whose value is a credential:
// access_token, refresh_token, id_token, token, client_secret, api_key, apikey, key, password,
// passwd, secret, signature, sig, code, session, and any name containing "token", "secret",
// "password", "apikey", "api_key", "api-key" or "session".
bool IsSecretName(std::string_view name);

// True for a header name (any letter case) whose value is a credential: Authorization,
// Proxy-Authorization, Cookie, Set-Cookie, and any name containing "auth", "token", "secret",
// "key", "password", "session" or "signature" (X-Api-Key, X-Auth-Token, ...).
bool IsSecretHeader(std::string_view name);

// `text` (a URL, a header line, a form body, a message) with every credential replaced by "***".
std::string Redact(std::string_view text);

// "Name: value" for a log line, the value replaced by "***" when IsSecretHeader(name).
std::string RedactHeader(std::string_view name, std::string_view value);

}  // namespace tempo::http

#endif  // TEMPO_HOST_HTTP_REDACT_H_
