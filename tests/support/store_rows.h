// What integration tests read back from a store file a `tempo` child process wrote: every row of
// a query as text (NULL as "<null>"), one number, and a connection's last run record.
#ifndef TEMPO_TESTS_SUPPORT_STORE_ROWS_H_
#define TEMPO_TESTS_SUPPORT_STORE_ROWS_H_

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include <catch2/catch.hpp>

#include "store/store.h"

namespace tempo::testing {

inline std::vector<std::vector<std::string>> StoreRows(const std::string& db_path,
                                                       const std::string& sql) {
  auto db = store::OpenStoreReadOnly(db_path);
  REQUIRE(db.ok());
  auto stmt = (*db)->Prepare(sql);
  REQUIRE(stmt.ok());
  std::vector<std::vector<std::string>> rows;
  for (;;) {
    auto more = stmt->Step();
    REQUIRE(more.ok());
    if (!*more) break;
    std::vector<std::string> row;
    for (int c = 0; c < stmt->ColumnCount(); ++c) {
      row.push_back(stmt->IsNull(c) ? "<null>" : stmt->Text(c));
    }
    rows.push_back(std::move(row));
  }
  return rows;
}

// The one value of a query that returns one row with an integer first column.
inline int64_t StoreScalar(const std::string& db_path, const std::string& sql) {
  auto rows = StoreRows(db_path, sql);
  REQUIRE(rows.size() == 1);
  return std::stoll(rows[0][0]);
}

struct LastRunRecord {
  std::string status, error;
  int64_t records = 0;
};

// The newest sync_runs row of `connection`.
inline LastRunRecord LastRunOf(const std::string& db_path, const std::string& connection) {
  auto rows = StoreRows(db_path,
                        "SELECT status, coalesce(error, ''), records FROM sync_runs "
                        "WHERE connection = '" +
                            connection + "' ORDER BY id DESC LIMIT 1");
  REQUIRE(rows.size() == 1);
  return {rows[0][0], rows[0][1], std::stoll(rows[0][2])};
}

}  // namespace tempo::testing

#endif  // TEMPO_TESTS_SUPPORT_STORE_ROWS_H_
