// The reader against the kit's fake host, one scripted API per paging style (a cursor in the
// body, a next link in the body, the Link header, offset to a total, page numbers,
// starting after the last key), the incremental lower bound in each time format and the
// hand-over of the read's start, a kill at a checkpoint resumed without loss or duplicates,
// and the responses a read must refuse (a link to another host, a page that is not JSON).
#include <map>
#include <memory>

#include "auth.h"
#include "connection_config.h"
#include "manifest_source.h"
#include "reader.h"
#include "rest_test_util.h"
#include "state.h"
#include "tempo/cursor.hpp"
#include "tempo/testing/fake_host.hpp"
#include "tempo/time.hpp"
#include "tempo/url.hpp"

namespace {

using Catch::Matchers::Contains;
using tempo::rest::ConnectionConfig;
using tempo::rest::HttpIdentity;
using tempo::rest::Manifest;
using tempo::rest::Reader;
using tempo::sdk::testing::FakeHost;
using tempo::sdk::testing::FakeHttpRequest;
using tempo::sdk::testing::FakeHttpResponse;

// A manifest, its connection and the reader over them.
struct Setup {
  Manifest manifest;
  ConnectionConfig config;
  HttpIdentity identity;
  std::unique_ptr<Reader> reader;

  Setup(Manifest m, const std::string& config_json) : manifest(std::move(m)) {
    tempo::sdk::Status s = tempo::rest::ReadConnectionConfig(config_json, manifest, &config);
    INFO(s.message());
    REQUIRE(s.ok());
    REQUIRE(tempo::rest::IdentityFor(manifest, config, &identity).ok());
    reader = std::make_unique<Reader>(manifest, config, identity);
  }
  // Hands the connection's HTTP identity to the host, as the connector's Open does.
  void Configure(FakeHost& host) {
    tempo::sdk::Context ctx(host.ctx());
    REQUIRE(ctx.HttpConfigure(identity.config).ok());
  }
  tempo::sdk::Status Read(FakeHost& host, int32_t mode, const std::string& state,
                          size_t stream = 0) {
    tempo::sdk::Context ctx(host.ctx());
    return reader->Read(ctx, manifest.streams[stream],
                        {manifest.streams[stream].name, mode, state});
  }
};

const std::string kToken = R"({"manifest":"test","token":"t0k3n"})";
constexpr int32_t kFull = TEMPO_SYNC_FULL_REFRESH;
constexpr int32_t kIncremental = TEMPO_SYNC_INCREMENTAL;

// Records r00..r(n-1), each {"id","name","updated_at"} (ISO-8601, a second apart).
std::string Item(int i) {
  char id[8];
  std::snprintf(id, sizeof id, "r%02d", i);
  return std::string(R"({"id":")") + id + R"(","name":"Partner )" + std::to_string(i) +
         R"(","updated_at":")" + tempo::sdk::FormatIso(1719705600000 + i * 1000) + "\"}";
}

std::string Items(int from, int to) {
  std::string out = "[";
  for (int i = from; i < to; ++i) out += (i > from ? "," : "") + Item(i);
  return out + "]";
}

int64_t Int(const std::string& url, const char* name, int64_t fallback) {
  const std::string v = tempo::sdk::QueryParam(url, name);
  return v.empty() ? fallback : std::stoll(v);
}

// Every committed partner row is one of r00..r(n-1), each exactly once.
void CheckAll(const FakeHost& host, int n) {
  CHECK(host.Count("partner") == static_cast<size_t>(n));
  for (int i = 0; i < n; ++i) {
    char id[8];
    std::snprintf(id, sizeof id, "r%02d", i);
    INFO(id);
    CHECK(host.Row("partner", id).fields.at("name") == "s:Partner " + std::to_string(i));
  }
}

TEST_CASE("reader: a cursor from the body, until there is none") {
  FakeHost host;
  Setup s(tempo::rest::testing::Load(tempo::rest::testing::OneStream(
              "    paging: {type: cursor, param: cursor, cursor: meta.next, size_param: n, "
              "size: 3}\n")),
          kToken);
  host.http = [](const FakeHttpRequest& r) {
    const int64_t at = Int(r.url, "cursor", 0);
    const int64_t end = std::min<int64_t>(at + Int(r.url, "n", 0), 7);
    std::string body = R"({"data":)" + Items(static_cast<int>(at), static_cast<int>(end)) +
                       R"(,"meta":{"next":)" +
                       (end < 7 ? "\"" + std::to_string(end) + "\"" : "null") + "}}";
    return FakeHttpResponse{200, body, {}};
  };
  REQUIRE(s.Read(host, kFull, "").ok());
  CheckAll(host, 7);
  REQUIRE(host.requests.size() == 3);
  CHECK(host.requests[0].url == "https://api.example.com/v1/items?n=3");
  CHECK(host.requests[1].url == "https://api.example.com/v1/items?n=3&cursor=3");
  CHECK(host.states.size() == 3);
}

TEST_CASE("reader: a next link in the body, followed only on base_url's host") {
  FakeHost host;
  Setup s(tempo::rest::testing::Load(
              tempo::rest::testing::OneStream("    paging: {type: next_link, next: links.next}\n")),
          kToken);
  host.http = [](const FakeHttpRequest& r) {
    const int64_t page = Int(r.url, "page", 1);
    std::string next = page < 3 ? "\"/v1/items?page=" + std::to_string(page + 1) + "\"" : "null";
    return FakeHttpResponse{200,
                            R"({"data":)" +
                                Items(static_cast<int>(page - 1) * 2, static_cast<int>(page) * 2) +
                                R"(,"links":{"next":)" + next + "}}",
                            {}};
  };
  REQUIRE(s.Read(host, kFull, "").ok());
  CheckAll(host, 6);
  CHECK(host.requests[2].url == "https://api.example.com/v1/items?page=3");

  FakeHost elsewhere;
  elsewhere.http = [](const FakeHttpRequest&) {
    return FakeHttpResponse{
        200, R"({"data":[],"links":{"next":"https://evil.example/v1/items?page=2"}})", {}};
  };
  tempo::sdk::Status st = s.Read(elsewhere, kFull, "");
  CHECK(st.code() == TEMPO_ERR_PERMISSION);
  CHECK_THAT(st.message(), Contains("not at base_url's host"));
  CHECK(elsewhere.requests.size() == 1);
}

TEST_CASE("reader: the Link header's rel=next") {
  FakeHost host;
  Setup s(tempo::rest::testing::Load(tempo::rest::testing::OneStream(
              "    paging: {type: link_header, size_param: per_page, size: 4}\n")),
          kToken);
  host.http = [](const FakeHttpRequest& r) {
    const int64_t page = Int(r.url, "page", 1);
    FakeHttpResponse resp{
        200,
        R"({"data":)" +
            Items(static_cast<int>(page - 1) * 4, std::min(static_cast<int>(page) * 4, 10)) + "}",
        {}};
    std::string link = R"(<https://api.example.com/v1/items?per_page=4&page=1>; rel="first")";
    if (page < 3) {
      link += R"(, <https://api.example.com/v1/items?per_page=4&page=)" + std::to_string(page + 1) +
              R"(>; rel="next")";
    }
    resp.headers.emplace_back("Link", link);
    return resp;
  };
  REQUIRE(s.Read(host, kFull, "").ok());
  CheckAll(host, 10);
  CHECK(host.requests.size() == 3);
}

TEST_CASE("reader: offset to the total the response reports") {
  FakeHost host;
  Setup s(tempo::rest::testing::Load(tempo::rest::testing::OneStream(
              "    paging: {type: offset, param: skip, size_param: take, size: 4, "
              "stop: {total: count}}\n")),
          kToken);
  host.http = [](const FakeHttpRequest& r) {
    const int skip = static_cast<int>(Int(r.url, "skip", -1));
    REQUIRE(skip >= 0);
    return FakeHttpResponse{
        200, R"({"count":9,"data":)" + Items(skip, std::min(skip + 4, 9)) + "}", {}};
  };
  REQUIRE(s.Read(host, kFull, "").ok());
  CheckAll(host, 9);
  CHECK(host.requests.size() == 3);  // 4 + 4 + 1: the third reaches the total
}

TEST_CASE("reader: page numbers to an empty page") {
  FakeHost host;
  Setup s(tempo::rest::testing::Load(tempo::rest::testing::OneStream(
              "    paging: {type: page, param: page, size_param: page_size, size: 3}\n")),
          kToken);
  host.http = [](const FakeHttpRequest& r) {
    const int page = static_cast<int>(Int(r.url, "page", 0));
    REQUIRE(page >= 1);
    const int from = std::min((page - 1) * 3, 8), to = std::min(page * 3, 8);
    return FakeHttpResponse{200, R"({"data":)" + Items(from, to) + "}", {}};
  };
  REQUIRE(s.Read(host, kFull, "").ok());
  CheckAll(host, 8);
  CHECK(host.requests.size() == 4);  // 3 + 3 + 2, then an empty page
}

// A PartnerStack-like API: items in key order, starting_after, has_more, min_updated (epoch
// ms, inclusive) on updated_at; records r00..r(n-1) updated at `updated[i]`.
struct AfterKeyApi {
  std::vector<int64_t> updated;
  FakeHttpResponse operator()(const FakeHttpRequest& r) const {
    const std::string after = tempo::sdk::QueryParam(r.url, "starting_after");
    const int64_t limit = Int(r.url, "limit", 10), min = Int(r.url, "min_updated", 0);
    std::string items;
    int n = 0;
    bool more = false;
    for (size_t i = 0; i < updated.size(); ++i) {
      char id[8];
      std::snprintf(id, sizeof id, "r%02d", static_cast<int>(i));
      if (!after.empty() && std::string(id) <= after) continue;
      if (updated[i] < min) continue;
      if (n == limit) {
        more = true;
        break;
      }
      items += std::string(n++ ? "," : "") + R"({"key":")" + id + R"(","team":{"name":"Partner )" +
               std::to_string(i) + R"("},"partner_key":")" + id + R"(","updated_at":)" +
               std::to_string(updated[i]) + "}";
    }
    return {200,
            R"({"data":{"has_more":)" + std::string(more ? "true" : "false") + R"(,"items":[)" +
                items + R"(]},"message":"ok","status":200})",
            {}};
  }
};

