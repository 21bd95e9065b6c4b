// Fault responses on the wire (see the header for the socket trick).
#include "fakes/core/fault_responses.h"

#include <arpa/inet.h>
#include <dirent.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <memory>

#include "fakes/core/encoding.h"

namespace tempo::fakes {
namespace {

using std::chrono::milliseconds;

int PortOf(const sockaddr_storage& addr) {
  if (addr.ss_family == AF_INET) return ntohs(reinterpret_cast<const sockaddr_in&>(addr).sin_port);
  if (addr.ss_family == AF_INET6)
    return ntohs(reinterpret_cast<const sockaddr_in6&>(addr).sin6_port);
  return -1;
}

// The fd of the server-side socket with local port `local` and peer port `remote`, or -1.
int FindSocket(int local, int remote) {
  std::unique_ptr<DIR, int (*)(DIR*)> dir(opendir("/proc/self/fd"), closedir);
  if (!dir) return -1;
  while (dirent* entry = readdir(dir.get())) {
    char* end = nullptr;
    const long fd = std::strtol(entry->d_name, &end, 10);
    if (end == entry->d_name || *end != '\0') continue;
    sockaddr_storage mine{}, peer{};
    socklen_t mine_len = sizeof mine, peer_len = sizeof peer;
    if (getsockname(static_cast<int>(fd), reinterpret_cast<sockaddr*>(&mine), &mine_len) != 0)
      continue;
    if (PortOf(mine) != local) continue;
    if (getpeername(static_cast<int>(fd), reinterpret_cast<sockaddr*>(&peer), &peer_len) != 0)
      continue;
    if (PortOf(peer) == remote) return static_cast<int>(fd);
  }
  return -1;
}

std::string ContentTypeOf(const httplib::Response& res) {
  std::string type = res.get_header_value("Content-Type");
  return type.empty() ? "application/json" : type;
}

// Moves the body out of `res` so a content provider can serve it.
std::shared_ptr<const std::string> TakeBody(httplib::Response& res, std::string& content_type) {
  content_type = ContentTypeOf(res);
  res.headers.erase("Content-Type");
  res.headers.erase("Content-Length");
  auto body = std::make_shared<const std::string>(std::move(res.body));
  res.body.clear();
  return body;
}

constexpr std::string_view kHtmlPage =
    "<!DOCTYPE html>\n<html><head><title>Service Temporarily Unavailable</title></head>\n"
    "<body><h1>We'll be right back</h1><p>The service is down for maintenance.</p></body></html>\n";

}  // namespace

bool IsBodyFault(FaultKind kind) {
  switch (kind) {
    case FaultKind::kStall:
    case FaultKind::kTrickle:
    case FaultKind::kEndless:
    case FaultKind::kReset:
    case FaultKind::kTruncate:
    case FaultKind::kMalformedJson:
      return true;
    default:
      return false;
  }
}

bool DropConnection(int local_port, int remote_port, bool reset) {
  const int fd = FindSocket(local_port, remote_port);
  if (fd < 0) return false;
  if (reset) {
    linger hard{1, 0};
    setsockopt(fd, SOL_SOCKET, SO_LINGER, &hard, sizeof hard);
  }
  const int null_fd = open("/dev/null", O_RDWR | O_CLOEXEC);
  if (null_fd < 0) return false;
  const bool ok = dup2(null_fd, fd) == fd;  // closes the socket: the last reference goes
  close(null_fd);
  return ok;
}

void RenderPlainFault(const FaultRule& rule, httplib::Response& res) {
  const bool html =
      rule.kind == FaultKind::kHtml || (rule.kind == FaultKind::kStatus && rule.body == "html");
  res.status = rule.kind == FaultKind::kStatus ? rule.status : 200;
  if (html) {
    res.set_content(std::string(kHtmlPage), "text/html; charset=utf-8");
  } else {
    res.set_content("", "application/json;charset=UTF-8");
  }
}

void AddRetryAfter(const FaultRule& rule, httplib::Response& res) {
  if (rule.kind != FaultKind::kRateLimited && rule.kind != FaultKind::kRateWindow) return;
  switch (rule.retry_after.form) {
    case RetryAfter::Form::kNone:
      return;
    case RetryAfter::Form::kSeconds:
      res.set_header("Retry-After", std::to_string(rule.retry_after.seconds));
      return;
    case RetryAfter::Form::kHttpDate: {
      const auto now = std::chrono::system_clock::now().time_since_epoch();
      const int64_t ms = std::chrono::duration_cast<milliseconds>(now).count();
      // HTTP-dates have whole seconds: round up so the client never waits less than asked.
      res.set_header("Retry-After", FormatHttpDate(ms + rule.retry_after.seconds * 1000 + 999));
      return;
    }
  }
}

void ApplyBodyFault(const FaultRule& rule, const httplib::Request& req, httplib::Response& res,
                    StopSignal& stop) {
  std::string type;
  if (rule.kind == FaultKind::kMalformedJson) {
    // A JSON prefix: never a valid document, and the HTTP framing is intact.
    const size_t cut = std::max<size_t>(1, res.body.size() * 6 / 10);
    res.body.resize(std::min(cut, res.body.size()));
    return;
  }
  std::shared_ptr<const std::string> body = TakeBody(res, type);
  // Bytes sent before the fault when the rule does not say: half the body, none for a stall.
  const size_t fallback = rule.kind == FaultKind::kStall ? 0 : body->size() / 2;
  const size_t partial = rule.bytes >= 0 ? std::min<size_t>(rule.bytes, body->size()) : fallback;
  StopSignal* stop_signal = &stop;  // outlives every response: the server joins its workers first
  const int local = req.local_port, remote = req.remote_port;
  switch (rule.kind) {
    case FaultKind::kTruncate:
    case FaultKind::kReset: {
      const bool reset = rule.kind == FaultKind::kReset;
      res.set_content_provider(
          body->size(), type,
          [body, partial, reset, local, remote](size_t, size_t, httplib::DataSink& sink) {
            if (partial > 0) sink.write(body->data(), partial);
            DropConnection(local, remote, reset);
            return false;
          });
      return;
    }
    case FaultKind::kStall: {
      const int64_t hang_ms = rule.hang_ms;
      res.set_content_provider(body->size(), type,
                               [body, partial, hang_ms, local, remote, stop_signal](
                                   size_t, size_t, httplib::DataSink& sink) {
                                 if (partial > 0) sink.write(body->data(), partial);
                                 stop_signal->WaitFor(milliseconds(hang_ms));
                                 DropConnection(local, remote, false);
                                 return false;
                               });
      return;
    }
    case FaultKind::kTrickle: {
      const size_t per_tick = static_cast<size_t>(std::max<int64_t>(rule.bytes, 1));
      const milliseconds interval(rule.interval_ms);
      res.set_content_provider(body->size(), type,
                               [body, per_tick, interval, stop_signal](size_t offset, size_t length,
                                                                       httplib::DataSink& sink) {
                                 if (offset > 0 && stop_signal->WaitFor(interval)) return false;
                                 return sink.write(body->data() + offset,
                                                   std::min(per_tick, length));
                               });
      return;
    }
    case FaultKind::kEndless: {
      const milliseconds interval(rule.interval_ms);
      const auto deadline = std::chrono::steady_clock::now() + milliseconds(rule.hang_ms);
      res.set_chunked_content_provider(
          "application/json",
          [interval, deadline, stop_signal](size_t offset, httplib::DataSink& sink) {
            if (offset == 0) return sink.write("{\"results\":[", 12);
            if (std::chrono::steady_clock::now() >= deadline || stop_signal->WaitFor(interval)) {
              return false;
            }
            return sink.write("{\"id\":\"0\"},", 11);
          });
      return;
    }
    default:
      return;
  }
}

}  // namespace tempo::fakes
