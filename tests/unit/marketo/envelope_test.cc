// Marketo's envelope: parsing (results with their bytes, paging members, errors with string
// codes), what each error code asks for, the classify hook, and the retry schedule.
#include "envelope.h"

#include <catch2/catch.hpp>

#include <string>

#include "marketo_client.h"

namespace mk = tempo::marketo;
using mk::ErrorAction;

namespace {

tempo_http_response Response(int32_t status, const std::string& body) {
  tempo_http_response r{};
  r.struct_size = sizeof r;
  r.status = status;
  r.body = body.data();
  r.body_len = body.size();
  return r;
}

}  // namespace

TEST_CASE("marketo envelope: a success with results, their bytes as sent, and paging members") {
  mk::Envelope env;
  const std::string body =
      R"({"requestId":"a9ae#148add1e53d","result":[{"id":1, "leadId":7},{"id":2,"leadId":8}],)"
      R"("success":true,"nextPageToken":"GIYDAOBN====","moreResult":true})";
  REQUIRE(env.Parse(body, "Marketo test").ok());
  CHECK(env.success());
  CHECK(env.has_result());
  REQUIRE(env.results().size() == 2);
  CHECK(env.RawResult(0) == R"({"id":1, "leadId":7})");
  CHECK(env.RawResult(1) == R"({"id":2,"leadId":8})");
  CHECK(env.more_result());
  CHECK(env.next_page_token() == "GIYDAOBN====");
}

TEST_CASE("marketo envelope: the asset API's end, and a failure with its string code") {
  mk::Envelope env;
  REQUIRE(env.Parse(R"({"success":true,"warnings":["No assets found for the given search )"
                    R"(criteria."],"errors":[],"requestId":"7a39#1511bf8a41c"})",
                    "Marketo test")
              .ok());
  CHECK(env.success());
  CHECK(!env.has_result());
  CHECK(env.results().empty());
  CHECK(env.warnings() ==
        std::vector<std::string>{"No assets found for the given search criteria."});
  REQUIRE(env.Parse(R"({"requestId":"x","success":false,"errors":[{"code":"606","message":"Max )"
                    R"(rate limit '100' exceeded with in '20' secs"}]})",
                    "Marketo test")
              .ok());
  CHECK(!env.success());
  REQUIRE(env.errors().size() == 1);
  CHECK(env.errors()[0].code == "606");
  CHECK(mk::Describe(env.errors()[0]) ==
        "error 606 (Max rate limit '100' exceeded with in '20' secs)");
  // A numeric code reads the same.
  REQUIRE(
      env.Parse(R"({"success":false,"errors":[{"code":611,"message":"System error"}]})", "t").ok());
  CHECK(env.errors()[0].code == "611");
}

TEST_CASE("marketo envelope: what is not an envelope is a data error, never an empty page") {
  mk::Envelope env;
  for (const char* body :
       {"<html><body>502 Bad Gateway</body></html>", "", "[1,2]",
        R"({"requestId":"x","result":[]})", R"({"success":false})",
        R"({"success":true,"result":{"id":1}})", R"({"success":true,"result":[)"}) {
    INFO(body);
    const tempo::sdk::Status s = env.Parse(body, "Marketo stream 'leads' page 3");
    CHECK(s.code() == TEMPO_ERR_DATA);
    CHECK(s.message().find("Marketo stream 'leads' page 3") == 0);
  }
}

TEST_CASE("marketo envelope: each error code's action") {
  CHECK(mk::ActionFor("601") == ErrorAction::kRenewToken);
  CHECK(mk::ActionFor("602") == ErrorAction::kRenewToken);
  for (const char* code : {"604", "608", "611", "615"}) {
    INFO(code);
    CHECK(mk::ActionFor(code) == ErrorAction::kRetry);
  }
  CHECK(mk::ActionFor("606") == ErrorAction::kRateWindow);
  CHECK(mk::ActionFor("607") == ErrorAction::kQuota);
  CHECK(mk::ActionFor("1029") == ErrorAction::kBulkQueue);
  CHECK(mk::ActionFor("702") == ErrorAction::kEmpty);
  for (const char* code : {"603", "609", "610", "1003", "1006", "1035", "9999"}) {
    INFO(code);
    CHECK(mk::ActionFor(code) == ErrorAction::kFail);
  }
}

