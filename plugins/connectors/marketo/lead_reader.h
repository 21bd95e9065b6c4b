// Reads the `leads` stream (README.md, "How leads are read"):
//
//   full refresh, or a first incremental read
//       bulk exports of every lead updated since start_date, in windows of at most 31 days up
//       to now (or, on an instance without the updatedAt filter (1035), created since it)
//   incremental
//       bulk exports of the leads updated since the last cursor (without the updatedAt filter:
//       the lead-changes feed from the last position, then leads.json by id, 300 at a time),
//       then the deleted-leads feed from the last position, each a soft delete
//
// Each export job is created, enqueued (the next window's job is queued behind the one being
// read, so Marketo prepares it meanwhile), polled every bulk_poll_seconds until Completed, and
// its CSV file read in byte ranges; the state after every range names the job and the bytes
// read, so a killed or deferred run resumes in the same file. One reader per connector
// instance; the host calls it from one thread at a time.
#ifndef TEMPO_PLUGINS_CONNECTORS_MARKETO_LEAD_READER_H_
#define TEMPO_PLUGINS_CONNECTORS_MARKETO_LEAD_READER_H_

#include <cstdint>
#include <string>

#include "activities.h"
#include "bulk_export.h"
#include "config.h"
#include "lead_fields.h"
#include "lead_mapping.h"
#include "marketo_client.h"
#include "state.h"
#include "tempo/plugin.hpp"

namespace tempo::marketo {

class LeadReader {
 public:
  LeadReader(const Config& config, const MarketoClient& client)
      : config_(config), client_(client), exports_(client), feed_(client) {}

  sdk::Status Read(sdk::Context& ctx, const sdk::ReadRequest& request);

  // Asks for the instance's lead fields: the credentials work, the API user may read leads,
  // and partner_field exists.
  sdk::Status Check(sdk::Context& ctx);

  // Bytes of an export file asked for at a time (tests make it small).
  void set_chunk_bytes(int64_t bytes) { chunk_bytes_ = bytes; }

 private:
  sdk::Status Fields(sdk::Context& ctx, LeadFields* out);
  sdk::Status Save(sdk::Context& ctx, const LeadsState& state);
  sdk::Status ReadWindows(sdk::Context& ctx, LeadsState& state, const LeadFields& fields);
  // Creates the job of the next window into *slot; may switch the run's filter or phase (1035).
  sdk::Status CreateJob(sdk::Context& ctx, LeadsState& state, const LeadFields& fields,
                        std::optional<ExportJobState>* slot, bool* switched);
  sdk::Status EnqueueJob(sdk::Context& ctx, LeadsState& state, ExportJobState& job);
  sdk::Status ReadFile(sdk::Context& ctx, LeadsState& state, const LeadFields& fields,
                       int64_t size);
  sdk::Status ReadChanges(sdk::Context& ctx, LeadsState& state, const LeadFields& fields);
  sdk::Status ReadDeleted(sdk::Context& ctx, LeadsState& state);

  const Config& config_;
  const MarketoClient& client_;
  BulkExport exports_;
  ActivityFeed feed_;
  int64_t chunk_bytes_ = 8 << 20;
};

}  // namespace tempo::marketo

#endif  // TEMPO_PLUGINS_CONNECTORS_MARKETO_LEAD_READER_H_
