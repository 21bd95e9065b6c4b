// The fake Mailchimp over real HTTP: auth (Basic with the key, Bearer, the OAuth metadata),
// count/offset paging with total_items, the members' filters and sort, empty-string
// timestamps, archived members, email activity, problem+json errors, the connection limit,
// and the moving-sort-key knob.
#include <atomic>
#include <set>
#include <thread>
#include <vector>

#include "fakes/core/encoding.h"
#include "fakes/core/fakeapi_test_util.h"
#include "fakes/mailchimp/mailchimp_records.h"
#include "fakes/mailchimp/provider_mailchimp.h"

namespace tempo::fakes {
namespace {

using testing::ClientFor;
using testing::Json;
using testing::StartServer;
using testing::Str;

constexpr const char* kKey = "0f1e2d3c4b5a69788796a5b4c3d2e1f0-us21";

httplib::Headers Basic(const std::string& key = kKey) {
  return {{"Authorization", "Basic " + Base64Encode("anystring:" + key)}};
}

FakeApiOptions Scale(int64_t scale) {
  FakeApiOptions options;
  options.dataset.scale = scale;
  options.dataset.tie_rows = 0;
  return options;
}

std::string FirstListId(httplib::Client& client) {
  auto res = client.Get("/mailchimp/3.0/lists", Basic());
  REQUIRE(res);
  REQUIRE(res->status == 200);
  Json doc(res->body);
  REQUIRE(doc.ok);
  return Str(doc.root["lists"].at(0)["id"]);
}

TEST_CASE("Mailchimp accepts the key over Basic with any username, and the OAuth token") {
  auto server = StartServer(Scale(20));
  auto client = ClientFor(*server);
  auto ok = client->Get("/mailchimp/3.0/ping", Basic());
  REQUIRE(ok);
  CHECK(ok->status == 200);
  CHECK(ok->body.find("Everything's Chimpy!") != std::string::npos);
  auto bearer = client->Get("/mailchimp/3.0/ping", testing::Bearer("fake-mailchimp-oauth-token"));
  REQUIRE(bearer);
  CHECK(bearer->status == 200);

  auto bad = client->Get("/mailchimp/3.0/ping", Basic("ffffffffffffffffffffffffffffffff-us21"));
  REQUIRE(bad);
  CHECK(bad->status == 401);
  CHECK(bad->get_header_value("Content-Type") == "application/problem+json; charset=utf-8");
  Json doc(bad->body);
  REQUIRE(doc.ok);
  CHECK(Str(doc.root["title"]) == "API Key Invalid");
  CHECK(doc.root["status"].get_int64().value() == 401);
  CHECK(!Str(doc.root["detail"]).empty());
  CHECK(bad->body.find(kKey) == std::string::npos);
  auto none = client->Get("/mailchimp/3.0/ping");
  REQUIRE(none);
  CHECK(none->status == 401);
}

TEST_CASE("Mailchimp OAuth metadata: dc and api_endpoint, and HTTP 200 with an error") {
  auto server = StartServer(Scale(20));
  auto client = ClientFor(*server);
  auto ok = client->Get("/mailchimp/oauth2/metadata",
                        {{"Authorization", "OAuth fake-mailchimp-oauth-token"}});
  REQUIRE(ok);
  REQUIRE(ok->status == 200);
  Json doc(ok->body);
  REQUIRE(doc.ok);
  CHECK(Str(doc.root["dc"]) == "us21");
  CHECK(Str(doc.root["api_endpoint"]) == server->url("/mailchimp"));
  auto bad = client->Get("/mailchimp/oauth2/metadata", {{"Authorization", "OAuth nope"}});
  REQUIRE(bad);
  CHECK(bad->status == 200);
  CHECK(bad->body == "{\"error\":\"invalid_token\"}");
}

TEST_CASE("Mailchimp members page by count and offset over every member of the list once") {
  auto server = StartServer(Scale(30));  // 60 leads over two lists
  auto client = ClientFor(*server);
  int64_t listed = 0;
  for (int list = 0; list < kMailchimpLists; ++list) {
    std::string list_id;
    size_t expected = 0;
    server->WithDataset([&](Dataset& d) {
      MailchimpView view(d);
      list_id = view.ListId(list);
      expected = view.ListRows(list).size();
      return 0;
    });
    std::set<std::string> ids;
    int64_t total = -1;
    for (int64_t offset = 0;; offset += 7) {
      auto res = client->Get(
          "/mailchimp/3.0/lists/" + list_id + "/members?count=7&offset=" + std::to_string(offset) +
              "&sort_field=last_changed&sort_dir=ASC&exclude_fields=members._links",
          Basic());
      REQUIRE(res);
      REQUIRE(res->status == 200);
      Json doc(res->body);
      REQUIRE(doc.ok);
      total = doc.root["total_items"].get_int64().value();
      CHECK(Str(doc.root["list_id"]) == list_id);
      std::string previous;
      for (auto m : doc.root["members"].get_array()) {
        CHECK(ids.insert(Str(m["id"])).second);
        CHECK(m["_links"].error() == simdjson::NO_SUCH_FIELD);
        CHECK(Str(m["list_id"]) == list_id);
        CHECK(Str(m["id"]) == Md5Hex(AsciiLower(Str(m["email_address"]))));
        const std::string changed = Str(m["last_changed"]);
        CHECK(changed.size() == 25);  // 2024-06-29T12:00:00+00:00
        CHECK(changed >= previous);
        previous = changed;
      }
      if (offset + 7 >= total) break;
    }
    CHECK(static_cast<size_t>(total) == expected);
    CHECK(ids.size() == expected);
    listed += total;
  }
  CHECK(listed == 60);
}

TEST_CASE("Mailchimp since_last_changed is strictly after, and archived members show") {
  auto server = StartServer(Scale(20));
  auto client = ClientFor(*server);
  const std::string list_id = FirstListId(*client);
  int64_t first_row = -1;
  server->WithDataset([&](Dataset& d) {
    MailchimpView view(d);
    first_row = view.ListRows(0)[0];
    return 0;
  });
  const int64_t at = 1900000000000;  // 2030-03-17T17:46:40Z
  server->WithDataset([&](Dataset& d) {
    const int64_t rows[] = {first_row};
    d.Archive(Entity::kLead, rows, at);
    return 0;
  });
  auto res = client->Get(
      "/mailchimp/3.0/lists/" + list_id + "/members?since_last_changed=2030-03-17T17:46:39%2B00:00",
      Basic());
  REQUIRE(res);
  REQUIRE(res->status == 200);
  Json doc(res->body);
  REQUIRE(doc.ok);
  CHECK(doc.root["total_items"].get_int64().value() == 1);
  CHECK(Str(doc.root["members"].at(0)["status"]) == "archived");
  CHECK(Str(doc.root["members"].at(0)["last_changed"]) == "2030-03-17T17:46:40+00:00");
  auto same = client->Get(
      "/mailchimp/3.0/lists/" + list_id + "/members?since_last_changed=2030-03-17T17:46:40%2B00:00",
      Basic());
  REQUIRE(same);
  Json none(same->body);
  CHECK(none.root["total_items"].get_int64().value() == 0);
}

TEST_CASE("Mailchimp members carry empty-string timestamps, tags and a capped count") {
  auto server = StartServer(Scale(100));
  auto client = ClientFor(*server);
  const std::string list_id = FirstListId(*client);
  auto res = client->Get("/mailchimp/3.0/lists/" + list_id + "/members?count=5000", Basic());
  REQUIRE(res);
  Json doc(res->body);
  REQUIRE(doc.ok);
  int64_t empty_signup = 0, empty_opt = 0, tagged = 0, n = 0;
  for (auto m : doc.root["members"].get_array()) {
    ++n;
    empty_signup += Str(m["timestamp_signup"]).empty();
    empty_opt += Str(m["timestamp_opt"]).empty();
    tagged += m["tags"].get_array().size() > 0;
    CHECK(m["tags_count"].get_int64().value() ==
          static_cast<int64_t>(m["tags"].get_array().size()));
  }
  CHECK(n == doc.root["total_items"].get_int64().value());  // all of them: below 1000
  CHECK(empty_signup > 0);
  CHECK(empty_opt > 0);
  CHECK(tagged > 0);
}

TEST_CASE("Mailchimp campaigns and their email activity") {
  auto server = StartServer(Scale(60));
  auto client = ClientFor(*server);
  auto res = client->Get(
      "/mailchimp/3.0/campaigns?count=1000&sort_field=create_time&sort_dir=ASC&since_create_time="
      "2020-01-01T00:00:00%2B00:00&exclude_fields=campaigns._links",
      Basic());
  REQUIRE(res);
  REQUIRE(res->status == 200);
  Json doc(res->body);
  REQUIRE(doc.ok);
  CHECK(doc.root["total_items"].get_int64().value() == 3);
  std::string previous, sent_id, draft_id;
  for (auto c : doc.root["campaigns"].get_array()) {
    CHECK(Str(c["create_time"]) >= previous);
    previous = Str(c["create_time"]);
    CHECK(!Str(c["settings"]["title"]).empty());
    if (Str(c["status"]) == "sent") {
      sent_id = Str(c["id"]);
      CHECK(!Str(c["send_time"]).empty());
    } else {
      draft_id = Str(c["id"]);
      CHECK(Str(c["send_time"]).empty());
    }
  }
  REQUIRE(!sent_id.empty());
  auto activity =
      client->Get("/mailchimp/3.0/reports/" + sent_id + "/email-activity?count=1000", Basic());
  REQUIRE(activity);
  REQUIRE(activity->status == 200);
  Json act(activity->body);
  REQUIRE(act.ok);
  int64_t clicks = 0, recipients = 0;
  for (auto e : act.root["emails"].get_array()) {
    ++recipients;
    CHECK(Str(e["campaign_id"]) == sent_id);
    CHECK(Str(e["email_id"]).size() == 32);
    for (auto a : e["activity"].get_array()) clicks += Str(a["action"]) == "click";
  }
  CHECK(recipients == act.root["total_items"].get_int64().value());
  CHECK(recipients > 0);
  CHECK(clicks > 0);
  if (!draft_id.empty()) {
    auto none = client->Get("/mailchimp/3.0/reports/" + draft_id + "/email-activity", Basic());
    REQUIRE(none);
    CHECK(none->status == 404);
  }
  auto missing = client->Get("/mailchimp/3.0/reports/nope/email-activity", Basic());
  REQUIRE(missing);
  CHECK(missing->status == 404);
  CHECK(missing->body.find("Resource Not Found") != std::string::npos);
}

TEST_CASE("Mailchimp answers an 11th simultaneous request with 429") {
  auto server = StartServer(Scale(20));
  server->mailchimp().SetLatency(1500);
  std::atomic<int> ok{0}, limited{0}, ready{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < 12; ++i) {
    threads.emplace_back([&] {
      auto client = ClientFor(*server);
      ++ready;
      while (ready < 12) std::this_thread::yield();  // all at once
      auto res = client->Get("/mailchimp/3.0/ping", Basic());
      if (res && res->status == 200) ++ok;
      if (res && res->status == 429) ++limited;
    });
  }
  for (auto& t : threads) t.join();
  CHECK(ok == 10);
  CHECK(limited == 2);
}

TEST_CASE("Mailchimp's moving-sort-key knob moves the page's first member to the end") {
  auto server = StartServer(Scale(20));
  auto client = ClientFor(*server);
  const std::string list_id = FirstListId(*client);
  const std::string url =
      "/mailchimp/3.0/lists/" + list_id + "/members?sort_field=last_changed&sort_dir=ASC&count=";
  auto ids = [&] {
    auto res = client->Get(url + "1000", Basic());
    REQUIRE(res);
    Json doc(res->body);
    std::vector<std::string> out;
    for (auto m : doc.root["members"].get_array()) out.push_back(Str(m["id"]));
    return out;
  };
  const std::vector<std::string> before = ids();
  REQUIRE(before.size() > 6);
  server->mailchimp().MoveAfterPage(1);
  auto page = client->Get(url + "5&offset=0", Basic());
  REQUIRE(page);
  CHECK(server->mailchimp().moved() == 1);
  const std::vector<std::string> after = ids();
  REQUIRE(after.size() == before.size());
  CHECK(after.back() == before[0]);  // changed now: the end of the last_changed order
  CHECK(after[5] == before[6]);      // everyone after it moved back by one
}

TEST_CASE("Mailchimp faults: problem+json 429 and a bare HTML 403") {
  auto server = StartServer(Scale(20));
  auto client = ClientFor(*server);
  FaultRule limited;
  limited.kind = FaultKind::kRateLimited;
  limited.path = "/mailchimp/3.0/ping";
  limited.retry_after.form = RetryAfter::Form::kNone;
  server->AddFault(limited);
  FaultRule blocked;
  blocked.kind = FaultKind::kStatus;
  blocked.status = 403;
  blocked.body = "html";
  blocked.path = "/mailchimp/3.0/lists";
  server->AddFault(blocked);
  auto r429 = client->Get("/mailchimp/3.0/ping", Basic());
  REQUIRE(r429);
  CHECK(r429->status == 429);
  CHECK(r429->get_header_value("Content-Type").starts_with("application/problem+json"));
  CHECK(!r429->has_header("Retry-After"));
  auto r403 = client->Get("/mailchimp/3.0/lists", Basic());
  REQUIRE(r403);
  CHECK(r403->status == 403);
  CHECK(r403->get_header_value("Content-Type").starts_with("text/html"));
}

}  // namespace
}  // namespace tempo::fakes
