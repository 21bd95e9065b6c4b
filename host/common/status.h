// Status and Result<T>: errors as values, inside the host.
//
// A Status is a code plus one message that says what failed, on what, and what to do. Result<T>
// holds either a T or a non-ok Status. Early returns keep the nesting flat:
//
//   Result<Config> config = LoadConfig(path);
//   if (!config.ok()) return config.status();
#ifndef TEMPO_HOST_COMMON_STATUS_H_
#define TEMPO_HOST_COMMON_STATUS_H_

#include <cassert>
#include <optional>
#include <string>
#include <utility>

namespace tempo {

enum class StatusCode {
  kOk = 0,
  kInvalidArgument,  // bad input from the user: config, command line, data
  kNotFound,
  kIo,           // file or database I/O failed
  kPlugin,       // a plugin could not be loaded or misbehaved
  kUnavailable,  // network or server trouble; a later run may succeed
  kPermission,   // credentials refused
  kData,         // the source sent something undecodable
  kQuota,        // the provider's quota is spent; the run is deferred
  kCancelled,
  kBusy,     // someone else holds what is needed (a connection's run lock)
  kSkipped,  // a plugin's read(): the stream is not available at the source (TEMPO_ERR_SKIPPED)
  // A plugin's read(): the source rejected the saved position; restart the stream as a full
  // refresh (TEMPO_ERR_RESTART_FULL_REFRESH)
  kRestartFullRefresh,
  kInternal,
};

class Status {
 public:
  Status() = default;
  Status(StatusCode code, std::string message) : code_(code), message_(std::move(message)) {}

  static Status Ok() { return {}; }
  static Status InvalidArgument(std::string m) {
    return {StatusCode::kInvalidArgument, std::move(m)};
  }
  static Status NotFound(std::string m) { return {StatusCode::kNotFound, std::move(m)}; }
  static Status Io(std::string m) { return {StatusCode::kIo, std::move(m)}; }
  static Status Plugin(std::string m) { return {StatusCode::kPlugin, std::move(m)}; }
  static Status Internal(std::string m) { return {StatusCode::kInternal, std::move(m)}; }

  bool ok() const { return code_ == StatusCode::kOk; }
  StatusCode code() const { return code_; }
  const std::string& message() const { return message_; }

 private:
  StatusCode code_ = StatusCode::kOk;
  std::string message_;
};

// Either a value or the Status that explains why there is none.
template <class T>
class Result {
 public:
  Result(T value) : value_(std::move(value)) {}         // NOLINT: implicit by design
  Result(Status status) : status_(std::move(status)) {  // NOLINT
    assert(!status_.ok() && "Result built from an ok Status without a value");
  }

  bool ok() const { return value_.has_value(); }
  const Status& status() const { return status_; }
  T& value() & { return *value_; }
  const T& value() const& { return *value_; }
  T&& value() && { return std::move(*value_); }
  T* operator->() { return &*value_; }
  const T* operator->() const { return &*value_; }
  T& operator*() & { return *value_; }
  const T& operator*() const& { return *value_; }

 private:
  std::optional<T> value_;
  Status status_;
};

}  // namespace tempo

#endif  // TEMPO_HOST_COMMON_STATUS_H_
