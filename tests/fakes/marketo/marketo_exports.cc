// Bulk Lead Extract jobs and their CSV files (marketo_exports.h).
#include "fakes/marketo/marketo_exports.h"

#include <algorithm>
#include <cstdio>

#include "fakes/core/encoding.h"
#include "fakes/marketo/marketo_records.h"

namespace tempo::fakes {
namespace {

constexpr int64_t kDayMs = 86'400'000;
constexpr int64_t kRetentionMs = 7 * kDayMs;
constexpr int64_t kCentralOffsetMs = 6 * 3'600'000;  // quotas reset at midnight US Central (CST)
constexpr size_t kMaxQueued = 10;
constexpr size_t kMaxProcessing = 2;

int64_t CentralDay(int64_t ms) { return (ms - kCentralOffsetMs) / kDayMs; }

std::string Uuid(uint64_t n) {
  const uint64_t a = Hash(0x6d6b746f, 1, n), b = Hash(0x6d6b746f, 2, n);
  char buf[40];
  std::snprintf(buf, sizeof buf, "%08llx-%04llx-%04llx-%04llx-%012llx",
                static_cast<unsigned long long>(a >> 32),
                static_cast<unsigned long long>((a >> 16) & 0xffff),
                static_cast<unsigned long long>(0x4000 | (a & 0x0fff)),
                static_cast<unsigned long long>(0x8000 | ((b >> 48) & 0x3fff)),
                static_cast<unsigned long long>(b & 0xffffffffffffULL));
  return buf;
}

MarketoError NotFound(std::string_view id) {
  return {"1003", "Export Id " + std::string(id) + " not found"};
}

}  // namespace

void AppendCsvField(std::string& out, const std::optional<std::string>& value) {
  if (!value) {
    out += "null";
    return;
  }
  if (value->find_first_of(",\"\r\n") == std::string::npos) {
    out += *value;
    return;
  }
  out += '"';
  for (char c : *value) {
    if (c == '"') out += '"';
    out += c;
  }
  out += '"';
}

std::string BuildExportCsv(const Dataset& d, const ExportRequest& request, int64_t* records) {
  std::string out;
  const auto fields = MarketoLeadFields();
  for (size_t i = 0; i < request.fields.size(); ++i) {
    if (i > 0) out += ',';
    out += fields[request.fields[i]].name;
  }
  out += '\n';
  *records = 0;
  const bool by_created = request.filter == "createdAt";
  const int64_t leads = d.Count(Entity::kLead);
  for (int64_t row = 0; row < leads; ++row) {
    if (d.Archived(Entity::kLead, row)) continue;
    const int64_t ms =
        by_created ? d.CreatedMs(Entity::kLead, row) : d.ModifiedMs(Entity::kLead, row);
    // Both ends are whole seconds and inclusive.
    if (ms < request.start_ms || ms > request.end_ms + 999) continue;
    const MarketoLead lead = RenderMarketoLead(d, row);
    for (size_t i = 0; i < request.fields.size(); ++i) {
      if (i > 0) out += ',';
      AppendCsvField(out, lead.values[request.fields[i]]);
    }
    out += '\n';
    ++*records;
  }
  return out;
}

int64_t ExportJobs::BytesTodayLocked(int64_t now_ms) const {
  int64_t bytes = 0;
  for (const ExportJob& job : jobs_) {
    if (job.status == "Completed" && CentralDay(job.finished_ms) == CentralDay(now_ms)) {
      bytes += static_cast<int64_t>(job.file.size());
    }
  }
  return bytes;
}

ExportJob* ExportJobs::FindLocked(std::string_view id) {
  for (ExportJob& job : jobs_) {
    if (job.id == id) return &job;
  }
  return nullptr;
}

void ExportJobs::AdvanceLocked(int64_t now_ms, const MarketoOptions& options,
                               const FileBuilder& build) {
  std::erase_if(jobs_, [&](const ExportJob& j) { return now_ms - j.created_ms > kRetentionMs; });
  const int64_t half = options.export_ms / 2;
  for (ExportJob& job : jobs_) {
    if (job.status == "Processing" && now_ms >= job.started_ms + (options.export_ms - half)) {
      job.finished_ms = job.started_ms + (options.export_ms - half);
      if (options.fail_exports) {
        job.status = "Failed";
      } else {
        job.file = build(job.request, &job.records);
        job.status = "Completed";
      }
    }
  }
  size_t processing = 0;
  for (const ExportJob& job : jobs_) processing += job.status == "Processing" ? 1 : 0;
  std::vector<ExportJob*> queued;
  for (ExportJob& job : jobs_) {
    if (job.status == "Queued") queued.push_back(&job);
  }
  std::sort(queued.begin(), queued.end(),
            [](const ExportJob* a, const ExportJob* b) { return a->queued_ms < b->queued_ms; });
  for (ExportJob* job : queued) {
    if (processing >= kMaxProcessing || now_ms < job->queued_ms + half) break;
    job->status = "Processing";
    job->started_ms = job->queued_ms + half;
    ++processing;
    if (now_ms >= job->started_ms + (options.export_ms - half)) {
      job->finished_ms = job->started_ms + (options.export_ms - half);
      --processing;
      if (options.fail_exports) {
        job->status = "Failed";
      } else {
        job->file = build(job->request, &job->records);
        job->status = "Completed";
      }
    }
  }
}

std::optional<MarketoError> ExportJobs::Create(ExportRequest request, int64_t now_ms,
                                               const MarketoOptions& options, ExportJob* out) {
  std::lock_guard lock(mutex_);
  if (BytesTodayLocked(now_ms) >= options.export_quota_bytes) {
    return MarketoError{"1029", "Export daily quota " +
                                    std::to_string(options.export_quota_bytes / (1024 * 1024)) +
                                    "MB exceeded"};
  }
  ExportJob job;
  job.id = Uuid(++created_);
  job.request = std::move(request);
  job.status = "Created";
  job.created_ms = now_ms;
  jobs_.push_back(job);
  *out = std::move(job);
  return std::nullopt;
}

std::optional<MarketoError> ExportJobs::Enqueue(std::string_view id, int64_t now_ms,
                                                const MarketoOptions& options,
                                                const FileBuilder& build, ExportJob* out) {
  std::lock_guard lock(mutex_);
  AdvanceLocked(now_ms, options, build);
  ExportJob* job = FindLocked(id);
  if (job == nullptr) return NotFound(id);
  if (job->status != "Created") {
    return MarketoError{"1003", "Export job " + job->id + " is already " + job->status};
  }
  size_t active = 0;
  for (const ExportJob& j : jobs_) active += j.status == "Queued" || j.status == "Processing";
  if (active >= kMaxQueued) return MarketoError{"1029", "Too many jobs (10) in queue"};
  if (BytesTodayLocked(now_ms) >= options.export_quota_bytes) {
    return MarketoError{"1029", "Export daily quota " +
                                    std::to_string(options.export_quota_bytes / (1024 * 1024)) +
                                    "MB exceeded"};
  }
  job->status = "Queued";
  job->queued_ms = now_ms;
  *out = *job;
  return std::nullopt;
}

std::optional<MarketoError> ExportJobs::Get(std::string_view id, int64_t now_ms,
                                            const MarketoOptions& options, const FileBuilder& build,
                                            ExportJob* out) {
  std::lock_guard lock(mutex_);
  AdvanceLocked(now_ms, options, build);
  ExportJob* job = FindLocked(id);
  if (job == nullptr) return NotFound(id);
  *out = *job;
  return std::nullopt;
}

std::optional<MarketoError> ExportJobs::Cancel(std::string_view id, int64_t now_ms,
                                               const MarketoOptions& options,
                                               const FileBuilder& build, ExportJob* out) {
  std::lock_guard lock(mutex_);
  AdvanceLocked(now_ms, options, build);
  ExportJob* job = FindLocked(id);
  if (job == nullptr) return NotFound(id);
  if (job->status == "Created" || job->status == "Queued" || job->status == "Processing") {
    job->status = "Cancelled";
  }
  *out = *job;
  return std::nullopt;
}

std::vector<ExportJob> ExportJobs::Snapshot() const {
  std::lock_guard lock(mutex_);
  return jobs_;
}

}  // namespace tempo::fakes
