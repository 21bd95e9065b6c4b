// Logging over spdlog with secret redaction.
#include "common/log.h"

#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <cstdint>
#include <mutex>
#include <vector>

#include "common/percent_encode.h"

namespace tempo::log {
namespace {

struct State {
  std::mutex mu;
  std::vector<std::string> secrets;  // guarded by mu; longest first
  std::shared_ptr<spdlog::logger> logger;
};

State& GetState() {
  static State* state = [] {
    auto* s = new State;  // never destroyed: plugins may log during exit
    s->logger = spdlog::stderr_color_st("tempo");
    s->logger->set_pattern("%Y-%m-%dT%H:%M:%S.%eZ %^%l%$ %v", spdlog::pattern_time_type::utc);
    s->logger->set_level(spdlog::level::info);
    return s;
  }();
  return *state;
}

// The base64 characters that depend only on `value` when it starts `offset` bytes (0-2) into
// the encoded data: whatever surrounds the secret, these characters appear in the encoding.
std::string Base64Core(std::string_view value, size_t offset) {
  static constexpr char kAlphabet[] =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string bytes(offset, '\0');
  bytes.append(value);
  while (bytes.size() % 3 != 0) bytes.push_back('\0');
  std::string encoded;
  for (size_t i = 0; i < bytes.size(); i += 3) {
    uint32_t n = (uint32_t{static_cast<uint8_t>(bytes[i])} << 16) |
                 (uint32_t{static_cast<uint8_t>(bytes[i + 1])} << 8) |
                 uint32_t{static_cast<uint8_t>(bytes[i + 2])};
    for (int shift = 18; shift >= 0; shift -= 6) encoded.push_back(kAlphabet[(n >> shift) & 63]);
  }
  size_t first = (8 * offset + 5) / 6;           // the first character made of secret bits only
  size_t end = 8 * (offset + value.size()) / 6;  // one past the last such character
  return end > first ? encoded.substr(first, end - first) : std::string();
}

void AddLocked(State& s, std::string value) {
  if (std::find(s.secrets.begin(), s.secrets.end(), value) != s.secrets.end()) return;
  s.secrets.push_back(std::move(value));
}

std::string RedactLocked(const std::vector<std::string>& secrets, std::string_view text) {
  std::string out(text);
  for (const std::string& secret : secrets) {
    size_t pos = 0;
    while ((pos = out.find(secret, pos)) != std::string::npos) {
      out.replace(pos, secret.size(), "***");
      pos += 3;
    }
  }
  return out;
}

}  // namespace

void SetLevel(Level level) {
  static constexpr spdlog::level::level_enum kMap[] = {spdlog::level::debug, spdlog::level::info,
                                                       spdlog::level::warn, spdlog::level::err};
  State& s = GetState();
  std::lock_guard<std::mutex> lock(s.mu);
  s.logger->set_level(kMap[static_cast<int>(level)]);
}

void AddSecret(std::string_view value) {
  if (value.size() < 4) return;
  State& s = GetState();
  std::lock_guard<std::mutex> lock(s.mu);
  AddLocked(s, std::string(value));
  if (std::string encoded = PercentEncode(value); encoded != value) AddLocked(s, encoded);
  // A short base64 fragment could match ordinary text; only longer secrets give fragments.
  for (size_t offset = 0; offset < 3; ++offset) {
    if (std::string core = Base64Core(value, offset); core.size() >= 8) AddLocked(s, core);
  }
  std::sort(s.secrets.begin(), s.secrets.end(),
            [](const std::string& a, const std::string& b) { return a.size() > b.size(); });
}

std::string Redact(std::string_view text) {
  State& s = GetState();
  std::lock_guard<std::mutex> lock(s.mu);
  return RedactLocked(s.secrets, text);
}

void Write(Level level, std::string_view message) {
  static constexpr spdlog::level::level_enum kMap[] = {spdlog::level::debug, spdlog::level::info,
                                                       spdlog::level::warn, spdlog::level::err};
  State& s = GetState();
  std::lock_guard<std::mutex> lock(s.mu);
  auto lvl = kMap[static_cast<int>(level)];
  if (!s.logger->should_log(lvl)) return;
  s.logger->log(lvl, "{}", RedactLocked(s.secrets, message));
}

}  // namespace tempo::log
