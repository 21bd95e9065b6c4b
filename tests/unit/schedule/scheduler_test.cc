// The scheduler under a clock the test moves: when connections fire, missed slots coalescing
// into one run, retries with backoff, deferred and skipped runs, the concurrency limit and
// reloads.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "schedule/scheduler.h"

namespace tempo::schedule {
namespace {

using std::chrono::hours;
using std::chrono::minutes;
using std::chrono::seconds;

Time At(const std::string& text) {
  std::optional<Time> t = ParseTime(text);
  REQUIRE(t.has_value());
  return *t;
}

Job MakeJob(const std::string& name, const std::string& schedule) {
  Result<Schedule> s = ParseSchedule(schedule);
  REQUIRE(s.ok());
  return {name, *s};
}

// A clock the test sets, as the daemon's would tick.
class ManualClock : public Clock {
 public:
  explicit ManualClock(Time now) : now_(now) {}
  Time Now() const override { return now_; }
  void Advance(Duration d) { now_ += d; }
  void Set(Time t) { now_ = t; }

 private:
  Time now_;
};

// Drives `scheduler` from the clock's time to `until` in `step`s, starting whatever is due
// and finishing it at once with `outcome`; returns "name@time" for every start.
std::vector<std::string> Drive(Scheduler& scheduler, ManualClock& clock, Time until, Duration step,
                               Outcome outcome = Outcome::kSucceeded, size_t limit = 10) {
  std::vector<std::string> starts;
  for (; clock.Now() <= until; clock.Advance(step)) {
    for (const std::string& name : scheduler.Due(clock.Now(), limit)) {
      scheduler.Started(name, clock.Now());
      starts.push_back(name + "@" + FormatTime(clock.Now()));
      scheduler.Finished(name, outcome, clock.Now());
    }
  }
  return starts;
}

using Strings = std::vector<std::string>;

}  // namespace

TEST_CASE("a cron schedule fires at its slots, minute by minute through a day") {
  ManualClock clock(At("2026-03-02T00:00:00Z"));
  Scheduler scheduler;
  scheduler.SetJobs({MakeJob("crm", "*/20 9-10 * * *")}, clock.Now());
  CHECK(scheduler.NextDue("crm") == At("2026-03-02T09:00:00Z"));
  CHECK(Drive(scheduler, clock, At("2026-03-02T23:59:00Z"), minutes(1)) ==
        Strings{"crm@2026-03-02T09:00:00Z", "crm@2026-03-02T09:20:00Z", "crm@2026-03-02T09:40:00Z",
                "crm@2026-03-02T10:00:00Z", "crm@2026-03-02T10:20:00Z",
                "crm@2026-03-02T10:40:00Z"});
  CHECK(scheduler.NextDue("crm") == At("2026-03-03T09:00:00Z"));
}

TEST_CASE("a connection never run: an interval runs at once, a cron waits for its first slot") {
  ManualClock clock(At("2026-03-02T10:30:00Z"));
  Scheduler scheduler;
  scheduler.SetJobs({MakeJob("files", "every 15m"), MakeJob("crm", "@hourly")}, clock.Now());
  CHECK(scheduler.Due(clock.Now(), 10) == Strings{"files"});
  CHECK(Drive(scheduler, clock, At("2026-03-02T11:30:00Z"), seconds(30)) ==
        Strings{"files@2026-03-02T10:30:00Z", "files@2026-03-02T10:45:00Z",
                "crm@2026-03-02T11:00:00Z", "files@2026-03-02T11:00:00Z",
                "files@2026-03-02T11:15:00Z", "files@2026-03-02T11:30:00Z"});
}

TEST_CASE("slots missed while the daemon was down run once, not once per slot") {
  ManualClock clock(At("2026-03-05T12:34:00Z"));
  Scheduler scheduler;
  scheduler.SetJobs({MakeJob("crm", "@hourly"), MakeJob("files", "every 15m")}, clock.Now());
  // Last runs three days ago: 72 hourly slots and ~290 interval slots missed.
  scheduler.SeedLastStart("crm", At("2026-03-02T12:00:03Z"));
  scheduler.SeedLastStart("files", At("2026-03-02T12:00:00Z"));
  CHECK(scheduler.Due(clock.Now(), 10) == Strings{"files", "crm"});  // earliest due first
  scheduler.Started("crm", clock.Now());
  scheduler.Started("files", clock.Now());
  scheduler.Finished("crm", Outcome::kSucceeded, clock.Now() + minutes(2));
  scheduler.Finished("files", Outcome::kSucceeded, clock.Now() + minutes(2));
  clock.Advance(minutes(2));
  CHECK(scheduler.Due(clock.Now(), 10).empty());
  CHECK(scheduler.NextDue("crm") == At("2026-03-05T13:00:00Z"));
  CHECK(scheduler.NextDue("files") == At("2026-03-05T12:49:00Z"));
  // Only regular slots from here on.
  CHECK(Drive(scheduler, clock, At("2026-03-05T13:30:00Z"), minutes(1)) ==
        Strings{"files@2026-03-05T12:49:00Z", "crm@2026-03-05T13:00:00Z",
                "files@2026-03-05T13:04:00Z", "files@2026-03-05T13:19:00Z"});
}

TEST_CASE("a run longer than its interval is followed by one run, not a backlog") {
  ManualClock clock(At("2026-03-02T10:00:00Z"));
  Scheduler scheduler;
  scheduler.SetJobs({MakeJob("crm", "*/5 * * * *")}, clock.Now());
  clock.Set(At("2026-03-02T10:05:00Z"));
  REQUIRE(scheduler.Due(clock.Now(), 10) == Strings{"crm"});
  scheduler.Started("crm", clock.Now());
  // While it runs (23 minutes), it is never due again.
  for (int i = 0; i < 23; ++i) {
    clock.Advance(minutes(1));
    CHECK(scheduler.Due(clock.Now(), 10).empty());
    CHECK(scheduler.IsRunning("crm"));
  }
  scheduler.Finished("crm", Outcome::kSucceeded, clock.Now());
  CHECK(scheduler.Due(clock.Now(), 10) == Strings{"crm"});  // the missed slots, once
  scheduler.Started("crm", clock.Now());
  scheduler.Finished("crm", Outcome::kSucceeded, clock.Now());
  CHECK(scheduler.NextDue("crm") == At("2026-03-02T10:30:00Z"));
}

TEST_CASE("backoff doubles from initial_backoff up to max_backoff") {
  RetryPolicy policy{5, minutes(1), minutes(10)};
  CHECK(BackoffDelay(policy, 1) == minutes(1));
  CHECK(BackoffDelay(policy, 2) == minutes(2));
  CHECK(BackoffDelay(policy, 3) == minutes(4));
  CHECK(BackoffDelay(policy, 4) == minutes(8));
  CHECK(BackoffDelay(policy, 5) == minutes(10));
  CHECK(BackoffDelay(policy, 60) == minutes(10));
}

TEST_CASE("failed runs are retried with backoff up to max_attempts, without moving the schedule") {
  ManualClock clock(At("2026-03-02T09:59:00Z"));
  Scheduler scheduler(RetryPolicy{3, minutes(1), minutes(30)});
  scheduler.SetJobs({MakeJob("crm", "@hourly")}, clock.Now());
  // Every run fails: 10:00, retry at 10:01 (+1m), retry at 10:03 (+2m), then the next slot.
  CHECK(Drive(scheduler, clock, At("2026-03-02T11:04:00Z"), minutes(1), Outcome::kFailed) ==
        Strings{"crm@2026-03-02T10:00:00Z", "crm@2026-03-02T10:01:00Z", "crm@2026-03-02T10:03:00Z",
                "crm@2026-03-02T11:00:00Z", "crm@2026-03-02T11:01:00Z",
                "crm@2026-03-02T11:03:00Z"});
}

TEST_CASE("Finished says what comes next, and a success resets the failure count") {
  const Time t0 = At("2026-03-02T10:00:00Z");
  Scheduler scheduler(RetryPolicy{3, seconds(30), minutes(5)});
  scheduler.SetJobs({MakeJob("crm", "every 1h")}, t0);
  REQUIRE(scheduler.Started("crm", t0) == Scheduler::Start::kRegular);
  Scheduler::Decision d = scheduler.Finished("crm", Outcome::kFailed, t0 + seconds(10));
  CHECK(d.failures == 1);
  CHECK(d.retry_at == t0 + seconds(40));
  CHECK_FALSE(d.gave_up);
  CHECK(scheduler.NextDue("crm") == t0 + seconds(40));
  CHECK(scheduler.Due(t0 + seconds(39), 10).empty());
  CHECK(scheduler.Due(t0 + seconds(40), 10) == Strings{"crm"});
  CHECK(scheduler.Started("crm", t0 + seconds(40)) == Scheduler::Start::kRetry);
  d = scheduler.Finished("crm", Outcome::kSucceeded, t0 + seconds(50));
  CHECK(d.failures == 0);
  CHECK_FALSE(d.retry_at);
  CHECK(scheduler.NextDue("crm") == t0 + hours(1));  // the retry did not move the interval
  // The next failure is the first again.
  scheduler.Started("crm", t0 + hours(1));
  d = scheduler.Finished("crm", Outcome::kFailed, t0 + hours(1));
  CHECK(d.failures == 1);
  CHECK(d.retry_at == t0 + hours(1) + seconds(30));
  // Give up after the third failure in a row.
  scheduler.Started("crm", *d.retry_at);
  d = scheduler.Finished("crm", Outcome::kFailed, *d.retry_at);
  CHECK(d.failures == 2);
  REQUIRE(d.retry_at);
  CHECK(*d.retry_at == t0 + hours(1) + seconds(30) + minutes(1));
  scheduler.Started("crm", *d.retry_at);
  d = scheduler.Finished("crm", Outcome::kFailed, *d.retry_at);
  CHECK(d.failures == 3);
  CHECK(d.gave_up);
  CHECK_FALSE(d.retry_at);
  CHECK(scheduler.NextDue("crm") == t0 + hours(2));
}

TEST_CASE("max_attempts 1 never retries") {
  ManualClock clock(At("2026-03-02T10:00:00Z"));
  Scheduler scheduler(RetryPolicy{1, seconds(1), seconds(1)});
  scheduler.SetJobs({MakeJob("crm", "every 10m")}, clock.Now());
  CHECK(
      Drive(scheduler, clock, At("2026-03-02T10:25:00Z"), seconds(20), Outcome::kFailed) ==
      Strings{"crm@2026-03-02T10:00:00Z", "crm@2026-03-02T10:10:00Z", "crm@2026-03-02T10:20:00Z"});
}

TEST_CASE("deferred, cancelled and skipped runs wait for the next regular slot") {
  for (Outcome outcome : {Outcome::kDeferred, Outcome::kCancelled, Outcome::kSkipped}) {
    INFO(OutcomeName(outcome));
    ManualClock clock(At("2026-03-02T09:59:00Z"));
    Scheduler scheduler(RetryPolicy{3, minutes(1), minutes(30)});
    scheduler.SetJobs({MakeJob("crm", "@hourly")}, clock.Now());
    CHECK(Drive(scheduler, clock, At("2026-03-02T12:00:00Z"), minutes(1), outcome) ==
          Strings{"crm@2026-03-02T10:00:00Z", "crm@2026-03-02T11:00:00Z",
                  "crm@2026-03-02T12:00:00Z"});
  }
}

TEST_CASE("the concurrency limit starts the earliest due first and the rest wait their turn") {
  ManualClock clock(At("2026-03-02T10:00:00Z"));
  Scheduler scheduler;
  scheduler.SetJobs({MakeJob("c", "every 1h"), MakeJob("a", "every 1h"), MakeJob("b", "every 1h")},
                    clock.Now());
  scheduler.SeedLastStart("c", At("2026-03-02T08:00:00Z"));  // due since 09:00
  scheduler.SeedLastStart("b", At("2026-03-02T08:30:00Z"));  // due since 09:30
  // "a" never ran: due since 10:00.
  CHECK(scheduler.Due(clock.Now(), 2) == Strings{"c", "b"});
  scheduler.Started("c", clock.Now());
  scheduler.Started("b", clock.Now());
  CHECK(scheduler.RunningCount() == 2);
  CHECK(scheduler.Due(clock.Now(), 10) == Strings{"a"});
  CHECK(scheduler.NextWake() == clock.Now());  // "a" waits for a free slot
  CHECK(scheduler.Due(clock.Now(), 0).empty());
}

TEST_CASE("a reload keeps what the scheduler knows of connections that stay") {
  ManualClock clock(At("2026-03-02T10:00:00Z"));
  Scheduler scheduler(RetryPolicy{3, minutes(1), minutes(30)});
  scheduler.SetJobs({MakeJob("crm", "every 1h"), MakeJob("old", "every 1h")}, clock.Now());
  scheduler.Started("crm", clock.Now());
  scheduler.Finished("crm", Outcome::kSucceeded, clock.Now());
  clock.Advance(minutes(10));
  // crm moves to every 30m (counted from its last start), "old" goes, "new" comes.
  scheduler.SetJobs({MakeJob("crm", "every 30m"), MakeJob("new", "@hourly")}, clock.Now());
  CHECK(scheduler.NextDue("crm") == At("2026-03-02T10:30:00Z"));
  CHECK_FALSE(scheduler.NextDue("old"));
  CHECK(scheduler.NextDue("new") == At("2026-03-02T11:00:00Z"));
  // A removed connection's run may still finish: nothing happens.
  Scheduler::Decision d = scheduler.Finished("old", Outcome::kFailed, clock.Now());
  CHECK_FALSE(d.retry_at);
}

TEST_CASE("a restored retry waits out its backoff and keeps counting towards max_attempts") {
  // The daemon stopped after the first failure of the 10:00 run (retry due at 10:01) and comes
  // back at 10:00:30 with what the store kept: the retry still comes at 10:01, not at once and
  // not forgotten until 11:00, and the third failure in a row is the last attempt.
  ManualClock clock(At("2026-03-02T10:00:30Z"));
  Scheduler scheduler(RetryPolicy{3, minutes(1), minutes(30)});
  scheduler.SetJobs({MakeJob("crm", "@hourly")}, clock.Now());
  scheduler.SeedLastStart("crm", At("2026-03-02T10:00:00Z"));
  REQUIRE(scheduler.RestoreRetry("crm", 1, At("2026-03-02T10:01:00Z")));
  CHECK(scheduler.Due(clock.Now(), 10).empty());
  CHECK(scheduler.NextDue("crm") == At("2026-03-02T10:01:00Z"));
  CHECK(
      Drive(scheduler, clock, At("2026-03-02T11:00:00Z"), seconds(30), Outcome::kFailed) ==
      Strings{"crm@2026-03-02T10:01:00Z", "crm@2026-03-02T10:03:00Z", "crm@2026-03-02T11:00:00Z"});
}

TEST_CASE("a restored retry is dropped when it already used up max_attempts or is unknown") {
  const Time now = At("2026-03-02T10:00:30Z");
  Scheduler scheduler(RetryPolicy{2, minutes(1), minutes(30)});
  scheduler.SetJobs({MakeJob("crm", "@hourly")}, now);
  scheduler.SeedLastStart("crm", At("2026-03-02T10:00:00Z"));
  // Written under max_attempts 3; the policy now allows 2: the connection waits for its slot.
  CHECK_FALSE(scheduler.RestoreRetry("crm", 2, At("2026-03-02T10:02:00Z")));
  CHECK_FALSE(scheduler.RestoreRetry("gone", 1, At("2026-03-02T10:01:00Z")));
  CHECK_FALSE(scheduler.RestoreRetry("crm", 0, At("2026-03-02T10:01:00Z")));
  CHECK(scheduler.NextDue("crm") == At("2026-03-02T11:00:00Z"));
}

TEST_CASE("a cron job in a zone fires at its local slots through a DST change") {
  ManualClock clock(At("2026-03-27T00:00:00Z"));
  Scheduler scheduler;
  Result<Schedule> s = ParseSchedule("0 6 * * 1-5", "Europe/Paris");
  REQUIRE(s.ok());
  scheduler.SetJobs({{"crm", *s}}, clock.Now());
  CHECK(Drive(scheduler, clock, At("2026-03-31T00:00:00Z"), minutes(15)) ==
        Strings{"crm@2026-03-27T05:00:00Z", "crm@2026-03-30T04:00:00Z"});
}

}  // namespace tempo::schedule
