// The TEMPO scorer's metrics on the hand-sized dataset of hand_dataset.h, scored in-process
// through the real plugin (tempo_tempo.so), the real snapshot and the real store. Every
// expected number is worked out by hand in the comments from the facts the dataset lists;
// explanations and evidence are checked as stored.
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "support/score_store.h"
#include "unit/scorer/hand_dataset.h"

namespace tempo::testing {
namespace {

using Catch::Matchers::Contains;
using Strings = std::vector<std::string>;

constexpr const char* kAcme = "domain:acme.io";
constexpr const char* kBeta = "domain:beta.com";
constexpr const char* kGamma = "domain:gamma.net";

// The dataset, scored as of 2026-06-30; returns the run id.
int64_t ScoreHand(ScoreStore& store, const std::string& as_of = "2026-06-30") {
  store.Exec(kHandDataset);
  for (const char* c : {"crm", "prm", "xb"}) store.Run(c);
  store.Run("broken", "failed");
  score::ScoreOptions options;
  options.as_of = as_of;
  return store.Score(store.Config(kHandScorer), options).run_id;
}

void CheckNumbers(const StoredMetric& m, double numerator, double denominator, double raw,
                  double normalized, int64_t n, double confidence) {
  CHECK(m.status == "ok");
  REQUIRE(m.numerator);
  REQUIRE(m.denominator);
  REQUIRE(m.raw_value);
  REQUIRE(m.normalized);
  REQUIRE(m.confidence);
  CHECK(*m.numerator == Approx(numerator));
  CHECK(*m.denominator == Approx(denominator));
  CHECK(*m.raw_value == Approx(raw));
  CHECK(*m.normalized == Approx(normalized));
  CHECK(m.n == n);
  CHECK(*m.confidence == Approx(confidence));
}

void CheckNotScored(const StoredMetric& m, const std::string& status) {
  CHECK(m.status == status);
  CHECK_FALSE(m.normalized);  // never 0: no number at all
  CHECK_FALSE(m.raw_value);
}

TEST_CASE(
    "partners are resolved across connections, and a failed connection and a partner "
    "that did not exist yet are left out") {
  ScoreStore store;
  const int64_t run = ScoreHand(store);
  // Acme (prm P1 with its domain, crm PA by name), Beta, Gamma: three partners, each with one
  // composite. Delta's connection failed; Future Co starts after the as-of date.
  CHECK(store.Count("SELECT count(*) FROM score_total WHERE scope = 'partner' AND run_id = " +
                    std::to_string(run)) == 3);
  CHECK(store.Text("SELECT group_concat(partner_key, ' ') FROM (SELECT partner_key FROM "
                   "score_total WHERE scope = 'partner' ORDER BY partner_key)") ==
        "domain:acme.io domain:beta.com domain:gamma.net");
  // The CRM's row stands for Acme (connection crm sorts before prm).
  const StoredMetric t4 = store.Metric(run, kAcme, "T4");
  CHECK(t4.connection == "crm");
  CHECK(t4.partner_source_id == "PA");
  CHECK(store.Text("SELECT excluded_json FROM score_run") ==
        "[{\"connection\":\"broken\",\"last_run_id\":4,\"last_status\":\"failed\",\"reason\":"
        "\"its latest sync run 4 is failed; sync it successfully (tempo sync broken) and score "
        "again\"}]");
  CHECK_THAT(store.Text("SELECT watermarks_json FROM score_run"),
             Contains("\"crm\":{\"sync_run_id\":1,") && Contains("\"prm\":{\"sync_run_id\":2,") &&
                 Contains("\"xb\":{\"sync_run_id\":3,"));
  CHECK(store.Text("SELECT as_of || ' ' || window_start || ' ' || model_version || ' ' || "
                   "scorer || ' ' || profile FROM score_run") ==
        "2026-06-30T23:59:59.999Z 2025-06-30T23:59:59.999Z 1.1.0 tempo default");
  // The plugin's parameters as rendered (defaults filled in) are in the run.
  CHECK_THAT(store.Text("SELECT params_json FROM score_run"),
             Contains("\"min_deals\":2") && Contains("\"adoption_days\":90"));
}

TEST_CASE("T: reciprocity, responsiveness and consistency, by hand") {
  ScoreStore store;
  const int64_t run = ScoreHand(store);

  // T1 Acme: we gave 1 intro (AC-1); received 4: intro AC-2, leads L1 and L2, O1 it sourced.
  // min/max = 1/4; n = 5, confidence 5 / (5 + 2).
  const StoredMetric acme = store.Metric(run, kAcme, "T1");
  CheckNumbers(acme, 1, 4, 0.25, 25, 5, 5.0 / 7);
  CHECK(acme.explanation ==
        "we gave ACME Cloud 1 intro and received 4 (2 leads, 1 sourced deal, 1 intro) in the 365 "
        "days to 2026-06-30: reciprocity 25% (1/4)");
  CHECK(store.Evidence(run, kAcme, "T1", "numerator") == Strings{"partner_activity prm/AC-1"});
  CHECK(store.Evidence(run, kAcme, "T1", "denominator") == Strings{"lead crm/L1", "lead crm/L2",
                                                                   "opportunity_partner crm/OP1",
                                                                   "partner_activity prm/AC-2"});
  // Beta: gave 0, received 2 (L9, L10): 0/2.
  CheckNumbers(store.Metric(run, kBeta, "T1"), 0, 2, 0, 0, 2, 2.0 / 4);
  // Gamma: nothing; below the 2 events needed.
  const StoredMetric gamma = store.Metric(run, kGamma, "T1");
  CheckNotScored(gamma, "insufficient_data");
  CHECK_THAT(gamma.explanation, Contains("insufficient data:") && Contains("2 intros and referrals "
                                                                           "needed"));
  // Ecosystem: the mean over the active partners (Acme, Beta): (25 + 0) / 2.
  CheckNumbers(store.Metric(run, "", "T1"), 25, 2, (0.25 + 0) / 2, 12.5, 2, (5.0 / 7 + 0.5) / 2);

  // T2 has no source in the store.
  CheckNotScored(store.Metric(run, "", "T2"), "missing_source");
  CheckNotScored(store.Metric(run, kAcme, "T2"), "missing_source");

  // T3: leads answered within 2 business days. Acme: L1 yes, L2 no (Fri -> due Tue, answered
  // Wed): 1/2. Beta: 2/2. Ecosystem rate 3/4. Shrunk with 2: Acme (1 + 2 * .75) / (2 + 2) =
  // .625, lin(.5, .95) = 100 * .125 / .45; Beta (2 + 1.5) / 4 = .875 -> 100 * .375 / .45.
  const StoredMetric t3 = store.Metric(run, kAcme, "T3");
  CheckNumbers(t3, 1, 2, 0.625, 100 * 0.125 / 0.45, 2, 0.5);
  CHECK(t3.explanation ==
        "answered 1 of 2 leads ACME Cloud referred within 2 business days in the 365 days to "
        "2026-06-30 (50%); shrunk toward the ecosystem's 75%: 62% (scores 0 at 50%, 100 at 95%)");
  CHECK(store.Evidence(run, kAcme, "T3", "numerator") == Strings{"lead crm/L1"});
  CHECK(store.Evidence(run, kAcme, "T3", "denominator") == Strings{"lead crm/L1", "lead crm/L2"});
  CheckNumbers(store.Metric(run, kBeta, "T3"), 2, 2, 0.875, 100 * 0.375 / 0.45, 2, 0.5);
  CHECK(*store.Metric(run, "", "T3").normalized ==
        Approx((100 * 0.125 / 0.45 + 100 * 0.375 / 0.45) / 2));

  // T4: months (twelfths of the window, counted back from the as-of instant) with a joint
  // event. Acme: O1 created 2025-08-01 (334 days back: slice 10), O2 2025-09-01 (303: 9), N1
  // 2025-10-15 (259: 8), AC-1 and AC-2 in February (141 and 131 days: 4), L1 and L2 in early
  // March (121 and 117: 3) -> 5 of 12, 7 events. Beta: O2 (slice 9), C1 2026-04-15 (77: 2),
  // L9, L10 and AC-3 in early May (58, 58, 57: 1) -> 3 of 12. Gamma: none -> 0, a real zero.
  const StoredMetric t4 = store.Metric(run, kAcme, "T4");
  CheckNumbers(t4, 5, 12, 5.0 / 12, 500.0 / 12, 7, 1);
  CHECK(t4.explanation ==
        "ACME Cloud was active in 5 of the last 12 months (2 deal attributions, 2 referred "
        "leads, 1 integration install, 2 logged activities) in the 365 days to 2026-06-30; last "
        "joint event 2026-03-06");
  CheckNumbers(store.Metric(run, kBeta, "T4"), 3, 12, 0.25, 25, 5, 1);
  const StoredMetric dormant = store.Metric(run, kGamma, "T4");
  CheckNumbers(dormant, 0, 12, 0, 0, 0, 1);
  CHECK(dormant.explanation ==
        "Gamma had no joint event (deal, lead, campaign, install or activity) in the 365 days "
        "to 2026-06-30: active in 0 of 12 months");
  CHECK(store.Evidence(run, kBeta, "T4", "numerator") ==
        Strings{"campaign prm/C1", "lead prm/L10", "lead prm/L9", "opportunity_partner crm/OP2",
                "partner_activity prm/AC-3"});
}

TEST_CASE("E: motions, EQLs, attach and co-retain, by hand") {
  ScoreStore store;
  const int64_t run = ScoreHand(store);

  // E1 Acme: co-build (I1 installed on one.com in the window), co-market (leads L1, L2),
  // co-sell (O1, O2), co-retain (its one joint customer one.com runs I1): 4 of 4. Beta: co-market
  // (C1, L9, L10) and co-sell (O2): 2 of 4. Gamma: 0 of 4 (every motion could be judged).
  const StoredMetric e1 = store.Metric(run, kAcme, "E1");
  CheckNumbers(e1, 4, 4, 1, 100, 6, 1);
  CHECK(e1.explanation ==
        "ACME Cloud in the 365 days to 2026-06-30: co-build yes (1 integration, 1 new install), "
        "co-market yes (0 campaigns, 2 referred leads), co-sell yes (2 deals), co-retain yes (0 "
        "renewals or expansions, 1 of 1 joint customer run its integration): 4 of 4 motions");
  CHECK(store.Evidence(run, kAcme, "E1", "numerator") ==
        Strings{"integration prm/I1", "integration_install prm/N1", "lead crm/L1", "lead crm/L2",
                "opportunity crm/O1", "opportunity crm/O2"});
  CheckNumbers(store.Metric(run, kBeta, "E1"), 2, 4, 0.5, 50, 4, 1);
  CheckNumbers(store.Metric(run, kGamma, "E1"), 0, 4, 0, 0, 0, 1);
  CHECK(*store.Metric(run, "", "E1").normalized == Approx((100 + 50) / 2.0));

  // E2. All 10 leads are in the window; converted L1, L3, L5: r0 = .3. Ecosystem EQLs L1, L2,
  // L3, L4, L9, L10 (2 converted); control L5, L6, L8 (1; L6's deal O7 did not exist yet).
  // Shrunk: (2 + .6) / (6 + 2) = .325 vs (1 + .6) / (3 + 2) = .32; lift .325 / .32 - 1 = .015625;
  // lin(0, 2). Confidence min(6, 3) / (3 + 2), halved: L3 and L4 count through overlap data.
  const StoredMetric e2 = store.Metric(run, "", "E2");
  CheckNumbers(e2, 0.325, 0.32, 0.015625, 100 * 0.015625 / 2, 6, 0.6 * 0.5);
  CHECK(e2.explanation ==
        "EQLs (leads partners referred or from partners' customers) converted 2/6, other "
        "qualified leads 1/3 in the 365 days to 2026-06-30; shrunk 32% vs 32%: lift +2% vs par "
        "+100%");
  CHECK(store.Evidence(run, "", "E2", "control") ==
        Strings{"lead crm/L5", "lead crm/L6", "lead crm/L8"});
  // Acme: EQLs L1, L2 (referred), L3 (three.com is its customer): 2/3 -> (2 + .6) / 5 = .52;
  // .52 / .32 - 1 = .625.
  CheckNumbers(store.Metric(run, kAcme, "E2"), 0.52, 0.32, 0.625, 100 * 0.625 / 2, 3, 0.3);
  CHECK(store.Evidence(run, kAcme, "E2", "treated") ==
        Strings{"lead crm/L1", "lead crm/L2", "lead crm/L3"});
  // Beta: L4, L9, L10, none converted: (0 + .6) / 5 = .12; lift -.625 scores 0.
  CheckNumbers(store.Metric(run, kBeta, "E2"), 0.12, 0.32, -0.625, 0, 3, 0.3);
  CheckNotScored(store.Metric(run, kGamma, "E2"), "insufficient_data");

  // E3 ecosystem: closed in the window O1, O2, O3, O4, O6, O9, O10, O11; attached O1, O2, O6
  // (O6 to a partner without a row: it counts here): 3/8, lin(0, .9); confidence 8 / 10.
  const StoredMetric e3 = store.Metric(run, "", "E3");
  CheckNumbers(e3, 3, 8, 0.375, 100 * 0.375 / 0.9, 8, 0.8);
  CHECK(e3.explanation ==
        "3 of 8 closed deals in the 365 days to 2026-06-30 had a partner attached (38%; 90% "
        "scores 100)");
  // Acme: closed deals on its customers one.com (O1, O6) and three.com (O3); attached to O1:
  // 1/3 shrunk toward .375: (1 + .75) / (3 + 2) = .35. Confidence 3/5, halved (overlap).
  CheckNumbers(store.Metric(run, kAcme, "E3"), 1, 3, 0.35, 100 * 0.35 / 0.9, 3, 0.3);
  CHECK(store.Evidence(run, kAcme, "E3", "denominator") ==
        Strings{"opportunity crm/O1", "opportunity crm/O3", "opportunity crm/O6", "overlap xb/X1",
                "overlap xb/X2"});
  CHECK(store.Evidence(run, kAcme, "E3", "numerator") == Strings{"opportunity crm/O1"});
  // Beta: one such deal (O9): below 2.
  CheckNotScored(store.Metric(run, kBeta, "E3"), "insufficient_data");

  // E4: renewals and expansions closed in the window: O4, O6. O6 has a partner attached, and
  // Acme's integration ran on one.com when it closed (N1): ecosystem 1/2, Acme 1/2, lin(0, .5).
  CheckNumbers(store.Metric(run, "", "E4"), 1, 2, 0.5, 100, 2, 0.5);
  CheckNumbers(store.Metric(run, kAcme, "E4"), 1, 2, 0.5, 100, 2, 0.5);
  CHECK(store.Evidence(run, kAcme, "E4", "numerator") ==
        Strings{"integration_install prm/N1", "opportunity crm/O6"});
  CheckNumbers(store.Metric(run, kBeta, "E4"), 0, 2, 0, 0, 2, 0.5);
}

TEST_CASE("M: revenue share, win-rate, deal-size and velocity lifts, by hand") {
  ScoreStore store;
  const int64_t run = ScoreHand(store);

  // M1 ecosystem: won with a USD amount O1 $1,000, O2 $3,000, O4 $5,000 ($9,000; O9 has no USD
  // amount). Attached: O1 (sourced) and O2 (influenced): $4,000 / $9,000; lin(0, .5).
  const StoredMetric m1 = store.Metric(run, "", "M1");
  CheckNumbers(m1, 4000, 9000, 4.0 / 9, 100 * (4.0 / 9) / 0.5, 3, 3.0 / 5);
  CHECK(m1.explanation ==
        "$4,000 of $9,000 won in the 365 days to 2026-06-30 had a partner attached ($1,000 "
        "sourced, $3,000 influenced; 2 of 3 deals); 1 won deal without a USD amount left out: "
        "44% (50% scores 100)");
  // Acme: O1 all its own, O2 split with Beta: fractional 1,000 + 1,500 = 2,500 (full 4,000).
  // Beta: 1,500. Gamma: 0. Percentiles among the three: Acme 100, Beta 50, Gamma 0 (none).
  const StoredMetric acme = store.Metric(run, kAcme, "M1");
  CheckNumbers(acme, 2500, 9000, 2500.0 / 9000, 100, 2, 3.0 / 5);
  CHECK(acme.explanation ==
        "ACME Cloud was attached to 2 of 3 won deals in the 365 days to 2026-06-30: $4,000 of "
        "$9,000 (44.4%) with full credit, $2,500 (27.8%) with each deal's credit split among "
        "its partners; percentile 100 among 3 partners");
  CHECK(store.Evidence(run, kAcme, "M1", "numerator") ==
        Strings{"opportunity crm/O1", "opportunity crm/O2", "opportunity_partner crm/OP1",
                "opportunity_partner crm/OP3"});
  // The won deals every partner's share divides by are listed once, on the ecosystem row.
  CHECK(store.Evidence(run, kAcme, "M1", "denominator").empty());
  CHECK(store.Evidence(run, "", "M1", "denominator") ==
        Strings{"opportunity crm/O1", "opportunity crm/O2", "opportunity crm/O4"});
  CheckNumbers(store.Metric(run, kBeta, "M1"), 1500, 9000, 1500.0 / 9000, 50, 1, 3.0 / 5);
  CheckNumbers(store.Metric(run, kGamma, "M1"), 0, 9000, 0, 0, 0, 3.0 / 5);

  // M2 ecosystem: with a partner O1 W, O2 W, O3 L (three.com), O6 L, O9 W (five.com): 3/5;
  // without O4 W, O10 L, O11 L: 1/3. Ecosystem win rate 4/8. Shrunk with 2: (3 + 1) / 7 = 4/7
  // vs (1 + 1) / 5 = 2/5; lift (4/7) / (2/5) - 1 = 3/7; par 50% -> lin(0, 1). Confidence
  // min(5, 3) / (3 + 2), halved (O3, O9 count through overlap data).
  const StoredMetric m2 = store.Metric(run, "", "M2");
  CheckNumbers(m2, 4.0 / 7, 0.4, 3.0 / 7, 300.0 / 7, 8, 0.3);
  CHECK(m2.explanation ==
        "win rate 60% (3/5) on deals with a partner (attached, or the account is a partner's "
        "customer) vs 33% (1/3) without, closed in the 365 days to 2026-06-30; shrunk toward the "
        "ecosystem's 50%: 57% vs 40%, lift +43% vs par 50.0%");
  CHECK(store.Evidence(run, "", "M2", "control") ==
        Strings{"opportunity crm/O10", "opportunity crm/O11", "opportunity crm/O4"});
  // Beta: O2 W, O9 W (2/2) vs 2/6: (2 + 1) / 4 = .75 vs (2 + 1) / 8 = .375: lift 1 -> 100.
  CheckNumbers(store.Metric(run, kBeta, "M2"), 0.75, 0.375, 1, 100, 8, 0.25);
  CHECK(store.Evidence(run, kBeta, "M2", "treated") ==
        Strings{"opportunity crm/O2", "opportunity crm/O9", "opportunity_partner crm/OP2",
                "overlap xb/X3"});
  // Its control group is not listed per partner: the ecosystem row's deals less Beta's.
  CHECK(store.Evidence(run, kBeta, "M2", "control").empty());
  // Acme: O1 W, O2 W, O3 L, O6 L (2/4) vs O4 W, O9 W, O10 L, O11 L (2/4): no lift.
  CheckNumbers(store.Metric(run, kAcme, "M2"), 0.5, 0.5, 0, 0, 8, 4.0 / 6 * 0.5);
  // Gamma: no deal with it: insufficient, not 0.
  CheckNotScored(store.Metric(run, kGamma, "M2"), "insufficient_data");

  // M3: one won deal without a partner (O4) is below 2 per side.
  const StoredMetric m3 = store.Metric(run, "", "M3");
  CheckNotScored(m3, "insufficient_data");
  CHECK(m3.explanation ==
        "insufficient data: median won deal $2,000 (2) with vs $5,000 (1) without: deals with a "
        "partner (attached, or the account is a partner's customer), won in the 365 days to "
        "2026-06-30; 2 won deals per side needed");

  // M4 Acme: days to close with O1 60, O2 30 (median 45) vs O4 60, O9 40 (50): 50 / 45 - 1;
  // par 10% -> lin(0, .2). Both its deals are attached, so no overlap halving: 2 / (2 + 2).
  const StoredMetric m4 = store.Metric(run, kAcme, "M4");
  CheckNumbers(m4, 50, 45, 50.0 / 45 - 1, 100 * (50.0 / 45 - 1) / 0.2, 4, 0.5);
  CHECK(m4.explanation ==
        "median 45 days to close (2 won) with vs 50 (2) without: deals with ACME Cloud "
        "(attached, or the account is its customer), won in the 365 days to 2026-06-30: faster "
        "by +11% vs par +10%");
  // Beta: O2 30, O9 40 (35) vs O1 60, O4 60 (60): 60 / 35 - 1 = .71 -> 100.
  CheckNumbers(store.Metric(run, kBeta, "M4"), 60, 35, 60.0 / 35 - 1, 100, 4, 0.25);
}

TEST_CASE("P: integration penetration, retention and early adoption, by hand") {
  ScoreStore store;
  const int64_t run = ScoreHand(store);

  // P1: customers on 2026-06-30 one.com and two.com; one.com runs Acme's I1 (N1), two.com's
  // install ended 2026-02-01: 1/2. Per partner a percentile: Acme 100, Beta and Gamma 0.
  const StoredMetric p1 = store.Metric(run, "", "P1");
  CheckNumbers(p1, 1, 2, 0.5, 50, 2, 0.5);
  CHECK(p1.explanation == "1 of 2 active customers run a partner integration on 2026-06-30 (50%)");
  CHECK(store.Evidence(run, "", "P1", "numerator") == Strings{"integration_install prm/N1"});
  CHECK(store.Evidence(run, "", "P1", "denominator") ==
        Strings{"account crm/A1", "account crm/A2", "account prm/AC1", "account prm/AC2"});
  CheckNumbers(store.Metric(run, kAcme, "P1"), 1, 2, 0.5, 100, 2, 0.5);
  CheckNumbers(store.Metric(run, kBeta, "P1"), 0, 2, 0, 0, 2, 0.5);

  // P2: customers on 2025-06-30: one, two (integrated: N2), four. In ARR thirds (cuts 100 and
  // 200) each third has one customer, so no third has both groups: insufficient.
  const StoredMetric p2 = store.Metric(run, "", "P2");
  CheckNotScored(p2, "insufficient_data");
  CHECK(p2.explanation ==
        "insufficient data: 1 customer ran a partner integration on 2025-06-30 and 2 did not; "
        "at least 1 customer per group in one ARR third needed");

  // P3: new-business wins closed 2025-07-01 to 2026-04-01: O1, O2, O9. one.com installed I1
  // within 90 days of O1; two.com ran it when O2 closed; five.com never: 2/3.
  const StoredMetric p3 = store.Metric(run, kAcme, "P3");
  CheckNumbers(p3, 2, 3, 2.0 / 3, 200.0 / 3, 3, 3.0 / 5);
  CHECK(store.Evidence(run, kAcme, "P3", "numerator") ==
        Strings{"integration_install prm/N1", "integration_install prm/N2", "opportunity crm/O1",
                "opportunity crm/O2"});
  CheckNumbers(store.Metric(run, kBeta, "P3"), 0, 3, 0, 0, 3, 3.0 / 5);

  CheckNotScored(store.Metric(run, "", "P4"), "missing_source");
}

TEST_CASE("O: pipeline coverage and overlap activation, by hand") {
  ScoreStore store;
  const int64_t run = ScoreHand(store);

  // O1: open on 2026-06-30 O5 $4,000 (five.com, Beta's customer) and O8 $1,100 (closed only in
  // August): 4,000 / 5,100, lin(0, .8). Confidence 2 / (2 + 2), halved.
  const StoredMetric o1 = store.Metric(run, "", "O1");
  CheckNumbers(o1, 4000, 5100, 4000.0 / 5100, 100 * (4000.0 / 5100) / 0.8, 2, 0.25);
  CHECK(o1.explanation ==
        "$4,000 of $5,100 open pipeline (1 of 2 open deals) on 2026-06-30 is on accounts that "
        "are at least one partner's customers (78%; 80% scores 100)");
  CHECK(store.Evidence(run, "", "O1", "numerator") ==
        Strings{"opportunity crm/O5", "overlap xb/X3"});
  CheckNumbers(store.Metric(run, kBeta, "O1"), 4000, 5100, 4000.0 / 5100, 100, 2, 0.25);
  CheckNumbers(store.Metric(run, kAcme, "O1"), 0, 5100, 0, 0, 2, 0.25);

  // O2: our prospects that are a partner's customer: three.com (Acme; its intro AC-1 there in
  // February) and five.com (Beta; nothing there): 1/2 -> lin(0, .3) caps at 100.
  const StoredMetric o2 = store.Metric(run, "", "O2");
  CheckNumbers(o2, 1, 2, 0.5, 100, 2, 0.25);
  CHECK(store.Evidence(run, "", "O2", "numerator") ==
        Strings{"overlap xb/X1", "partner_activity prm/AC-1"});
  // One such account per partner is below 2.
  CheckNotScored(store.Metric(run, kAcme, "O2"), "insufficient_data");

  // O3: one covered open deal is below 2.
  CheckNotScored(store.Metric(run, "", "O3"), "insufficient_data");
}

TEST_CASE("dimensions and the composite combine the metrics with the profile's weights") {
  ScoreStore store;
  const int64_t run = ScoreHand(store);
  const auto dimension = [&](const std::string& key, const char* d) {
    return store.Count(
               "SELECT CAST(round(value * 1000) AS INTEGER) FROM score_dimension WHERE "
               "run_id = " +
               std::to_string(run) + " AND COALESCE(partner_key, '') = '" + key +
               "' AND dimension = '" + d + "'") /
           1000.0;
  };
  // Acme's M: M1 100, M2 0, M4 55.556 ok; M3 insufficient: (100 + 0 + 55.556) / 3; coverage 3/4.
  const double m = (100 + 0 + 100 * (50.0 / 45 - 1) / 0.2) / 3;
  CHECK(dimension(kAcme, "M") == Approx(m).margin(0.001));
  CHECK(store.Count("SELECT CAST(round(coverage * 100) AS INTEGER) FROM score_dimension WHERE "
                    "partner_key = 'domain:acme.io' AND dimension = 'M'") == 75);
  // Acme's T: T1 25, T3 27.78, T4 41.67 (T2 missing).
  const double t = (25 + 100 * 0.125 / 0.45 + 500.0 / 12) / 3;
  CHECK(dimension(kAcme, "T") == Approx(t).margin(0.001));
  // E: E1 100, E2 31.25, E3 38.89, E4 100. P: P1 100, P3 66.67. O: O1 0.
  const double e = (100 + 31.25 + 100 * 0.35 / 0.9 + 100) / 4;
  const double p = (100 + 200.0 / 3) / 2;
  const double o = 0;
  // The default profile: T .15, E .20, M .30, P .15, O .20; every dimension has a value.
  const double tempo = 0.15 * t + 0.20 * e + 0.30 * m + 0.15 * p + 0.20 * o;
  CHECK(store.Count("SELECT CAST(round(tempo * 1000) AS INTEGER) FROM score_total WHERE "
                    "partner_key = 'domain:acme.io'") /
            1000.0 ==
        Approx(tempo).margin(0.001));
  CHECK(store.Count("SELECT CAST(round(coverage * 100) AS INTEGER) FROM score_total WHERE "
                    "partner_key = 'domain:acme.io'") == 100);
}

TEST_CASE("an amount in no known currency is never summed as dollars") {
  ScoreStore store;
  store.Exec(kHandDataset);
  // A big won deal whose currency nobody recorded, and one in francs: no amount_usd either.
  store.Exec(
      "INSERT INTO opportunity (connection, source_id, account_source_id, opp_type, amount, "
      "currency, amount_usd, is_closed, is_won, created_at, closed_at) VALUES "
      "('crm', 'O12', 'A1', 'new', 50000, NULL, NULL, 1, 1, '2026-01-01', '2026-02-01'),"
      "('crm', 'O13', 'A2', 'new', 70000, 'CHF', NULL, 1, 1, '2026-01-01', '2026-02-01')");
  for (const char* c : {"crm", "prm", "xb"}) store.Run(c);
  score::ScoreOptions options;
  options.as_of = "2026-06-30";
  const int64_t run = store.Score(store.Config(kHandScorer), options).run_id;
  // M1 as before: $4,000 of $9,000; O9, O12 and O13 are left out.
  const StoredMetric m1 = store.Metric(run, "", "M1");
  REQUIRE(m1.denominator);
  CHECK(*m1.denominator == Approx(9000));
  CHECK_THAT(m1.explanation, Contains("3 won deals without a USD amount left out"));
}

TEST_CASE("as of an earlier date, only what was known then counts") {
  ScoreStore store;
  const int64_t run = ScoreHand(store, "2025-12-31");
  // Window 2025-01-01 to 2025-12-31. Deals then: O1, O2, O3, O4 closed (O4 on 2025-12-31),
  // O9 open; O6, O10, O11 not created yet. Attached O1, O2: E3 = 2/4, lin(0, .9).
  const StoredMetric e3 = store.Metric(run, "", "E3");
  CheckNumbers(e3, 2, 4, 0.5, 100 * 0.5 / 0.9, 4, 4.0 / 6);
  CHECK(e3.explanation ==
        "2 of 4 closed deals in the 365 days to 2025-12-31 had a partner attached (50%; 90% "
        "scores 100)");
  // M1: the same three won deals, and O9 was not won yet, so nothing is left out.
  CHECK_THAT(store.Metric(run, "", "M1").explanation,
             !Contains("without a USD amount") && Contains("$4,000 of $9,000"));
  // No lead existed yet: responsiveness cannot be judged.
  CheckNotScored(store.Metric(run, kAcme, "T3"), "insufficient_data");
  CHECK(store.Text("SELECT as_of || ' ' || window_start FROM score_run") ==
        "2025-12-31T23:59:59.999Z 2024-12-31T23:59:59.999Z");
}

// Thirty closed deals on thirty companies; Acme has the first `customers` companies as
// customers (overlap) and is attached to the deals on the first ten.
int64_t ScoreAttach(ScoreStore& store, int customers) {
  std::string sql;
  for (int i = 1; i <= 30; ++i) {
    const std::string id = std::to_string(i);
    sql += "INSERT INTO account (connection, source_id, domain) VALUES ('crm', 'A" + id + "', 'c" +
           id + ".com');";
    sql +=
        "INSERT INTO opportunity (connection, source_id, account_source_id, is_closed, "
        "is_won, created_at, closed_at) VALUES ('crm', 'O" +
        id + "', 'A" + id + "', 1, 0, '2026-01-01', '2026-02-01');";
    if (i <= customers) {
      sql +=
          "INSERT INTO overlap (connection, source_id, partner_domain, account_domain, "
          "partner_population) VALUES ('xb', 'X" +
          id + "', 'acme.io', 'c" + id + ".com', 'customer');";
    }
    if (i <= 10) {
      sql +=
          "INSERT INTO opportunity_partner (connection, source_id, opportunity_source_id, "
          "partner_source_id, role) VALUES ('crm', 'OP" +
          id + "', 'O" + id + "', 'P1', 'co_sell');";
    }
  }
  sql +=
      "INSERT INTO partner (connection, source_id, name, domain) VALUES "
      "('crm', 'P1', 'Acme', 'acme.io');";
  store.Exec(sql);
  store.Run("crm");
  store.Run("xb");
  score::ScoreOptions options;
  options.as_of = "2026-06-30";
  return store.Score(store.Config(""), options).run_id;
}

TEST_CASE(
    "with the model's defaults a partner's rate is shrunk toward the ecosystem's, and "
    "below 10 deals it is insufficient data") {
  {
    ScoreStore store;
    const int64_t run = ScoreAttach(store, 10);
    // Ecosystem attach 10/30. Acme: 10 of its 10 customers' deals (the minimum, 10): shrunk
    // with the strength of 10 deals, (10 + 10 * 1/3) / (10 + 10) = 2/3, lin(0, .9);
    // confidence 10 / 20, halved (overlap).
    const StoredMetric e3 = store.Metric(run, "domain:acme.io", "E3");
    CheckNumbers(e3, 10, 10, 2.0 / 3, 100 * (2.0 / 3) / 0.9, 10, 0.25);
    CHECK_THAT(e3.explanation, Contains("(100%); shrunk toward the ecosystem's 33%: 67%"));
  }
  {
    ScoreStore store;
    const int64_t run = ScoreAttach(store, 9);
    const StoredMetric e3 = store.Metric(run, "domain:acme.io", "E3");
    CheckNotScored(e3, "insufficient_data");
    CHECK(e3.explanation ==
          "insufficient data: Acme was attached to 9 of 9 closed deals on accounts that are its "
          "customers in the 365 days to 2026-06-30; 10 needed");
    // An insufficient metric weighs nothing: E's value rests on E1 alone (E2 and E4 have no
    // source or data here), and its coverage says so.
    CHECK(store.Text("SELECT printf('%.2f', coverage) FROM score_dimension WHERE partner_key = "
                     "'domain:acme.io' AND dimension = 'E'") == "0.25");
  }
}

TEST_CASE(
    "a partner younger than min_partner_days is insufficient data on every metric, ranked "
    "and averaged with no one") {
  // Newbie became a partner on 2026-05-15, 46 days before the as-of date; it influenced the
  // won renewal O4 and referred a lead.
  const std::string newbie =
      "INSERT INTO partner (connection, source_id, name, domain, partnered_at) VALUES "
      "('prm', 'P5', 'Newbie', 'newbie.io', '2026-05-15');"
      "INSERT INTO opportunity_partner (connection, source_id, opportunity_source_id, "
      "partner_name, role, is_primary) VALUES ('crm', 'OP5', 'O4', 'Newbie', 'influenced', 1);"
      "INSERT INTO lead (connection, source_id, partner_source_id, created_at) VALUES "
      "('prm', 'L11', 'P5', '2026-06-01');";
  score::ScoreOptions options;
  options.as_of = "2026-06-30";
  {
    ScoreStore store;
    store.Exec(kHandDataset);
    store.Exec(newbie);
    for (const char* c : {"crm", "prm", "xb"}) store.Run(c);
    const int64_t run = store.Score(store.Config(kHandScorer), options).run_id;
    for (const char* metric : {"T1", "T3", "T4", "E1", "E2", "E3", "E4", "M1", "M2", "M3", "M4",
                               "P1", "P2", "P3", "O1", "O2"}) {
      INFO(metric);
      const StoredMetric m = store.Metric(run, "domain:newbie.io", metric);
      CheckNotScored(m, "insufficient_data");
      CHECK_THAT(m.explanation,
                 Contains("insufficient data: Newbie became a partner on 2026-05-15, 46 days "
                          "before 2026-06-30; a partner is scored once its partnership is 90 "
                          "days old"));
    }
    CHECK_THAT(store.Metric(run, "domain:newbie.io", "E1").explanation,
               Contains("(so far: Newbie in the 365 days to 2026-06-30: co-build no, co-market "
                        "yes (0 campaigns, 1 referred lead), co-sell yes (1 deal)"));
    CheckNotScored(store.Metric(run, "domain:newbie.io", "T2"), "missing_source");
    CHECK(store.Count("SELECT count(*) FROM score_evidence WHERE partner_key = "
                      "'domain:newbie.io'") == 0);
    CHECK(store.Count("SELECT count(*) FROM score_total WHERE partner_key = 'domain:newbie.io' "
                      "AND tempo IS NULL") == 1);
    // Not among the partners ranked: Acme is still the first of three.
    CHECK_THAT(store.Metric(run, kAcme, "M1").explanation,
               Contains("; percentile 100 among 3 partners"));
  }
  {
    ScoreStore store;
    store.Exec(kHandDataset);
    store.Exec(newbie);
    for (const char* c : {"crm", "prm", "xb"}) store.Run(c);
    const int64_t run =
        store.Score(store.Config(std::string(kHandScorer) + "      min_partner_days: 0\n"), options)
            .run_id;
    // With the rule off, Newbie is scored, and its $5,000 of O4 ranks above Acme's $2,500.
    CHECK(store.Metric(run, "domain:newbie.io", "E1").status == "ok");
    CHECK_THAT(store.Metric(run, kAcme, "M1").explanation,
               Contains("; percentile 67 among 4 partners"));
  }
}

TEST_CASE("every evidence record of a run is a row of the store") {
  ScoreStore store;
  const int64_t run = ScoreHand(store);
  const std::string tables[] = {"partner",     "account",
                                "opportunity", "opportunity_partner",
                                "campaign",    "lead",
                                "integration", "integration_install",
                                "overlap",     "partner_activity"};
  int64_t resolved = 0;
  for (const std::string& t : tables) {
    resolved += store.Count(
        "SELECT count(*) FROM score_evidence e JOIN " + t +
        " r ON r.connection = e.entity_connection AND r.source_id = e.entity_source_id WHERE "
        "e.entity_type = '" +
        t + "' AND e.run_id = " + std::to_string(run));
  }
  const int64_t all =
      store.Count("SELECT count(*) FROM score_evidence WHERE run_id = " + std::to_string(run));
  CHECK(all > 100);
  CHECK(resolved == all);
}

}  // namespace
}  // namespace tempo::testing
