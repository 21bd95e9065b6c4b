// Which standard population (customer, prospect, open_opp, other) a Crossbeam population id
// is, and the one an overlap is in when its record is in several. Pure functions and a small
// map (tests/unit/crossbeam/mapping_test.cc).
//
// Crossbeam's standard_type: customers -> customer, prospects -> prospect, open_opportunities
// -> open_opp; null (a custom population) and anything else -> other. When a record is in
// several populations, the overlap takes the best by precedence customer > open_opp > prospect
// > other: a customer that also has an open opportunity (an expansion) stays a customer, and a
// prospect with an open opportunity counts as one.
#ifndef TEMPO_PLUGINS_CONNECTORS_CROSSBEAM_POPULATIONS_H_
#define TEMPO_PLUGINS_CONNECTORS_CROSSBEAM_POPULATIONS_H_

#include <cstdint>
#include <map>
#include <string_view>
#include <vector>

namespace tempo::crossbeam {

// The canonical standard population of a Crossbeam standard_type ("" for null).
std::string_view StandardPopulation(std::string_view standard_type);

// customer 3, open_opp 2, prospect 1, other (and anything else) 0.
int Precedence(std::string_view standard_population);

// Population id -> standard population, for ours or the partners' shared ones.
class PopulationMap {
 public:
  void Add(int64_t id, std::string_view standard_type) {
    standard_[id] = StandardPopulation(standard_type);
  }
  bool Knows(int64_t id) const { return standard_.count(id) != 0; }
  size_t size() const { return standard_.size(); }
  // The best of `ids` by precedence; "other" for an id not in the map; "" for no ids.
  std::string_view Best(const std::vector<int64_t>& ids) const;

 private:
  std::map<int64_t, std::string_view> standard_;  // views of literals
};

}  // namespace tempo::crossbeam

#endif  // TEMPO_PLUGINS_CONNECTORS_CROSSBEAM_POPULATIONS_H_
