// The host's HTTP service over real loopback HTTP: retries and backoff, Retry-After, timeouts,
// resets and truncated bodies, the shared rate budget (two services, two processes), quotas,
// OAuth2, classify hooks, TLS verification and the secrets canary. Requests go through the real
// host API table (plugin::HostApi()), as a plugin's would.
//
// Every setting is fractional-second so the whole file runs in well under a minute.
#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <map>
#include <mutex>
#include <set>
#include <thread>

#include <httplib.h>
#include <catch2/catch.hpp>

#include "common/log.h"
#include "http/http_service.h"
#include "store/http_state_file.h"
#include "support/loopback_http.h"
#include "support/process.h"
#include "support/temp_dir.h"

namespace {

using tempo::testing::HttpHeaders;
using tempo::testing::LoopbackServer;
using tempo::testing::Reply;
using tempo::testing::SeenRequest;
using tempo::testing::TempDir;
using Clock = std::chrono::steady_clock;

// Loopback requests must not go through a proxy the environment may name.
const bool kNoProxy = (::setenv("no_proxy", "127.0.0.1,localhost", 1), true);

tempo::config::HttpSettings Fast() {
  tempo::config::HttpSettings s;
  s.connect_timeout_s = 2;
  s.timeout_s = 3;
  s.idle_timeout_s = 0.3;
  s.max_attempts = 5;
  s.max_retry_wait_s = 5;
  s.max_rate_limit_wait_s = 5;
  s.initial_backoff_s = 0.01;
  s.max_backoff_s = 0.05;
  return s;
}

tempo_http_config NoAuth() {
  tempo_http_config c{};
  c.struct_size = sizeof c;
  c.auth_kind = TEMPO_AUTH_NONE;
  return c;
}

double Since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

// What one request returned, copied out of host memory.
struct Sent {
  tempo_status code = TEMPO_OK;
  int status = 0;
  std::string body;
  uint32_t attempts = 0;
  std::string error;
  double seconds = 0;
  std::map<std::string, std::string> headers;
};

struct Options {
  std::string method = "GET";
  std::string body;
  HttpHeaders headers;
  tempo_http_classify_fn classify = nullptr;
  uint32_t flags = 0;
};

// A connection's HTTP service driven through the host API table, as a plugin drives it.
class Client {
 public:
  explicit Client(tempo::config::HttpSettings settings = Fast(),
                  std::shared_ptr<tempo::http::SharedState> state = nullptr,
                  std::string connection = "crm")
      : gateway_(tempo::http::NewHttpService(connection, settings,
                                             state ? state : tempo::http::NewProcessLocalState())) {
    ctx_.plugin_name = "test";
    ctx_.connection = connection;
    ctx_.stream = "contacts";
    ctx_.http = gateway_.get();
  }

  tempo_status Configure(const tempo_http_config& config) {
    ctx_.error.clear();
    return tempo::plugin::HostApi()->http_configure(&ctx_, &config);
  }

  Sent Send(const std::string& url, const Options& options = {}) {
    std::vector<tempo_http_header> headers;
    for (const auto& [name, value] : options.headers) {
      tempo_http_header h{};
      h.struct_size = sizeof h;
      h.name = name.data();
      h.name_len = name.size();
      h.value = value.data();
      h.value_len = value.size();
      headers.push_back(h);
    }
    tempo_http_request req{};
    req.struct_size = sizeof req;
    req.method = options.method.c_str();
    req.url = url.data();
    req.url_len = url.size();
    req.headers = headers.empty() ? nullptr : headers.data();
    req.header_count = static_cast<uint32_t>(headers.size());
    req.body = options.body.empty() ? nullptr : options.body.data();
    req.body_len = options.body.size();
    req.classify = options.classify;
    req.flags = options.flags;
    tempo_http_response resp{};
    resp.struct_size = sizeof resp;
    ctx_.error.clear();
    Clock::time_point start = Clock::now();
    Sent sent;
    sent.code = tempo::plugin::HostApi()->http_request(&ctx_, &req, &resp);
    sent.seconds = Since(start);
    sent.error = ctx_.error;
    if (sent.code == TEMPO_OK) {
      sent.status = resp.status;
      sent.body.assign(resp.body, resp.body_len);
      sent.attempts = resp.attempts;
      for (uint32_t i = 0; i < resp.header_count; ++i) {
        sent.headers[std::string(resp.headers[i].name, resp.headers[i].name_len)] =
            std::string(resp.headers[i].value, resp.headers[i].value_len);
      }
    }
    return sent;
  }

  // http_auth_field; the value, or "" with *code set.
  std::string AuthField(const char* name, tempo_status* code) {
    const char* value = nullptr;
    size_t len = 0;
    ctx_.error.clear();
    *code = tempo::plugin::HostApi()->http_auth_field(&ctx_, name, &value, &len);
    return *code == TEMPO_OK ? std::string(value, len) : std::string();
  }

  tempo::plugin::HttpCounters Counters() const { return gateway_->Counters(); }
  tempo_ctx& ctx() { return ctx_; }

 private:
  std::unique_ptr<tempo::plugin::HttpGateway> gateway_;
  tempo_ctx ctx_;
};

std::string HttpDate(std::chrono::system_clock::time_point when) {
  std::time_t t = std::chrono::system_clock::to_time_t(when);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[64];
  std::strftime(buf, sizeof buf, "%a, %d %b %Y %H:%M:%S GMT", &tm);
  return buf;
}

// Arrival times (seconds) of the server's requests, sorted.
std::vector<double> ArrivalTimes(const LoopbackServer& server) {
  std::vector<double> times;
  for (const SeenRequest& r : server.Requests()) times.push_back(r.at);
  std::sort(times.begin(), times.end());
  return times;
}

// Checks that `times` never beat a token bucket of `rate` and `burst`: between any two
// requests i < j, at most burst + rate * (t_j - t_i) requests arrive. One request of slack (and
// 30 ms) absorbs a request that reached the server late on a loaded machine; a bucket that is
// not shared (twice the rate) breaks the bound by far more.
void CheckBucketRespected(const std::vector<double>& times, double rate, double burst) {
  REQUIRE(!times.empty());
  for (size_t i = 0; i < times.size(); ++i) {
    for (size_t j = i + 1; j < times.size(); ++j) {
      double earliest = (static_cast<double>(j - i) - burst) / rate - 0.03;
      if (times[j] - times[i] < earliest) {
        FAIL_CHECK("requests " << i << " and " << j << " arrived " << (times[j] - times[i])
                               << " s apart; the bucket allows no less than " << earliest << " s");
      }
    }
  }
  CHECK(times.back() - times.front() >= (static_cast<double>(times.size()) - burst) / rate - 0.1);
}

}  // namespace

//===------------------------------------------------------------------------------------===//
// Retries, backoff, Retry-After
//===------------------------------------------------------------------------------------===//

