// `tempo report`: the report of a score run (docs/scoring.md, "Reports") as text, CSV, JSON or
// a self-contained HTML page with SVG charts. The face of host/report: load.h reads the report
// model (model.h) from the store's score views, render.h writes it in each format.
//
// For `tempo demo`, one call prints the text report and writes the HTML page:
//   report::PrintTextAndWriteHtml(db, std::cout, report::DefaultHtmlPath(store_path));
#ifndef TEMPO_HOST_REPORT_REPORT_H_
#define TEMPO_HOST_REPORT_REPORT_H_

#include <cstdint>
#include <memory>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>

#include "common/status.h"
#include "store/sqlite.h"

namespace tempo::report {

enum class Format { kText, kCsv, kJson, kHtml };

// "text", "csv", "json", "html".
std::string_view FormatName(Format format);
// The format named `name` (as FormatName writes it); InvalidArgument otherwise.
Result<Format> ParseFormat(std::string_view name);

struct ReportOptions {
  Format format = Format::kText;
  std::optional<int64_t> run_id;  // none: the most recently computed score run
  std::string scorer;             // with no run_id: the latest run of this scorer
  std::string partner;            // narrow to one partner: display name or partner_key
};

// Opens the store at `path` for reading reports: read-only, after bringing an older store's
// schema up to date (the score views came with schema 6; that one step needs write access).
// NotFound, telling to sync and score first, when there is no store file.
Result<std::unique_ptr<store::Db>> OpenStoreForReport(const std::string& path);

// Writes the report of the run `options` choose in `options.format` to `out`. Errors as
// LoadReport's (load.h): NotFound when the store has no score run yet, InvalidArgument for an
// unknown run, scorer or partner, Io when the store cannot be read.
Status Render(store::Db& db, const ReportOptions& options, std::ostream& out);

// Like Render, into the file `path`, atomically (atomic_file.h).
Status RenderToFile(store::Db& db, const ReportOptions& options, const std::string& path);

// Where the HTML report goes without --out: tempo-report.html in the store's folder.
std::string DefaultHtmlPath(const std::string& store_path);

// For `tempo demo`: the text report of the latest score run to `text_out`, and the HTML report
// of the same run written atomically to `html_path`. The run is read once.
Status PrintTextAndWriteHtml(store::Db& db, std::ostream& text_out, const std::string& html_path);

}  // namespace tempo::report

#endif  // TEMPO_HOST_REPORT_REPORT_H_
