// ScoreSnapshot: a read transaction, temporary views that scope the canonical tables, and the
// checks on a scorer's statements (an SQLite authorizer plus sqlite3_stmt_readonly).
#include "store/score_snapshot.h"

#include <sqlite3.h>

#include <algorithm>
#include <cstring>
#include <set>

#include "store/schema.h"

namespace tempo::store {
namespace {

// Tables a scorer never reads directly: the sync bookkeeping and the score tables, whose rows
// are not part of the scored snapshot; raw_records would read around the scoping views.
constexpr const char* kHidden[] = {"sync_runs",    "sync_state",     "score_run",
                                   "score_metric", "score_evidence", "score_dimension",
                                   "score_total",  "raw_records",    "rejected_records"};

bool IsHidden(std::string_view name) {
  return std::any_of(std::begin(kHidden), std::end(kHidden),
                     [name](const char* h) { return name == h; });
}

// SQLite authorizer for a scorer's statements: only reads, and canonical tables only through
// the scoping views. Records why a statement was refused in the snapshot's refusal().
int Authorize(void* user, int action, const char* a1, const char* a2, const char* db,
              const char* view) {
  auto* snapshot = static_cast<ScoreSnapshot*>(user);
  (void)a2;
  switch (action) {
    case SQLITE_SELECT:
    case SQLITE_FUNCTION:
    case SQLITE_RECURSIVE:
      return SQLITE_OK;
    case SQLITE_READ: {
      const std::string_view table = a1 ? a1 : "";
      const bool main = db != nullptr && std::strcmp(db, "main") == 0;
      if (view != nullptr && IsHidden(view)) {
        snapshot->refusal() = std::string("it reads ") + view + ", which a scorer may not read";
        return SQLITE_DENY;
      }
      if (main && view == nullptr && (IsHidden(table) || FindTable(table) != nullptr)) {
        snapshot->refusal() = "it reads main." + std::string(table) + " directly; read " +
                              std::string(table) +
                              " without a schema name (the scored connections' rows)";
        if (IsHidden(table)) {
          snapshot->refusal() = "it reads " + std::string(table) + ", which a scorer may not read";
        }
        return SQLITE_DENY;
      }
      return SQLITE_OK;
    }
    default:
      snapshot->refusal() =
          "it is not a plain read (SELECT); a scorer's queries may not write, "
          "attach, change settings or start transactions";
      return SQLITE_DENY;
  }
}

// Fills `fields` with the current row of `stmt` (pointers valid until the next step).
void RowFields(sqlite3_stmt* stmt, std::vector<tempo_field>& fields) {
  const int columns = sqlite3_column_count(stmt);
  fields.assign(static_cast<size_t>(columns), tempo_field{});
  for (int i = 0; i < columns; ++i) {
    tempo_field& f = fields[static_cast<size_t>(i)];
    f.struct_size = sizeof(tempo_field);
    const char* name = sqlite3_column_name(stmt, i);
    f.name = name ? name : "";
    f.name_len = std::strlen(f.name);
    switch (sqlite3_column_type(stmt, i)) {
      case SQLITE_INTEGER:
        f.type = TEMPO_VALUE_INT;
        f.int_value = sqlite3_column_int64(stmt, i);
        break;
      case SQLITE_FLOAT:
        f.type = TEMPO_VALUE_REAL;
        f.real_value = sqlite3_column_double(stmt, i);
        break;
      case SQLITE_NULL:
        f.type = TEMPO_VALUE_NULL;
        break;
      default:  // TEXT, and BLOB as its bytes
        f.type = TEMPO_VALUE_STRING;
        f.str = reinterpret_cast<const char*>(sqlite3_column_text(stmt, i));
        f.str_len = static_cast<size_t>(sqlite3_column_bytes(stmt, i));
        if (f.str == nullptr) f.str = "";
    }
  }
}

tempo_status Refuse(tempo_ctx& ctx, tempo_status code, std::string message) {
  ctx.error_code = code;
  ctx.error = std::move(message);
  return code;
}

std::string Shorten(std::string_view sql) {
  std::string one_line;
  for (char c : sql) {
    if (c == '\n' || c == '\r' || c == '\t') c = ' ';
    if (c == ' ' && !one_line.empty() && one_line.back() == ' ') continue;
    one_line.push_back(c);
  }
  if (one_line.size() > 160) one_line = one_line.substr(0, 157) + "...";
  return one_line;
}

}  // namespace

Result<std::unique_ptr<ScoreSnapshot>> ScoreSnapshot::Open(
    const std::string& path, const std::vector<std::string>& configured, const std::string& as_of) {
  Result<std::unique_ptr<Db>> db = Db::Open(path, /*read_only=*/true);
  if (!db.ok()) return db.status();
  std::unique_ptr<ScoreSnapshot> snapshot(new ScoreSnapshot(std::move(db).value()));
  if (Status s = snapshot->Begin(configured, as_of); !s.ok()) return s;
  return snapshot;
}

ScoreSnapshot::~ScoreSnapshot() { End(); }

void ScoreSnapshot::End() {
  if (!open_) return;
  sqlite3_set_authorizer(db_->raw(), nullptr, nullptr);
  (void)db_->Exec("ROLLBACK");  // nothing in main was written; the temp objects go with it
  open_ = false;
}

Status ScoreSnapshot::Begin(const std::vector<std::string>& configured, const std::string& as_of) {
  if (Status s = db_->Exec("BEGIN"); !s.ok()) return s;
  open_ = true;
  // The first read fixes the snapshot: everything below, and every scorer query, sees it.
  if (Status s = ChooseConnections(configured); !s.ok()) return s;
  if (Status s = ReadWatermarks(); !s.ok()) return s;
  if (Status s = ScopeTables(as_of); !s.ok()) return s;
  sqlite3_set_authorizer(db_->raw(), &Authorize, this);
  return Status::Ok();
}

Status ScoreSnapshot::ChooseConnections(const std::vector<std::string>& configured) {
  Result<Stmt> last = db_->Prepare(
      "SELECT r.connection, r.id, r.status, COALESCE(r.finished_at, ''), COALESCE(r.error, '') "
      "FROM sync_runs r WHERE r.id = (SELECT MAX(id) FROM sync_runs WHERE connection = "
      "r.connection) ORDER BY r.connection");
  if (!last.ok()) return last.status();
  std::set<std::string> seen;
  for (;;) {
    Result<bool> row = last->Step();
    if (!row.ok()) return row.status();
    if (!*row) break;
    std::string connection = last->Text(0);
    const int64_t id = last->Int(1);
    std::string status = last->Text(2);
    seen.insert(connection);
    if (status == "succeeded") {
      read_.push_back({connection, id, last->Text(3), ""});
      continue;
    }
    std::string reason = "its latest sync run " + std::to_string(id) + " is " + status;
    if (status == "running") {
      reason += " (its data is incomplete until the run ends); score again when it has finished";
    } else {
      reason += "; sync it successfully (tempo sync " + connection + ") and score again";
    }
    excluded_.push_back({connection, id, status, reason});
  }
  for (const std::string& name : configured) {
    if (seen.count(name) != 0) continue;
    excluded_.push_back(
        {name, std::nullopt, "", "it has never been synced; run tempo sync " + name + " first"});
  }
  return Status::Ok();
}

Status ScoreSnapshot::ReadWatermarks() {
  for (ConnectionWatermark& w : read_) {
    for (const TableSpec& table : CanonicalTables()) {
      // Table names come from the schema, never from data.
      Result<Stmt> max =
          db_->Prepare("SELECT MAX(source_updated_at) FROM main." + std::string(table.name) +
                       " WHERE connection = ?1 AND deleted_at IS NULL");
      if (!max.ok()) return max.status();
      max->Bind(1, std::string_view(w.connection));
      Result<bool> row = max->Step();
      if (!row.ok()) return row.status();
      if (*row && !max->IsNull(0)) {
        std::string value = max->Text(0);
        if (value > w.max_source_updated_at) w.max_source_updated_at = std::move(value);
      }
    }
  }
  return Status::Ok();
}

Status ScoreSnapshot::ScopeTables(const std::string& as_of) {
  if (Status s = db_->Exec("CREATE TEMP TABLE score_scope (connection TEXT PRIMARY KEY);"
                           "CREATE TEMP TABLE score_clock (as_of TEXT NOT NULL);");
      !s.ok()) {
    return s;
  }
  Result<Stmt> scope = db_->Prepare("INSERT INTO temp.score_scope (connection) VALUES (?1)");
  if (!scope.ok()) return scope.status();
  for (const ConnectionWatermark& w : read_) {
    scope->Bind(1, std::string_view(w.connection));
    if (Status s = scope->Run(); !s.ok()) return s;
  }
  Result<Stmt> clock = db_->Prepare("INSERT INTO temp.score_clock (as_of) VALUES (?1)");
  if (!clock.ok()) return clock.status();
  clock->Bind(1, std::string_view(as_of));
  if (Status s = clock->Run(); !s.ok()) return s;
  for (const TableSpec& table : CanonicalTables()) {
    const std::string name(table.name);
    // Tempo writes deleted_at in the same UTC format as as_of, so text order is time order.
    if (Status s = db_->Exec("CREATE TEMP VIEW " + name + " AS SELECT * FROM main." + name +
                             " WHERE connection IN (SELECT connection FROM temp.score_scope)"
                             " AND (deleted_at IS NULL OR deleted_at > "
                             "(SELECT as_of FROM temp.score_clock))");
        !s.ok()) {
      return s;
    }
  }
  return Status::Ok();
}

std::string ScoreSnapshot::PartnerName(const std::string& connection,
                                       const std::string& source_id) {
  if (!open_) return "";
  Result<Stmt> stmt =
      db_->Prepare("SELECT name FROM partner WHERE connection = ?1 AND source_id = ?2");
  if (!stmt.ok()) return "";
  stmt->Bind(1, std::string_view(connection)).Bind(2, std::string_view(source_id));
  Result<bool> row = stmt->Step();
  return row.ok() && *row ? stmt->Text(0) : "";
}

tempo_status ScoreSnapshot::Query(tempo_ctx& ctx, std::string_view sql,
                                  const std::vector<std::optional<std::string_view>>& params,
                                  tempo_row_fn on_row, void* user) {
  if (!open_) return Refuse(ctx, TEMPO_ERR_INTERNAL, "query after the snapshot ended");
  refusal_.clear();
  sqlite3_stmt* raw = nullptr;
  const char* tail = nullptr;
  int rc = sqlite3_prepare_v2(db_->raw(), sql.data(), static_cast<int>(sql.size()), &raw, &tail);
  Stmt stmt(db_.get(), raw);  // finalizes
  const std::string shown = Shorten(sql);
  if (rc != SQLITE_OK) {
    if (!refusal_.empty()) {
      return Refuse(ctx, TEMPO_ERR_INVALID_ARGUMENT, "query refused: " + refusal_ + ": " + shown);
    }
    return Refuse(ctx, TEMPO_ERR_INVALID_ARGUMENT,
                  "query failed: " + std::string(sqlite3_errmsg(db_->raw())) + ": " + shown);
  }
  if (raw == nullptr) return Refuse(ctx, TEMPO_ERR_INVALID_ARGUMENT, "query is empty");
  while (tail != nullptr && *tail != '\0' &&
         (*tail == ' ' || *tail == '\n' || *tail == ';' || *tail == '\t' || *tail == '\r')) {
    ++tail;
  }
  if (tail != nullptr && tail < sql.data() + sql.size() && *tail != '\0') {
    return Refuse(ctx, TEMPO_ERR_INVALID_ARGUMENT,
                  "query has more than one statement; send them one at a time: " + shown);
  }
  if (!sqlite3_stmt_readonly(raw)) {
    return Refuse(ctx, TEMPO_ERR_INVALID_ARGUMENT,
                  "query refused: a scorer's queries may only read: " + shown);
  }
  if (static_cast<int>(params.size()) != sqlite3_bind_parameter_count(raw)) {
    return Refuse(ctx, TEMPO_ERR_INVALID_ARGUMENT,
                  "query has " + std::to_string(sqlite3_bind_parameter_count(raw)) +
                      " parameter(s) but " + std::to_string(params.size()) +
                      " value(s) were given: " + shown);
  }
  for (size_t i = 0; i < params.size(); ++i) {
    if (params[i]) {
      stmt.Bind(static_cast<int>(i + 1), *params[i]);
    } else {
      stmt.BindNull(static_cast<int>(i + 1));
    }
  }
  std::vector<tempo_field> fields;
  for (;;) {
    if (ctx.cancel != nullptr && ctx.cancel->load(std::memory_order_relaxed)) {
      return Refuse(ctx, TEMPO_ERR_CANCELLED, "the score run was cancelled");
    }
    Result<bool> row = stmt.Step();
    if (!row.ok()) {
      return Refuse(ctx, TEMPO_ERR_INTERNAL, "query failed: " + row.status().message());
    }
    if (!*row) return TEMPO_OK;
    RowFields(raw, fields);
    tempo_row r{};
    r.struct_size = sizeof(tempo_row);
    r.column_count = static_cast<uint32_t>(fields.size());
    r.values = fields.empty() ? nullptr : fields.data();
    if (fields.empty()) continue;
    tempo_status s = on_row(user, &r);
    if (s != TEMPO_OK) return s;
  }
}

}  // namespace tempo::store
