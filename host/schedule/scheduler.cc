// Scheduler bookkeeping (the rules are in scheduler.h).
#include "schedule/scheduler.h"

#include <algorithm>
#include <tuple>

namespace tempo::schedule {

Time SystemClock::Now() const {
  return std::chrono::time_point_cast<Duration>(std::chrono::system_clock::now()) + offset_;
}

Duration BackoffDelay(const RetryPolicy& policy, int failures) {
  Duration delay = policy.initial_backoff;
  for (int i = 1; i < failures && delay < policy.max_backoff; ++i) delay *= 2;
  return std::min(delay, policy.max_backoff);
}

const char* OutcomeName(Outcome outcome) {
  switch (outcome) {
    case Outcome::kSucceeded:
      return "succeeded";
    case Outcome::kFailed:
      return "failed";
    case Outcome::kDeferred:
      return "deferred";
    case Outcome::kCancelled:
      return "cancelled";
    case Outcome::kSkipped:
      return "skipped";
  }
  return "unknown";
}

void Scheduler::SetJobs(std::vector<Job> jobs, Time now) {
  std::map<std::string, JobState, std::less<>> next;
  for (Job& job : jobs) {
    auto old = jobs_.find(job.connection);
    JobState state;
    if (old != jobs_.end())
      state = old->second;
    else
      state.since = now;
    state.schedule = std::move(job.schedule);
    next.emplace(std::move(job.connection), std::move(state));
  }
  jobs_ = std::move(next);
}

void Scheduler::SeedLastStart(std::string_view connection, Time started) {
  auto it = jobs_.find(connection);
  if (it == jobs_.end()) return;
  if (!it->second.last_start || *it->second.last_start < started) it->second.last_start = started;
}

bool Scheduler::RestoreRetry(std::string_view connection, int failures, Time retry_at) {
  auto it = jobs_.find(connection);
  if (it == jobs_.end() || failures < 1 || failures >= retry_.max_attempts) return false;
  it->second.failures = failures;
  it->second.retry_at = retry_at;
  return true;
}

std::optional<Time> Scheduler::RegularDue(const JobState& job) const {
  return schedule::NextDue(job.schedule, job.last_start, job.since);
}

std::optional<Time> Scheduler::DueTime(const JobState& job) const {
  std::optional<Time> regular = RegularDue(job);
  if (job.retry_at && (!regular || *job.retry_at < *regular)) return job.retry_at;
  return regular;
}

std::vector<std::string> Scheduler::Due(Time now, size_t limit) const {
  std::vector<std::pair<Time, std::string>> due;
  for (const auto& [name, job] : jobs_) {
    if (job.running) continue;
    std::optional<Time> at = DueTime(job);
    if (at && *at <= now) due.emplace_back(*at, name);
  }
  std::sort(due.begin(), due.end());
  std::vector<std::string> names;
  for (auto& [at, name] : due) {
    if (names.size() >= limit) break;
    names.push_back(std::move(name));
  }
  return names;
}

Scheduler::Start Scheduler::Started(std::string_view connection, Time now) {
  auto it = jobs_.find(connection);
  if (it == jobs_.end()) return Start::kRegular;
  JobState& job = it->second;
  job.running = true;
  job.retry_at.reset();
  std::optional<Time> regular = RegularDue(job);
  if (regular && *regular <= now) {
    job.last_start = now;  // every missed slot is consumed
    return Start::kRegular;
  }
  return Start::kRetry;
}

Scheduler::Decision Scheduler::Finished(std::string_view connection, Outcome outcome, Time now) {
  Decision decision;
  auto it = jobs_.find(connection);
  if (it == jobs_.end()) return decision;
  JobState& job = it->second;
  job.running = false;
  job.retry_at.reset();
  if (outcome != Outcome::kFailed) {
    job.failures = 0;
    return decision;
  }
  ++job.failures;
  decision.failures = job.failures;
  if (job.failures >= retry_.max_attempts) {
    job.failures = 0;
    decision.gave_up = true;
    return decision;
  }
  job.retry_at = now + BackoffDelay(retry_, job.failures);
  decision.retry_at = job.retry_at;
  return decision;
}

std::optional<Time> Scheduler::NextDue(std::string_view connection) const {
  auto it = jobs_.find(connection);
  if (it == jobs_.end()) return std::nullopt;
  return DueTime(it->second);
}

std::optional<Time> Scheduler::NextWake() const {
  std::optional<Time> earliest;
  for (const auto& [name, job] : jobs_) {
    if (job.running) continue;
    std::optional<Time> at = DueTime(job);
    if (at && (!earliest || *at < *earliest)) earliest = at;
  }
  return earliest;
}

bool Scheduler::IsRunning(std::string_view connection) const {
  auto it = jobs_.find(connection);
  return it != jobs_.end() && it->second.running;
}

size_t Scheduler::RunningCount() const {
  size_t n = 0;
  for (const auto& [name, job] : jobs_) n += job.running ? 1 : 0;
  return n;
}

}  // namespace tempo::schedule
