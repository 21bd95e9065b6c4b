// A thin RAII wrapper over libpq for the PostgreSQL store (docs/postgresql.md): one connection,
// statements with every value bound (PQexecParams, text format), COPY FROM STDIN, and
// transactions. SQL text comes only from code, never from data, as in store/sqlite.h.
//
// Errors name the server, the database and PostgreSQL's own message, never the password: the
// URL appears only through RedactUrl(), and the password is registered with the log's
// redaction when the connection opens.
//
// Thread safety: a Connection belongs to one thread at a time.
#ifndef TEMPO_HOST_STORE_PG_CONNECTION_H_
#define TEMPO_HOST_STORE_PG_CONNECTION_H_

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"

struct pg_conn;
struct pg_result;

namespace tempo::store::pg {

// Whether `url` names a PostgreSQL store (postgresql:// or postgres://).
bool IsPostgresUrl(std::string_view url);

// `url` with its password replaced by "***" (postgresql://user:***@host/db), for messages.
std::string RedactUrl(std::string_view url);

// The values of one statement, in $1, $2, ... order. Each is sent as text; NULL as NULL.
class Params {
 public:
  Params& Add(std::string_view text);
  Params& Add(const char* text) { return Add(std::string_view(text)); }
  Params& Add(const std::string& text) { return Add(std::string_view(text)); }
  Params& Add(int64_t value);
  Params& Add(double value);
  Params& AddNull();
  Params& Add(const std::optional<std::string>& text);

  int size() const { return static_cast<int>(values_.size()); }
  // Pointers for PQexecParams (valid while this object lives and is not changed).
  std::vector<const char*> Pointers() const;

 private:
  std::vector<std::optional<std::string>> values_;
};

// The rows of one query. Indexes are 0-based.
class Rows {
 public:
  explicit Rows(pg_result* result);
  Rows(Rows&& other) noexcept;
  Rows& operator=(Rows&& other) noexcept;
  ~Rows();

  int size() const;  // number of rows
  int ColumnCount() const;
  std::string ColumnName(int col) const;
  bool IsNull(int row, int col) const;
  std::string_view Text(int row, int col) const;  // valid while this object lives
  int64_t Int(int row, int col) const;            // 0 for NULL
  double Real(int row, int col) const;            // 0 for NULL
  // The number of rows a command touched (INSERT, UPDATE, DELETE).
  int64_t Affected() const;

 private:
  pg_result* result_;
};

class Connection {
 public:
  // Connects to `url` (postgresql://user:password@host:port/database?options). kUnavailable
  // when the server cannot be reached or refuses the login, naming the server and the database.
  static Result<std::unique_ptr<Connection>> Open(const std::string& url);
  ~Connection();
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  // Runs statements that take no values (DDL, BEGIN/COMMIT); several may be given at once.
  Status Exec(std::string_view sql);
  // Runs one statement with its values bound and returns its rows (none for a command).
  Result<Rows> Query(std::string_view sql, const Params& params = {});
  // Runs one statement that returns no rows; the number of rows it touched.
  Result<int64_t> Run(std::string_view sql, const Params& params = {});

  // COPY `copy_sql` (a "COPY ... FROM STDIN" statement) with `data` in COPY's text format:
  // one line per row, columns separated by tabs, NULL as \N (see CopyText()).
  Status Copy(std::string_view copy_sql, std::string_view data);

  // "PostgreSQL 127.0.0.1:55432 database tempo": what messages name.
  const std::string& where() const { return where_; }
  const std::string& redacted_url() const { return redacted_url_; }
  // The server's process id of this session (pg_backend_pid()).
  int BackendPid() const;

  pg_conn* raw() { return conn_; }

 private:
  Connection(pg_conn* conn, std::string where, std::string redacted_url)
      : conn_(conn), where_(std::move(where)), redacted_url_(std::move(redacted_url)) {}
  Status Error(std::string_view what, pg_result* result) const;
  pg_conn* conn_;
  std::string where_;
  std::string redacted_url_;
};

// Appends `value` to `line` in COPY's text format (backslash, tab, newline and carriage return
// escaped); CopyNull() appends the NULL marker.
void CopyText(std::string& line, std::string_view value);
void CopyNull(std::string& line);

// A transaction that rolls back unless committed.
class Transaction {
 public:
  explicit Transaction(Connection& conn) : conn_(conn) {}
  ~Transaction();
  Status Begin();
  Status Commit();
  void Rollback();

 private:
  Connection& conn_;
  bool open_ = false;
};

}  // namespace tempo::store::pg

#endif  // TEMPO_HOST_STORE_PG_CONNECTION_H_
