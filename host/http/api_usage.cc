// A provider's API usage header (api_usage.h).
#include "http/api_usage.h"

namespace tempo::http {
namespace {

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

// The digits starting at `at` as a number; advances `at` past them. nullopt: none, or too many.
std::optional<int64_t> Digits(std::string_view s, size_t* at) {
  const size_t start = *at;
  int64_t n = 0;
  while (*at < s.size() && IsDigit(s[*at])) {
    if (*at - start >= 18) return std::nullopt;
    n = n * 10 + (s[*at] - '0');
    ++*at;
  }
  if (*at == start) return std::nullopt;
  return n;
}

}  // namespace

std::optional<ApiUsage> ParseApiUsage(std::string_view value) {
  for (size_t i = 0; i < value.size(); ++i) {
    if (!IsDigit(value[i]) || (i > 0 && IsDigit(value[i - 1]))) continue;
    size_t at = i;
    std::optional<int64_t> used = Digits(value, &at);
    if (!used) return std::nullopt;
    if (at < value.size() && value[at] == '/') {
      ++at;
      std::optional<int64_t> limit = Digits(value, &at);
      if (!limit) return std::nullopt;
      return ApiUsage{*used, *limit};
    }
    i = at;  // digits without a '/': look further
  }
  return std::nullopt;
}

}  // namespace tempo::http
