// OpenStore: pragmas and migrations.
#include "store/store.h"

#include <chrono>
#include <cstdio>
#include <ctime>
#include <filesystem>

#include "store/migrate.h"

namespace tempo::store {

Result<std::unique_ptr<Db>> OpenStore(const std::string& path) {
  std::error_code ec;
  std::filesystem::path parent = std::filesystem::path(path).parent_path();
  if (!parent.empty()) std::filesystem::create_directories(parent, ec);
  Result<std::unique_ptr<Db>> db = Db::Open(path);
  if (!db.ok()) return db.status();
  // 8 KiB pages for a new store (an existing one keeps the size it was created with): bulk
  // writes cost per page (system calls, WAL frames, B-tree splits), and 8 KiB pages write
  // about 30 % faster than SQLite's default 4 KiB while costing a random-row update about
  // 5 % (larger pages cost updates more: docs/performance.md).
  // 32 MiB page cache: large transactions of random-order upserts stay fast without letting
  // memory grow with the record count.
  // Two processes opening a fresh store at once can be refused the lock without waiting
  // (switching the new file to WAL, creating the schema): try again for as long as the busy
  // timeout would have waited.
  Status s = RetryWhileBusy([&db] {
    Status pragmas = (*db)->Exec(
        "PRAGMA page_size=8192; PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"
        "PRAGMA foreign_keys=OFF;"
        "PRAGMA cache_size=-32768; PRAGMA temp_store=MEMORY; PRAGMA journal_size_limit=67108864;");
    return pragmas.ok() ? Migrate(**db) : pragmas;
  });
  if (!s.ok()) return s;
  return db;
}

Result<std::unique_ptr<Db>> OpenStoreReadOnly(const std::string& path) {
  std::error_code ec;
  if (!std::filesystem::exists(path, ec)) {
    return Status::NotFound("store " + path + " does not exist yet; run 'tempo sync CONNECTION'");
  }
  return Db::Open(path, /*read_only=*/true);
}

std::string NowUtc() {
  auto now = std::chrono::system_clock::now();
  std::time_t t = std::chrono::system_clock::to_time_t(now);
  auto ms =
      std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count() % 1000;
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[64];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", tm.tm_year + 1900,
                tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, static_cast<int>(ms));
  return buf;
}

}  // namespace tempo::store
