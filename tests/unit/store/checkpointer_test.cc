// Checkpointer: WAL checkpoints on a thread of their own keep the WAL bounded and lose nothing;
// the committing thread takes over when the thread falls behind; Stop() gives SQLite its
// automatic checkpoint back. Also: the page size of new and existing stores.
#include <filesystem>
#include <string>

#include <catch2/catch.hpp>

#include "store/checkpointer.h"
#include "store/sqlite.h"
#include "store/store.h"
#include "support/store_query.h"
#include "support/temp_dir.h"

namespace tempo::store {
namespace {

namespace fs = std::filesystem;
using testing::QueryInt;

// A store file in a fresh folder (removed with it).
class TempStore {
 public:
  const std::string& path() const { return path_; }
  int64_t WalBytes() const {
    std::error_code ec;
    auto size = fs::file_size(path_ + "-wal", ec);
    return ec ? 0 : static_cast<int64_t>(size);
  }

 private:
  testing::TempDir dir_;
  std::string path_ = dir_.File("tempo.db");
};

std::unique_ptr<Db> Store(const TempStore& t) {
  Result<std::unique_ptr<Db>> db = OpenStore(t.path());
  REQUIRE(db.ok());
  REQUIRE((*db)->Exec("CREATE TABLE scratch (id INTEGER PRIMARY KEY, body TEXT NOT NULL)").ok());
  // The WAL starts empty: what the migrations wrote is not what is measured.
  REQUIRE((*db)->Exec("PRAGMA wal_checkpoint(TRUNCATE)").ok());
  return std::move(db).value();
}

// Commits `transactions` transactions of `rows` rows of 1 KB each; returns the largest WAL
// seen after a commit.
int64_t WriteRows(Db& db, const TempStore& t, int transactions, int rows, int64_t* next_id) {
  Result<Stmt> insert = db.Prepare("INSERT INTO scratch (id, body) VALUES (?1, ?2)");
  REQUIRE(insert.ok());
  const std::string body(1000, 'x');
  int64_t largest = 0;
  for (int i = 0; i < transactions; ++i) {
    REQUIRE(db.Exec("BEGIN").ok());
    for (int r = 0; r < rows; ++r) {
      insert->Bind(1, (*next_id)++).Bind(2, std::string_view(body));
      REQUIRE(insert->Run().ok());
    }
    REQUIRE(db.Exec("COMMIT").ok());
    largest = std::max(largest, t.WalBytes());
  }
  return largest;
}

TEST_CASE("a new store has 8 KiB pages, an existing store keeps its page size") {
  TempStore fresh;
  Result<std::unique_ptr<Db>> db = OpenStore(fresh.path());
  REQUIRE(db.ok());
  CHECK(QueryInt(**db, "PRAGMA page_size") == 8192);

  TempStore old;
  {
    Result<std::unique_ptr<Db>> raw = Db::Open(old.path());
    REQUIRE(raw.ok());
    REQUIRE((*raw)
                ->Exec("PRAGMA page_size=4096; CREATE TABLE keep (x INTEGER);"
                       "INSERT INTO keep VALUES (42)")
                .ok());
  }
  Result<std::unique_ptr<Db>> reopened = OpenStore(old.path());
  REQUIRE(reopened.ok());
  CHECK(QueryInt(**reopened, "PRAGMA page_size") == 4096);
  CHECK(QueryInt(**reopened, "SELECT x FROM keep") == 42);
  CHECK(QueryInt(**reopened, "SELECT count(*) FROM sync_runs") == 0);  // migrated
}

TEST_CASE("background checkpoints keep the WAL bounded and every committed row readable") {
  TempStore t;
  std::unique_ptr<Db> db = Store(t);
  CheckpointerOptions options;
  options.start_frames = 50;
  options.max_wal_bytes = 4 << 20;
  Result<std::unique_ptr<Checkpointer>> c = Checkpointer::Start(*db, options);
  REQUIRE(c.ok());
  int64_t next_id = 1;
  // 300 transactions of about 100 pages each: 240 MB of WAL without checkpoints.
  const int64_t largest = WriteRows(*db, t, 300, 800, &next_id);
  (*c)->Stop();
  INFO("largest WAL " << largest << " bytes, " << (*c)->background_checkpoints()
                      << " background and " << (*c)->foreground_checkpoints()
                      << " foreground checkpoints");
  CHECK((*c)->background_checkpoints() > 0);
  // The bound, plus the transaction that crossed it.
  CHECK(largest <= options.max_wal_bytes + (2 << 20));

  // Every row, seen from another connection.
  Result<std::unique_ptr<Db>> reader = Db::Open(t.path(), /*read_only=*/true);
  REQUIRE(reader.ok());
  CHECK(QueryInt(**reader, "SELECT count(*) FROM scratch") == 300 * 800);
  CHECK(QueryInt(**reader, "SELECT max(id) FROM scratch") == 300 * 800);

  // SQLite's automatic checkpoint is back.
  CHECK(QueryInt(*db, "PRAGMA wal_autocheckpoint") == 1000);
}

TEST_CASE("the committing thread checkpoints when the WAL reaches its bound") {
  TempStore t;
  std::unique_ptr<Db> db = Store(t);
  CheckpointerOptions options;
  options.start_frames = 20;
  options.max_wal_bytes = 21 * 8192;  // every commit below crosses it
  Result<std::unique_ptr<Checkpointer>> c = Checkpointer::Start(*db, options);
  REQUIRE(c.ok());
  int64_t next_id = 1;
  const int64_t largest = WriteRows(*db, t, 40, 200, &next_id);
  CHECK((*c)->foreground_checkpoints() > 0);
  // After each foreground checkpoint the next transaction starts the WAL over: it never holds
  // more than about two transactions (200 rows of 1 KB are about 26 pages).
  CHECK(largest <= 2 * 30 * (8192 + 24) + 32);
  c->reset();
  CHECK(QueryInt(*db, "SELECT count(*) FROM scratch") == 40 * 200);
}

}  // namespace
}  // namespace tempo::store
