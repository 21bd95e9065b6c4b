// Brings a store's schema up to the one this build knows, by applying the pending entries of
// Migrations() (schema.h). PRAGMA user_version records how many migrations a store has.
#ifndef TEMPO_HOST_STORE_MIGRATE_H_
#define TEMPO_HOST_STORE_MIGRATE_H_

#include "common/status.h"
#include "store/sqlite.h"

namespace tempo::store {

// Applies every migration the store has not had yet, each in its own transaction together with
// the new user_version, so a failure leaves the store at the last complete schema version and a
// later call resumes from there. A store already at the current version is left untouched
// without taking the write lock (read-only connections are fine then).
//
// Safe against several processes migrating one file at once: the version is re-read under the
// write lock before each migration, so only one of them applies it.
//
// Refuses (kInvalidArgument, changing nothing) a store whose user_version is newer than this
// build knows: an older Tempo must not write into a schema it does not understand.
Status Migrate(Db& db);

}  // namespace tempo::store

#endif  // TEMPO_HOST_STORE_MIGRATE_H_