TEST_CASE("5xx responses are retried on one kept-alive connection, and every attempt counts") {
  LoopbackServer server([](const SeenRequest& r, Reply& reply) {
    if (r.index <= 2) return reply.Respond(503, "busy");
    reply.Respond(200, "page " + std::to_string(r.index));
  });
  Client client;
  REQUIRE(client.Configure(NoAuth()) == TEMPO_OK);
  Sent r = client.Send(server.Url("/items?page=1"));
  REQUIRE(r.code == TEMPO_OK);
  CHECK(r.status == 200);
  CHECK(r.body == "page 3");
  CHECK(r.attempts == 3);
  for (int i = 0; i < 3; ++i) REQUIRE(client.Send(server.Url("/items?page=2")).code == TEMPO_OK);
  CHECK(server.Connections() == 1);
  tempo::plugin::HttpCounters c = client.Counters();
  CHECK(c.requests == 6);
  CHECK(c.retries == 2);
  CHECK(c.bytes_received > 6 * 40);
}

TEST_CASE("a gzip body arrives decompressed, and bytes count as received on the wire") {
  static const char kGzip[] =
      "\x1f\x8b\x08\x00\x00\x00\x00\x00\x02\xff\xab\x56\xca\x2c\x49\xcd\x2d\x56\xb2\x8a\x56\x4a"
      "\xce\xcf\x2d\x28\x4a\x2d\x2e\x4e\x4d\x51\x8a\xad\xad\x1e\x15\x1f\x16\xe2\x00\x13\xda\xb2"
      "\x16\xe0\x01\x00\x00";
  LoopbackServer server([](const SeenRequest&, Reply& reply) {
    reply.Respond(200, std::string_view(kGzip, sizeof kGzip - 1), {{"Content-Encoding", "gzip"}});
  });
  Client client;
  REQUIRE(client.Configure(NoAuth()) == TEMPO_OK);
  Sent r = client.Send(server.Url("/gz"));
  REQUIRE(r.code == TEMPO_OK);
  std::string expected;
  for (int i = 0; i < 20; ++i) expected += R"({"items":["compressed"]})";
  CHECK(r.body == expected);
  CHECK_THAT(server.Requests()[0].Header("Accept-Encoding"), Catch::Contains("gzip"));
  CHECK(client.Counters().bytes_received < static_cast<int64_t>(expected.size()));
}

TEST_CASE("50 consecutive 503s give up with the connection, stream, URL and attempt count") {
  LoopbackServer server([](const SeenRequest&, Reply& reply) { reply.Respond(503, "down"); });
  const std::string url = server.Url("/items?page=7&api_key=k-live-123456");
  const std::string expected_prefix =
      "connection 'crm' stream 'contacts': GET http://127.0.0.1:" + std::to_string(server.port()) +
      "/items?page=7&api_key=***: HTTP 503 after ";
  SECTION("max_attempts 50") {
    tempo::config::HttpSettings s = Fast();
    s.max_attempts = 50;
    s.initial_backoff_s = 0.001;
    s.max_backoff_s = 0.002;
    Client client(s);
    REQUIRE(client.Configure(NoAuth()) == TEMPO_OK);
    Sent r = client.Send(url);
    CHECK(r.code == TEMPO_ERR_UNAVAILABLE);
    CHECK(server.RequestCount() == 50);
    CHECK_THAT(r.error, Catch::StartsWith(expected_prefix + "50 attempts over "));
    CHECK_THAT(r.error, Catch::EndsWith(" s"));
    CHECK(client.Counters().retries == 49);
  }
  SECTION("the default of 5 attempts") {
    Client client;
    REQUIRE(client.Configure(NoAuth()) == TEMPO_OK);
    Sent r = client.Send(url);
    CHECK(r.code == TEMPO_ERR_UNAVAILABLE);
    CHECK(server.RequestCount() == 5);
    CHECK_THAT(r.error, Catch::StartsWith(expected_prefix + "5 attempts over "));
    CHECK(r.error.find("k-live-123456") == std::string::npos);
  }
}

TEST_CASE("Retry-After in seconds is honored instead of the backoff") {
  LoopbackServer server([](const SeenRequest& r, Reply& reply) {
    if (r.index == 1) return reply.Respond(429, "slow down", {{"Retry-After", "1"}});
    reply.Respond(200, "ok");
  });
  Client client;
  REQUIRE(client.Configure(NoAuth()) == TEMPO_OK);
  Sent r = client.Send(server.Url("/x"));
  REQUIRE(r.code == TEMPO_OK);
  CHECK(r.attempts == 2);
  auto requests = server.Requests();
  REQUIRE(requests.size() == 2);
  CHECK(requests[1].at - requests[0].at >= 0.99);
  CHECK(requests[1].at - requests[0].at < 1.5);
}

TEST_CASE("Retry-After as an HTTP-date is honored") {
  LoopbackServer server([](const SeenRequest& r, Reply& reply) {
    if (r.index == 1) {
      std::string when = HttpDate(std::chrono::system_clock::now() + std::chrono::seconds(2));
      return reply.Respond(503, "maintenance", {{"Retry-After", when}});
    }
    reply.Respond(200, "ok");
  });
  Client client;
  REQUIRE(client.Configure(NoAuth()) == TEMPO_OK);
  Sent r = client.Send(server.Url("/x"));
  REQUIRE(r.code == TEMPO_OK);
  auto requests = server.Requests();
  REQUIRE(requests.size() == 2);
  // The date has whole seconds: the server asked for 1 to 2 s from now.
  CHECK(requests[1].at - requests[0].at >= 0.95);
  CHECK(requests[1].at - requests[0].at < 2.6);
}

TEST_CASE("429 without Retry-After backs off with full jitter within the cap") {
  LoopbackServer server([](const SeenRequest& r, Reply& reply) {
    if (r.index <= 3) return reply.Respond(429, "");
    reply.Respond(200, "ok");
  });
  tempo::config::HttpSettings s = Fast();
  s.initial_backoff_s = 0.05;
  s.max_backoff_s = 0.1;
  Client client(s);
  REQUIRE(client.Configure(NoAuth()) == TEMPO_OK);
  Sent r = client.Send(server.Url("/x"));
  REQUIRE(r.code == TEMPO_OK);
  CHECK(r.attempts == 4);
  CHECK(r.seconds < 0.05 + 0.1 + 0.1 + 0.2);  // the caps plus transfer time
}

TEST_CASE("a huge Retry-After is not slept: 503 fails now, 429 defers the run") {
  LoopbackServer server([](const SeenRequest& r, Reply& reply) {
    reply.Respond(r.Path() == "/busy" ? 503 : 429, "", {{"Retry-After", "999999"}});
  });
  Client client;
  REQUIRE(client.Configure(NoAuth()) == TEMPO_OK);
  Sent busy = client.Send(server.Url("/busy"));
  CHECK(busy.code == TEMPO_ERR_UNAVAILABLE);
  CHECK(busy.seconds < 1);
  CHECK_THAT(busy.error, Catch::Contains("HTTP 503 after 1 attempt"));
  CHECK_THAT(busy.error, Catch::Contains("Retry-After"));
  Sent limited = client.Send(server.Url("/limited"));
  CHECK(limited.code == TEMPO_ERR_QUOTA);
  CHECK(limited.seconds < 1);
  CHECK_THAT(limited.error, Catch::Contains("the run is deferred"));
  CHECK(server.RequestCount() == 2);
}

