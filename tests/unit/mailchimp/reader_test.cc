// The mailchimp reader against the kit's fake host and a scripted Mailchimp: members of two
// lists into leads (source ids, archived deletes, empty timestamps, tags kept), checkpoints and
// a killed read resumed with nothing lost or duplicated, the incremental since_, campaigns,
// email activity, problem+json errors without the key, HTML pages, and the OAuth metadata.
#include "reader.h"

#include "mailchimp_http.h"

#include <map>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "tempo/testing/fake_host.hpp"
#include "tempo/time.hpp"

namespace mc = tempo::mailchimp;
namespace sdk = tempo::sdk;
using sdk::testing::FakeHost;
using sdk::testing::FakeHttpRequest;
using sdk::testing::FakeHttpResponse;

namespace {

constexpr const char* kBase = "https://us21.api.mailchimp.com/3.0";

FakeHttpResponse Resp(int32_t status, std::string body) { return {status, std::move(body), {}}; }

struct Member {
  std::string list, id, email, status, signup, opt, changed, tags = "[]";
};

// A scripted Mailchimp: lists, members (sorted by last_changed, since_ strictly after,
// count/offset), campaigns and email activity.
struct Server {
  std::vector<Member> members;
  std::vector<std::string> campaigns;  // campaign JSON objects, in create order
  std::map<std::string, std::vector<std::string>> activity;  // campaign id -> email entries

  static std::string Param(const std::string& url, const std::string& name) {
    size_t p = url.find("?" + name + "=");
    if (p == std::string::npos) p = url.find("&" + name + "=");
    if (p == std::string::npos) return "";
    p += name.size() + 2;
    return url.substr(p, url.find('&', p) - p);
  }
  static int64_t Int(const std::string& url, const std::string& name, int64_t otherwise) {
    const std::string v = Param(url, name);
    return v.empty() ? otherwise : std::stoll(v);
  }
  static int64_t SinceMs(const std::string& url, const std::string& name) {
    std::string v = Param(url, name);
    if (v.empty()) return -1;
    const size_t plus = v.find("%2B");
    if (plus != std::string::npos) v = v.substr(0, plus) + "+" + v.substr(plus + 3);
    return sdk::ParseIsoMs(v).value();
  }
  static std::string Page(const std::string& key, const std::vector<std::string>& all,
                          int64_t offset, int64_t count, const std::string& extra = "") {
    std::string body = "{\"" + key + "\":[";
    for (int64_t i = offset; i < static_cast<int64_t>(all.size()) && i < offset + count; ++i) {
      body += (i > offset ? "," : "") + all[static_cast<size_t>(i)];
    }
    return body + "]," + extra + "\"total_items\":" + std::to_string(all.size()) +
           ",\"_links\":[]}";
  }

  FakeHttpResponse operator()(const FakeHttpRequest& r) const {
    const std::string& url = r.url;
    const int64_t count = Int(url, "count", 10), offset = Int(url, "offset", 0);
    if (url.find(std::string(kBase) + "/lists?") == 0) {
      return Resp(200, Page("lists", {R"({"id":"aaa","name":"A"})", R"({"id":"bbb","name":"B"})"},
                            offset, count));
    }
    const size_t lists = url.find("/lists/");
    if (lists != std::string::npos && url.find("/members?") != std::string::npos) {
      const std::string list = url.substr(lists + 7, url.find('/', lists + 7) - lists - 7);
      const int64_t since = SinceMs(url, "since_last_changed");
      std::vector<std::pair<int64_t, std::string>> rows;
      for (const Member& m : members) {
        const int64_t ms = sdk::ParseIsoMs(m.changed).value();
        if (m.list != list || (since >= 0 && ms <= since)) continue;
        rows.emplace_back(
            ms, R"({"id":")" + m.id + R"(","email_address":")" + m.email + R"(","status":")" +
                    m.status + R"(","timestamp_signup":")" + m.signup + R"(","timestamp_opt":")" +
                    m.opt + R"(","last_changed":")" + m.changed + R"(","source":"Import","tags":)" +
                    m.tags + R"(,"list_id":")" + list + R"("})");
      }
      std::stable_sort(rows.begin(), rows.end(),
                       [](const auto& a, const auto& b) { return a.first < b.first; });
      std::vector<std::string> json;
      for (auto& [ms, j] : rows) json.push_back(j);
      return Resp(200, Page("members", json, offset, count, "\"list_id\":\"" + list + "\","));
    }
    if (url.find(std::string(kBase) + "/campaigns?") == 0) {
      return Resp(200, Page("campaigns", campaigns, offset, count));
    }
    const size_t reports = url.find("/reports/");
    if (reports != std::string::npos) {
      const std::string id = url.substr(reports + 9, url.find('/', reports + 9) - reports - 9);
      auto it = activity.find(id);
      if (it == activity.end()) {
        return Resp(
            404,
            R"({"type":"t","title":"Resource Not Found","status":404,"detail":"The requested resource could not be found."})");
      }
      return Resp(200, Page("emails", it->second, offset, count));
    }
    return Resp(404, R"({"title":"Resource Not Found","status":404,"detail":"no route"})");
  }
};

