// Logging over spdlog with secret redaction.
#include "common/log.h"

#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <mutex>
#include <vector>

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

}  // namespace

void SetLevel(Level level) {
  static constexpr spdlog::level::level_enum kMap[] = {
      spdlog::level::debug, spdlog::level::info, spdlog::level::warn, spdlog::level::err};
  State& s = GetState();
  std::lock_guard<std::mutex> lock(s.mu);
  s.logger->set_level(kMap[static_cast<int>(level)]);
}

void AddSecret(std::string_view value) {
  if (value.size() < 4) return;
  State& s = GetState();
  std::lock_guard<std::mutex> lock(s.mu);
  if (std::find(s.secrets.begin(), s.secrets.end(), value) != s.secrets.end()) return;
  s.secrets.emplace_back(value);
  std::sort(s.secrets.begin(), s.secrets.end(),
            [](const std::string& a, const std::string& b) { return a.size() > b.size(); });
}

static std::string RedactLocked(const std::vector<std::string>& secrets, std::string_view text) {
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

std::string Redact(std::string_view text) {
  State& s = GetState();
  std::lock_guard<std::mutex> lock(s.mu);
  return RedactLocked(s.secrets, text);
}

void Write(Level level, std::string_view message) {
  static constexpr spdlog::level::level_enum kMap[] = {
      spdlog::level::debug, spdlog::level::info, spdlog::level::warn, spdlog::level::err};
  State& s = GetState();
  std::lock_guard<std::mutex> lock(s.mu);
  auto lvl = kMap[static_cast<int>(level)];
  if (!s.logger->should_log(lvl)) return;
  s.logger->log(lvl, "{}", RedactLocked(s.secrets, message));
}

}  // namespace tempo::log