//===------------------------------------------------------------------------------------===//
// Timeouts, resets, truncation
//===------------------------------------------------------------------------------------===//

TEST_CASE("a server that accepts and never answers ends each attempt at the idle timeout") {
  LoopbackServer server([](const SeenRequest&, Reply& reply) {
    reply.Hold(30);
    reply.Close();
  });
  tempo::config::HttpSettings s = Fast();
  s.max_attempts = 2;
  Client client(s);
  REQUIRE(client.Configure(NoAuth()) == TEMPO_OK);
  Sent r = client.Send(server.Url("/hang"));
  CHECK(r.code == TEMPO_ERR_UNAVAILABLE);
  CHECK_THAT(r.error, Catch::Contains("no data received for"));
  CHECK_THAT(r.error, Catch::Contains("after 2 attempts"));
  CHECK(r.seconds >= 0.55);
  CHECK(r.seconds < 1.5);
  CHECK(server.RequestCount() == 2);
}

TEST_CASE("a trickling server is cut off by the total timeout") {
  LoopbackServer server([](const SeenRequest&, Reply& reply) {
    reply.Send(Reply::Head(200, 1000));
    for (int i = 0; i < 200 && !reply.closed(); ++i) {
      reply.Send("x");
      reply.Hold(0.1);
    }
    reply.Close();
  });
  tempo::config::HttpSettings s = Fast();
  s.timeout_s = 0.8;
  s.max_attempts = 2;
  Client client(s);
  REQUIRE(client.Configure(NoAuth()) == TEMPO_OK);
  Sent r = client.Send(server.Url("/trickle"));
  CHECK(r.code == TEMPO_ERR_UNAVAILABLE);
  CHECK_THAT(r.error, Catch::Contains("(http.timeout)"));
  CHECK_THAT(r.error, Catch::Contains("after 2 attempts"));
  CHECK(r.seconds >= 1.5);
  CHECK(r.seconds < 3);
}

TEST_CASE("a server that stalls after the headers hits the idle timeout, then recovers") {
  LoopbackServer server([](const SeenRequest& r, Reply& reply) {
    if (r.index == 1) {
      reply.Send(Reply::Head(200, 100));
      reply.Send("0123456789");
      reply.Hold(30);
      return reply.Close();
    }
    reply.Respond(200, "whole");
  });
  Client client;
  REQUIRE(client.Configure(NoAuth()) == TEMPO_OK);
  Sent r = client.Send(server.Url("/stall"));
  REQUIRE(r.code == TEMPO_OK);
  CHECK(r.body == "whole");
  CHECK(r.attempts == 2);
  CHECK(r.seconds >= 0.28);
}

TEST_CASE("connection resets and connections closed without a response are retried") {
  LoopbackServer server([](const SeenRequest& r, Reply& reply) {
    if (r.index == 1) return reply.Reset();
    if (r.index == 2) return reply.Close();
    reply.Respond(200, "third time");
  });
  Client client;
  REQUIRE(client.Configure(NoAuth()) == TEMPO_OK);
  Sent r = client.Send(server.Url("/flaky"));
  REQUIRE(r.code == TEMPO_OK);
  CHECK(r.body == "third time");
  CHECK(r.attempts == 3);
  CHECK(client.Counters().retries == 2);
}

TEST_CASE("a refused connection is retried, then reported") {
  int port;
  {
    LoopbackServer gone([](const SeenRequest&, Reply& reply) { reply.Respond(200, ""); });
    port = gone.port();
  }
  tempo::config::HttpSettings s = Fast();
  s.max_attempts = 3;
  Client client(s);
  REQUIRE(client.Configure(NoAuth()) == TEMPO_OK);
  Sent r = client.Send("http://127.0.0.1:" + std::to_string(port) + "/x");
  CHECK(r.code == TEMPO_ERR_UNAVAILABLE);
  CHECK_THAT(r.error, Catch::Contains("after 3 attempts"));
  CHECK(client.Counters().requests == 3);
  // On this machine, the message says that nothing listens and how the demo's fakes restart.
  CHECK_THAT(r.error, Catch::Contains("nothing listens there"));
  CHECK_THAT(r.error, Catch::Contains("`make demo-serve`"));
  CHECK(client.Counters().backoff_ms > 0);
}

TEST_CASE("a truncated body is retried, then fails as a data error naming where") {
  SECTION("truncated once") {
    LoopbackServer server([](const SeenRequest& r, Reply& reply) {
      if (r.index == 1) {
        reply.Send(Reply::Head(200, 100) + std::string(50, 'a'));
        return reply.Close();
      }
      reply.Respond(200, std::string(100, 'b'));
    });
    Client client;
    REQUIRE(client.Configure(NoAuth()) == TEMPO_OK);
    Sent r = client.Send(server.Url("/items?page=3"));
    REQUIRE(r.code == TEMPO_OK);
    CHECK(r.body == std::string(100, 'b'));
    CHECK(r.attempts == 2);
  }
  SECTION("truncated every time") {
    LoopbackServer server([](const SeenRequest&, Reply& reply) {
      reply.Send(Reply::Head(200, 100) + std::string(50, 'a'));
      reply.Close();
    });
    tempo::config::HttpSettings s = Fast();
    s.max_attempts = 3;
    Client client(s);
    REQUIRE(client.Configure(NoAuth()) == TEMPO_OK);
    Sent r = client.Send(server.Url("/items?page=3&access_token=at-in-url-9876"));
    CHECK(r.code == TEMPO_ERR_DATA);
    CHECK_THAT(r.error, Catch::StartsWith(
                            "connection 'crm' stream 'contacts': GET http://127.0.0.1:" +
                            std::to_string(server.port()) + "/items?page=3&access_token=***: "));
    CHECK_THAT(r.error, Catch::Contains("after 3 attempts"));
    CHECK(r.error.find("at-in-url-9876") == std::string::npos);
    CHECK(server.RequestCount() == 3);
  }
}

//===------------------------------------------------------------------------------------===//
// The shared rate budget and quotas
//===------------------------------------------------------------------------------------===//

