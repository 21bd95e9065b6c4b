// Combine(): dimensions as weighted means of their ok metrics, coverage and confidence, and the
// composite over the dimensions that have a value, by hand.
#include <catch2/catch.hpp>

#include "score/composite.h"

namespace tempo::score {
namespace {

plugin::MetricRow Row(const char* dimension, const char* status, std::optional<double> normalized,
                      std::optional<double> confidence = 1.0, double weight = 0,
                      const char* partner = nullptr) {
  plugin::MetricRow m;
  m.scope = partner ? "partner" : "ecosystem";
  if (partner) {
    m.partner_connection = "crm";
    m.partner_id = partner;
    m.partner_key = std::string("domain:") + partner;
  }
  m.dimension = dimension;
  m.metric = "X";
  m.status = status;
  m.normalized = normalized;
  m.confidence = confidence;
  m.weight = weight;
  return m;
}

TEST_CASE(
    "a dimension is the weighted mean of its ok metrics, the composite covers what has data") {
  const std::vector<plugin::MetricRow> metrics = {
      // T: 40 (weight 1, confidence .5) and 70 (weight 2, confidence 1); a missing third.
      Row("T", "ok", 40, 0.5, 1),
      Row("T", "ok", 70, 1.0, 2),
      Row("T", "missing_source", std::nullopt),
      // E: only insufficient data: no value (never 0), coverage 0.
      Row("E", "insufficient_data", std::nullopt),
      // M: one ok metric, confidence .8.
      Row("M", "ok", 90, 0.8),
  };
  const std::array<double, 5> weights = {0.15, 0.20, 0.30, 0.15, 0.20};
  const Composite c = Combine(metrics, weights);
  REQUIRE(c.totals.size() == 1);
  REQUIRE(c.dimensions.size() == 5);
  // T = (1 * 40 + 2 * 70) / 3 = 60; coverage 2/3; confidence mean(.5, 1) * 2/3 = .5.
  CHECK(*c.dimensions[0].value == Approx(60));
  CHECK(*c.dimensions[0].coverage == Approx(2.0 / 3));
  CHECK(*c.dimensions[0].confidence == Approx(0.5));
  CHECK_FALSE(c.dimensions[1].value);
  CHECK(*c.dimensions[1].coverage == 0);
  CHECK(*c.dimensions[2].value == Approx(90));
  CHECK(*c.dimensions[2].confidence == Approx(0.8));
  // P and O have no metric at all.
  CHECK_FALSE(c.dimensions[3].value);
  CHECK(*c.dimensions[4].coverage == 0);
  // Composite over T and M: (.15 * 60 + .30 * 90) / (.15 + .30) = 80; coverage .45 (partial);
  // confidence .15 * .5 + .30 * .8 = .315.
  const store::TotalScore& t = c.totals[0];
  CHECK(*t.tempo == Approx(80));
  CHECK(*t.coverage == Approx(0.45));
  CHECK(*t.confidence == Approx(0.315));
}

TEST_CASE("partners are combined apart, grouped by their key, the ecosystem first") {
  const std::vector<plugin::MetricRow> metrics = {
      Row("M", "ok", 30, 1.0, 0, "b.com"),
      Row("M", "ok", 50, 1.0, 0, "a.com"),
      Row("M", "ok", 70, 1.0, 0, "b.com"),
  };
  const Composite c = Combine(metrics, {0.2, 0.2, 0.2, 0.2, 0.2});
  REQUIRE(c.totals.size() == 3);
  CHECK(c.totals[0].subject.scope == "ecosystem");
  CHECK_FALSE(c.totals[0].tempo);  // no ecosystem metric: no score, coverage 0
  CHECK(*c.totals[0].coverage == 0);
  CHECK(c.totals[1].subject.partner_key == "domain:b.com");
  CHECK(*c.totals[1].tempo == Approx(50));  // (30 + 70) / 2
  CHECK(c.totals[2].subject.partner_source_id == "a.com");
  CHECK(*c.totals[2].tempo == Approx(50));
  CHECK(*c.totals[2].coverage == Approx(0.2));
}

}  // namespace
}  // namespace tempo::score
