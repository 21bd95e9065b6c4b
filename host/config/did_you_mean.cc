// Did-you-mean over the kit's edit distance and ClosestMatch (tempo/text.hpp), so the host's
// config errors and a plugin's (the rest connector's manifest errors) suggest the same way.
#include "config/did_you_mean.h"

#include <algorithm>
#include <utility>

#include "tempo/text.hpp"

namespace tempo::config {

std::string ClosestMatch(std::string_view word, const std::vector<std::string_view>& candidates) {
  return sdk::ClosestMatch(word, candidates);
}

std::vector<std::string> CloseMatches(std::string_view word,
                                      const std::vector<std::string_view>& candidates, size_t max) {
  const std::string lowered = sdk::ToLower(word);
  std::vector<std::pair<size_t, std::string_view>> close;  // (distance, candidate)
  for (std::string_view candidate : candidates) {
    const std::string other = sdk::ToLower(candidate);
    const size_t distance = sdk::EditDistanceNoCase(lowered, other);
    const bool contains = !lowered.empty() && other.find(lowered) != std::string::npos;
    if (distance <= std::max<size_t>(1, candidate.size() / 3) || contains) {
      close.emplace_back(contains ? std::min(distance, other.size() - lowered.size()) : distance,
                         candidate);
    }
  }
  std::stable_sort(close.begin(), close.end(),
                   [](const auto& a, const auto& b) { return a.first < b.first; });
  std::vector<std::string> out;
  for (size_t i = 0; i < close.size() && out.size() < max; ++i) {
    out.emplace_back(close[i].second);
  }
  return out;
}

std::string UnknownNameMessage(std::string_view what, std::string_view word,
                               const std::vector<std::string_view>& known) {
  const std::string unknown = "unknown " + std::string(what);
  if (known.empty()) return unknown + "; none is allowed here";
  const std::string closest = ClosestMatch(word, known);
  if (!closest.empty()) return unknown + "; did you mean '" + closest + "'?";
  std::string message = unknown + "; expected one of: ";
  for (size_t i = 0; i < known.size(); ++i) {
    if (i > 0) message += ", ";
    message += known[i];
  }
  return message;
}

std::string UnknownKeyMessage(std::string_view key, const std::vector<std::string_view>& known) {
  if (known.empty()) return "unknown key; this mapping takes no keys";
  return UnknownNameMessage("key", key, known);
}

}  // namespace tempo::config