TEST_CASE("two connections on one rate_limit_key share one budget") {
  TempDir dir;
  const std::string side_file = tempo::store::HttpStatePath(dir.File("tempo.db"));
  LoopbackServer server([](const SeenRequest&, Reply& reply) { reply.Respond(200, "ok"); });
  auto run = [&](const std::string& key_a, const std::string& key_b) {
    // Separate state objects on one file: as two processes would hold it.
    Client a(Fast(), tempo::store::NewHttpStateFile(side_file), "crm-eu");
    Client b(Fast(), tempo::store::NewHttpStateFile(side_file), "crm-us");
    tempo_http_config config = NoAuth();
    config.requests_per_second = 20;
    config.burst = 2;
    config.rate_limit_key = key_a.c_str();
    REQUIRE(a.Configure(config) == TEMPO_OK);
    config.rate_limit_key = key_b.c_str();
    REQUIRE(b.Configure(config) == TEMPO_OK);
    std::atomic<int> failures{0};
    auto ten = [&](Client& c) {
      for (int i = 0; i < 10; ++i) {
        if (c.Send(server.Url("/p")).code != TEMPO_OK) ++failures;
      }
    };
    std::thread ta(ten, std::ref(a));
    std::thread tb(ten, std::ref(b));
    ta.join();
    tb.join();
    CHECK(failures == 0);
    return a.Counters().rate_limit_wait_ms + b.Counters().rate_limit_wait_ms;
  };
  SECTION("same key: 20 requests at 20/s with a burst of 2 take at least 0.9 s") {
    int64_t waited_ms = run("acme-account", "acme-account");
    std::vector<double> times = ArrivalTimes(server);
    REQUIRE(times.size() == 20);
    CheckBucketRespected(times, 20, 2);
    CHECK(waited_ms > 500);
  }
  SECTION("different keys: each has its own budget (the check above can fail)") {
    run("acme-eu", "acme-us");
    std::vector<double> times = ArrivalTimes(server);
    REQUIRE(times.size() == 20);
    CHECK(times.back() - times.front() < (20 - 2) / 20.0 - 0.03);  // what the shared check forbids
  }
}

TEST_CASE("two processes on one rate_limit_key share one budget") {
  TempDir dir;
  const std::string side_file = tempo::store::HttpStatePath(dir.File("tempo.db"));
  int to_child[2], from_child[2];
  REQUIRE(::pipe(to_child) == 0);
  REQUIRE(::pipe(from_child) == 0);
  auto configure = [](Client& c) {
    tempo_http_config config = NoAuth();
    config.rate_limit_key = "shared-account";
    config.requests_per_second = 20;
    config.burst = 1;
    return c.Configure(config);
  };
  // Forked before the server starts any thread: the child is a single-threaded copy.
  pid_t pid = ::fork();
  REQUIRE(pid >= 0);
  if (pid == 0) {
    int status = 1;
    try {
      ::close(to_child[1]);
      ::close(from_child[0]);
      int port = 0;
      if (::read(to_child[0], &port, sizeof port) == static_cast<ssize_t>(sizeof port)) {
        Client child(Fast(), tempo::store::NewHttpStateFile(side_file), "child");
        int ok = configure(child) == TEMPO_OK ? 0 : 1;
        Options options;
        options.headers = {{"X-Client", "child"}};
        for (int i = 0; i < 8; ++i) {
          if (child.Send("http://127.0.0.1:" + std::to_string(port) + "/p", options).code !=
              TEMPO_OK) {
            ok = 1;
          }
        }
        status = ok;
      }
    } catch (...) {
      status = 2;
    }
    (void)::write(from_child[1], &status, sizeof status);
    ::_exit(status);
  }
  ::close(to_child[0]);
  ::close(from_child[1]);
  LoopbackServer server([](const SeenRequest&, Reply& reply) { reply.Respond(200, "ok"); });
  Client parent(Fast(), tempo::store::NewHttpStateFile(side_file), "parent");
  REQUIRE(configure(parent) == TEMPO_OK);
  int port = server.port();
  REQUIRE(::write(to_child[1], &port, sizeof port) == static_cast<ssize_t>(sizeof port));
  Options options;
  options.headers = {{"X-Client", "parent"}};
  for (int i = 0; i < 8; ++i) CHECK(parent.Send(server.Url("/p"), options).code == TEMPO_OK);
  int child_status = -1;
  CHECK(::read(from_child[0], &child_status, sizeof child_status) ==
        static_cast<ssize_t>(sizeof child_status));
  int wait_status = 0;
  ::waitpid(pid, &wait_status, 0);
  ::close(to_child[1]);
  ::close(from_child[0]);
  CHECK(child_status == 0);
  std::vector<SeenRequest> requests = server.Requests();
  REQUIRE(requests.size() == 16);
  std::set<std::string> clients;
  for (const SeenRequest& r : requests) clients.insert(r.Header("X-Client"));
  CHECK(clients == std::set<std::string>{"child", "parent"});
  CheckBucketRespected(ArrivalTimes(server), 20, 1);
}

TEST_CASE("a spent daily quota defers the run without sending") {
  LoopbackServer server([](const SeenRequest&, Reply& reply) { reply.Respond(200, "ok"); });
  Client client;
  tempo_http_config config = NoAuth();
  config.rate_limit_key = "quota-account";
  config.daily_quota = 3;
  REQUIRE(client.Configure(config) == TEMPO_OK);
  for (int i = 0; i < 3; ++i) REQUIRE(client.Send(server.Url("/q")).code == TEMPO_OK);
  Sent r = client.Send(server.Url("/q"));
  CHECK(r.code == TEMPO_ERR_QUOTA);
  CHECK_THAT(r.error, Catch::Contains("daily quota of 3 requests"));
  CHECK_THAT(r.error, Catch::Contains("deferred"));
  CHECK(server.RequestCount() == 3);
}

TEST_CASE("a rate wait beyond max_rate_limit_wait defers the run at once") {
  LoopbackServer server([](const SeenRequest&, Reply& reply) { reply.Respond(200, "ok"); });
  tempo::config::HttpSettings s = Fast();
  s.max_rate_limit_wait_s = 0.2;
  Client client(s);
  tempo_http_config config = NoAuth();
  config.requests_per_second = 1;
  config.burst = 1;
  REQUIRE(client.Configure(config) == TEMPO_OK);
  REQUIRE(client.Send(server.Url("/r")).code == TEMPO_OK);
  Sent r = client.Send(server.Url("/r"));
  CHECK(r.code == TEMPO_ERR_QUOTA);
  CHECK(r.seconds < 0.2);
  CHECK_THAT(r.error, Catch::Contains("http.max_rate_limit_wait"));
  CHECK(server.RequestCount() == 1);
}

