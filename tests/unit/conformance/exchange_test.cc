// Fixture exchanges: what redaction keeps out of a fixture, and the JSON Lines round trip.
#include <catch2/catch.hpp>

#include "common/log.h"
#include "conformance/exchange.h"
#include "support/temp_dir.h"

namespace tempo::conformance {
namespace {

http::CurlResponse Response(long status, std::string body) {
  http::CurlResponse r;
  r.transport = http::Transport::kOk;
  r.status = status;
  r.body = std::move(body);
  r.headers = {{"Content-Type", "application/json"}, {"Set-Cookie", "session=abc123"}};
  return r;
}

TEST_CASE("a recorded request keeps no credential: URL, headers, form body") {
  log::AddSecret("s3cret-config-value");
  const std::vector<std::string> headers = {"Authorization: Bearer live-token-1234",
                                            "Accept: application/json",
                                            "X-Api-Key: s3cret-config-value"};
  http::CurlRequest request{"POST", "https://api.example.com/v1/token?api_key=qwerty99&page=2",
                            "grant_type=refresh_token&refresh_token=rt-5678&client_id=app",
                            &headers};
  Exchange e = RedactedRequest(request);
  CHECK(e.url == "https://api.example.com/v1/token?api_key=***&page=2");
  CHECK(e.request_body == "grant_type=refresh_token&refresh_token=***&client_id=app");
  CHECK(e.request_headers == std::vector<std::string>{"Authorization: ***",
                                                      "Accept: application/json",
                                                      "X-Api-Key: ***"});
  CHECK(e.IsTokenRequest());
  CHECK(e.Key() ==
        "POST https://api.example.com/v1/token?api_key=***&page=2\n"
        "grant_type=refresh_token&refresh_token=***&client_id=app");
}

TEST_CASE(
    "a token response loses its credentials by name, a data response only registered secrets") {
  log::AddSecret("registered-9876");
  Exchange token = RedactedRequest({"POST", "https://login.example.com/token",
                                    "grant_type=client_credentials&client_id=a", nullptr});
  RedactResponse(Response(200, R"({"access_token":"at-111222","instance_url":"https://x",)"
                               R"("refresh_token":"rt-333444","expires_in":3600})"),
                 &token);
  CHECK(token.response_body == R"({"access_token":"***","instance_url":"https://x",)"
                               R"("refresh_token":"***","expires_in":3600})");
  CHECK(token.response_headers[1] == std::pair<std::string, std::string>{"Set-Cookie", "***"});

  Exchange data = RedactedRequest({"GET", "https://api.example.com/v1/items", "", nullptr});
  RedactResponse(
      Response(200, R"({"items":[{"key":"ACME-1","token":"t","note":"registered-9876"}]})"), &data);
  // A field called "key" or "token" in data is data; a registered secret is not.
  CHECK(data.response_body == R"({"items":[{"key":"ACME-1","token":"t","note":"***"}]})");
}

TEST_CASE("exchanges round-trip through JSON Lines, a binary body as base64") {
  testing::TempDir dir;
  Exchange a = RedactedRequest({"GET", "https://h/a?x=1", "", nullptr});
  RedactResponse(Response(200, "{\"a\":\"caf\xc3\xa9\"}"), &a);
  Exchange b = RedactedRequest({"GET", "https://h/b", "", nullptr});
  RedactResponse(Response(200, std::string("\x1f\x8b\x00\xff", 4)), &b);
  http::CurlResponse reset;
  reset.transport = http::Transport::kReset;
  reset.error = "Connection reset by peer";
  Exchange c = RedactedRequest({"GET", "https://h/c", "", nullptr});
  RedactResponse(reset, &c);
  CHECK(ToJsonLine(b).find("\"response_body_base64\"") != std::string::npos);
  const std::string path =
      dir.Write("x.jsonl", ToJsonLine(a) + "\n" + ToJsonLine(b) + "\n" + ToJsonLine(c) + "\n");
  Result<std::vector<Exchange>> read = ReadExchanges(path);
  REQUIRE(read.ok());
  REQUIRE(read->size() == 3);
  CHECK((*read)[0].response_body == a.response_body);
  CHECK((*read)[0].response_headers == a.response_headers);
  CHECK((*read)[1].response_body == b.response_body);
  CHECK((*read)[2].outcome == http::Transport::kReset);
  CHECK((*read)[2].error == "Connection reset by peer");
  CHECK(ToResponse((*read)[0]).status == 200);
}

TEST_CASE("a fixture line that is not an exchange is refused with its place") {
  testing::TempDir dir;
  const std::string path =
      dir.Write("x.jsonl", "{\"method\":\"GET\",\"url\":\"https://h\"}\nnot json\n");
  Result<std::vector<Exchange>> read = ReadExchanges(path);
  REQUIRE_FALSE(read.ok());
  CHECK(read.status().message() == path + ":2: not a JSON object; record the fixture again");
  CHECK(ReadExchanges(dir.File("none.jsonl")).status().code() == StatusCode::kNotFound);
}

}  // namespace
}  // namespace tempo::conformance
