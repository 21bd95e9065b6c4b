// Logging: one facility for the host and, through the host API, for plugins.
//
// Lines go to stderr (data goes to stdout). Every line passes through Redact(), which replaces
// each registered secret value with "***". Thread-safe.
#ifndef TEMPO_HOST_COMMON_LOG_H_
#define TEMPO_HOST_COMMON_LOG_H_

#include <string>
#include <string_view>

namespace tempo::log {

enum class Level { kDebug, kInfo, kWarn, kError };

// Sets the minimum level shown (default kInfo).
void SetLevel(Level level);

// Registers a secret value; from now on it never appears in a log line or redacted text, nor
// do its encoded forms: percent-encoded (as in a URL or form body) and base64 (as inside a
// Basic Authorization header or an opaque cursor, at any of the three byte alignments).
// Values shorter than 4 characters are ignored (they would redact ordinary words).
void AddSecret(std::string_view value);

// Returns `text` with every registered secret, and every encoded form of one, replaced by "***".
std::string Redact(std::string_view text);

void Write(Level level, std::string_view message);
inline void Debug(std::string_view m) { Write(Level::kDebug, m); }
inline void Info(std::string_view m) { Write(Level::kInfo, m); }
inline void Warn(std::string_view m) { Write(Level::kWarn, m); }
inline void Error(std::string_view m) { Write(Level::kError, m); }

}  // namespace tempo::log

#endif  // TEMPO_HOST_COMMON_LOG_H_
