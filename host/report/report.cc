// The face of the report stage: opening the store, loading, rendering, writing files.
#include "report/report.h"

#include <filesystem>
#include <sstream>

#include "report/atomic_file.h"
#include "report/load.h"
#include "report/render.h"
#include "store/schema.h"
#include "store/store.h"

namespace tempo::report {
namespace {

void RenderAs(const Report& report, Format format, std::ostream& out) {
  switch (format) {
    case Format::kText:
      RenderText(report, out);
      break;
    case Format::kCsv:
      RenderCsv(report, out);
      break;
    case Format::kJson:
      RenderJson(report, out);
      break;
    case Format::kHtml:
      RenderHtml(report, out);
      break;
  }
}

Result<Report> Load(store::Db& db, const ReportOptions& options) {
  LoadOptions load;
  load.run_id = options.run_id;
  load.scorer = options.scorer;
  load.partner = options.partner;
  return LoadReport(db, load);
}

Result<int64_t> SchemaVersion(store::Db& db) {
  Result<store::Stmt> stmt = db.Prepare("PRAGMA user_version");
  if (!stmt.ok()) return stmt.status();
  Result<bool> row = stmt->Step();
  if (!row.ok()) return row.status();
  return *row ? stmt->Int(0) : 0;
}

}  // namespace

std::string_view FormatName(Format format) {
  switch (format) {
    case Format::kText:
      return "text";
    case Format::kCsv:
      return "csv";
    case Format::kJson:
      return "json";
    case Format::kHtml:
      return "html";
  }
  return "text";
}

Result<Format> ParseFormat(std::string_view name) {
  for (Format f : {Format::kText, Format::kCsv, Format::kJson, Format::kHtml}) {
    if (FormatName(f) == name) return f;
  }
  return Status::InvalidArgument("unknown report format '" + std::string(name) +
                                 "': use text, csv, json or html");
}

Result<std::unique_ptr<store::Db>> OpenStoreForReport(const std::string& path) {
  std::error_code ec;
  if (!std::filesystem::exists(path, ec)) {
    return Status::NotFound("store " + path +
                            " does not exist yet: sync the connections (tempo sync CONNECTION) "
                            "and score them (tempo score), then report");
  }
  Result<std::unique_ptr<store::Db>> db = store::OpenStoreReadOnly(path);
  if (!db.ok()) return db.status();
  Result<int64_t> version = SchemaVersion(**db);
  if (!version.ok()) return version.status();
  if (*version >= static_cast<int64_t>(store::Migrations().size())) return db;
  // A store an older Tempo wrote: migrate it once (the score views are views only), then read.
  db->reset();
  Result<std::unique_ptr<store::Db>> migrated = store::OpenStore(path);
  if (!migrated.ok()) {
    return Status(migrated.status().code(),
                  "store " + path + " is at schema " + std::to_string(*version) +
                      " and the report needs the score views of schema " +
                      std::to_string(store::Migrations().size()) +
                      ", which adding takes write access: " + migrated.status().message());
  }
  migrated->reset();
  return store::OpenStoreReadOnly(path);
}

Status Render(store::Db& db, const ReportOptions& options, std::ostream& out) {
  Result<Report> report = Load(db, options);
  if (!report.ok()) return report.status();
  RenderAs(*report, options.format, out);
  out.flush();
  if (!out) return Status::Io("cannot write the report: the output stream failed");
  return Status::Ok();
}

Status RenderToFile(store::Db& db, const ReportOptions& options, const std::string& path) {
  std::ostringstream text;
  if (Status s = Render(db, options, text); !s.ok()) return s;
  return WriteFileAtomically(path, text.str());
}

std::string DefaultHtmlPath(const std::string& store_path) {
  const std::filesystem::path store(store_path);
  return (store.has_parent_path() ? store.parent_path() / "tempo-report.html"
                                  : std::filesystem::path("tempo-report.html"))
      .string();
}

Status PrintTextAndWriteHtml(store::Db& db, std::ostream& text_out, const std::string& html_path) {
  Result<Report> report = Load(db, ReportOptions{});
  if (!report.ok()) return report.status();
  std::ostringstream html;
  RenderHtml(*report, html);
  if (Status s = WriteFileAtomically(html_path, html.str()); !s.ok()) return s;
  RenderText(*report, text_out);
  text_out << "\nHTML report: " << html_path << "\n";
  text_out.flush();
  return Status::Ok();
}

}  // namespace tempo::report
