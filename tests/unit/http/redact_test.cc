// Redaction: by shape (URLs, headers, form and JSON parameters) and by registered value,
// including the encoded forms of a registered value.
#include <catch2/catch.hpp>

#include "common/log.h"
#include "http/redact.h"

namespace tempo::http {
namespace {

TEST_CASE("credential query parameters are redacted, others kept") {
  CHECK(Redact("https://api.example.com/v3/contacts?after=42&limit=100&api_key=k-123456&"
               "access_token=tok9&x=1") ==
        "https://api.example.com/v3/contacts?after=42&limit=100&api_key=***&"
        "access_token=***&x=1");
  CHECK(Redact("GET https://h/p?token=abc#frag") == "GET https://h/p?token=***#frag");
  CHECK(Redact("https://h/p?Client_Secret=abc&refresh_token=def&password=ghi") ==
        "https://h/p?Client_Secret=***&refresh_token=***&password=***");
  CHECK(Redact("https://h/p?nextPageToken=abc") == "https://h/p?nextPageToken=***");
  CHECK(Redact("https://h/p?limit=10&order=asc") == "https://h/p?limit=10&order=asc");
}

TEST_CASE("form bodies and key=value text are redacted") {
  CHECK(Redact("grant_type=refresh_token&refresh_token=rt-1&client_id=app&client_secret=cs-2") ==
        "grant_type=refresh_token&refresh_token=***&client_id=app&client_secret=***");
  CHECK(Redact("failed with password=hunter22, retrying") == "failed with password=***, retrying");
}

TEST_CASE("URL userinfo is redacted") {
  CHECK(Redact("GET https://admin:pa55word@db.example.com:8443/x?q=1") ==
        "GET https://***@db.example.com:8443/x?q=1");
  CHECK(Redact("https://db.example.com/x@y") == "https://db.example.com/x@y");
}

TEST_CASE("credential headers and schemes are redacted") {
  CHECK(Redact("Authorization: Bearer abc.def.ghi") == "Authorization: ***");
  CHECK(Redact("x\nCookie: sid=1; other=2\nAccept: */*") == "x\nCookie: ***\nAccept: */*");
  CHECK(Redact("X-Api-Key: 12345678") == "X-Api-Key: ***");
  CHECK(Redact("sent bearer abc123 to the server") == "sent bearer *** to the server");
  CHECK(RedactHeader("Authorization", "Basic dXNlcjpwYXNz") == "Authorization: ***");
  CHECK(RedactHeader("Accept", "application/json") == "Accept: application/json");
  CHECK(IsSecretHeader("x-auth-token"));
  CHECK_FALSE(IsSecretHeader("Content-Type"));
}

TEST_CASE("credential JSON members are redacted") {
  CHECK(Redact(R"({"access_token":"at-1","expires_in":3600,"instance_url":"https://x"})") ==
        R"({"access_token":"***","expires_in":3600,"instance_url":"https://x"})");
  CHECK(Redact(R"({"refresh_token" : "a\"b", "ok": "yes"})") ==
        R"({"refresh_token" : "***", "ok": "yes"})");
}

TEST_CASE("our own messages survive redaction unchanged") {
  const std::string message =
      "connection 'crm' stream 'contacts': GET https://api.example.com/crm/v3/objects/"
      "contacts?limit=100: HTTP 503 after 5 attempts over 31.2 s";
  CHECK(Redact(message) == message);
}

TEST_CASE("registered secrets are redacted with their percent-encoded and base64 forms") {
  log::AddSecret("s3cr3t/val+ue=canary");
  CHECK(log::Redact("a s3cr3t/val+ue=canary b") == "a *** b");
  CHECK(log::Redact("q=s3cr3t%2Fval%2Bue%3Dcanary") == "q=***");
  // base64("user:s3cr3t/val+ue=canary"): the secret sits at a non-zero byte offset.
  CHECK(log::Redact("Basic dXNlcjpzM2NyM3QvdmFsK3VlPWNhbmFyeQ==")
            .find("zM2NyM3QvdmFsK3VlPWNhbmFye") == std::string::npos);
  // base64 of the secret alone.
  CHECK(log::Redact("czNjcjN0L3ZhbCt1ZT1jYW5hcnk=").find("czNjcjN0L3ZhbCt1ZT1jYW5hcn") ==
        std::string::npos);
  CHECK(Redact("see s3cr3t/val+ue=canary") == "see ***");
}

}  // namespace
}  // namespace tempo::http
