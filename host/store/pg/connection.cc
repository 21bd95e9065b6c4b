// Connection, Params, Rows, Transaction over libpq; see connection.h.
#include "store/pg/connection.h"

#include <libpq-fe.h>

#include <charconv>
#include <cstdio>
#include <cstdlib>

#include "common/log.h"

namespace tempo::store::pg {
namespace {

// Registers the password of `url` (userinfo or ?password=) with the log's redaction.
void RegisterPassword(const std::string& url) {
  char* error = nullptr;
  PQconninfoOption* options = PQconninfoParse(url.c_str(), &error);
  if (error != nullptr) PQfreemem(error);
  if (options == nullptr) return;
  for (PQconninfoOption* o = options; o->keyword != nullptr; ++o) {
    if (std::string_view(o->keyword) == "password" && o->val != nullptr) log::AddSecret(o->val);
  }
  PQconninfoFree(options);
}

std::string Trimmed(const char* message) {
  std::string s = message == nullptr ? "" : message;
  while (!s.empty() && (s.back() == '\n' || s.back() == ' ')) s.pop_back();
  for (char& c : s) {
    if (c == '\n') c = ' ';
  }
  return s;
}

// NOTICEs (such as "relation exists, skipping") go to the debug log, not to stderr.
void OnNotice(void*, const char* message) { log::Debug("postgresql: " + Trimmed(message)); }

}  // namespace

bool IsPostgresUrl(std::string_view url) {
  return url.starts_with("postgresql://") || url.starts_with("postgres://");
}

std::string RedactUrl(std::string_view url) {
  std::string out(url);
  const size_t scheme = out.find("://");
  if (scheme != std::string::npos) {
    const size_t start = scheme + 3;
    size_t end = out.find_first_of("/?", start);
    if (end == std::string::npos) end = out.size();
    const size_t at = out.rfind('@', end);
    if (at != std::string::npos && at >= start) {
      const size_t colon = out.find(':', start);
      if (colon != std::string::npos && colon < at) out.replace(colon + 1, at - colon - 1, "***");
    }
  }
  // A password given as a query parameter.
  for (size_t p = out.find("password="); p != std::string::npos; p = out.find("password=", p + 1)) {
    if (p > 0 && out[p - 1] != '?' && out[p - 1] != '&') continue;
    const size_t value = p + 9;
    size_t end = out.find('&', value);
    if (end == std::string::npos) end = out.size();
    out.replace(value, end - value, "***");
  }
  return log::Redact(out);
}

// --- Params ---

Params& Params::Add(std::string_view text) {
  values_.emplace_back(std::string(text));
  return *this;
}
Params& Params::Add(int64_t value) {
  values_.emplace_back(std::to_string(value));
  return *this;
}
Params& Params::Add(double value) {
  char buf[32];
  // Shortest text that reads back as the same double.
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, value);
  values_.emplace_back(ec == std::errc() ? std::string(buf, end) : std::to_string(value));
  return *this;
}
Params& Params::AddNull() {
  values_.emplace_back(std::nullopt);
  return *this;
}
Params& Params::Add(const std::optional<std::string>& text) {
  values_.push_back(text);
  return *this;
}
std::vector<const char*> Params::Pointers() const {
  std::vector<const char*> out;
  out.reserve(values_.size());
  for (const auto& v : values_) out.push_back(v ? v->c_str() : nullptr);
  return out;
}

// --- Rows ---

Rows::Rows(pg_result* result) : result_(result) {}
Rows::Rows(Rows&& other) noexcept : result_(other.result_) { other.result_ = nullptr; }
Rows& Rows::operator=(Rows&& other) noexcept {
  if (this != &other) {
    if (result_ != nullptr) PQclear(result_);
    result_ = other.result_;
    other.result_ = nullptr;
  }
  return *this;
}
Rows::~Rows() {
  if (result_ != nullptr) PQclear(result_);
}
int Rows::size() const { return PQntuples(result_); }
int Rows::ColumnCount() const { return PQnfields(result_); }
std::string Rows::ColumnName(int col) const { return PQfname(result_, col); }
bool Rows::IsNull(int row, int col) const { return PQgetisnull(result_, row, col) != 0; }
std::string_view Rows::Text(int row, int col) const {
  return {PQgetvalue(result_, row, col), static_cast<size_t>(PQgetlength(result_, row, col))};
}
int64_t Rows::Int(int row, int col) const {
  if (IsNull(row, col)) return 0;
  return std::strtoll(PQgetvalue(result_, row, col), nullptr, 10);
}
double Rows::Real(int row, int col) const {
  if (IsNull(row, col)) return 0;
  return std::strtod(PQgetvalue(result_, row, col), nullptr);
}
int64_t Rows::Affected() const {
  const char* n = PQcmdTuples(result_);
  return n == nullptr || *n == '\0' ? 0 : std::strtoll(n, nullptr, 10);
}

// --- Connection ---

