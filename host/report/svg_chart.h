// The report's charts as inline SVG, drawn here: no library, no script, no network. Each chart
// is one <svg> element with a viewBox, so it scales with the page and prints sharp; text in it
// is escaped; a long label is shortened and kept whole in a <title> (the browser's tooltip).
// A value that could not be computed is drawn as the words "insufficient data", never as an
// empty bar (which would read as 0).
#ifndef TEMPO_HOST_REPORT_SVG_CHART_H_
#define TEMPO_HOST_REPORT_SVG_CHART_H_

#include <optional>
#include <string>
#include <vector>

namespace tempo::report {

// One bar of a bar chart on the 0-100 scale.
struct Bar {
  std::string label;
  std::optional<double> value;
  bool faint = false;            // drawn lighter, with `note` (a partial composite)
  std::string note;              // written after the value
  std::optional<double> marker;  // a tick at this value (the ecosystem's, to compare with)
};

// A reference line across all bars (the ecosystem's composite on the ranking).
struct ReferenceLine {
  std::string label;
  double value = 0;
};

// Horizontal bars, one row per bar, with a 0-25-50-75-100 axis. Each drawn bar is a <rect>
// of class `bar_class` (one per bar that has a value); `aria_label` describes the chart.
std::string BarChart(const std::vector<Bar>& bars, const std::string& bar_class,
                     const std::string& aria_label,
                     const std::optional<ReferenceLine>& reference = std::nullopt,
                     const std::string& marker_label = "");

// One line of a trend chart: a value per run, none where the subject had no score (the line
// breaks there).
struct TrendLine {
  std::string label;
  std::vector<std::optional<double>> values;
  bool emphasis = false;  // drawn dashed and darker (the ecosystem)
};

// Lines across runs (x: `runs`, the runs' dates, oldest first; y: 0-100), with a legend.
std::string TrendChart(const std::vector<std::string>& runs, const std::vector<TrendLine>& lines,
                       const std::string& aria_label);

}  // namespace tempo::report

#endif  // TEMPO_HOST_REPORT_SVG_CHART_H_
