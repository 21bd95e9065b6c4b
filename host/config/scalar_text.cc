// Scalar text parsing.
#include "config/scalar_text.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <string>

namespace tempo::config {
namespace {

bool EqualsIgnoringCase(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) ==
                  std::tolower(static_cast<unsigned char>(y));
         });
}

// from_chars takes no leading '+'; YAML and people do.
std::string_view WithoutPlus(std::string_view text) {
  if (text.size() > 1 && text[0] == '+' && text[1] != '-') text.remove_prefix(1);
  return text;
}

}  // namespace

std::optional<bool> ParseBoolText(std::string_view text) {
  if (EqualsIgnoringCase(text, "true") || EqualsIgnoringCase(text, "yes")) return true;
  if (EqualsIgnoringCase(text, "false") || EqualsIgnoringCase(text, "no")) return false;
  return std::nullopt;
}

std::optional<int64_t> ParseIntegerText(std::string_view text) {
  text = WithoutPlus(text);
  int64_t value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || error != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return value;
}

std::optional<double> ParseNumberText(std::string_view text) {
  text = WithoutPlus(text);
  double value = 0;
  const auto [end, error] =
      std::from_chars(text.data(), text.data() + text.size(), value, std::chars_format::general);
  if (text.empty() || error != std::errc() || end != text.data() + text.size()) return std::nullopt;
  if (!std::isfinite(value)) return std::nullopt;
  return value;
}

}  // namespace tempo::config
