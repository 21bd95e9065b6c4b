// Standard populations and their precedence. See populations.h.
#include "populations.h"

#include "tempo/model.h"

namespace tempo::crossbeam {

namespace standard = model::population::standard_population;

std::string_view StandardPopulation(std::string_view standard_type) {
  if (standard_type == "customers") return standard::kCustomer;
  if (standard_type == "prospects") return standard::kProspect;
  if (standard_type == "open_opportunities") return standard::kOpenOpp;
  return standard::kOther;
}

int Precedence(std::string_view p) {
  if (p == standard::kCustomer) return 3;
  if (p == standard::kOpenOpp) return 2;
  if (p == standard::kProspect) return 1;
  return 0;
}

std::string_view PopulationMap::Best(const std::vector<int64_t>& ids) const {
  std::string_view best;
  for (int64_t id : ids) {
    auto it = standard_.find(id);
    const std::string_view p = it == standard_.end() ? standard::kOther : it->second;
    if (best.empty() || Precedence(p) > Precedence(best)) best = p;
  }
  return best;
}

}  // namespace tempo::crossbeam
