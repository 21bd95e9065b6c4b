// The built-in weight profiles and profile lookup.
#include "config/weights.h"

#include "config/did_you_mean.h"

namespace tempo::config {

const std::vector<WeightProfile>& BuiltInProfiles() {
  // Weights from the TEMPO scoring model (B.4, "Aggregation, weights, explanation").
  static const auto* profiles = new std::vector<WeightProfile>{
      {"default", {0.15, 0.20, 0.30, 0.15, 0.20}, ""},
      {"tech_partner", {0.10, 0.20, 0.25, 0.25, 0.20}, ""},
      {"channel", {0.15, 0.25, 0.35, 0.10, 0.15}, ""},
  };
  return *profiles;
}

std::array<double, 5> Normalized(const std::array<double, 5>& weights) {
  double sum = 0;
  for (double w : weights) sum += w;
  std::array<double, 5> out{};
  for (size_t i = 0; i < out.size(); ++i) out[i] = sum > 0 ? weights[i] / sum : 0;
  return out;
}

Result<WeightProfile> FindProfile(std::string_view name, const std::vector<WeightProfile>& custom) {
  std::vector<std::string_view> names;
  for (const auto* list : {&BuiltInProfiles(), &custom}) {
    for (const WeightProfile& p : *list) {
      if (p.name == name) return p;
      names.push_back(p.name);
    }
  }
  std::string message = "unknown weight profile '" + std::string(name) + "'";
  if (std::string close = ClosestMatch(name, names); !close.empty()) {
    message += "; did you mean '" + close + "'?";
  } else {
    message += "; the profiles are:";
    for (size_t i = 0; i < names.size(); ++i) message += (i ? ", " : " ") + std::string(names[i]);
  }
  return Status::NotFound(message);
}

}  // namespace tempo::config
