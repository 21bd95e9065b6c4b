// RAII wrappers over the SQLite C API: Db owns a sqlite3*, Stmt owns a prepared statement.
// Every value reaches SQL through a bind; SQL text comes only from code, never from data (table
// and column names come from schema.h, as in record_writer.cc's upserts).
//
// Thread safety: a Db and its Stmts belong to one thread at a time.
#ifndef TEMPO_HOST_STORE_SQLITE_H_
#define TEMPO_HOST_STORE_SQLITE_H_

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "common/status.h"

struct sqlite3;
struct sqlite3_stmt;

namespace tempo::store {

class Stmt;

class Db {
 public:
  // Opens (creating if needed) the database file. `read_only` opens without write access.
  static Result<std::unique_ptr<Db>> Open(const std::string& path, bool read_only = false);
  ~Db();
  Db(const Db&) = delete;
  Db& operator=(const Db&) = delete;

  // Runs one or more statements that take no parameters (DDL, pragmas, BEGIN/COMMIT).
  Status Exec(std::string_view sql);
  Result<Stmt> Prepare(std::string_view sql);
  int64_t LastInsertRowId() const;
  int Changes() const;
  // The current error message of the connection, prefixed with the file name.
  std::string Error() const;

  sqlite3* raw() { return db_; }
  const std::string& path() const { return path_; }

 private:
  Db(sqlite3* db, std::string path) : db_(db), path_(std::move(path)) {}
  sqlite3* db_;
  std::string path_;
};

// A prepared statement. Bind indexes are 1-based, as in SQLite.
class Stmt {
 public:
  Stmt(Db* db, sqlite3_stmt* stmt) : db_(db), stmt_(stmt) {}
  Stmt(Stmt&& other) noexcept;
  Stmt& operator=(Stmt&& other) noexcept;
  ~Stmt();

  Stmt& Bind(int index, std::string_view text);  // SQLite copies the text
  // Binds without a copy: `text` must stay valid until the statement is reset (Run() does).
  Stmt& BindStatic(int index, std::string_view text);
  Stmt& Bind(int index, int64_t value);
  Stmt& Bind(int index, double value);
  Stmt& BindNull(int index);
  Stmt& Bind(int index, const std::optional<std::string>& text);

  // Steps once: true when a row is available, false when done; errors become a Status.
  Result<bool> Step();
  // Steps to completion, expecting no rows (INSERT/UPDATE/DELETE), and resets for re-execution
  // (bindings are kept: callers bind every parameter each time).
  Status Run();
  // Resets for re-execution and clears bindings.
  void Reset();

  int ColumnCount() const;
  bool IsNull(int col) const;
  int64_t Int(int col) const;
  double Real(int col) const;
  std::string Text(int col) const;
  std::string_view TextView(int col) const;  // valid until the next Step/Reset
  std::string ColumnName(int col) const;
  int ColumnType(int col) const;  // SQLITE_INTEGER, SQLITE_FLOAT, SQLITE_TEXT, SQLITE_NULL, ...

 private:
  Db* db_;
  sqlite3_stmt* stmt_;
};

// A transaction that rolls back unless committed.
class Transaction {
 public:
  explicit Transaction(Db& db);
  ~Transaction();
  Status Begin();
  Status Commit();
  void Rollback();

 private:
  Db& db_;
  bool open_ = false;
};

// Runs `attempt` until it returns something other than kBusy, for up to 30 s. For the set-up of
// a file other processes may be setting up at the same moment (switching a new file to WAL,
// creating its schema): there SQLite refuses the lock at once instead of waiting, since waiting
// could deadlock.
Status RetryWhileBusy(const std::function<Status()>& attempt);

}  // namespace tempo::store

#endif  // TEMPO_HOST_STORE_SQLITE_H_
