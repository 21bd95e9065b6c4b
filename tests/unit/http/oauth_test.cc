// OAuth2 token handling against a scripted token endpoint (a TokenSender): request bodies,
// response parsing and errors, caching and proactive refresh, single-flight refresh after a
// rejection, rotation persisted before use, and registration of tokens for redaction.
#include <thread>

#include <catch2/catch.hpp>

#include "common/log.h"
#include "http/oauth.h"
#include "tempo/plugin.h"

namespace tempo::http {
namespace {

OAuthSettings RefreshSettings(std::string refresh_token = "rt-1") {
  OAuthSettings s;
  s.grant = TEMPO_AUTH_OAUTH2_REFRESH_TOKEN;
  s.token_url = "https://auth.example.com/token";
  s.client_id = "app";
  s.client_secret = "cs-unit-secret";
  s.refresh_token = std::move(refresh_token);
  return s;
}

// A token endpoint that answers from a script and records every form body.
struct FakeEndpoint {
  std::vector<std::string> bodies;
  std::function<TokenHttpResponse(const std::string& body, int call)> answer;

  TokenSender Sender() {
    return [this](const std::string& body) -> Result<TokenHttpResponse> {
      bodies.push_back(body);
      return answer(body, static_cast<int>(bodies.size()));
    };
  }
};

TEST_CASE("token request bodies carry the grant, the client and the scope, form-encoded") {
  OAuthSettings s = RefreshSettings("r/t+1");
  s.scope = "crm.read crm.write";
  CHECK(TokenRequestBody(s, "r/t+1") ==
        "grant_type=refresh_token&refresh_token=r%2Ft%2B1&client_id=app&client_secret=cs-unit-"
        "secret&scope=crm.read%20crm.write");
  s.grant = TEMPO_AUTH_OAUTH2_CLIENT_CREDENTIALS;
  s.scope.clear();
  CHECK(TokenRequestBody(s, "") ==
        "grant_type=client_credentials&client_id=app&client_secret=cs-unit-secret");
}

TEST_CASE("tokens are refreshed 60 s early, or at half-life when short-lived") {
  CHECK(RefreshAfter(3600) == 3540);
  CHECK(RefreshAfter(120) == 60);
  CHECK(RefreshAfter(30) == 15);
  CHECK(RefreshAfter(1) == 0.5);
}

TEST_CASE("token responses: fields, rotation, and errors that tell the admin what to do") {
  auto ok = ParseTokenResponse(
      {200, R"({"access_token":"at-1","expires_in":"1800","refresh_token":"rt-2",)"
            R"("instance_url":"https://eu1.example.com","scope":"a b","n":5,"o":{"x":1}})"},
      "connection 'crm'", TEMPO_AUTH_OAUTH2_REFRESH_TOKEN);
  REQUIRE(ok.ok());
  CHECK(ok->access_token == "at-1");
  CHECK(ok->expires_in_s == 1800.0);
  CHECK(ok->refresh_token == "rt-2");
  CHECK(ok->fields.at("instance_url") == "https://eu1.example.com");
  CHECK(ok->fields.at("n") == "5");

  auto no_expiry =
      ParseTokenResponse({200, R"({"access_token":"at-1"})"}, "c", TEMPO_AUTH_OAUTH2_REFRESH_TOKEN);
  REQUIRE(no_expiry.ok());
  CHECK_FALSE(no_expiry->expires_in_s.has_value());

  auto revoked = ParseTokenResponse(
      {400, R"({"error":"invalid_grant","error_description":"expired or revoked"})"},
      "connection 'crm'", TEMPO_AUTH_OAUTH2_REFRESH_TOKEN);
  REQUIRE_FALSE(revoked.ok());
  CHECK(revoked.status().code() == StatusCode::kPermission);
  CHECK_THAT(revoked.status().message(), Catch::Contains("connection 'crm'"));
  CHECK_THAT(revoked.status().message(), Catch::Contains("invalid_grant: expired or revoked"));
  CHECK_THAT(revoked.status().message(), Catch::Contains("re-authorize"));

  auto client = ParseTokenResponse({401, R"({"error":"invalid_client"})"}, "c",
                                   TEMPO_AUTH_OAUTH2_CLIENT_CREDENTIALS);
  CHECK(client.status().code() == StatusCode::kPermission);
  CHECK_THAT(client.status().message(), Catch::Contains("client id and client secret"));

  CHECK(ParseTokenResponse({503, "down"}, "c", 2).status().code() == StatusCode::kUnavailable);
  CHECK(ParseTokenResponse({200, "<html>"}, "c", 2).status().code() == StatusCode::kData);
  CHECK(ParseTokenResponse({200, R"({"token_type":"bearer"})"}, "c", 2).status().code() ==
        StatusCode::kData);
}

TEST_CASE("a token is cached until it is due, then fetched again") {
  FakeEndpoint endpoint;
  endpoint.answer = [](const std::string&, int call) {
    return TokenHttpResponse{
        200, R"({"access_token":"at-cache-)" + std::to_string(call) + R"(","expires_in":0.4})"};
  };
  OAuthSession session("crm", RefreshSettings(), nullptr);
  TokenSender send = endpoint.Sender();
  auto first = session.Current(send, "connection 'crm'");
  auto again = session.Current(send, "connection 'crm'");
  REQUIRE(first.ok());
  REQUIRE(again.ok());
  CHECK(first->value == "at-cache-1");
  CHECK(again->value == "at-cache-1");
  CHECK(endpoint.bodies.size() == 1);
  std::this_thread::sleep_for(std::chrono::milliseconds(250));  // past the half-life of 0.4 s
  auto later = session.Current(send, "connection 'crm'");
  REQUIRE(later.ok());
  CHECK(later->value == "at-cache-2");
  CHECK(endpoint.bodies.size() == 2);
}

TEST_CASE("a refresh after a rejection is single-flight") {
  FakeEndpoint endpoint;
  endpoint.answer = [](const std::string&, int call) {
    return TokenHttpResponse{200, R"({"access_token":"at-sf-)" + std::to_string(call) + R"("})"};
  };
  OAuthSession session("crm", RefreshSettings(), nullptr);
  TokenSender send = endpoint.Sender();
  auto token = session.Current(send, "connection 'crm'");
  REQUIRE(token.ok());
  // Two requests were refused with the same token: only the first refreshes.
  auto a = session.RefreshAfterReject(token->generation, send, "c");
  auto b = session.RefreshAfterReject(token->generation, send, "c");
  REQUIRE(a.ok());
  REQUIRE(b.ok());
  CHECK(a->value == "at-sf-2");
  CHECK(b->value == "at-sf-2");
  CHECK(endpoint.bodies.size() == 2);
}

TEST_CASE("a rotated refresh token is persisted before it is used, and used next time") {
  auto state = NewProcessLocalState();
  FakeEndpoint endpoint;
  endpoint.answer = [&](const std::string& body, int call) {
    // By the time the new token is used (call 2), it must already be stored.
    if (call == 2) {
      auto stored = state->LoadRefreshToken("crm");
      REQUIRE(stored.ok());
      REQUIRE(stored->has_value());
      CHECK((*stored)->refresh_token == "rt-rot-2");
      CHECK_THAT(body, Catch::Contains("refresh_token=rt-rot-2"));
    }
    return TokenHttpResponse{200, R"({"access_token":"at-rot-)" + std::to_string(call) +
                                      R"(","refresh_token":"rt-rot-)" + std::to_string(call + 1) +
                                      R"("})"};
  };
  {
    OAuthSession session("crm", RefreshSettings("rt-rot-1"), state);
    REQUIRE(session.LoadRotated().ok());
    TokenSender send = endpoint.Sender();
    auto t = session.Current(send, "connection 'crm'");
    REQUIRE(t.ok());
    CHECK_THAT(endpoint.bodies[0], Catch::Contains("refresh_token=rt-rot-1"));
    auto t2 = session.RefreshAfterReject(t->generation, send, "c");
    REQUIRE(t2.ok());
  }
  // A later session of the connection starts from the newest rotation...
  OAuthSession next("crm", RefreshSettings("rt-rot-1"), state);
  REQUIRE(next.LoadRotated().ok());
  endpoint.answer = [](const std::string&, int) {
    return TokenHttpResponse{200, R"({"access_token":"at-next"})"};
  };
  TokenSender send = endpoint.Sender();
  REQUIRE(next.Current(send, "c").ok());
  CHECK_THAT(endpoint.bodies.back(), Catch::Contains("refresh_token=rt-rot-3"));
  // ...unless the admin configured a new refresh token since.
  OAuthSession reauthorized("crm", RefreshSettings("rt-admin-new"), state);
  REQUIRE(reauthorized.LoadRotated().ok());
  REQUIRE(reauthorized.Current(send, "c").ok());
  CHECK_THAT(endpoint.bodies.back(), Catch::Contains("refresh_token=rt-admin-new"));
}

TEST_CASE("every token is registered for redaction as soon as it is known") {
  FakeEndpoint endpoint;
  endpoint.answer = [](const std::string&, int) {
    return TokenHttpResponse{200, R"({"access_token":"at-redact-canary-1",)"
                                  R"("refresh_token":"rt-redact-canary-2",)"
                                  R"("id_token":"id-redact-canary-3","instance_url":"https://i"})"};
  };
  OAuthSession session("crm", RefreshSettings("rt-configured-canary"), nullptr);
  REQUIRE(session.Current(endpoint.Sender(), "c").ok());
  const std::string line = log::Redact(
      "at-redact-canary-1 rt-redact-canary-2 id-redact-canary-3 rt-configured-canary "
      "cs-unit-secret");
  CHECK(line == "*** *** *** *** ***");
  // Credentials are not offered as fields; the rest are.
  CHECK(session.Field("access_token") == nullptr);
  CHECK(session.Field("id_token") == nullptr);
  REQUIRE(session.Field("instance_url") != nullptr);
  CHECK(*session.Field("instance_url") == "https://i");
}

TEST_CASE("a failing token endpoint passes its status on and caches nothing") {
  FakeEndpoint endpoint;
  endpoint.answer = [](const std::string&, int) {
    return TokenHttpResponse{400, R"({"error":"invalid_grant"})"};
  };
  OAuthSession session("crm", RefreshSettings(), nullptr);
  auto t = session.Current(endpoint.Sender(), "c");
  REQUIRE_FALSE(t.ok());
  CHECK(t.status().code() == StatusCode::kPermission);
  CHECK_FALSE(session.has_token());
  CHECK(endpoint.bodies.size() == 1);
}

}  // namespace
}  // namespace tempo::http