std::string Time(int s) {
  return sdk::FormatIso(1719705600000LL + s * 1000LL, sdk::IsoPrecision::kSeconds).substr(0, 19) +
         "+00:00";
}

Server Members() {
  Server s;
  for (int i = 0; i < 7; ++i) {
    const std::string n = std::to_string(i);
    s.members.push_back({i % 2 ? "bbb" : "aaa", "id" + n, "m" + n + "@x.example",
                         i == 3 ? "archived" : "subscribed", i == 1 ? Time(i) : "",
                         i == 2 ? "" : Time(i + 1), Time(10 + i),
                         i == 0 ? R"([{"id":1001,"name":"Partner: Acme"}])" : "[]"});
  }
  return s;
}

struct Fixture {
  FakeHost host;
  sdk::Context ctx{host.ctx()};
  mc::Config config;
  std::unique_ptr<mc::Reader> reader;

  explicit Fixture(const std::string& json = R"({"api_key":"secret0key-us21","page_size":2})") {
    REQUIRE(mc::ReadConfig(json, &config).ok());
    reader = std::make_unique<mc::Reader>(config);
  }
  sdk::Status Members(int mode, const std::string& state) {
    return reader->ReadMembers(ctx, {"members", mode, state});
  }
};

}  // namespace

TEST_CASE("members of every list become leads keyed <list_id>:<member id>") {
  Fixture f;
  f.host.http = Members();
  REQUIRE(f.Members(TEMPO_SYNC_FULL_REFRESH, "").ok());
  CHECK(f.host.Count("lead") == 7);
  const auto& m0 = f.host.Row("lead", "aaa:id0");
  CHECK(m0.fields.at("email") == "s:m0@x.example");
  CHECK(m0.fields.at("status") == "s:subscribed");
  CHECK(m0.fields.at("lead_source") == "s:Import");
  CHECK(m0.fields.at("created_at") == "s:" + Time(1));  // opt-in; signup was ""
  CHECK(m0.updated_at == Time(10));
  CHECK(m0.raw.find("\"Partner: Acme\"") != std::string::npos);                    // tags kept
  CHECK(f.host.Row("lead", "bbb:id1").fields.at("created_at") == "s:" + Time(1));  // signup
  CHECK(f.host.Row("lead", "aaa:id2").fields.at("created_at") == "null");          // both ""
  CHECK(f.host.Row("lead", "bbb:id3").deleted);                                    // archived
  CHECK_FALSE(f.host.Row("lead", "aaa:id4").deleted);
  CHECK(f.host.rejects.empty());
  // The last state keeps one cursor per list and no run.
  mc::MembersState last;
  REQUIRE(mc::DecodeState(f.host.committed_state, "members", &last).ok());
  CHECK_FALSE(last.run);
  CHECK(last.cursors.size() == 2);
  CHECK(last.cursors.at("aaa") == sdk::ParseIsoMs(Time(16)).value());  // newest of aaa
}

TEST_CASE("members: every page is checkpointed and the request asks the keyset pass") {
  Fixture f;
  f.host.http = Members();
  REQUIRE(f.Members(TEMPO_SYNC_FULL_REFRESH, "").ok());
  std::vector<std::string> member_urls;
  for (const auto& r : f.host.requests) {
    if (r.url.find("/members?") != std::string::npos) member_urls.push_back(r.url);
  }
  REQUIRE(member_urls.size() >= 4);
  CHECK(member_urls[0] == std::string(kBase) +
                              "/lists/aaa/members?count=2&offset=0&sort_field=last_changed&"
                              "sort_dir=ASC&exclude_fields=members._links");
  // After the first page (id0 at +10 s, id2 at +12 s): since = 12 s less one second.
  CHECK(member_urls[1].find("&since_last_changed=" + Time(11).substr(0, 19) + "%2B00:00") !=
        std::string::npos);
  CHECK(f.host.states.size() >= 4);
}

