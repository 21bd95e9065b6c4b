// PgRecordWriter: writes plugin records into a PostgreSQL store's canonical tables, with the
// value rules of the SQLite writer (store/field_value.h) and the same upsert semantics: keyed
// by (connection, source_id), older never overwrites newer (tempo_time_ms, compared as
// instants), a stale record only marks its row seen by the run.
//
// Records are buffered and written in bulk by Flush(), inside the caller's transaction: per
// table and column set, one COPY into a temporary staging table, then one INSERT ... ON
// CONFLICT DO UPDATE from it. Records of one key within a batch are settled in memory first
// (the newer one stays, as sequential upserts would leave it).
//
// Thread safety: one writer per thread; the Connection is the caller's.
#ifndef TEMPO_HOST_STORE_PG_RECORD_WRITER_H_
#define TEMPO_HOST_STORE_PG_RECORD_WRITER_H_

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "common/status.h"
#include "store/pg/connection.h"
#include "store/schema.h"
#include "sync/destination.h"
#include "tempo/plugin.h"

namespace tempo::store::pg {

class PgRecordWriter {
 public:
  PgRecordWriter(Connection& conn, std::string connection);
  ~PgRecordWriter();

  void SetRun(int64_t run_id) { run_id_ = run_id; }
  void SetNow(std::string now) { now_ = std::move(now); }
  void SetKeepRaw(bool keep_raw) { keep_raw_ = keep_raw; }

  // Buffers one record; *reject gets the reason when the record is refused (at once: the
  // values are checked here, not at Flush).
  Status Write(const tempo_record& record, std::string* reject);
  // Writes the buffered records in the open transaction.
  Status Flush();
  // Forgets the buffered records and the staging tables (the transaction rolled back).
  void Discard();
  // Records kept out because the stored (or an earlier buffered) version was newer.
  int64_t stale() const { return stale_; }

  // Soft-deletes this connection's live rows of `entity` within `scope` last written before
  // run `since` (after flushing).
  Result<int64_t> DeleteUnseen(std::string_view entity, int64_t since,
                               const sync::RowScope& scope = {});

 private:
  struct Layout;
  struct Group;
  Layout* FindLayout(const tempo_record& record);
  Status FlushGroup(Group& group);

  Connection& conn_;
  std::string connection_;
  int64_t run_id_ = 0;
  std::string now_;
  bool keep_raw_ = true;
  std::string scratch_;
  int64_t stale_ = 0;
  int64_t seq_ = 0;
  Layout* last_layout_ = nullptr;
  std::unordered_map<std::string, std::unique_ptr<Layout>> layouts_;
  std::map<std::pair<const TableSpec*, uint64_t>, std::unique_ptr<Group>> groups_;
  // Buffered rows by table and source id: which group holds it, which row, its time.
  struct Pending {
    Group* group;
    size_t row;
    std::optional<int64_t> ms;
  };
  std::unordered_map<std::string, Pending> pending_;
  std::set<std::string> staging_created_;  // staging tables that exist in this session
};

}  // namespace tempo::store::pg

#endif  // TEMPO_HOST_STORE_PG_RECORD_WRITER_H_
