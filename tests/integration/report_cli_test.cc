// `tempo report` end to end: the hand-sized dataset (tests/unit/scorer/hand_dataset.h) in a real
// store, scored by the real `tempo score`, reported by the real `tempo report`. Checks what an
// analyst sees on stdout, the files it writes (whole, where it says), and the errors and exit
// codes an admin meets.
#include <filesystem>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "support/process.h"
#include "support/score_store.h"
#include "unit/scorer/hand_dataset.h"

namespace tempo::testing {
namespace {

using Catch::Matchers::Contains;
using Catch::Matchers::EndsWith;
using Catch::Matchers::StartsWith;

ProcessResult Tempo(const ScoreStore& store, std::vector<std::string> args) {
  args.insert(args.begin(), {TempoBinary(), "-c", store.dir().File("tempo.yaml")});
  return RunProcess(args, store.dir().path());
}

// The dataset with its syncs recorded, and tempo.yaml with the small thresholds.
void Prepare(ScoreStore& store) {
  store.Exec(kHandDataset);
  for (const char* c : {"crm", "prm", "xb"}) store.Run(c);
  store.Config(kHandScorer);
}

void ScoreAsOf(ScoreStore& store, const std::string& as_of) {
  ProcessResult r = Tempo(store, {"-q", "score", "--as-of", as_of});
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
}

size_t Files(const std::string& folder) {
  size_t n = 0;
  for (const auto& entry : std::filesystem::directory_iterator(folder))
    n += entry.is_regular_file();
  return n;
}

TEST_CASE("tempo report prints the latest run, its changes, and other formats and partners") {
  ScoreStore store;
  Prepare(store);
  ScoreAsOf(store, "2026-03-31");
  ScoreAsOf(store, "2026-06-30");

  ProcessResult text = Tempo(store, {"report"});
  INFO(text.err);
  REQUIRE(text.exit_code == 0);
  CHECK_THAT(text.out,
             StartsWith("TEMPO report: score run 2, scorer tempo (plugin tempo 1.1.0), profile "
                        "default\nas of 2026-06-30T23:59:59.999Z"));
  CHECK_THAT(text.out, Contains("\ncompared with score run 1 (as of 2026-03-31T23:59:59.999Z)\n"));
  CHECK_THAT(text.out,
             Contains("\n   1  Beta Partners                       54   36   17   83    0  100"));
  CHECK_THAT(text.out, Contains("\nCHANGE SINCE SCORE RUN 1 (as of 2026-03-31T23:59:59.999Z)\n"));
  CHECK(text.err.empty());

  ProcessResult json = Tempo(store, {"report", "--json", "--run", "1"});
  REQUIRE(json.exit_code == 0);
  CHECK_THAT(json.out, StartsWith("{\"run\":{\"id\":1,\"scorer\":\"tempo\"") &&
                           Contains("\"previous_run\":null") && EndsWith("}\n"));

  ProcessResult csv = Tempo(store, {"report", "--format", "csv", "--partner", "beta partners"});
  REQUIRE(csv.exit_code == 0);
  CHECK_THAT(csv.out, StartsWith("run_id,as_of,scope,rank,partner,partner_key,level,code,"));
  CHECK_THAT(csv.out, Contains("\r\n2,2026-06-30T23:59:59.999Z,partner,1,Beta Partners,"
                               "domain:beta.com,tempo,TEMPO,,ok,53.75"));
  CHECK_THAT(csv.out, !Contains("ACME Cloud,domain:acme.io"));
}

TEST_CASE("tempo report --out writes the file whole, html goes next to the store by default") {
  ScoreStore store;
  Prepare(store);
  ScoreAsOf(store, "2026-06-30");
  ProcessResult html = Tempo(store, {"report", "--format", "html"});
  INFO(html.err);
  REQUIRE(html.exit_code == 0);
  CHECK(html.out == "html report written to " + store.dir().File("tempo-report.html") + "\n");
  const std::string page = ReadWhole(store.dir().File("tempo-report.html"));
  CHECK_THAT(page, StartsWith("<!DOCTYPE html>") && EndsWith("</html>\n") &&
                       Contains("<title>TEMPO report: score run 1</title>"));

  // An existing file is replaced, and no temporary file is left beside it.
  TempDir exports;
  const std::string scores = exports.Write("scores.csv", "an old export\n");
  ProcessResult csv = Tempo(store, {"report", "--format", "csv", "-o", scores});
  REQUIRE(csv.exit_code == 0);
  CHECK(csv.out == "csv report written to " + scores + "\n");
  CHECK_THAT(ReadWhole(scores), StartsWith("run_id,as_of,"));
  CHECK(Files(exports.path()) == 1);

  ProcessResult to_stdout = Tempo(store, {"report", "--format", "html", "--out", "-"});
  REQUIRE(to_stdout.exit_code == 0);
  CHECK(to_stdout.out == page);

  const std::string nowhere_path = exports.File("missing/folder/report.txt");
  ProcessResult nowhere = Tempo(store, {"report", "--out", nowhere_path});
  CHECK(nowhere.exit_code == 1);
  CHECK_THAT(nowhere.err, StartsWith("tempo: report: cannot write " + nowhere_path + ": ") &&
                              Contains("check that its folder exists and is writable"));
  CHECK(nowhere.out.empty());
}

TEST_CASE("tempo report errors: no store, no score run, an unknown partner, run or format") {
  ScoreStore store;
  store.Config(kHandScorer);
  // The store exists but has no score run.
  ProcessResult none = Tempo(store, {"report"});
  CHECK(none.exit_code == 1);
  CHECK(none.err == "tempo: report: store " + store.path() +
                        " has no score run yet: score the partners first (tempo score), then "
                        "report\n");
  CHECK(none.out.empty());

  Prepare(store);
  ScoreAsOf(store, "2026-06-30");
  ProcessResult partner = Tempo(store, {"report", "--partner", "Acme"});
  CHECK(partner.exit_code == 2);
  CHECK(partner.err ==
        "tempo: report: no partner 'Acme' in score run 1; did you mean: 'ACME Cloud' "
        "(domain:acme.io)?\n");
  ProcessResult run = Tempo(store, {"report", "--run", "7"});
  CHECK(run.exit_code == 2);
  CHECK_THAT(run.err, Contains("no score run 7 in store") && Contains("its runs are 1"));
  CHECK(Tempo(store, {"report", "--format", "pdf"}).exit_code == 2);
  CHECK(Tempo(store, {"report", "--json", "--format", "csv"}).exit_code == 2);
  CHECK(Tempo(store, {"report", "--run", "0"}).exit_code == 2);

  ProcessResult help = Tempo(store, {"report", "--help"});
  CHECK(help.exit_code == 0);
  CHECK_THAT(help.out, Contains("--format") && Contains("--partner") && Contains("--run") &&
                           Contains("--out") && Contains("tempo-report.html") &&
                           Contains("insufficient data"));

  // No store file at all.
  store.dir().Write("other.yaml", "store: {path: nothing/here.db}\n");
  ProcessResult missing = RunProcess(
      {TempoBinary(), "-c", store.dir().File("other.yaml"), "report"}, store.dir().path());
  CHECK(missing.exit_code == 1);
  CHECK_THAT(missing.err, Contains("does not exist yet: sync the connections (tempo sync "
                                   "CONNECTION) and score them (tempo score), then report"));
  CHECK_FALSE(std::filesystem::exists(store.dir().File("nothing")));
}

}  // namespace
}  // namespace tempo::testing
