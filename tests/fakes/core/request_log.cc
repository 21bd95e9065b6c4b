// RequestLog: counters plus a bounded ring of recent requests.
#include "fakes/core/request_log.h"

namespace tempo::fakes {

int64_t RequestLog::Add(RequestRecord record) {
  std::lock_guard lock(mutex_);
  record.seq = ++seq_;
  ++by_path_[record.path];
  ++by_path_credential_[{record.path, record.credential}];
  recent_.push_back(std::move(record));
  if (recent_.size() > capacity_) recent_.pop_front();
  return seq_;
}

void RequestLog::SetOutcome(int64_t seq, int status, std::string_view fault) {
  std::lock_guard lock(mutex_);
  if (recent_.empty() || seq < recent_.front().seq || seq > recent_.back().seq) return;
  RequestRecord& r = recent_[static_cast<size_t>(seq - recent_.front().seq)];
  r.status = status;
  r.fault = std::string(fault);
}

int64_t RequestLog::Count(std::string_view path_prefix) const {
  std::lock_guard lock(mutex_);
  int64_t total = 0;
  for (auto it = by_path_.lower_bound(path_prefix);
       it != by_path_.end() && std::string_view(it->first).starts_with(path_prefix); ++it) {
    total += it->second;
  }
  return total;
}

std::map<std::string, int64_t> RequestLog::CredentialCounts(std::string_view path_prefix) const {
  std::lock_guard lock(mutex_);
  std::map<std::string, int64_t> out;
  for (const auto& [key, n] : by_path_credential_) {
    if (std::string_view(key.first).starts_with(path_prefix)) out[key.second] += n;
  }
  return out;
}

std::map<std::string, int64_t> RequestLog::PathCounts() const {
  std::lock_guard lock(mutex_);
  return {by_path_.begin(), by_path_.end()};
}

std::vector<RequestRecord> RequestLog::Recent() const {
  std::lock_guard lock(mutex_);
  return {recent_.begin(), recent_.end()};
}

void RequestLog::Clear() {
  std::lock_guard lock(mutex_);
  by_path_.clear();
  by_path_credential_.clear();
  recent_.clear();
}

}  // namespace tempo::fakes
