// Did-you-mean for unknown keys: the closest known key by edit distance.
#ifndef TEMPO_HOST_CONFIG_DID_YOU_MEAN_H_
#define TEMPO_HOST_CONFIG_DID_YOU_MEAN_H_

#include <string>
#include <string_view>
#include <vector>

namespace tempo::config {

// The candidate closest to `word` (case-insensitive optimal string alignment distance, so a
// swapped pair of letters counts once), or "" when none is within max(1, length / 3) edits.
// Ties go to the earlier candidate.
std::string ClosestMatch(std::string_view word, const std::vector<std::string_view>& candidates);

// Up to `max` candidates close to `word`, closest first: within the edit distance ClosestMatch
// allows, or containing `word` (case-insensitive; "acme" is close to "Acme Cloud"). For an
// unknown name in data rather than a key: several may be meant.
std::vector<std::string> CloseMatches(std::string_view word,
                                      const std::vector<std::string_view>& candidates, size_t max);

// The message for an unknown `what` (an entity, a column) `word` where `known` are allowed:
// "unknown entity; did you mean 'partner'?" or "unknown entity; expected one of: a, b". It
// never repeats `word` (a configured value may be a secret; the error's path shows the key).
std::string UnknownNameMessage(std::string_view what, std::string_view word,
                               const std::vector<std::string_view>& known);

// The message for an unknown key `key` where `known` are allowed:
// "unknown key; did you mean 'schedule'?" or "unknown key; expected one of: a, b".
std::string UnknownKeyMessage(std::string_view key, const std::vector<std::string_view>& known);

}  // namespace tempo::config

#endif  // TEMPO_HOST_CONFIG_DID_YOU_MEAN_H_
