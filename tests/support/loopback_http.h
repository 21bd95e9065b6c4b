// LoopbackServer: a scriptable HTTP/1.1 server on 127.0.0.1 for tests of the HTTP client, at
// the socket level so a test can misbehave in ways a real server library will not: never
// answer, trickle, stall after the headers, cut a body short, close or reset the connection.
//
// Each accepted connection runs on its own thread and serves requests one after another
// (keep-alive) until the handler closes or resets it, the client closes it, or the server stops.
// Every request is recorded before the handler runs; `index` numbers them from 1 across all
// connections, so a handler can script "the first two get 503".
//
//   tempo::testing::LoopbackServer server([](const SeenRequest& req, Reply& reply) {
//     if (req.index <= 2) return reply.Respond(503, "busy");
//     reply.Respond(200, R"({"items":[]})", {{"Content-Type", "application/json"}});
//   });
//   std::string url = server.Url("/items?page=1");
//
// Thread safety: the handler runs on several threads at once; Requests() and friends may be
// called from any thread.
#ifndef TEMPO_TESTS_SUPPORT_LOOPBACK_HTTP_H_
#define TEMPO_TESTS_SUPPORT_LOOPBACK_HTTP_H_

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <cctype>
#include <chrono>
#include <cstring>
#include <functional>
#include <mutex>
#include <stdexcept>
#include <string>
#include <string_view>
#include <thread>
#include <utility>
#include <vector>

namespace tempo::testing {

using HttpHeaders = std::vector<std::pair<std::string, std::string>>;

struct SeenRequest {
  int index = 0;       // 1-based, across all connections, in arrival order
  int connection = 0;  // 1-based number of the connection it came on
  double at = 0;       // seconds since the server started (steady clock)
  std::string method;
  std::string target;  // path and query, as sent
  HttpHeaders headers;
  std::string body;

  // The first header called `name` (case-insensitive), or "".
  std::string Header(std::string_view name) const {
    for (const auto& [key, value] : headers) {
      if (key.size() != name.size()) continue;
      bool same = true;
      for (size_t i = 0; i < key.size() && same; ++i) {
        same = std::tolower(static_cast<unsigned char>(key[i])) ==
               std::tolower(static_cast<unsigned char>(name[i]));
      }
      if (same) return value;
    }
    return "";
  }
  std::string Path() const { return target.substr(0, target.find('?')); }
};

// What a handler does with the connection of one request.
class Reply {
 public:
  Reply(int fd, const std::atomic<bool>& stopping) : fd_(fd), stopping_(stopping) {}

  // Writes raw bytes.
  void Send(std::string_view bytes) {
    while (!bytes.empty()) {
      ssize_t n = ::send(fd_, bytes.data(), bytes.size(), MSG_NOSIGNAL);
      if (n <= 0) {
        closed_ = true;
        return;
      }
      bytes.remove_prefix(static_cast<size_t>(n));
    }
  }
  // A complete response with Content-Length; the connection stays open for the next request.
  void Respond(int status, std::string_view body, const HttpHeaders& headers = {}) {
    Send(Head(status, body.size(), headers) + std::string(body));  // one segment: no Nagle delay
  }
  // The status line and headers (with Content-Length: content_length), no body.
  static std::string Head(int status, size_t content_length, const HttpHeaders& headers = {}) {
    std::string out = "HTTP/1.1 " + std::to_string(status) + " Status\r\n";
    for (const auto& [name, value] : headers) out += name + ": " + value + "\r\n";
    out += "Content-Length: " + std::to_string(content_length) + "\r\n\r\n";
    return out;
  }
  // Sleeps, waking early when the server stops.
  void Hold(double seconds) {
    auto until = std::chrono::steady_clock::now() + std::chrono::duration<double>(seconds);
    while (!stopping_.load() && std::chrono::steady_clock::now() < until) {
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
  }
  // Ends the connection normally (FIN) after what was sent.
  void Close() { closed_ = true; }
  // Ends the connection with a TCP reset (RST).
  void Reset() {
    linger l{1, 0};
    ::setsockopt(fd_, SOL_SOCKET, SO_LINGER, &l, sizeof l);
    closed_ = true;
  }
  bool closed() const { return closed_; }

 private:
  int fd_;
  const std::atomic<bool>& stopping_;
  bool closed_ = false;
};

class LoopbackServer {
 public:
  using Handler = std::function<void(const SeenRequest&, Reply&)>;

