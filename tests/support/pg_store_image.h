// The StoreImage (store_image.h) of a PostgreSQL store, in the same format as a SQLite
// store's, so that a test compares the two backends row for row with the same helpers
// (DescribeImageDifference); and a dump of every table of either store (TableDump). Values are
// written as SQLite writes them as text: integers as digits, reals as SQLite's "%!.15g" (100.0,
// 0.1, 1.0e+20).
#ifndef TEMPO_TESTS_SUPPORT_PG_STORE_IMAGE_H_
#define TEMPO_TESTS_SUPPORT_PG_STORE_IMAGE_H_

#include <algorithm>
#include <cstdio>
#include <map>
#include <string>
#include <vector>

#include "store/pg/connection.h"
#include "store/schema.h"
#include "store/sqlite.h"
#include "support/store_image.h"

namespace tempo::testing {

// A double as SQLite shows a REAL as text.
inline std::string SqliteRealText(double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.15g", v);
  std::string s = buf;
  if (s.find_first_of(".en") == std::string::npos) return s + ".0";  // n: inf, nan
  if (const size_t e = s.find('e'); e != std::string::npos && s.find('.') == std::string::npos) {
    s.insert(e, ".0");
  }
  return s;
}

inline StoreImage ReadPgStoreImage(const std::string& url, std::string* error = nullptr) {
  StoreImage image;
  auto conn = store::pg::Connection::Open(url);
  if (!conn.ok()) {
    if (error != nullptr) *error = conn.status().message();
    return image;
  }
  for (const store::TableSpec& table : store::CanonicalTables()) {
    auto info = (*conn)->Query(
        "SELECT column_name, data_type FROM information_schema.columns WHERE table_schema = "
        "current_schema() AND table_name = $1 ORDER BY ordinal_position",
        store::pg::Params().Add(std::string_view(table.name)));
    if (!info.ok()) {
      if (error != nullptr) *error = info.status().message();
      continue;
    }
    std::vector<std::string> columns;
    std::vector<bool> real;
    for (int r = 0; r < info->size(); ++r) {
      const std::string name(info->Text(r, 0));
      if (ImageExcludedColumns().count(name) != 0) continue;
      columns.push_back(name);
      real.push_back(info->Text(r, 1) == "double precision");
    }
    const std::string sql = ImageSelectSql(table.name, columns);
    auto rows = (*conn)->Query(sql);
    if (!rows.ok()) {
      if (error != nullptr) *error = rows.status().message();
      continue;
    }
    std::vector<std::string>& out = image[table.name];
    for (int r = 0; r < rows->size(); ++r) {
      std::string line = rows->Text(r, 0) == "t" ? "deleted" : "live";
      for (size_t c = 0; c < columns.size(); ++c) {
        const int col = static_cast<int>(c) + 1;
        std::string value;
        if (rows->IsNull(r, col)) {
          value = "<null>";
        } else if (real[c]) {
          value = SqliteRealText(rows->Real(r, col));
        } else {
          value = std::string(rows->Text(r, col));
        }
        line += "|" + columns[c] + "=" + value;
      }
      out.push_back(std::move(line));
    }
    std::sort(out.begin(), out.end());
    if (out.empty()) image.erase(table.name);
  }
  return image;
}

// Every table of a store (canonical, bookkeeping, rejects, scores), every column, every row as
// text ("col=value|..."), sorted per table: for comparing a copy with its original. Tables
// without rows are left out; PostgreSQL's tempo_schema is not part of it.
using TableDump = std::map<std::string, std::vector<std::string>>;

inline TableDump DumpSqliteTables(store::Db& db) {
  TableDump dump;
  auto tables = db.Prepare(
      "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'");
  if (!tables.ok()) return dump;
  std::vector<std::string> names;
  for (auto row = tables->Step(); row.ok() && *row; row = tables->Step()) {
    names.push_back(tables->Text(0));
  }
  for (const std::string& t : names) {
    auto stmt = db.Prepare("SELECT * FROM \"" + t + "\"");
    if (!stmt.ok()) continue;
    for (auto row = stmt->Step(); row.ok() && *row; row = stmt->Step()) {
      std::string line;
      for (int c = 0; c < stmt->ColumnCount(); ++c) {
        line += "|" + stmt->ColumnName(c) + "=" + (stmt->IsNull(c) ? "<null>" : stmt->Text(c));
      }
      dump[t].push_back(std::move(line));
    }
    std::sort(dump[t].begin(), dump[t].end());
    if (dump[t].empty()) dump.erase(t);
  }
  return dump;
}

inline TableDump DumpPgTables(store::pg::Connection& conn) {
  TableDump dump;
  auto columns = conn.Query(
      "SELECT c.table_name, c.column_name, c.data_type FROM information_schema.columns c JOIN "
      "information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = "
      "c.table_name WHERE c.table_schema = current_schema() AND t.table_type = 'BASE TABLE' "
      "AND c.table_name <> 'tempo_schema' ORDER BY c.table_name, c.ordinal_position");
  if (!columns.ok()) return dump;
  std::map<std::string, std::vector<std::pair<std::string, bool>>> tables;
  for (int r = 0; r < columns->size(); ++r) {
    tables[std::string(columns->Text(r, 0))].emplace_back(
        std::string(columns->Text(r, 1)), columns->Text(r, 2) == "double precision");
  }
  for (const auto& [t, cols] : tables) {
    auto rows = conn.Query("SELECT * FROM \"" + t + "\"");
    if (!rows.ok()) continue;
    for (int r = 0; r < rows->size(); ++r) {
      std::string line;
      for (size_t c = 0; c < cols.size(); ++c) {
        const int col = static_cast<int>(c);
        std::string value = rows->IsNull(r, col) ? "<null>"
                            : cols[c].second     ? SqliteRealText(rows->Real(r, col))
                                                 : std::string(rows->Text(r, col));
        line += "|" + cols[c].first + "=" + value;
      }
      dump[t].push_back(std::move(line));
    }
    std::sort(dump[t].begin(), dump[t].end());
    if (dump[t].empty()) dump.erase(t);
  }
  return dump;
}

}  // namespace tempo::testing

#endif  // TEMPO_TESTS_SUPPORT_PG_STORE_IMAGE_H_
