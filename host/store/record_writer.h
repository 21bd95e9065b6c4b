// RecordWriter: writes plugin records into the canonical tables, the one place that builds
// upsert SQL. Table and column names come only from the schema specs (schema.h); every value
// is bound. A record the model cannot hold is rejected with a reason, never written partly.
//
// Value rules per column type: text takes strings (numbers and booleans are written as text);
// integer takes integers, booleans, integral reals and strings that parse fully as integers;
// real takes numbers and numeric strings; bool takes booleans, 0/1 and "true"/"false"/"1"/"0"
// /"yes"/"no". An empty string in a non-text column is NULL. Columns named *domain are
// normalized (lower case, no scheme, no www., no path or port: sdk::NormalizeDomain).
//
// Hot path: records of one layout (entity + field names in order) reuse a cached mapping and
// prepared statement; values are bound from the plugin's memory without copies.
// Thread safety: one writer per thread, inside the caller's transaction.
#ifndef TEMPO_HOST_STORE_RECORD_WRITER_H_
#define TEMPO_HOST_STORE_RECORD_WRITER_H_

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>

#include "common/status.h"
#include "store/schema.h"
#include "store/sqlite.h"
#include "sync/destination.h"
#include "tempo/plugin.h"

namespace tempo::store {

class RecordWriter {
 public:
  RecordWriter(Db& db, std::string connection);
  ~RecordWriter();

  // Provenance for the rows written next.
  void SetRun(int64_t run_id) { run_id_ = run_id; }
  void SetNow(std::string now) { now_ = std::move(now); }
  // Whether rows keep the record's raw JSON (column raw_json); when not, raw_json is NULL.
  void SetKeepRaw(bool keep_raw) { keep_raw_ = keep_raw; }

  // Writes one record. *reject gets the reason when the record is refused. A record older than
  // the stored row of its id (by source_updated_at, compared as instants) changes nothing but
  // the row's sync_run_id: a replayed or late page never overwrites a newer version, and a full
  // refresh still counts the row as seen.
  Status Write(const tempo_record& record, std::string* reject);
  // Records Write kept out because the stored row was newer, since this writer was made.
  int64_t stale() const { return stale_; }

  // Soft-deletes this connection's live rows of `entity` within `scope` last written before
  // run `since`.
  Result<int64_t> DeleteUnseen(std::string_view entity, int64_t since,
                               const sync::RowScope& scope = {});

 private:
  struct Layout;
  Layout* FindLayout(const tempo_record& record);
  Result<Stmt*> StatementFor(const TableSpec& table, uint64_t mask);
  // UPDATE table SET sync_run_id = ?1 WHERE connection = ?2 AND source_id = ?3.
  Result<Stmt*> SeenStatementFor(const TableSpec& table);

  Db& db_;
  std::string connection_;
  int64_t run_id_ = 0;
  std::string now_;
  bool keep_raw_ = true;
  Layout* last_layout_ = nullptr;
  std::unordered_map<std::string, std::unique_ptr<Layout>> layouts_;
  std::map<std::pair<const TableSpec*, uint64_t>, std::unique_ptr<Stmt>> statements_;
  std::map<const TableSpec*, std::unique_ptr<Stmt>> seen_statements_;
  std::string scratch_;
  int64_t stale_ = 0;
};

// The column `scope` selects rows of `entity` by, as the schema spells it ("" for
// TEMPO_OWNS_ALL); InvalidArgument when the entity has no such column.
Result<std::string> ScopeColumn(std::string_view entity, const sync::RowScope& scope);

}  // namespace tempo::store

#endif  // TEMPO_HOST_STORE_RECORD_WRITER_H_