TEST_CASE("members: a read killed at any checkpoint resumes with nothing lost or duplicated") {
  Fixture clean;
  clean.host.http = Members();
  REQUIRE(clean.Members(TEMPO_SYNC_FULL_REFRESH, "").ok());
  const size_t checkpoints = clean.host.states.size();
  for (size_t kill = 1; kill < checkpoints; ++kill) {
    INFO("killed at checkpoint " << kill);
    Fixture f;
    f.host.http = Members();
    f.host.fail_checkpoint_number = static_cast<int>(kill);
    CHECK_FALSE(f.Members(TEMPO_SYNC_FULL_REFRESH, "").ok());
    f.host.Restart();
    f.host.fail_checkpoint_number = 0;
    // The next run: the same store, the committed state.
    REQUIRE(
        f.reader->ReadMembers(f.ctx, {"members", TEMPO_SYNC_FULL_REFRESH, f.host.committed_state})
            .ok());
    CHECK(f.host.Count("lead") == 7);
    for (const auto& [key, row] : clean.host.rows) {
      CHECK(f.host.Row(key.first, key.second).fields == row.fields);
    }
  }
}

TEST_CASE("members incremental: asks since the list's cursor less a second, reads the changes") {
  Fixture f;
  Server s = Members();
  f.host.http = s;
  REQUIRE(f.Members(TEMPO_SYNC_INCREMENTAL, "").ok());
  const std::string state = f.host.committed_state;
  s.members[4].changed = Time(100);
  s.members[4].status = "archived";
  s.members.push_back({"aaa", "id9", "new@x.example", "subscribed", "", Time(99), Time(99)});
  Fixture g;
  g.host.http = s;
  // The cursors are capped at the read's start (now - 5 min), far after the fixture's 2024
  // times: set them to what the first read reached to see the since_ it asks.
  mc::MembersState st;
  REQUIRE(mc::DecodeState(state, "members", &st).ok());
  REQUIRE(g.Members(TEMPO_SYNC_INCREMENTAL, mc::EncodeState(st)).ok());
  // The changes, and the records of each list's cursor second (read again: inclusive).
  CHECK(g.host.Count("lead") == 4);
  CHECK(g.host.rows.count({"lead", "aaa:id0"}) == 0);
  CHECK(g.host.rows.count({"lead", "bbb:id1"}) == 0);
  CHECK(g.host.Row("lead", "aaa:id4").deleted);
  CHECK(g.host.Row("lead", "aaa:id9").fields.at("email") == "s:new@x.example");
  CHECK(g.host.requests[1].url.find("&since_last_changed=" + Time(15).substr(0, 19)) !=
        std::string::npos);
}

TEST_CASE("campaigns: name from settings.title, channel email, start = send_time") {
  Fixture f;
  Server s;
  s.campaigns = {
      R"({"id":"c1","create_time":")" + Time(1) + R"(","status":"sent","send_time":")" + Time(5) +
          R"(","settings":{"title":"Spring launch","subject_line":"Hi"}})",
      R"({"id":"c2","create_time":")" + Time(2) +
          R"(","status":"save","send_time":"","settings":{"title":"","subject_line":"Draft"}})"};
  f.host.http = s;
  REQUIRE(f.reader->ReadCampaigns(f.ctx, {"campaigns", TEMPO_SYNC_INCREMENTAL, ""}).ok());
  const auto& c1 = f.host.Row("campaign", "c1");
  CHECK(c1.fields.at("name") == "s:Spring launch");
  CHECK(c1.fields.at("channel") == "s:email");
  CHECK(c1.fields.at("start_at") == "s:" + Time(5));
  const auto& c2 = f.host.Row("campaign", "c2");
  CHECK(c2.fields.at("name") == "s:Draft");
  CHECK(c2.fields.at("start_at") == "null");
  // The draft may still be sent: the cursor stays at its create_time.
  mc::CampaignsState st;
  REQUIRE(mc::DecodeState(f.host.committed_state, "campaigns", &st).ok());
  CHECK(st.cursor_ms == sdk::ParseIsoMs(Time(2)).value());
}

