// Scheduler: which connections are due, when, and what a finished run means for the next one.
//
// Pure bookkeeping over times handed in by the caller (the daemon passes its Clock's Now), so
// tests drive it minute by minute without sleeping. It never starts processes or reads the
// store: the daemon (cli/daemon.cc) seeds it with each connection's last run from sync_runs,
// starts what Due() returns and reports each outcome with Finished().
//
// Rules (docs/admin-guide.md, "Schedules"):
// - A connection is due at NextDue(schedule, last regular start, scheduler start); a due time
//   in the past means missed slots, which run once, not once per slot.
// - A run that failed is retried at now + backoff (initial_backoff doubled per consecutive
//   failure, at most max_backoff) until max_attempts runs in a row have failed; then it waits
//   for its next regular slot. A retry does not move the regular schedule. The daemon keeps
//   each pending retry in the store (store/retry_state.h) and hands it back with RestoreRetry
//   when it starts again, so a restart neither forgets the backoff nor starts counting anew.
// - deferred (quota spent): no retry; the next regular slot resumes from the last commit.
// - succeeded, cancelled, skipped (another process held the connection's lock): the next
//   regular slot.
// - At most one run per connection; Due() returns at most `limit` connections, earliest first.
//
// Thread safety: none; one thread owns a Scheduler.
#ifndef TEMPO_HOST_SCHEDULE_SCHEDULER_H_
#define TEMPO_HOST_SCHEDULE_SCHEDULER_H_

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "schedule/schedule.h"

namespace tempo::schedule {

// Where "now" comes from. The daemon uses SystemClock; tests use a clock they move.
class Clock {
 public:
  virtual ~Clock() = default;
  virtual Time Now() const = 0;
};

// The system's UTC clock, shifted by `offset` (0 except in tests: see TEMPO_TEST_CLOCK_OFFSET
// in docs/admin-guide.md).
class SystemClock : public Clock {
 public:
  explicit SystemClock(Duration offset = Duration(0)) : offset_(offset) {}
  Time Now() const override;

 private:
  Duration offset_;
};

struct RetryPolicy {
  int max_attempts = 3;  // runs in a row, the first included; 1 = never retry
  Duration initial_backoff = std::chrono::minutes(1);
  Duration max_backoff = std::chrono::minutes(30);
};

// The wait before retry number `failures` (1 = after the first failure):
// initial_backoff * 2^(failures-1), at most max_backoff.
Duration BackoffDelay(const RetryPolicy& policy, int failures);

enum class Outcome {
  kSucceeded,
  kFailed,     // the run failed, crashed, was killed at its timeout or exited early
  kDeferred,   // the provider's quota is spent
  kCancelled,  // stopped on request
  kSkipped,    // another process was already syncing the connection
};

const char* OutcomeName(Outcome outcome);

struct Job {
  std::string connection;
  Schedule schedule;
};

class Scheduler {
 public:
  explicit Scheduler(RetryPolicy retry = {}) : retry_(retry) {}

  void SetRetryPolicy(const RetryPolicy& retry) { retry_ = retry; }

  // Replaces the scheduled connections (at start and on reload). Connections that stay keep
  // their last start, pending retry and running flag; new ones count from `now`; removed ones
  // are forgotten (a running one is still reported by Finished, which then does nothing).
  void SetJobs(std::vector<Job> jobs, Time now);

  // The start of the connection's last run before scheduling began (from sync_runs). Call
  // after SetJobs; unknown connections are ignored.
  void SeedLastStart(std::string_view connection, Time started);

  // A retry that was pending when the daemon stopped: `failures` runs in a row had failed and
  // the next attempt is due at `retry_at` (a Finished decision, as the store kept it). Call
  // after SetJobs. False (nothing restored) for an unknown connection, or when `failures`
  // already reaches max_attempts (the policy changed since): it then waits for its next slot.
  bool RestoreRetry(std::string_view connection, int failures, Time retry_at);

  // The connections to start now, earliest due first (ties by name), none already running,
  // at most `limit`.
  std::vector<std::string> Due(Time now, size_t limit) const;

  // The connection was started at `now`. A start at or after the regular due time consumes
  // every missed slot (kRegular); a start for a pending retry before it does not move the
  // regular schedule (kRetry).
  enum class Start { kRegular, kRetry };
  Start Started(std::string_view connection, Time now);

  // What a Finished call decided, for the log line.
  struct Decision {
    std::optional<Time> retry_at;  // set when a retry was scheduled
    int failures = 0;              // consecutive failures so far (0 after a success)
    bool gave_up = false;          // max_attempts reached: waiting for the next regular slot
  };
  Decision Finished(std::string_view connection, Outcome outcome, Time now);

  // When the connection is next due (a pending retry or its regular slot, whichever is
  // first); nullopt for unknown connections and cron expressions that never fire again.
  std::optional<Time> NextDue(std::string_view connection) const;
  // The earliest due time among connections not running (may be <= now when the concurrency
  // limit holds them back), nullopt when none.
  std::optional<Time> NextWake() const;

  bool IsRunning(std::string_view connection) const;
  size_t RunningCount() const;

 private:
  struct JobState {
    Schedule schedule;
    Time since;                      // when scheduling of this job began
    std::optional<Time> last_start;  // last regular start (or the seeded last run)
    std::optional<Time> retry_at;
    int failures = 0;
    bool running = false;
  };
  std::optional<Time> RegularDue(const JobState& job) const;
  std::optional<Time> DueTime(const JobState& job) const;

  RetryPolicy retry_;
  std::map<std::string, JobState, std::less<>> jobs_;
};

}  // namespace tempo::schedule

#endif  // TEMPO_HOST_SCHEDULE_SCHEDULER_H_
