// QueryInt / QueryText: the first column of the first row a query returns, for tests that check
// a store; a failing query or an empty result fails the test.
#ifndef TEMPO_TESTS_SUPPORT_STORE_QUERY_H_
#define TEMPO_TESTS_SUPPORT_STORE_QUERY_H_

#include <cstdint>
#include <string>

#include <catch2/catch.hpp>

#include "store/sqlite.h"

namespace tempo::testing {

inline int64_t QueryInt(store::Db& db, const std::string& sql) {
  Result<store::Stmt> stmt = db.Prepare(sql);
  REQUIRE(stmt.ok());
  Result<bool> row = stmt->Step();
  REQUIRE(row.ok());
  REQUIRE(*row);
  return stmt->Int(0);
}

inline std::string QueryText(store::Db& db, const std::string& sql) {
  Result<store::Stmt> stmt = db.Prepare(sql);
  REQUIRE(stmt.ok());
  Result<bool> row = stmt->Step();
  REQUIRE(row.ok());
  REQUIRE(*row);
  return stmt->Text(0);
}

}  // namespace tempo::testing

#endif  // TEMPO_TESTS_SUPPORT_STORE_QUERY_H_
