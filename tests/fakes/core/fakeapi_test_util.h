// Helpers for the fake API server's tests: start a server, talk to it with cpp-httplib's client
// or a raw socket (to see exactly what a fault puts on the wire), parse JSON bodies.
#ifndef TEMPO_TESTS_FAKES_CORE_FAKEAPI_TEST_UTIL_H_
#define TEMPO_TESTS_FAKES_CORE_FAKEAPI_TEST_UTIL_H_

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <memory>
#include <string>

#include <httplib.h>
#include <simdjson.h>
#include <catch2/catch.hpp>

#include "fakes/core/fake_api_server.h"

namespace tempo::fakes::testing {

inline constexpr const char* kPat = "pat-na1-7e3c2a90-0000-4000-8000-000000000042";

inline std::unique_ptr<FakeApiServer> StartServer(FakeApiOptions options = {}) {
  Result<std::unique_ptr<FakeApiServer>> server = FakeApiServer::Start(std::move(options));
  REQUIRE(server.ok());
  return std::move(*server);
}

// A keep-alive client with short timeouts, so a broken test fails fast.
inline std::unique_ptr<httplib::Client> ClientFor(const FakeApiServer& server,
                                                  int read_timeout_ms = 5000) {
  auto client = std::make_unique<httplib::Client>("127.0.0.1", server.port());
  client->set_keep_alive(true);
  client->set_tcp_nodelay(true);
  client->set_connection_timeout(2, 0);
  client->set_read_timeout(read_timeout_ms / 1000, (read_timeout_ms % 1000) * 1000);
  return client;
}

inline httplib::Headers Bearer(const std::string& token) {
  return {{"Authorization", "Bearer " + token}};
}

// Parses a JSON body (the DOM keeps the document alive as long as the parser).
struct Json {
  simdjson::dom::parser parser;
  simdjson::dom::element root;
  bool ok = false;
  explicit Json(const std::string& text) { ok = parser.parse(text).get(root) == simdjson::SUCCESS; }
};

inline std::string Str(simdjson::dom::element e) {
  std::string_view s;
  if (e.get_string().get(s)) return "<not a string>";
  return std::string(s);
}

// What a raw HTTP exchange saw on the wire.
struct RawResult {
  std::string bytes;
  bool eof = false;        // the server closed (FIN)
  bool reset = false;      // ECONNRESET
  bool timed_out = false;  // nothing more within the idle timeout
  bool cut_off = false;    // still receiving when the reader's total budget ran out
  std::chrono::milliseconds elapsed{0};
};

// A TCP connection to 127.0.0.1:`port` (the test fails when it cannot connect).
inline int ConnectLoopback(int port) {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  REQUIRE(fd >= 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(port));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  REQUIRE(connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0);
  return fd;
}

// Sends `request` verbatim and reads until EOF, reset, `idle_ms` without a byte, or `max_ms`.
inline RawResult RawExchange(int port, const std::string& request, int idle_ms,
                             int max_ms = 10'000) {
  RawResult r;
  const auto start = std::chrono::steady_clock::now();
  int fd = ConnectLoopback(port);
  REQUIRE(send(fd, request.data(), request.size(), 0) == static_cast<ssize_t>(request.size()));
  char buf[4096];
  while (true) {
    if (std::chrono::steady_clock::now() - start > std::chrono::milliseconds(max_ms)) {
      r.cut_off = true;
      break;
    }
    pollfd p{fd, POLLIN, 0};
    if (poll(&p, 1, idle_ms) == 0) {
      r.timed_out = true;
      break;
    }
    const ssize_t n = recv(fd, buf, sizeof buf, 0);
    if (n > 0) {
      r.bytes.append(buf, static_cast<size_t>(n));
      continue;
    }
    if (n == 0) r.eof = true;
    if (n < 0 && errno == ECONNRESET) r.reset = true;
    break;
  }
  close(fd);
  r.elapsed = std::chrono::duration_cast<std::chrono::milliseconds>(
      std::chrono::steady_clock::now() - start);
  return r;
}

inline std::string RawGet(const std::string& path, const std::string& token = kPat) {
  return "GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + token +
         "\r\nConnection: close\r\n\r\n";
}

// The body of a raw response (after the blank line).
inline std::string RawBody(const std::string& bytes) {
  const size_t at = bytes.find("\r\n\r\n");
  return at == std::string::npos ? std::string() : bytes.substr(at + 4);
}

}  // namespace tempo::fakes::testing

#endif  // TEMPO_TESTS_FAKES_CORE_FAKEAPI_TEST_UTIL_H_
