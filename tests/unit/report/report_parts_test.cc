// The report stage's pure parts: how values are written, the drill-down SQL, the change between
// two runs, the SVG charts, matching --partner, and writing a file atomically.
#include <sys/stat.h>

#include <filesystem>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "report/atomic_file.h"
#include "report/changes.h"
#include "report/evidence_sql.h"
#include "report/format.h"
#include "report/partner_match.h"
#include "report/svg_chart.h"
#include "support/process.h"
#include "support/temp_dir.h"

namespace tempo::report {
namespace {

using Catch::Matchers::Contains;
using Catch::Matchers::StartsWith;

size_t Count(const std::string& text, const std::string& what) {
  size_t n = 0;
  for (size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

TEST_CASE("scores are whole points, changes are signed, and a missing value is never 0") {
  CHECK(Points(46.28) == "46");
  CHECK(Points(-0.4) == "0");  // not "-0"
  CHECK(Points(std::nullopt) == "-");
  CHECK(Points(std::nullopt, kInsufficient) == "insufficient data");
  CHECK(SignedPoints(5.5) == "+6");
  CHECK(SignedPoints(-2.49) == "-2");
  CHECK(SignedPoints(0.3) == "0");
  CHECK(SignedPoints(std::nullopt) == "");
  CHECK(Fraction(0.3618) == "0.36");
  CHECK(Percent(0.15) == "15%");
  CHECK(Compact(4000) == "4000");
  CHECK(Compact(0.325) == "0.325");
  CHECK(Compact(55.5556) == "55.6");
  CHECK(Compact(2.0 / 3) == "0.667");
  CHECK(StatusLabel("insufficient_data") == "insufficient data");
  CHECK(StatusLabel("missing_source") == "missing source");
  Metric m;
  m.numerator = 1;
  m.denominator = 4;
  m.n = 5;
  m.confidence = 5.0 / 7;
  CHECK(MetricNumbers(m) == "1 / 4, n 5, confidence 0.71");
}

TEST_CASE("long names are shortened on a character boundary") {
  CHECK(Shorten("Acme", 10) == "Acme");
  CHECK(Shorten("Northwind Consulting Group", 12) == "Northwind...");
  // Each of these letters is two bytes in UTF-8: cut after four of them, not inside one.
  CHECK(Shorten("ÄÖÜäöüß", 7) == "ÄÖÜäöüß");
  CHECK(Shorten("ÄÖÜäöüßÄ", 7) == "ÄÖÜä...");
  CHECK(Characters("ÄÖÜ") == 3);
}

TEST_CASE("the drill-down SQL names the run, metric and partner as quoted literals") {
  CHECK(SqlLiteral("O'Brien") == "'O''Brien'");
  CHECK(EvidenceSql(3, "M2", "name:o'brien & co") ==
        "SELECT role, entity_table, entity_connection, entity_source_id FROM v_score_evidence "
        "WHERE run_id = 3 AND metric = 'M2' AND partner_key = 'name:o''brien & co' ORDER BY "
        "role, entity_table, entity_connection, entity_source_id;");
  CHECK_THAT(EvidenceSql(3, "O3", ""), Contains("AND scope = 'ecosystem' ORDER BY"));
}

Scores Partner(const std::string& key, std::optional<double> tempo, std::optional<int64_t> rank) {
  Scores s;
  s.scope = "partner";
  s.partner_key = key;
  s.name = key.substr(5);
  s.tempo = tempo;
  s.rank = rank;
  s.dimensions = {10.0, std::nullopt, 30.0, 40.0, 50.0};
  return s;
}

TEST_CASE("changes: deltas by partner key, new partners, dropped ones, none for missing values") {
  Subject ecosystem;
  ecosystem.scores.scope = "ecosystem";
  ecosystem.scores.tempo = 40;
  std::vector<Subject> partners(3);
  partners[0].scores = Partner("name:acme", 60, 1);
  partners[1].scores = Partner("name:beta", std::nullopt, std::nullopt);
  partners[2].scores = Partner("name:newco", 20, 2);
  Scores old_ecosystem;
  old_ecosystem.scope = "ecosystem";
  old_ecosystem.tempo = 45;
  std::vector<Scores> previous = {old_ecosystem, Partner("name:beta", 30, 2),
                                  Partner("name:gone", 10, 3), Partner("name:acme", 55.5, 1)};
  previous[3].dimensions = {12.0, 5.0, std::nullopt, 40.0, 20.0};
  const std::vector<Scores> dropped = ApplyChanges(ecosystem, partners, previous);

  CHECK(ecosystem.change.compared);
  CHECK(*ecosystem.change.tempo == Approx(-5));
  const Change& acme = partners[0].change;
  CHECK_FALSE(acme.is_new);
  CHECK(*acme.tempo == Approx(4.5));
  CHECK(*acme.previous_rank == 1);
  CHECK(*acme.dimensions[0] == Approx(-2));
  CHECK_FALSE(acme.dimensions[1]);  // no value now
  CHECK_FALSE(acme.dimensions[2]);  // no value then
  CHECK(*acme.dimensions[4] == Approx(30));
  CHECK(*acme.previous_dimensions[0] == Approx(12));
  // Beta had a score and now has none: no delta, but what it had is kept.
  CHECK_FALSE(partners[1].change.tempo);
  CHECK(*partners[1].change.previous_tempo == Approx(30));
  CHECK(partners[2].change.is_new);
  REQUIRE(dropped.size() == 1);
  CHECK(dropped[0].partner_key == "name:gone");
}

TEST_CASE("bar chart: one bar per value, the words for a missing one, escaped labels") {
  std::vector<Bar> bars(3);
  bars[0].label = "Acme <b> & \"Co\"";
  bars[0].value = 72;
  bars[1].label = "Beta";
  bars[1].value = std::nullopt;
  bars[2].label = "A partner whose name is far too long to fit the label column";
  bars[2].value = 0;  // a true zero is a bar of width 0, and its number
  bars[2].faint = true;
  bars[2].note = "partial";
  const std::string svg = BarChart(bars, "rank-bar", "ranking", ReferenceLine{"ecosystem", 50});
  CHECK_THAT(svg,
             StartsWith("<svg class=\"chart bar-chart\" xmlns=\"http://www.w3.org/2000/svg\""));
  CHECK(Count(svg, "class=\"rank-bar") == 2);
  CHECK(Count(svg, ">insufficient data</text>") == 1);
  CHECK_THAT(svg, Contains("Acme &lt;b&gt; &amp; &quot;Co&quot;"));
  CHECK_THAT(svg, !Contains("<b>"));
  // 72 of 100 on a 420-unit axis.
  CHECK_THAT(svg, Contains("width=\"302.4\""));
  CHECK_THAT(svg, Contains(">0 partial</text>"));
  CHECK_THAT(svg, Contains("class=\"rank-bar faint\""));
  // The long label is cut, and whole in its tooltip.
  CHECK_THAT(svg, Contains("<title>A partner whose name is far too long to fit the label "
                           "column</title>") &&
                      Contains(">A partner whose name is far too...</text>"));
  CHECK_THAT(svg, Contains(">ecosystem 50</text>"));
  CHECK(Count(svg, "<svg") == 1);
  CHECK(Count(svg, "</svg>") == 1);
}

TEST_CASE("trend chart: a line per subject that breaks where a run has no score") {
  const std::vector<std::string> runs = {"2026-03-31", "2026-06-30", "2026-09-30"};
  const std::vector<TrendLine> lines = {{"ecosystem", {40.0, 42.0, 45.0}, true},
                                        {"Acme", {50.0, std::nullopt, 70.0}, false}};
  const std::string svg = TrendChart(runs, lines, "trend");
  CHECK(Count(svg, "class=\"trend-line\"") == 2);
  CHECK(Count(svg, "class=\"trend-point\"") == 5);
  // Acme's line: two pieces, each starting with a move.
  const size_t acme = svg.find("class=\"trend-line\"", svg.find("class=\"trend-line\"") + 1);
  const std::string path = svg.substr(acme, svg.find("/>", acme) - acme);
  CHECK(Count(path, "M") == 2);
  CHECK(Count(path, "L") == 0);
  CHECK_THAT(svg, Contains(">2026-03-31</text>") && Contains(">2026-09-30</text>"));
  CHECK_THAT(svg, Contains("stroke-dasharray=\"6 4\""));  // the ecosystem
}

TEST_CASE("matching --partner: by name in any case or by key, close names, several of one name") {
  std::vector<Scores> partners = {Partner("domain:acme.io", 60, 1), Partner("name:beta", 50, 2),
                                  Partner("domain:acme.com", 40, 3)};
  partners[0].name = "Acme Cloud";
  partners[1].name = "Beta Partners";
  partners[2].name = "Acme Cloud";
  CHECK(*FindPartner(partners, "beta partners", 7) == 1);
  CHECK(*FindPartner(partners, "domain:acme.com", 7) == 2);
  Result<size_t> two = FindPartner(partners, "ACME CLOUD", 7);
  REQUIRE_FALSE(two.ok());
  CHECK(two.status().code() == StatusCode::kInvalidArgument);
  CHECK(two.status().message() ==
        "2 partners of score run 7 are named 'ACME CLOUD': domain:acme.io, domain:acme.com; "
        "name one by its key (--partner KEY)");
  Result<size_t> close = FindPartner(partners, "Beta Partner", 7);
  REQUIRE_FALSE(close.ok());
  CHECK(close.status().message() ==
        "no partner 'Beta Partner' in score run 7; did you mean: 'Beta Partners' (name:beta)?");
  Result<size_t> part = FindPartner(partners, "acme", 7);
  REQUIRE_FALSE(part.ok());
  CHECK(part.status().message() ==
        "no partner 'acme' in score run 7; did you mean: 'Acme Cloud' (domain:acme.io), 'Acme "
        "Cloud' (domain:acme.com)?");
  Result<size_t> none = FindPartner(partners, "Zebra Systems", 7);
  REQUIRE_FALSE(none.ok());
  CHECK(none.status().message() ==
        "no partner 'Zebra Systems' in score run 7; its partners: 'Acme Cloud' (domain:acme.io), "
        "'Beta Partners' (name:beta), 'Acme Cloud' (domain:acme.com) (tempo report without "
        "--partner lists them all)");
}

TEST_CASE("a report file is replaced whole, and a failed write names the file and leaves none") {
  testing::TempDir dir;
  const std::string path = dir.Write("report.html", "the old report");
  REQUIRE(WriteFileAtomically(path, "<!DOCTYPE html>new").ok());
  CHECK(testing::ReadWhole(path) == "<!DOCTYPE html>new");
  size_t files = 0;
  for (const auto& entry : std::filesystem::directory_iterator(dir.path())) {
    (void)entry;
    ++files;
  }
  CHECK(files == 1);  // no temporary file left behind
  struct stat info {};
  REQUIRE(stat(path.c_str(), &info) == 0);
  const mode_t mask = umask(0);
  umask(mask);
  CHECK((info.st_mode & 0777) == (0666 & ~mask));  // like any file the user writes, not 0600

  const std::string missing = dir.File("no/such/folder/report.html");
  const Status s = WriteFileAtomically(missing, "x");
  REQUIRE_FALSE(s.ok());
  CHECK(s.code() == StatusCode::kIo);
  CHECK_THAT(s.message(), StartsWith("cannot write " + missing + ": creating a temporary file") &&
                              Contains("No such file or directory") &&
                              Contains("check that its folder exists and is writable"));
  CHECK_FALSE(std::filesystem::exists(missing));
}

}  // namespace
}  // namespace tempo::report
