// P: Partners as your product. P1 integration penetration, P2 integration retention uplift
// (stratified by ARR), P3 early integration adoption, P4 roadmap share (no source in the store
// yet).
#include <algorithm>
#include <array>
#include <cstdio>

#include "dimensions.h"
#include "stats.h"

namespace tempo::scorer {
namespace {

std::string Whose(const Facts& f, size_t p) {
  return p == kNone ? "a partner integration" : Possessive(f.partners[p]) + " integration";
}

bool MissingInstalls(const Facts& f, sdk::Metric& m, bool need_dates) {
  if (!f.sources.install) {
    MissingSource(m, "no data: the store has no integration installs");
  } else if (!f.sources.account) {
    MissingSource(m, "no data: the store has no accounts to tell who is a customer");
  } else if (need_dates && !f.sources.customer_dates) {
    MissingSource(m, "no data: no account in the store has customer_since or churned_at");
  }
  return m.status != "ok";
}

sdk::Metric Penetration(const Scoring& s, size_t p) {
  const Facts& f = s.facts;
  const Derived& d = s.derived;
  sdk::Metric m = NewMetric("P1", "P", p == kNone ? nullptr : &f.partners[p]);
  m.normalization = "share";
  if (MissingInstalls(f, m, false)) return m;
  int64_t n = 0, k = 0;
  for (size_t o = 0; o < f.orgs.size(); ++o) {
    if (!f.orgs[o].CustomerAt(f.as_of)) continue;
    ++n;
    for (const Ref& a : f.orgs[o].accounts) AddSharedEvidence(m, p, "denominator", a);
    const std::vector<size_t> installs = d.ActiveInstalls(o, f.as_of, p);
    if (installs.empty()) continue;
    ++k;
    for (size_t i : installs) AddEvidence(m, "numerator", f.installs[i].ref);
  }
  m.n = n;
  const std::string counts = std::to_string(k) + " of " +
                             Count(n, "active customer", "active customers") + " run " +
                             Whose(f, p) + " on " + Date(f.as_of);
  if (n < s.params.min_accounts) {
    InsufficientData(m, counts + "; " + std::to_string(s.params.min_accounts) + " needed");
    return m;
  }
  m.numerator = static_cast<double>(k);
  m.denominator = static_cast<double>(n);
  m.raw_value = m.numerator / m.denominator;
  m.normalized = Share(m.raw_value);
  m.confidence = Confidence(m.denominator, s.params.alpha_accounts);
  m.explanation = counts + " (" + Percent(m.raw_value) + ")";
  return m;
}

// P2: twelve-month logo churn of customers integrated at the window's start against the others,
// compared within ARR tertiles (larger customers integrate more and churn less anyway).
sdk::Metric RetentionUplift(const Scoring& s, size_t p) {
  const Facts& f = s.facts;
  const Derived& d = s.derived;
  sdk::Metric m = NewMetric("P2", "P", p == kNone ? nullptr : &f.partners[p]);
  m.normalization = "lin(0, 0.5)";
  if (MissingInstalls(f, m, true)) return m;
  const int64_t start = f.window_start;
  std::vector<size_t> cohort;
  std::vector<double> arr;
  for (size_t o = 0; o < f.orgs.size(); ++o) {
    if (!f.orgs[o].CustomerAt(start)) continue;
    cohort.push_back(o);
    if (f.orgs[o].arr_usd) arr.push_back(*f.orgs[o].arr_usd);
  }
  std::sort(arr.begin(), arr.end());
  const double cut1 = arr.empty() ? 0 : arr[arr.size() / 3];
  const double cut2 = arr.empty() ? 0 : arr[2 * arr.size() / 3];
  // Strata: ARR tertiles 0-2, unknown ARR 3. Per stratum: integrated (n, churned), others.
  struct Arm {
    int64_t n = 0, churned = 0;
  };
  std::array<std::array<Arm, 2>, 4> strata{};
  for (size_t o : cohort) {
    const Org& org = f.orgs[o];
    const int stratum = !org.arr_usd ? 3 : *org.arr_usd < cut1 ? 0 : *org.arr_usd < cut2 ? 1 : 2;
    const std::vector<size_t> installs = d.ActiveInstalls(o, start, p);
    const bool integrated = !installs.empty();
    const bool churned = !org.CustomerAt(f.as_of);
    Arm& arm = strata[stratum][integrated ? 0 : 1];
    ++arm.n;
    arm.churned += churned;
    for (const Ref& a : org.accounts) {
      if (integrated) {
        AddEvidence(m, "treated", a);
      } else {
        AddSharedEvidence(m, p, "control", a);
      }
    }
    for (size_t i : installs) AddEvidence(m, "treated", f.installs[i].ref);
  }
  double weight = 0, churn_with = 0, churn_without = 0;
  int64_t n_with = 0, n_without = 0, used = 0;
  for (const auto& stratum : strata) {
    n_with += stratum[0].n;
    n_without += stratum[1].n;
    if (stratum[0].n < s.params.min_retention_arm || stratum[1].n < s.params.min_retention_arm) {
      continue;
    }
    ++used;
    const double w = static_cast<double>(stratum[0].n + stratum[1].n);
    weight += w;
    churn_with += w * static_cast<double>(stratum[0].churned) / stratum[0].n;
    churn_without += w * static_cast<double>(stratum[1].churned) / stratum[1].n;
  }
  m.n = n_with + n_without;
  const std::string counts = Count(n_with, "customer", "customers") + " ran " + Whose(f, p) +
                             " on " + Date(start) + " and " + std::to_string(n_without) +
                             " did not";
  if (used == 0) {
    InsufficientData(m, counts + "; at least " +
                            Count(s.params.min_retention_arm, "customer", "customers") +
                            " per group in one ARR third needed");
    return m;
  }
  churn_with /= weight;
  churn_without /= weight;
  if (churn_without <= 0) {
    InsufficientData(m, counts +
                            "; no customer without the integration churned, so there is "
                            "no churn to compare against");
    return m;
  }
  m.numerator = churn_with;
  m.denominator = churn_without;
  m.raw_value = 1 - churn_with / churn_without;
  m.normalized = Lin(m.raw_value, 0, 0.5);
  m.confidence =
      Confidence(static_cast<double>(std::min(n_with, n_without)), s.params.alpha_accounts);
  m.explanation = counts + ": churn by " + Date(f.as_of) + " " + Percent(churn_with) + " with vs " +
                  Percent(churn_without) + " without, compared within " +
                  Count(used, "ARR third", "ARR thirds") + ": " + Percent(m.raw_value) +
                  " lower churn (50% scores 100)";
  return m;
}

// P3: new-business wins whose account installed a partner integration within N days.
sdk::Metric EarlyAdoption(const Scoring& s, size_t p) {
  const Facts& f = s.facts;
  const Derived& d = s.derived;
  sdk::Metric m = NewMetric("P3", "P", p == kNone ? nullptr : &f.partners[p]);
  m.normalization = "share";
  if (MissingInstalls(f, m, false)) return m;
  if (!f.sources.opp_type) {
    MissingSource(m, "no data: no opportunity in the store has a type (new business)");
    return m;
  }
  const int64_t days = s.params.adoption_days;
  const int64_t last_close = f.as_of - days * sdk::kDayMs;
  int64_t n = 0, k = 0;
  for (const Opportunity& opp : f.opportunities) {
    if (!opp.won || opp.opp_type != "new" || !f.InWindow(opp.closed_at)) continue;
    if (*opp.closed_at > last_close) continue;  // too recent to judge
    ++n;
    AddSharedEvidence(m, p, "denominator", opp.ref);
    const std::vector<size_t> installs =
        d.InstallsBetween(opp.org, *opp.closed_at, *opp.closed_at + days * sdk::kDayMs, p);
    if (installs.empty()) continue;
    ++k;
    AddEvidence(m, "numerator", opp.ref);
    for (size_t i : installs) AddEvidence(m, "numerator", f.installs[i].ref);
  }
  m.n = n;
  const std::string counts = std::to_string(k) + " of " +
                             Count(n, "new-business win", "new-business wins") + " closed " +
                             Date(f.window_start + 1) + " to " + Date(last_close) + " ran " +
                             Whose(f, p) + " within " + std::to_string(days) + " days";
  if (n < s.params.min_deals) {
    InsufficientData(m, counts + "; " + std::to_string(s.params.min_deals) + " needed");
    return m;
  }
  m.numerator = static_cast<double>(k);
  m.denominator = static_cast<double>(n);
  m.raw_value = m.numerator / m.denominator;
  m.normalized = Share(m.raw_value);
  m.confidence = Confidence(m.denominator, s.params.alpha_deals);
  m.explanation = counts + " (" + Percent(m.raw_value) + ")";
  return m;
}

sdk::Metric Roadmap(size_t p, const Facts& f) {
  sdk::Metric m = NewMetric("P4", "P", p == kNone ? nullptr : &f.partners[p]);
  MissingSource(m,
                "no data: the store does not hold roadmap items (roadmap_item is not in the "
                "store schema yet)");
  return m;
}

}  // namespace

void ProductMetrics(const Scoring& s) {
  const Facts& f = s.facts;
  Emit(s, Penetration(s, kNone));
  Emit(s, RetentionUplift(s, kNone));
  Emit(s, EarlyAdoption(s, kNone));
  Emit(s, Roadmap(kNone, f));
  std::vector<sdk::Metric> p1;
  for (size_t p = 0; p < f.partners.size(); ++p) p1.push_back(Penetration(s, p));
  RankAmongPartners(s, p1);
  for (size_t p = 0; p < f.partners.size(); ++p) {
    Emit(s, std::move(p1[p]));
    Emit(s, RetentionUplift(s, p));
    Emit(s, EarlyAdoption(s, p));
    Emit(s, Roadmap(p, f));
  }
}

}  // namespace tempo::scorer