TEST_CASE("a 429 with Retry-After pauses every sharer of the budget") {
  LoopbackServer server([](const SeenRequest& r, Reply& reply) {
    if (r.index == 1) return reply.Respond(429, "", {{"Retry-After", "0.6"}});
    reply.Respond(200, "ok");
  });
  auto state = tempo::http::NewProcessLocalState();
  Client a(Fast(), state, "a");
  Client b(Fast(), state, "b");
  tempo_http_config config = NoAuth();
  config.rate_limit_key = "paused-account";  // no rate of its own: only the pause holds b
  REQUIRE(a.Configure(config) == TEMPO_OK);
  REQUIRE(b.Configure(config) == TEMPO_OK);
  Sent first;
  std::thread limited([&] { first = a.Send(server.Url("/a")); });  // 429, then 200
  while (server.RequestCount() == 0) std::this_thread::sleep_for(std::chrono::milliseconds(5));
  std::this_thread::sleep_for(std::chrono::milliseconds(50));  // a has its 429 by now
  Sent second = b.Send(server.Url("/b"));
  limited.join();
  CHECK(first.code == TEMPO_OK);
  CHECK(second.code == TEMPO_OK);
  std::vector<SeenRequest> a_requests = server.Requests("/a");
  std::vector<SeenRequest> b_requests = server.Requests("/b");
  REQUIRE(a_requests.size() == 2);
  REQUIRE(b_requests.size() == 1);
  CHECK(b_requests[0].at - a_requests[0].at >= 0.55);
  CHECK(b.Counters().rate_limit_wait_ms >= 400);
}

//===------------------------------------------------------------------------------------===//
// Classify hooks
//===------------------------------------------------------------------------------------===//

namespace {

int32_t BodySaysRateLimited(void*, const tempo_http_response* r) {
  std::string_view body(r->body, r->body_len);
  if (r->status == 200 && body.find("rate limited") != std::string_view::npos) {
    return TEMPO_HTTP_RATE_LIMITED;
  }
  return TEMPO_HTTP_DEFAULT;
}

int32_t RequestLimitIsQuota(void*, const tempo_http_response* r) {
  std::string_view body(r->body, r->body_len);
  if (r->status == 403 && body.find("REQUEST_LIMIT_EXCEEDED") != std::string_view::npos) {
    return TEMPO_HTTP_QUOTA;
  }
  return TEMPO_HTTP_DEFAULT;
}

int32_t EverythingSucceeds(void*, const tempo_http_response*) { return TEMPO_HTTP_SUCCESS; }

}  // namespace

TEST_CASE("a classify hook overrides the host's rule") {
  SECTION("HTTP 200 with a body saying 'rate limited' is retried") {
    LoopbackServer server([](const SeenRequest& r, Reply& reply) {
      if (r.index == 1) return reply.Respond(200, R"({"success":false,"error":"rate limited"})");
      reply.Respond(200, R"({"success":true})");
    });
    Client client;
    REQUIRE(client.Configure(NoAuth()) == TEMPO_OK);
    Options hooked;
    hooked.classify = &BodySaysRateLimited;
    Sent r = client.Send(server.Url("/m"), hooked);
    REQUIRE(r.code == TEMPO_OK);
    CHECK(r.body == R"({"success":true})");
    CHECK(r.attempts == 2);
  }
  SECTION("without the hook the same response is handed over") {
    LoopbackServer server([](const SeenRequest&, Reply& reply) {
      reply.Respond(200, R"({"success":false,"error":"rate limited"})");
    });
    Client client;
    REQUIRE(client.Configure(NoAuth()) == TEMPO_OK);
    Sent r = client.Send(server.Url("/m"));
    REQUIRE(r.code == TEMPO_OK);
    CHECK(r.attempts == 1);
  }
  SECTION("403 REQUEST_LIMIT_EXCEEDED is the quota: the run is deferred") {
    LoopbackServer server([](const SeenRequest&, Reply& reply) {
      reply.Respond(403, R"([{"errorCode":"REQUEST_LIMIT_EXCEEDED"}])");
    });
    Client client;
    REQUIRE(client.Configure(NoAuth()) == TEMPO_OK);
    Options hooked;
    hooked.classify = &RequestLimitIsQuota;
    Sent r = client.Send(server.Url("/s"), hooked);
    CHECK(r.code == TEMPO_ERR_QUOTA);
    CHECK_THAT(r.error, Catch::Contains("HTTP 403: the provider's quota is spent"));
    CHECK(server.RequestCount() == 1);
    Sent plain = client.Send(server.Url("/s"));  // no hook: a 403 for the plugin to read
    CHECK(plain.code == TEMPO_OK);
    CHECK(plain.status == 403);
  }
  SECTION("a hook may accept what the host would retry") {
    LoopbackServer server([](const SeenRequest&, Reply& reply) { reply.Respond(503, "x"); });
    Client client;
    REQUIRE(client.Configure(NoAuth()) == TEMPO_OK);
    Options hooked;
    hooked.classify = &EverythingSucceeds;
    Sent r = client.Send(server.Url("/e"), hooked);
    CHECK(r.code == TEMPO_OK);
    CHECK(r.status == 503);
    CHECK(server.RequestCount() == 1);
  }
}

//===------------------------------------------------------------------------------------===//
// OAuth2
//===------------------------------------------------------------------------------------===//

namespace {

std::map<std::string, std::string> ParseForm(const std::string& body) {
  std::map<std::string, std::string> out;
  size_t pos = 0;
  while (pos <= body.size()) {
    size_t amp = body.find('&', pos);
    if (amp == std::string::npos) amp = body.size();
    std::string pair = body.substr(pos, amp - pos);
    size_t eq = pair.find('=');
    if (eq != std::string::npos) out[pair.substr(0, eq)] = pair.substr(eq + 1);
    pos = amp + 1;
  }
  return out;
}

// An authorization server plus an API that accepts only the current access token.
class FakeOAuth {
 public:
  explicit FakeOAuth(std::string first_refresh = "rt-1")
      : server_([this](const SeenRequest& r, Reply& reply) { Handle(r, reply); }) {
    valid_refresh_.insert(std::move(first_refresh));
  }

  std::string TokenUrl() const { return server_.Url("/token"); }
  std::string ApiUrl() const { return server_.Url("/api/items?page=1"); }
  LoopbackServer& server() { return server_; }

  // Knobs (set before requests run).
  std::string token_prefix = "at-";
  std::string rotate_prefix;        // non-empty: every refresh rotates to rotate_prefix + N
  std::string expires_in = "3600";  // "" leaves it out
  bool always_401 = false;
  int token_failures = 0;   // answer this many token requests with 503 first
  std::string token_error;  // non-empty: answer token requests 400 {"error": ...}
  std::string error_description;

  void RevokeAccessToken() {
    std::lock_guard<std::mutex> lock(mu_);
    current_.clear();
  }
  void AllowRefreshToken(const std::string& token) {
    std::lock_guard<std::mutex> lock(mu_);
    valid_refresh_.insert(token);
  }
  int unauthorized() const { return unauthorized_.load(); }
  std::vector<SeenRequest> TokenRequests() const { return server_.Requests("/token"); }
  std::vector<SeenRequest> ApiRequests() const { return server_.Requests("/api/items"); }

