// M: Monetizing synergies. M1 partner-attributed revenue share, M2 win-rate lift, M3 deal-size
// lift, M4 velocity lift. A deal "with" a partner is one the partner is attached to, or on an
// account that is the partner's customer (its presence); the ecosystem compares deals with any
// partner against deals with none.
#include <algorithm>
#include <cstdio>

#include "dimensions.h"
#include "stats.h"

namespace tempo::scorer {
namespace {

bool WonInWindow(const Facts& f, const Opportunity& o) { return o.won && f.InWindow(o.closed_at); }

// Whether `p` (kNone: any partner) is involved in deal `o`; *by_presence is set when the deal
// counts only through the overlap data.
bool Involved(const Derived& d, size_t p, size_t o, bool* by_presence) {
  const Opportunity& opp = d.facts.opportunities[o];
  const bool attached = p == kNone ? !d.partners_of_opp[o].empty() : d.Attached(p, o);
  const bool present = p == kNone ? d.AnyPartnerCustomer(opp.org) : d.Customer(p, opp.org);
  if (!attached && present) *by_presence = true;
  return attached || present;
}

// The records that make deal `o` count as involving `p`: its attributions and overlap rows.
void AddInvolvement(const Derived& d, size_t p, size_t o, const char* role, sdk::Metric& m) {
  const Facts& f = d.facts;
  for (size_t a : d.attributions_of_opp[o]) {
    if (p == kNone || f.attributions[a].partner == p) AddEvidence(m, role, f.attributions[a].ref);
  }
  const size_t org = f.opportunities[o].org;
  for (size_t q = 0; q < f.partners.size(); ++q) {
    if (p != kNone && q != p) continue;
    auto it = d.customers_of_partner[q].find(org);
    if (it == d.customers_of_partner[q].end()) continue;
    for (size_t ov : it->second) AddEvidence(m, role, f.overlaps[ov].ref);
  }
}

std::string WithText(const Facts& f, size_t p) {
  return p == kNone
             ? "deals with a partner (attached, or the account is a partner's customer)"
             : "deals with " + Label(f.partners[p]) + " (attached, or the account is its customer)";
}

sdk::Metric MissingDeals(sdk::Metric m, const Facts& f, bool need_presence) {
  if (!f.sources.opportunity) {
    MissingSource(m, "no data: the store has no opportunities");
  } else if (!f.sources.opportunity_partner && (!need_presence || !f.sources.overlap)) {
    MissingSource(m, need_presence ? "no data: the store has neither deal attributions nor "
                                     "overlap data to tell which deals involve a partner"
                                   : "no data: the store has no deal attributions "
                                     "(opportunity_partner)");
  }
  return m;
}

// M1 for the ecosystem: won revenue with a partner attached, sourced and influenced apart.
sdk::Metric RevenueShareEcosystem(const Scoring& s) {
  const Facts& f = s.facts;
  const Derived& d = s.derived;
  sdk::Metric m = MissingDeals(NewMetric("M1", "M", nullptr), f, false);
  m.normalization = "lin(0, 0.5)";
  if (m.status != "ok") return m;
  double total = 0, sourced = 0, influenced = 0;
  int64_t won = 0, no_amount = 0, attributed = 0;
  for (size_t o = 0; o < f.opportunities.size(); ++o) {
    const Opportunity& opp = f.opportunities[o];
    if (!WonInWindow(f, opp)) continue;
    if (!opp.amount_usd) {
      ++no_amount;
      continue;
    }
    ++won;
    total += *opp.amount_usd;
    AddEvidence(m, "denominator", opp.ref);
    if (d.partners_of_opp[o].empty()) continue;
    ++attributed;
    AddEvidence(m, "numerator", opp.ref);
    for (size_t a : d.attributions_of_opp[o]) AddEvidence(m, "numerator", f.attributions[a].ref);
    // Primary credit: a deal any partner sourced is sourced; otherwise influenced. No dollar
    // counts twice.
    const bool is_sourced =
        std::any_of(d.attributions_of_opp[o].begin(), d.attributions_of_opp[o].end(),
                    [&](size_t a) { return f.attributions[a].role == "sourced"; });
    (is_sourced ? sourced : influenced) += *opp.amount_usd;
  }
  m.n = won;
  std::string counts = Money(sourced + influenced) + " of " + Money(total) + " won " +
                       WindowText(f) + " had a partner attached (" + Money(sourced) + " sourced, " +
                       Money(influenced) + " influenced; " + std::to_string(attributed) + " of " +
                       Count(won, "deal", "deals") + ")";
  if (no_amount > 0) {
    counts += "; " + Count(no_amount, "won deal", "won deals") + " without a USD amount left out";
  }
  if (won < s.params.min_deals || total <= 0) {
    InsufficientData(
        m, counts + "; " + std::to_string(s.params.min_deals) + " won deals with an amount needed");
    return m;
  }
  m.numerator = sourced + influenced;
  m.denominator = total;
  m.raw_value = m.numerator / total;
  m.normalized = Lin(m.raw_value, 0, 0.5);
  m.confidence = Confidence(static_cast<double>(won), s.params.alpha_deals);
  m.explanation = counts + ": " + Percent(m.raw_value) + " (50% scores 100)";
  return m;
}

// M1 per partner: its full-credit and fractional share of won revenue; normalized as a
// percentile among the partners (RankAmongPartners).
sdk::Metric RevenueSharePartner(const Scoring& s, size_t p) {
  const Facts& f = s.facts;
  const Derived& d = s.derived;
  sdk::Metric m = MissingDeals(NewMetric("M1", "M", &f.partners[p]), f, false);
  if (m.status != "ok") return m;
  double total = 0, full = 0, fractional = 0;
  int64_t won = 0, deals = 0;
  for (size_t o = 0; o < f.opportunities.size(); ++o) {
    const Opportunity& opp = f.opportunities[o];
    if (!WonInWindow(f, opp) || !opp.amount_usd) continue;
    ++won;
    total += *opp.amount_usd;
    AddSharedEvidence(m, p, "denominator", opp.ref);
    if (!d.Attached(p, o)) continue;
    ++deals;
    full += *opp.amount_usd;
    fractional += *opp.amount_usd / static_cast<double>(d.partners_of_opp[o].size());
    AddEvidence(m, "numerator", opp.ref);
    for (size_t a : d.attributions_of_opp[o]) {
      if (f.attributions[a].partner == p) AddEvidence(m, "numerator", f.attributions[a].ref);
    }
  }
  m.n = deals;
  const std::string counts = Label(f.partners[p]) + " was attached to " + std::to_string(deals) +
                             " of " + Count(won, "won deal", "won deals") + " " + WindowText(f) +
                             ": " + Money(full) + " of " + Money(total) + " (" +
                             PercentOneDecimal(total > 0 ? full / total : 0) +
                             ") with full credit, " + Money(fractional) + " (" +
                             PercentOneDecimal(total > 0 ? fractional / total : 0) +
                             ") with each deal's credit split among its partners";
  if (won < s.params.min_deals || total <= 0) {
    InsufficientData(
        m, counts + "; " + std::to_string(s.params.min_deals) + " won deals with an amount needed");
    return m;
  }
  m.numerator = fractional;
  m.denominator = total;
  m.raw_value = fractional / total;
  m.confidence = Confidence(static_cast<double>(won), s.params.alpha_deals);
  m.explanation = counts;
  return m;
}

// M2: win rate of deals with the partner against deals without, both shrunk toward the
// ecosystem's win rate.
sdk::Metric WinRateLift(const Scoring& s, size_t p) {
  const Facts& f = s.facts;
  const Derived& d = s.derived;
  sdk::Metric m =
      MissingDeals(NewMetric("M2", "M", p == kNone ? nullptr : &f.partners[p]), f, true);
  const double par = s.params.par_win_rate_lift;
  char norm[64];
  std::snprintf(norm, sizeof norm, "lin(0, %.3g) of the lift", 2 * par);
  m.normalization = norm;
  if (m.status != "ok") return m;
  int64_t n_with = 0, k_with = 0, n_without = 0, k_without = 0;
  bool by_presence = false;
  for (size_t o = 0; o < f.opportunities.size(); ++o) {
    const Opportunity& opp = f.opportunities[o];
    if (!opp.closed || !f.InWindow(opp.closed_at)) continue;
    if (Involved(d, p, o, &by_presence)) {
      ++n_with;
      k_with += opp.won;
      AddEvidence(m, "treated", opp.ref);
      AddInvolvement(d, p, o, "treated", m);
    } else {
      ++n_without;
      k_without += opp.won;
      AddSharedEvidence(m, p, "control", opp.ref);
    }
  }
  m.n = n_with + n_without;
  const double wr_with = n_with ? static_cast<double>(k_with) / n_with : 0;
  const double wr_without = n_without ? static_cast<double>(k_without) / n_without : 0;
  const std::string counts = "win rate " + Percent(wr_with) + " (" + std::to_string(k_with) + "/" +
                             std::to_string(n_with) + ") on " + WithText(f, p) + " vs " +
                             Percent(wr_without) + " (" + std::to_string(k_without) + "/" +
                             std::to_string(n_without) + ") without, closed " + WindowText(f);
  const double r0 = m.n ? static_cast<double>(k_with + k_without) / m.n : 0;
  const double shrunk_with = Shrink(k_with, n_with, r0, s.params.alpha_deals);
  const double shrunk_without = Shrink(k_without, n_without, r0, s.params.alpha_deals);
  if (n_with < s.params.min_deals || n_without < s.params.min_deals || shrunk_without <= 0) {
    InsufficientData(m, counts + "; " + std::to_string(s.params.min_deals) +
                            " closed deals per side needed" +
                            (shrunk_without <= 0 && n_without > 0 ? ", and a won deal" : ""));
    return m;
  }
  m.numerator = shrunk_with;
  m.denominator = shrunk_without;
  m.raw_value = shrunk_with / shrunk_without - 1;
  m.normalized = Lin(m.raw_value, 0, 2 * par);
  m.confidence =
      Confidence(static_cast<double>(std::min(n_with, n_without)), s.params.alpha_deals) *
      (by_presence ? s.params.presence_confidence : 1.0);
  m.explanation = counts + "; shrunk toward the ecosystem's " + Percent(r0) + ": " +
                  Percent(shrunk_with) + " vs " + Percent(shrunk_without) + ", lift " +
                  SignedPercent(m.raw_value) + " vs par " + PercentOneDecimal(par);
  return m;
}

// M3 (deal size) and M4 (days to close): medians of won deals with against without.
sdk::Metric MedianLift(const Scoring& s, size_t p, bool velocity) {
  const Facts& f = s.facts;
  const Derived& d = s.derived;
  sdk::Metric m = MissingDeals(
      NewMetric(velocity ? "M4" : "M3", "M", p == kNone ? nullptr : &f.partners[p]), f, true);
  const double par = velocity ? s.params.par_velocity_lift : s.params.par_deal_size_lift;
  char norm[64];
  std::snprintf(norm, sizeof norm, "lin(0, %.3g) of the lift", 2 * par);
  m.normalization = norm;
  if (m.status != "ok") return m;
  std::vector<double> with, without;
  bool by_presence = false;
  for (size_t o = 0; o < f.opportunities.size(); ++o) {
    const Opportunity& opp = f.opportunities[o];
    if (!WonInWindow(f, opp)) continue;
    double value = 0;
    if (velocity) {
      if (!opp.created_at) continue;
      value = std::max(1.0, static_cast<double>(*opp.closed_at - *opp.created_at) / sdk::kDayMs);
    } else {
      if (!opp.amount_usd) continue;
      value = *opp.amount_usd;
    }
    if (Involved(d, p, o, &by_presence)) {
      with.push_back(value);
      AddEvidence(m, "treated", opp.ref);
      AddInvolvement(d, p, o, "treated", m);
    } else {
      without.push_back(value);
      AddSharedEvidence(m, p, "control", opp.ref);
    }
  }
  const auto n_with = static_cast<int64_t>(with.size());
  const auto n_without = static_cast<int64_t>(without.size());
  m.n = n_with + n_without;
  const double med_with = Median(with), med_without = Median(without);
  char text[256];
  if (velocity) {
    std::snprintf(text, sizeof text,
                  "median %.0f days to close (%lld won) with vs %.0f (%lld) "
                  "without",
                  med_with, static_cast<long long>(n_with), med_without,
                  static_cast<long long>(n_without));
  } else {
    std::snprintf(text, sizeof text, "median won deal %s (%lld) with vs %s (%lld) without",
                  Money(med_with).c_str(), static_cast<long long>(n_with),
                  Money(med_without).c_str(), static_cast<long long>(n_without));
  }
  const std::string counts = std::string(text) + ": " + WithText(f, p) + ", won " + WindowText(f);
  const double base = velocity ? med_with : med_without;
  if (n_with < s.params.min_deals || n_without < s.params.min_deals || base <= 0) {
    InsufficientData(
        m, counts + "; " + std::to_string(s.params.min_deals) + " won deals per side needed");
    return m;
  }
  // Deal size: bigger with is better. Velocity: fewer days with is better.
  m.numerator = velocity ? med_without : med_with;
  m.denominator = velocity ? med_with : med_without;
  m.raw_value = m.numerator / m.denominator - 1;
  m.normalized = Lin(m.raw_value, 0, 2 * par);
  m.confidence =
      Confidence(static_cast<double>(std::min(n_with, n_without)), s.params.alpha_deals) *
      (by_presence ? s.params.presence_confidence : 1.0);
  m.explanation = counts + ": " + (velocity ? "faster by " : "lift ") + SignedPercent(m.raw_value) +
                  " vs par " + SignedPercent(par);
  return m;
}

}  // namespace

void MonetizingMetrics(const Scoring& s) {
  const Facts& f = s.facts;
  Emit(s, RevenueShareEcosystem(s));
  Emit(s, WinRateLift(s, kNone));
  Emit(s, MedianLift(s, kNone, false));
  Emit(s, MedianLift(s, kNone, true));
  std::vector<sdk::Metric> m1;
  for (size_t p = 0; p < f.partners.size(); ++p) m1.push_back(RevenueSharePartner(s, p));
  RankAmongPartners(s, m1);
  for (size_t p = 0; p < f.partners.size(); ++p) {
    Emit(s, std::move(m1[p]));
    Emit(s, WinRateLift(s, p));
    Emit(s, MedianLift(s, p, false));
    Emit(s, MedianLift(s, p, true));
  }
}

}  // namespace tempo::scorer
