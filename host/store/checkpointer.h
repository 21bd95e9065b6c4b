// Checkpointer: moves a store's WAL checkpoints off the thread that commits.
//
// In WAL mode every commit appends pages to the -wal file, and a checkpoint later copies them
// into the database file and syncs both. SQLite's automatic checkpoint runs inside the commit
// that crosses its threshold, so the committing thread pays for copying and syncing everything
// the earlier commits wrote: in a bulk sync that is about half of the writer's time. With a
// Checkpointer, a commit only wakes a thread of its own (with its own connection), which
// checkpoints while the writer goes on with the next transaction.
//
// The WAL stays bounded: when the background thread cannot keep up and the WAL reaches
// `max_wal_bytes`, the commit that got it there waits for the thread and checkpoints itself,
// as SQLite's automatic checkpoint would. Durability is unchanged: commits are as durable as
// before (synchronous=NORMAL) and a checkpoint still syncs the WAL before and the database
// after copying.
#ifndef TEMPO_HOST_STORE_CHECKPOINTER_H_
#define TEMPO_HOST_STORE_CHECKPOINTER_H_

#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <thread>

#include "common/status.h"
#include "store/sqlite.h"

namespace tempo::store {

struct CheckpointerOptions {
  int64_t start_frames = 1000;         // checkpoint once the WAL holds this many pages
  int64_t max_wal_bytes = 64ll << 20;  // beyond this, the committing thread checkpoints
};

class Checkpointer {
 public:
  // Starts checkpointing `db`'s WAL in the background and turns off `db`'s automatic
  // checkpoint. `db` must outlive the Checkpointer; destroy it (or call Stop) before closing
  // `db`, on a thread that is not committing on `db` at that moment.
  static Result<std::unique_ptr<Checkpointer>> Start(Db& db,
                                                     const CheckpointerOptions& options = {});
  ~Checkpointer();
  Checkpointer(const Checkpointer&) = delete;
  Checkpointer& operator=(const Checkpointer&) = delete;

  // Stops the thread and gives `db` its automatic checkpoint back. Idempotent.
  void Stop();

  // Checkpoints done so far: by the background thread, and by committing threads that found
  // the WAL at its bound.
  int64_t background_checkpoints() const;
  int64_t foreground_checkpoints() const;

 private:
  Checkpointer(Db& writer, std::unique_ptr<Db> own, const CheckpointerOptions& options,
               int64_t max_frames);
  static int OnCommit(void* self, sqlite3* db, const char* name, int frames);
  void Loop();

  Db& writer_;
  std::unique_ptr<Db> own_;  // the background thread's connection
  const CheckpointerOptions options_;
  const int64_t max_frames_;

  mutable std::mutex mu_;
  std::condition_variable cv_;
  bool wanted_ = false;  // a commit left enough pages in the WAL
  bool busy_ = false;    // a checkpoint is running (on either thread)
  bool stopping_ = false;
  int64_t background_ = 0, foreground_ = 0;
  std::thread thread_;
};

}  // namespace tempo::store

#endif  // TEMPO_HOST_STORE_CHECKPOINTER_H_
