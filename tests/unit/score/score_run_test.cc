// The score stage: choosing the scorer and the weight profile, --as-of, the checks on what a
// plugin emits, and a scorer built for the 1.2 ABI, which must keep loading and running.
#include <filesystem>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "score/score_run.h"
#include "support/score_store.h"
#include "tempo/time.hpp"
#include "unit/scorer/hand_dataset.h"

namespace tempo::testing {
namespace {

using Catch::Matchers::Contains;
using Catch::Matchers::Equals;

constexpr const char* kOldScorer = R"(scorers:
  - name: old
    plugin: old_scorer
)";

TEST_CASE("a scorer built for ABI 1.2 loads, runs and is stored without evidence") {
  ScoreStore store;
  store.Exec(
      "INSERT INTO opportunity (connection, source_id) VALUES ('crm', 'O1'), ('crm', 'O2'),"
      " ('crm', 'O3'), ('other', 'O9');");
  store.Run("crm");
  store.Run("other", "failed");  // its row is not in the snapshot
  const score::ScoreResult r = store.Score(store.Config(kOldScorer));
  CHECK(r.plugin == "old_scorer");
  CHECK(r.model_version == "0.9.0");
  REQUIRE(r.metrics.size() == 2);
  CHECK(r.metrics[0].evidence.empty());
  CHECK(r.metrics[1].partner_key.empty());

  // Its metrics: the count it read from the snapshot (3), and NULL for what 1.2 cannot say.
  const StoredMetric eco = store.Metric(r.run_id, "", "X1");
  CHECK(eco.status == "ok");
  CHECK(eco.n == 3);
  CHECK(*eco.normalized == 40);
  CHECK(eco.normalization.empty());
  CHECK(store.Count("SELECT count(*) FROM score_metric WHERE scope = 'partner' AND "
                    "partner_source_id = 'P1' AND connection IS NULL AND partner_key IS NULL") ==
        1);
  CHECK(store.Count("SELECT count(*) FROM score_evidence") == 0);
  // The host still combines them: only M has a value, so the composite is M and covers its
  // weight (.30 of the default profile): partial.
  const auto total = [&](const std::string& scope) {
    return store.Text(
        "SELECT printf('%.2f %.2f', tempo, coverage) FROM score_total WHERE "
        "scope = '" +
        scope + "'");
  };
  CHECK(total("ecosystem") == "40.00 0.30");
  CHECK(total("partner") == "80.00 0.30");
  CHECK(store.Count("SELECT count(*) FROM score_dimension WHERE value IS NULL") == 8);
}

TEST_CASE("the scorer is the one named, the only one, or the built-in tempo scorer") {
  ScoreStore store;
  config::Config none = store.Config("");
  Result<config::ScorerConfig> builtin = score::ChooseScorer(none, "");
  REQUIRE(builtin.ok());
  CHECK(builtin->plugin == "tempo");
  CHECK(builtin->profile == "default");

  config::Config two =
      store.Config("scorers:\n  - {name: a, plugin: tempo}\n  - {name: b, plugin: old_scorer}\n");
  Result<config::ScorerConfig> ambiguous = score::ChooseScorer(two, "");
  REQUIRE_FALSE(ambiguous.ok());
  CHECK_THAT(ambiguous.status().message(),
             Contains("has 2 scorers (a, b); pick one with --scorer NAME"));
  Result<config::ScorerConfig> b = score::ChooseScorer(two, "b");
  REQUIRE(b.ok());
  CHECK(b->plugin == "old_scorer");
  Result<config::ScorerConfig> missing = score::ChooseScorer(two, "c");
  REQUIRE_FALSE(missing.ok());
  CHECK_THAT(missing.status().message(), Contains("no scorer named 'c'") && Contains("a, b"));
}

TEST_CASE("scoring before any sync says so, and creates no store") {
  TempDir dir;
  dir.Write("tempo.yaml", "store: {path: tempo.db}\n");
  Result<config::Config> config = config::LoadConfig(dir.File("tempo.yaml"));
  REQUIRE(config.ok());
  Result<score::ScoreResult> r =
      score::RunScore(*config, {std::string(TEMPO_PLUGIN_DIR)}, score::ScoreOptions{});
  REQUIRE_FALSE(r.ok());
  CHECK(r.status().code() == StatusCode::kNotFound);
  CHECK_THAT(r.status().message(), Contains("does not exist yet; sync the connections first"));
  CHECK_FALSE(std::filesystem::exists(dir.File("tempo.db")));
}

TEST_CASE("a weight profile of the config, or --profile, weights the composite") {
  ScoreStore store;
  store.Exec(kHandDataset);
  for (const char* c : {"crm", "prm", "xb"}) store.Run(c);
  const std::string scorer = std::string(kHandScorer) +
                             "    profile: money\n"
                             "    profiles:\n"
                             "      money: {trust: 0, embedded: 0, monetizing: 3, product: 0, "
                             "outside_in: 1}\n";
  config::Config config = store.Config(scorer);
  score::ScoreOptions options;
  options.as_of = "2026-06-30";
  const score::ScoreResult money = store.Score(config, options);
  CHECK(money.profile == "money");
  CHECK(money.weights[2] == Approx(0.75));
  CHECK(money.weights[4] == Approx(0.25));
  // Ecosystem M and O as the hand test works them out: M = mean(M1 88.89, M2 42.86);
  // O = mean(O1 98.04, O2 100); the composite .75 M + .25 O.
  const double m = (100 * (4.0 / 9) / 0.5 + 300.0 / 7) / 2;
  const double o = (100 * (4000.0 / 5100) / 0.8 + 100) / 2;
  const store::TotalScore& eco = money.composite.totals[0];
  REQUIRE(eco.tempo);
  CHECK(*eco.tempo == Approx(0.75 * m + 0.25 * o));
  CHECK(*eco.coverage == Approx(1));
  CHECK(
      store.Text("SELECT weights_json FROM score_run WHERE id = " + std::to_string(money.run_id)) ==
      "{\"T\":0,\"E\":0,\"M\":0.75,\"P\":0,\"O\":0.25}");

  // --profile overrides the config's; a built-in one works the same.
  options.profile = "channel";
  const score::ScoreResult channel = store.Score(config, options);
  CHECK(channel.profile == "channel");
  CHECK(channel.weights[2] == Approx(0.35));
  options.profile = "chanel";
  Result<score::ScoreResult> typo = score::RunScore(config, config.plugin_paths, options);
  REQUIRE_FALSE(typo.ok());
  CHECK(typo.status().message() == "unknown weight profile 'chanel'; did you mean 'channel'?");
}

TEST_CASE("an as-of date is its end, a date-time is itself, never in the future") {
  const int64_t now = *sdk::ParseIsoMs("2026-12-07T10:00:00Z");
  CHECK(*score::ParseAsOf("2026-06-30", now) == "2026-06-30T23:59:59.999Z");
  CHECK(*score::ParseAsOf("2026-06-30T12:00:00+02:00", now) == "2026-06-30T10:00:00.000Z");
  CHECK(*score::ParseAsOf("2026-12-07", now) == "2026-12-07T10:00:00.000Z");  // today: now
  Result<std::string> bad = score::ParseAsOf("June 30", now);
  REQUIRE_FALSE(bad.ok());
  CHECK(bad.status().message() ==
        "--as-of 'June 30' is not a date; write YYYY-MM-DD (scores as of the end of that day, "
        "UTC) or an ISO-8601 date-time");
  Result<std::string> future = score::ParseAsOf("2027-01-01", now);
  REQUIRE_FALSE(future.ok());
  CHECK_THAT(future.status().message(), Contains("is in the future"));
}

TEST_CASE("a metric the store would not allow fails the run, naming it") {
  plugin::MetricRow ok;
  ok.scope = "partner";
  ok.partner_id = "P1";
  ok.partner_key = "domain:acme.io";
  ok.dimension = "M";
  ok.metric = "M2";
  ok.status = "ok";
  ok.normalized = 50;
  ok.evidence.push_back({"treated", "opportunity", "crm", "O1"});
  CHECK(score::CheckMetrics({ok}, "tempo").ok());

  const auto fails = [&](plugin::MetricRow m, const std::string& message) {
    Status s = score::CheckMetrics({m}, "tempo");
    CHECK(s.code() == StatusCode::kPlugin);
    CHECK_THAT(s.message(), Equals(message));
  };
  plugin::MetricRow m = ok;
  m.dimension = "X";
  fails(m,
        "scorer 'tempo' emitted metric 'M2' for partner domain:acme.io with dimension 'X'; "
        "allowed: T, E, M, P, O");
  m = ok;
  m.status = "unknown";
  fails(m,
        "scorer 'tempo' emitted metric 'M2' for partner domain:acme.io with status "
        "'unknown'; allowed: ok, insufficient_data, missing_source");
  m = ok;
  m.normalized = 130;
  fails(m,
        "scorer 'tempo' emitted metric 'M2' for partner domain:acme.io with normalized value "
        "130.000000, outside 0 to 100");
  m = ok;
  m.evidence[0].entity = "sync_runs";
  fails(m,
        "scorer 'tempo' emitted metric 'M2' for partner domain:acme.io with evidence in "
        "'sync_runs', which is not a canonical table");
  m = ok;
  m.evidence[0].role = "witness";
  fails(m,
        "scorer 'tempo' emitted metric 'M2' for partner domain:acme.io with evidence role "
        "'witness'; allowed: numerator, denominator, treated, control");
  m = ok;
  m.partner_id.clear();
  fails(m,
        "scorer 'tempo' emitted metric 'M2' for partner domain:acme.io without the "
        "partner's source id");
}

}  // namespace
}  // namespace tempo::testing
