// E: Embedded partnering. E1 motion coverage (co-build, co-market, co-sell, co-retain), E2
// EQL effectiveness, E3 co-sell attach, E4 co-retain.
#include <algorithm>
#include <cstdio>

#include "dimensions.h"
#include "stats.h"

namespace tempo::scorer {
namespace {

bool ClosedInWindow(const Facts& f, const Opportunity& o) {
  return o.closed && f.InWindow(o.closed_at);
}

bool Touched(const Facts& f, const Opportunity& o) {
  return f.InWindow(o.created_at) || ClosedInWindow(f, o);
}

bool RenewalOrExpansion(const Opportunity& o) {
  return o.opp_type == "renewal" || o.opp_type == "expansion";
}

sdk::Metric MotionCoverage(const Scoring& s, size_t p) {
  const Facts& f = s.facts;
  const Derived& d = s.derived;
  sdk::Metric m = NewMetric("E1", "E", &f.partners[p]);
  m.normalization = "25 points per motion, of the motions the store can show";
  int64_t available = 0, earned = 0;
  std::string parts, unjudged;
  const auto motion = [&](const char* name, bool can_judge, bool yes, const std::string& how) {
    if (!can_judge) {
      unjudged += (unjudged.empty() ? "" : ", ") + std::string(name);
      return;
    }
    ++available;
    earned += yes;
    parts += (parts.empty() ? "" : ", ") + std::string(name) + (yes ? " yes (" + how + ")" : " no");
  };

  // Co-build: a beta or GA integration, released in the window or installed in it.
  int64_t new_installs = 0;
  std::vector<size_t> built;
  for (size_t i : d.integrations_of_partner[p]) {
    const Integration& in = f.integrations[i];
    if (in.status != "beta" && in.status != "ga") continue;
    bool used = f.InWindow(in.released_at);
    for (const Install& install : f.installs) {
      if (install.integration == i && f.InWindow(install.installed_at)) {
        used = true;
        ++new_installs;
        AddEvidence(m, "numerator", install.ref);
      }
    }
    if (used) {
      built.push_back(i);
      AddEvidence(m, "numerator", in.ref);
    }
  }
  motion("co-build", f.sources.integration, !built.empty(),
         Count(static_cast<int64_t>(built.size()), "integration", "integrations") + ", " +
             Count(new_installs, "new install", "new installs"));

  // Co-market: a joint campaign started, or a lead referred, in the window.
  int64_t campaigns = 0, leads = 0;
  for (const Campaign& c : f.campaigns) {
    if (c.partner == p && f.InWindow(c.start_at)) {
      ++campaigns;
      AddEvidence(m, "numerator", c.ref);
    }
  }
  for (const Lead& l : f.leads) {
    if (l.partner == p && f.InWindow(l.created_at)) {
      ++leads;
      AddEvidence(m, "numerator", l.ref);
    }
  }
  motion("co-market", f.sources.campaign || f.sources.lead, campaigns + leads > 0,
         Count(campaigns, "campaign", "campaigns") + ", " +
             Count(leads, "referred lead", "referred leads"));

  // Co-sell and co-retain (by attribution): deals with the partner created or closed in W.
  int64_t deals = 0, retention_deals = 0;
  for (size_t o : d.opps_of_partner[p]) {
    const Opportunity& opp = f.opportunities[o];
    if (!Touched(f, opp)) continue;
    ++deals;
    AddEvidence(m, "numerator", opp.ref);
    if (RenewalOrExpansion(opp)) ++retention_deals;
  }
  motion("co-sell", f.sources.opportunity_partner, deals > 0, Count(deals, "deal", "deals"));

  // Co-retain by integrations: at least 10% of the joint customers run its integration.
  int64_t joint = 0, running = 0;
  for (const auto& [org, overlaps] : d.customers_of_partner[p]) {
    if (!f.orgs[org].CustomerAt(f.as_of)) continue;
    ++joint;
    if (!d.ActiveInstalls(org, f.as_of, p).empty()) ++running;
  }
  const bool by_installs = joint > 0 && running * 10 >= joint;
  const bool can_retain = f.sources.opportunity_partner || (f.sources.install && f.sources.overlap);
  std::string retain_how = Count(retention_deals, "renewal or expansion", "renewals or expansions");
  if (by_installs) {
    retain_how += ", " + std::to_string(running) + " of " +
                  Count(joint, "joint customer", "joint customers") + " run its integration";
  }
  motion("co-retain", can_retain, retention_deals > 0 || by_installs, retain_how);

  if (available == 0) {
    MissingSource(m,
                  "no data: the store has no integrations, campaigns, leads or deal "
                  "attributions to find partnering motions in");
    return m;
  }
  m.numerator = static_cast<double>(earned);
  m.denominator = static_cast<double>(available);
  m.raw_value = m.numerator / m.denominator;
  m.normalized = 100 * m.raw_value;
  m.n = static_cast<int64_t>(m.evidence.size());
  m.confidence = static_cast<double>(available) / 4;
  m.explanation = Label(f.partners[p]) + " " + WindowText(f) + ": " + parts + ": " +
                  std::to_string(earned) + " of " + std::to_string(available) + " motions";
  if (!unjudged.empty()) m.explanation += " (" + unjudged + " not judged: no data)";
  return m;
}

// E2: conversion to a deal of EQLs (leads the partner referred, or from its customers) versus
// other qualified leads. `p` kNone: every partner.
sdk::Metric EqlEffectiveness(const Scoring& s, size_t p) {
  const Facts& f = s.facts;
  const Derived& d = s.derived;
  sdk::Metric m = NewMetric("E2", "E", p == kNone ? nullptr : &f.partners[p]);
  const double par = s.params.par_eql_lift;
  char norm[64];
  std::snprintf(norm, sizeof norm, "lin(0, %.3g) of the lift", 2 * par);
  m.normalization = norm;
  if (!f.sources.lead) {
    MissingSource(m, "no data: the store has no leads");
    return m;
  }
  int64_t n_all = 0, k_all = 0, n_eql = 0, k_eql = 0, n_ctrl = 0, k_ctrl = 0;
  bool by_overlap = false;
  for (const Lead& l : f.leads) {
    if (!f.InWindow(l.created_at)) continue;
    ++n_all;
    k_all += l.converted;
    const bool referred = p == kNone ? l.partner != kNone : l.partner == p;
    const bool from_customer = p == kNone ? d.AnyPartnerCustomer(l.org) : d.Customer(p, l.org);
    const bool any_eql = l.partner != kNone || d.AnyPartnerCustomer(l.org);
    if (referred || from_customer) {
      ++n_eql;
      k_eql += l.converted;
      AddEvidence(m, "treated", l.ref);
      if (!referred) by_overlap = true;
    } else if (!any_eql && l.mql_at) {
      ++n_ctrl;
      k_ctrl += l.converted;
      AddSharedEvidence(m, p, "control", l.ref);
    }
  }
  const std::string who = p == kNone ? "partners" : Label(f.partners[p]);
  const std::string whose = p == kNone ? "partners'" : Possessive(f.partners[p]);
  const std::string counts =
      "EQLs (leads " + who + " referred or from " + whose + " customers) converted " +
      std::to_string(k_eql) + "/" + std::to_string(n_eql) + ", other qualified leads " +
      std::to_string(k_ctrl) + "/" + std::to_string(n_ctrl) + " " + WindowText(f);
  m.n = n_eql;
  const double r0 = n_all > 0 ? static_cast<double>(k_all) / n_all : 0;
  const double treated = Shrink(k_eql, n_eql, r0, s.params.alpha_leads);
  const double control = Shrink(k_ctrl, n_ctrl, r0, s.params.alpha_leads);
  if (n_eql < s.params.min_leads || n_ctrl < s.params.min_leads || control <= 0) {
    InsufficientData(m, counts + "; " + std::to_string(s.params.min_leads) +
                            " leads per group needed" +
                            (control <= 0 && n_ctrl > 0 ? " and a converting control group" : ""));
    return m;
  }
  m.numerator = treated;
  m.denominator = control;
  m.raw_value = treated / control - 1;
  m.normalized = Lin(m.raw_value, 0, 2 * par);
  m.confidence = Confidence(static_cast<double>(std::min(n_eql, n_ctrl)), s.params.alpha_leads) *
                 (by_overlap ? s.params.presence_confidence : 1.0);
  m.explanation = counts + "; shrunk " + Percent(treated) + " vs " + Percent(control) + ": lift " +
                  SignedPercent(m.raw_value) + " vs par " + SignedPercent(par);
  return m;
}

// E3 for the ecosystem: closed deals with any partner attached.
sdk::Metric AttachEcosystem(const Scoring& s, double* rate) {
  const Facts& f = s.facts;
  sdk::Metric m = NewMetric("E3", "E", nullptr);
  m.normalization = "lin(0, 0.9)";
  *rate = 0;
  if (!f.sources.opportunity || !f.sources.opportunity_partner) {
    MissingSource(m, f.sources.opportunity
                         ? "no data: the store has no deal attributions (opportunity_partner)"
                         : "no data: the store has no opportunities");
    return m;
  }
  int64_t n = 0, k = 0;
  for (size_t o = 0; o < f.opportunities.size(); ++o) {
    if (!ClosedInWindow(f, f.opportunities[o])) continue;
    ++n;
    AddEvidence(m, "denominator", f.opportunities[o].ref);
    if (!s.derived.partners_of_opp[o].empty()) {
      ++k;
      AddEvidence(m, "numerator", f.opportunities[o].ref);
    }
  }
  m.n = n;
  const std::string counts = std::to_string(k) + " of " + Count(n, "closed deal", "closed deals") +
                             " " + WindowText(f) + " had a partner attached";
  if (n > 0) *rate = static_cast<double>(k) / n;
  if (n < s.params.min_deals) {
    InsufficientData(m, counts + "; " + std::to_string(s.params.min_deals) + " needed");
    return m;
  }
  m.numerator = static_cast<double>(k);
  m.denominator = static_cast<double>(n);
  m.raw_value = *rate;
  m.normalized = Lin(m.raw_value, 0, 0.9);
  m.confidence = Confidence(m.denominator, s.params.alpha_deals);
  m.explanation = counts + " (" + Percent(*rate) + "; 90% scores 100)";
  return m;
}

// E3 for a partner: of the closed deals on its customers' accounts, those it is attached to.
sdk::Metric AttachPartner(const Scoring& s, size_t p, double ecosystem_rate) {
  const Facts& f = s.facts;
  const Derived& d = s.derived;
  sdk::Metric m = NewMetric("E3", "E", &f.partners[p]);
  m.normalization = "lin(0, 0.9) of the shrunk rate";
  if (!f.sources.overlap || !f.sources.opportunity_partner) {
    MissingSource(m, f.sources.overlap
                         ? "no data: the store has no deal attributions (opportunity_partner)"
                         : "no data: the store has no overlap data to tell which accounts are "
                           "the partner's customers");
    return m;
  }
  int64_t n = 0, k = 0;
  for (size_t o = 0; o < f.opportunities.size(); ++o) {
    const Opportunity& opp = f.opportunities[o];
    if (!ClosedInWindow(f, opp) || !d.Customer(p, opp.org)) continue;
    ++n;
    AddEvidence(m, "denominator", opp.ref);
    for (size_t ov : d.customers_of_partner[p].at(opp.org)) {
      AddEvidence(m, "denominator", f.overlaps[ov].ref);
    }
    if (d.Attached(p, o)) {
      ++k;
      AddEvidence(m, "numerator", opp.ref);
    }
  }
  m.n = n;
  const std::string counts = Label(f.partners[p]) + " was attached to " + std::to_string(k) +
                             " of " + Count(n, "closed deal", "closed deals") +
                             " on accounts that are its customers " + WindowText(f);
  if (n < s.params.min_deals) {
    InsufficientData(m, counts + "; " + std::to_string(s.params.min_deals) + " needed");
    return m;
  }
  m.numerator = static_cast<double>(k);
  m.denominator = static_cast<double>(n);
  m.raw_value = Shrink(m.numerator, m.denominator, ecosystem_rate, s.params.alpha_deals);
  m.normalized = Lin(m.raw_value, 0, 0.9);
  m.confidence = Confidence(m.denominator, s.params.alpha_deals) * s.params.presence_confidence;
  m.explanation = counts + " (" + Percent(m.numerator / m.denominator) +
                  "); shrunk toward the ecosystem's " + Percent(ecosystem_rate) + ": " +
                  Percent(m.raw_value);
  return m;
}

// E4: renewals and expansions closed in the window with the partner involved: attached, or
// its integration running on the account at the close.
sdk::Metric CoRetain(const Scoring& s, size_t p) {
  const Facts& f = s.facts;
  const Derived& d = s.derived;
  sdk::Metric m = NewMetric("E4", "E", p == kNone ? nullptr : &f.partners[p]);
  m.normalization = "lin(0, 0.5)";
  if (!f.sources.opp_type || (!f.sources.opportunity_partner && !f.sources.install)) {
    MissingSource(m, !f.sources.opp_type
                         ? "no data: no opportunity in the store has a type (renewal, expansion)"
                         : "no data: the store has neither deal attributions nor integration "
                           "installs");
    return m;
  }
  int64_t n = 0, k = 0, attached = 0, running = 0;
  for (size_t o = 0; o < f.opportunities.size(); ++o) {
    const Opportunity& opp = f.opportunities[o];
    if (!RenewalOrExpansion(opp) || !ClosedInWindow(f, opp)) continue;
    ++n;
    AddSharedEvidence(m, p, "denominator", opp.ref);
    const bool is_attached = p == kNone ? !d.partners_of_opp[o].empty() : d.Attached(p, o);
    const std::vector<size_t> installs = d.ActiveInstalls(opp.org, *opp.closed_at, p);
    if (is_attached || !installs.empty()) {
      ++k;
      attached += is_attached;
      running += !installs.empty();
      AddEvidence(m, "numerator", opp.ref);
      for (size_t i : installs) AddEvidence(m, "numerator", f.installs[i].ref);
    }
  }
  m.n = n;
  const std::string who = p == kNone ? "a partner" : Label(f.partners[p]);
  const std::string counts = who + " was involved in " + std::to_string(k) + " of " +
                             Count(n, "renewal or expansion", "renewals and expansions") +
                             " closed " + WindowText(f) + " (" + std::to_string(attached) +
                             " attached, " + std::to_string(running) +
                             " with its integration running)";
  if (n < s.params.min_deals) {
    InsufficientData(m, counts + "; " + std::to_string(s.params.min_deals) + " needed");
    return m;
  }
  m.numerator = static_cast<double>(k);
  m.denominator = static_cast<double>(n);
  m.raw_value = m.numerator / m.denominator;
  m.normalized = Lin(m.raw_value, 0, 0.5);
  m.confidence = Confidence(m.denominator, s.params.alpha_deals);
  m.explanation = counts + ": " + Percent(m.raw_value) + " (50% scores 100)";
  return m;
}

}  // namespace

void EmbeddedMetrics(const Scoring& s) {
  const Facts& f = s.facts;
  std::vector<sdk::Metric> e1;
  for (size_t p = 0; p < f.partners.size(); ++p) e1.push_back(MotionCoverage(s, p));
  EmitEcosystemMean(s, "E1", "E", "motion coverage", e1);
  Emit(s, EqlEffectiveness(s, kNone));
  double attach_rate = 0;
  Emit(s, AttachEcosystem(s, &attach_rate));
  Emit(s, CoRetain(s, kNone));
  for (size_t p = 0; p < f.partners.size(); ++p) {
    Emit(s, std::move(e1[p]));
    Emit(s, EqlEffectiveness(s, p));
    Emit(s, AttachPartner(s, p, attach_rate));
    Emit(s, CoRetain(s, p));
  }
}

}  // namespace tempo::scorer
