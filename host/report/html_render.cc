// The HTML report: one self-contained page (inline CSS with a print stylesheet, inline SVG
// charts from svg_chart.h, no script, nothing fetched), readable in a browser and printable.
// Every piece of data is escaped (html_escape.h). Sections: the run, the ranking (chart and
// table), the trend when there are several runs, the ecosystem, the change since the previous
// run, then one article per partner with its dimension chart and its metrics.
#include <string>
#include <vector>

#include "config/weights.h"
#include "report/format.h"
#include "report/html_escape.h"
#include "report/render.h"
#include "report/svg_chart.h"

namespace tempo::report {
namespace {

constexpr const char* kStyle = R"css(
:root { color-scheme: light; }
body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #222;
  margin: 0 auto; max-width: 1100px; padding: 24px; background: #fff; }
h1 { font-size: 26px; margin: 0 0 4px; }
h2 { font-size: 20px; margin: 32px 0 8px; border-bottom: 2px solid #2f6fb0; padding-bottom: 4px; }
h3 { font-size: 17px; margin: 0 0 4px; }
.meta, .key, .legend, .muted { color: #666; }
.meta { margin: 2px 0; }
nav { margin: 12px 0; font-size: 13px; }
nav a { margin-right: 10px; color: #2f6fb0; }
table { border-collapse: collapse; width: 100%; margin: 8px 0; font-size: 13px; }
th, td { text-align: left; padding: 4px 6px; border-bottom: 1px solid #e3e6ea; vertical-align: top; }
th { background: #f3f5f8; font-weight: 600; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
.na { color: #888; font-style: italic; }
.badge { display: inline-block; font-size: 11px; padding: 0 6px; border-radius: 8px;
  background: #eef2f7; color: #345; margin-left: 4px; }
.badge.partial { background: #fdf0e1; color: #8a4b0f; }
.badge.new { background: #e6f4ea; color: #1e6b35; }
.status-ok { color: #1e6b35; }
.status-insufficient_data, .status-missing_source { color: #8a4b0f; font-style: italic; }
.up { color: #1e6b35; } .down { color: #b3261e; }
article.partner { border: 1px solid #e3e6ea; border-radius: 6px; padding: 14px 16px;
  margin: 16px 0; }
.summary { font-size: 15px; margin: 6px 0; }
.summary strong { font-size: 22px; }
svg.chart { display: block; max-width: 100%; height: auto; margin: 6px 0; }
pre.sql { margin: 4px 0 0; padding: 4px 6px; background: #f6f8fa; border-radius: 4px;
  font-size: 11px; white-space: pre-wrap; overflow-wrap: anywhere; }
.evidence { font-size: 12px; color: #444; margin-top: 4px; }
footer { margin-top: 36px; font-size: 12px; color: #777; }
@media print {
  body { max-width: none; padding: 0; font-size: 10pt; }
  nav { display: none; }
  h2 { break-after: avoid; }
  article.partner { break-inside: avoid-page; border: none; padding: 0; }
  section, svg.chart, tr { break-inside: avoid; }
  a { color: inherit; text-decoration: none; }
  * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
}
@page { margin: 14mm; }
)css";

std::string E(const std::string& text) { return HtmlEscape(text); }

// A score cell: the number, or the words for a missing value.
std::string ScoreCell(const std::optional<double>& v) {
  if (!v) return "<td class=\"num na\" title=\"insufficient data\">&ndash;</td>";
  return "<td class=\"num\">" + Points(v) + "</td>";
}

std::string ChangeCell(const std::optional<double>& delta, const std::string& missing = "") {
  if (!delta) return "<td class=\"num\">" + missing + "</td>";
  const std::string text = SignedPoints(delta);
  const char* css = text[0] == '+' ? "num up" : text[0] == '-' ? "num down" : "num";
  return std::string("<td class=\"") + css + "\">" + text + "</td>";
}

std::string Badges(const Scores& s, const Change& c) {
  std::string out;
  if (c.is_new) out += "<span class=\"badge new\">new</span>";
  if (!s.tempo) out += "<span class=\"badge na\">insufficient data</span>";
  if (s.partial) out += "<span class=\"badge partial\">partial</span>";
  return out;
}

std::string PartnerAnchor(size_t index) { return "partner-" + std::to_string(index + 1); }

void Header(const Report& r, std::string& html) {
  const RunInfo& run = r.run;
  html += "<header><h1>TEMPO partner report</h1>";
  html += "<p class=\"meta\">Score run " + std::to_string(run.id) + " &middot; scorer " +
          E(run.scorer) + " (plugin " + E(run.plugin) + " " + E(run.model_version) +
          ") &middot; profile " + E(run.profile) + " &middot; as of " + E(run.as_of) +
          (run.window_start.empty() ? "" : " (window from " + E(Day(run.window_start)) + ")") +
          " &middot; computed " + E(run.computed_at) + "</p>";
  std::string weights;
  for (size_t d = 0; d < kDimensionCount; ++d) {
    if (!run.weights[d]) continue;
    weights += (weights.empty() ? "" : ", ") + E(DimensionName(d)) + " " + Percent(*run.weights[d]);
  }
  if (!weights.empty()) html += "<p class=\"meta\">Weights: " + weights + "</p>";
  std::string read;
  for (const ReadConnection& c : run.read) {
    read += (read.empty() ? "" : ", ") + E(c.connection) + " (sync run " +
            std::to_string(c.sync_run_id) + ")";
  }
  html += "<p class=\"meta\">Data read: " + (read.empty() ? "no connection" : read) + "</p>";
  for (const ExcludedConnection& c : run.excluded) {
    html += "<p class=\"meta\">Not read: <strong>" + E(c.connection) + "</strong>: " + E(c.reason) +
            "</p>";
  }
  html += "<p class=\"meta\">" +
          (r.previous ? "Compared with score run " + std::to_string(r.previous->id) + " (as of " +
                            E(r.previous->as_of) + ")."
                      : std::string("No earlier score run of this scorer and profile to compare "
                                    "with.")) +
          "</p>";
  if (!r.partner_filter.empty()) {
    html += "<p class=\"meta\">Narrowed to one partner (--partner " + E(r.partner_filter) +
            ") of the " + std::to_string(r.partners_in_run) + " the run scored.</p>";
  }
  html += "</header><nav><a href=\"#ranking\">Ranking</a>";
  if (r.trend_runs.size() >= 2) html += "<a href=\"#trend\">Trend</a>";
  html += "<a href=\"#ecosystem\">Ecosystem</a>";
  if (r.previous) html += "<a href=\"#changes\">Changes</a>";
  html += "<a href=\"#partners\">Partners</a></nav>";
}

void Ranking(const Report& r, std::string& html) {
  html += "<section id=\"ranking\"><h2>Ranking</h2>";
  std::vector<Bar> bars;
  for (const Subject& p : r.partners) {
    Bar bar;
    bar.label = (p.scores.rank ? "#" + std::to_string(*p.scores.rank) + " " : "") + p.scores.name;
    bar.value = p.scores.tempo;
    bar.faint = p.scores.partial;
    bar.note = p.scores.partial ? "partial" : "";
    bars.push_back(std::move(bar));
  }
  std::optional<ReferenceLine> reference;
  if (r.ecosystem.scores.tempo) reference = ReferenceLine{"ecosystem", *r.ecosystem.scores.tempo};
  html += BarChart(bars, "rank-bar", "TEMPO score per partner, best first", reference);
  html +=
      "<table class=\"scores\"><thead><tr><th class=\"num\">#</th><th>Partner</th>"
      "<th class=\"num\">TEMPO</th>";
  for (size_t d = 0; d < kDimensionCount; ++d) {
    html += "<th class=\"num\" title=\"" + E(DimensionName(d)) + "\">" +
            std::string(config::kDimensionCodes[d]) + "</th>";
  }
  html +=
      "<th class=\"num\">Coverage</th><th class=\"num\">Confidence</th>"
      "<th class=\"num\">Change</th></tr></thead><tbody>";
  const auto row = [&](const Subject& s, const std::string& rank, const std::string& name) {
    html += "<tr><td class=\"num\">" + rank + "</td><td>" + name + Badges(s.scores, s.change) +
            "</td>" + ScoreCell(s.scores.tempo);
    for (const auto& d : s.scores.dimensions) html += ScoreCell(d);
    html += "<td class=\"num\">" + Fraction(s.scores.coverage) + "</td><td class=\"num\">" +
            Fraction(s.scores.confidence) + "</td>" + ChangeCell(s.change.tempo) + "</tr>";
  };
  for (size_t i = 0; i < r.partners.size(); ++i) {
    const Subject& p = r.partners[i];
    row(p, p.scores.rank ? std::to_string(*p.scores.rank) : "&ndash;",
        "<a href=\"#" + PartnerAnchor(i) + "\">" + E(p.scores.name) + "</a>");
  }
  row(r.ecosystem, "", "<em>ecosystem</em>");
  html +=
      "</tbody></table><p class=\"legend\">&ndash; insufficient data (no score, not 0). "
      "Partial: coverage below " +
      Fraction(r.run.partial_below) +
      ". Coverage: the weight of the dimensions that could be scored; confidence: how much "
      "of the score rests on data.</p></section>";
}

void Trend(const Report& r, std::string& html) {
  if (r.trend_runs.size() < 2) return;
  std::vector<std::string> dates;
  for (const TrendRun& t : r.trend_runs) dates.push_back(Day(t.as_of));
  std::vector<TrendLine> lines;
  for (const TrendSeries& s : r.trend) {
    lines.push_back({s.name, s.tempo, s.partner_key.empty()});
  }
  html +=
      "<section id=\"trend\"><h2>TEMPO over time</h2><p class=\"muted\">The composite in the "
      "last " +
      std::to_string(r.trend_runs.size()) + " score runs of scorer " + E(r.run.scorer) +
      " with profile " + E(r.run.profile) + ", by as-of date.</p>";
  html += TrendChart(dates, lines, "TEMPO score across score runs");
  html += "</section>";
}

void Metrics(const std::vector<Metric>& metrics, std::string& html) {
  html +=
      "<table class=\"metrics\"><thead><tr><th>Metric</th><th>Status</th>"
      "<th class=\"num\">Score</th><th>Numbers</th><th>Explanation and evidence</th></tr>"
      "</thead><tbody>";
  for (const Metric& m : metrics) {
    html += "<tr><td><strong>" + E(m.code) + "</strong></td><td class=\"status-" + E(m.status) +
            "\">" + E(StatusLabel(m.status)) + "</td>";
    html += m.normalized ? "<td class=\"num\">" + Points(m.normalized) + "</td>"
                         : "<td class=\"num na\">&ndash;</td>";
    html += "<td>" + E(MetricNumbers(m)) + "</td><td>" + E(m.explanation);
    if (m.evidence_count > 0) {
      std::string first;
      for (const EvidenceRecord& e : m.evidence) {
        first += (first.empty() ? "" : ", ") + E(EvidenceLabel(e)) + " (" + E(e.role) + ")";
      }
      html += "<div class=\"evidence\">Evidence: " + std::to_string(m.evidence_count) +
              (m.evidence_count == 1 ? " record" : " records") +
              (static_cast<size_t>(m.evidence_count) > m.evidence.size() ? ", first: " : ": ") +
              first + "</div><pre class=\"sql\">" + E(m.evidence_sql) + "</pre>";
    } else {
      html += "<div class=\"evidence\">Evidence: none</div>";
    }
    html += "</td></tr>";
  }
  html += "</tbody></table>";
}

std::string Summary(const Subject& s) {
  std::string out = "<p class=\"summary\">TEMPO <strong>" + Points(s.scores.tempo, kInsufficient) +
                    "</strong> &middot; coverage " + Fraction(s.scores.coverage) +
                    " &middot; confidence " + Fraction(s.scores.confidence) +
                    Badges(s.scores, s.change);
  if (s.change.compared && !s.change.is_new && s.change.tempo) {
    out += " &middot; " + SignedPoints(s.change.tempo) + " since the previous run (" +
           Points(s.change.previous_tempo) + ")";
  }
  return out + "</p>";
}

std::vector<Bar> DimensionBars(const Scores& s, const Scores* compare) {
  std::vector<Bar> bars;
  for (size_t d = 0; d < kDimensionCount; ++d) {
    Bar bar;
    bar.label = std::string(config::kDimensionCodes[d]) + " " + DimensionName(d);
    bar.value = s.dimensions[d];
    if (compare) bar.marker = compare->dimensions[d];
    bars.push_back(std::move(bar));
  }
  return bars;
}

void Ecosystem(const Report& r, std::string& html) {
  html += "<section id=\"ecosystem\"><h2>Ecosystem</h2>" + Summary(r.ecosystem);
  if (r.partner_filter.empty()) {
    size_t scored = 0, partial = 0;
    for (const Subject& p : r.partners) {
      scored += p.scores.tempo.has_value();
      partial += p.scores.partial;
    }
    html += "<p>" + std::to_string(r.partners.size()) +
            " partners scored: " + std::to_string(scored) + " with a TEMPO score (" +
            std::to_string(partial) + " partial), " + std::to_string(r.partners.size() - scored) +
            " without (insufficient data).</p>";
  }
  html += BarChart(DimensionBars(r.ecosystem.scores, nullptr), "dim-bar",
                   "The ecosystem's five dimension scores");
  if (r.partner_filter.empty()) {
    Metrics(r.ecosystem.metrics, html);
  } else {
    html += "<p class=\"muted\">The ecosystem's metrics are in the report of all partners.</p>";
  }
  html += "</section>";
}

void Changes(const Report& r, std::string& html) {
  if (!r.previous) return;
  html += "<section id=\"changes\"><h2>Change since score run " + std::to_string(r.previous->id) +
          "</h2><p class=\"muted\">As of " + E(r.previous->as_of) + " then, " + E(r.run.as_of) +
          " now.</p><table class=\"changes\"><thead><tr><th>Partner</th><th class=\"num\">"
          "TEMPO then</th><th class=\"num\">now</th><th class=\"num\">change</th>";
  for (std::string_view code : config::kDimensionCodes) {
    html += "<th class=\"num\">" + std::string(code) + "</th>";
  }
  html += "<th class=\"num\">Rank</th></tr></thead><tbody>";
  const auto rank = [](const std::optional<int64_t>& v) {
    return v ? std::to_string(*v) : std::string("&ndash;");
  };
  const auto row = [&](const Subject& s) {
    html += "<tr><td>" + E(s.scores.name) + "</td>";
    if (s.change.is_new) {
      html += "<td class=\"num\" colspan=\"9\"><span class=\"badge new\">new</span></td></tr>";
      return;
    }
    html += ScoreCell(s.change.previous_tempo) + ScoreCell(s.scores.tempo) +
            ChangeCell(s.change.tempo, "&ndash;");
    for (const auto& d : s.change.dimensions) html += ChangeCell(d, "&ndash;");
    html += "<td class=\"num\">" +
            (s.scores.scope == "partner"
                 ? rank(s.change.previous_rank) + " &rarr; " + rank(s.scores.rank)
                 : std::string()) +
            "</td></tr>";
  };
  for (const Subject& p : r.partners) row(p);
  row(r.ecosystem);
  html += "</tbody></table>";
  for (const Scores& d : r.dropped) {
    html += "<p>No longer scored: <strong>" + E(d.name) + "</strong> (" + E(d.partner_key) +
            "; TEMPO " + Points(d.tempo) + " in run " + std::to_string(r.previous->id) + ").</p>";
  }
  html += "</section>";
}

void Partners(const Report& r, std::string& html) {
  html += "<section id=\"partners\"><h2>Partners</h2>";
  for (size_t i = 0; i < r.partners.size(); ++i) {
    const Subject& p = r.partners[i];
    html += "<article class=\"partner\" id=\"" + PartnerAnchor(i) + "\"><h3>" +
            (p.scores.rank ? "#" + std::to_string(*p.scores.rank) + " " : "") + E(p.scores.name) +
            "</h3><p class=\"key\">" + E(p.scores.partner_key) + " &middot; partner row " +
            E(p.scores.connection) + "/" + E(p.scores.partner_source_id) + "</p>" + Summary(p);
    html += BarChart(DimensionBars(p.scores, &r.ecosystem.scores), "dim-bar",
                     "Dimension scores of " + p.scores.name + " against the ecosystem", {},
                     "the ecosystem's score");
    Metrics(p.metrics, html);
    html += "</article>";
  }
  html += "</section>";
}

}  // namespace

void RenderHtml(const Report& report, std::ostream& out) {
  std::string html =
      "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
      "<title>TEMPO report: score run " +
      std::to_string(report.run.id) + "</title><style>" + kStyle + "</style></head><body>\n";
  Header(report, html);
  Ranking(report, html);
  Trend(report, html);
  Ecosystem(report, html);
  Changes(report, html);
  Partners(report, html);
  html +=
      "<footer>Written by <code>tempo report</code> from the store's score views "
      "(v_partner_scores, v_score_explanations, v_score_evidence). Every metric lists its "
      "evidence; run its SQL in <code>sqlite3</code> on the store to see all of it.</footer>"
      "\n</body></html>\n";
  out << html;
}

}  // namespace tempo::report
