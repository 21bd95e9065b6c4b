// The manifest loader: the shipped manifests and the smallest skeleton load; every kind of
// mistake is refused with the manifest file, line and column, the key path, what is wrong and
// the fix (one case per kind, in the config loader's refusal-test style).
#include <regex>

#include "manifest_source.h"
#include "rest_test_util.h"
#include "shipped_manifests.h"

namespace {

using Catch::Matchers::Contains;
using tempo::rest::Manifest;
using tempo::rest::testing::Errors;
using tempo::rest::testing::Load;
using tempo::rest::testing::OneStream;

const std::string kNoPaging = "";

// `text` with the first `from` replaced by `to` (the test fails when `from` is not there).
std::string Edit(std::string text, const std::string& from, const std::string& to) {
  const size_t at = text.find(from);
  REQUIRE(at != std::string::npos);
  return text.replace(at, from.size(), to);
}

TEST_CASE("manifest: every shipped manifest loads, with its streams and secret keys") {
  REQUIRE(tempo::rest::ShippedManifests().size() >= 2);
  for (const auto& shipped : tempo::rest::ShippedManifests()) {
    INFO(shipped.name);
    Manifest m;
    tempo::sdk::Status s = tempo::rest::LoadNamedManifest(shipped.name, &m);
    INFO(s.message());
    REQUIRE(s.ok());
    CHECK(m.name == shipped.name);
    CHECK_FALSE(m.streams.empty());
    CHECK_FALSE(m.secret_keys.empty());
  }
  Manifest ps;
  REQUIRE(tempo::rest::LoadNamedManifest("partnerstack", &ps).ok());
  REQUIRE(ps.streams.size() == 4);
  CHECK(ps.streams[2].name == "deals");
  CHECK(ps.streams[2].emit.size() == 2);
  CHECK(ps.streams[2].emit[1].entity == "opportunity_partner");
  CHECK(ps.streams[2].paging.kind == tempo::rest::PagingKind::kAfterKey);
  CHECK(ps.streams[2].paging.stop == tempo::rest::StopKind::kHasMore);
  REQUIRE(ps.streams[2].incremental);
  CHECK(ps.streams[2].incremental->param == "min_updated");
  CHECK(ps.auth.kind == tempo::rest::AuthKind::kBasic);
  CHECK(ps.secret_keys == std::vector<std::string>{"public_key", "secret_key"});
}

TEST_CASE("manifest: the smallest skeleton loads (what a scaffold would write)") {
  const Manifest m = Load(
      "manifest_version: 1\n"
      "name: example\n"
      "description: an example API\n"
      "base_url: https://api.example.com\n"
      "auth: {type: none}\n"
      "streams:\n"
      "  - name: items\n"
      "    path: /items\n"
      "    primary_key: id\n"
      "    emit:\n"
      "      - entity: account\n"
      "        columns: {name: name}\n");
  REQUIRE(m.streams.size() == 1);
  CHECK(m.streams[0].paging.kind == tempo::rest::PagingKind::kNone);
  CHECK_FALSE(m.streams[0].records);  // the body is the list
  CHECK(m.check_stream == "items");
  CHECK(m.spec_properties == "{}");
}

TEST_CASE("manifest refused: not YAML") {
  const std::string e = Errors("manifest_version: 1\nname: [a, b\n");
  CHECK_THAT(e, Contains("manifest test.yaml is not valid YAML"));
  CHECK(std::regex_search(e, std::regex("test\\.yaml:[0-9]+:[0-9]+: not valid YAML")));
}

// Found by the rest_manifest fuzz target: the bytes reached the host as JSON that did not parse.
TEST_CASE("manifest refused: bytes that are not UTF-8, at the first one") {
  const std::string e = Errors("manifest_version: 1\nname: t\ntitle: Caf\xe9\n");
  CHECK_THAT(e, Contains("manifest test.yaml is not UTF-8 text"));
  CHECK_THAT(e, Contains("test.yaml:3:11: a byte that is not UTF-8; save the manifest as UTF-8"));
}

TEST_CASE("manifest refused: an unknown key, with the key it probably is") {
  const std::string e = Errors(Edit(OneStream(kNoPaging), "    primary_key: id\n",
                                    "    primary_key: id\n    pagging: {type: none}\n"));
  CHECK_THAT(e,
             Contains("test.yaml:15:5: streams[0].pagging: unknown key; did you mean 'paging'?"));
  CHECK_THAT(e, Contains("manifest test.yaml has 1 error"));
}

TEST_CASE("manifest refused: a required key missing") {
  const std::string e = Errors(Edit(OneStream(kNoPaging), "    primary_key: id\n", ""));
  CHECK_THAT(e, Contains("test.yaml:11:5: streams[0]: missing required key 'primary_key'"));
}

TEST_CASE("manifest refused: a value of the wrong type") {
  const std::string e = Errors(Edit(OneStream(kNoPaging), "path: /items", "path: [a, b]"));
  CHECK_THAT(e, Contains("test.yaml:12:11: streams[0].path: expected a string, found a list"));
}

TEST_CASE("manifest refused: a value that is not one of the allowed ones") {
  const std::string e = Errors(OneStream("    paging:\n      type: starting_after\n"));
  CHECK_THAT(e, Contains("test.yaml:16:13: streams[0].paging.type: 'starting_after' is not "
                         "allowed here; use one of: none, cursor, next_link, link_header, "
                         "offset, page, after_key"));
}

TEST_CASE("manifest refused: a JSON pointer with a bad escape, a path with an empty name") {
  std::string e = Errors(Edit(OneStream(kNoPaging), "records: data", "records: /data/~2x"));
  CHECK_THAT(e, Contains("test.yaml:13:14: streams[0].records: '/data/~2x' is not a JSON "
                         "pointer: '~' must be followed by 0 (for '~') or 1 (for '/')"));
  e = Errors(Edit(OneStream(kNoPaging), "records: data", "records: data..items"));
  CHECK_THAT(e, Contains("test.yaml:13:14: streams[0].records: 'data..items' has an empty name"));
}

TEST_CASE("manifest refused: an entity the canonical model does not have") {
  const std::string e = Errors(Edit(OneStream(kNoPaging), "entity: partner", "entity: partners"));
  CHECK_THAT(e, Contains("test.yaml:16:17: streams[0].emit[0].entity: 'partners' is not a "
                         "canonical entity (did you mean 'partner'?)"));
}

TEST_CASE("manifest refused: a column its entity does not have") {
  const std::string e =
      Errors(Edit(OneStream(kNoPaging), "          name: name", "          nmae: name"));
  CHECK_THAT(e, Contains("test.yaml:18:11: streams[0].emit[0].columns.nmae: unknown column of "
                         "partner; did you mean 'name'?"));
}

TEST_CASE("manifest refused: a fixed value an enumerated column does not allow") {
  const std::string e = Errors(Edit(OneStream(kNoPaging), "          name: name",
                                    "          partner_type: {const: vendor}"));
  CHECK_THAT(e, Contains("test.yaml:18:33: streams[0].emit[0].columns.partner_type.const: "
                         "'vendor' is not a value partner.partner_type allows"));
  CHECK_THAT(e, Contains("use one of: technology, reseller, si, referral, agency, marketplace"));
}

TEST_CASE("manifest refused: a template naming a config key the spec does not declare") {
  const std::string e = Errors(Edit(OneStream(kNoPaging), "config.token }}", "config.tokn }}"));
  CHECK_THAT(e, Contains("test.yaml:9:29: auth.token: names config key 'tokn', which the spec "
                         "does not declare; did you mean 'token'?"));
}

TEST_CASE("manifest refused: a credential from a key that is not secret, or written out") {
  std::string e = Errors(Edit(OneStream(kNoPaging), ", x-secret: true", ""));
  CHECK_THAT(e, Contains("test.yaml:9:29: auth.token: names config key 'token', which the spec "
                         "does not mark x-secret: true"));
  e = Errors(Edit(OneStream(kNoPaging), "\"{{ config.token }}\"", "abc123"));
  CHECK_THAT(e, Contains("test.yaml:9:29: auth.token: is a credential: write it as "
                         "{{ config.KEY }}"));
}

TEST_CASE("manifest refused: a paging key the paging type does not take") {
  const std::string e = Errors(
      OneStream("    paging: {type: offset, param: skip, size_param: take, size: 10, key: id}\n"));
  CHECK_THAT(e, Contains("test.yaml:15:74: streams[0].paging.key: does not apply to paging "
                         "type offset; it takes param, size_param, size, stop"));
}

TEST_CASE("manifest refused: a stop condition the paging type does not have, or without its path") {
  std::string e = Errors(
      OneStream("    paging: {type: after_key, param: starting_after, key: id, stop: no_next}\n"));
  CHECK_THAT(e, Contains("streams[0].paging.stop: 'no_next' is not a stop condition of paging "
                         "type after_key; use one of: empty_page, short_page, has_more"));
  e = Errors(OneStream("    paging: {type: cursor, param: c, cursor: next, stop: has_more}\n"));
  CHECK_THAT(e, Contains("test.yaml:15:58: streams[0].paging.stop: has_more needs the value's "
                         "place"));
  e = Errors(OneStream("    paging: {type: page, param: page, stop: short_page}\n"));
  CHECK_THAT(e, Contains("streams[0].paging.stop: short_page needs the page size"));
}

TEST_CASE("manifest refused: two streams of one name, or of one entity") {
  std::string yaml = OneStream(kNoPaging);
  const std::string second =
      "  - name: items\n    path: /more\n    primary_key: id\n    emit:\n"
      "      - entity: partner\n        columns: {name: name}\n";
  const std::string e = Errors(yaml + second);
  CHECK_THAT(e, Contains("test.yaml:19:5: streams[1].name: duplicate stream name 'items'"));
  CHECK_THAT(e, Contains("test.yaml:19:5: streams[1].emit: entity partner is written by stream "
                         "'items' already; one stream per entity"));
}

TEST_CASE("manifest refused: a key given twice") {
  const std::string e =
      Errors(Edit(OneStream(kNoPaging), "name: test\n", "name: test\nname: other\n"));
  CHECK_THAT(e, Contains("test.yaml:3:1: name: duplicate key; the first is at line 2"));
}

TEST_CASE("manifest refused: a spec key every connection has already") {
  const std::string e = Errors(Edit(OneStream(kNoPaging), "  properties:\n",
                                    "  properties:\n    base_url: {type: string}\n"));
  CHECK_THAT(e, Contains("test.yaml:7:5: spec.properties.base_url: every connection of the rest "
                         "plugin has 'base_url' already"));
}

TEST_CASE("manifest refused: a spec keyword the host does not check") {
  const std::string e = Errors(Edit(OneStream(kNoPaging), "{type: string, x-secret: true}",
                                    "{type: string, x-secret: true, maxLength: 4}"));
  CHECK_THAT(e, Contains("test.yaml:7:43: spec.properties.token.maxLength: unknown key; did you "
                         "mean 'minLength'?"));
}

TEST_CASE("manifest refused: a manifest_version this plugin does not read") {
  const std::string e =
      Errors(Edit(OneStream(kNoPaging), "manifest_version: 1", "manifest_version: 2"));
  CHECK_THAT(e, Contains("test.yaml:1:19: manifest_version: is 2; this rest plugin reads "
                         "manifest_version 1 (upgrade the plugin for a newer manifest)"));
}

TEST_CASE("manifest refused: a base_url that is not an http(s) URL") {
  const std::string e = Errors(Edit(OneStream(kNoPaging), "https://api.example.com/v1", "ftp://x"));
  CHECK_THAT(e, Contains("test.yaml:4:11: base_url: must be an http or https URL"));
}

TEST_CASE("manifest refused: a check stream the manifest does not have") {
  const std::string e = Errors(OneStream(kNoPaging) + "check: {stream: itemz}\n");
  CHECK_THAT(e, Contains("test.yaml:19:17: check.stream: names no stream of this manifest"));
}

TEST_CASE("manifest refused: a column with both a path and a fixed value, format off a time") {
  std::string e = Errors(
      Edit(OneStream(kNoPaging), "          name: name", "          name: {path: name, const: x}"));
  CHECK_THAT(e, Contains("test.yaml:18:17: streams[0].emit[0].columns.name: give either path "
                         "(the source field) or const (a fixed value)"));
  e = Errors(Edit(OneStream(kNoPaging), "          name: name",
                  "          partnered_at: {path: joined, format: epoch_ms}"));
  CHECK_THAT(e, Contains("streams[0].emit[0].columns.partnered_at.format: applies to type: time "
                         "only"));
  e = Errors(Edit(OneStream(kNoPaging), "          name: name",
                  "          partnered_at: {path: joined, type: time}"));
  CHECK_THAT(e, Contains("streams[0].emit[0].columns.partnered_at: missing required key 'format'"));
}

TEST_CASE("manifest refused: every problem at once, sorted by position") {
  std::string yaml = Edit(OneStream(kNoPaging), "entity: partner", "entity: partners");
  yaml = Edit(yaml, "path: /items", "path: items");
  const std::string e = Errors(yaml);
  CHECK_THAT(e, Contains("has 2 errors"));
  CHECK(e.find("test.yaml:12:") < e.find("test.yaml:16:"));
}

}  // namespace
