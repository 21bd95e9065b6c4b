// The report's renderers: one per format, each a function of the report model alone (no I/O
// but the stream it writes to). Text is for a terminal (the style of `tempo score`'s summary),
// CSV for spreadsheets (one row per partner and measure), JSON for programs, HTML for people
// (one self-contained page with inline SVG charts, printable).
#ifndef TEMPO_HOST_REPORT_RENDER_H_
#define TEMPO_HOST_REPORT_RENDER_H_

#include <ostream>

#include "report/model.h"

namespace tempo::report {

void RenderText(const Report& report, std::ostream& out);  // text_render.cc
void RenderCsv(const Report& report, std::ostream& out);   // csv_render.cc
void RenderJson(const Report& report, std::ostream& out);  // json_render.cc
void RenderHtml(const Report& report, std::ostream& out);  // html_render.cc

}  // namespace tempo::report

#endif  // TEMPO_HOST_REPORT_RENDER_H_
