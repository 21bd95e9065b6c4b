// ExportSource: the export files' rows as reported overlaps, over the file source library.
#include "export_source.h"

#include <utility>
#include <vector>

#include "csv_reader.h"
#include "file_listing.h"
#include "file_run.h"
#include "tempo/time.hpp"

namespace tempo::reveal {
namespace {

using file::CsvReader;
using file::CsvRow;
using file::SourceFile;
using sdk::Status;

constexpr std::string_view kStateOwner = "reveal connector";

// Prefixes a failure with the stream it concerns.
Status InStream(const std::string& stream, const Status& s) {
  if (s.ok()) return s;
  return Status(s.code(), "stream '" + stream + "': " + s.message());
}

// The cell of `field` in `fields`, or "" when the file has no such column.
std::string_view Cell(const HeaderMap& map, Field field,
                      const std::vector<std::string_view>& fields) {
  return map.Has(field) ? fields[map[field]] : std::string_view();
}

ReportedOverlap FromRow(const HeaderMap& map, const std::vector<std::string_view>& fields) {
  ReportedOverlap r;
  r.account_name = Cell(map, Field::kAccountName, fields);
  r.account_domain = Cell(map, Field::kAccountDomain, fields);
  r.account_crm_id = Cell(map, Field::kAccountCrmId, fields);
  r.our_status = Cell(map, Field::kOurStatus, fields);
  r.open_opportunity = Cell(map, Field::kOpenOpportunity, fields);
  r.partner_name = Cell(map, Field::kPartnerName, fields);
  r.partner_domain = Cell(map, Field::kPartnerDomain, fields);
  r.partner_status = Cell(map, Field::kPartnerStatus, fields);
  r.partner_open_opportunity = Cell(map, Field::kPartnerOpenOpportunity, fields);
  return r;
}

// "no account: 'Company Name' and 'Website' are empty", naming the columns the file has.
std::string WhyUnusable(Unusable why, const HeaderMap& map,
                        const std::vector<std::string>& header) {
  const bool account = why == Unusable::kNoAccount;
  const Field name = account ? Field::kAccountName : Field::kPartnerName;
  const Field domain = account ? Field::kAccountDomain : Field::kPartnerDomain;
  std::string columns;
  for (Field f : {name, domain}) {
    if (!map.Has(f)) continue;
    columns += (columns.empty() ? "'" : " and '") + header[map[f]] + "'";
  }
  const bool both = map.Has(name) && map.Has(domain);
  return std::string(account ? "no account" : "no partner") + ": " + columns +
         (both ? " are" : " is") + " empty";
}

// One Read() of one stream.
class ExportRead {
 public:
  ExportRead(sdk::Context& ctx, const Config& config, const ExportOptions& options,
             const std::string& stream_name, RevealStream stream, bool incremental)
      : ctx_(ctx),
        config_(config),
        options_(options),
        stream_name_(stream_name),
        stream_(stream),
        // Pages are flushed by `run_` before they reach page_rows records.
        batch_(ctx, options.page_rows),
        run_(ctx, stream_name, kStateOwner, incremental, /*skip_unchanged=*/true, batch_,
             options.page_rows),
        maker_(ctx, stream_name, stream, config.statuses, batch_) {}

  Status Run(std::string_view state_json) {
    Status s = run_.Begin(state_json);
    if (!s.ok()) return s;
    std::vector<SourceFile> files;
    s = file::ListDataFiles(config_.path, file::FileFormat::kCsv, &files);
    if (!s.ok()) return s;
    if (files.empty()) Warn("no .csv file in " + config_.path);
    for (const SourceFile& file : files) {
      if (!run_.NeedsRead(file)) continue;
      s = ReadFile(file);
      if (!s.ok()) return s;
    }
    return run_.Complete();
  }

 private:
  void Warn(const std::string& what) { ctx_.Warn("stream '" + stream_name_ + "': " + what); }

