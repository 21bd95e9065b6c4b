// SQLite RAII wrappers.
#include "store/sqlite.h"

#include <sqlite3.h>

#include <sys/statvfs.h>

#include <cerrno>
#include <chrono>
#include <filesystem>
#include <thread>

#include "tempo/time.hpp"

namespace tempo::store {

Status RetryWhileBusy(const std::function<Status()>& attempt) {
  const auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(30);
  for (;;) {
    Status s = attempt();
    if (s.code() != StatusCode::kBusy || std::chrono::steady_clock::now() > give_up) return s;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
}

namespace {

// tempo_time_ms(TEXT): the instant an ISO-8601 time (any offset, any fraction, `Z+0000`) or
// epoch milliseconds names, in epoch milliseconds; NULL when it is NULL or unreadable. The
// upsert compares source_updated_at with it (record_writer.cc): sources write times in
// different shapes, which text comparison would order wrong.
void TimeMs(sqlite3_context* context, int, sqlite3_value** args) {
  if (sqlite3_value_type(args[0]) != SQLITE_TEXT) {
    sqlite3_result_null(context);
    return;
  }
  const auto* text = reinterpret_cast<const char*>(sqlite3_value_text(args[0]));
  const std::string_view s(text, static_cast<size_t>(sqlite3_value_bytes(args[0])));
  if (std::optional<int64_t> ms = sdk::ParseEpochMsOrIso(s)) {
    sqlite3_result_int64(context, *ms);
  } else {
    sqlite3_result_null(context);
  }
}

}  // namespace

namespace {

// "; no space left on the filesystem holding it (8 KiB free): ..." when `code` (an extended
// SQLite result code) is a full disk or an I/O error on a nearly full filesystem; SQLite says
// only "database or disk is full" or "disk I/O error".
std::string SpaceHint(const std::string& path, int code, int system_errno) {
  const int primary = code & 0xff;
  if (primary != SQLITE_FULL && primary != SQLITE_IOERR && primary != SQLITE_CANTOPEN) return "";
  const std::filesystem::path folder = std::filesystem::absolute(path).parent_path();
  struct statvfs fs {};
  const bool known = ::statvfs(folder.c_str(), &fs) == 0;
  const uint64_t free_bytes = known ? uint64_t{fs.f_bavail} * fs.f_frsize : 0;
  if (system_errno != ENOSPC && primary != SQLITE_FULL && (!known || free_bytes >= (64u << 10))) {
    return "";
  }
  std::string hint = "; no space left on the filesystem holding it";
  if (known) hint += " (" + std::to_string(free_bytes >> 10) + " KiB free)";
  return hint + ": free some space there, or move store.path to a larger filesystem";
}

}  // namespace

Result<std::unique_ptr<Db>> Db::Open(const std::string& path, bool read_only) {
  // Before SQLite initializes (the first open): no allocation statistics, which would take a
  // process-wide mutex on every malloc and free (about 3 % of a bulk write). Nothing here
  // reads them. A later call is refused by SQLite and changes nothing.
  static const int configured = sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
  (void)configured;
  sqlite3* raw = nullptr;
  int flags = read_only ? SQLITE_OPEN_READONLY : (SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
  flags |= SQLITE_OPEN_NOMUTEX;
  int rc = sqlite3_open_v2(path.c_str(), &raw, flags, nullptr);
  if (rc != SQLITE_OK) {
    std::string msg = raw ? sqlite3_errmsg(raw) : sqlite3_errstr(rc);
    msg += SpaceHint(path, raw ? sqlite3_extended_errcode(raw) : rc,
                     raw ? sqlite3_system_errno(raw) : 0);
    sqlite3_close(raw);
    return Status::Io("cannot open store " + path + ": " + msg);
  }
  sqlite3_extended_result_codes(raw, 1);
  sqlite3_busy_timeout(raw, 30000);
  sqlite3_create_function_v2(raw, "tempo_time_ms", 1,
                             SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS, nullptr,
                             &TimeMs, nullptr, nullptr, nullptr);
  return std::unique_ptr<Db>(new Db(raw, path));
}

Db::~Db() { sqlite3_close_v2(db_); }

Status Db::Exec(std::string_view sql) {
  std::string text(sql);
  char* err = nullptr;
  int rc = sqlite3_exec(db_, text.c_str(), nullptr, nullptr, &err);
  if (rc != SQLITE_OK) {
    std::string msg = err ? err : sqlite3_errstr(rc);
    sqlite3_free(err);
    // Busy: the lock stayed taken past the busy timeout, or SQLite refused to wait because
    // waiting could deadlock (two connections upgrading the locks of a fresh file).
    if ((rc & 0xff) == SQLITE_BUSY) return Status(StatusCode::kBusy, "store " + path_ + ": " + msg);
    return Status::Io("store " + path_ + ": " + msg +
                      SpaceHint(path_, rc, sqlite3_system_errno(db_)));
  }
  return Status::Ok();
}

Result<Stmt> Db::Prepare(std::string_view sql) {
  sqlite3_stmt* stmt = nullptr;
  int rc = sqlite3_prepare_v3(db_, sql.data(), static_cast<int>(sql.size()),
                              SQLITE_PREPARE_PERSISTENT, &stmt, nullptr);
  if (rc != SQLITE_OK) return Status::Io(Error());
  return Stmt(this, stmt);
}

int64_t Db::LastInsertRowId() const { return sqlite3_last_insert_rowid(db_); }
int Db::Changes() const { return sqlite3_changes(db_); }
std::string Db::Error() const {
  return "store " + path_ + ": " + sqlite3_errmsg(db_) +
         SpaceHint(path_, sqlite3_extended_errcode(db_), sqlite3_system_errno(db_));
}

Stmt::Stmt(Stmt&& other) noexcept : db_(other.db_), stmt_(other.stmt_) { other.stmt_ = nullptr; }
Stmt& Stmt::operator=(Stmt&& other) noexcept {
  if (this != &other) {
    sqlite3_finalize(stmt_);
    db_ = other.db_;
    stmt_ = other.stmt_;
    other.stmt_ = nullptr;
  }
  return *this;
}
Stmt::~Stmt() { sqlite3_finalize(stmt_); }

Stmt& Stmt::Bind(int index, std::string_view text) {
  sqlite3_bind_text(stmt_, index, text.data(), static_cast<int>(text.size()), SQLITE_TRANSIENT);
  return *this;
}
Stmt& Stmt::BindStatic(int index, std::string_view text) {
  sqlite3_bind_text(stmt_, index, text.data(), static_cast<int>(text.size()), SQLITE_STATIC);
  return *this;
}
Stmt& Stmt::Bind(int index, int64_t value) {
  sqlite3_bind_int64(stmt_, index, value);
  return *this;
}
Stmt& Stmt::Bind(int index, double value) {
  sqlite3_bind_double(stmt_, index, value);
  return *this;
}
Stmt& Stmt::BindNull(int index) {
  sqlite3_bind_null(stmt_, index);
  return *this;
}
Stmt& Stmt::Bind(int index, const std::optional<std::string>& text) {
  return text ? Bind(index, std::string_view(*text)) : BindNull(index);
}

namespace {
Status StepError(int rc, const Db& db) {
  if ((rc & 0xff) == SQLITE_BUSY) return Status(StatusCode::kBusy, db.Error());
  return Status::Io(db.Error());
}
}  // namespace

Result<bool> Stmt::Step() {
  int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  return StepError(rc, *db_);
}

Status Stmt::Run() {
  int rc = sqlite3_step(stmt_);
  Status s = (rc == SQLITE_DONE || rc == SQLITE_ROW) ? Status::Ok() : StepError(rc, *db_);
  sqlite3_reset(stmt_);  // bindings stay; every caller rebinds all parameters
  return s;
}

void Stmt::Reset() {
  sqlite3_reset(stmt_);
  sqlite3_clear_bindings(stmt_);
}

int Stmt::ColumnCount() const { return sqlite3_column_count(stmt_); }
bool Stmt::IsNull(int col) const { return sqlite3_column_type(stmt_, col) == SQLITE_NULL; }
int64_t Stmt::Int(int col) const { return sqlite3_column_int64(stmt_, col); }
double Stmt::Real(int col) const { return sqlite3_column_double(stmt_, col); }
std::string Stmt::Text(int col) const { return std::string(TextView(col)); }
std::string_view Stmt::TextView(int col) const {
  const unsigned char* p = sqlite3_column_text(stmt_, col);
  if (!p) return {};
  return {reinterpret_cast<const char*>(p), static_cast<size_t>(sqlite3_column_bytes(stmt_, col))};
}
std::string Stmt::ColumnName(int col) const { return sqlite3_column_name(stmt_, col); }
int Stmt::ColumnType(int col) const { return sqlite3_column_type(stmt_, col); }

Transaction::Transaction(Db& db) : db_(db) {}
Transaction::~Transaction() { Rollback(); }
Status Transaction::Begin() {
  Status s = db_.Exec("BEGIN IMMEDIATE");
  open_ = s.ok();
  return s;
}
Status Transaction::Commit() {
  Status s = db_.Exec("COMMIT");
  if (s.ok()) open_ = false;
  return s;
}
void Transaction::Rollback() {
  if (open_) {
    (void)db_.Exec("ROLLBACK");
    open_ = false;
  }
}

}  // namespace tempo::store