  explicit LoopbackServer(Handler handler) : handler_(std::move(handler)) {
    listen_fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    int one = 1;
    ::setsockopt(listen_fd_, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    addr.sin_port = 0;
    if (::bind(listen_fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 ||
        ::listen(listen_fd_, 64) != 0) {
      throw std::runtime_error("LoopbackServer: cannot listen on 127.0.0.1");
    }
    socklen_t len = sizeof addr;
    ::getsockname(listen_fd_, reinterpret_cast<sockaddr*>(&addr), &len);
    port_ = ntohs(addr.sin_port);
    started_ = std::chrono::steady_clock::now();
    acceptor_ = std::thread([this] { AcceptLoop(); });
  }

  ~LoopbackServer() { Stop(); }
  LoopbackServer(const LoopbackServer&) = delete;
  LoopbackServer& operator=(const LoopbackServer&) = delete;

  // Stops accepting, wakes every handler and joins every thread.
  void Stop() {
    if (stopping_.exchange(true)) return;
    ::shutdown(listen_fd_, SHUT_RDWR);
    if (acceptor_.joinable()) acceptor_.join();
    ::close(listen_fd_);
    std::vector<std::thread> workers;
    {
      std::lock_guard<std::mutex> lock(mu_);
      workers.swap(workers_);
    }
    for (std::thread& t : workers) t.join();
  }

  int port() const { return port_; }
  std::string Url(std::string_view path) const {
    return "http://127.0.0.1:" + std::to_string(port_) + std::string(path);
  }
  std::vector<SeenRequest> Requests() const {
    std::lock_guard<std::mutex> lock(mu_);
    return requests_;
  }
  // Requests whose path (without the query) is `path`.
  std::vector<SeenRequest> Requests(std::string_view path) const {
    std::vector<SeenRequest> out;
    for (SeenRequest& r : Requests()) {
      if (r.Path() == path) out.push_back(std::move(r));
    }
    return out;
  }
  size_t RequestCount() const {
    std::lock_guard<std::mutex> lock(mu_);
    return requests_.size();
  }
  int Connections() const { return connections_.load(); }

 private:
  void AcceptLoop() {
    while (!stopping_.load()) {
      pollfd p{listen_fd_, POLLIN, 0};
      if (::poll(&p, 1, 50) <= 0) continue;
      int fd = ::accept4(listen_fd_, nullptr, nullptr, SOCK_CLOEXEC);
      if (fd < 0) continue;
      int one = 1;
      ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
      int number = ++connections_;
      std::lock_guard<std::mutex> lock(mu_);
      workers_.emplace_back([this, fd, number] { Serve(fd, number); });
    }
  }

  // Reads until `buffer` holds a complete request; false on EOF, error or stop.
  bool ReadRequest(int fd, std::string& buffer, SeenRequest& req) {
    size_t header_end;
    while ((header_end = buffer.find("\r\n\r\n")) == std::string::npos) {
      if (!ReadMore(fd, buffer)) return false;
    }
    std::string head = buffer.substr(0, header_end);
    size_t line_end = head.find("\r\n");
    std::string request_line = head.substr(0, line_end);
    size_t sp1 = request_line.find(' ');
    size_t sp2 = request_line.find(' ', sp1 + 1);
    req.method = request_line.substr(0, sp1);
    req.target = request_line.substr(sp1 + 1, sp2 - sp1 - 1);
    size_t content_length = 0;
    size_t pos = line_end == std::string::npos ? head.size() : line_end + 2;
    while (pos < head.size()) {
      size_t end = head.find("\r\n", pos);
      if (end == std::string::npos) end = head.size();
      std::string line = head.substr(pos, end - pos);
      size_t colon = line.find(':');
      if (colon != std::string::npos) {
        std::string name = line.substr(0, colon);
        std::string value = line.substr(colon + 1);
        while (!value.empty() && value.front() == ' ') value.erase(0, 1);
        req.headers.emplace_back(name, value);
        std::string lower = name;
        for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        if (lower == "content-length") content_length = std::stoul(value);
      }
      pos = end + 2;
    }
    size_t body_start = header_end + 4;
    while (buffer.size() < body_start + content_length) {
      if (!ReadMore(fd, buffer)) return false;
    }
    req.body = buffer.substr(body_start, content_length);
    buffer.erase(0, body_start + content_length);
    return true;
  }

  bool ReadMore(int fd, std::string& buffer) {
    while (!stopping_.load()) {
      pollfd p{fd, POLLIN, 0};
      int ready = ::poll(&p, 1, 50);
      if (ready == 0) continue;
      if (ready < 0) return false;
      char chunk[16384];
      ssize_t n = ::recv(fd, chunk, sizeof chunk, 0);
      if (n <= 0) return false;
      buffer.append(chunk, static_cast<size_t>(n));
      return true;
    }
    return false;
  }

  void Serve(int fd, int number) {
    std::string buffer;
    for (;;) {
      SeenRequest req;
      if (!ReadRequest(fd, buffer, req)) break;
      req.connection = number;
      req.at = std::chrono::duration<double>(std::chrono::steady_clock::now() - started_).count();
      {
        std::lock_guard<std::mutex> lock(mu_);
        req.index = static_cast<int>(requests_.size()) + 1;
        requests_.push_back(req);
      }
      Reply reply(fd, stopping_);
      handler_(req, reply);
      if (reply.closed() || stopping_.load()) break;
    }
    ::close(fd);
  }

  Handler handler_;
  int listen_fd_ = -1;
  int port_ = 0;
  std::chrono::steady_clock::time_point started_;
  std::atomic<bool> stopping_{false};
  std::atomic<int> connections_{0};
  std::thread acceptor_;
  mutable std::mutex mu_;
  std::vector<std::thread> workers_;   // guarded by mu_
  std::vector<SeenRequest> requests_;  // guarded by mu_
};

}  // namespace tempo::testing

#endif  // TEMPO_TESTS_SUPPORT_LOOPBACK_HTTP_H_
