// Opening the store: one SQLite file in WAL mode, migrated to the current schema.
//
// WAL with synchronous=NORMAL: an application crash never loses a committed transaction; a
// power loss may roll back the newest ones, but records and their checkpoint state always
// commit together, so the store still never holds a cursor ahead of its data.
#ifndef TEMPO_HOST_STORE_STORE_H_
#define TEMPO_HOST_STORE_STORE_H_

#include <memory>
#include <string>

#include "common/status.h"
#include "store/sqlite.h"

namespace tempo::store {

// Opens (creating the file and its folder if needed) and migrates the store at `path`.
Result<std::unique_ptr<Db>> OpenStore(const std::string& path);

// Opens an existing store read-only (for status and reports); NotFound if it does not exist.
Result<std::unique_ptr<Db>> OpenStoreReadOnly(const std::string& path);

// The current UTC time as ISO-8601 with milliseconds: 2026-11-29T14:06:38.123Z.
std::string NowUtc();

}  // namespace tempo::store

#endif  // TEMPO_HOST_STORE_STORE_H_
