// Derived: one pass over the Facts.
#include "derived.h"

#include <algorithm>

#include "tempo/time.hpp"

namespace tempo::scorer {

Derived::Derived(const Facts& f, int64_t min_partner_days)
    : attributions_of_opp(f.opportunities.size()),
      partners_of_opp(f.opportunities.size()),
      opps_of_partner(f.partners.size()),
      customers_of_partner(f.partners.size()),
      integrations_of_partner(f.partners.size()),
      events_of_partner(f.partners.size()),
      active(f.partners.size(), false),
      too_new(f.partners.size(), false),
      facts(f) {
  for (size_t p = 0; p < f.partners.size(); ++p) {
    const Time& since = f.partners[p].since;
    too_new[p] = since && f.as_of - *since < min_partner_days * sdk::kDayMs;
  }
  for (size_t i = 0; i < f.attributions.size(); ++i) {
    const Attribution& a = f.attributions[i];
    attributions_of_opp[a.opportunity].push_back(i);
    partners_of_opp[a.opportunity].insert(a.partner_label);
    if (a.partner != kNone) opps_of_partner[a.partner].insert(a.opportunity);
  }
  for (size_t i = 0; i < f.overlaps.size(); ++i) {
    const Overlap& o = f.overlaps[i];
    if (o.partner_population != "customer") continue;
    customers_of_partner[o.partner][o.org].push_back(i);
    partners_with_customer[o.org].insert(o.partner);
  }
  for (size_t i = 0; i < f.integrations.size(); ++i) {
    if (f.integrations[i].partner != kNone) {
      integrations_of_partner[f.integrations[i].partner].push_back(i);
    }
  }
  for (size_t i = 0; i < f.installs.size(); ++i) {
    if (f.installs[i].org != kNone) installs_of_org[f.installs[i].org].push_back(i);
  }

  // Joint events (T4 and "active partner"): a deal the partner is attached to created, a lead
  // it referred, a co-marketing campaign started, an install of its integration, an activity.
  const auto add = [&](size_t p, const Ref& ref, const Time& at, const char* what) {
    if (p == kNone || !f.InWindow(at)) return;
    events_of_partner[p].push_back({ref, *at, what});
  };
  for (const Attribution& a : f.attributions) {
    add(a.partner, a.ref, f.opportunities[a.opportunity].created_at, "deal");
  }
  for (const Lead& l : f.leads) add(l.partner, l.ref, l.created_at, "lead");
  for (const Campaign& c : f.campaigns) add(c.partner, c.ref, c.start_at, "campaign");
  for (const Install& in : f.installs) {
    if (in.integration == kNone) continue;
    add(f.integrations[in.integration].partner, in.ref, in.installed_at, "install");
  }
  for (const Activity& a : f.activities) add(a.partner, a.ref, a.occurred_at, "activity");
  for (size_t p = 0; p < f.partners.size(); ++p) active[p] = !events_of_partner[p].empty();
}

std::vector<size_t> Derived::ActiveInstalls(size_t org, int64_t t, size_t partner) const {
  return InstallsBetween(org, t, t, partner);
}

std::vector<size_t> Derived::InstallsBetween(size_t org, int64_t from, int64_t to,
                                             size_t partner) const {
  std::vector<size_t> out;
  auto it = installs_of_org.find(org);
  if (org == kNone || it == installs_of_org.end()) return out;
  for (size_t i : it->second) {
    const Install& in = facts.installs[i];
    if (in.integration == kNone) continue;
    const size_t owner = facts.integrations[in.integration].partner;
    if (owner == kNone || (partner != kNone && owner != partner)) continue;
    if (*in.installed_at > to) continue;
    if (in.uninstalled_at && *in.uninstalled_at <= from) continue;
    out.push_back(i);
  }
  return out;
}

}  // namespace tempo::scorer