TEST_CASE("email activity: one row per recipient, earliest touch, responded on a click") {
  Fixture f;
  Server s;
  s.campaigns = {R"({"id":"c1","create_time":")" + Time(1) + R"(","status":"sent"})"};
  s.activity["c1"] = {
      R"({"campaign_id":"c1","list_id":"aaa","email_id":"e1","email_address":"a@x","activity":[{"action":"open","timestamp":")" +
          Time(30) + R"("},{"action":"click","timestamp":")" + Time(40) +
          R"("},{"action":"open","timestamp":")" + Time(20) + R"("}]})",
      R"({"campaign_id":"c1","list_id":"aaa","email_id":"e2","email_address":"b@x","activity":[]})",
      R"({"campaign_id":"c1","list_id":"aaa","email_id":"e3","email_address":"c@x","activity":[{"action":"open","timestamp":")" +
          Time(50) + R"("}]})"};
  f.host.http = s;
  REQUIRE(f.reader->ReadEmailActivity(f.ctx, {"email_activity", TEMPO_SYNC_FULL_REFRESH, ""}).ok());
  CHECK(f.host.Count("campaign_member") == 3);
  const auto& e1 = f.host.Row("campaign_member", "c1:e1");
  CHECK(e1.fields.at("campaign_source_id") == "s:c1");
  CHECK(e1.fields.at("lead_source_id") == "s:aaa:e1");
  CHECK(e1.fields.at("first_touch_at") == "s:" + Time(20));
  CHECK(e1.fields.at("responded") == "b:1");
  CHECK(f.host.Row("campaign_member", "c1:e2").fields.at("first_touch_at") == "null");
  CHECK(f.host.Row("campaign_member", "c1:e3").fields.at("responded") == "b:0");
  CHECK(f.host.committed_state == R"({"version":1})");
}

TEST_CASE("a 401 problem+json names title and detail, never the key") {
  Fixture f;
  f.host.http = [](const FakeHttpRequest&) {
    return Resp(
        401,
        R"({"type":"https://mailchimp.com/developer/marketing/docs/errors/","title":"API Key Invalid","status":401,"detail":"Your API key may be invalid, or you've attempted to access the wrong datacenter.","instance":"x"})");
  };
  sdk::Status s = f.Members(TEMPO_SYNC_FULL_REFRESH, "");
  CHECK(s.code() == TEMPO_ERR_PERMISSION);
  CHECK(s.message().find("API Key Invalid") != std::string::npos);
  CHECK(s.message().find("wrong datacenter") != std::string::npos);
  CHECK(s.message().find("secret0key") == std::string::npos);
}

TEST_CASE("a bare 403 HTML page is a rate limit (retried), a problem+json 403 a refusal") {
  tempo_http_response html{};
  html.struct_size = sizeof html;
  html.status = 403;
  const std::string page = "<html><body>Access Denied</body></html>";
  html.body = page.c_str();
  html.body_len = page.size();
  CHECK(mc::Classify(nullptr, &html) == TEMPO_HTTP_RATE_LIMITED);
  tempo_http_response problem = html;
  const std::string json = R"({"title":"User Disabled","status":403,"detail":"no"})";
  problem.body = json.c_str();
  problem.body_len = json.size();
  CHECK(mc::Classify(nullptr, &problem) == TEMPO_HTTP_DEFAULT);
  tempo_http_response limited = html;
  limited.status = 429;
  CHECK(mc::Classify(nullptr, &limited) == TEMPO_HTTP_RATE_LIMITED);

  Fixture f;
  int calls = 0;
  Server s = Members();
  f.host.http = [&](const FakeHttpRequest& r) {
    if (++calls == 2) return Resp(403, page);  // the first members page, once
    return s(r);
  };
  REQUIRE(f.Members(TEMPO_SYNC_FULL_REFRESH, "").ok());
  CHECK(f.host.Count("lead") == 7);
}

TEST_CASE("an HTML page with status 200 is a data error, not an empty page") {
  Fixture f;
  f.host.http = [](const FakeHttpRequest&) { return Resp(200, "<html>maintenance</html>"); };
  sdk::Status s = f.Members(TEMPO_SYNC_FULL_REFRESH, "");
  CHECK(s.code() == TEMPO_ERR_DATA);
  CHECK(f.host.Count("lead") == 0);
}

TEST_CASE("OAuth: the metadata api_endpoint is the base, and HTTP 200 with an error refuses") {
  Fixture f(R"({"access_token":"tok","metadata_url":"https://login.example/oauth2/metadata"})");
  Server s = Members();
  f.host.http = [&](const FakeHttpRequest& r) {
    if (r.url == "https://login.example/oauth2/metadata") {
      CHECK(r.Header("Authorization") == "OAuth tok");
      return Resp(200, R"({"dc":"us21","api_endpoint":"https://us21.api.mailchimp.com"})");
    }
    return s(r);
  };
  REQUIRE(f.Members(TEMPO_SYNC_FULL_REFRESH, "").ok());
  CHECK(f.host.Count("lead") == 7);

  Fixture bad(R"({"access_token":"tok","metadata_url":"https://login.example/oauth2/metadata"})");
  bad.host.http = [](const FakeHttpRequest&) { return Resp(200, R"({"error":"invalid_token"})"); };
  sdk::Status st = bad.reader->Check(bad.ctx);
  CHECK(st.code() == TEMPO_ERR_PERMISSION);
  CHECK(st.message().find("invalid_token") != std::string::npos);
  CHECK(st.message().find("tok\"") == std::string::npos);
}
