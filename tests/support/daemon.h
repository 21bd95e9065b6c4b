// The daemon (`tempo run`) as a test drives it: started in the background with its stderr (its
// log) in a file, the port it serves /metrics on read from that log, plain HTTP GETs of its
// endpoints, and a one-shot scrape of /metrics for a config whose store already holds runs.
//
// The config must have `server: {listen: "127.0.0.1:0"}` for Port() and the GETs.
#ifndef TEMPO_TESTS_SUPPORT_DAEMON_H_
#define TEMPO_TESTS_SUPPORT_DAEMON_H_

#include <arpa/inet.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <functional>
#include <string>
#include <thread>
#include <vector>

#include "support/process.h"

namespace tempo::testing {

// Polls `done` every 20 ms for up to `timeout`; its last answer.
inline bool WaitUntil(const std::function<bool()>& done, std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < deadline) {
    if (done()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return done();
}

struct HttpGetResponse {
  int status = 0;  // 0: no answer
  std::string headers;
  std::string body;
};

// A plain HTTP/1.0 GET of `path` on 127.0.0.1:port.
inline HttpGetResponse LoopbackGet(int port, const std::string& path) {
  HttpGetResponse response;
  int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return response;
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(port));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
    ::close(fd);
    return response;
  }
  const std::string request = "GET " + path + " HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n";
  if (::write(fd, request.data(), request.size()) != static_cast<ssize_t>(request.size())) {
    ::close(fd);
    return response;
  }
  std::string raw;
  char buf[4096];
  ssize_t n;
  while ((n = ::read(fd, buf, sizeof buf)) > 0) raw.append(buf, static_cast<size_t>(n));
  ::close(fd);
  const size_t split = raw.find("\r\n\r\n");
  if (raw.rfind("HTTP/1.", 0) != 0 || split == std::string::npos) return response;
  response.status = std::atoi(raw.c_str() + 9);
  response.headers = raw.substr(0, split);
  response.body = raw.substr(split + 4);
  return response;
}

// `tempo -c CONFIG run` in the background; stopped (SIGTERM, then SIGKILL) at scope exit if
// still up. `env` as for StartProcess.
class DaemonProcess {
 public:
  DaemonProcess(const std::string& folder, const std::string& config,
                std::vector<std::string> env = {})
      : out_(folder + "/daemon" + std::to_string(++count_) + ".out"),
        err_(folder + "/daemon" + std::to_string(count_) + ".err") {
    pid_ = StartProcess({TempoBinary(), "-c", config, "run"}, out_, err_, env);
  }
  ~DaemonProcess() {
    if (pid_ <= 0) return;
    ::kill(pid_, SIGTERM);
    if (!WaitUntil([&] { return ::waitpid(pid_, nullptr, WNOHANG) == pid_; },
                   std::chrono::seconds(10))) {
      ::kill(pid_, SIGKILL);
      ::waitpid(pid_, nullptr, 0);
    }
  }
  DaemonProcess(const DaemonProcess&) = delete;
  DaemonProcess& operator=(const DaemonProcess&) = delete;

  pid_t pid() const { return pid_; }
  const std::string& log_path() const { return err_; }
  std::string Log() const { return ReadWhole(err_); }

  // Sends `sig` and waits for the daemon to end.
  ProcessResult Stop(int sig = SIGTERM) {
    ::kill(pid_, sig);
    ProcessResult r = WaitProcess(pid_, out_, err_);
    pid_ = 0;
    return r;
  }

  // The port of "serving /healthz and /metrics on http://127.0.0.1:PORT" (0 if it does not
  // say so within 5 s).
  int Port() const {
    int port = 0;
    WaitUntil(
        [&] {
          const std::string log = Log();
          const std::string marker = "/metrics on http://127.0.0.1:";
          const size_t at = log.find(marker);
          if (at == std::string::npos) return false;
          port = std::atoi(log.c_str() + at + marker.size());
          return port > 0;
        },
        std::chrono::seconds(5));
    return port;
  }

 private:
  static inline int count_ = 0;
  std::string out_, err_;
  pid_t pid_ = 0;
};

// What `tempo run` serves at /metrics for `config` (started in `folder`, stopped after the
// scrape); "" when it did not serve.
inline std::string ScrapeMetrics(const std::string& folder, const std::string& config,
                                 const std::vector<std::string>& env = {}) {
  DaemonProcess daemon(folder, config, env);
  const int port = daemon.Port();
  if (port <= 0) return "";
  HttpGetResponse metrics = LoopbackGet(port, "/metrics");
  daemon.Stop();
  return metrics.status == 200 ? metrics.body : "";
}

}  // namespace tempo::testing

#endif  // TEMPO_TESTS_SUPPORT_DAEMON_H_
