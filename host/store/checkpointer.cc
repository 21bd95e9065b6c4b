// Checkpointer: WAL checkpoints on a thread of their own (see checkpointer.h).
#include "store/checkpointer.h"

#include <sqlite3.h>

#include <algorithm>

namespace tempo::store {

Result<std::unique_ptr<Checkpointer>> Checkpointer::Start(Db& db,
                                                          const CheckpointerOptions& options) {
  Result<Stmt> page_size = db.Prepare("PRAGMA page_size");
  if (!page_size.ok()) return page_size.status();
  Result<bool> row = page_size->Step();
  if (!row.ok()) return row.status();
  const int64_t bytes_per_page = *row ? std::max<int64_t>(page_size->Int(0), 512) : 4096;
  page_size->Reset();

  Result<std::unique_ptr<Db>> own = Db::Open(db.path());
  if (!own.ok()) return own.status();
  if (Status s = (*own)->Exec("PRAGMA synchronous=NORMAL"); !s.ok()) return s;
  const int64_t max_frames =
      std::max(options.start_frames + 1, options.max_wal_bytes / bytes_per_page);
  std::unique_ptr<Checkpointer> c(
      new Checkpointer(db, std::move(own).value(), options, max_frames));
  // Replaces SQLite's automatic checkpoint, which is itself a WAL hook.
  sqlite3_wal_hook(db.raw(), &Checkpointer::OnCommit, c.get());
  c->thread_ = std::thread([p = c.get()] { p->Loop(); });
  return c;
}

Checkpointer::Checkpointer(Db& writer, std::unique_ptr<Db> own, const CheckpointerOptions& options,
                           int64_t max_frames)
    : writer_(writer), own_(std::move(own)), options_(options), max_frames_(max_frames) {}

Checkpointer::~Checkpointer() { Stop(); }

void Checkpointer::Stop() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (stopping_) return;
    stopping_ = true;
  }
  cv_.notify_all();
  if (thread_.joinable()) thread_.join();
  sqlite3_wal_hook(writer_.raw(), nullptr, nullptr);
  sqlite3_wal_autocheckpoint(writer_.raw(), 1000);  // SQLite's default
  own_.reset();
}

int64_t Checkpointer::background_checkpoints() const {
  std::lock_guard<std::mutex> lock(mu_);
  return background_;
}

int64_t Checkpointer::foreground_checkpoints() const {
  std::lock_guard<std::mutex> lock(mu_);
  return foreground_;
}

// Runs on the committing thread after each commit, with the WAL's size in pages.
int Checkpointer::OnCommit(void* arg, sqlite3* db, const char* name, int frames) {
  auto* self = static_cast<Checkpointer*>(arg);
  if (frames < self->options_.start_frames) return SQLITE_OK;
  std::unique_lock<std::mutex> lock(self->mu_);
  if (frames < self->max_frames_) {
    self->wanted_ = true;
    self->cv_.notify_all();
    return SQLITE_OK;
  }
  // The background thread fell behind: let it finish, then copy the rest here, as SQLite's own
  // automatic checkpoint would have.
  self->cv_.wait(lock, [self] { return !self->busy_; });
  self->busy_ = true;
  lock.unlock();
  int rc = sqlite3_wal_checkpoint_v2(db, name, SQLITE_CHECKPOINT_PASSIVE, nullptr, nullptr);
  lock.lock();
  self->busy_ = false;
  self->wanted_ = false;
  if (rc == SQLITE_OK) ++self->foreground_;
  self->cv_.notify_all();
  return SQLITE_OK;  // the commit happened either way; a failed checkpoint is retried later
}

void Checkpointer::Loop() {
  std::unique_lock<std::mutex> lock(mu_);
  for (;;) {
    cv_.wait(lock, [this] { return stopping_ || (wanted_ && !busy_); });
    if (stopping_) return;
    wanted_ = false;
    busy_ = true;
    lock.unlock();
    // PASSIVE: copies what no reader still needs, never waits for readers or the writer.
    // SQLITE_BUSY (another process is checkpointing) is fine: the next commit asks again.
    int rc =
        sqlite3_wal_checkpoint_v2(own_->raw(), "main", SQLITE_CHECKPOINT_PASSIVE, nullptr, nullptr);
    lock.lock();
    busy_ = false;
    if (rc == SQLITE_OK) ++background_;
    cv_.notify_all();
  }
}

}  // namespace tempo::store
