// Bulk Lead Extract jobs (bulk_export.h).
#include "bulk_export.h"

namespace tempo::marketo {

using sdk::Context;
using sdk::Status;

namespace {

constexpr double kMaxWaitS = 24 * 3600;  // a job not done in a day is stuck

// Marketo answers 1003 for an export id it does not know (or no longer keeps).
constexpr std::string_view kNotFound = "1003";

}  // namespace

std::string BulkExport::JobUrl(const std::string& id, std::string_view action) const {
  return client_.Url("/bulk/v1/leads/export/" + id + "/" + std::string(action) + ".json");
}

std::string BulkExport::FileUrl(const std::string& id) const { return JobUrl(id, "file"); }

Status BulkExport::Create(Context& ctx, const LeadFields& fields, std::string_view filter,
                          const Window& window, std::string_view where, std::string* id,
                          bool* unsupported) {
  *unsupported = false;
  Envelope env;
  const std::string body = ExportBody(fields.names, filter, window);
  if (Status s = client_.Call(ctx, "POST", client_.Url("/bulk/v1/leads/export/create.json"), body,
                              where, &env, {"1035"});
      !s.ok()) {
    return s;
  }
  if (!env.success()) {  // 1035: the filter is not enabled on this instance
    *unsupported = true;
    return Status::Ok();
  }
  std::string_view export_id;
  if (env.results().empty() ||
      env.results()[0]["exportId"].get_string().get(export_id) != simdjson::SUCCESS ||
      export_id.empty()) {
    return Status::Data("Marketo " + std::string(where) + ": the created job has no exportId");
  }
  id->assign(export_id);
  return Status::Ok();
}

Status BulkExport::Enqueue(Context& ctx, const std::string& id, std::string_view where,
                           bool* gone) {
  *gone = false;
  Envelope env;
  if (Status s = client_.Call(ctx, "POST", JobUrl(id, "enqueue"), "", where, &env, {kNotFound});
      !s.ok() || env.success()) {
    return s;
  }
  // Refused: either Marketo does not know the job, or it is past Created already.
  JobStatus status;
  if (Status s = StatusOf(ctx, id, where, &status); !s.ok()) return s;
  *gone = status.gone;
  if (!status.gone && status.status == "Created") {
    return Status::InvalidArgument("Marketo " + std::string(where) + ": enqueueing export job " +
                                   id + " was refused: " + Describe(env.errors().front()));
  }
  return Status::Ok();
}

Status BulkExport::StatusOf(Context& ctx, const std::string& id, std::string_view where,
                            JobStatus* out) {
  *out = JobStatus();
  Envelope env;
  if (Status s = client_.Call(ctx, "GET", JobUrl(id, "status"), "", where, &env, {kNotFound});
      !s.ok()) {
    return s;
  }
  if (!env.success()) {
    out->gone = true;
    return Status::Ok();
  }
  std::string_view status;
  if (env.results().empty() ||
      env.results()[0]["status"].get_string().get(status) != simdjson::SUCCESS) {
    return Status::Data("Marketo " + std::string(where) + ": export job " + id +
                        " status without a status");
  }
  out->status.assign(status);
  int64_t size = -1;
  if (env.results()[0]["fileSize"].get_int64().get(size) == simdjson::SUCCESS) {
    out->file_size = size;
  }
  std::string_view error;
  if (env.results()[0]["errorMsg"].get_string().get(error) == simdjson::SUCCESS) {
    out->error.assign(error);
  }
  if (out->status == "Completed" && out->file_size < 0) {
    return Status::Data("Marketo " + std::string(where) + ": export job " + id +
                        " is Completed without a fileSize");
  }
  return Status::Ok();
}

Status BulkExport::WaitDone(Context& ctx, const std::string& id, std::string_view where,
                            double bulk_poll_seconds, JobStatus* out) {
  double waited = 0;
  for (int poll = 0;; ++poll) {
    const double delay = PollDelay(poll, bulk_poll_seconds);
    if (delay > 0) {
      if (waited + delay > kMaxWaitS) {
        return Status::Unavailable("Marketo " + std::string(where) + ": export job " + id +
                                   " is still " + out->status + " after " +
                                   std::to_string(static_cast<int64_t>(waited / 3600)) +
                                   " h; a later run polls it again");
      }
      if (!client_.Sleep(ctx, delay)) return Status::Cancelled("cancelled by the host");
      waited += delay;
    }
    if (Status s = StatusOf(ctx, id, where, out); !s.ok()) return s;
    if (out->gone || out->status == "Completed" || out->status == "Failed" ||
        out->status == "Cancelled") {
      return Status::Ok();
    }
  }
}

}  // namespace tempo::marketo
