// FaultPlan: scope matching, request counting and the firing rule.
#include "fakes/core/faults.h"

#include <algorithm>

namespace tempo::fakes {
namespace {

constexpr std::string_view kKindNames[] = {
    "status", "rate_limited",   "quota",        "rate_window",  "delay",    "hang",
    "stall",  "trickle",        "endless",      "reset",        "truncate", "html",
    "empty",  "malformed_json", "expire_token", "invalid_grant"};

}  // namespace

std::string_view FaultKindName(FaultKind kind) { return kKindNames[static_cast<int>(kind)]; }

std::optional<FaultKind> ParseFaultKind(std::string_view name) {
  for (size_t i = 0; i < std::size(kKindNames); ++i) {
    if (kKindNames[i] == name) return static_cast<FaultKind>(i);
  }
  return std::nullopt;
}

std::string DescribeRule(const FaultRule& r) {
  std::string s(FaultKindName(r.kind));
  if (!r.path.empty()) s += " path=" + r.path;
  if (!r.method.empty()) s += " method=" + r.method;
  s += " nth=" + std::to_string(r.nth) + " times=" + std::to_string(r.times);
  if (r.every > 0) s += " every=" + std::to_string(r.every);
  switch (r.kind) {
    case FaultKind::kStatus:
      s += " status=" + std::to_string(r.status) + " body=" + r.body;
      break;
    case FaultKind::kRateWindow:
      s += " limit=" + std::to_string(r.limit) + " window_ms=" + std::to_string(r.window_ms);
      [[fallthrough]];
    case FaultKind::kRateLimited:
      s += " retry_after=";
      s += r.retry_after.form == RetryAfter::Form::kNone ? "none"
           : r.retry_after.form == RetryAfter::Form::kHttpDate
               ? "date+" + std::to_string(r.retry_after.seconds)
               : std::to_string(r.retry_after.seconds);
      break;
    case FaultKind::kDelay:
      s += " delay_ms=" + std::to_string(r.delay_ms);
      break;
    case FaultKind::kTrickle:
    case FaultKind::kEndless:
      s += " interval_ms=" + std::to_string(r.interval_ms) + " bytes=" + std::to_string(r.bytes);
      break;
    case FaultKind::kReset:
    case FaultKind::kTruncate:
    case FaultKind::kStall:
      s += " bytes=" + std::to_string(r.bytes);
      break;
    default:
      break;
  }
  return s;
}

int FaultPlan::Add(FaultRule rule) {
  std::lock_guard lock(mutex_);
  const int id = next_id_++;
  Entry entry;
  entry.id = id;
  entry.rule = std::move(rule);
  entries_.push_back(std::move(entry));
  return id;
}

bool FaultPlan::Remove(int id) {
  std::lock_guard lock(mutex_);
  return std::erase_if(entries_, [id](const Entry& e) { return e.id == id; }) > 0;
}

void FaultPlan::Clear() {
  std::lock_guard lock(mutex_);
  entries_.clear();
}

std::optional<FaultAction> FaultPlan::Decide(std::string_view method, std::string_view path) {
  std::lock_guard lock(mutex_);
  std::optional<FaultAction> action;
  const auto now = std::chrono::steady_clock::now();
  for (Entry& e : entries_) {
    const FaultRule& r = e.rule;
    if (!path.starts_with(r.path) || (!r.method.empty() && r.method != method)) continue;
    const int64_t n = ++e.matched;
    bool fires = false;
    if (r.kind == FaultKind::kRateWindow) {
      while (!e.window.empty() &&
             now - e.window.front() >= std::chrono::milliseconds(r.window_ms)) {
        e.window.pop_front();
      }
      fires = static_cast<int64_t>(e.window.size()) >= r.limit;
      if (!fires) e.window.push_back(now);
    } else if (n >= r.nth) {
      // The schedule is fixed by request number: a request another rule answered still uses
      // up this rule's occurrence, so "nth=37" always means the 37th request.
      const int64_t step = r.every > 0 ? r.every : 1;
      const int64_t occurrence = (n - r.nth) / step;
      fires = (n - r.nth) % step == 0 && (r.times < 0 || occurrence < r.times);
    }
    if (fires && !action) {
      ++e.fired;
      action = FaultAction{e.id, r};
    }
  }
  return action;
}

std::vector<FaultRuleStatus> FaultPlan::Snapshot() const {
  std::lock_guard lock(mutex_);
  std::vector<FaultRuleStatus> out;
  for (const Entry& e : entries_) out.push_back({e.id, e.rule, e.matched, e.fired});
  return out;
}

int64_t FaultPlan::Fired(int id) const {
  std::lock_guard lock(mutex_);
  for (const Entry& e : entries_) {
    if (e.id == id) return e.fired;
  }
  return 0;
}

}  // namespace tempo::fakes
