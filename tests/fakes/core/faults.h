// Fault injection, decided per request: error statuses, 429s with and without Retry-After,
// quotas, slow and hung responses, resets, truncated and malformed bodies, expiring tokens.
//
// A FaultRule is scoped to a path prefix (and optionally a method) and counts the requests that
// match that scope, retries included: `nth` = 37 with `times` = 1 fires on the 37th matching
// request only ("page 37 of 40 returns 500"); `times` = -1 keeps firing ("the quota has run out").
// Every matching rule counts every matching request; the first rule (in insertion order) that
// fires decides the response. A rule's schedule is fixed by request number: when two rules are
// due on the same request, the later one's occurrence is used up without effect.
//
// Thread-safety: FaultPlan may be changed and consulted from any thread.
#ifndef TEMPO_TESTS_FAKES_CORE_FAULTS_H_
#define TEMPO_TESTS_FAKES_CORE_FAULTS_H_

#include <chrono>
#include <cstdint>
#include <deque>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace tempo::fakes {

enum class FaultKind : uint8_t {
  kStatus,         // `status` with the provider's error body (or `body` = html | empty)
  kRateLimited,    // 429 with the provider's body; Retry-After per `retry_after`
  kQuota,          // HubSpot: 429 policyName DAILY; Salesforce: 403 REQUEST_LIMIT_EXCEEDED
  kRateWindow,     // more than `limit` matching requests within `window_ms`: as kRateLimited
  kDelay,          // wait `delay_ms`, then answer normally
  kHang,           // read the request, never answer; drop the connection after `hang_ms`
  kStall,          // send the status line and headers (full Content-Length), `bytes`, then stall
  kTrickle,        // send the real body `bytes` bytes every `interval_ms`
  kEndless,        // a chunked JSON body that never ends (a few bytes every `interval_ms`)
  kReset,          // send `bytes` of the body, then reset the connection (TCP RST)
  kTruncate,       // announce the full Content-Length, send `bytes` (default half), close
  kHtml,           // 200 with an HTML page
  kEmpty,          // 200 application/json with an empty body
  kMalformedJson,  // 200 application/json whose body is cut mid-document
  kExpireToken,    // the presented access token expires now; the request gets the provider's 401
  kInvalidGrant,   // the token endpoint refuses the refresh token (provider's OAuth error)
};
std::string_view FaultKindName(FaultKind kind);
std::optional<FaultKind> ParseFaultKind(std::string_view name);

// Retry-After on 429s: absent, delta-seconds, or an HTTP-date `seconds` from now.
struct RetryAfter {
  enum class Form : uint8_t { kNone, kSeconds, kHttpDate };
  Form form = Form::kSeconds;
  int64_t seconds = 1;
};

struct FaultRule {
  FaultKind kind = FaultKind::kStatus;
  std::string path;                 // request path prefix, e.g. "/hubspot/crm/v3/objects/contacts"
  std::string method;               // "GET", "POST"; empty matches any
  int64_t nth = 1;                  // first matching request (1-based) the rule fires on
  int64_t times = 1;                // how many times it fires; -1 = without end
  int64_t every = 0;                // > 0: fires on nth, nth + every, nth + 2 x every, ...
  int status = 503;                 // kStatus
  std::string body = "provider";    // kStatus: provider | html | empty
  RetryAfter retry_after;           // kRateLimited, kRateWindow
  std::string policy = "SECONDLY";  // HubSpot policyName on kRateLimited / kRateWindow
  int64_t delay_ms = 1000;          // kDelay
  int64_t hang_ms = 600'000;        // kHang, kStall, kEndless: when the server gives up
  int64_t interval_ms = 1000;       // kTrickle, kEndless
  int64_t bytes = -1;               // kTrickle (per tick, default 1), kReset/kTruncate/kStall (sent
                                    // before the fault, default half of the body / 0 for kStall)
  int64_t limit = 10;               // kRateWindow
  int64_t window_ms = 1000;         // kRateWindow
};

// One line of the scenario line format, e.g. "status status=500 path=/hubspot nth=37".
std::string DescribeRule(const FaultRule& rule);

// The decision for one request.
struct FaultAction {
  int rule_id = 0;
  FaultRule rule;
};

struct FaultRuleStatus {
  int id = 0;
  FaultRule rule;
  int64_t matched = 0;  // requests in scope so far
  int64_t fired = 0;
};

class FaultPlan {
 public:
  // Adds a rule after the existing ones; returns its id.
  int Add(FaultRule rule);
  bool Remove(int id);
  void Clear();
  // Counts the request against every rule in scope; returns the first rule that fires.
  std::optional<FaultAction> Decide(std::string_view method, std::string_view path);
  std::vector<FaultRuleStatus> Snapshot() const;
  // How often rule `id` fired (0 for an unknown id).
  int64_t Fired(int id) const;

 private:
  struct Entry {
    int id = 0;
    FaultRule rule;
    int64_t matched = 0;
    int64_t fired = 0;
    std::deque<std::chrono::steady_clock::time_point> window;  // kRateWindow
  };
  mutable std::mutex mutex_;
  std::vector<Entry> entries_;
  int next_id_ = 1;
};

}  // namespace tempo::fakes

#endif  // TEMPO_TESTS_FAKES_CORE_FAULTS_H_
