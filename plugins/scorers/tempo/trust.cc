// T: Trust through service. T1 give/get reciprocity, T2 data-sharing depth (no source in the
// store yet), T3 responsiveness to partner-referred leads, T4 relationship consistency.
// Ecosystem rows are the mean over active partners (the model's ecosystem T).
#include <algorithm>
#include <cstdio>
#include <set>

#include "dimensions.h"
#include "stats.h"

namespace tempo::scorer {
namespace {

sdk::Metric Reciprocity(const Scoring& s, size_t p) {
  const Facts& f = s.facts;
  sdk::Metric m = NewMetric("T1", "T", &f.partners[p]);
  m.normalization = "share";
  if (!f.sources.activity && !f.sources.lead && !f.sources.opportunity_partner) {
    MissingSource(m,
                  "no data: the store has no partner activities, leads or deal attributions to "
                  "count intros and referrals from");
    return m;
  }
  std::vector<const Ref*> given, received;
  int64_t intros_in = 0, leads = 0, sourced = 0;
  for (const Activity& a : f.activities) {
    if (a.partner != p || !f.InWindow(a.occurred_at)) continue;
    if (a.kind == "intro_given") given.push_back(&a.ref);
    if (a.kind == "intro_received") {
      received.push_back(&a.ref);
      ++intros_in;
    }
  }
  for (const Lead& l : f.leads) {
    if (l.partner == p && f.InWindow(l.created_at)) {
      received.push_back(&l.ref);
      ++leads;
    }
  }
  std::set<size_t> sourced_opps;
  for (const Attribution& a : f.attributions) {
    if (a.partner != p || a.role != "sourced") continue;
    if (!f.InWindow(f.opportunities[a.opportunity].created_at)) continue;
    if (sourced_opps.insert(a.opportunity).second) {
      received.push_back(&a.ref);
      ++sourced;
    }
  }
  const auto g = static_cast<int64_t>(given.size());
  const auto r = static_cast<int64_t>(received.size());
  m.n = g + r;
  const std::string counts = "we gave " + Label(f.partners[p]) + " " + Count(g, "intro", "intros") +
                             " and received " + std::to_string(r) + " (" +
                             Count(leads, "lead", "leads") + ", " +
                             Count(sourced, "sourced deal", "sourced deals") + ", " +
                             Count(intros_in, "intro", "intros") + ") " + WindowText(f);
  if (m.n < s.params.min_events) {
    InsufficientData(
        m, counts + "; " + std::to_string(s.params.min_events) + " intros and referrals needed");
    return m;
  }
  const bool given_smaller = g <= r;
  for (const Ref* ref : given) AddEvidence(m, given_smaller ? "numerator" : "denominator", *ref);
  for (const Ref* ref : received) AddEvidence(m, given_smaller ? "denominator" : "numerator", *ref);
  m.numerator = static_cast<double>(std::min(g, r));
  m.denominator = static_cast<double>(std::max(g, r));
  m.raw_value = m.numerator / m.denominator;
  m.normalized = Share(m.raw_value);
  m.confidence = Confidence(static_cast<double>(m.n), s.params.alpha_deals);
  m.explanation = counts + ": reciprocity " + Percent(m.raw_value) + " (" +
                  std::to_string(std::min(g, r)) + "/" + std::to_string(std::max(g, r)) + ")";
  return m;
}

// T3: share of the partner's leads answered within N business days, shrunk toward the
// ecosystem's share. Leads younger than N business days are not judged yet.
struct Responses {
  std::vector<size_t> judged, answered;
};

Responses CountResponses(const Scoring& s, size_t p) {
  const Facts& f = s.facts;
  Responses r;
  for (size_t i = 0; i < f.leads.size(); ++i) {
    const Lead& l = f.leads[i];
    if (l.partner == kNone || (p != kNone && l.partner != p) || !f.InWindow(l.created_at)) {
      continue;
    }
    const int64_t deadline = AddBusinessDays(*l.created_at, s.params.response_business_days);
    if (deadline > f.as_of) continue;
    r.judged.push_back(i);
    if (l.first_response_at && *l.first_response_at <= deadline) r.answered.push_back(i);
  }
  return r;
}

sdk::Metric Responsiveness(const Scoring& s, size_t p, double ecosystem_rate) {
  const Facts& f = s.facts;
  sdk::Metric m = NewMetric("T3", "T", &f.partners[p]);
  m.normalization = "lin(0.5, 0.95) of the shrunk rate";
  if (!f.sources.lead || !f.sources.first_response) {
    MissingSource(m, f.sources.lead ? "no data: no lead in the store records its first response "
                                      "(first_response_at)"
                                    : "no data: the store has no leads");
    return m;
  }
  const Responses r = CountResponses(s, p);
  const auto n = static_cast<int64_t>(r.judged.size());
  const auto k = static_cast<int64_t>(r.answered.size());
  m.n = n;
  const std::string days = std::to_string(s.params.response_business_days);
  const std::string counts = "answered " + std::to_string(k) + " of " + Count(n, "lead", "leads") +
                             " " + Label(f.partners[p]) + " referred within " + days +
                             " business days " + WindowText(f);
  if (n < s.params.min_partner_leads) {
    InsufficientData(m, counts + "; " + std::to_string(s.params.min_partner_leads) + " needed");
    return m;
  }
  for (size_t i : r.judged) AddEvidence(m, "denominator", f.leads[i].ref);
  for (size_t i : r.answered) AddEvidence(m, "numerator", f.leads[i].ref);
  m.numerator = static_cast<double>(k);
  m.denominator = static_cast<double>(n);
  m.raw_value = Shrink(m.numerator, m.denominator, ecosystem_rate, s.params.alpha_leads);
  m.normalized = Lin(m.raw_value, 0.5, 0.95);
  m.confidence = Confidence(m.denominator, s.params.alpha_leads);
  m.explanation = counts + " (" + Percent(m.numerator / m.denominator) +
                  "); shrunk toward the ecosystem's " + Percent(ecosystem_rate) + ": " +
                  Percent(m.raw_value) + " (scores 0 at 50%, 100 at 95%)";
  return m;
}

// T4: months of the last twelve (the window in twelve equal slices) with a joint event.
sdk::Metric Consistency(const Scoring& s, size_t p) {
  const Facts& f = s.facts;
  sdk::Metric m = NewMetric("T4", "T", &f.partners[p]);
  m.normalization = "share";
  if (!f.sources.opportunity_partner && !f.sources.lead && !f.sources.campaign &&
      !f.sources.install && !f.sources.activity) {
    MissingSource(m,
                  "no data: the store has no deal attributions, leads, campaigns, integration "
                  "installs or partner activities to find joint events in");
    return m;
  }
  const auto& events = s.derived.events_of_partner[p];
  const int64_t slice = std::max<int64_t>(1, (f.as_of - f.window_start) / 12);
  std::set<int64_t> months;
  int64_t last = 0;
  int64_t deals = 0, leads = 0, campaigns = 0, installs = 0, activities = 0;
  for (const Derived::Event& e : events) {
    months.insert(std::min<int64_t>(11, (f.as_of - e.at) / slice));
    last = std::max(last, e.at);
    AddEvidence(m, "numerator", e.ref);
    const std::string what = e.what;
    deals += what == "deal";
    leads += what == "lead";
    campaigns += what == "campaign";
    installs += what == "install";
    activities += what == "activity";
  }
  m.n = static_cast<int64_t>(events.size());
  m.numerator = static_cast<double>(months.size());
  m.denominator = 12;
  m.raw_value = m.numerator / 12;
  m.normalized = Share(m.raw_value);
  m.confidence = 1;
  if (events.empty()) {
    m.explanation = Label(f.partners[p]) +
                    " had no joint event (deal, lead, campaign, install "
                    "or activity) " +
                    WindowText(f) + ": active in 0 of 12 months";
    return m;
  }
  std::string parts;
  const auto part = [&](int64_t count, const char* one, const char* many) {
    if (count == 0) return;
    parts += (parts.empty() ? "" : ", ") + Count(count, one, many);
  };
  part(deals, "deal attribution", "deal attributions");
  part(leads, "referred lead", "referred leads");
  part(campaigns, "joint campaign", "joint campaigns");
  part(installs, "integration install", "integration installs");
  part(activities, "logged activity", "logged activities");
  m.explanation = Label(f.partners[p]) + " was active in " + std::to_string(months.size()) +
                  " of the last 12 months (" + parts + ") " + WindowText(f) +
                  "; last joint event " + Date(last);
  return m;
}

}  // namespace

void TrustMetrics(const Scoring& s) {
  const Facts& f = s.facts;
  const Responses all = CountResponses(s, kNone);
  const double ecosystem_rate =
      all.judged.empty() ? 0 : static_cast<double>(all.answered.size()) / all.judged.size();
  std::vector<sdk::Metric> t1, t3, t4;
  for (size_t p = 0; p < f.partners.size(); ++p) {
    t1.push_back(Reciprocity(s, p));
    t3.push_back(Responsiveness(s, p, ecosystem_rate));
    t4.push_back(Consistency(s, p));
  }
  EmitEcosystemMean(s, "T1", "T", "give/get reciprocity", t1);
  sdk::Metric t2 = NewMetric("T2", "T", nullptr);
  MissingSource(t2,
                "no data: the store does not record what data partners share with us and we "
                "with them (partner_data_sharing is not in the store schema yet)");
  Emit(s, t2);
  EmitEcosystemMean(s, "T3", "T", "responsiveness to partner leads", t3);
  EmitEcosystemMean(s, "T4", "T", "relationship consistency", t4);
  for (size_t p = 0; p < f.partners.size(); ++p) {
    Emit(s, std::move(t1[p]));
    sdk::Metric t2p = NewMetric("T2", "T", &f.partners[p]);
    MissingSource(t2p, t2.explanation);
    Emit(s, std::move(t2p));
    Emit(s, std::move(t3[p]));
    Emit(s, std::move(t4[p]));
  }
}

}  // namespace tempo::scorer