const std::string kPs =
    R"({"manifest":"partnerstack","public_key":"pk","secret_key":"sk","page_size":3})";

Manifest PartnerStack() {
  Manifest m;
  REQUIRE(tempo::rest::LoadNamedManifest("partnerstack", &m).ok());
  return m;
}

TEST_CASE("reader: starting after the last key while has_more, the read hands on its start") {
  FakeHost host;
  Setup s(PartnerStack(), kPs);
  AfterKeyApi api{std::vector<int64_t>(8, 1719705600000)};  // one timestamp for all: ties
  host.http = api;
  s.Configure(host);
  const int64_t before = tempo::sdk::NowMs();
  REQUIRE(s.Read(host, kIncremental, "").ok());
  CHECK(host.Count("partner") == 8);
  CHECK(host.Row("partner", "r05").fields.at("name") == "s:Partner 5");
  CHECK(host.Row("partner", "r05").updated_at == "2024-06-30T00:00:00Z");
  REQUIRE(host.requests.size() == 3);
  CHECK(host.requests[0].url == "https://api.partnerstack.com/api/v2/partnerships?limit=3");
  CHECK(host.requests[1].url ==
        "https://api.partnerstack.com/api/v2/partnerships?limit=3&starting_after=r02");
  CHECK(host.auth_kind == TEMPO_AUTH_HEADER);
  tempo::rest::StreamState last;
  REQUIRE(tempo::rest::DecodeState(host.states.back(), "x", &last).ok());
  CHECK_FALSE(last.running);
  // The hand-over is the read's start, less the kit's lag: never a record's time.
  CHECK(last.cursor_ms >= before - tempo::sdk::kHandOverLagMs);
  CHECK(last.cursor_ms <= tempo::sdk::NowMs() - tempo::sdk::kHandOverLagMs);
}

