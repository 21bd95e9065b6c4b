// RecordWriter: layout cache, value coercion and upsert SQL.
#include "store/record_writer.h"

#include <cstring>
#include <vector>

#include "store/field_value.h"
#include "store/record_columns.h"

namespace tempo::store {
namespace {

// Provenance columns bound first in every upsert.
constexpr int kBindConnection = 1, kBindSourceId = 2, kBindUpdatedAt = 3, kBindRunId = 4,
              kBindDeletedAt = 5, kFirstValueBind = 6;

std::string_view View(const char* p, size_t n) {
  return p ? std::string_view(p, n) : std::string_view();
}

// Binds CoerceField's values to the upsert's parameter `bind`.
struct StmtSink {
  Stmt& stmt;
  int bind;
  void Null() { stmt.BindNull(bind); }
  void Text(std::string_view text, bool in_record) {
    if (in_record) {
      stmt.BindStatic(bind, text);
    } else {
      stmt.Bind(bind, text);
    }
  }
  void Int(int64_t v) { stmt.Bind(bind, v); }
  void Real(double v) { stmt.Bind(bind, v); }
};

}  // namespace

// One record shape: entity plus field names in order, resolved against the table once.
struct RecordWriter::Layout : RecordColumns {
  std::vector<int> bind;  // per field: bind index in the statement
  int raw_bind = 0;       // bind index of raw_json
  Stmt* stmt = nullptr;
};

RecordWriter::RecordWriter(Db& db, std::string connection)
    : db_(db), connection_(std::move(connection)) {}
RecordWriter::~RecordWriter() = default;

Result<Stmt*> RecordWriter::StatementFor(const TableSpec& table, uint64_t mask) {
  auto key = std::make_pair(&table, mask);
  if (auto it = statements_.find(key); it != statements_.end()) return it->second.get();
  std::string cols = "connection, source_id, source_updated_at, sync_run_id, deleted_at";
  std::string vals = "?1, ?2, ?3, ?4, ?5";
  std::string sets =
      "source_updated_at = excluded.source_updated_at, sync_run_id = excluded.sync_run_id, "
      "deleted_at = excluded.deleted_at";
  int bind = kFirstValueBind;
  for (size_t c = 0; c < table.columns.size(); ++c) {
    if (!(mask & (uint64_t{1} << c))) continue;
    std::string name = table.columns[c].name;
    cols += ", " + name;
    vals += ", ?" + std::to_string(bind++);
    sets += ", " + name + " = excluded." + name;
  }
  // The record's raw JSON (NULL when not kept) is the last parameter.
  cols += ", raw_json";
  vals += ", ?" + std::to_string(bind);
  sets += ", raw_json = excluded.raw_json";
  // Older never overwrites newer: the update applies when the record is at least as new as the
  // stored row, or when either time is missing or unreadable (tempo_time_ms, sqlite.cc).
  const std::string t(table.name);
  std::string sql = "INSERT INTO " + t + " (" + cols + ") VALUES (" + vals +
                    ") ON CONFLICT (connection, source_id) DO UPDATE SET " + sets +
                    " WHERE coalesce(tempo_time_ms(excluded.source_updated_at) >= "
                    "tempo_time_ms(" +
                    t + ".source_updated_at), 1)";
  Result<Stmt> stmt = db_.Prepare(sql);
  if (!stmt.ok()) return stmt.status();
  auto owned = std::make_unique<Stmt>(std::move(stmt).value());
  Stmt* raw = owned.get();
  statements_.emplace(key, std::move(owned));
  return raw;
}

Result<Stmt*> RecordWriter::SeenStatementFor(const TableSpec& table) {
  if (auto it = seen_statements_.find(&table); it != seen_statements_.end()) {
    return it->second.get();
  }
  Result<Stmt> stmt = db_.Prepare("UPDATE " + std::string(table.name) +
                                  " SET sync_run_id = ?1 WHERE connection = ?2 AND source_id = ?3");
  if (!stmt.ok()) return stmt.status();
  auto owned = std::make_unique<Stmt>(std::move(stmt).value());
  Stmt* raw = owned.get();
  seen_statements_.emplace(&table, std::move(owned));
  return raw;
}

RecordWriter::Layout* RecordWriter::FindLayout(const tempo_record& r) {
  if (last_layout_ && last_layout_->Matches(r)) return last_layout_;
  auto& slot = layouts_[RecordShapeKey(r)];
  if (!slot) {
    auto layout = std::make_unique<Layout>();
    ResolveRecordColumns(r, layout.get());
    if (layout->reject.empty()) {
      const uint64_t mask = layout->mask;
      for (int col : layout->column) {
        // Bind index = position of the column among the mask's set bits.
        uint64_t below = mask & ((uint64_t{1} << col) - 1);
        layout->bind.push_back(kFirstValueBind + __builtin_popcountll(below));
      }
      layout->raw_bind = kFirstValueBind + __builtin_popcountll(mask);
      Result<Stmt*> stmt = StatementFor(*layout->table, mask);
      if (!stmt.ok()) {
        layout->reject = "internal: " + stmt.status().message();
      } else {
        layout->stmt = *stmt;
      }
    }
    slot = std::move(layout);
  }
  last_layout_ = slot.get();
  return last_layout_;
}

Status RecordWriter::Write(const tempo_record& r, std::string* reject) {
  std::string_view source_id = View(r.source_id, r.source_id_len);
  if (source_id.empty()) {
    *reject = "record has no source id";
    return Status::Ok();
  }
  Layout* layout = FindLayout(r);
  if (!layout->reject.empty()) {
    *reject = layout->reject;
    return Status::Ok();
  }
  Stmt& stmt = *layout->stmt;
  bool deleted = r.op == TEMPO_OP_DELETE;
  std::string_view updated_at = View(r.updated_at, r.updated_at_len);
  stmt.BindStatic(kBindConnection, connection_).BindStatic(kBindSourceId, source_id);
  if (updated_at.empty()) {
    stmt.BindNull(kBindUpdatedAt);
  } else {
    stmt.BindStatic(kBindUpdatedAt, updated_at);
  }
  stmt.Bind(kBindRunId, run_id_);
  if (deleted) {
    stmt.BindStatic(kBindDeletedAt, now_);
  } else {
    stmt.BindNull(kBindDeletedAt);
  }

  size_t stride = r.field_count ? r.fields[0].struct_size : 0;
  const auto* base = reinterpret_cast<const char*>(r.fields);
  for (size_t i = 0; i < layout->column.size(); ++i) {
    const auto& f = *reinterpret_cast<const tempo_field*>(base + i * stride);
    const ColumnSpec& col = layout->table->columns[layout->column[i]];
    StmtSink sink{stmt, layout->bind[i]};
    if (!CoerceField(col, f, scratch_, sink, reject)) {
      stmt.Reset();
      return Status::Ok();
    }
  }
  if (keep_raw_ && r.raw_json != nullptr && r.raw_json_len > 0) {
    stmt.BindStatic(layout->raw_bind, View(r.raw_json, r.raw_json_len));
  } else {
    stmt.BindNull(layout->raw_bind);
  }
  if (Status s = stmt.Run(); !s.ok()) return s;
  if (db_.Changes() != 0) return Status::Ok();
  // The stored row is newer: it stays, and is marked seen by this run.
  ++stale_;
  Result<Stmt*> seen = SeenStatementFor(*layout->table);
  if (!seen.ok()) return seen.status();
  (*seen)->Bind(1, run_id_).BindStatic(2, connection_).BindStatic(3, source_id);
  return (*seen)->Run();
}

Result<std::string> ScopeColumn(std::string_view entity, const sync::RowScope& scope) {
  if (scope.kind == TEMPO_OWNS_ALL) return std::string();
  const TableSpec* table = FindTable(entity);
  if (table != nullptr && scope.column == "source_id") return std::string("source_id");
  if (table != nullptr) {
    for (const ColumnSpec& c : table->columns) {
      if (scope.column == c.name) return std::string(c.name);
    }
  }
  return Status::InvalidArgument("the rows a stream owns are chosen by column " +
                                 QuoteValue(scope.column) + ", which entity " + QuoteValue(entity) +
                                 " does not have; fix the plugin's catalog");
}

Result<int64_t> RecordWriter::DeleteUnseen(std::string_view entity, int64_t since,
                                           const sync::RowScope& scope) {
  const TableSpec* table = FindTable(entity);
  if (table == nullptr) return int64_t{0};
  Result<std::string> column = ScopeColumn(entity, scope);
  if (!column.ok()) return column.status();
  // The column name comes from the schema's specs, never from the plugin; the value is bound.
  // instr(c, v) = 1: c starts with v (no LIKE wildcards to escape).
  std::string owned;
  if (scope.kind == TEMPO_OWNS_EQUAL) owned = " AND " + *column + " = ?4";
  if (scope.kind == TEMPO_OWNS_PREFIX) owned = " AND instr(" + *column + ", ?4) = 1";
  if (scope.kind == TEMPO_OWNS_NOT_PREFIX) {
    owned = " AND (" + *column + " IS NULL OR instr(" + *column + ", ?4) <> 1)";
  }
  Result<Stmt> stmt = db_.Prepare("UPDATE " + std::string(table->name) +
                                  " SET deleted_at = ?1 WHERE connection = ?2 AND deleted_at IS "
                                  "NULL AND (sync_run_id IS NULL OR sync_run_id < ?3)" +
                                  owned);
  if (!stmt.ok()) return stmt.status();
  stmt->Bind(1, std::string_view(now_)).Bind(2, std::string_view(connection_)).Bind(3, since);
  if (!owned.empty()) stmt->Bind(4, std::string_view(scope.value));
  Status s = stmt->Run();
  if (!s.ok()) return s;
  int64_t deleted = db_.Changes();
  return deleted;
}

}  // namespace tempo::store
