// Reading the kit's stores. See store_view.h.
#include "conformance/store_view.h"

#include <cstdio>

#include "store/schema.h"
#include "store/store.h"

namespace tempo::conformance {
namespace {

void Mix(uint64_t* h, std::string_view bytes) {
  for (unsigned char c : bytes) {
    *h ^= c;
    *h *= 1099511628211ull;
  }
  *h ^= 0xff;
  *h *= 1099511628211ull;
}

}  // namespace

Result<Rows> LiveRows(const std::string& store_path) {
  Result<std::unique_ptr<store::Db>> db = store::OpenStoreReadOnly(store_path);
  if (!db.ok()) return db.status();
  Rows rows;
  for (const store::TableSpec& table : store::CanonicalTables()) {
    // The table name comes from the schema (code), never from data.
    Result<store::Stmt> stmt = (*db)->Prepare("SELECT * FROM " + std::string(table.name) +
                                              " WHERE connection = ?1 AND deleted_at IS NULL");
    if (!stmt.ok()) return stmt.status();
    stmt->Bind(1, std::string_view(kConnection));
    for (;;) {
      Result<bool> row = stmt->Step();
      if (!row.ok()) return row.status();
      if (!*row) break;
      uint64_t h = 1469598103934665603ull;
      std::string source_id;
      for (int c = 0; c < stmt->ColumnCount(); ++c) {
        const std::string name = stmt->ColumnName(c);
        if (name == "id" || name == "sync_run_id" || name == "deleted_at") continue;
        if (name == "source_id") source_id = stmt->Text(c);
        Mix(&h, name);
        Mix(&h, stmt->IsNull(c) ? std::string_view("\x01null") : stmt->TextView(c));
      }
      char digest[17];
      std::snprintf(digest, sizeof digest, "%016llx", static_cast<unsigned long long>(h));
      rows[std::string(table.name) + " " + source_id] = digest;
    }
  }
  return rows;
}

Result<States> ReadStates(const std::string& store_path) {
  Result<std::unique_ptr<store::Db>> db = store::OpenStoreReadOnly(store_path);
  if (!db.ok()) return db.status();
  Result<store::Stmt> stmt =
      (*db)->Prepare("SELECT stream, state_json FROM sync_state WHERE connection = ?1");
  if (!stmt.ok()) return stmt.status();
  stmt->Bind(1, std::string_view(kConnection));
  States states;
  for (;;) {
    Result<bool> row = stmt->Step();
    if (!row.ok()) return row.status();
    if (!*row) break;
    states[stmt->Text(0)] = stmt->Text(1);
  }
  return states;
}

Status WriteStates(const std::string& store_path, const States& states) {
  Result<std::unique_ptr<store::Db>> db = store::OpenStore(store_path);
  if (!db.ok()) return db.status();
  Result<store::Stmt> stmt =
      (*db)->Prepare("UPDATE sync_state SET state_json = ?1 WHERE connection = ?2 AND stream = ?3");
  if (!stmt.ok()) return stmt.status();
  for (const auto& [stream, state] : states) {
    stmt->Bind(1, std::string_view(state)).Bind(2, std::string_view(kConnection));
    stmt->Bind(3, std::string_view(stream));
    if (Status s = stmt->Run(); !s.ok()) return s;
  }
  return Status::Ok();
}

}  // namespace tempo::conformance
