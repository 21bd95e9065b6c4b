// The HTML report as a browser shows it: three score runs of the hand-sized dataset (plus a
// partner whose name is an attempt at script injection) reported by the real `tempo report`,
// rendered by headless Chromium (Debian's `chromium`, installed by scripts/install-deps.sh).
// The DOM Chromium built must show every partner and the charts, and no script may have run;
// the screenshot stays in build/test-output/report/ for a person to look at.
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <sstream>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "support/process.h"
#include "support/score_store.h"
#include "unit/scorer/hand_dataset.h"

namespace tempo::testing {
namespace {

using Catch::Matchers::Contains;

constexpr const char* kTimeoutSeconds = "90";

// The chromium executable on PATH, or "".
std::string FindChromium() {
  const char* path = std::getenv("PATH");
  std::stringstream folders(path ? path : "/usr/bin");
  for (std::string folder; std::getline(folders, folder, ':');) {
    for (const char* name : {"chromium", "chromium-browser"}) {
      const std::string candidate = folder + "/" + name;
      if (access(candidate.c_str(), X_OK) == 0) return candidate;
    }
  }
  return "";
}

size_t Count(const std::string& text, const std::string& what) {
  size_t n = 0;
  for (size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

uint32_t BigEndian(const std::string& bytes, size_t at) {
  uint32_t v = 0;
  for (size_t i = 0; i < 4; ++i) v = (v << 8) | static_cast<unsigned char>(bytes[at + i]);
  return v;
}

TEST_CASE("headless Chromium renders the HTML report with every partner and its charts") {
  const std::string chromium = FindChromium();
  INFO(
      "chromium is not installed: the HTML report test needs Debian's chromium package; run "
      "scripts/install-deps.sh (as root) or apt-get install chromium");
  REQUIRE_FALSE(chromium.empty());

  ScoreStore store;
  store.Exec(kHandDataset);
  store.Exec(
      "INSERT INTO partner (connection, source_id, name, domain, partnered_at) VALUES "
      "('prm', 'P9', 'Zeta <script>document.title=\"pwned\"</script> & Sons', 'zeta.io', "
      "'2023-01-01')");
  for (const char* c : {"crm", "prm", "xb"}) store.Run(c);
  store.Config(kHandScorer);
  for (const char* as_of : {"2025-12-31", "2026-03-31", "2026-06-30"}) {
    ProcessResult score = RunProcess(
        {TempoBinary(), "-q", "-c", store.dir().File("tempo.yaml"), "score", "--as-of", as_of},
        store.dir().path());
    INFO(score.err);
    REQUIRE(score.exit_code == 0);
  }

  const std::string out = std::string(TEMPO_BINARY_DIR) + "/test-output/report";
  std::filesystem::create_directories(out);
  const std::string html = out + "/report.html";
  const std::string png = out + "/report.png";
  std::filesystem::remove(png);
  ProcessResult report = RunProcess({TempoBinary(), "-c", store.dir().File("tempo.yaml"), "report",
                                     "--format", "html", "--out", html},
                                    store.dir().path());
  INFO(report.err);
  REQUIRE(report.exit_code == 0);

  // A profile and home of its own, so nothing of the machine's browser is used or changed.
  TempDir profile;
  const std::vector<std::string> env = {"HOME=" + profile.path()};
  const std::vector<std::string> common = {
      "/usr/bin/timeout",  kTimeoutSeconds,  chromium,
      "--headless",        "--no-sandbox",   "--disable-gpu",
      "--hide-scrollbars", "--no-first-run", "--user-data-dir=" + profile.File("chromium")};
  std::vector<std::string> dump = common;
  dump.insert(dump.end(), {"--dump-dom", "file://" + html});
  ProcessResult dom = RunProcess(dump, profile.path(), env);
  INFO("chromium --dump-dom: exit " << dom.exit_code << " (124: timed out after " << kTimeoutSeconds
                                    << " s); stderr: " << dom.err);
  REQUIRE(dom.exit_code == 0);

  // The page Chromium built: the title no script changed, and no script element.
  CHECK_THAT(dom.out, Contains("<title>TEMPO report: score run 3</title>"));
  CHECK(Count(dom.out, "<script") == 0);
  // Every partner, in the ranking table and its own section.
  for (const std::string name :
       {"ACME Cloud", "Beta Partners", "Gamma",
        "Zeta &lt;script&gt;document.title=\"pwned\"&lt;/script&gt; &amp; Sons"}) {
    INFO(name);
    CHECK(Count(dom.out, name) >= 3);
  }
  // The charts: the ranking (a bar per partner), the trend over the three runs (a line for the
  // ecosystem and each partner), the ecosystem's dimensions, and each partner's.
  CHECK(Count(dom.out, "<svg") == 1 + 1 + 1 + 4);
  CHECK(Count(dom.out, "class=\"rank-bar") == 4);
  CHECK(Count(dom.out, "class=\"trend-line\"") == 5);
  CHECK(Count(dom.out, "class=\"trend-point\"") == 5 * 3);
  CHECK(Count(dom.out, "class=\"dim-bar") >= 5 * 4);
  CHECK(Count(dom.out, "<article class=\"partner\"") == 4);

  std::vector<std::string> shot = common;
  shot.insert(shot.end(), {"--screenshot=" + png, "--window-size=1280,2000", "file://" + html});
  ProcessResult screenshot = RunProcess(shot, profile.path(), env);
  INFO("chromium --screenshot: exit " << screenshot.exit_code << "; stderr: " << screenshot.err);
  REQUIRE(screenshot.exit_code == 0);
  const std::string image = ReadWhole(png);
  INFO("screenshot " << png << ": " << image.size() << " bytes");
  REQUIRE(image.size() > 24);
  CHECK(image.substr(0, 8) == "\x89PNG\r\n\x1a\n");
  CHECK(BigEndian(image, 16) == 1280);  // IHDR width and height
  CHECK(BigEndian(image, 20) == 2000);
  // A blank page of that size compresses to about 16 KB; the report's text and charts do not.
  CHECK(image.size() > 60 * 1024);
}

}  // namespace
}  // namespace tempo::testing
