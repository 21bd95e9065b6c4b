// CopySqliteToPostgres: SQLite rows as COPY text, table by table, in one transaction.
#include "store/pg/copy.h"

#include <sqlite3.h>

#include <algorithm>
#include <charconv>

#include "store/pg/migrate.h"
#include "store/pg/schema.h"
#include "store/schema.h"

namespace tempo::store::pg {
namespace {

// Rows per COPY statement: bounds the memory a large table's copy holds.
constexpr int64_t kRowsPerCopy = 20000;

Result<int64_t> SqliteVersion(Db& db) {
  Result<Stmt> stmt = db.Prepare("PRAGMA user_version");
  if (!stmt.ok()) return stmt.status();
  Result<bool> row = stmt->Step();
  if (!row.ok()) return row.status();
  return *row ? stmt->Int(0) : 0;
}

Result<std::vector<std::string>> SqliteTables(Db& db) {
  Result<Stmt> stmt = db.Prepare(
      "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
      "ORDER BY name");
  if (!stmt.ok()) return stmt.status();
  std::vector<std::string> tables;
  for (;;) {
    Result<bool> row = stmt->Step();
    if (!row.ok()) return row.status();
    if (!*row) break;
    tables.push_back(stmt->Text(0));
  }
  return tables;
}

Result<std::vector<std::string>> SqliteColumns(Db& db, const std::string& table) {
  Result<Stmt> stmt = db.Prepare("SELECT name FROM pragma_table_info(?1) ORDER BY cid");
  if (!stmt.ok()) return stmt.status();
  stmt->Bind(1, std::string_view(table));
  std::vector<std::string> columns;
  for (;;) {
    Result<bool> row = stmt->Step();
    if (!row.ok()) return row.status();
    if (!*row) break;
    columns.push_back(stmt->Text(0));
  }
  return columns;
}

void AppendValue(std::string& line, const Stmt& stmt, int col) {
  switch (stmt.ColumnType(col)) {
    case SQLITE_NULL:
      CopyNull(line);
      break;
    case SQLITE_INTEGER:
      line += std::to_string(stmt.Int(col));
      break;
    case SQLITE_FLOAT: {
      char buf[32];
      auto [end, ec] = std::to_chars(buf, buf + sizeof buf, stmt.Real(col));
      line.append(buf, ec == std::errc() ? end : buf);
      break;
    }
    default:
      CopyText(line, stmt.TextView(col));
  }
}

// The SQL text's names come from the SQLite store's own catalog, which this build's migrations
// wrote (the versions were checked equal): never from record data.
Status CopyTable(Db& from, Connection& to, const std::string& table, const CopyOptions& options,
                 int64_t* copied) {
  Result<std::vector<std::string>> columns = SqliteColumns(from, table);
  if (!columns.ok()) return columns.status();
  std::string list;
  for (const std::string& c : *columns) list += (list.empty() ? "" : ", ") + c;
  Result<Stmt> count = from.Prepare("SELECT count(*) FROM " + table);
  if (!count.ok()) return count.status();
  if (Result<bool> row = count->Step(); !row.ok()) return row.status();
  const int64_t total = count->Int(0);

  Result<Stmt> select = from.Prepare("SELECT " + list + " FROM " + table);
  if (!select.ok()) return select.status();
  const std::string copy_sql = "COPY " + table + " (" + list + ") FROM STDIN";
  std::string data;
  int64_t rows = 0, in_batch = 0;
  for (;;) {
    Result<bool> row = select->Step();
    if (!row.ok()) return row.status();
    if (*row) {
      for (size_t c = 0; c < columns->size(); ++c) {
        if (c > 0) data += '\t';
        AppendValue(data, *select, static_cast<int>(c));
      }
      data += '\n';
      ++rows;
      ++in_batch;
    }
    if (in_batch > 0 && (!*row || in_batch >= kRowsPerCopy)) {
      if (Status s = to.Copy(copy_sql, data); !s.ok()) {
        return Status(s.code(), "copying table " + table + ": " + s.message());
      }
      data.clear();
      in_batch = 0;
      if (options.progress) options.progress(table, rows, total);
    }
    if (!*row) break;
  }
  if (rows == 0 && options.progress) options.progress(table, 0, 0);
  *copied = rows;
  return Status::Ok();
}

}  // namespace

Result<std::vector<CopiedTable>> CopySqliteToPostgres(Db& from, Connection& to,
                                                      const CopyOptions& options) {
  const auto known = static_cast<int64_t>(store::Migrations().size());
  Result<int64_t> from_version = SqliteVersion(from);
  if (!from_version.ok()) return from_version.status();
  if (*from_version != known) {
    return Status::InvalidArgument(
        "the SQLite store " + from.path() + " is at schema " + std::to_string(*from_version) +
        " and this tempo writes schema " + std::to_string(known) +
        (*from_version < known
             ? ": run 'tempo store migrate --store sqlite:" + from.path() + "' first"
             : ": use a tempo as new as the one that wrote it"));
  }
  if (Status s = Migrate(to); !s.ok()) return s;

  Result<std::vector<std::string>> tables = SqliteTables(from);
  if (!tables.ok()) return tables.status();
  // Only the tables of Tempo's schema, which the target has too.
  Result<Rows> target_tables = to.Query(
      "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() "
      "AND table_type = 'BASE TABLE'");
  if (!target_tables.ok()) return target_tables.status();
  std::vector<std::string> skipped;
  std::erase_if(*tables, [&](const std::string& t) {
    for (int r = 0; r < target_tables->size(); ++r) {
      if (target_tables->Text(r, 0) == t) return false;
    }
    skipped.push_back(t);
    return true;
  });

  Transaction tx(to);
  if (Status s = tx.Begin(); !s.ok()) return s;
  // Nothing else writes the target while it is being filled.
  std::string all;
  for (const std::string& t : *tables) all += (all.empty() ? "" : ", ") + t;
  if (Status s = to.Exec("LOCK TABLE " + all + " IN EXCLUSIVE MODE"); !s.ok()) return s;
  if (!options.replace) {
    for (const std::string& t : *tables) {
      Result<Rows> any = to.Query("SELECT 1 FROM " + t + " LIMIT 1");
      if (!any.ok()) return any.status();
      if (any->size() > 0) {
        return Status::InvalidArgument(
            "the PostgreSQL store " + to.redacted_url() + " is not empty (table " + t +
            " has rows): copy into an empty database, or add --replace to empty this one first");
      }
    }
  } else if (Status s = to.Exec("TRUNCATE " + all); !s.ok()) {
    return s;
  }

  // Tables other tables reference (score_run) first, so each row's foreign key finds its row.
  Result<Rows> referenced = to.Query(
      "SELECT DISTINCT c.confrelid::regclass::text FROM pg_constraint c JOIN pg_namespace n ON "
      "n.oid = c.connamespace WHERE c.contype = 'f' AND n.nspname = current_schema()");
  if (!referenced.ok()) return referenced.status();
  std::stable_partition(tables->begin(), tables->end(), [&](const std::string& t) {
    for (int r = 0; r < referenced->size(); ++r) {
      if (referenced->Text(r, 0) == t) return true;
    }
    return false;
  });

  std::vector<CopiedTable> copied;
  for (const std::string& t : skipped) copied.push_back({t, 0, true});
  for (const std::string& t : *tables) {
    CopiedTable c{t, 0, false};
    if (Status s = CopyTable(from, to, t, options, &c.rows); !s.ok()) return s;
    Result<Rows> count = to.Query("SELECT count(*) FROM " + t);
    if (!count.ok()) return count.status();
    if (count->Int(0, 0) != c.rows) {
      return Status::Io("copying table " + t + ": " + std::to_string(c.rows) +
                        " rows read, but the PostgreSQL table holds " +
                        std::to_string(count->Int(0, 0)) + "; nothing was committed");
    }
    copied.push_back(c);
  }
  // Identity columns continue after the copied ids.
  Result<Rows> identities = to.Query(
      "SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = "
      "current_schema() AND is_identity = 'YES'");
  if (!identities.ok()) return identities.status();
  for (int r = 0; r < identities->size(); ++r) {
    const std::string table(identities->Text(r, 0)), column(identities->Text(r, 1));
    Result<Rows> set = to.Query("SELECT setval(pg_get_serial_sequence($1, $2), coalesce(max(" +
                                    column + "), 0) + 1, false) FROM " + table,
                                Params().Add(table).Add(column));
    if (!set.ok()) return set.status();
  }
  if (Status s = tx.Commit(); !s.ok()) return s;
  return copied;
}

}  // namespace tempo::store::pg
