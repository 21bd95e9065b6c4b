// The SQLite side file of the HTTP stage: rate buckets, quota marks and rotated refresh tokens.
#include "store/http_state_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <mutex>

#include "store/sqlite.h"
#include "store/store.h"

namespace tempo::store {
namespace {

constexpr const char* kSchema = R"sql(
CREATE TABLE IF NOT EXISTS rate_bucket (
  key TEXT PRIMARY KEY, tokens REAL NOT NULL, updated_us INTEGER NOT NULL,
  quota_day INTEGER NOT NULL, quota_used INTEGER NOT NULL) STRICT;
CREATE TABLE IF NOT EXISTS oauth_refresh_token (
  connection TEXT PRIMARY KEY, configured_fingerprint TEXT NOT NULL,
  refresh_token TEXT NOT NULL, updated_at TEXT NOT NULL) STRICT;
CREATE TABLE IF NOT EXISTS quota_mark (
  key TEXT PRIMARY KEY, until_us INTEGER NOT NULL, at_us INTEGER NOT NULL,
  connection TEXT NOT NULL, answer TEXT NOT NULL, renewal_known INTEGER NOT NULL) STRICT;
PRAGMA user_version = 2;
)sql";

bool SameMark(const http::QuotaMark& a, const http::QuotaMark& b) {
  return a.until_us == b.until_us && a.at_us == b.at_us && a.connection == b.connection &&
         a.answer == b.answer && a.renewal_known == b.renewal_known;
}

class HttpStateFile : public http::SharedState {
 public:
  explicit HttpStateFile(std::string path) : path_(std::move(path)) {}

  Status UpdateBucket(std::string_view key,
                      const std::function<bool(http::BucketState&)>& update) override {
    std::lock_guard<std::mutex> lock(mu_);
    if (Status s = OpenLocked(); !s.ok()) return s;
    if (Status s = db_->Exec("BEGIN IMMEDIATE"); !s.ok()) return s;
    Status s = UpdateInTransaction(key, update);
    if (!s.ok()) {
      (void)db_->Exec("ROLLBACK");
      return s;
    }
    s = db_->Exec("COMMIT");
    if (!s.ok()) (void)db_->Exec("ROLLBACK");
    return s;
  }

  Result<std::optional<http::StoredRefreshToken>> LoadRefreshToken(
      std::string_view connection) override {
    std::lock_guard<std::mutex> lock(mu_);
    if (Status s = OpenLocked(); !s.ok()) return s;
    Result<Stmt> select = db_->Prepare(
        "SELECT configured_fingerprint, refresh_token FROM oauth_refresh_token "
        "WHERE connection = ?1");
    if (!select.ok()) return select.status();
    select->Bind(1, connection);
    Result<bool> row = select->Step();
    if (!row.ok()) return row.status();
    if (!*row) return std::optional<http::StoredRefreshToken>();
    return std::optional<http::StoredRefreshToken>(
        http::StoredRefreshToken{select->Text(0), select->Text(1)});
  }

  Status SaveRefreshToken(std::string_view connection,
                          const http::StoredRefreshToken& token) override {
    std::lock_guard<std::mutex> lock(mu_);
    if (Status s = OpenLocked(); !s.ok()) return s;
    if (Status s = db_->Exec("PRAGMA synchronous=FULL"); !s.ok()) return s;
    Result<Stmt> upsert = db_->Prepare(
        "INSERT INTO oauth_refresh_token (connection, configured_fingerprint, refresh_token, "
        "updated_at) VALUES (?1, ?2, ?3, ?4) ON CONFLICT (connection) DO UPDATE SET "
        "configured_fingerprint = excluded.configured_fingerprint, "
        "refresh_token = excluded.refresh_token, updated_at = excluded.updated_at");
    Status s = upsert.ok() ? Status::Ok() : upsert.status();
    if (s.ok()) {
      upsert->Bind(1, connection)
          .Bind(2, std::string_view(token.configured_fingerprint))
          .Bind(3, std::string_view(token.refresh_token))
          .Bind(4, std::string_view(NowUtc()));
      s = upsert->Run();  // autocommit: durable when it returns
    }
    (void)db_->Exec("PRAGMA synchronous=NORMAL");
    return s;
  }