  Status ReadFile(const SourceFile& file) {
    CsvReader reader(config_.delimiter_char, options_.chunk_bytes, options_.max_row_bytes);
    bool gone = false;
    Status s = run_.OpenAtResumePoint(reader, file, &gone);
    if (!s.ok() || gone) return s;
    const std::vector<std::string>& header = reader.header();
    HeaderMap map;
    if (header.empty()) {  // an empty file: no header, no rows
      Warn(file.name + " is empty");
    } else {
      std::vector<std::string> warnings;
      s = MapHeader(config_.columns, file.name, header, &map, &warnings);
      if (!s.ok()) return s;
      for (const std::string& warning : warnings) Warn(warning);
    }
    // The export is a snapshot of Reveal's data: the file's modification time is when it was
    // taken, as near as the file tells.
    const std::string snapshot_at = sdk::FormatIso(reader.stamp().mtime_ns / 1000000);

    CsvRow row;
    for (;;) {
      s = reader.Next(&row);
      if (!s.ok()) return s;
      if (row.kind == CsvRow::Kind::kEnd) break;
      if (row.kind == CsvRow::Kind::kMalformed) {
        Reject(file, row.line, row.problem);
      } else {
        if (stream_ == RevealStream::kOverlaps) file::CsvRowJson(header, row.fields, &raw_);
        Unusable why = maker_.Add(FromRow(map, row.fields), snapshot_at, raw_);
        if (why != Unusable::kNo) Reject(file, row.line, WhyUnusable(why, map, header));
      }
      s = run_.EndRow(file, reader.stamp(), reader.offset(), reader.line());
      if (!s.ok()) return s;
    }
    run_.FinishFile(file.name, reader.stamp());
    return Status::Ok();
  }

  void Reject(const SourceFile& file, uint64_t line, const std::string& problem) {
    ctx_.Reject(file.name + ":" + std::to_string(line) + ": " + problem);
  }

  sdk::Context& ctx_;
  const Config& config_;
  const ExportOptions& options_;
  const std::string& stream_name_;
  const RevealStream stream_;
  sdk::RecordBatch batch_;
  file::FileRun run_;
  RecordMaker maker_;
  std::string raw_;  // per-row scratch
};

}  // namespace

ExportSource::ExportSource(Config config, ExportOptions options)
    : config_(std::move(config)), options_(options) {}

Status ExportSource::Check(sdk::Context& ctx) {
  std::vector<SourceFile> files;
  Status s = file::ListDataFiles(config_.path, file::FileFormat::kCsv, &files);
  if (!s.ok()) return s;
  if (files.empty()) ctx.Warn("no .csv file in " + config_.path);
  for (const SourceFile& file : files) {
    CsvReader reader(config_.delimiter_char);
    s = reader.Open(file.path, file.name);
    if (!s.ok()) return s;
    if (reader.header().empty()) {
      ctx.Warn(file.name + " is empty");
      continue;
    }
    HeaderMap map;
    std::vector<std::string> warnings;
    s = MapHeader(config_.columns, file.name, reader.header(), &map, &warnings);
    if (!s.ok()) return s;
    for (const std::string& warning : warnings) ctx.Warn(warning);
  }
  return Status::Ok();
}

Status ExportSource::Read(sdk::Context& ctx, const std::string& stream_name, RevealStream stream,
                          const sdk::ReadRequest& request) {
  if (request.sync_mode != TEMPO_SYNC_FULL_REFRESH && request.sync_mode != TEMPO_SYNC_INCREMENTAL) {
    return InStream(stream_name, Status::InvalidArgument("unknown sync mode " +
                                                         std::to_string(request.sync_mode)));
  }
  ExportRead read(ctx, config_, options_, stream_name, stream,
                  request.sync_mode == TEMPO_SYNC_INCREMENTAL);
  return InStream(stream_name, read.Run(request.state));
}

}  // namespace tempo::reveal
