// The libpq wrapper (store/pg/connection.h): values are bound, never spliced (hostile text
// round-trips), COPY's text format carries any text, and errors name the server and the
// database but never the password. The server tests need $TEMPO_TEST_PG_URL (skipped without
// it); the URL and error tests run everywhere.
#include <string>

#include <catch2/catch.hpp>

#include "store/pg/connection.h"
#include "support/pg.h"

namespace tempo::store::pg {
namespace {

using testing::PgDatabase;

TEST_CASE("RedactUrl hides the password of a PostgreSQL URL", "[pg]") {
  CHECK(RedactUrl("postgresql://tempo:s3cr3t-pw@db.example:5432/tempo") ==
        "postgresql://tempo:***@db.example:5432/tempo");
  CHECK(RedactUrl("postgres://u:p%40ss:word@h/db?sslmode=require") ==
        "postgres://u:***@h/db?sslmode=require");
  CHECK(RedactUrl("postgresql://h/db?user=u&password=hunter22&sslmode=require") ==
        "postgresql://h/db?user=u&password=***&sslmode=require");
  CHECK(RedactUrl("postgresql://tempo@127.0.0.1:55432/postgres") ==
        "postgresql://tempo@127.0.0.1:55432/postgres");
  CHECK(IsPostgresUrl("postgresql://h/db"));
  CHECK(IsPostgresUrl("postgres://h/db"));
  CHECK_FALSE(IsPostgresUrl("sqlite:/tmp/x.db"));
}

TEST_CASE("a PostgreSQL store that cannot be reached: the server named, the password not", "[pg]") {
  // Port 1 on loopback: nothing listens there.
  auto conn = Connection::Open("postgresql://tempo:Pg-Secret-991@127.0.0.1:1/tempo_db");
  REQUIRE_FALSE(conn.ok());
  CHECK(conn.status().code() == StatusCode::kUnavailable);
  const std::string& m = conn.status().message();
  CHECK_THAT(m, Catch::Contains("127.0.0.1") && Catch::Contains("tempo_db") &&
                    Catch::Contains("is the server running"));
  CHECK_THAT(m, !Catch::Contains("Pg-Secret-991"));
}

TEST_CASE("values reach PostgreSQL bound, whatever they hold", "[pg]") {
  std::optional<PgDatabase> db = PgDatabase::CreateOrSkip("bind");
  if (!db) return;
  auto conn = db->Connect();
  REQUIRE(conn->Exec("CREATE TABLE t (s TEXT, n BIGINT, x DOUBLE PRECISION)").ok());
  const std::string hostile = "O'Brien'); DROP TABLE t; --\t\\N\n$1 \"x\" ü";
  REQUIRE(conn->Run("INSERT INTO t VALUES ($1, $2, $3)",
                    Params().Add(hostile).Add(int64_t{-9007199254740993}).Add(0.1))
              .ok());
  REQUIRE(
      conn->Run("INSERT INTO t VALUES ($1, $2, $3)", Params().AddNull().AddNull().AddNull()).ok());
  Result<Rows> rows = conn->Query("SELECT s, n, x FROM t ORDER BY s NULLS LAST");
  REQUIRE(rows.ok());
  REQUIRE(rows->size() == 2);
  CHECK(rows->Text(0, 0) == hostile);
  CHECK(rows->Int(0, 1) == -9007199254740993);
  CHECK(rows->Real(0, 2) == 0.1);
  CHECK(rows->IsNull(1, 0));
  CHECK(rows->IsNull(1, 1));
}

TEST_CASE("COPY carries tabs, newlines, backslashes and NULLs", "[pg]") {
  std::optional<PgDatabase> db = PgDatabase::CreateOrSkip("copy");
  if (!db) return;
  auto conn = db->Connect();
  REQUIRE(conn->Exec("CREATE TABLE t (i BIGINT, s TEXT)").ok());
  const std::string tricky = "a\tb\nc\\d\re \\N";
  std::string data;
  for (int i = 0; i < 3; ++i) {
    data += std::to_string(i) + "\t";
    if (i == 1) {
      CopyNull(data);
    } else {
      CopyText(data, tricky);
    }
    data += "\n";
  }
  REQUIRE(conn->Copy("COPY t (i, s) FROM STDIN", data).ok());
  Result<Rows> rows = conn->Query("SELECT i, s FROM t ORDER BY i");
  REQUIRE(rows.ok());
  REQUIRE(rows->size() == 3);
  CHECK(rows->Text(0, 1) == tricky);
  CHECK(rows->IsNull(1, 1));
  CHECK(rows->Text(2, 1) == tricky);

  // A COPY the server refuses fails with its reason and leaves the connection usable.
  Status bad = conn->Copy("COPY t (i, s) FROM STDIN", "not-a-number\tx\n");
  CHECK(bad.code() == StatusCode::kIo);
  CHECK_THAT(bad.message(),
             Catch::Contains("PostgreSQL 127.0.0.1") && Catch::Contains("invalid input syntax"));
  CHECK(conn->Query("SELECT 1").ok());
}

TEST_CASE("a failed statement names the server, the database and the cause", "[pg]") {
  std::optional<PgDatabase> db = PgDatabase::CreateOrSkip("errors");
  if (!db) return;
  auto conn = db->Connect();
  Result<Rows> rows = conn->Query("SELECT * FROM no_such_table");
  REQUIRE_FALSE(rows.ok());
  CHECK_THAT(rows.status().message(), Catch::Contains(db->name()) &&
                                          Catch::Contains("no_such_table") &&
                                          Catch::Contains("does not exist"));
}

}  // namespace
}  // namespace tempo::store::pg
