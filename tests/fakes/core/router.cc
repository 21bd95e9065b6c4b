// The per-request wrapper around provider handlers.
#include "fakes/core/router.h"

#include <chrono>

#include "fakes/core/encoding.h"
#include "fakes/core/fault_responses.h"

namespace tempo::fakes {
namespace {

std::string BearerOf(const httplib::Request& req) {
  std::string auth = req.get_header_value("Authorization");
  return auth.starts_with("Bearer ") ? auth.substr(7) : std::string();
}

int64_t RealNowMs() {
  const auto now = std::chrono::system_clock::now().time_since_epoch();
  return std::chrono::duration_cast<std::chrono::milliseconds>(now).count();
}

}  // namespace

void SendJson(httplib::Response& res, int status, std::string body) {
  res.status = status;
  res.set_content(std::move(body), "application/json;charset=UTF-8");
}

void Router::Get(Provider& provider, const std::string& pattern, Handler handler) {
  server_.Get(std::string(provider.prefix()) + pattern,
              [this, &provider, handler = std::move(handler)](const httplib::Request& req,
                                                              httplib::Response& res) {
                Serve(provider, handler, req, res);
              });
}

void Router::Post(Provider& provider, const std::string& pattern, Handler handler) {
  server_.Post(std::string(provider.prefix()) + pattern,
               [this, &provider, handler = std::move(handler)](const httplib::Request& req,
                                                               httplib::Response& res) {
                 Serve(provider, handler, req, res);
               });
}

void Router::AdminGet(const std::string& pattern, Handler handler) {
  server_.Get("/_admin" + pattern, std::move(handler));
}
void Router::AdminPost(const std::string& pattern, Handler handler) {
  server_.Post("/_admin" + pattern, std::move(handler));
}
void Router::AdminDelete(const std::string& pattern, Handler handler) {
  server_.Delete("/_admin" + pattern, std::move(handler));
}

void Router::Serve(Provider& provider, const Handler& handler, const httplib::Request& req,
                   httplib::Response& res) {
  RequestRecord record;
  record.method = req.method;
  record.path = req.path;
  record.credential = state_.tokens.Describe(req.get_header_value("Authorization"));
  const int64_t seq = state_.log.Add(record);
  auto finish = [&](int status, std::string_view fault) {
    state_.log.SetOutcome(seq, status, fault);
    if (state_.options.on_request) {
      record.seq = seq;
      record.status = status;
      record.fault = std::string(fault);
      state_.options.on_request(record);
    }
  };
  res.set_header("Date", FormatHttpDate(RealNowMs()));

  if (req.target.size() > state_.options.max_uri_length) {
    res.status = 414;
    res.set_content("<html><body><h1>414 Request-URI Too Large</h1></body></html>", "text/html");
    finish(414, "");
    return;
  }

  std::optional<FaultAction> action = state_.faults.Decide(req.method, req.path);
  if (!action) {
    handler(req, res);
    finish(res.status, "");
    return;
  }
  const FaultRule& rule = action->rule;
  const std::string_view fault = FaultKindName(rule.kind);
  switch (rule.kind) {
    case FaultKind::kDelay:
      if (state_.stop.WaitFor(std::chrono::milliseconds(rule.delay_ms))) {
        DropConnection(req.local_port, req.remote_port, false);
        finish(0, fault);
        return;
      }
      break;
    case FaultKind::kHang:
      state_.stop.WaitFor(std::chrono::milliseconds(rule.hang_ms));
      DropConnection(req.local_port, req.remote_port, false);
      finish(0, fault);
      return;
    case FaultKind::kExpireToken:
      state_.tokens.Expire(BearerOf(req));
      break;
    case FaultKind::kHtml:
    case FaultKind::kEmpty:
      RenderPlainFault(rule, res);
      finish(res.status, fault);
      return;
    case FaultKind::kStatus:
      if (rule.body == "provider") {
        provider.RenderFault(rule, req, res);
      } else {
        RenderPlainFault(rule, res);
      }
      finish(res.status, fault);
      return;
    case FaultKind::kRateLimited:
    case FaultKind::kRateWindow:
    case FaultKind::kQuota:
    case FaultKind::kInvalidGrant:
      provider.RenderFault(rule, req, res);
      AddRetryAfter(rule, res);
      finish(res.status, fault);
      return;
    default:
      break;  // body faults: the real response first
  }
  handler(req, res);
  if (IsBodyFault(rule.kind)) ApplyBodyFault(rule, req, res, state_.stop);
  finish(res.status, fault);
}

}  // namespace tempo::fakes
