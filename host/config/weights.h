// Weight profiles: how the five TEMPO dimensions are weighted in a partner's composite score
// (docs/configuration.md, "Scorers"; docs/scoring.md). Three profiles are built in; a scorer's
// `profiles:` in tempo.yaml adds more, and `profile:` (or `tempo score --profile`) picks one.
#ifndef TEMPO_HOST_CONFIG_WEIGHTS_H_
#define TEMPO_HOST_CONFIG_WEIGHTS_H_

#include <array>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"

namespace tempo::config {

// The dimensions in TEMPO order: their codes in the store and their keys in tempo.yaml.
inline constexpr std::array<std::string_view, 5> kDimensionCodes = {"T", "E", "M", "P", "O"};
inline constexpr std::array<std::string_view, 5> kDimensionKeys = {
    "trust", "embedded", "monetizing", "product", "outside_in"};

struct WeightProfile {
  std::string name;
  std::array<double, 5> weights{};  // in TEMPO order; not negative, sum > 0 (not normalized)
  std::string location;             // "tempo.yaml:12:9", or "" for a built-in profile
};

// The built-in profiles: default (the model's T .15, E .20, M .30, P .15, O .20), tech_partner
// and channel.
const std::vector<WeightProfile>& BuiltInProfiles();

// The weights scaled to sum 1.
std::array<double, 5> Normalized(const std::array<double, 5>& weights);

// The profile called `name` among the built-in ones and `custom`; NotFound with the names
// there are (and a did-you-mean) otherwise.
Result<WeightProfile> FindProfile(std::string_view name, const std::vector<WeightProfile>& custom);

}  // namespace tempo::config

#endif  // TEMPO_HOST_CONFIG_WEIGHTS_H_
