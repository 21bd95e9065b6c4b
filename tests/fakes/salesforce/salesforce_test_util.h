// Helpers for the fake Salesforce's tests: log in, build query and describe paths.
#ifndef TEMPO_TESTS_FAKES_SALESFORCE_SALESFORCE_TEST_UTIL_H_
#define TEMPO_TESTS_FAKES_SALESFORCE_SALESFORCE_TEST_UTIL_H_

#include <string>
#include <string_view>

#include "fakes/core/encoding.h"
#include "fakes/core/fakeapi_test_util.h"

namespace tempo::fakes::testing {

// Salesforce login with client credentials; returns the access token.
inline std::string Login(httplib::Client& client, const FakeApiServer& server) {
  auto res = client.Post("/salesforce/services/oauth2/token",
                         "grant_type=client_credentials&client_id=fake-salesforce-client-id"
                         "&client_secret=fake-salesforce-client-secret",
                         "application/x-www-form-urlencoded");
  REQUIRE(res);
  REQUIRE(res->status == 200);
  Json json(res->body);
  REQUIRE(json.ok);
  CHECK(Str(json.root["instance_url"]) == server.url("/salesforce"));
  simdjson::dom::element unused;
  CHECK(json.root["expires_in"].get(unused) != simdjson::SUCCESS);  // Salesforce sends none
  CHECK(Str(json.root["issued_at"]).size() == 13);
  return Str(json.root["access_token"]);
}

inline std::string QueryPath(const std::string& soql, bool all = false) {
  return std::string("/salesforce/services/data/v62.0/") + (all ? "queryAll" : "query") +
         "?q=" + PercentEncode(soql);
}

inline std::string DescribePath(std::string_view object) {
  return "/salesforce/services/data/v62.0/sobjects/" + std::string(object) + "/describe";
}

}  // namespace tempo::fakes::testing

#endif  // TEMPO_TESTS_FAKES_SALESFORCE_SALESFORCE_TEST_UTIL_H_
