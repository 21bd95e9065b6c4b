// Reports of real score runs: the hand-sized dataset (tests/unit/scorer/hand_dataset.h) scored
// by the real TEMPO plugin into a real store, then rendered from the store's score views.
#include <iostream>
#include <sstream>
#include <string>

#include <catch2/catch.hpp>

#include "report/report.h"
#include "support/score_store.h"
#include "unit/scorer/hand_dataset.h"

namespace tempo::testing {
namespace {

int64_t ScoreHand(ScoreStore& store, const std::string& as_of = "2026-06-30") {
  store.Exec(kHandDataset);
  for (const char* c : {"crm", "prm", "xb"}) store.Run(c);
  store.Run("broken", "failed");
  score::ScoreOptions options;
  options.as_of = as_of;
  return store.Score(store.Config(kHandScorer), options).run_id;
}

std::string Render(ScoreStore& store, report::ReportOptions options = {}) {
  std::ostringstream out;
  Status s = report::Render(store.db(), options, out);
  INFO(s.message());
  REQUIRE(s.ok());
  return out.str();
}

TEST_CASE("smoke") {
  ScoreStore store;
  ScoreHand(store);
  std::cout << Render(store);
}

}  // namespace
}  // namespace tempo::testing
