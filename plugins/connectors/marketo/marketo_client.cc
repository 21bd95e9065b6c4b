// Marketo calls with the envelope's error codes handled (marketo_client.h).
#include "marketo_client.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <thread>
#include <utility>
#include <vector>

#include "tempo/text.hpp"
#include "windows.h"

namespace tempo::marketo {

using sdk::Context;
using sdk::Status;

namespace {

constexpr int kMaxRetries = 5;               // 604, 608, 611, 615
constexpr double kMaxRateWindowWaitS = 120;  // 606
constexpr double kRateWindowS = 20;
constexpr int kMaxQueueRetries = 10;  // 1029, queue full

bool RealSleep(Context& ctx, double seconds) {
  using Clock = std::chrono::steady_clock;
  const auto until = Clock::now() + std::chrono::duration_cast<Clock::duration>(
                                        std::chrono::duration<double>(seconds));
  for (;;) {
    if (ctx.Cancelled()) return false;
    const auto now = Clock::now();
    if (now >= until) return true;
    std::this_thread::sleep_for(
        std::min<Clock::duration>(until - now, std::chrono::milliseconds(50)));
  }
}

std::string Seconds(double s) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.0f s", s);
  return buf;
}

// 1029 covers a full queue ("Too many jobs (10) in queue") and a spent daily allowance
// ("Export daily quota 500MB exceeded"): only the first passes by waiting.
bool ExportQuotaSpent(std::string_view message) {
  return sdk::ToLower(message).find("quota") != std::string::npos;
}

// The Status for an error code the client does not retry.
Status Failure(const MarketoError& e, const std::string& what) {
  const std::string text = what + ": " + Describe(e);
  if (e.code == "603") {
    return Status::Permission(text +
                              "; the API user's role lacks a permission this stream "
                              "needs (Read-Only Lead for leads, Read-Only Assets for "
                              "programs): grant it in Admin > Users & Roles");
  }
  if (e.code == "601" || e.code == "602") {
    return Status::Permission(text +
                              " again after the token was renewed; check client_id and "
                              "client_secret");
  }
  if (e.code == "614") {
    return Status::Permission(text + "; check that base_url is your instance's REST endpoint");
  }
  if (e.code == "610" || e.code == "1013") return Status::NotFound(text);
  return Status::InvalidArgument(text + "; Marketo refused the request");
}

}  // namespace

std::optional<double> RetryDelay(ErrorAction action, std::string_view message, int retry,
                                 double waited_s, double bulk_poll_seconds) {
  switch (action) {
    case ErrorAction::kRetry:
      if (retry > kMaxRetries) return std::nullopt;
      return static_cast<double>(1 << (retry - 1));
    case ErrorAction::kRateWindow: {
      if (waited_s >= kMaxRateWindowWaitS) return std::nullopt;
      const double wait = retry <= 5 ? static_cast<double>(1 << (retry - 1)) : kRateWindowS;
      return std::min(wait, kMaxRateWindowWaitS - waited_s);
    }
    case ErrorAction::kBulkQueue:
      if (ExportQuotaSpent(message) || retry > kMaxQueueRetries) return std::nullopt;
      return bulk_poll_seconds;
    default:
      return std::nullopt;
  }
}

const sdk::HttpProvider& MarketoHttp() {
  static const sdk::HttpProvider kProvider{
      "Marketo", &Classify, nullptr,
      "check client_id and client_secret, and that the API user's role may read leads and "
      "assets"};
  return kProvider;
}

MarketoClient::MarketoClient(const Config& config)
    : config_(config), http_(MarketoHttp()), sleeper_(&RealSleep) {}

Status MarketoClient::Call(Context& ctx, const char* method, const std::string& url,
                           std::string_view body, std::string_view where, Envelope* env,
                           std::initializer_list<std::string_view> handled) const {
  sdk::HttpResponse resp;
  return Exchange(ctx, method, url, body, where, {}, env, handled, false, &resp);
}

