// Matching --partner against a run's partners.
#include "report/partner_match.h"

#include <string_view>

#include "config/did_you_mean.h"
#include "tempo/text.hpp"

namespace tempo::report {
namespace {

constexpr size_t kNamesListed = 5;

std::string Quoted(const Scores& s) { return "'" + s.name + "' (" + s.partner_key + ")"; }

}  // namespace

Result<size_t> FindPartner(const std::vector<Scores>& partners, const std::string& wanted,
                           int64_t run_id) {
  const std::string run = "score run " + std::to_string(run_id);
  for (size_t i = 0; i < partners.size(); ++i) {
    if (partners[i].partner_key == wanted) return i;
  }
  std::vector<size_t> named;
  for (size_t i = 0; i < partners.size(); ++i) {
    if (sdk::EqualsNoCase(partners[i].name, wanted)) named.push_back(i);
  }
  if (named.size() == 1) return named.front();
  if (named.size() > 1) {
    std::string keys;
    for (size_t i : named) keys += (keys.empty() ? "" : ", ") + partners[i].partner_key;
    return Status::InvalidArgument(std::to_string(named.size()) + " partners of " + run +
                                   " are named '" + wanted + "': " + keys +
                                   "; name one by its key (--partner KEY)");
  }
  if (partners.empty()) {
    return Status::InvalidArgument("no partner '" + wanted + "' in " + run +
                                   ": it scored no partner");
  }
  std::vector<std::string_view> names;
  for (const Scores& s : partners) names.push_back(s.name);
  const std::vector<std::string> close = config::CloseMatches(wanted, names, kNamesListed);
  std::string listed;
  if (close.empty()) {
    for (size_t i = 0; i < partners.size() && i < kNamesListed; ++i) {
      listed += (listed.empty() ? "" : ", ") + Quoted(partners[i]);
    }
    if (partners.size() > kNamesListed) {
      listed += " and " + std::to_string(partners.size() - kNamesListed) + " more";
    }
    return Status::InvalidArgument("no partner '" + wanted + "' in " + run + "; its partners: " +
                                   listed + " (tempo report without --partner lists them all)");
  }
  for (const std::string& name : close) {
    for (const Scores& s : partners) {
      if (s.name == name && listed.find(Quoted(s)) == std::string::npos) {
        listed += (listed.empty() ? "" : ", ") + Quoted(s);
      }
    }
  }
  return Status::InvalidArgument("no partner '" + wanted + "' in " + run +
                                 "; did you mean: " + listed + "?");
}

}  // namespace tempo::report
