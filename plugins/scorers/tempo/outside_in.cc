// O: Outside-in orientation. O1 ecosystem coverage of open pipeline, O2 overlap activation,
// O3 ecosystem breadth (ecosystem only). All rest on overlap data: which accounts are a
// partner's customers.
#include <algorithm>
#include <cstdio>
#include <map>

#include "dimensions.h"
#include "stats.h"

namespace tempo::scorer {
namespace {

// Open at the instant (created by then, not closed by then), with a USD amount.
bool OpenWithAmount(const Opportunity& o) { return !o.closed && o.amount_usd.has_value(); }

bool MissingOverlap(const Facts& f, sdk::Metric& m) {
  if (!f.sources.overlap) {
    MissingSource(m,
                  "no data: the store has no overlap data (sync Crossbeam, Reveal or an overlap "
                  "CSV export)");
  } else if (!f.sources.opportunity) {
    MissingSource(m, "no data: the store has no opportunities");
  }
  return m.status != "ok";
}

sdk::Metric PipelineCoverage(const Scoring& s, size_t p) {
  const Facts& f = s.facts;
  const Derived& d = s.derived;
  sdk::Metric m = NewMetric("O1", "O", p == kNone ? nullptr : &f.partners[p]);
  m.normalization = "lin(0, 0.8)";
  if (MissingOverlap(f, m)) return m;
  double total = 0, covered = 0;
  int64_t n = 0, k = 0;
  for (const Opportunity& opp : f.opportunities) {
    if (!OpenWithAmount(opp)) continue;
    ++n;
    total += *opp.amount_usd;
    AddSharedEvidence(m, p, "denominator", opp.ref);
    const bool is_covered = p == kNone ? d.AnyPartnerCustomer(opp.org) : d.Customer(p, opp.org);
    if (!is_covered) continue;
    ++k;
    covered += *opp.amount_usd;
    AddEvidence(m, "numerator", opp.ref);
    for (size_t q = 0; q < f.partners.size(); ++q) {
      if (p != kNone && q != p) continue;
      auto it = d.customers_of_partner[q].find(opp.org);
      if (it == d.customers_of_partner[q].end()) continue;
      for (size_t ov : it->second) AddEvidence(m, "numerator", f.overlaps[ov].ref);
    }
  }
  m.n = n;
  const std::string whose = p == kNone ? "at least one partner's" : Possessive(f.partners[p]);
  const std::string counts = Money(covered) + " of " + Money(total) + " open pipeline (" +
                             std::to_string(k) + " of " + Count(n, "open deal", "open deals") +
                             ") on " + Date(f.as_of) + " is on accounts that are " + whose +
                             " customers";
  if (n < s.params.min_deals || total <= 0) {
    InsufficientData(m, counts + "; " + std::to_string(s.params.min_deals) +
                            " open deals with an amount needed");
    return m;
  }
  m.numerator = covered;
  m.denominator = total;
  m.raw_value = covered / total;
  m.normalized = Lin(m.raw_value, 0, 0.8);
  m.confidence =
      Confidence(static_cast<double>(n), s.params.alpha_deals) * s.params.presence_confidence;
  m.explanation = counts + " (" + Percent(m.raw_value) + (p == kNone ? "; 80% scores 100)" : ")");
  return m;
}

bool ActivationKind(const std::string& kind) {
  return kind == "intro_given" || kind == "intro_received" || kind == "deal_registration" ||
         kind == "joint_call" || kind == "joint_event";
}

// O2 counts: overlap accounts (our prospect or open deal, the partner's customer) of `p` and
// how many saw an action of that partner in the window.
struct Activation {
  int64_t n = 0, k = 0;
};

Activation Activate(const Scoring& s, size_t p, sdk::Metric* m) {
  const Facts& f = s.facts;
  const Derived& d = s.derived;
  Activation a;
  std::map<size_t, std::vector<size_t>> targets;  // org -> overlap rows
  for (size_t i = 0; i < f.overlaps.size(); ++i) {
    const Overlap& o = f.overlaps[i];
    if (o.partner != p || o.partner_population != "customer") continue;
    if (o.our_population != "prospect" && o.our_population != "open_opp") continue;
    targets[o.org].push_back(i);
  }
  // The partner's actions in the window, by organization (one pass over each table).
  std::map<size_t, std::vector<const Ref*>> actions;
  for (size_t o : d.opps_of_partner[p]) {
    const Opportunity& opp = f.opportunities[o];
    if (targets.count(opp.org) != 0 && f.InWindow(opp.created_at)) {
      actions[opp.org].push_back(&opp.ref);
    }
  }
  for (const Lead& l : f.leads) {
    if (l.partner == p && targets.count(l.org) != 0 && f.InWindow(l.created_at)) {
      actions[l.org].push_back(&l.ref);
    }
  }
  for (const Activity& act : f.activities) {
    if (act.partner == p && targets.count(act.org) != 0 && ActivationKind(act.kind) &&
        f.InWindow(act.occurred_at)) {
      actions[act.org].push_back(&act.ref);
    }
  }
  for (const auto& [org, rows] : targets) {
    ++a.n;
    for (size_t i : rows) AddEvidence(*m, "denominator", f.overlaps[i].ref);
    auto it = actions.find(org);
    if (it == actions.end()) continue;
    ++a.k;
    for (size_t i : rows) AddEvidence(*m, "numerator", f.overlaps[i].ref);
    for (const Ref* r : it->second) AddEvidence(*m, "numerator", *r);
  }
  return a;
}

sdk::Metric OverlapActivation(const Scoring& s, size_t p, double ecosystem_rate) {
  const Facts& f = s.facts;
  sdk::Metric m = NewMetric("O2", "O", p == kNone ? nullptr : &f.partners[p]);
  m.normalization = p == kNone ? "lin(0, 0.3)" : "lin(0, 0.3) of the shrunk rate";
  if (!f.sources.overlap) {
    MissingOverlap(f, m);
    return m;
  }
  Activation a;
  if (p == kNone) {
    for (size_t q = 0; q < f.partners.size(); ++q) {
      Activation one = Activate(s, q, &m);
      a.n += one.n;
      a.k += one.k;
    }
  } else {
    a = Activate(s, p, &m);
  }
  m.n = a.n;
  const std::string who = p == kNone ? "the partner" : Label(f.partners[p]);
  const std::string counts =
      who + " acted (a deal, a referred lead or an intro) on " + std::to_string(a.k) + " of " +
      Count(a.n, "overlap account", "overlap accounts") + " (our prospect or open deal, " +
      (p == kNone ? "a partner's" : "its") + " customer) " + WindowText(f);
  if (a.n < s.params.min_accounts) {
    InsufficientData(m, counts + "; " + std::to_string(s.params.min_accounts) + " needed");
    return m;
  }
  m.numerator = static_cast<double>(a.k);
  m.denominator = static_cast<double>(a.n);
  const double rate = m.numerator / m.denominator;
  m.raw_value = p == kNone
                    ? rate
                    : Shrink(m.numerator, m.denominator, ecosystem_rate, s.params.alpha_accounts);
  m.normalized = Lin(m.raw_value, 0, 0.3);
  m.confidence = Confidence(m.denominator, s.params.alpha_accounts) * s.params.presence_confidence;
  m.explanation = counts + " (" + Percent(rate) + ")";
  if (p != kNone) {
    m.explanation +=
        "; shrunk toward the ecosystem's " + Percent(ecosystem_rate) + ": " + Percent(m.raw_value);
  }
  m.explanation += "; 30% scores 100";
  return m;
}

// O3: how evenly the covered open pipeline spreads over partners: 1 - 1/N_eff, where N_eff is
// the inverse Herfindahl index of the partners' shares (a deal covered by k partners gives each
// 1/k of its amount).
sdk::Metric Breadth(const Scoring& s) {
  const Facts& f = s.facts;
  const Derived& d = s.derived;
  sdk::Metric m = NewMetric("O3", "O", nullptr);
  m.normalization = "share";
  if (MissingOverlap(f, m)) return m;
  std::map<size_t, double> share_of;
  double covered = 0;
  int64_t n = 0;
  for (const Opportunity& opp : f.opportunities) {
    if (!OpenWithAmount(opp) || !d.AnyPartnerCustomer(opp.org)) continue;
    const std::set<size_t>& partners = d.partners_with_customer.at(opp.org);
    ++n;
    covered += *opp.amount_usd;
    AddEvidence(m, "numerator", opp.ref);
    for (size_t q : partners) share_of[q] += *opp.amount_usd / partners.size();
  }
  m.n = n;
  if (n < s.params.min_deals || covered <= 0) {
    InsufficientData(m, Count(n, "open deal", "open deals") + " on partners' customers on " +
                            Date(f.as_of) + "; " + std::to_string(s.params.min_deals) +
                            " with an amount needed");
    return m;
  }
  double hhi = 0, top = 0;
  size_t top_partner = kNone;
  for (const auto& [q, amount] : share_of) {
    const double share = amount / covered;
    hhi += share * share;
    if (share > top) {
      top = share;
      top_partner = q;
    }
  }
  const double n_eff = 1 / hhi;
  m.numerator = 1;
  m.denominator = n_eff;
  m.raw_value = 1 - 1 / n_eff;
  m.normalized = Share(m.raw_value);
  m.confidence =
      Confidence(static_cast<double>(n), s.params.alpha_deals) * s.params.presence_confidence;
  char buf[96];
  std::snprintf(buf, sizeof buf, "as spread as %.1f equal partners", n_eff);
  m.explanation = Money(covered) + " of open pipeline on partners' customers spreads over " +
                  Count(static_cast<int64_t>(share_of.size()), "partner", "partners") + ", " + buf +
                  " (largest: " + Label(f.partners[top_partner]) + ", " + Percent(top) +
                  "): breadth " + Percent(m.raw_value);
  return m;
}

}  // namespace

void OutsideInMetrics(const Scoring& s) {
  const Facts& f = s.facts;
  Emit(s, PipelineCoverage(s, kNone));
  // The ecosystem's activation rate, which partner rates shrink toward, even when the
  // ecosystem row itself has too few accounts to be scored.
  int64_t n = 0, k = 0;
  for (size_t q = 0; q < f.partners.size(); ++q) {
    sdk::Metric scratch;
    const Activation a = Activate(s, q, &scratch);
    n += a.n;
    k += a.k;
  }
  const double activation_rate = n > 0 ? static_cast<double>(k) / n : 0;
  Emit(s, OverlapActivation(s, kNone, activation_rate));
  Emit(s, Breadth(s));
  std::vector<sdk::Metric> o1;
  for (size_t p = 0; p < f.partners.size(); ++p) o1.push_back(PipelineCoverage(s, p));
  RankAmongPartners(s, o1);
  for (size_t p = 0; p < f.partners.size(); ++p) {
    Emit(s, std::move(o1[p]));
    Emit(s, OverlapActivation(s, p, activation_rate));
  }
}

}  // namespace tempo::scorer