TEST_CASE("reader: the next incremental read asks for what changed since, ties included") {
  FakeHost host;
  Setup s(PartnerStack(), kPs);
  const int64_t cursor = 1719705600000;
  std::vector<int64_t> updated(8, cursor - 60000);
  updated[2] = updated[6] = cursor;  // changed exactly at the cursor: read again
  updated[7] = cursor + 5;
  host.http = AfterKeyApi{updated};
  const std::string state = R"({"version":1,"cursor_ms":)" + std::to_string(cursor) + "}";
  REQUIRE(s.Read(host, kIncremental, state).ok());
  CHECK(host.requests[0].url ==
        "https://api.partnerstack.com/api/v2/partnerships?min_updated=1719705600000&limit=3");
  CHECK(host.Count("partner") == 3);
  for (const char* id : {"r02", "r06", "r07"}) CHECK(host.rows.count({"partner", id}) == 1);
  // A full refresh reads everything, whatever the cursor.
  FakeHost full;
  full.http = AfterKeyApi{updated};
  REQUIRE(s.Read(full, kFull, state).ok());
  CHECK(full.Count("partner") == 8);
  CHECK(tempo::sdk::QueryParam(full.requests[0].url, "min_updated").empty());
}

TEST_CASE("reader: the lower bound in each time format the manifest names") {
  const std::pair<const char*, const char*> formats[] = {{"iso8601", "2024-06-30T00:00:00Z"},
                                                         {"epoch_s", "1719705600"},
                                                         {"epoch_ms", "1719705600000"}};
  for (const auto& [format, sent] : formats) {
    INFO(format);
    FakeHost host;
    Setup s(
        tempo::rest::testing::Load(tempo::rest::testing::OneStream(
            "", std::string("    incremental: {field: updated_at, format: iso8601, param: since, "
                            "param_format: ") +
                    format + "}\n")),
        kToken);
    host.http = [](const FakeHttpRequest&) {
      return FakeHttpResponse{200, R"({"data":)" + Items(0, 2) + "}", {}};
    };
    REQUIRE(s.Read(host, kIncremental, R"({"version":1,"cursor_ms":1719705600000})").ok());
    CHECK(tempo::sdk::QueryParam(host.requests[0].url, "since") == sent);
    CHECK(host.Row("partner", "r01").updated_at == "2024-06-30T00:00:01Z");
  }
}

