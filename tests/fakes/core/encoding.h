// Wire encodings shared by the fake providers: timestamps in each API's format, Salesforce
// 18-character ids, base64 (HubSpot's opaque cursors, HTTP Basic), and the deterministic hash
// every synthetic value is derived from. Pure functions; thread-safe.
#ifndef TEMPO_TESTS_FAKES_CORE_ENCODING_H_
#define TEMPO_TESTS_FAKES_CORE_ENCODING_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace tempo::fakes {

// --- Deterministic hashing: every synthetic value is a function of (seed, salt, index). ---

// splitmix64's finalizer: a cheap, well-mixed 64-bit permutation.
inline uint64_t Mix64(uint64_t x) {
  x += 0x9e3779b97f4a7c15ULL;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}
inline uint64_t Hash(uint64_t seed, uint64_t salt, uint64_t index) {
  return Mix64(Mix64(seed ^ (salt * 0x2545f4914f6cdd1dULL)) ^ index);
}
// A uniform double in [0, 1) from a hash.
inline double Unit(uint64_t h) { return static_cast<double>(h >> 11) * 0x1.0p-53; }

// ASCII lower case (names, emails, SOQL keywords; no locale).
std::string AsciiLower(std::string_view text);
void AppendAsciiLower(std::string& out, std::string_view text);
// Appends `value` in decimal.
void AppendDecimal(std::string& out, int64_t value);

// --- Time. All instants are milliseconds since the Unix epoch, UTC. ---

// "2024-01-17T19:55:04.281Z" (HubSpot v3).
std::string FormatIsoMillis(int64_t ms);
// The same, appended to `out` (no temporary; for response bodies built in one string).
void AppendIsoMillis(std::string& out, int64_t ms);
// "2024-01-17T19:55:04.000+0000" (Salesforce DateTime: whole seconds, as the real API sends).
std::string FormatSalesforceDateTime(int64_t ms);
// "2024-03-31" (date-only fields).
std::string FormatDate(int64_t ms);
// "Sun, 06 Nov 1994 08:49:37 GMT" (HTTP Date and Retry-After).
std::string FormatHttpDate(int64_t ms);
// Parses ISO-8601 / RFC 3339 as the APIs accept it: a date ("2024-01-01", midnight UTC) or a
// date-time with optional fraction and a zone of "Z", "+hh:mm", "+hhmm" or none (UTC).
// Returns nullopt for anything else.
std::optional<int64_t> ParseIsoDateTime(std::string_view text);
// Parses a decimal integer (optional leading '-'); nullopt unless the whole text is one.
std::optional<int64_t> ParseInt(std::string_view text);

// --- Salesforce ids. ---

// The 18-character, case-insensitive-safe form of a Salesforce id: key prefix (3 chars, e.g.
// "001" Account), a fixed pod part, `number` in fixed-width base62 (so ids sort like numbers),
// and the 3-character checksum suffix computed the way Salesforce does.
std::string SalesforceId(std::string_view key_prefix, char tag, uint64_t number);
// Inverse of SalesforceId for ids it produced with the same prefix and tag (15 or 18 chars).
std::optional<uint64_t> SalesforceIdNumber(std::string_view id, std::string_view key_prefix,
                                           char tag);

// --- Base64 and URL encoding. ---

std::string Base64Encode(std::string_view bytes);
// Standard alphabet, padding optional; nullopt on any other character.
std::optional<std::string> Base64Decode(std::string_view text);
// Percent-encodes everything but unreserved characters (RFC 3986).
std::string PercentEncode(std::string_view text);

// --- JSON text. ---

// Appends `value` (UTF-8) as a JSON string literal, quotes included, escaped by the one JSON
// string writer (tempo::AppendJsonQuoted). With `escape_non_ascii`, every non-ASCII character
// is then written as \uXXXX (lower-case hex; a UTF-16 surrogate pair above U+FFFF), as
// encoders with "ensure ASCII" do; a byte that is not valid UTF-8 is left as it is.
// Values with nothing to escape (the common case) are copied in one go.
void AppendJsonText(std::string& out, std::string_view value, bool escape_non_ascii = false);

}  // namespace tempo::fakes

#endif  // TEMPO_TESTS_FAKES_CORE_ENCODING_H_