Result<std::unique_ptr<Connection>> Connection::Open(const std::string& url) {
  RegisterPassword(url);
  const std::string redacted = RedactUrl(url);
  // expand_dbname: the URL is the whole connection string; the other keys fill what it omits.
  const char* keys[] = {"dbname", "application_name", "connect_timeout", nullptr};
  const char* values[] = {url.c_str(), "tempo", "10", nullptr};
  pg_conn* conn = PQconnectdbParams(keys, values, 1);
  if (conn == nullptr) return Status::Internal("libpq could not allocate a connection");
  if (PQstatus(conn) != CONNECTION_OK) {
    std::string cause = log::Redact(Trimmed(PQerrorMessage(conn)));
    PQfinish(conn);
    return Status(StatusCode::kUnavailable,
                  "cannot connect to the PostgreSQL store " + redacted + ": " + cause +
                      " (is the server running, and are the URL's user, password and database "
                      "right?)");
  }
  PQsetNoticeProcessor(conn, OnNotice, nullptr);
  std::string where =
      std::string("PostgreSQL ") + PQhost(conn) + ":" + PQport(conn) + " database " + PQdb(conn);
  return std::unique_ptr<Connection>(new Connection(conn, std::move(where), redacted));
}

Connection::~Connection() { PQfinish(conn_); }

int Connection::BackendPid() const { return PQbackendPID(conn_); }

Status Connection::Error(std::string_view what, pg_result* result) const {
  std::string cause = Trimmed(result != nullptr ? PQresultErrorMessage(result) : "");
  if (cause.empty()) cause = Trimmed(PQerrorMessage(conn_));
  if (result != nullptr) PQclear(result);
  const StatusCode code =
      PQstatus(conn_) == CONNECTION_OK ? StatusCode::kIo : StatusCode::kUnavailable;
  return Status(code, log::Redact(where_ + ": " + std::string(what) + ": " + cause));
}

Status Connection::Exec(std::string_view sql) {
  pg_result* result = PQexec(conn_, std::string(sql).c_str());
  const ExecStatusType status = PQresultStatus(result);
  if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK)
    return Error("statement failed", result);
  PQclear(result);
  return Status::Ok();
}

Result<Rows> Connection::Query(std::string_view sql, const Params& params) {
  std::vector<const char*> values = params.Pointers();
  pg_result* result = PQexecParams(conn_, std::string(sql).c_str(), params.size(), nullptr,
                                   values.data(), nullptr, nullptr, 0);
  const ExecStatusType status = PQresultStatus(result);
  if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) return Error("query failed", result);
  return Rows(result);
}

Result<int64_t> Connection::Run(std::string_view sql, const Params& params) {
  Result<Rows> rows = Query(sql, params);
  if (!rows.ok()) return rows.status();
  return rows->Affected();
}

Status Connection::Copy(std::string_view copy_sql, std::string_view data) {
  pg_result* result = PQexec(conn_, std::string(copy_sql).c_str());
  if (PQresultStatus(result) != PGRES_COPY_IN) return Error("COPY failed", result);
  PQclear(result);
  // Chunks keep each call's buffer small; libpq queues what the socket does not take.
  constexpr size_t kChunk = 1 << 20;
  for (size_t off = 0; off < data.size(); off += kChunk) {
    const size_t n = std::min(kChunk, data.size() - off);
    if (PQputCopyData(conn_, data.data() + off, static_cast<int>(n)) != 1) {
      PQputCopyEnd(conn_, "tempo: sending failed");
      while ((result = PQgetResult(conn_)) != nullptr) PQclear(result);
      return Error("COPY failed", nullptr);
    }
  }
  if (PQputCopyEnd(conn_, nullptr) != 1) return Error("COPY failed", nullptr);
  Status s;
  while ((result = PQgetResult(conn_)) != nullptr) {
    if (PQresultStatus(result) != PGRES_COMMAND_OK && s.ok()) {
      s = Error("COPY failed", result);
    } else {
      PQclear(result);
    }
  }
  return s;
}

void CopyText(std::string& line, std::string_view value) {
  for (char c : value) {
    switch (c) {
      case '\\':
        line += "\\\\";
        break;
      case '\t':
        line += "\\t";
        break;
      case '\n':
        line += "\\n";
        break;
      case '\r':
        line += "\\r";
        break;
      default:
        line += c;
    }
  }
}

void CopyNull(std::string& line) { line += "\\N"; }

// --- Transaction ---

Transaction::~Transaction() {
  if (open_) Rollback();
}
Status Transaction::Begin() {
  Status s = conn_.Exec("BEGIN");
  open_ = s.ok();
  return s;
}
Status Transaction::Commit() {
  Status s = conn_.Exec("COMMIT");
  open_ = false;
  return s;
}
void Transaction::Rollback() {
  (void)conn_.Exec("ROLLBACK");
  open_ = false;
}

}  // namespace tempo::store::pg
