// Did-you-mean implementation: optimal string alignment distance over lowercased text.
#include "config/did_you_mean.h"

#include <algorithm>
#include <cctype>
#include <utility>

namespace tempo::config {
namespace {

std::string Lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// Levenshtein distance plus adjacent transpositions ("plguin" is one edit from "plugin").
size_t EditDistance(const std::string& a, const std::string& b) {
  const size_t rows = a.size() + 1;
  const size_t cols = b.size() + 1;
  std::vector<size_t> d(rows * cols);
  auto at = [&](size_t i, size_t j) -> size_t& { return d[i * cols + j]; };
  for (size_t i = 0; i < rows; ++i) at(i, 0) = i;
  for (size_t j = 0; j < cols; ++j) at(0, j) = j;
  for (size_t i = 1; i < rows; ++i) {
    for (size_t j = 1; j < cols; ++j) {
      const size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
      at(i, j) = std::min({at(i - 1, j) + 1, at(i, j - 1) + 1, at(i - 1, j - 1) + cost});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) {
        at(i, j) = std::min(at(i, j), at(i - 2, j - 2) + 1);
      }
    }
  }
  return at(rows - 1, cols - 1);
}

}  // namespace

std::string ClosestMatch(std::string_view word, const std::vector<std::string_view>& candidates) {
  const std::string lowered = Lower(word);
  std::string best;
  size_t best_distance = 0;
  for (std::string_view candidate : candidates) {
    const size_t limit = std::max<size_t>(1, candidate.size() / 3);
    const size_t distance = EditDistance(lowered, Lower(candidate));
    if (distance > limit) continue;
    if (best.empty() || distance < best_distance) {
      best = std::string(candidate);
      best_distance = distance;
    }
  }
  return best;
}

std::vector<std::string> CloseMatches(std::string_view word,
                                      const std::vector<std::string_view>& candidates, size_t max) {
  const std::string lowered = Lower(word);
  std::vector<std::pair<size_t, std::string_view>> close;  // (distance, candidate)
  for (std::string_view candidate : candidates) {
    const std::string other = Lower(candidate);
    const size_t distance = EditDistance(lowered, other);
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

std::string UnknownKeyMessage(std::string_view key, const std::vector<std::string_view>& known) {
  if (known.empty()) return "unknown key; this mapping takes no keys";
  const std::string closest = ClosestMatch(key, known);
  if (!closest.empty()) return "unknown key; did you mean '" + closest + "'?";
  std::string message = "unknown key; expected one of: ";
  for (size_t i = 0; i < known.size(); ++i) {
    if (i > 0) message += ", ";
    message += known[i];
  }
  return message;
}

}  // namespace tempo::config
