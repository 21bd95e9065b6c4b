// What the fake server was asked: per-path request counts, the credential label each request
// carried (never the secret), status and fault. Tests assert request counts against a budget
// and that each provider got the credential it should.
//
// Thread-safety: every method may be called from any thread.
#ifndef TEMPO_TESTS_FAKES_CORE_REQUEST_LOG_H_
#define TEMPO_TESTS_FAKES_CORE_REQUEST_LOG_H_

#include <cstdint>
#include <deque>
#include <map>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

namespace tempo::fakes {

struct RequestRecord {
  int64_t seq = 0;  // 1-based, in arrival order
  std::string method;
  std::string path;        // without the query string
  std::string credential;  // "none", "basic", "bearer-unknown", "hubspot-oauth#2", ...
  int status = 0;          // 0 while in flight, or when the connection was dropped
  std::string fault;       // the fault kind applied, or empty
};

class RequestLog {
 public:
  // Keeps the newest `capacity` records; counts are kept for every request.
  explicit RequestLog(size_t capacity = 10'000) : capacity_(capacity) {}

  // Assigns the sequence number and stores the record; returns the number. The server adds a
  // request when it arrives, so a client that got its response always finds it counted.
  int64_t Add(RequestRecord record);
  // Fills in the status and fault of request `seq` once they are known.
  void SetOutcome(int64_t seq, int status, std::string_view fault);
  // Requests whose path starts with `path_prefix` ("" = all).
  int64_t Count(std::string_view path_prefix = "") const;
  // Requests per credential label, for paths starting with `path_prefix`.
  std::map<std::string, int64_t> CredentialCounts(std::string_view path_prefix = "") const;
  std::map<std::string, int64_t> PathCounts() const;
  // The newest records, oldest first (at most `capacity`).
  std::vector<RequestRecord> Recent() const;
  void Clear();

 private:
  const size_t capacity_;
  mutable std::mutex mutex_;
  int64_t seq_ = 0;
  std::map<std::string, int64_t, std::less<>> by_path_;
  std::map<std::pair<std::string, std::string>, int64_t> by_path_credential_;
  std::deque<RequestRecord> recent_;
};

}  // namespace tempo::fakes

#endif  // TEMPO_TESTS_FAKES_CORE_REQUEST_LOG_H_
