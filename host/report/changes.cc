// Differences between two runs' scores.
#include "report/changes.h"

#include <map>
#include <optional>
#include <string>

namespace tempo::report {
namespace {

std::optional<double> Difference(const std::optional<double>& now,
                                 const std::optional<double>& before) {
  if (!now || !before) return std::nullopt;
  return *now - *before;
}

Change Compare(const Scores& now, const Scores* before) {
  Change change;
  change.compared = true;
  if (before == nullptr) {
    change.is_new = true;
    return change;
  }
  change.previous_tempo = before->tempo;
  change.previous_rank = before->rank;
  change.previous_dimensions = before->dimensions;
  change.tempo = Difference(now.tempo, before->tempo);
  for (size_t d = 0; d < kDimensionCount; ++d) {
    change.dimensions[d] = Difference(now.dimensions[d], before->dimensions[d]);
  }
  return change;
}

}  // namespace

std::vector<Scores> ApplyChanges(Subject& ecosystem, std::vector<Subject>& partners,
                                 const std::vector<Scores>& previous) {
  const Scores* previous_ecosystem = nullptr;
  std::map<std::string, const Scores*> by_key;
  for (const Scores& s : previous) {
    if (s.scope == "ecosystem") {
      previous_ecosystem = &s;
    } else {
      by_key.emplace(s.partner_key, &s);
    }
  }
  ecosystem.change = Compare(ecosystem.scores, previous_ecosystem);
  for (Subject& p : partners) {
    auto it = by_key.find(p.scores.partner_key);
    p.change = Compare(p.scores, it == by_key.end() ? nullptr : it->second);
    if (it != by_key.end()) by_key.erase(it);
  }
  std::vector<Scores> dropped;
  for (const Scores& s : previous) {
    if (s.scope == "partner" && by_key.count(s.partner_key) > 0) dropped.push_back(s);
  }
  return dropped;
}

}  // namespace tempo::report
