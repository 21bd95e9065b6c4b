// Derived: the relations every dimension asks about, computed once from the Facts: which
// partners are attached to a deal, which organizations are a partner's customers according to
// the overlap data, which integrations a partner has and which are installed where, and which
// partners were active in the window.
#ifndef TEMPO_PLUGINS_SCORERS_TEMPO_DERIVED_H_
#define TEMPO_PLUGINS_SCORERS_TEMPO_DERIVED_H_

#include <map>
#include <set>
#include <string>
#include <vector>

#include "facts.h"

namespace tempo::scorer {

struct Derived {
  // `min_partner_days`: see too_new (0: every partner is scored).
  explicit Derived(const Facts& facts, int64_t min_partner_days = 0);

  // Attributions (indexes into facts.attributions) of each opportunity, and the distinct
  // partners (resolved or only named) attached to it.
  std::vector<std::vector<size_t>> attributions_of_opp;
  std::vector<std::set<std::string>> partners_of_opp;
  // Per partner: the opportunities it is attached to.
  std::vector<std::set<size_t>> opps_of_partner;
  // Per partner: the organizations in its customer population, with the overlap rows saying so.
  std::vector<std::map<size_t, std::vector<size_t>>> customers_of_partner;
  // Per organization: the partners that have it as a customer.
  std::map<size_t, std::set<size_t>> partners_with_customer;
  // Per partner: its integrations; per organization: its installs.
  std::vector<std::vector<size_t>> integrations_of_partner;
  std::map<size_t, std::vector<size_t>> installs_of_org;
  // Per partner: the joint events of the window (trust.cc's T4), as evidence and times.
  struct Event {
    Ref ref;
    int64_t at;
    const char* what;
  };
  std::vector<std::vector<Event>> events_of_partner;
  std::vector<bool> active;  // at least one event in the window
  // Per partner: its partnership began fewer than Params::min_partner_days before the as-of
  // instant, so it is not scored yet (metric.h, NotScoredYet).
  std::vector<bool> too_new;

  const Facts& facts;

  bool Attached(size_t partner, size_t opp) const {
    return opps_of_partner[partner].count(opp) != 0;
  }
  bool Customer(size_t partner, size_t org) const {
    return org != kNone && customers_of_partner[partner].count(org) != 0;
  }
  bool AnyPartnerCustomer(size_t org) const {
    return org != kNone && partners_with_customer.count(org) != 0;
  }
  // Installs on `org` active at `t` of `partner`'s integrations (kNone: any partner's).
  std::vector<size_t> ActiveInstalls(size_t org, int64_t t, size_t partner) const;
  // Whether the partner's (or, with kNone, any partner's) integration is installed on `org`
  // at some time in [from, to].
  std::vector<size_t> InstallsBetween(size_t org, int64_t from, int64_t to, size_t partner) const;
};

}  // namespace tempo::scorer

#endif  // TEMPO_PLUGINS_SCORERS_TEMPO_DERIVED_H_