TEST_CASE("marketo envelope: the classify hook has the host renew the token on 601 and 602 only") {
  const std::string expired =
      R"({"requestId":"x","success":false,"errors":[{"code":"602","message":"Access token expired"}]})";
  const std::string invalid =
      R"({"requestId":"x","success":false,"errors":[{"code":"601","message":"Access token invalid"}]})";
  const std::string rate =
      R"({"requestId":"x","success":false,"errors":[{"code":"606","message":"Max rate"}]})";
  tempo_http_response r = Response(200, expired);
  CHECK(mk::Classify(nullptr, &r) == TEMPO_HTTP_AUTH_EXPIRED);
  r = Response(200, invalid);
  CHECK(mk::Classify(nullptr, &r) == TEMPO_HTTP_AUTH_EXPIRED);
  r = Response(200, rate);
  CHECK(mk::Classify(nullptr, &r) == TEMPO_HTTP_DEFAULT);
  r = Response(200, R"({"success":true,"result":[]})");
  CHECK(mk::Classify(nullptr, &r) == TEMPO_HTTP_DEFAULT);
  r = Response(200, "id,email\n1,\"602\"\n");  // a file is never looked into as an envelope
  CHECK(mk::Classify(nullptr, &r) == TEMPO_HTTP_DEFAULT);
  r = Response(503, expired);
  CHECK(mk::Classify(nullptr, &r) == TEMPO_HTTP_DEFAULT);
  std::string big = expired;
  big.insert(big.size() - 1, ",\"pad\":\"" + std::string(10000, 'x') + "\"");
  r = Response(200, big);
  CHECK(mk::Classify(nullptr, &r) == TEMPO_HTTP_DEFAULT);
}

TEST_CASE("marketo envelope: the retry schedule of each action") {
  // 604/608/611/615: 1, 2, 4, 8, 16 s, then stop.
  for (int retry = 1; retry <= 5; ++retry) {
    CHECK(mk::RetryDelay(ErrorAction::kRetry, "", retry, 0, 60) == double(1 << (retry - 1)));
  }
  CHECK(!mk::RetryDelay(ErrorAction::kRetry, "", 6, 31, 60));
  // 606: 1, 2, 4, 8, 16, then 20 s, for two minutes in all.
  CHECK(mk::RetryDelay(ErrorAction::kRateWindow, "", 1, 0, 60) == 1.0);
  CHECK(mk::RetryDelay(ErrorAction::kRateWindow, "", 5, 15, 60) == 16.0);
  CHECK(mk::RetryDelay(ErrorAction::kRateWindow, "", 6, 31, 60) == 20.0);
  CHECK(mk::RetryDelay(ErrorAction::kRateWindow, "", 10, 111, 60) == 9.0);
  CHECK(!mk::RetryDelay(ErrorAction::kRateWindow, "", 11, 120, 60));
  // 1029: a full queue waits bulk_poll_seconds, ten times; a spent export allowance never.
  CHECK(mk::RetryDelay(ErrorAction::kBulkQueue, "Too many jobs (10) in queue", 1, 0, 7) == 7.0);
  CHECK(!mk::RetryDelay(ErrorAction::kBulkQueue, "Too many jobs (10) in queue", 11, 70, 7));
  CHECK(!mk::RetryDelay(ErrorAction::kBulkQueue, "Export daily quota 500MB exceeded", 1, 0, 7));
  // The others are not retried.
  CHECK(!mk::RetryDelay(ErrorAction::kQuota, "", 1, 0, 60));
  CHECK(!mk::RetryDelay(ErrorAction::kFail, "", 1, 0, 60));
  CHECK(!mk::RetryDelay(ErrorAction::kRenewToken, "", 1, 0, 60));
}
