// PgRecordWriter: layouts, COPY lines, staging tables and the bulk upsert.
#include "store/pg/record_writer.h"

#include <charconv>
#include <cstdio>

#include "store/field_value.h"
#include "store/record_columns.h"
#include "store/record_writer.h"
#include "tempo/time.hpp"

namespace tempo::store::pg {
namespace {

std::string_view View(const char* p, size_t n) {
  return p ? std::string_view(p, n) : std::string_view();
}

const char* PgType(ColumnType t) {
  switch (t) {
    case ColumnType::kInteger:
    case ColumnType::kBool:
      return "BIGINT";
    case ColumnType::kReal:
      return "DOUBLE PRECISION";
    case ColumnType::kText:
      break;
  }
  return "TEXT";
}

// Appends CoerceField's values to a COPY line.
struct CopySink {
  std::string& line;
  void Null() { CopyNull(line); }
  void Text(std::string_view text, bool) { CopyText(line, text); }
  void Int(int64_t v) { line += std::to_string(v); }
  void Real(double v) {
    char buf[32];
    auto [end, ec] = std::to_chars(buf, buf + sizeof buf, v);
    line.append(buf, ec == std::errc() ? end : buf);
  }
};

}  // namespace

struct PgRecordWriter::Layout : RecordColumns {
  // Per field: its position among the set columns (the COPY line's order).
  std::vector<int> slot;
};

// The buffered rows of one table and column set, and the SQL that writes them.
struct PgRecordWriter::Group {
  const TableSpec* table = nullptr;
  std::string staging;            // temporary table name
  std::string create_sql;         // CREATE TEMP TABLE staging
  std::string copy_sql;           // COPY staging FROM STDIN
  std::string upsert_sql;         // INSERT INTO table ... SELECT FROM staging ON CONFLICT ...
  std::string seen_sql;           // UPDATE table SET sync_run_id for the stale rows
  std::vector<std::string> rows;  // COPY lines without their newline
};

PgRecordWriter::PgRecordWriter(Connection& conn, std::string connection)
    : conn_(conn), connection_(std::move(connection)) {}
PgRecordWriter::~PgRecordWriter() = default;

PgRecordWriter::Layout* PgRecordWriter::FindLayout(const tempo_record& r) {
  if (last_layout_ && last_layout_->Matches(r)) return last_layout_;
  auto& slot = layouts_[RecordShapeKey(r)];
  if (!slot) {
    auto layout = std::make_unique<Layout>();
    ResolveRecordColumns(r, layout.get());
    for (int col : layout->column) {
      layout->slot.push_back(__builtin_popcountll(layout->mask & ((uint64_t{1} << col) - 1)));
    }
    slot = std::move(layout);
  }
  last_layout_ = slot.get();
  return last_layout_;
}

Status PgRecordWriter::Write(const tempo_record& r, std::string* reject) {
  const std::string_view source_id = View(r.source_id, r.source_id_len);
  if (source_id.empty()) {
    *reject = "record has no source id";
    return Status::Ok();
  }
  Layout* layout = FindLayout(r);
  if (!layout->reject.empty()) {
    *reject = layout->reject;
    return Status::Ok();
  }
  const TableSpec& table = *layout->table;

  // The values in column order (the staging table's), each already in COPY's text format.
  std::vector<std::string> values(layout->column.size());
  const size_t stride = r.field_count ? r.fields[0].struct_size : 0;
  const auto* base = reinterpret_cast<const char*>(r.fields);
  for (size_t i = 0; i < layout->column.size(); ++i) {
    const auto& f = *reinterpret_cast<const tempo_field*>(base + i * stride);
    CopySink sink{values[static_cast<size_t>(layout->slot[i])]};
    if (!CoerceField(table.columns[static_cast<size_t>(layout->column[i])], f, scratch_, sink,
                     reject)) {
      return Status::Ok();
    }
  }

  const std::string_view updated_at = View(r.updated_at, r.updated_at_len);
  std::string line = std::to_string(++seq_);
  line += '\t';
  CopyText(line, connection_);
  line += '\t';
  CopyText(line, source_id);
  line += '\t';
  if (updated_at.empty()) {
    CopyNull(line);
  } else {
    CopyText(line, updated_at);
  }
  line += '\t';
  line += std::to_string(run_id_);
  line += '\t';
  if (r.op == TEMPO_OP_DELETE) {
    CopyText(line, now_);
  } else {
    CopyNull(line);
  }
  for (const std::string& v : values) {
    line += '\t';
    line += v;
  }
  line += '\t';
  if (keep_raw_ && r.raw_json != nullptr && r.raw_json_len > 0) {
    CopyText(line, View(r.raw_json, r.raw_json_len));
  } else {
    CopyNull(line);
  }

  auto& group_slot = groups_[{&table, layout->mask}];
  if (!group_slot) {
    auto g = std::make_unique<Group>();
    g->table = &table;
    char suffix[24];
    std::snprintf(suffix, sizeof suffix, "%llx", static_cast<unsigned long long>(layout->mask));
    const std::string t = table.name;
    g->staging = "tempo_stage_" + t + "_" + suffix;
    std::string cols = "connection, source_id, source_updated_at, sync_run_id, deleted_at";
    std::string defs =
        "tempo_seq BIGINT, connection TEXT, source_id TEXT, source_updated_at TEXT, "
        "sync_run_id BIGINT, deleted_at TEXT";
    std::string sets =
        "source_updated_at = excluded.source_updated_at, sync_run_id = excluded.sync_run_id, "
        "deleted_at = excluded.deleted_at";
    for (size_t c = 0; c < table.columns.size(); ++c) {
      if (!(layout->mask & (uint64_t{1} << c))) continue;
      const std::string name = table.columns[c].name;
      cols += ", " + name;
      defs += ", " + name + " " + PgType(table.columns[c].type);
      sets += ", " + name + " = excluded." + name;
    }
    cols += ", raw_json";
    defs += ", raw_json TEXT";
    sets += ", raw_json = excluded.raw_json";
    g->create_sql =
        "CREATE TEMP TABLE IF NOT EXISTS " + g->staging + " (" + defs + ") ON COMMIT DELETE ROWS";
    g->copy_sql = "COPY " + g->staging + " (tempo_seq, " + cols + ") FROM STDIN";
    // Older never overwrites newer, as record_writer.cc's upsert: the update applies when the
    // record is at least as new as the stored row, or when either time is missing or
    // unreadable.
    g->upsert_sql =
        "INSERT INTO " + t + " AS t (" + cols + ") SELECT " + cols + " FROM " + g->staging +
        " ORDER BY tempo_seq ON CONFLICT (connection, source_id) DO UPDATE SET " + sets +
        " WHERE coalesce(tempo_time_ms(excluded.source_updated_at) >= "
        "tempo_time_ms(t.source_updated_at), true)";
    g->seen_sql = "UPDATE " + t + " AS t SET sync_run_id = $1 FROM " + g->staging +
                  " AS s WHERE t.connection = s.connection AND t.source_id = s.source_id AND "
                  "t.sync_run_id IS DISTINCT FROM $1";
    group_slot = std::move(g);
  }
  Group* group = group_slot.get();

  std::optional<int64_t> ms;
  if (!updated_at.empty()) ms = sdk::ParseEpochMsOrIso(updated_at);
  std::string key = std::string(table.name) + '\0' + std::string(source_id);
  if (auto it = pending_.find(key); it != pending_.end()) {
    Pending& p = it->second;
    if (p.group == group && p.ms && ms) {
      // Settled in memory: the newer (or, at the same instant, the later) version is kept.
      if (*ms >= *p.ms) {
        group->rows[p.row] = std::move(line);
        p.ms = ms;
      } else {
        ++stale_;
      }
      return Status::Ok();
    }
    // Another column set, or a time that cannot be compared: write what is buffered first,
    // so the upserts apply in record order.
    if (Status s = Flush(); !s.ok()) return s;
  }
  group->rows.push_back(std::move(line));
  pending_.emplace(std::move(key), Pending{group, group->rows.size() - 1, ms});
  return Status::Ok();
}

Status PgRecordWriter::FlushGroup(Group& g) {
  if (g.rows.empty()) return Status::Ok();
  if (staging_created_.count(g.staging) == 0) {
    if (Status s = conn_.Exec(g.create_sql); !s.ok()) return s;
    staging_created_.insert(g.staging);
  }
  if (Status s = conn_.Exec("TRUNCATE " + g.staging); !s.ok()) return s;
  std::string data;
  size_t size = 0;
  for (const std::string& row : g.rows) size += row.size() + 1;
  data.reserve(size);
  for (const std::string& row : g.rows) {
    data += row;
    data += '\n';
  }
  if (Status s = conn_.Copy(g.copy_sql, data); !s.ok()) return s;
  Result<int64_t> written = conn_.Run(g.upsert_sql);
  if (!written.ok()) return written.status();
  const auto staged = static_cast<int64_t>(g.rows.size());
  if (*written < staged) {
    // The stored rows were newer: they stay, marked seen by this run.
    stale_ += staged - *written;
    Result<int64_t> seen = conn_.Run(g.seen_sql, Params().Add(run_id_));
    if (!seen.ok()) return seen.status();
  }
  g.rows.clear();
  return Status::Ok();
}

Status PgRecordWriter::Flush() {
  for (auto& [key, group] : groups_) {
    if (Status s = FlushGroup(*group); !s.ok()) return s;
  }
  pending_.clear();
  return Status::Ok();
}

void PgRecordWriter::Discard() {
  for (auto& [key, group] : groups_) group->rows.clear();
  pending_.clear();
  // Staging tables created in the rolled-back transaction are gone with it.
  staging_created_.clear();
}

Result<int64_t> PgRecordWriter::DeleteUnseen(std::string_view entity, int64_t since,
                                             const sync::RowScope& scope) {
  if (Status s = Flush(); !s.ok()) return s;
  const TableSpec* table = FindTable(entity);
  if (table == nullptr) return int64_t{0};
  Result<std::string> column = ScopeColumn(entity, scope);
  if (!column.ok()) return column.status();
  // The column name comes from the schema's specs, never from the plugin; the value is bound.
  std::string owned;
  if (scope.kind == TEMPO_OWNS_EQUAL) owned = " AND " + *column + " = $4";
  if (scope.kind == TEMPO_OWNS_PREFIX) owned = " AND starts_with(" + *column + ", $4)";
  if (scope.kind == TEMPO_OWNS_NOT_PREFIX) {
    owned = " AND (" + *column + " IS NULL OR NOT starts_with(" + *column + ", $4))";
  }
  Params params;
  params.Add(std::string_view(now_)).Add(std::string_view(connection_)).Add(since);
  if (!owned.empty()) params.Add(std::string_view(scope.value));
  return conn_.Run("UPDATE " + std::string(table->name) +
                       " SET deleted_at = $1 WHERE connection = $2 AND deleted_at IS NULL AND "
                       "(sync_run_id IS NULL OR sync_run_id < $3)" +
                       owned,
                   params);
}

}  // namespace tempo::store::pg
