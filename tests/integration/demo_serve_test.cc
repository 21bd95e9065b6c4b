// `make demo-serve` (scripts/demo.sh BUILD --serve): after a demo, the demo's fake APIs serve
// again on the port its tempo.yaml names, so the printed next steps (`tempo -c
// build/demo/tempo.yaml sync ...`) work; before any demo it says to run one.
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <unistd.h>

#include <catch2/catch.hpp>

#include <chrono>
#include <filesystem>
#include <string>
#include <thread>

#include "support/process.h"
#include "support/temp_dir.h"

namespace {

using tempo::testing::ProcessResult;
using tempo::testing::ReadWhole;
using tempo::testing::RunProcess;
using tempo::testing::StartProcess;
using tempo::testing::TempDir;
using tempo::testing::WaitProcess;

const std::string kDemoScript = std::string(TEMPO_SOURCE_DIR) + "/scripts/demo.sh";

// A loopback port nothing listens on right now.
int FreePort() {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  REQUIRE(fd >= 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  REQUIRE(bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0);
  socklen_t len = sizeof addr;
  REQUIRE(getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) == 0);
  close(fd);
  return ntohs(addr.sin_port);
}

// A build folder of its own whose bin/ is this build's.
void MakeBuildFolder(const TempDir& build) {
  std::filesystem::create_directory_symlink(std::string(TEMPO_BINARY_DIR) + "/bin",
                                            build.File("bin"));
  std::filesystem::create_directory(build.File("demo"));
}

}  // namespace

TEST_CASE("demo-serve before any demo says to run make demo first") {
  TempDir build;
  MakeBuildFolder(build);
  ProcessResult r = RunProcess({"/bin/bash", kDemoScript, build.path(), "--serve"}, build.path());
  CHECK(r.exit_code == 2);
  CHECK_THAT(r.err, Catch::Contains("run 'make demo' first"));
}

TEST_CASE("demo-serve serves the demo's world on its port, and a sync of the demo config works") {
  TempDir build;
  MakeBuildFolder(build);
  const int port = FreePort();
  build.Write("demo/fakeapi.env", "port=" + std::to_string(port) + "\nas_of=2024-06-30\n");
  const std::string out = build.File("serve.out"), err = build.File("serve.err");
  const pid_t pid = StartProcess({"/bin/bash", kDemoScript, build.path(), "--serve"}, out, err);
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  while (ReadWhole(out).find("listening on") == std::string::npos &&
         std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  const std::string printed = ReadWhole(out);
  CHECK_THAT(printed, Catch::Contains("listening on http://127.0.0.1:" + std::to_string(port)));
  CHECK_THAT(printed, Catch::Contains("Ctrl-C stops them"));

  // What the demo's tempo.yaml has for HubSpot, on that port.
  TempDir dir;
  const std::string api = "http://127.0.0.1:" + std::to_string(port);
  const std::string cfg = dir.Write(
      "tempo.yaml", "store:\n  path: tempo.db\nplugins:\n  path: [" TEMPO_PLUGIN_DIR
                    "]\nconnections:\n  - name: hubspot\n    plugin: hubspot\n"
                    "    streams: [companies]\n    http: {max_attempts: 2, initial_backoff: 0.01}\n"
                    "    config:\n      base_url: " +
                        api + "/hubspot\n      token_url: " + api +
                        "/hubspot/oauth/v1/token\n"
                        "      access_token: pat-na1-7e3c2a90-0000-4000-8000-000000000042\n"
                        "      portal_id: \"42\"\n");
  ProcessResult sync = tempo::testing::RunTempoSync(dir.path(), cfg, "hubspot");
  INFO(sync.err);
  CHECK(sync.exit_code == 0);
  CHECK_THAT(sync.out, Catch::Matches("sync hubspot: succeeded, [1-9][0-9,]* records.*\n"));

  kill(pid, SIGTERM);
  WaitProcess(pid, out, err);
  // Stopped, the same sync says what to do.
  ProcessResult stopped =
      tempo::testing::RunTempoSync(dir.path(), cfg, "hubspot", {"--full-refresh"});
  CHECK(stopped.exit_code == 1);
  CHECK_THAT(stopped.err, Catch::Contains("nothing listens there"));
  CHECK_THAT(stopped.err, Catch::Contains("make demo-serve"));
}
