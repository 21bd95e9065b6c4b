// Schema drift between two syncs (issue 15): a source adds a field, drops a mapped field and
// retypes another, and sends a record without its modification time. The real `tempo` binary
// and the rest plugin read a manifest-described API served on loopback; the store is checked
// row by row after each run. New fields stay in raw_json, a dropped field is NULL, a retyped
// value is a counted reject with its reason and record, and nothing crashes. (A record without
// its cursor field is a counted reject in the connectors whose cursor comes from the records,
// HubSpot and Salesforce: their reader unit tests. The rest connector's cursor is the read's
// start, so such a record is written, without a source_updated_at.)
#include <atomic>
#include <regex>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "support/loopback_http.h"
#include "support/process.h"
#include "support/store_rows.h"
#include "support/temp_dir.h"

namespace {

using tempo::testing::LoopbackServer;
using tempo::testing::ProcessResult;
using tempo::testing::Reply;
using tempo::testing::SeenRequest;
using tempo::testing::TempDir;

using Rows = std::vector<std::vector<std::string>>;

const bool kNoProxy = (::setenv("no_proxy", "127.0.0.1,localhost", 1), true);

const char* kManifest = R"(manifest_version: 1
name: drift
title: Drift
description: accounts whose fields change between syncs
documentation: https://example.invalid/docs
base_url: https://api.example.invalid/v1
spec:
  required: [api_key]
  properties:
    api_key: {type: string, minLength: 1, x-secret: true}
auth: {type: bearer, token: "{{ config.api_key }}"}
streams:
  - name: accounts
    path: /accounts
    records: data
    primary_key: id
    paging: {type: page, param: page, size_param: per_page, size: 100}
    incremental: {field: updated_at, format: iso8601, param: updated_since}
    emit:
      - entity: account
        columns:
          name: name
          segment: segment
          arr_usd: {path: arr, type: number}
)";

// The first version of the source's accounts.
const char* kBefore = R"({"data":[
{"id":"a1","name":"Acme","segment":"smb","arr":1200.5,"updated_at":"2026-11-01T00:00:00Z"},
{"id":"a2","name":"Beta","segment":"enterprise","arr":800,"updated_at":"2026-11-01T00:00:00Z"}]})";

// The second: a new field (region) on every record, `segment` gone from the API, a1's `arr`
// now a formatted string, and a new record a3 without `updated_at`.
const char* kAfter = R"({"data":[
{"id":"a1","name":"Acme Corp","arr":"1.2k","region":"EU","updated_at":"2026-11-02T00:00:00Z"},
{"id":"a2","name":"Beta","arr":900,"region":"US","updated_at":"2026-11-02T00:00:00Z"},
{"id":"a3","name":"Gamma","arr":50,"region":"EU"}]})";

// The `page` query parameter of a request target ("" when none).
std::smatch Match(const std::string& target) {
  static const std::regex kPage("[?&]page=([0-9]+)");
  std::smatch m;
  std::regex_search(target, m, kPage);
  return m;
}

class DriftingApi {
 public:
  DriftingApi()
      : server_([this](const SeenRequest& req, Reply& reply) {
          const std::smatch page = Match(req.target);
          const bool first_page = page.size() == 2 && page[1] == "1";
          const std::string body = !first_page ? R"({"data":[]})" : after_ ? kAfter : kBefore;
          reply.Respond(200, body, {{"Content-Type", "application/json"}});
        }) {}
  void Drift() { after_ = true; }
  std::string Url() const { return server_.Url(""); }

 private:
  std::atomic<bool> after_{false};
  LoopbackServer server_;
};

std::string WriteConfig(const TempDir& dir, const DriftingApi& api) {
  dir.Write("drift.yaml", kManifest);
  return dir.Write("tempo.yaml",
                   "store:\n  path: tempo.db\nplugins:\n  path: [" TEMPO_PLUGIN_DIR
                   "]\nconnections:\n  - name: drift\n    plugin: rest\n"
                   "    max_reject_ratio: 1\n"
                   "    http: {max_attempts: 2, initial_backoff: 0.01, max_backoff: 0.05}\n"
                   "    config:\n      manifest: drift.yaml\n      base_url: " +
                       api.Url() + "\n      api_key: drift-key-0042\n");
}

ProcessResult Sync(const TempDir& dir, const std::string& cfg) {
  return tempo::testing::RunProcess(
      {tempo::testing::TempoBinary(), "-q", "-c", cfg, "sync", "drift"}, dir.path());
}

Rows Query(const TempDir& dir, const std::string& sql) {
  return tempo::testing::StoreRows(dir.File("tempo.db"), sql);
}

}  // namespace

TEST_CASE(
    "schema drift: new fields stay in raw_json, dropped ones become NULL, retyped values "
    "are counted rejects with a sample") {
  DriftingApi api;
  TempDir dir;
  const std::string cfg = WriteConfig(dir, api);

  ProcessResult first = Sync(dir, cfg);
  INFO(first.err);
  REQUIRE(first.exit_code == 0);
  CHECK(Query(dir,
              "SELECT source_id, name, segment, arr_usd, source_updated_at FROM account "
              "ORDER BY source_id") ==
        Rows{{"a1", "Acme", "smb", "1200.5", "2026-11-01T00:00:00Z"},
             {"a2", "Beta", "enterprise", "800.0", "2026-11-01T00:00:00Z"}});

  api.Drift();
  ProcessResult second = Sync(dir, cfg);
  INFO(second.err);
  REQUIRE(second.exit_code == 0);  // drift is never a crash or a failed stream

  // a1's new version is refused as a whole (its arr is no number): the row keeps the last
  // version the store could hold, raw_json included. a2 takes the new version: its segment,
  // which the source no longer sends, is NULL, and the new field is in raw_json. a3, without
  // a modification time, is written without one.
  CHECK(Query(dir,
              "SELECT source_id, name, segment, arr_usd, source_updated_at, "
              "json_extract(raw_json, '$.region') FROM account ORDER BY source_id") ==
        Rows{{"a1", "Acme", "smb", "1200.5", "2026-11-01T00:00:00Z", "<null>"},
             {"a2", "Beta", "<null>", "900.0", "2026-11-02T00:00:00Z", "US"},
             {"a3", "Gamma", "<null>", "50.0", "<null>", "EU"}});

  // The run succeeded, counted the reject and kept it with its reason.
  CHECK(Query(dir, "SELECT status, records, rejects FROM sync_runs ORDER BY id DESC LIMIT 1") ==
        Rows{{"succeeded", "2", "1"}});
  const Rows rejects = Query(dir,
                             "SELECT stream, state, reason FROM rejected_records WHERE run_id = "
                             "(SELECT MAX(id) FROM sync_runs)");
  REQUIRE(rejects.size() == 1);
  CHECK(rejects[0][0] == "accounts");
  CHECK(rejects[0][1] == "pending");
  CHECK_THAT(rejects[0][2],
             Catch::Contains("record 0") && Catch::Contains("arr_usd is '1.2k', not a number"));
  CHECK_THAT(Query(dir, "SELECT reject_samples_json FROM sync_runs ORDER BY id DESC LIMIT 1")[0][0],
             Catch::Contains("not a number"));
  CHECK(Query(dir, "PRAGMA integrity_check") == Rows{{"ok"}});
}
