// Reveal statuses to populations: the default map, the open-opportunity flag, the precedence.
#include "status_map.h"

#include <algorithm>

#include "tempo/model.h"
#include "tempo/text.hpp"

namespace tempo::reveal {

namespace population = model::overlap::our_population;
using sdk::Status;

const std::vector<std::pair<std::string_view, std::string_view>>& DefaultStatuses() {
  // Reveal's status rules sort accounts into Customers, Prospects and Partners; its account
  // mappings also flag open opportunities (README.md, "Sources").
  static const std::vector<std::pair<std::string_view, std::string_view>> kDefaults = {
      {"Customer", population::kCustomer},
      {"Customers", population::kCustomer},
      {"Prospect", population::kProspect},
      {"Prospects", population::kProspect},
      {"Opportunity", population::kOpenOpp},
      {"Opportunities", population::kOpenOpp},
      {"Open opportunity", population::kOpenOpp},
      {"Open opportunities", population::kOpenOpp},
      {"Open opp", population::kOpenOpp},
      {"Open deal", population::kOpenOpp},
      {"Partner", population::kOther},
      {"Partners", population::kOther},
  };
  return kDefaults;
}

std::string NormalizeStatus(std::string_view text) {
  const size_t begin = text.find_first_not_of(" \t");
  if (begin == std::string_view::npos) return "";
  const size_t end = text.find_last_not_of(" \t");
  return sdk::ToLower(text.substr(begin, end - begin + 1));
}

StatusMap::StatusMap() {
  for (const auto& [status, value] : DefaultStatuses()) map_[NormalizeStatus(status)] = value;
}

Status StatusMap::Set(std::string_view status, std::string_view value) {
  for (std::string_view allowed : population::kValues) {
    if (value == allowed) {
      map_[NormalizeStatus(status)] = allowed;  // the constant, so the view never dangles
      return Status::Ok();
    }
  }
  return Status::InvalidArgument("status_values: '" + std::string(status) + "' maps to '" +
                                 std::string(value) +
                                 "'; use customer, prospect, open_opp or other");
}

std::optional<std::string_view> StatusMap::Find(std::string_view status) const {
  auto it = map_.find(NormalizeStatus(status));
  if (it == map_.end()) return std::nullopt;
  return it->second;
}

bool IsOpenOpportunity(std::string_view cell) {
  const std::string text = NormalizeStatus(cell);
  for (std::string_view no : {"", "false", "no", "n", "0", "none", "-", "n/a", "null"}) {
    if (text == no) return false;
  }
  // An amount: digits with separators, signs and currency symbols (ASCII '$' or any non-ASCII
  // byte, such as those of "€" and "£"); it says "open" when a digit is not zero. Punctuation
  // alone ("--", "$") says nothing.
  bool nonzero = false;
  for (char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    if (c >= '0' && c <= '9') {
      nonzero |= c != '0';
    } else if (c != '.' && c != ',' && c != ' ' && c != '+' && c != '-' && c != '$' &&
               byte < 0x80) {
      return true;  // words: a deal name, "yes", "true", "x"
    }
  }
  return nonzero;
}

Population PopulationOf(const StatusMap& map, std::string_view status, bool open_opportunity) {
  Population out;
  if (NormalizeStatus(status).empty()) {
    if (open_opportunity) out.value = population::kOpenOpp;
    return out;
  }
  std::optional<std::string_view> mapped = map.Find(status);
  out.unknown_status = !mapped;
  out.value = mapped ? *mapped : population::kOther;
  if (out.value != population::kCustomer && open_opportunity) out.value = population::kOpenOpp;
  return out;
}

}  // namespace tempo::reveal
