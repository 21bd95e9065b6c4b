// Reveal's account statuses as the overlap table's populations: the status value map (Reveal's
// words, and the admin's own, to customer / prospect / open_opp / other), how an open
// opportunity flag reads, and which of the two decides a population. Pure functions; README.md
// ("Statuses and populations") explains the rules for admins.
#ifndef TEMPO_PLUGINS_CONNECTORS_REVEAL_STATUS_MAP_H_
#define TEMPO_PLUGINS_CONNECTORS_REVEAL_STATUS_MAP_H_

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "tempo/plugin.hpp"

namespace tempo::reveal {

// Status text -> population (a value of model::overlap::our_population, which
// partner_population shares). Keys match case-insensitively, surrounding blanks ignored.
class StatusMap {
 public:
  // The defaults: Reveal's statuses (Customer, Prospect, Partner) and open-opportunity words.
  StatusMap();

  // Adds or replaces `status` -> `population`; InvalidArgument when `population` is not one of
  // customer, prospect, open_opp, other.
  sdk::Status Set(std::string_view status, std::string_view population);

  // The population `status` maps to; nullopt when the map does not know it (the caller takes
  // `other` and tells the admin). `status` must not be blank.
  std::optional<std::string_view> Find(std::string_view status) const;

  // Every entry, keyed by the normalized status, for the README's table and tests.
  const std::map<std::string, std::string_view, std::less<>>& entries() const { return map_; }

 private:
  std::map<std::string, std::string_view, std::less<>> map_;
};

// The default entries, in the order README.md lists them: (status, population).
const std::vector<std::pair<std::string_view, std::string_view>>& DefaultStatuses();

// A status or flag as compared: surrounding blanks dropped, A-Z as a-z.
std::string NormalizeStatus(std::string_view text);

// Whether an open-opportunity cell says there is one. Empty, "false", "no", "n", "0", "none",
// "-", "n/a", "null" (any case), a zero amount ("0.00", "$0", "0 €") and punctuation alone are
// false; anything else ("true", "yes", "x", "1", an amount, a deal name) is true.
bool IsOpenOpportunity(std::string_view cell);

// A population, and whether its status was one the map did not know.
struct Population {
  std::string_view value;  // a model population, or "" (none: the column stays NULL)
  bool unknown_status = false;
};

// The population of one side of an overlap. Precedence: a status that maps to `customer` stays
// `customer`; otherwise a true open opportunity makes it `open_opp`; otherwise the status's
// population (a status the map does not know: `other`); a blank status without an open
// opportunity: none.
Population PopulationOf(const StatusMap& map, std::string_view status, bool open_opportunity);

}  // namespace tempo::reveal

#endif  // TEMPO_PLUGINS_CONNECTORS_REVEAL_STATUS_MAP_H_
