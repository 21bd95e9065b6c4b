// The columns of its table a record's fields go to: resolved once per record shape (entity
// plus field names in order) and shared by the SQLite and PostgreSQL writers.
#ifndef TEMPO_HOST_STORE_RECORD_COLUMNS_H_
#define TEMPO_HOST_STORE_RECORD_COLUMNS_H_

#include <cstdint>
#include <string>
#include <vector>

#include "store/schema.h"
#include "tempo/plugin.h"

namespace tempo::store {

struct RecordColumns {
  std::string entity;
  std::vector<std::string> names;  // the record's field names, in order
  const TableSpec* table = nullptr;
  std::vector<int> column;  // per field: index into table->columns
  uint64_t mask = 0;        // the columns set, one bit each
  std::string reject;       // non-empty: every record of this shape is refused for this reason

  // Whether the record has this shape (the same entity and field names, in order).
  bool Matches(const tempo_record& r) const;
};

// The cache key of a record's shape: its entity, then each field name after a NUL.
std::string RecordShapeKey(const tempo_record& r);

// Fills `out` from the record's entity and field names: an unknown entity or field, or a field
// given twice, leaves the reason in out->reject.
void ResolveRecordColumns(const tempo_record& r, RecordColumns* out);

}  // namespace tempo::store

#endif  // TEMPO_HOST_STORE_RECORD_COLUMNS_H_
