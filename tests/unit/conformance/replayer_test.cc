// Replay: the match rule (method, redacted URL and body; in recorded order per key, the last
// again once used up), an unmatched request named, and faults served instead of one exchange.
#include <catch2/catch.hpp>

#include <fstream>

#include "conformance/faults.h"
#include "conformance/replayer.h"
#include "support/temp_dir.h"

namespace tempo::conformance {
namespace {

Exchange Recorded(std::string method, std::string url, std::string body, long status,
                  std::string response) {
  Exchange e = RedactedRequest({method, url, body, nullptr});
  http::CurlResponse r;
  r.transport = http::Transport::kOk;
  r.status = status;
  r.body = std::move(response);
  RedactResponse(r, &e);
  return e;
}

http::CurlResponse Ask(http::HttpTransport& t, std::string_view method, std::string_view url,
                       std::string_view body = "") {
  const std::vector<std::string> headers = {"Authorization: Bearer whatever-the-replay-sends"};
  return t.Perform({method, url, body, &headers}, nullptr);
}

std::vector<Exchange> Pages() {
  return {Recorded("GET", "https://h/items?page=1", "", 200, "p1"),
          Recorded("GET", "https://h/items?page=2", "", 200, "p2 first"),
          Recorded("POST", "https://h/search", "{\"after\":1}", 200, "s1"),
          Recorded("GET", "https://h/items?page=2", "", 200, "p2 again")};
}

TEST_CASE("replay answers by method, URL and body, in recorded order per key") {
  auto t = NewReplayTransport(Pages(), std::nullopt, "");
  CHECK(Ask(*t, "GET", "https://h/items?page=2").body == "p2 first");
  CHECK(Ask(*t, "POST", "https://h/search", "{\"after\":1}").body == "s1");
  CHECK(Ask(*t, "GET", "https://h/items?page=1").body == "p1");
  CHECK(Ask(*t, "GET", "https://h/items?page=2").body == "p2 again");
  CHECK(Ask(*t, "GET", "https://h/items?page=2").body == "p2 again");  // the last, again
}

TEST_CASE("replay redacts the live request as the recorder did, so any credential matches") {
  std::vector<Exchange> recorded = {
      Recorded("GET", "https://h/x?api_key=the-recorded-key", "", 200, "ok")};
  auto t = NewReplayTransport(recorded, std::nullopt, "");
  CHECK(Ask(*t, "GET", "https://h/x?api_key=another-key-in-ci").body == "ok");
}

TEST_CASE("a request the recording does not have fails, named, and is noted for the report") {
  testing::TempDir dir;
  auto t = NewReplayTransport(Pages(), std::nullopt, dir.File("unmatched"));
  http::CurlResponse r = Ask(*t, "POST", "https://h/search", "{\"after\":2}");
  CHECK(r.transport == http::Transport::kFatal);
  CHECK(r.error ==
        "replay: the recording has no exchange for POST https://h/search with a body of 11 bytes "
        "(the plugin sent a request it did not send while recording; record the fixture again "
        "with this version)");
  std::ifstream in(dir.File("unmatched"));
  std::string line;
  std::getline(in, line);
  CHECK(line == "POST https://h/search with a body of 11 bytes");
}

TEST_CASE("a fault replaces one exchange, as many times as the scenario says, then the recording") {
  const FaultScenario* burst = FindFaultScenario("5xx");
  REQUIRE(burst != nullptr);
  auto t = NewReplayTransport(Pages(), ReplayFault{burst, 3}, "");     // the second page=2
  CHECK(Ask(*t, "GET", "https://h/items?page=2").body == "p2 first");  // not that one
  for (int i = 0; i < 3; ++i) CHECK(Ask(*t, "GET", "https://h/items?page=2").status == 503);
  CHECK(Ask(*t, "GET", "https://h/items?page=2").body == "p2 again");

  const FaultScenario* retry = FindFaultScenario("429");
  auto u = NewReplayTransport(Pages(), ReplayFault{retry, 0}, "");
  http::CurlResponse limited = Ask(*u, "GET", "https://h/items?page=1");
  CHECK(limited.status == 429);
  CHECK(limited.headers.back() == std::pair<std::string, std::string>{"Retry-After", "1"});
  CHECK(Ask(*u, "GET", "https://h/items?page=1").body == "p1");
}

TEST_CASE("broken 200s keep the recorded status, transport faults carry no response") {
  const Exchange page = Recorded("GET", "https://h/p", "", 200, R"({"results":[1,2,3,4]})");
  CHECK(FaultResponse(*FindFaultScenario("truncated_json"), page).body == R"({"results")");
  CHECK(FaultResponse(*FindFaultScenario("html_200"), page).body.rfind("<!DOCTYPE html>", 0) == 0);
  CHECK(FaultResponse(*FindFaultScenario("empty_200"), page).body.empty());
  CHECK(FaultResponse(*FindFaultScenario("reset"), page).transport == http::Transport::kReset);
  CHECK(FaultResponse(*FindFaultScenario("cut_transfer"), page).transport ==
        http::Transport::kTruncated);
  CHECK(FaultResponse(*FindFaultScenario("token_expiry"), page).status == 401);
  CHECK(FindFaultScenario("token_expiry")->needs_oauth);
}

TEST_CASE("the fault target is the middle data response, never a token request") {
  std::vector<Exchange> exchanges = {
      Recorded("POST", "https://h/token", "grant_type=client_credentials", 200, "{}"),
      Recorded("GET", "https://h/a", "", 200, "a"), Recorded("GET", "https://h/b", "", 500, "x"),
      Recorded("GET", "https://h/c", "", 200, "c"), Recorded("GET", "https://h/d", "", 200, "d")};
  CHECK(FaultTarget(exchanges) == 3u);
  CHECK(FaultTarget({exchanges[0]}) == std::nullopt);
}

}  // namespace
}  // namespace tempo::conformance
