// PostgreSQL in tests: the server of $TEMPO_TEST_PG_URL (scripts/pg-test-server.sh; `make test`
// starts it) and a fresh database per test, so tests run in parallel without meeting.
//
// A test that needs the server starts with
//
//   std::optional<PgDatabase> db = PgDatabase::CreateOrSkip("schema");
//   if (!db) return;
//
// Without $TEMPO_TEST_PG_URL it prints kPgSkipMarker and returns: ctest reports the test as
// skipped (tempo_add_test(... PG) sets SKIP_REGULAR_EXPRESSION), never as passed.
#ifndef TEMPO_TESTS_SUPPORT_PG_H_
#define TEMPO_TESTS_SUPPORT_PG_H_

#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <iostream>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>

#include "store/pg/connection.h"

namespace tempo::testing {

inline constexpr const char* kPgSkipMarker = "TEMPO_PG_SKIPPED";

// $TEMPO_TEST_PG_URL, or "" when unset or empty.
inline std::string PgServerUrl() {
  const char* url = std::getenv("TEMPO_TEST_PG_URL");
  return url == nullptr ? "" : url;
}

// `url` (postgresql://...) with its database replaced by `database`.
inline std::string WithDatabase(const std::string& url, const std::string& database) {
  const size_t authority = url.find("://") + 3;
  const size_t slash = url.find('/', authority);
  const size_t query = url.find('?', authority);
  std::string base = url.substr(0, slash == std::string::npos ? query : slash);
  std::string rest = query == std::string::npos ? "" : url.substr(query);
  return base + "/" + database + rest;
}

// A database created for one test and dropped at scope exit (kept with TEMPO_KEEP_TEST_FILES).
class PgDatabase {
 public:
  static std::optional<PgDatabase> CreateOrSkip(const std::string& label) {
    const std::string server = PgServerUrl();
    if (server.empty()) {
      std::cout << kPgSkipMarker
                << ": TEMPO_TEST_PG_URL is unset, so this PostgreSQL test did not run (`make "
                   "test` starts a server with scripts/pg-test-server.sh)\n";
      return std::nullopt;
    }
    static std::atomic<int> counter{0};
    std::string name =
        "tempo_" + label + "_" + std::to_string(getpid()) + "_" + std::to_string(counter++);
    auto admin = Admin(server);
    (void)admin->Exec("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
    if (Status s = admin->Exec("CREATE DATABASE " + name); !s.ok()) {
      throw std::runtime_error("cannot create test database: " + s.message());
    }
    return PgDatabase(server, name);
  }

  PgDatabase(PgDatabase&& other) noexcept
      : server_(std::move(other.server_)), name_(std::move(other.name_)) {
    other.name_.clear();
  }
  PgDatabase(const PgDatabase&) = delete;
  PgDatabase& operator=(const PgDatabase&) = delete;
  PgDatabase& operator=(PgDatabase&&) = delete;

  ~PgDatabase() {
    if (name_.empty() || std::getenv("TEMPO_KEEP_TEST_FILES") != nullptr) return;
    try {
      (void)Admin(server_)->Exec("DROP DATABASE IF EXISTS " + name_ + " WITH (FORCE)");
    } catch (...) {
    }
  }

  const std::string& name() const { return name_; }
  std::string url() const { return WithDatabase(server_, name_); }
  std::unique_ptr<store::pg::Connection> Connect() const {
    auto conn = store::pg::Connection::Open(url());
    if (!conn.ok()) throw std::runtime_error(conn.status().message());
    return std::move(conn).value();
  }

 private:
  PgDatabase(std::string server, std::string name)
      : server_(std::move(server)), name_(std::move(name)) {}
  static std::unique_ptr<store::pg::Connection> Admin(const std::string& server) {
    auto conn = store::pg::Connection::Open(server);
    if (!conn.ok()) throw std::runtime_error("TEMPO_TEST_PG_URL: " + conn.status().message());
    return std::move(conn).value();
  }
  std::string server_;
  std::string name_;
};

}  // namespace tempo::testing

#endif  // TEMPO_TESTS_SUPPORT_PG_H_
