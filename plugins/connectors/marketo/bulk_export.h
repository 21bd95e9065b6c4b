// Bulk Lead Extract jobs (bulk-lead-extract.md): create a job for a window, enqueue it, poll its
// status until it is done, and read its file in byte ranges. A job outlives a run (Marketo keeps
// it, and its file, seven days), so a resumed run picks up the jobs its state names instead of
// spending the export allowance again. One per connector instance; the host calls it from one
// thread at a time.
#ifndef TEMPO_PLUGINS_CONNECTORS_MARKETO_BULK_EXPORT_H_
#define TEMPO_PLUGINS_CONNECTORS_MARKETO_BULK_EXPORT_H_

#include <cstdint>
#include <string>
#include <string_view>

#include "lead_fields.h"
#include "marketo_client.h"
#include "tempo/plugin.hpp"
#include "windows.h"

namespace tempo::marketo {

// A job's state as status.json tells it.
struct JobStatus {
  std::string status;  // Created | Queued | Processing | Completed | Failed | Cancelled
  int64_t file_size = -1;
  std::string error;  // errorMsg of a failed job
  bool gone = false;  // Marketo no longer knows the job (its seven days are over)
};

class BulkExport {
 public:
  explicit BulkExport(const MarketoClient& client) : client_(client) {}

  // Creates a job exporting `fields` of the leads whose `filter` ("updatedAt", "createdAt")
  // falls in `window`. *unsupported: the instance lacks the filter (1035); no job was made.
  sdk::Status Create(sdk::Context& ctx, const LeadFields& fields, std::string_view filter,
                     const Window& window, std::string_view where, std::string* id,
                     bool* unsupported);

  // Enqueues a created job. A job that was enqueued already (a run killed right after
  // enqueueing it) is left as it is; *gone when Marketo no longer knows it.
  sdk::Status Enqueue(sdk::Context& ctx, const std::string& id, std::string_view where, bool* gone);

  sdk::Status StatusOf(sdk::Context& ctx, const std::string& id, std::string_view where,
                       JobStatus* out);

  // Polls until the job is Completed, Failed or Cancelled (or gone), waiting PollDelay between
  // polls (the first at once) with `bulk_poll_seconds`.
  sdk::Status WaitDone(sdk::Context& ctx, const std::string& id, std::string_view where,
                       double bulk_poll_seconds, JobStatus* out);

  std::string FileUrl(const std::string& id) const;

 private:
  std::string JobUrl(const std::string& id, std::string_view action) const;

  const MarketoClient& client_;
};

}  // namespace tempo::marketo

#endif  // TEMPO_PLUGINS_CONNECTORS_MARKETO_BULK_EXPORT_H_
