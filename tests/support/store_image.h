// StoreImage: every row of every canonical table of a store file, every column as text, for
// tests that compare two stores row for row (a store whose runs were killed and resumed, or
// faulted and re-run, against one whose runs were clean).
//
// Every column takes part except the ones that legitimately differ between two stores that
// hold the same records, named here once:
//   - `id`: the SQLite row id, which follows the order rows were first inserted in;
//   - `sync_run_id`: which run wrote the row (run ids count each store's own runs);
//   - `deleted_at`: when a row was soft-deleted is the time of the run that saw it gone; whether
//     it is deleted is compared ("deleted" / "live");
//   - `overlap.snapshot_at`: when the provider's data was read, which for Crossbeam (whose
//     overlaps carry no time of their own) is when the run read the page; whether it is set is
//     compared.
// `raw_json` takes part, byte for byte, and so do `source_updated_at` and every entity column.
// The bookkeeping tables (sync_state, sync_runs) are not part of the image: cursors hold run
// start instants, and run records differ by design.
#ifndef TEMPO_TESTS_SUPPORT_STORE_IMAGE_H_
#define TEMPO_TESTS_SUPPORT_STORE_IMAGE_H_

#include <algorithm>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "store/schema.h"
#include "store/store.h"

namespace tempo::testing {

// Table name -> rows, each "live|connection=...|source_id=...|col=value|..." (or "deleted|..."),
// sorted as strings.
using StoreImage = std::map<std::string, std::vector<std::string>>;

inline const std::set<std::string>& ImageExcludedColumns() {
  static const std::set<std::string> kExcluded = {"id", "sync_run_id", "deleted_at"};
  return kExcluded;
}

// Columns ("table.column") whose value is a time the run chose: only whether they are set counts.
inline const std::set<std::string>& ImageRunTimeColumns() {
  static const std::set<std::string> kRunTime = {"overlap.snapshot_at"};
  return kRunTime;
}

// The image of the canonical tables of `db_path`; `error` says why it could not be read.
// The SELECT an image reads a table with: whether the row is deleted, then each column, the
// run-time ones as 'set' or NULL. Shared by the SQLite and PostgreSQL images.
inline std::string ImageSelectSql(std::string_view table, const std::vector<std::string>& columns) {
  std::string sql = "SELECT deleted_at IS NOT NULL";
  for (const std::string& c : columns) {
    if (ImageRunTimeColumns().count(std::string(table) + "." + c) != 0) {
      sql += ", CASE WHEN \"" + c + "\" IS NULL THEN NULL ELSE 'set' END";
    } else {
      sql += ", \"" + c + "\"";
    }
  }
  return sql + " FROM \"" + std::string(table) + "\"";
}

inline StoreImage ReadStoreImage(const std::string& db_path, std::string* error = nullptr) {
  StoreImage image;
  auto db = store::OpenStoreReadOnly(db_path);
  if (!db.ok()) {
    if (error != nullptr) *error = db.status().message();
    return image;
  }
  for (const store::TableSpec& table : store::CanonicalTables()) {
    std::vector<std::string> columns;
    auto info = (*db)->Prepare("SELECT name FROM pragma_table_info(?1) ORDER BY cid");
    if (!info.ok()) continue;
    info->Bind(1, std::string_view(table.name));
    for (auto row = info->Step(); row.ok() && *row; row = info->Step()) {
      const std::string name = info->Text(0);
      if (ImageExcludedColumns().count(name) == 0) columns.push_back(name);
    }
    const std::string sql = ImageSelectSql(table.name, columns) + " ORDER BY connection, source_id";
    auto stmt = (*db)->Prepare(sql);
    if (!stmt.ok()) {
      if (error != nullptr) *error = stmt.status().message();
      continue;
    }
    std::vector<std::string>& rows = image[table.name];
    for (;;) {
      auto more = stmt->Step();
      if (!more.ok()) {
        if (error != nullptr) *error = more.status().message();
        break;
      }
      if (!*more) break;
      std::string line = stmt->Int(0) != 0 ? "deleted" : "live";
      for (size_t c = 0; c < columns.size(); ++c) {
        const int col = static_cast<int>(c) + 1;
        line += "|" + columns[c] + "=" + (stmt->IsNull(col) ? "<null>" : stmt->Text(col));
      }
      rows.push_back(std::move(line));
    }
    std::sort(rows.begin(), rows.end());  // string order, as DescribeImageDifference needs
    if (rows.empty()) image.erase(table.name);
  }
  return image;
}

// Rows of the image whose first field is "live": the store as a report reads it.
inline StoreImage LiveRows(const StoreImage& image) {
  StoreImage live;
  for (const auto& [table, rows] : image) {
    for (const std::string& row : rows) {
      if (row.rfind("live|", 0) == 0) live[table].push_back(row);
    }
  }
  return live;
}

inline size_t RowCount(const StoreImage& image) {
  size_t n = 0;
  for (const auto& [table, rows] : image) n += rows.size();
  return n;
}

// The fields of an image row: "live", then "column=value" each.
inline std::vector<std::string> ImageFields(const std::string& row) {
  std::vector<std::string> fields;
  size_t start = 0;
  for (;;) {
    // A value may hold '|' (raw JSON): split only before "|name=" where name is a column.
    size_t next = row.find('|', start);
    while (next != std::string::npos) {
      const size_t eq = row.find('=', next + 1);
      const size_t bar = row.find('|', next + 1);
      if (eq != std::string::npos && (bar == std::string::npos || eq < bar) &&
          row.find_first_not_of("abcdefghijklmnopqrstuvwxyz_0123456789", next + 1) == eq) {
        break;
      }
      next = bar;
    }
    fields.push_back(
        row.substr(start, next == std::string::npos ? std::string::npos : next - start));
    if (next == std::string::npos) return fields;
    start = next + 1;
  }
}

// The key of an image row: its connection and source_id fields.
inline std::string ImageKey(const std::string& row) {
  const std::vector<std::string> f = ImageFields(row);
  return f.size() > 2 ? f[1] + "|" + f[2] : row;
}

// "" when equal; else the differences (at most `max_lines`), for a test's failure message: per
// table, rows only one side has, and for a row both have, each column that differs.
inline std::string DescribeImageDifference(const StoreImage& expected, const StoreImage& actual,
                                           size_t max_lines = 12) {
  std::ostringstream out;
  size_t lines = 0;
  std::set<std::string> tables;
  for (const auto& [t, rows] : expected) tables.insert(t);
  for (const auto& [t, rows] : actual) tables.insert(t);
  for (const std::string& table : tables) {
    static const std::vector<std::string> kNone;
    const auto& e = expected.count(table) ? expected.at(table) : kNone;
    const auto& a = actual.count(table) ? actual.at(table) : kNone;
    if (e == a) continue;
    std::map<std::string, std::string> e_by_key, a_by_key;
    for (const std::string& r : e) e_by_key[ImageKey(r)] = r;
    for (const std::string& r : a) a_by_key[ImageKey(r)] = r;
    size_t missing = 0, unexpected = 0, changed = 0;
    std::ostringstream detail;
    for (const auto& [key, row] : e_by_key) {
      auto it = a_by_key.find(key);
      if (it == a_by_key.end()) {
        ++missing;
        if (++lines <= max_lines) detail << "  missing " << row.substr(0, 300) << "\n";
      } else if (it->second != row) {
        ++changed;
        const auto ef = ImageFields(row), af = ImageFields(it->second);
        for (size_t i = 0; i < std::max(ef.size(), af.size()); ++i) {
          const std::string x = i < ef.size() ? ef[i] : "", y = i < af.size() ? af[i] : "";
          if (x == y || ++lines > max_lines) continue;
          // Long values (raw JSON): from a little before the first character that differs.
          size_t at = 0;
          while (at < x.size() && at < y.size() && x[at] == y[at]) ++at;
          const size_t from = at > 80 ? at - 80 : 0;
          const std::string cut = from > 0 ? "..." : "";
          detail << "  " << key << ": expected " << cut << x.substr(from, 300) << "\n"
                 << "  " << std::string(key.size(), ' ') << "       got " << cut
                 << y.substr(from, 300) << "\n";
        }
      }
    }
    for (const auto& [key, row] : a_by_key) {
      if (e_by_key.count(key) != 0) continue;
      ++unexpected;
      if (++lines <= max_lines) detail << "  unexpected " << row.substr(0, 300) << "\n";
    }
    out << table << ": expected " << e.size() << " rows, got " << a.size() << ": " << missing
        << " missing, " << unexpected << " unexpected, " << changed << " different\n"
        << detail.str();
  }
  return out.str();
}

}  // namespace tempo::testing

#endif  // TEMPO_TESTS_SUPPORT_STORE_IMAGE_H_