TEST_CASE("reader: killed at a checkpoint, the next run resumes at its page: no loss, no dups") {
  FakeHost host;
  Setup s(PartnerStack(), kPs);
  host.http = AfterKeyApi{std::vector<int64_t>(10, 1719705600000)};
  host.fail_checkpoint_number = 3;  // the third page's commit never happens: the kill
  CHECK_FALSE(s.Read(host, kIncremental, "").ok());
  CHECK(host.Count("partner") == 6);
  const std::string committed = host.committed_state;
  tempo::rest::StreamState mid;
  REQUIRE(tempo::rest::DecodeState(committed, "x", &mid).ok());
  CHECK(mid.running);
  CHECK(mid.position == "r05");
  host.Restart();
  host.requests.clear();
  const size_t emitted = host.emitted;
  REQUIRE(s.Read(host, kIncremental, committed).ok());
  CHECK(host.requests[0].url ==
        "https://api.partnerstack.com/api/v2/partnerships?limit=3&starting_after=r05");
  CHECK(host.Count("partner") == 10);
  CHECK(host.emitted - emitted == 4);  // r06..r09: nothing read twice
  tempo::rest::StreamState done;
  REQUIRE(tempo::rest::DecodeState(host.committed_state, "x", &done).ok());
  CHECK(done.cursor_ms == mid.started_ms);  // the start of the run that began the read
}

TEST_CASE("reader: a page that is not a list response is an error, not an empty page") {
  FakeHost host;
  Setup s(PartnerStack(), kPs);
  for (const char* body : {"<html>maintenance</html>", R"({"data":{"items":{}}})", ""}) {
    INFO(body);
    host.http = [body](const FakeHttpRequest&) { return FakeHttpResponse{200, body, {}}; };
    tempo::sdk::Status st = s.Read(host, kFull, "");
    CHECK(st.code() == TEMPO_ERR_DATA);
    CHECK_THAT(st.message(), Contains("PartnerStack stream 'partnerships' page 1"));
  }
  CHECK(host.states.empty());
}

TEST_CASE("reader: a record that cannot be mapped is rejected, the others kept") {
  FakeHost host;
  Setup s(PartnerStack(), kPs);
  host.http = [](const FakeHttpRequest&) {
    return FakeHttpResponse{200,
                            R"({"data":{"has_more":false,"items":[{"key":"a","partner_key":"a"},
                                {"key":"b","partner_key":"b","joined_at":"soon"},{"key":"c"}]}})",
                            {}};
  };
  REQUIRE(s.Read(host, kFull, "").ok());
  CHECK(host.Count("partner") == 1);
  REQUIRE(host.rejects.size() == 2);
  CHECK(host.rejects[0] ==
        "PartnerStack stream 'partnerships' page 1 record 1: partner column partnered_at is "
        "'soon', not a time in epoch milliseconds");
  CHECK(
      host.rejects[1] ==
      "PartnerStack stream 'partnerships' page 1 record 2: no partner_key (the partner row's id)");
}

TEST_CASE("reader: an API key in the query, headers of unset keys left out, check reads one") {
  FakeHost host;
  Manifest m = tempo::rest::testing::Load(
      "manifest_version: 1\nname: q\ndescription: d\nbase_url: https://api.example.com\n"
      "spec:\n  properties:\n    key: {type: string, x-secret: true}\n"
      "    tenant: {type: string}\n"
      "auth: {type: query, name: api_key, value: \"{{ config.key }}\"}\n"
      "streams:\n  - name: items\n    path: /items\n    primary_key: id\n"
      "    headers: {X-Tenant: \"{{ config.tenant }}\", Accept: application/json}\n"
      "    paging: {type: page, param: p, size_param: n, size: 50}\n"
      "    emit: [{entity: partner, columns: {name: name}}]\n");
  Setup s(std::move(m), R"({"manifest":"q","key":"k+y/1"})");
  host.http = [](const FakeHttpRequest&) { return FakeHttpResponse{200, "[" + Item(0) + "]", {}}; };
  s.Configure(host);
  tempo::sdk::Context ctx(host.ctx());
  REQUIRE(s.reader->Check(ctx).ok());
  REQUIRE(host.requests.size() == 1);
  CHECK(host.requests[0].url == "https://api.example.com/items?n=1&p=1&api_key=k%2By%2F1");
  CHECK(host.requests[0].headers ==
        std::vector<std::pair<std::string, std::string>>{{"Accept", "application/json"}});
  CHECK(host.auth_kind == TEMPO_AUTH_NONE);  // the key travels in the query instead
}

}  // namespace
