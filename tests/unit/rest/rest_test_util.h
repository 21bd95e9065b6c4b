// Helpers for the rest connector's unit tests: a manifest from YAML text (the test fails with
// the loader's errors when it does not load), and the smallest manifest a stream test builds on.
#ifndef TEMPO_TESTS_UNIT_REST_REST_TEST_UTIL_H_
#define TEMPO_TESTS_UNIT_REST_REST_TEST_UTIL_H_

#include <string>

#include <catch2/catch.hpp>

#include "manifest.h"
#include "manifest_loader.h"

namespace tempo::rest::testing {

inline Manifest Load(const std::string& yaml, const std::string& file = "test.yaml") {
  Manifest m;
  sdk::Status s = LoadManifest(yaml, file, &m);
  INFO(s.message());
  REQUIRE(s.ok());
  return m;
}

// The errors LoadManifest reports for `yaml` (the test fails when it loads).
inline std::string Errors(const std::string& yaml, const std::string& file = "test.yaml") {
  Manifest m;
  sdk::Status s = LoadManifest(yaml, file, &m);
  REQUIRE_FALSE(s.ok());
  CHECK(s.code() == TEMPO_ERR_INVALID_ARGUMENT);
  return s.message();
}

// A manifest of one stream `items` at /items, with `paging` and `more` (YAML at the stream's
// indentation, e.g. "    incremental: {...}\n") added; records under data, key id, into
// partner rows (name from name).
inline std::string OneStream(const std::string& paging, const std::string& more = "") {
  return "manifest_version: 1\n"
         "name: test\n"
         "description: a test API\n"
         "base_url: https://api.example.com/v1\n"
         "spec:\n"
         "  properties:\n"
         "    token: {type: string, x-secret: true}\n"
         "  required: [token]\n"
         "auth: {type: bearer, token: \"{{ config.token }}\"}\n"
         "streams:\n"
         "  - name: items\n"
         "    path: /items\n"
         "    records: data\n"
         "    primary_key: id\n" +
         paging + more +
         "    emit:\n"
         "      - entity: partner\n"
         "        columns:\n"
         "          name: name\n";
}

}  // namespace tempo::rest::testing

#endif  // TEMPO_TESTS_UNIT_REST_REST_TEST_UTIL_H_
