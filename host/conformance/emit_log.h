// The emit log of one kit step: what a read handed the store, commit by commit.
//
// KitDestination (the child's side) wraps the real store destination: it passes everything on
// and, after each successful commit, appends that commit's records (stream, entity, source id,
// operation, updated_at and a digest of the values) and state to the log, so the log holds
// exactly what the store committed, also when the process is killed. With kill_after_commit
// = k it then kills its own process with SIGKILL right after commit k: the kit's "kill at a
// checkpoint". ReadEmitLog is the parent's side.
#ifndef TEMPO_HOST_CONFORMANCE_EMIT_LOG_H_
#define TEMPO_HOST_CONFORMANCE_EMIT_LOG_H_

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "common/status.h"
#include "sync/destination.h"

namespace tempo::conformance {

// A digest of a record's values: entity, source id, operation, updated_at and every field
// (name, type, value) in name order; the raw JSON is left out.
std::string RecordDigest(const tempo_record& record);
// A digest of the source record behind it: its raw JSON when it has one, else its values.
std::string SourceDigest(const tempo_record& record);

// Wraps `inner` (which must outlive it), logging to `log_path` (appended).
std::unique_ptr<sync::Destination> NewKitDestination(sync::Destination& inner, std::string log_path,
                                                     int64_t kill_after_commit);

struct EmittedRecord {
  std::string stream, entity, source_id, updated_at, digest;
  std::string source_digest;  // SourceDigest: the same source record read twice has the same
  bool deleted = false;       // a source delete (TEMPO_OP_DELETE)
  bool rejected = false;      // the store refused it (the reason is in the run record)
  std::string Key() const { return entity + " " + source_id; }
};

struct EmitLog {
  std::vector<EmittedRecord> records;             // committed, in commit order
  std::map<std::string, std::string> last_state;  // per stream: the state of its last commit
  int64_t commits = 0;
};

// The log at `path`; a missing file is an empty log.
Result<EmitLog> ReadEmitLog(const std::string& path);

}  // namespace tempo::conformance

#endif  // TEMPO_HOST_CONFORMANCE_EMIT_LOG_H_
