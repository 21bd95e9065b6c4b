// tempo plugin new: the files it writes, the name filled in, and what it refuses. (That the
// project builds and passes the kit is tests/docs/'s guide test.)
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "conformance/scaffold.h"
#include "support/temp_dir.h"

namespace tempo::conformance {
namespace {

namespace fs = std::filesystem;

std::string Read(const std::string& path) {
  std::ifstream in(path);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

TEST_CASE("a connector project: CMake, sources, a test, a kit config and a README, named") {
  testing::TempDir dir;
  Result<std::string> out = Scaffold({"acme_crm", "connector", dir.path(), false});
  REQUIRE(out.ok());
  for (const char* f :
       {"CMakeLists.txt", "README.md", "kit.yaml", "src/connector.cc", "src/connector.h",
        "src/dataset.cc", "src/dataset.h", "test/connector_test.cc"}) {
    INFO(f);
    CHECK(fs::exists(dir.File(std::string("acme_crm/") + f)));
  }
  const std::string cmake = Read(dir.File("acme_crm/CMakeLists.txt"));
  CHECK(cmake.find("find_package(TempoSDK REQUIRED)") != std::string::npos);
  CHECK(cmake.find("tempo_add_plugin(acme_crm SOURCES") != std::string::npos);
  const std::string source = Read(dir.File("acme_crm/src/connector.cc"));
  CHECK(source.find("TEMPO_CONNECTOR_PLUGIN(acme_crm_connector::Connector, \"acme_crm\"") !=
        std::string::npos);
  CHECK(Read(dir.File("acme_crm/src/connector.h")).find("#ifndef ACME_CRM_CONNECTOR_H_") !=
        std::string::npos);
  for (const auto& entry : fs::recursive_directory_iterator(dir.File("acme_crm"))) {
    if (entry.is_regular_file()) {
      INFO(entry.path());
      CHECK(Read(entry.path().string()).find("myplugin") == std::string::npos);
      CHECK(Read(entry.path().string()).find("MYPLUGIN") == std::string::npos);
    }
  }
  CHECK(out->find("tempo test-plugin " + dir.File("acme_crm/build/tempo_acme_crm.so") +
                  " --config " + dir.File("acme_crm/kit.yaml")) != std::string::npos);
}

TEST_CASE("a scorer project, and a manifest") {
  testing::TempDir dir;
  REQUIRE(Scaffold({"wins", "scorer", dir.path(), false}).ok());
  CHECK(Read(dir.File("wins/src/scorer.cc")).find("TEMPO_SCORER_PLUGIN(wins_scorer::Scorer") !=
        std::string::npos);
  REQUIRE(Scaffold({"prm", "connector", dir.path(), true}).ok());
  const std::string manifest = Read(dir.File("prm.yaml"));
  CHECK(manifest.find("name: prm\n") != std::string::npos);
  CHECK(manifest.find("${env:PRM_API_KEY}") != std::string::npos);
  CHECK_FALSE(fs::exists(dir.File("prm")));
}

TEST_CASE("a bad name or an existing target writes nothing") {
  testing::TempDir dir;
  for (const char* name : {"Acme", "1acme", "acme-crm", ""}) {
    Result<std::string> out = Scaffold({name, "connector", dir.path(), false});
    REQUIRE_FALSE(out.ok());
    CHECK(out.status().message().find("must be a lower-case letter") != std::string::npos);
  }
  fs::create_directories(dir.File("taken"));
  Result<std::string> out = Scaffold({"taken", "connector", dir.path(), false});
  REQUIRE_FALSE(out.ok());
  CHECK(out.status().message() ==
        dir.File("taken") + " exists already; pick another --dir or name (nothing was written)");
  CHECK(fs::is_empty(dir.File("taken")));
}

}  // namespace
}  // namespace tempo::conformance