 private:
  void Handle(const SeenRequest& r, Reply& reply) {
    std::lock_guard<std::mutex> lock(mu_);
    if (r.Path() == "/token") {
      if (token_failures > 0) {
        --token_failures;
        return reply.Respond(503, "");
      }
      if (!token_error.empty()) {
        return reply.Respond(400, R"({"error":")" + token_error + R"(","error_description":")" +
                                      error_description + R"("})");
      }
      auto form = ParseForm(r.body);
      if (form["grant_type"] == "refresh_token") {
        if (valid_refresh_.count(form["refresh_token"]) == 0) {
          return reply.Respond(400, R"({"error":"invalid_grant"})");
        }
        if (!rotate_prefix.empty()) valid_refresh_.erase(form["refresh_token"]);
      }
      ++issued_;
      current_ = token_prefix + std::to_string(issued_);
      std::string json = R"({"access_token":")" + current_ + R"(","token_type":"Bearer")";
      if (!expires_in.empty()) json += R"(,"expires_in":)" + expires_in;
      if (!rotate_prefix.empty()) {
        std::string next = rotate_prefix + std::to_string(issued_ + 1);
        valid_refresh_.insert(next);
        json += R"(,"refresh_token":")" + next + R"(")";
      }
      json += R"(,"instance_url":"https://eu7.example.com"})";
      return reply.Respond(200, json, {{"Content-Type", "application/json"}});
    }
    if (always_401 || current_.empty() || r.Header("Authorization") != "Bearer " + current_) {
      ++unauthorized_;
      return reply.Respond(401, R"({"message":"The OAuth token used to make this call expired"})");
    }
    reply.Respond(200, R"({"items":[1,2,3]})");
  }

  std::mutex mu_;
  std::set<std::string> valid_refresh_;
  std::string current_;
  int issued_ = 0;
  std::atomic<int> unauthorized_{0};
  LoopbackServer server_;  // last: stops (joins its threads) before the rest is destroyed
};

tempo_http_config RefreshGrant(const std::string& token_url, const std::string& refresh_token,
                               const char* client_secret = "cs-oauth-test") {
  static std::string url, rt;  // kept alive for the config's pointers
  url = token_url;
  rt = refresh_token;
  tempo_http_config c{};
  c.struct_size = sizeof c;
  c.auth_kind = TEMPO_AUTH_OAUTH2_REFRESH_TOKEN;
  c.token_url = url.c_str();
  c.client_id = "tempo-app";
  c.client_secret = client_secret;
  c.refresh_token = rt.c_str();
  return c;
}

}  // namespace

TEST_CASE("an OAuth token is cached across requests, and a 401 refreshes it once and replays") {
  FakeOAuth fake;
  Client client;
  REQUIRE(client.Configure(RefreshGrant(fake.TokenUrl(), "rt-1")) == TEMPO_OK);
  for (int i = 0; i < 5; ++i) REQUIRE(client.Send(fake.ApiUrl()).status == 200);
  CHECK(fake.TokenRequests().size() == 1);
  auto form = ParseForm(fake.TokenRequests()[0].body);
  CHECK(form["grant_type"] == "refresh_token");
  CHECK(form["refresh_token"] == "rt-1");
  CHECK(form["client_id"] == "tempo-app");
  CHECK(form["client_secret"] == "cs-oauth-test");
  CHECK(fake.TokenRequests()[0].Header("Content-Type") == "application/x-www-form-urlencoded");

  fake.RevokeAccessToken();  // "expired 0 second(s) ago"
  Sent r = client.Send(fake.ApiUrl());
  REQUIRE(r.code == TEMPO_OK);
  CHECK(r.status == 200);
  CHECK(r.attempts == 2);
  CHECK(fake.TokenRequests().size() == 2);
  CHECK(fake.unauthorized() == 1);
  CHECK(fake.ApiRequests().size() == 7);
  tempo::plugin::HttpCounters c = client.Counters();
  CHECK(c.requests == 9);  // 7 API requests and 2 token requests
  CHECK(c.retries == 1);
}

TEST_CASE("a 401 after a fresh token is a permission error, not a loop") {
  FakeOAuth fake;
  fake.always_401 = true;
  Client client;
  REQUIRE(client.Configure(RefreshGrant(fake.TokenUrl(), "rt-1")) == TEMPO_OK);
  Sent r = client.Send(fake.ApiUrl());
  CHECK(r.code == TEMPO_ERR_PERMISSION);
  CHECK_THAT(r.error, Catch::Contains("HTTP 401 again with a freshly refreshed OAuth token"));
  CHECK(fake.TokenRequests().size() == 2);
  CHECK(fake.ApiRequests().size() == 2);
}

TEST_CASE("a short-lived token is refreshed before it expires, without a 401") {
  FakeOAuth fake;
  fake.expires_in = "1";
  Client client;
  REQUIRE(client.Configure(RefreshGrant(fake.TokenUrl(), "rt-1")) == TEMPO_OK);
  REQUIRE(client.Send(fake.ApiUrl()).status == 200);
  REQUIRE(client.Send(fake.ApiUrl()).status == 200);
  CHECK(fake.TokenRequests().size() == 1);
  std::this_thread::sleep_for(std::chrono::milliseconds(600));  // past the half-life
  REQUIRE(client.Send(fake.ApiUrl()).status == 200);
  CHECK(fake.TokenRequests().size() == 2);
  CHECK(fake.unauthorized() == 0);
}

TEST_CASE("a token response without expires_in lasts default_expires_in_s") {
  FakeOAuth fake;
  fake.expires_in = "";
  Client client;
  tempo_http_config config = RefreshGrant(fake.TokenUrl(), "rt-1");
  config.default_expires_in_s = 1;
  REQUIRE(client.Configure(config) == TEMPO_OK);
  REQUIRE(client.Send(fake.ApiUrl()).status == 200);
  std::this_thread::sleep_for(std::chrono::milliseconds(600));
  REQUIRE(client.Send(fake.ApiUrl()).status == 200);
  CHECK(fake.TokenRequests().size() == 2);
  config.default_expires_in_s = 0;  // 3600 s: cached
  Client hourly;
  REQUIRE(hourly.Configure(config) == TEMPO_OK);
  REQUIRE(hourly.Send(fake.ApiUrl()).status == 200);
  std::this_thread::sleep_for(std::chrono::milliseconds(600));
  REQUIRE(hourly.Send(fake.ApiUrl()).status == 200);
  CHECK(fake.TokenRequests().size() == 3);
}

