// tempo store: work on the store itself (docs/postgresql.md). `tempo store migrate` brings a
// store, SQLite or PostgreSQL, to the schema this build knows.
#include <CLI/CLI.hpp>

#include <unistd.h>

#include <chrono>
#include <iostream>

#include "cli/commands.h"
#include "common/log.h"
#include "store/migrate.h"
#include "store/pg/connection.h"
#include "store/pg/copy.h"
#include "store/pg/migrate.h"
#include "store/pg/schema.h"
#include "store/schema.h"
#include "store/store.h"

namespace tempo::cli {
namespace {

// A store named on the command line: "sqlite:PATH", a plain PATH, or a postgresql:// URL.
struct StoreTarget {
  std::string sqlite_path;  // set for SQLite
  std::string url;          // set for PostgreSQL
  std::string Describe() const {
    return url.empty() ? "SQLite store " + sqlite_path
                       : "PostgreSQL store " + store::pg::RedactUrl(url);
  }
};

StoreTarget ParseStoreTarget(const std::string& text) {
  StoreTarget t;
  if (store::pg::IsPostgresUrl(text)) {
    t.url = text;
  } else if (text.starts_with("sqlite:")) {
    t.sqlite_path = text.substr(7);
  } else {
    t.sqlite_path = text;
  }
  return t;
}

// The store of the config (store.url, else store.path) when --store is not given.
Result<StoreTarget> ConfigStore(const GlobalOptions& g) {
  config::LoadOptions load;
  load.resolve_plugin_config = false;
  Result<config::Config> config = LoadConfigFor(g, load);
  if (!config.ok()) return config.status();
  StoreTarget t;
  if (config->store_url.empty()) {
    t.sqlite_path = config->store_path;
  } else {
    t.url = config->store_url;
  }
  return t;
}

int StoreMigrate(const GlobalOptions& g, const std::string& store_arg) {
  StoreTarget target;
  if (store_arg.empty()) {
    Result<StoreTarget> t = ConfigStore(g);
    if (!t.ok()) return Fail(t.status(), kExitUsage);
    target = *t;
  } else {
    target = ParseStoreTarget(store_arg);
  }
  const auto known = static_cast<int64_t>(store::Migrations().size());
  int64_t before = 0;
  if (!target.url.empty()) {
    Result<std::unique_ptr<store::pg::Connection>> conn = store::pg::Connection::Open(target.url);
    if (!conn.ok()) return Fail(conn.status(), kExitRunFailed);
    Result<int64_t> version = store::pg::SchemaVersion(**conn);
    if (!version.ok()) return Fail(version.status(), kExitRunFailed);
    before = *version;
    if (Status s = store::pg::Migrate(**conn); !s.ok()) {
      return Fail(s, s.code() == StatusCode::kInvalidArgument ? kExitUsage : kExitRunFailed);
    }
  } else {
    {
      Result<std::unique_ptr<store::Db>> db = store::Db::Open(target.sqlite_path);
      if (!db.ok()) return Fail(db.status(), kExitRunFailed);
      Result<store::Stmt> stmt = (*db)->Prepare("PRAGMA user_version");
      if (!stmt.ok()) return Fail(stmt.status(), kExitRunFailed);
      Result<bool> row = stmt->Step();
      if (!row.ok()) return Fail(row.status(), kExitRunFailed);
      before = *row ? stmt->Int(0) : 0;
    }
    Result<std::unique_ptr<store::Db>> db = store::OpenStore(target.sqlite_path);
    if (!db.ok()) {
      return Fail(db.status(),
                  db.status().code() == StatusCode::kInvalidArgument ? kExitUsage : kExitRunFailed);
    }
  }
  if (before == known) {
    std::cout << target.Describe() << ": already at schema " << known << "\n";
  } else {
    std::cout << target.Describe() << ": migrated from schema " << before << " to " << known
              << "\n";
  }
  return kExitOk;
}

struct CopyArgs {
  std::string from;  // sqlite:PATH or PATH
  std::string to;    // postgresql://...
  bool replace = false;
};

int StoreCopy(const CopyArgs& args) {
  const StoreTarget from = ParseStoreTarget(args.from);
  const StoreTarget to = ParseStoreTarget(args.to);
  if (from.sqlite_path.empty() || to.url.empty()) {
    return Fail(Status::InvalidArgument("tempo store copy copies a SQLite store into a "
                                        "PostgreSQL one: --from sqlite:PATH --to "
                                        "postgresql://USER@HOST/DB"),
                kExitUsage);
  }
  Result<std::unique_ptr<store::Db>> source = store::OpenStoreReadOnly(from.sqlite_path);
  if (!source.ok()) return Fail(source.status(), kExitUsage);
  Result<std::unique_ptr<store::pg::Connection>> target = store::pg::Connection::Open(to.url);
  if (!target.ok()) return Fail(target.status(), kExitRunFailed);

  // Progress on stderr: a line per table, and on a terminal a running count on long ones.
  const bool tty = ::isatty(STDERR_FILENO) != 0;
  auto last = std::chrono::steady_clock::now();
  store::pg::CopyOptions options;
  options.replace = args.replace;
  options.progress = [&](const std::string& table, int64_t done, int64_t total) {
    const auto now = std::chrono::steady_clock::now();
    if (done == total) {
      if (tty) std::cerr << "\r\033[K";
      std::cerr << "  " << table << ": " << WithCommas(done) << " rows\n";
    } else if (now - last > std::chrono::seconds(1)) {
      if (tty) {
        std::cerr << "\r\033[K  " << table << ": " << WithCommas(done) << " / " << WithCommas(total)
                  << " rows" << std::flush;
      } else {
        std::cerr << "  " << table << ": " << WithCommas(done) << " / " << WithCommas(total)
                  << " rows\n";
      }
      last = now;
    }
  };
  std::cerr << "tempo store copy: " << from.Describe() << " -> " << to.Describe() << "\n";
  Result<std::vector<store::pg::CopiedTable>> copied =
      store::pg::CopySqliteToPostgres(**source, **target, options);
  if (!copied.ok()) {
    return Fail(copied.status(), copied.status().code() == StatusCode::kInvalidArgument
                                     ? kExitUsage
                                     : kExitRunFailed);
  }
  int64_t rows = 0, tables = 0;
  for (const store::pg::CopiedTable& t : *copied) {
    if (t.skipped) {
      std::cerr << "  " << t.table << ": not part of Tempo's schema, not copied\n";
      continue;
    }
    rows += t.rows;
    ++tables;
  }
  std::cout << "copied " << WithCommas(rows) << " rows in " << tables << " tables from "
            << from.Describe() << " to " << to.Describe() << "\n";
  return kExitOk;
}

}  // namespace

void AddStoreCommands(CLI::App& app, const GlobalOptions& g, int& code) {
  auto* store = app.add_subcommand("store", "Work on the store itself (SQLite or PostgreSQL)");
  store->require_subcommand(1);

  static std::string migrate_store;
  auto* migrate = store->add_subcommand(
      "migrate", "Bring a store to the schema this tempo knows (creating it when empty)");
  migrate->add_option("--store", migrate_store,
                      "The store: sqlite:PATH, PATH or postgresql://USER:PASSWORD@HOST/DB "
                      "(default: the config's store)");
  migrate->footer(
      "Applies the migrations a store has not had yet, each in one transaction; a store that "
      "is already current is left untouched. Several processes may migrate one store at once. "
      "Every command that writes a store migrates it first, so this is for moving an "
      "installation (docs/postgresql.md) and for a store whose users may not write DDL. "
      "Exit codes: 0 ok, 1 the store could not be opened or a migration failed (the store "
      "stays at its last complete schema), 2 usage or config error, or a store written by a "
      "newer tempo.");
  migrate->callback([&g, &code] { code = StoreMigrate(g, migrate_store); });

  static CopyArgs copy_args;
  auto* copy = store->add_subcommand(
      "copy", "Copy a SQLite store into a PostgreSQL store: every table, every row");
  copy->add_option("--from", copy_args.from, "The SQLite store: sqlite:PATH (or PATH)")->required();
  copy->add_option("--to", copy_args.to,
                   "The PostgreSQL store: postgresql://USER:PASSWORD@HOST:PORT/DB (put the "
                   "password in PGPASSWORD or ~/.pgpass rather than on the command line)")
      ->required();
  copy->add_flag("--replace", copy_args.replace,
                 "Empty the target's tables first (else a target holding any row is refused)");
  copy->footer(
      "Moves an installation to PostgreSQL (docs/postgresql.md, \"Moving a store\"): stop "
      "'tempo run' and every sync first, then copy, then set store.url in tempo.yaml. The "
      "target is migrated to the current schema, then filled in one transaction: records, "
      "cursors, run history, rejects and scores, ids kept, so the next sync continues where "
      "the SQLite store stopped. Each table's row count is checked after its copy; on any "
      "failure nothing is committed. Progress goes to stderr, a table at a time.\n"
      "Example: PGPASSWORD=... tempo store copy --from sqlite:/var/lib/tempo/tempo.db --to "
      "postgresql://tempo@db.internal/tempo\n"
      "Exit codes: 0 copied, 1 the server failed or a count did not match (nothing "
      "committed), 2 usage error, a SQLite store at another schema, or a non-empty target "
      "without --replace.");
  copy->callback([&code] { code = StoreCopy(copy_args); });
}

}  // namespace tempo::cli