Status MarketoClient::FileRange(Context& ctx, const std::string& url, std::string_view range,
                                std::string_view where, std::string* data, int64_t* first,
                                int64_t* total) const {
  sdk::HttpResponse resp;
  Envelope env;
  if (Status s = Exchange(ctx, "GET", url, "", where, {{"Range", std::string(range)}}, &env, {},
                          true, &resp);
      !s.ok()) {
    return s;
  }
  data->assign(resp.body.data(), resp.body.size());
  if (resp.status == 206) {
    std::optional<ContentRange> r = ParseContentRange(resp.Header("Content-Range"));
    if (!r || r->last - r->first + 1 != static_cast<int64_t>(data->size())) {
      return Status::Data("Marketo " + std::string(where) +
                          ": a partial answer (206) without a Content-Range matching its " +
                          std::to_string(data->size()) + " bytes");
    }
    *first = r->first;
    *total = r->total;
  } else {
    *first = 0;
    *total = static_cast<int64_t>(data->size());
  }
  return Status::Ok();
}

Status MarketoClient::Exchange(Context& ctx, const char* method, const std::string& url,
                               std::string_view body, std::string_view where,
                               std::vector<std::pair<std::string, std::string>> headers,
                               Envelope* env, std::initializer_list<std::string_view> handled,
                               bool file, sdk::HttpResponse* resp) const {
  const std::string what = "Marketo " + std::string(where);
  std::vector<std::pair<std::string, std::string>> send_headers = headers;
  if (std::string_view(method) == "POST" && !body.empty()) {
    send_headers.emplace_back("Content-Type", "application/json");
  }
  double waited = 0;
  int retry = 0;
  std::string last_code;
  for (;;) {
    if (Status s = http_.Send(ctx, method, url, body, where, resp, send_headers); !s.ok()) {
      return s;
    }
    if (file) {
      // A file is bytes; an error in its place is an envelope.
      const size_t first = resp->body.find_first_not_of(" \t\r\n");
      if (first == std::string_view::npos || resp->body[first] != '{' ||
          resp->body.find("\"success\"") == std::string_view::npos) {
        return Status::Ok();
      }
    }
    if (Status s = env->Parse(resp->body, what); !s.ok()) return s;
    if (env->success()) return Status::Ok();
    const MarketoError& e = env->errors().front();
    if (std::find(handled.begin(), handled.end(), e.code) != handled.end()) return Status::Ok();
    const ErrorAction action = ActionFor(e.code);
    if (action == ErrorAction::kEmpty) return Status::Ok();  // results() is empty
    if (action == ErrorAction::kQuota) {
      return Status::Quota(what + ": " + Describe(e) +
                           ": the instance's daily API quota is spent; the run is deferred and "
                           "resumes from its last checkpoint once the quota resets at midnight "
                           "US Central");
    }
    if (e.code != last_code) {  // a new kind of trouble starts its own schedule
      retry = 0;
      waited = 0;
      last_code = e.code;
    }
    std::optional<double> delay = RetryDelay(action, e.message, ++retry, waited,
                                             static_cast<double>(config_.bulk_poll_seconds));
    if (!delay) {
      const std::string tries = std::to_string(retry) + (retry == 1 ? " time" : " times") +
                                (waited > 0 ? " over " + Seconds(waited) : std::string());
      switch (action) {
        case ErrorAction::kRetry:
          return Status::Unavailable(what + ": " + Describe(e) + " " + tries +
                                     "; Marketo is having trouble, a later run may succeed");
        case ErrorAction::kRateWindow:
          return Status::Quota(what + ": " + Describe(e) + " " + tries +
                               ": the instance's rate limit (100 calls per 20 s) stays spent, "
                               "probably by another integration; the run is deferred");
        case ErrorAction::kBulkQueue:
          return Status::Quota(
              what + ": " + Describe(e) +
              (ExportQuotaSpent(e.message)
                   ? ": the instance's daily bulk export allowance is spent; the run is "
                     "deferred and resumes from its last checkpoint after midnight US Central"
                   : " " + tries +
                         ": the instance's bulk export queue stays full; the run is deferred"));
        default:
          return Failure(e, what);
      }
    }
    ctx.Warn(what + ": " + Describe(e) + "; retrying in " + Seconds(*delay));
    if (!Sleep(ctx, *delay)) return Status::Cancelled("cancelled by the host");
    waited += *delay;
  }
}

}  // namespace tempo::marketo
