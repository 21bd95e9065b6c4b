// Reading typed values out of YAML scalar text.
//
// The config stage reads every YAML scalar as text and types it by what the key expects (the
// fixed tempo.yaml structure, or the plugin's JSON Schema), so `"42"` and `42` are the same
// integer and YAML 1.1's yes/no work as booleans.
#ifndef TEMPO_HOST_CONFIG_SCALAR_TEXT_H_
#define TEMPO_HOST_CONFIG_SCALAR_TEXT_H_

#include <cstdint>
#include <optional>
#include <string_view>

namespace tempo::config {

// true/false/yes/no in any letter case.
std::optional<bool> ParseBoolText(std::string_view text);

// A decimal integer with an optional sign that fits in int64 ("42", "-7", "+3").
std::optional<int64_t> ParseIntegerText(std::string_view text);

// A finite decimal number ("1.5", "-2e3", "7"); not inf, nan or hex.
std::optional<double> ParseNumberText(std::string_view text);

}  // namespace tempo::config

#endif  // TEMPO_HOST_CONFIG_SCALAR_TEXT_H_
