// Reports of real score runs: the hand-sized dataset (tests/unit/scorer/hand_dataset.h) scored
// by the real TEMPO plugin into a real store, then rendered from the store's score views. The
// numbers are worked out by hand from the metrics tempo_metrics_test.cc checks; where a case
// needs exact control (a partner without a composite, a partial one) the run is written directly.
#include <simdjson.h>

#include <sstream>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "report/evidence_sql.h"
#include "report/format.h"
#include "report/html_escape.h"
#include "report/report.h"
#include "store/schema.h"
#include "store/score_writer.h"
#include "support/score_store.h"
#include "support/store_query.h"
#include "unit/scorer/hand_dataset.h"

namespace tempo::testing {
namespace {

using Catch::Matchers::Contains;
using Catch::Matchers::StartsWith;
using Strings = std::vector<std::string>;

void LoadHand(ScoreStore& store) {
  store.Exec(kHandDataset);
  for (const char* c : {"crm", "prm", "xb"}) store.Run(c);
  store.Run("broken", "failed");
}

int64_t Score(ScoreStore& store, const std::string& as_of, const std::string& profile = "") {
  score::ScoreOptions options;
  options.as_of = as_of;
  options.profile = profile;
  return store.Score(store.Config(kHandScorer), options).run_id;
}

int64_t ScoreHand(ScoreStore& store) {
  LoadHand(store);
  return Score(store, "2026-06-30");
}

std::string Render(ScoreStore& store, report::ReportOptions options = {}) {
  std::ostringstream out;
  Status s = report::Render(store.db(), options, out);
  INFO(s.message());
  REQUIRE(s.ok());
  return out.str();
}

Status RenderError(ScoreStore& store, report::ReportOptions options) {
  std::ostringstream out;
  Status s = report::Render(store.db(), options, out);
  CHECK(out.str().empty());
  return s;
}

Strings Lines(const std::string& text) {
  Strings lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    lines.push_back(line);
  }
  return lines;
}

// The lines from the one that starts with `first` up to (not including) the next blank one.
Strings Block(const std::string& text, const std::string& first) {
  Strings all = Lines(text);
  Strings block;
  bool in = false;
  for (const std::string& line : all) {
    if (!in && line.rfind(first, 0) == 0) in = true;
    if (in && line.empty()) break;
    if (in) block.push_back(line);
  }
  return block;
}

size_t Count(const std::string& text, const std::string& what) {
  size_t n = 0;
  for (size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

// By hand (tempo_metrics_test.cc has every metric), default weights T .15 E .2 M .3 P .15 O .2:
//  Beta  T (0 + 83.3 + 25) / 3 = 36.1, E (50 + 0 + 0) / 3 = 16.7, M (50 + 100 + 100) / 3 =
//        83.3, P 0, O 100: 53.75. Confidence .314 (score_views_test.cc works it out).
//  Acme  T (25 + 27.8 + 41.7) / 3 = 31.5, E (100 + 31.25 + 38.9 + 100) / 4 = 67.5, M (100 + 0 +
//        55.6) / 3 = 51.9, P (100 + 66.7) / 2 = 83.3, O 0: 46.3. Confidence .362.
//  Gamma every metric it has is a true 0 (no joint activity): 0, confidence .224.
TEST_CASE("text: the run, and the ranking with dimensions, composite, coverage and confidence") {
  ScoreStore store;
  ScoreHand(store);
  const std::string text = Render(store);
  const Strings lines = Lines(text);
  REQUIRE(lines.size() > 12);
  CHECK(lines[0] ==
        "TEMPO report: score run 1, scorer tempo (plugin tempo 1.1.0), profile default");
  CHECK_THAT(lines[1], StartsWith("as of 2026-06-30T23:59:59.999Z (window from "
                                  "2025-06-30T23:59:59.999Z), computed 2026-"));
  CHECK(lines[2] == "weights: T 15%, E 20%, M 30%, P 15%, O 20%");
  CHECK(lines[3] == "read: crm (sync run 1), prm (sync run 2), xb (sync run 3)");
  CHECK(lines[4] ==
        "not read: broken: its latest sync run 4 is failed; sync it successfully (tempo sync "
        "broken) and score again");
  CHECK(lines[5] == "no earlier score run of scorer tempo with profile default to compare with");
  CHECK(Block(text, "RANKING") ==
        Strings{
            "RANKING (3 partners)",
            "   #  partner                          TEMPO    T    E    M    P    O  coverage  "
            "confidence  change",
            "   1  Beta Partners                       54   36   17   83    0  100      1.00     "
            "   0.31",
            "   2  ACME Cloud                          46   31   68   52   83    0      1.00     "
            "   0.36",
            "   3  Gamma                                0    0    0    0    0    0      1.00     "
            "   0.22",
            "      ecosystem                           64   34   54   66   58   99      1.00     "
            "   0.35",
            "  (\"-\": insufficient data, not 0; partial: coverage below 0.60)",
        });
  // No earlier run: no change section.
  CHECK_THAT(text, !Contains("CHANGE SINCE"));
}

TEST_CASE("text: each metric with status, numbers, explanation, and SQL that lists its evidence") {
  ScoreStore store;
  const int64_t run = ScoreHand(store);
  const std::string text = Render(store);
  const Strings acme = Block(text, "#2 ACME Cloud");
  REQUIRE(acme.size() > 12);
  CHECK(acme[0] == "#2 ACME Cloud  (domain:acme.io; partner row crm/PA)");
  CHECK(acme[1] == "  TEMPO 46 (coverage 1.00, confidence 0.36)");
  CHECK(acme[2] ==
        "  T Trust 31 | E Embedded 68 | M Monetizing 52 | P Product 83 | O Outside-in 0");
  // T1: we gave 1 intro (AC-1) and received 4 (L1, L2, OP1, AC-2); min/max 1/4, n 5, 5/7.
  const std::string sql =
      "SELECT role, entity_table, entity_connection, entity_source_id FROM v_score_evidence "
      "WHERE run_id = 1 AND metric = 'T1' AND partner_key = 'domain:acme.io' ORDER BY role, "
      "entity_table, entity_connection, entity_source_id;";
  CHECK(Strings(acme.begin() + 3, acme.begin() + 7) ==
        Strings{"  T1   ok                  25  1 / 4, n 5, confidence 0.71",
                "       we gave ACME Cloud 1 intro and received 4 (2 leads, 1 sourced deal, 1 "
                "intro) in the 365 days to 2026-06-30: reciprocity 25% (1/4)",
                "       evidence: 5 records, first: partner_activity prm/AC-1 (numerator), lead "
                "crm/L1 (denominator), lead crm/L2 (denominator)",
                "       " + sql});
  CHECK(Strings(acme.begin() + 7, acme.begin() + 10) ==
        Strings{"  T2   missing source       -",
                "       no data: the store does not record what data partners share with us and "
                "we with them (partner_data_sharing is not in the store schema yet)",
                "       evidence: none"});
  // The printed SQL runs as printed and lists every record the count promised.
  CHECK(store.Count("SELECT count(*) FROM (" + sql.substr(0, sql.size() - 1) + ")") == 5);
  CHECK(store.Text(sql.substr(0, sql.size() - 1) + " LIMIT 1") == "denominator");

  // Gamma's T1 rests on too little data: said so, with no number.
  const Strings gamma = Block(text, "#3 Gamma");
  REQUIRE(gamma.size() > 5);
  CHECK(gamma[3] == "  T1   insufficient data    -  n 0");
  CHECK_THAT(gamma[4], StartsWith("       insufficient data: we gave Gamma 0 intros"));
  // Every metric of every subject is there: 19 for the ecosystem, 18 per partner.
  CHECK(Count(text, "\n  T1   ") == 4);
  CHECK(Count(text, "\n  O3   ") == 1);
  CHECK(Count(text, "\n       evidence: ") ==
        static_cast<size_t>(store.Count("SELECT count(*) FROM score_metric WHERE run_id = " +
                                        std::to_string(run))));
}

// A run written directly: Alpha with a composite, Halfway with a partial one (coverage .4),
// Nodata with none (every metric insufficient).
void WriteCraftedRun(ScoreStore& store) {
  store.Exec(
      "INSERT INTO partner (connection, source_id, name, domain) VALUES "
      "('crm', 'A', 'Alpha', 'alpha.io'), ('crm', 'H', 'Halfway', 'halfway.io'), "
      "('crm', 'N', 'Nodata', 'nodata.io');");
  store::ScoreRunRecord run;
  run.plugin = run.scorer = "tempo";
  run.model_version = "1.0.0";
  run.profile = "default";
  run.computed_at = run.as_of = "2026-06-30T00:00:00.000Z";
  run.params_json = "{\"partial_below_coverage\":0.6}";
  const auto subject = [](const std::string& id, const std::string& domain) {
    return store::ScoreSubject{"partner", "crm", id, "domain:" + domain};
  };
  std::vector<plugin::MetricRow> metrics;
  plugin::MetricRow m;
  m.scope = "partner";
  m.partner_connection = "crm";
  m.partner_id = "N";
  m.partner_key = "domain:nodata.io";
  m.dimension = "M";
  m.metric = "M2";
  m.status = "insufficient_data";
  m.explanation = "insufficient data: 3 closed deals with Nodata; 10 needed";
  m.n = 3;
  metrics.push_back(m);
  const std::vector<store::DimensionScore> dimensions = {
      {subject("A", "alpha.io"), "T", 80.0, 0.5, 1.0},
      {subject("H", "halfway.io"), "M", 40.0, 0.5, 0.4},
      {subject("N", "nodata.io"), "M", std::nullopt, 0.0, 0.0},
  };
  const std::vector<store::TotalScore> totals = {
      {store::ScoreSubject{"ecosystem", "", "", ""}, 50.0, 0.5, 1.0},
      {subject("A", "alpha.io"), 80.0, 0.5, 1.0},
      {subject("H", "halfway.io"), 40.0, 0.2, 0.4},
      {subject("N", "nodata.io"), std::nullopt, 0.0, 0.0},
  };
  REQUIRE(store::WriteScoreRun(store.db(), run, metrics, dimensions, totals).ok());
}

TEST_CASE("insufficient data is said so in every format, never 0, and partial composites marked") {
  ScoreStore store;
  WriteCraftedRun(store);
  const std::string text = Render(store);
  CHECK(Block(text, "RANKING") ==
        Strings{
            "RANKING (3 partners)",
            "   #  partner                          TEMPO    T    E    M    P    O  coverage  "
            "confidence  change",
            "   1  Alpha                               80   80    -    -    -    -      1.00     "
            "   0.50",
            "   2  Halfway                             40    -    -   40    -    -      0.40     "
            "   0.20          partial",
            "   -  Nodata                               -    -    -    -    -    -      0.00     "
            "   0.00          insufficient data",
            "      ecosystem                           50    -    -    -    -    -      1.00     "
            "   0.50",
            "  (\"-\": insufficient data, not 0; partial: coverage below 0.60)",
        });
  CHECK_THAT(text, Contains("\n- Nodata  (domain:nodata.io; partner row crm/N)\n"
                            "  TEMPO insufficient data (coverage 0.00, confidence 0.00)\n"
                            "  T Trust insufficient data | E Embedded insufficient data | M "
                            "Monetizing insufficient data | P Product insufficient data | O "
                            "Outside-in insufficient data\n"
                            "  M2   insufficient data    -  n 3\n"));
  CHECK_THAT(text, Contains("  3 partners scored: 2 with a TEMPO score (1 partial), 1 without "
                            "(insufficient data)"));

  report::ReportOptions csv;
  csv.format = report::Format::kCsv;
  const Strings rows = Lines(Render(store, csv));
  const auto row = [&](const std::string& prefix) {
    for (const std::string& r : rows) {
      if (r.rfind(prefix, 0) == 0) return r;
    }
    return std::string("(no row " + prefix + ")");
  };
  CHECK(row("1,2026-06-30T00:00:00.000Z,partner,,Nodata,domain:nodata.io,tempo,") ==
        "1,2026-06-30T00:00:00.000Z,partner,,Nodata,domain:nodata.io,tempo,TEMPO,,"
        "insufficient_data,,,,,,,,0,0,,");
  CHECK(row("1,2026-06-30T00:00:00.000Z,partner,2,Halfway,domain:halfway.io,tempo,") ==
        "1,2026-06-30T00:00:00.000Z,partner,2,Halfway,domain:halfway.io,tempo,TEMPO,,partial,40,"
        ",,,,,,0.2,0.4,,");
  CHECK(row("1,2026-06-30T00:00:00.000Z,partner,,Nodata,domain:nodata.io,metric,M2") ==
        "1,2026-06-30T00:00:00.000Z,partner,,Nodata,domain:nodata.io,metric,M2,M,"
        "insufficient_data,,,,,,3,,,,0,insufficient data: 3 closed deals with Nodata; 10 needed");

  report::ReportOptions html;
  html.format = report::Format::kHtml;
  const std::string page = Render(store, html);
  // Two ranking bars (Alpha, Halfway); Nodata gets the words instead of an empty bar.
  CHECK(Count(page, "class=\"rank-bar") == 2);
  CHECK(Count(page, "class=\"rank-bar faint\"") == 1);
  CHECK_THAT(page, Contains(">40 partial</text>"));
  CHECK_THAT(page, Contains("<strong>insufficient data</strong>"));
}

TEST_CASE("CSV: one row per subject and measure, numbers in full, RFC 4180 quoting") {
  ScoreStore store;
  ScoreHand(store);
  report::ReportOptions options;
  options.format = report::Format::kCsv;
  const std::string csv = Render(store, options);
  CHECK(Count(csv, "\r\n") == Count(csv, "\n"));  // CRLF line ends
  const Strings rows = Lines(csv);
  // The header, the ecosystem's composite, 5 dimensions and 19 metrics, then per partner its
  // composite, 5 dimensions and 18 metrics.
  CHECK(rows.size() == 1 + (1 + 5 + 19) + 3 * (1 + 5 + 18));
  CHECK(rows[0] ==
        "run_id,as_of,scope,rank,partner,partner_key,level,code,dimension,status,score,"
        "previous_score,change,numerator,denominator,n,raw_value,confidence,coverage,"
        "evidence_count,explanation");
  CHECK_THAT(rows[1], StartsWith("1,2026-06-30T23:59:59.999Z,ecosystem,,ecosystem,,tempo,TEMPO,,"
                                 "ok,64.2576"));
  const auto find = [&](const std::string& prefix) {
    for (const std::string& r : rows) {
      if (r.rfind(prefix, 0) == 0) return r;
    }
    return std::string("(no row " + prefix + ")");
  };
  const std::string acme = "1,2026-06-30T23:59:59.999Z,partner,2,ACME Cloud,domain:acme.io,";
  CHECK_THAT(find(acme + "tempo"), StartsWith(acme + "tempo,TEMPO,,ok,46.2"));
  CHECK(find(acme + "dimension,P") == acme + "dimension,P,P,ok,83.33333333,,,,,,,,,,");
  CHECK(find(acme + "metric,T1") ==
        acme +
            "metric,T1,T,ok,25,,,1,4,5,0.25,0.7142857143,,5,\"we gave ACME Cloud 1 intro and "
            "received 4 (2 leads, 1 sourced deal, 1 intro) in the 365 days to 2026-06-30: "
            "reciprocity 25% (1/4)\"");
  // Gamma's T1: no score, not 0.
  CHECK_THAT(find("1,2026-06-30T23:59:59.999Z,partner,3,Gamma,domain:gamma.net,metric,T1"),
             Contains(",T1,T,insufficient_data,,,,,,0,,,,0,\"insufficient data: we gave Gamma"));
}

TEST_CASE("JSON: the run, every subject with scores, change and metrics with their evidence") {
  ScoreStore store;
  ScoreHand(store);
  report::ReportOptions options;
  options.format = report::Format::kJson;
  const std::string json = Render(store, options);
  simdjson::dom::parser parser;
  const simdjson::dom::element doc = parser.parse(simdjson::padded_string(json));
  CHECK(int64_t(doc["run"]["id"]) == 1);
  CHECK(std::string_view(doc["run"]["profile"]) == "default");
  CHECK(double(doc["run"]["weights"]["M"]) == Approx(0.3));
  CHECK(std::string_view(doc["run"]["connections_not_read"].at(0)["connection"]) == "broken");
  CHECK(doc["previous_run"].is_null());
  CHECK(int64_t(doc["partners_in_run"]) == 3);
  std::vector<std::string> names;
  for (const simdjson::dom::element p : doc["partners"].get_array()) {
    const std::string name(p["name"].get_string().value());
    names.push_back(name);
    if (name == "Beta Partners") {
      CHECK(int64_t(p["rank"]) == 1);
      CHECK(double(p["tempo"]) ==
            Approx(0.15 * (0 + 250.0 / 3 + 25) / 3 + 0.2 * 50.0 / 3 + 0.3 * 250.0 / 3 + 0.2 * 100));
      CHECK(double(p["dimensions"]["P"]) == 0);  // a true 0, not null
      CHECK(p["change"].is_null());
    }
    if (name == "Gamma") {
      const simdjson::dom::element t1 = p["metrics"].at(0);
      CHECK(std::string_view(t1["metric"]) == "T1");
      CHECK(std::string_view(t1["status"]) == "insufficient_data");
      CHECK(t1["normalized"].is_null());
    }
    if (name == "ACME Cloud") {
      const simdjson::dom::element t1 = p["metrics"].at(0);
      CHECK(double(t1["normalized"]) == 25);
      CHECK(int64_t(t1["evidence"]["count"]) == 5);
      const simdjson::dom::element first = t1["evidence"]["first"].at(0);
      CHECK(std::string_view(first["role"]) == "numerator");
      CHECK(std::string_view(first["table"]) == "partner_activity");
      CHECK(std::string_view(first["source_id"]) == "AC-1");
      CHECK(std::string_view(t1["evidence"]["sql"]) ==
            report::EvidenceSql(1, "T1", "domain:acme.io"));
    }
  }
  CHECK(names == Strings{"Beta Partners", "ACME Cloud", "Gamma"});
}

TEST_CASE(
    "the report for --partner narrows to one partner by name in any case or by key, unknown names "
    "get help") {
  ScoreStore store;
  ScoreHand(store);
  report::ReportOptions options;
  options.partner = "acme cloud";
  const std::string text = Render(store, options);
  CHECK(Block(text, "RANKING").size() == 5);  // title, header, Acme, ecosystem, legend
  CHECK_THAT(text, Contains("RANKING (1 of 3 partners)") && Contains("\n#2 ACME Cloud  (") &&
                       !Contains("Beta Partners  (") && !Contains("Gamma  ("));
  CHECK_THAT(text, Contains("domain:acme.io") && !Contains("partner_key = 'domain:beta.com'"));
  // The ecosystem's scores stay for comparison; its metrics are the full report's.
  CHECK_THAT(text, Contains("\nECOSYSTEM\n  TEMPO 64 (coverage 1.00, confidence 0.35)\n") &&
                       Contains("  (its metrics: the report without --partner)\n") &&
                       !Contains("scope = 'ecosystem'"));
  options.partner = "domain:beta.com";
  CHECK_THAT(Render(store, options),
             Contains("\n#1 Beta Partners  (") && !Contains("ACME Cloud  ("));

  options.partner = "Acme Clod";
  Status unknown = RenderError(store, options);
  CHECK(unknown.code() == StatusCode::kInvalidArgument);
  CHECK(unknown.message() ==
        "no partner 'Acme Clod' in score run 1; did you mean: 'ACME Cloud' (domain:acme.io)?");
}

TEST_CASE("the change since the previous run of the same scorer and profile, by as-of date") {
  ScoreStore store;
  LoadHand(store);
  // Run 1 as of 2026-09-30 first; Gamma's partner row is deleted in July, so it is gone then,
  // and Future Co's partnership began on July 1 (91 days before September 30: old enough to be
  // scored). Run 2, computed later, looks back to June.
  // Run 3 is another profile between them: never compared with the default profile's runs.
  store.Exec("UPDATE partner SET deleted_at = '2026-07-15T00:00:00.000Z' WHERE source_id = 'P3'");
  const int64_t september = Score(store, "2026-09-30");
  const int64_t june = Score(store, "2026-06-30");
  Score(store, "2026-07-31", "channel");
  const auto tempo = [&](int64_t run, const std::string& key) {
    return store.Count(
               "SELECT CAST(round(tempo * 1e6) AS INTEGER) FROM v_partner_scores WHERE "
               "run_id = " +
               std::to_string(run) + " AND coalesce(partner_key, '') = '" + key + "'") /
           1e6;
  };

  report::ReportOptions options;
  options.run_id = september;
  const std::string text = Render(store, options);
  CHECK_THAT(text, Contains("\ncompared with score run 2 (as of 2026-06-30T23:59:59.999Z)\n"));
  const Strings changes = Block(text, "CHANGE SINCE SCORE RUN 2");
  REQUIRE(changes.size() == 7);
  CHECK(changes[0] == "CHANGE SINCE SCORE RUN 2 (as of 2026-06-30T23:59:59.999Z)");
  const auto expected_row = [&](const std::string& name, const std::string& key) {
    const double then = tempo(june, key), now = tempo(september, key);
    return name + " " + report::Points(then) + " -> " + report::Points(now) + " (" +
           report::SignedPoints(now - then) + ")";
  };
  const auto squeeze = [](const std::string& line) {
    std::string out;
    for (char c : line) {
      if (c != ' ' || (!out.empty() && out.back() != ' ')) out += c;
    }
    return out;
  };
  CHECK_THAT(squeeze(changes[2]), StartsWith(expected_row("ACME Cloud", "domain:acme.io")));
  CHECK_THAT(squeeze(changes[3]), StartsWith(expected_row("Beta Partners", "domain:beta.com")));
  CHECK(squeeze(changes[4]) == "Future Co new");
  CHECK_THAT(squeeze(changes[5]), StartsWith(expected_row("ecosystem", "")));
  CHECK(changes[6] == "  no longer scored: Gamma (domain:gamma.net; TEMPO 0 in run 2)");
  std::string future_row;
  for (const std::string& line : Block(text, "RANKING")) {
    if (line.find("Future Co") != std::string::npos) future_row = squeeze(line);
  }
  CHECK_THAT(future_row,
             Contains(" Future Co " + report::Points(tempo(september, "domain:future.co")) + " ") &&
                 Catch::Matchers::EndsWith(" new"));

  // The latest run (by id) is the channel one: nothing of its profile before it. June's is the
  // first of the default profile.
  const std::string latest = Render(store);
  CHECK_THAT(latest, StartsWith("TEMPO report: score run 3,") &&
                         Contains("no earlier score run of scorer tempo with profile channel") &&
                         !Contains("CHANGE SINCE"));
  options.run_id = june;
  CHECK_THAT(Render(store, options), Contains("no earlier score run of scorer tempo with profile "
                                              "default to compare with"));

  // JSON and CSV carry the same change.
  options.run_id = september;
  options.format = report::Format::kCsv;
  const std::string csv = Render(store, options);
  CHECK_THAT(csv, Contains(",partner,,Gamma,domain:gamma.net,tempo,TEMPO,,dropped,,0,"));
  const std::string acme_then = store.Text(
      "SELECT printf('%.10g', tempo) FROM v_partner_scores WHERE partner_key = 'domain:acme.io' "
      "AND run_id = " +
      std::to_string(june));
  CHECK_THAT(csv, Contains(",ACME Cloud,domain:acme.io,tempo,TEMPO,,ok,") &&
                      Contains("," + acme_then + ","));
  options.format = report::Format::kJson;
  CHECK_THAT(Render(store, options),
             Contains("\"previous_run\":{\"id\":2,\"as_of\":\"2026-06-30T23:59:59.999Z\"") &&
                 Contains("\"dropped\":[{\"name\":\"Gamma\",\"partner_key\":\"domain:gamma.net\","
                          "\"previous_tempo\":0,\"previous_rank\":3}]") &&
                 Contains("\"trend\":{\"runs\":[{\"run_id\":2,\"as_of\":\"2026-06-30T23:59:59.999Z"
                          "\"},{\"run_id\":1,\"as_of\":\"2026-09-30T23:59:59.999Z\"}]"));
}

TEST_CASE("HTML: one self-contained page, every name escaped, the charts drawn") {
  ScoreStore store;
  LoadHand(store);
  store.Exec(
      "INSERT INTO partner (connection, source_id, name, domain, partnered_at) VALUES "
      "('prm', 'P9', 'Zeta <script>alert(\"x\")</script> & Sons', 'zeta.io', '2023-01-01')");
  Score(store, "2026-03-31");
  Score(store, "2026-06-30");
  report::ReportOptions options;
  options.format = report::Format::kHtml;
  const std::string page = Render(store, options);
  CHECK_THAT(page, StartsWith("<!DOCTYPE html>\n<html lang=\"en\">"));
  CHECK_THAT(page, Contains("</html>"));
  // No script anywhere (the partner's name is data), nothing fetched.
  CHECK(Count(page, "<script") == 0);
  CHECK_THAT(page, Contains("Zeta &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; Sons"));
  CHECK(Count(page, "src=") == 0);
  CHECK(Count(page, "<link") == 0);
  CHECK(Count(page, "url(") == 0);
  CHECK(Count(page, "http") == Count(page, "http://www.w3.org/2000/svg"));
  // The ranking, the trend (two runs), the ecosystem's dimensions, one per partner.
  CHECK(Count(page, "<svg") == 1 + 1 + 1 + 4);
  CHECK(Count(page, "class=\"rank-bar") == 4);
  CHECK(Count(page, "class=\"trend-line\"") == 5);  // the ecosystem and four partners
  CHECK(Count(page, "<article class=\"partner\"") == 4);
  CHECK_THAT(page, Contains("@media print"));
  CHECK_THAT(page, Contains("<h2>Change since score run 1</h2>"));
  CHECK_THAT(page, Contains("<pre class=\"sql\">" +
                            report::HtmlEscape(report::EvidenceSql(2, "T1", "domain:acme.io")) +
                            "</pre>"));
}

TEST_CASE("no score run yet, an unknown run or scorer: errors that say what to do") {
  ScoreStore store;
  Status none = RenderError(store, {});
  CHECK(none.code() == StatusCode::kNotFound);
  CHECK(none.message() == "store " + store.path() +
                              " has no score run yet: score the partners first (tempo score), "
                              "then report");
  ScoreHand(store);
  report::ReportOptions options;
  options.run_id = 9;
  Status unknown = RenderError(store, options);
  CHECK(unknown.code() == StatusCode::kInvalidArgument);
  CHECK(unknown.message() == "no score run 9 in store " + store.path() +
                                 "; its runs are 1 (without --run the report shows the latest)");
  options = {};
  options.scorer = "other";
  Status scorer = RenderError(store, options);
  CHECK(scorer.code() == StatusCode::kInvalidArgument);
  CHECK(scorer.message() == "no score run of scorer 'other' in store " + store.path() +
                                "; it has runs of: tempo (tempo score --scorer NAME scores with "
                                "another scorer)");
  options.scorer = "tempo";
  CHECK_THAT(Render(store, options), StartsWith("TEMPO report: score run 1,"));

  Result<std::unique_ptr<store::Db>> missing =
      report::OpenStoreForReport(store.dir().File("nope.db"));
  REQUIRE_FALSE(missing.ok());
  CHECK(missing.status().message() ==
        "store " + store.dir().File("nope.db") +
            " does not exist yet: sync the connections (tempo sync CONNECTION) and score them "
            "(tempo score), then report");
}

TEST_CASE("a store from before the score views gets them when opened for a report") {
  TempDir dir;
  const std::string path = dir.File("old.db");
  {
    Result<std::unique_ptr<store::Db>> db = store::Db::Open(path);
    REQUIRE(db.ok());
    for (size_t i = 0; i < 5; ++i) REQUIRE((*db)->Exec(store::Migrations()[i]).ok());
    REQUIRE((*db)->Exec("PRAGMA user_version = 5").ok());
  }
  Result<std::unique_ptr<store::Db>> db = report::OpenStoreForReport(path);
  INFO(db.status().message());
  REQUIRE(db.ok());
  CHECK(QueryInt(**db, "PRAGMA user_version") == static_cast<int64_t>(store::Migrations().size()));
  CHECK(QueryInt(**db,
                 "SELECT count(*) FROM sqlite_schema WHERE type = 'view' AND name IN "
                 "('v_partner_scores', 'v_score_explanations', 'v_score_evidence')") == 3);
  std::ostringstream out;
  CHECK(report::Render(**db, {}, out).code() == StatusCode::kNotFound);
}

}  // namespace
}  // namespace tempo::testing