TEST_CASE("a rotated refresh token is persisted and used by the next service instance") {
  TempDir dir;
  const std::string side_file = tempo::store::HttpStatePath(dir.File("tempo.db"));
  FakeOAuth fake("rt-1");
  fake.rotate_prefix = "rt-";
  {
    Client first(Fast(), tempo::store::NewHttpStateFile(side_file));
    REQUIRE(first.Configure(RefreshGrant(fake.TokenUrl(), "rt-1")) == TEMPO_OK);
    REQUIRE(first.Send(fake.ApiUrl()).status == 200);  // rt-1 is spent, rt-2 issued
  }
  auto stored = tempo::store::NewHttpStateFile(side_file)->LoadRefreshToken("crm");
  REQUIRE(stored.ok());
  REQUIRE(stored->has_value());
  CHECK((*stored)->refresh_token == "rt-2");
  {
    // Configured with rt-1 still: only the stored rotation can work.
    Client second(Fast(), tempo::store::NewHttpStateFile(side_file));
    REQUIRE(second.Configure(RefreshGrant(fake.TokenUrl(), "rt-1")) == TEMPO_OK);
    Sent r = second.Send(fake.ApiUrl());
    REQUIRE(r.code == TEMPO_OK);
    CHECK(r.status == 200);
    CHECK(ParseForm(fake.TokenRequests().back().body)["refresh_token"] == "rt-2");
  }
  {
    // The admin re-authorized: the newly configured token wins over the stored rotation.
    fake.AllowRefreshToken("rt-admin");
    Client third(Fast(), tempo::store::NewHttpStateFile(side_file));
    REQUIRE(third.Configure(RefreshGrant(fake.TokenUrl(), "rt-admin")) == TEMPO_OK);
    REQUIRE(third.Send(fake.ApiUrl()).status == 200);
    CHECK(ParseForm(fake.TokenRequests().back().body)["refresh_token"] == "rt-admin");
  }
}

TEST_CASE("invalid_grant is a permission error telling the admin to re-authorize") {
  FakeOAuth fake;
  fake.token_error = "invalid_grant";
  fake.error_description = "Token has been expired or revoked.";
  Client client;
  REQUIRE(client.Configure(RefreshGrant(fake.TokenUrl(), "rt-1")) == TEMPO_OK);
  Sent r = client.Send(fake.ApiUrl());
  CHECK(r.code == TEMPO_ERR_PERMISSION);
  CHECK_THAT(r.error, Catch::StartsWith("connection 'crm' stream 'contacts': "));
  CHECK_THAT(r.error, Catch::Contains("invalid_grant"));
  CHECK_THAT(r.error, Catch::Contains("re-authorize"));
  CHECK(fake.TokenRequests().size() == 1);  // no retry storm
  CHECK(fake.ApiRequests().empty());
}

TEST_CASE("the token endpoint's 5xx are retried like any request") {
  FakeOAuth fake;
  fake.token_failures = 2;
  Client client;
  REQUIRE(client.Configure(RefreshGrant(fake.TokenUrl(), "rt-1")) == TEMPO_OK);
  Sent r = client.Send(fake.ApiUrl());
  REQUIRE(r.code == TEMPO_OK);
  CHECK(fake.TokenRequests().size() == 3);
}

TEST_CASE("client credentials: the grant's body, auth fields, and credentials kept back") {
  FakeOAuth fake;
  Client client;
  tempo_http_config c{};
  c.struct_size = sizeof c;
  c.auth_kind = TEMPO_AUTH_OAUTH2_CLIENT_CREDENTIALS;
  const std::string url = fake.TokenUrl();
  c.token_url = url.c_str();
  c.client_id = "svc-client";
  c.client_secret = "svc-secret-value";
  c.scope = "crm.objects.read accounts";
  REQUIRE(client.Configure(c) == TEMPO_OK);
  // A field before any request: the host fetches a token for it.
  tempo_status code = TEMPO_OK;
  CHECK(client.AuthField("instance_url", &code) == "https://eu7.example.com");
  CHECK(code == TEMPO_OK);
  auto form = ParseForm(fake.TokenRequests().at(0).body);
  CHECK(form["grant_type"] == "client_credentials");
  CHECK(form["client_id"] == "svc-client");
  CHECK(form["client_secret"] == "svc-secret-value");
  CHECK(form["scope"] == "crm.objects.read%20accounts");
  CHECK(client.AuthField("access_token", &code).empty());
  CHECK(code == TEMPO_ERR_PERMISSION);
  CHECK(client.AuthField("no_such_field", &code).empty());
  CHECK(code == TEMPO_ERR_NOT_FOUND);
  REQUIRE(client.Send(fake.ApiUrl()).status == 200);
  CHECK(fake.TokenRequests().size() == 1);
  // NO_AUTH: the host leaves the request alone.
  Options bare;
  bare.flags = TEMPO_HTTP_FLAG_NO_AUTH;
  CHECK(client.Send(fake.ApiUrl(), bare).status == 401);
}

//===------------------------------------------------------------------------------------===//
// TLS
//===------------------------------------------------------------------------------------===//

