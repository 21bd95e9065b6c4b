// The partner team's files: the same world as the fake APIs (partners, accounts, integrations
// by name and domain), and the copies in config/demo/data are what tempo-fakeapi writes for the
// demo's world.
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "fakes/core/encoding.h"
#include "fakes/core/scenario.h"
#include "fakes/files/partner_files.h"
#include "support/temp_dir.h"

namespace tempo::fakes {
namespace {

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

std::vector<std::string> Lines(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

TEST_CASE("the partner files show the dataset's partners, accounts, installs and activities") {
  DatasetOptions options;
  options.scale = 300;
  options.partners = 6;
  Dataset d(options);
  testing::TempDir dir;
  REQUIRE(WritePartnerFiles(d, dir.path() + "/files").ok());

  const auto partners = Lines(ReadFile(dir.File("files/partners.csv")));
  REQUIRE(partners.size() == 7);
  CHECK(partners[0] == "partner_id,name,website,type,tier,status,partnered_at,updated_at");
  const PartnerInfo& p0 = d.Partner(0);
  CHECK(partners[1] == "P01," + p0.name + ",https://www." + p0.domain + "/partners,si," + p0.tier +
                           ",active," + FormatDate(p0.partnered_ms) + "," +
                           FormatIsoMillis(p0.partnered_ms));
  CHECK(partners[2].find("," + d.Partner(1).domain + ",agency,") != std::string::npos);

  const auto integrations = Lines(ReadFile(dir.File("files/integrations.csv")));
  REQUIRE(integrations.size() == 7);
  CHECK(integrations[3] ==
        "I03,P03," + d.Integration(2).name + ",ga," + FormatDate(d.Integration(2).released_ms));
  CHECK(integrations[1] == "I01,P01," + d.Integration(0).name + ",planned,");

  // Every non-partner account, by its domain; billing dates for customers and former ones.
  const auto accounts = Lines(ReadFile(dir.File("files/accounts.csv")));
  REQUIRE(static_cast<int64_t>(accounts.size()) == 1 + d.Count(Entity::kAccount) - 6);
  int64_t installs = 0;
  for (int64_t row = 6; row < d.Count(Entity::kAccount); ++row) {
    const AccountRecord a = d.Account(row);
    const std::string& line = accounts[static_cast<size_t>(row - 5)];
    INFO(line);
    CHECK(line.starts_with(AccountFileId(row) + "," + a.name + ","));
    CHECK(line.find(a.domain + "," + a.lifecycle + ",") != std::string::npos);
    if (a.churned_ms) CHECK(line.find("," + FormatDate(*a.churned_ms) + ",") != std::string::npos);
    installs += static_cast<int64_t>(a.integrations.size());
  }
  const auto install_lines = Lines(ReadFile(dir.File("files/integration_installs.jsonl")));
  CHECK(static_cast<int64_t>(install_lines.size()) == installs);
  REQUIRE(!install_lines.empty());
  CHECK(install_lines[0].starts_with("{\"install_id\":\"IN00001\",\"account_id\":\"A"));

  const auto activities = Lines(ReadFile(dir.File("files/partner_activities.jsonl")));
  REQUIRE(static_cast<int64_t>(activities.size()) == d.ActivityCount());
  const ActivityRecord first = d.Activity(0);
  CHECK(activities[0].starts_with("{\"activity_id\":\"ACT00001\",\"partner_id\":\"" +
                                  PartnerFileId(first.partner) + "\""));
  CHECK(activities[0].find("\"kind\":\"" + std::string(first.kind) + "\",\"occurred_at\":\"" +
                           FormatIsoMillis(first.occurred_ms) + "\"") != std::string::npos);
}

TEST_CASE("config/demo/data holds the files tempo-fakeapi writes for the demo's world") {
  // The demo's world (config/demo/world.scenario) at the fake's default date: regenerate with
  // tempo-fakeapi --scenario config/demo/world.scenario --write-files config/demo/data
  // --files-only after changing the dataset.
  const std::string demo = std::string(TEMPO_SOURCE_DIR) + "/config/demo";
  Result<Scenario> scenario = ParseScenario(ReadFile(demo + "/world.scenario"));
  REQUIRE(scenario.ok());
  FakeApiOptions options;
  REQUIRE(ApplySettings(scenario->settings, options).ok());
  testing::TempDir dir;
  REQUIRE(WritePartnerFiles(Dataset(options.dataset), dir.path()).ok());
  for (const char* name : {"partners.csv", "integrations.csv", "accounts.csv",
                           "integration_installs.jsonl", "partner_activities.jsonl"}) {
    INFO(name);
    CHECK(ReadFile(dir.File(name)) == ReadFile(demo + "/data/" + name));
  }
}

}  // namespace
}  // namespace tempo::fakes
