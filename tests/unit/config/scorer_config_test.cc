// The `scorers:` section beyond name, plugin and config: weight profiles (built in and the
// entry's own), the chosen profile and the window, with errors at their file:line:column.
#include <string>

#include <catch2/catch.hpp>

#include "config/config.h"
#include "support/temp_dir.h"

namespace tempo::config {
namespace {

using testing::TempDir;

Result<Config> Load(const TempDir& dir, const std::string& scorers) {
  return LoadConfig(dir.Write("tempo.yaml", "store: {path: t.db}\nscorers:\n" + scorers));
}

TEST_CASE("a scorer's profiles, profile and window are read") {
  TempDir dir;
  Result<Config> config = Load(dir, R"(  - name: tempo
    plugin: tempo
    profile: growth
    window: 180d
    profiles:
      growth: {trust: 10, embedded: 20, monetizing: 40, product: 10, outside_in: 20}
      quiet: {trust: 1, embedded: 0, monetizing: 0, product: 0, outside_in: 0}
  - name: plain
    plugin: tempo
)");
  INFO(config.status().message());
  REQUIRE(config.ok());
  const ScorerConfig& s = config->scorers[0];
  CHECK(s.profile == "growth");
  CHECK(s.window == std::chrono::hours(24 * 180));
  REQUIRE(s.profiles.size() == 2);
  CHECK(s.profiles[0].name == "growth");
  CHECK(s.profiles[0].weights == std::array<double, 5>{10, 20, 40, 10, 20});
  CHECK(s.profiles[0].location == dir.File("tempo.yaml") + ":8:7");
  CHECK(Normalized(s.profiles[0].weights)[2] == Approx(0.4));
  // Without the keys: the default profile, a year.
  CHECK(config->scorers[1].profile == "default");
  CHECK(config->scorers[1].window == std::chrono::hours(24 * 365));

  Result<WeightProfile> found = FindProfile("quiet", s.profiles);
  REQUIRE(found.ok());
  CHECK(found->weights[0] == 1);
  Result<WeightProfile> builtin = FindProfile("tech_partner", s.profiles);
  REQUIRE(builtin.ok());
  CHECK(builtin->weights == std::array<double, 5>{0.10, 0.20, 0.25, 0.25, 0.20});
}

TEST_CASE("profile and weight mistakes are errors with their position") {
  TempDir dir;
  const std::string file = dir.File("tempo.yaml");
  Result<Config> config = Load(dir, R"(  - name: tempo
    plugin: tempo
    profile: grwoth
    window: 2h
    profiles:
      growth: {trust: 10, embedded: 20, monetizing: 40, product: 10, outside_in: 20}
      default: {trust: 1, embedded: 1, monetizing: 1, product: 1, outside_in: 1}
      lopsided: {trust: -1, embedded: x, monetizing: 1, product: 1, outside_in: 1}
      short: {trust: 1, embedded: 1, monetizing: 1, product: 1}
      zero: {trust: 0, embedded: 0, monetizing: 0, product: 0, outside_in: 0}
      typo: {trust: 1, embeded: 1, monetizing: 1, product: 1, outside_in: 1}
)");
  REQUIRE_FALSE(config.ok());
  CHECK(config.status().message() ==
        file + ":5:14: scorers[0].profile: unknown weight profile; did you mean 'growth'?\n" +
            file + ":6:13: scorers[0].window: must be at least 1d\n" + file +
            ":9:7: scorers[0].profiles.default: 'default' is a built-in profile; give yours "
            "another name\n" +
            file +
            ":10:25: scorers[0].profiles.lopsided.trust: expected a weight: a number of 0 "
            "or more\n" +
            file +
            ":10:39: scorers[0].profiles.lopsided.embedded: expected a weight: a number "
            "of 0 or more\n" +
            file + ":11:14: scorers[0].profiles.short: missing required key 'outside_in'\n" + file +
            ":12:13: scorers[0].profiles.zero: every weight is 0; give at least one "
            "dimension a weight\n" +
            file + ":13:13: scorers[0].profiles.typo: missing required key 'embedded'\n" + file +
            ":13:24: scorers[0].profiles.typo.embeded: unknown key; did you mean 'embedded'?");
}

}  // namespace
}  // namespace tempo::config