namespace {

// A self-signed certificate and key for `san` (e.g. "DNS:localhost,IP:127.0.0.1"), made with
// the openssl command line. False when openssl is missing.
bool MakeCertificate(const TempDir& dir, const std::string& name, const std::string& san) {
  if (!std::filesystem::exists("/usr/bin/openssl")) return false;
  auto r = tempo::testing::RunProcess(
      {"/usr/bin/openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout",
       dir.File(name + ".key"), "-out", dir.File(name + ".pem"), "-days", "2", "-subj",
       "/CN=tempo-test", "-addext", "subjectAltName=" + san},
      dir.path());
  return r.exit_code == 0;
}

// An HTTPS server on 127.0.0.1 with the given certificate.
class TlsServer {
 public:
  TlsServer(const std::string& cert, const std::string& key) : server_(cert.c_str(), key.c_str()) {
    server_.Get("/hello", [this](const httplib::Request&, httplib::Response& res) {
      ++hits_;
      res.set_content("hello over TLS", "text/plain");
    });
    port_ = server_.bind_to_any_port("127.0.0.1");
    thread_ = std::thread([this] { server_.listen_after_bind(); });
    while (!server_.is_running()) std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  ~TlsServer() {
    server_.stop();
    thread_.join();
  }
  std::string Url(const std::string& host) const {
    return "https://" + host + ":" + std::to_string(port_) + "/hello";
  }
  int hits() const { return hits_.load(); }

 private:
  httplib::SSLServer server_;
  int port_ = 0;
  std::atomic<int> hits_{0};
  std::thread thread_;
};

}  // namespace

TEST_CASE("TLS: a self-signed server is refused unless its CA is configured") {
  TempDir dir;
  if (!MakeCertificate(dir, "good", "DNS:localhost,IP:127.0.0.1") ||
      !MakeCertificate(dir, "wrong", "DNS:wrong.example")) {
    WARN("openssl is not installed; skipping the TLS checks");
    return;
  }
  TlsServer good(dir.File("good.pem"), dir.File("good.key"));
  SECTION("without the CA: refused, never retried, no request served") {
    Client client;
    REQUIRE(client.Configure(NoAuth()) == TEMPO_OK);
    Sent r = client.Send(good.Url("127.0.0.1"));
    CHECK(r.code == TEMPO_ERR_UNAVAILABLE);
    CHECK_THAT(r.error, Catch::Contains("TLS"));
    CHECK_THAT(r.error, Catch::Contains("after 1 attempt"));
    CHECK(good.hits() == 0);
  }
  SECTION("with ca_bundle: accepted, by IP and by name") {
    tempo::config::HttpSettings s = Fast();
    s.ca_bundle = dir.File("good.pem");
    Client client(s);
    REQUIRE(client.Configure(NoAuth()) == TEMPO_OK);
    Sent r = client.Send(good.Url("127.0.0.1"));
    REQUIRE(r.code == TEMPO_OK);
    CHECK(r.body == "hello over TLS");
    CHECK(client.Send(good.Url("localhost")).code == TEMPO_OK);
    CHECK(good.hits() == 2);
  }
  SECTION("a trusted certificate for another host name is refused") {
    TlsServer wrong(dir.File("wrong.pem"), dir.File("wrong.key"));
    tempo::config::HttpSettings s = Fast();
    s.ca_bundle = dir.File("wrong.pem");
    Client client(s);
    REQUIRE(client.Configure(NoAuth()) == TEMPO_OK);
    Sent r = client.Send(wrong.Url("127.0.0.1"));
    CHECK(r.code == TEMPO_ERR_UNAVAILABLE);
    CHECK_THAT(r.error, Catch::Contains("TLS"));
    CHECK(wrong.hits() == 0);
  }
}

//===------------------------------------------------------------------------------------===//
// Secrets canary
//===------------------------------------------------------------------------------------===//

namespace {

// Sends everything written to stderr (fd 2) to a file while alive.
class StderrCapture {
 public:
  explicit StderrCapture(std::string path) : path_(std::move(path)) {
    std::fflush(stderr);
    saved_ = ::dup(2);
    int fd = ::open(path_.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    ::dup2(fd, 2);
    ::close(fd);
  }
  ~StderrCapture() { Restore(); }
  std::string Finish() {
    Restore();
    return tempo::testing::ReadWhole(path_);
  }

 private:
  void Restore() {
    if (saved_ < 0) return;
    std::fflush(stderr);
    ::dup2(saved_, 2);
    ::close(saved_);
    saved_ = -1;
  }
  std::string path_;
  int saved_ = -1;
};

}  // namespace

TEST_CASE("secrets canary: no credential appears in a log line or an error, whatever fails") {
  // Registered the way the host registers them (config secrets, Configure, token responses)...
  const std::string bearer = "cnry-bearer-5b1e7c0d";
  const std::string client_secret = "cnry-clsecret-93ad11";
  const std::string refresh = "cnry-refresh-0c7f22";
  // ...and credentials the host never learns as values: only their shape gives them away.
  const std::string api_key = "cnry-apikey-77aa33";
  const std::string header_key = "cnry-hdrkey-4242aa";
  const std::string password = "cnry-passwd-6161bb";
  const std::vector<std::string> canaries = {bearer,         client_secret,  refresh,
                                             api_key,        header_key,     password,
                                             "cnry-access-", "cnry-rotated-"};

  TempDir dir;
  std::vector<std::string> errors;
  tempo::log::SetLevel(tempo::log::Level::kDebug);
  std::string log_text;
  {
    StderrCapture capture(dir.File("stderr.log"));
    LoopbackServer faults([&](const SeenRequest& r, Reply& reply) {
      const std::string path = r.Path();
      if (path == "/503") return reply.Respond(503, "");
      if (path == "/429") return reply.Respond(429, "", {{"Retry-After", "99999"}});
      if (path == "/reset") return reply.Reset();
      if (path == "/truncated") {
        reply.Send(Reply::Head(200, 100) + "partial");
        return reply.Close();
      }
      if (path == "/hang") {
        reply.Hold(10);
        return reply.Close();
      }
      if (path == "/401") return reply.Respond(401, "");
      reply.Respond(200, "ok");
    });
    tempo::config::HttpSettings s = Fast();
    s.max_attempts = 2;
    Options headers;
    headers.headers = {{"X-Api-Key", header_key}, {"Accept", "application/json"}};
    const std::string query = "?page=2&api_key=" + api_key;
    const std::string userinfo_base =
        "http://svc:" + password + "@127.0.0.1:" + std::to_string(faults.port());
    {
      Client client(s);
      tempo_http_config c = NoAuth();
      c.auth_kind = TEMPO_AUTH_BEARER;
      c.bearer_token = bearer.c_str();
      REQUIRE(client.Configure(c) == TEMPO_OK);
      for (const char* path : {"/503", "/429", "/reset", "/truncated", "/hang", "/401", "/ok"}) {
        Sent r = client.Send(faults.Url(path + query), headers);
        errors.push_back(r.error);
        Sent u = client.Send(userinfo_base + path + query, headers);
        errors.push_back(u.error);
      }
      tempo_http_config quota = c;
      quota.daily_quota = 1;
      quota.rate_limit_key = "canary-account";
      REQUIRE(client.Configure(quota) == TEMPO_OK);
      client.Send(faults.Url("/ok" + query));
      errors.push_back(client.Send(faults.Url("/ok" + query)).error);
    }
    {
      // OAuth: rotation, a revoked access token, then a token endpoint that echoes the
      // refresh token in its error description.
      FakeOAuth fake(refresh);
      fake.token_prefix = "cnry-access-";
      fake.rotate_prefix = "cnry-rotated-";
      Client client(s);
      REQUIRE(client.Configure(RefreshGrant(fake.TokenUrl(), refresh, client_secret.c_str())) ==
              TEMPO_OK);
      errors.push_back(client.Send(fake.ApiUrl() + "&api_key=" + api_key, headers).error);
      fake.RevokeAccessToken();
      errors.push_back(client.Send(fake.ApiUrl(), headers).error);
      fake.always_401 = true;
      errors.push_back(client.Send(fake.ApiUrl(), headers).error);
      fake.token_error = "invalid_grant";
      fake.error_description = "refresh token " + refresh + " was revoked";
      fake.always_401 = false;
      fake.RevokeAccessToken();
      errors.push_back(client.Send(fake.ApiUrl(), headers).error);
    }
    log_text = capture.Finish();
  }
  tempo::log::SetLevel(tempo::log::Level::kInfo);

  // The scenarios did log and fail (so the absence below means something).
  CHECK_THAT(log_text, Catch::Contains("retrying"));
  CHECK_THAT(log_text, Catch::Contains("Authorization: ***"));
  CHECK_THAT(log_text, Catch::Contains("X-Api-Key: ***"));
  CHECK_THAT(log_text, Catch::Contains("api_key=***"));
  size_t failures =
      std::count_if(errors.begin(), errors.end(), [](const std::string& e) { return !e.empty(); });
  CHECK(failures >= 12);
  for (const std::string& canary : canaries) {
    INFO("canary " << canary);
    CHECK(log_text.find(canary) == std::string::npos);
    for (const std::string& e : errors) CHECK(e.find(canary) == std::string::npos);
  }
}
