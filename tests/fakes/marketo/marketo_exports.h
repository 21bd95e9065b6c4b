// The fake Marketo's Bulk Lead Extract jobs (bulk-extract.md): Created -> (enqueue) Queued ->
// Processing -> Completed (or Failed), at most 10 jobs queued or processing (1029 beyond), two
// processing at a time, a daily export allowance in file bytes (1029 once spent), files kept
// seven days. A job's file is written when it completes, from the data as it is then: a CSV
// with a header of the requested fields, RFC 4180 quoting, and the literal `null` for null
// values (an empty value is an empty field).
//
// Thread-safety: ExportJobs is thread-safe.
#ifndef TEMPO_TESTS_FAKES_MARKETO_MARKETO_EXPORTS_H_
#define TEMPO_TESTS_FAKES_MARKETO_MARKETO_EXPORTS_H_

#include <cstdint>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "fakes/core/dataset.h"
#include "fakes/core/server_options.h"

namespace tempo::fakes {

struct ExportRequest {
  std::vector<int> fields;  // MarketoLeadFields() indexes, in file column order
  std::string filter;       // "createdAt" | "updatedAt"
  int64_t start_ms = 0, end_ms = 0;
};

struct ExportJob {
  std::string id;  // a UUID
  ExportRequest request;
  std::string status;  // Created | Queued | Processing | Completed | Failed | Cancelled
  int64_t created_ms = 0, queued_ms = 0, started_ms = 0, finished_ms = 0;
  int64_t records = 0;
  std::string file;
};

// A Marketo error: its code ("1029") and message.
struct MarketoError {
  std::string code, message;
};

// The CSV file of `request` over the dataset; *records gets the row count.
std::string BuildExportCsv(const Dataset& dataset, const ExportRequest& request, int64_t* records);

// Appends one CSV field: `null` for nullopt, quoted when it holds a comma, quote or line break.
void AppendCsvField(std::string& out, const std::optional<std::string>& value);

class ExportJobs {
 public:
  // Writes a completed job's file (called without the job table's lock held by anyone else).
  using FileBuilder = std::function<std::string(const ExportRequest&, int64_t* records)>;

  // A new job in state Created, or an error (the daily export allowance is spent).
  std::optional<MarketoError> Create(ExportRequest request, int64_t now_ms,
                                     const MarketoOptions& options, ExportJob* out);
  std::optional<MarketoError> Enqueue(std::string_view id, int64_t now_ms,
                                      const MarketoOptions& options, const FileBuilder& build,
                                      ExportJob* out);
  // The job as it stands at `now_ms` (jobs move on as time passes).
  std::optional<MarketoError> Get(std::string_view id, int64_t now_ms,
                                  const MarketoOptions& options, const FileBuilder& build,
                                  ExportJob* out);
  std::optional<MarketoError> Cancel(std::string_view id, int64_t now_ms,
                                     const MarketoOptions& options, const FileBuilder& build,
                                     ExportJob* out);
  std::vector<ExportJob> Snapshot() const;

 private:
  void AdvanceLocked(int64_t now_ms, const MarketoOptions& options, const FileBuilder& build);
  ExportJob* FindLocked(std::string_view id);
  int64_t BytesTodayLocked(int64_t now_ms) const;

  mutable std::mutex mutex_;
  std::vector<ExportJob> jobs_;  // in creation order
  uint64_t created_ = 0;
};

}  // namespace tempo::fakes

#endif  // TEMPO_TESTS_FAKES_MARKETO_MARKETO_EXPORTS_H_