 private:
  Status OpenLocked() {
    if (db_ != nullptr) return Status::Ok();
    std::error_code ec;
    std::filesystem::path parent = std::filesystem::path(path_).parent_path();
    if (!parent.empty()) std::filesystem::create_directories(parent, ec);
    // Created owner-only before SQLite sees it; its -wal and -shm files inherit the mode.
    int fd = ::open(path_.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
    if (fd >= 0) ::close(fd);
    Result<std::unique_ptr<Db>> db = Db::Open(path_);
    if (!db.ok()) return db.status();
    Status s = RetryWhileBusy([&db] {
      Status wal = (*db)->Exec("PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;");
      return wal.ok() ? (*db)->Exec(kSchema) : wal;
    });
    if (!s.ok()) return Status::Io("HTTP state file " + path_ + ": " + s.message());
    db_ = std::move(db).value();
    return Status::Ok();
  }

  Status UpdateInTransaction(std::string_view key,
                             const std::function<bool(http::BucketState&)>& update) {
    Result<Stmt> select = db_->Prepare(
        "SELECT tokens, updated_us, quota_day, quota_used FROM rate_bucket WHERE key = ?1");
    if (!select.ok()) return select.status();
    select->Bind(1, key);
    Result<bool> row = select->Step();
    if (!row.ok()) return row.status();
    http::BucketState state;
    if (*row) {
      state.exists = true;
      state.tokens = select->Real(0);
      state.updated_us = select->Int(1);
      state.quota_day = select->Int(2);
      state.quota_used = select->Int(3);
    }
    select->Reset();
    if (Status s = ReadMark(key, state.quota_mark); !s.ok()) return s;
    const http::QuotaMark before = state.quota_mark;
    if (!update(state)) return Status::Ok();
    if (!SameMark(before, state.quota_mark)) {
      if (Status s = WriteMark(key, state.quota_mark); !s.ok()) return s;
    }
    Result<Stmt> upsert = db_->Prepare(
        "INSERT INTO rate_bucket (key, tokens, updated_us, quota_day, quota_used) "
        "VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT (key) DO UPDATE SET tokens = excluded.tokens, "
        "updated_us = excluded.updated_us, quota_day = excluded.quota_day, "
        "quota_used = excluded.quota_used");
    if (!upsert.ok()) return upsert.status();
    upsert->Bind(1, key)
        .Bind(2, state.tokens)
        .Bind(3, state.updated_us)
        .Bind(4, state.quota_day)
        .Bind(5, state.quota_used);
    return upsert->Run();
  }

  Status ReadMark(std::string_view key, http::QuotaMark& mark) {
    Result<Stmt> select = db_->Prepare(
        "SELECT until_us, at_us, connection, answer, renewal_known FROM quota_mark "
        "WHERE key = ?1");
    if (!select.ok()) return select.status();
    select->Bind(1, key);
    Result<bool> row = select->Step();
    if (!row.ok()) return row.status();
    mark = http::QuotaMark{};
    if (*row) {
      mark.until_us = select->Int(0);
      mark.at_us = select->Int(1);
      mark.connection = select->Text(2);
      mark.answer = select->Text(3);
      mark.renewal_known = select->Int(4) != 0;
    }
    return Status::Ok();
  }

  // Replaces the key's mark; a mark with until_us 0 removes it.
  Status WriteMark(std::string_view key, const http::QuotaMark& mark) {
    if (mark.until_us == 0) {
      Result<Stmt> remove = db_->Prepare("DELETE FROM quota_mark WHERE key = ?1");
      if (!remove.ok()) return remove.status();
      remove->Bind(1, key);
      return remove->Run();
    }
    Result<Stmt> upsert = db_->Prepare(
        "INSERT INTO quota_mark (key, until_us, at_us, connection, answer, renewal_known) "
        "VALUES (?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT (key) DO UPDATE SET "
        "until_us = excluded.until_us, at_us = excluded.at_us, "
        "connection = excluded.connection, answer = excluded.answer, "
        "renewal_known = excluded.renewal_known");
    if (!upsert.ok()) return upsert.status();
    upsert->Bind(1, key)
        .Bind(2, mark.until_us)
        .Bind(3, mark.at_us)
        .Bind(4, std::string_view(mark.connection))
        .Bind(5, std::string_view(mark.answer))
        .Bind(6, int64_t{mark.renewal_known ? 1 : 0});
    return upsert->Run();
  }

  const std::string path_;
  std::mutex mu_;
  std::unique_ptr<Db> db_;  // guarded by mu_; opened on first use
};

}  // namespace

std::string HttpStatePath(const std::string& store_path) { return store_path + ".http.db"; }

std::shared_ptr<http::SharedState> NewHttpStateFile(std::string path) {
  return std::make_shared<HttpStateFile>(std::move(path));
}

}  // namespace tempo::store
