// tempo report: the report of a score run (host/report) as text, CSV or JSON on stdout or into
// a file, or as an HTML page written to a file (by default tempo-report.html next to the store).
#include <filesystem>
#include <iostream>

#include "cli/commands.h"
#include "report/report.h"

namespace tempo::cli {

int ReportCommand(const GlobalOptions& g, const ReportArgs& args) {
  Result<config::Config> config = LoadConfigFor(g);
  if (!config.ok()) return Fail(config.status(), kExitUsage);
  if (Status s = RequireSqliteStore(*config, "report"); !s.ok()) return Fail(s, kExitUsage);
  report::ReportOptions options;
  Result<report::Format> format = report::ParseFormat(args.json ? "json" : args.format);
  if (!format.ok()) return Fail(format.status(), kExitUsage);
  options.format = *format;
  if (args.run > 0) options.run_id = args.run;
  options.scorer = args.scorer;
  options.partner = args.partner;

  Result<std::unique_ptr<store::Db>> db = report::OpenStoreForReport(config->store_path);
  if (!db.ok())
    return Fail(Status(db.status().code(), "report: " + db.status().message()), kExitRunFailed);
  std::string out = args.out;
  if (out.empty() && options.format == report::Format::kHtml) {
    out = report::DefaultHtmlPath(config->store_path);
  }
  const Status s = out.empty() || out == "-" ? report::Render(**db, options, std::cout)
                                             : report::RenderToFile(**db, options, out);
  if (!s.ok()) {
    return Fail(Status(s.code(), "report: " + s.message()),
                s.code() == StatusCode::kInvalidArgument ? kExitUsage : kExitRunFailed);
  }
  if (!out.empty() && out != "-") {
    std::error_code ec;
    const std::filesystem::path written = std::filesystem::absolute(out, ec);
    std::cout << report::FormatName(options.format) << " report written to "
              << (ec ? out : written.lexically_normal().string()) << "\n";
  }
  return kExitOk;
}

}  // namespace tempo::cli
