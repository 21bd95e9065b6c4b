// Bar and trend charts as inline SVG.
#include "report/svg_chart.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "report/format.h"
#include "report/html_escape.h"

namespace tempo::report {
namespace {

// Colors: bars, a partial (faint) bar, the comparison marks, the axis; then the trend lines.
constexpr const char* kBarColor = "#2f6fb0";
constexpr const char* kFaintColor = "#a9c4e4";
constexpr const char* kMarkColor = "#d9822b";
constexpr const char* kGridColor = "#d8dde3";
constexpr const char* kTextColor = "#333";
constexpr const char* kMutedColor = "#777";
constexpr const char* kLineColors[] = {"#2f6fb0", "#d9822b", "#3c9a5f", "#c2413b", "#7d5ba6",
                                       "#8c6d31", "#d35fb7", "#5f7f8f", "#b5a91f", "#1fa5b5"};

constexpr size_t kLabelChars = 34;
constexpr size_t kLegendChars = 24;

std::string Num(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f", v);
  return buf;
}

double Clamp(double v) { return std::max(0.0, std::min(100.0, v)); }

// A text element; `text` is escaped here.
std::string Text(double x, double y, const std::string& text, const std::string& attributes) {
  return "<text x=\"" + Num(x) + "\" y=\"" + Num(y) + "\" " + attributes + ">" + HtmlEscape(text) +
         "</text>";
}

// A label shortened to `chars`, with the whole text as its tooltip when shortened.
std::string Label(double x, double y, const std::string& label, size_t chars,
                  const std::string& attributes) {
  const std::string shown = Shorten(label, chars);
  if (shown == label) return Text(x, y, label, attributes);
  return "<g><title>" + HtmlEscape(label) + "</title>" + Text(x, y, shown, attributes) + "</g>";
}

std::string Line(double x1, double y1, double x2, double y2, const std::string& attributes) {
  return "<line x1=\"" + Num(x1) + "\" y1=\"" + Num(y1) + "\" x2=\"" + Num(x2) + "\" y2=\"" +
         Num(y2) + "\" " + attributes + "/>";
}

std::string Open(double width, double height, const std::string& css_class,
                 const std::string& aria_label) {
  return "<svg class=\"" + css_class + "\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 " +
         Num(width) + " " + Num(height) + "\" width=\"" + Num(width) + "\" height=\"" +
         Num(height) + "\" role=\"img\" aria-label=\"" + HtmlEscape(aria_label) +
         "\" font-family=\"sans-serif\" font-size=\"12\">";
}

}  // namespace

std::string BarChart(const std::vector<Bar>& bars, const std::string& bar_class,
                     const std::string& aria_label, const std::optional<ReferenceLine>& reference,
                     const std::string& marker_label) {
  constexpr double kWidth = 760, kLabelRight = 232, kX0 = 240, kPlotWidth = 420;
  constexpr double kRow = 24, kBar = 14, kAxis = 22;
  const bool markers =
      std::any_of(bars.begin(), bars.end(), [](const Bar& b) { return b.marker.has_value(); });
  const double top = reference ? 22 : 6;
  const double rows = kRow * static_cast<double>(bars.size());
  const double height = top + rows + kAxis + (markers && !marker_label.empty() ? 18 : 0);
  const auto x_of = [&](double v) { return kX0 + Clamp(v) / 100 * kPlotWidth; };

  std::string svg = Open(kWidth, height, "chart bar-chart", aria_label);
  svg += "<title>" + HtmlEscape(aria_label) + "</title>";
  for (int v = 0; v <= 100; v += 25) {
    svg += Line(x_of(v), top, x_of(v), top + rows, std::string("stroke=\"") + kGridColor + "\"");
    svg += Text(x_of(v), top + rows + 15, std::to_string(v),
                std::string("text-anchor=\"middle\" fill=\"") + kMutedColor + "\"");
  }
  for (size_t i = 0; i < bars.size(); ++i) {
    const Bar& bar = bars[i];
    const double y = top + kRow * static_cast<double>(i);
    const double baseline = y + kRow / 2 + 4;
    svg += Label(kLabelRight, baseline, bar.label, kLabelChars,
                 std::string("text-anchor=\"end\" fill=\"") + kTextColor + "\"");
    if (bar.value) {
      const double width = x_of(*bar.value) - kX0;
      svg += "<rect class=\"" + bar_class + (bar.faint ? " faint" : "") + "\" x=\"" + Num(kX0) +
             "\" y=\"" + Num(y + (kRow - kBar) / 2) + "\" width=\"" + Num(width) + "\" height=\"" +
             Num(kBar) + "\" fill=\"" + (bar.faint ? kFaintColor : kBarColor) + "\"><title>" +
             HtmlEscape(bar.label + ": " + Points(bar.value)) + "</title></rect>";
      std::string value = Points(bar.value);
      if (!bar.note.empty()) value += " " + bar.note;
      svg += Text(kX0 + width + 6, baseline, value,
                  std::string("fill=\"") + kTextColor + "\" font-weight=\"bold\"");
    } else {
      svg += Text(kX0 + 4, baseline, kInsufficient,
                  std::string("class=\"na\" fill=\"") + kMutedColor + "\" font-style=\"italic\"");
    }
    if (bar.marker) {
      svg += Line(x_of(*bar.marker), y + 2, x_of(*bar.marker), y + kRow - 2,
                  std::string("class=\"marker\" stroke=\"") + kMarkColor + "\" stroke-width=\"3\"");
    }
  }
  if (reference) {
    const double x = x_of(reference->value);
    svg += Line(x, top - 4, x, top + rows,
                std::string("class=\"reference\" stroke=\"") + kMarkColor +
                    "\" stroke-width=\"2\" stroke-dasharray=\"5 3\"");
    svg += Text(x, top - 8, reference->label + " " + Points(reference->value),
                std::string("text-anchor=\"middle\" fill=\"") + kMarkColor + "\"");
  }
  if (markers && !marker_label.empty()) {
    const double y = top + rows + kAxis + 10;
    svg += Line(kX0, y - 10, kX0, y + 2,
                std::string("stroke=\"") + kMarkColor + "\" stroke-width=\"3\"");
    svg += Text(kX0 + 8, y, marker_label, std::string("fill=\"") + kMutedColor + "\"");
  }
  return svg + "</svg>";
}

std::string TrendChart(const std::vector<std::string>& runs, const std::vector<TrendLine>& lines,
                       const std::string& aria_label) {
  constexpr double kWidth = 760, kX0 = 44, kX1 = 540, kTop = 14, kLegendX = 562, kLegendRow = 17;
  const double legend_height = kTop + kLegendRow * static_cast<double>(lines.size());
  const double plot_bottom = std::max(236.0, legend_height);
  const double height = plot_bottom + 30;
  const auto y_of = [&](double v) { return plot_bottom - Clamp(v) / 100 * (plot_bottom - kTop); };
  const size_t n = runs.size();
  const auto x_of = [&](size_t i) {
    return n < 2 ? (kX0 + kX1) / 2 : kX0 + (kX1 - kX0) * static_cast<double>(i) / (n - 1);
  };

  std::string svg = Open(kWidth, height, "chart trend-chart", aria_label);
  svg += "<title>" + HtmlEscape(aria_label) + "</title>";
  for (int v = 0; v <= 100; v += 25) {
    svg += Line(kX0, y_of(v), kX1, y_of(v), std::string("stroke=\"") + kGridColor + "\"");
    svg += Text(kX0 - 6, y_of(v) + 4, std::to_string(v),
                std::string("text-anchor=\"end\" fill=\"") + kMutedColor + "\"");
  }
  // Date labels about 70 units apart, the latest run always labeled.
  const size_t step = std::max<size_t>(
      1, static_cast<size_t>(std::ceil(70.0 * static_cast<double>(n) / (kX1 - kX0))));
  for (size_t i = 0; i < n; ++i) {
    const bool last = i + 1 == n;
    if (!last && (i % step != 0 || (n - 1 - i) < step)) continue;
    svg += Text(x_of(i), plot_bottom + 18, runs[i],
                std::string("text-anchor=\"middle\" fill=\"") + kMutedColor + "\"");
  }
  for (size_t k = 0; k < lines.size(); ++k) {
    const TrendLine& line = lines[k];
    const std::string color =
        line.emphasis ? kTextColor : kLineColors[k % (sizeof kLineColors / sizeof *kLineColors)];
    std::string path;
    bool drawing = false;
    std::string points;
    for (size_t i = 0; i < n && i < line.values.size(); ++i) {
      if (!line.values[i]) {
        drawing = false;
        continue;
      }
      path += (drawing ? " L" : " M") + Num(x_of(i)) + " " + Num(y_of(*line.values[i]));
      drawing = true;
      points += "<circle class=\"trend-point\" cx=\"" + Num(x_of(i)) + "\" cy=\"" +
                Num(y_of(*line.values[i])) + "\" r=\"3\" fill=\"" + color + "\"><title>" +
                HtmlEscape(line.label + ", " + runs[i] + ": " + Points(line.values[i])) +
                "</title></circle>";
    }
    if (!path.empty()) {
      svg += "<path class=\"trend-line\" d=\"" + path.substr(1) + "\" fill=\"none\" stroke=\"" +
             color + "\" stroke-width=\"" + (line.emphasis ? "3" : "2") + "\"" +
             (line.emphasis ? " stroke-dasharray=\"6 4\"" : "") + "/>";
    }
    svg += points;
    const double y = kTop + kLegendRow * static_cast<double>(k) + 4;
    svg += Line(kLegendX, y, kLegendX + 18, y,
                "stroke=\"" + color + "\" stroke-width=\"3\"" +
                    (line.emphasis ? " stroke-dasharray=\"6 4\"" : ""));
    svg += Label(kLegendX + 24, y + 4, line.label, kLegendChars,
                 std::string("fill=\"") + kTextColor + "\"");
  }
  return svg + "</svg>";
}

}  // namespace tempo::report
