// The fake Marketo over real HTTP: the identity endpoint's token reuse, the success:false
// envelope and its limits, bulk lead exports (lifecycle, CSV quirks, Range), the activity feed's
// paging tokens, programs (asset paging) and program members (token paging, empty pages).
#include <map>
#include <set>

#include "fakes/core/encoding.h"
#include "fakes/core/fakeapi_test_util.h"
#include "fakes/marketo/marketo_exports.h"
#include "fakes/marketo/marketo_records.h"
#include "fakes/marketo/provider_marketo.h"

namespace tempo::fakes {
namespace {

using testing::Bearer;
using testing::ClientFor;
using testing::Json;
using testing::StartServer;
using testing::Str;

std::string Login(httplib::Client& client, int64_t* expires_in = nullptr) {
  auto res = client.Get(
      "/marketo/identity/oauth/token?grant_type=client_credentials&client_id=fake-marketo-client-id"
      "&client_secret=fake-marketo-client-secret");
  REQUIRE(res);
  REQUIRE(res->status == 200);
  Json json(res->body);
  REQUIRE(json.ok);
  if (expires_in) *expires_in = json.root["expires_in"].get_int64().value();
  return Str(json.root["access_token"]);
}

// The first error code of an envelope, "" on success.
std::string ErrorCode(const std::string& body) {
  Json json(body);
  REQUIRE(json.ok);
  if (json.root["success"].get_bool().value()) return "";
  return Str(json.root["errors"].at(0)["code"]);
}

// Parses a whole CSV text (RFC 4180) into rows of fields.
std::vector<std::vector<std::string>> ParseCsv(const std::string& text) {
  std::vector<std::vector<std::string>> rows(1);
  std::string field;
  bool quoted = false;
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (quoted) {
      if (c == '"' && i + 1 < text.size() && text[i + 1] == '"') {
        field += '"';
        ++i;
      } else if (c == '"') {
        quoted = false;
      } else {
        field += c;
      }
    } else if (c == '"') {
      quoted = true;
    } else if (c == ',') {
      rows.back().push_back(std::move(field));
      field.clear();
    } else if (c == '\n') {
      rows.back().push_back(std::move(field));
      field.clear();
      rows.emplace_back();
    } else {
      field += c;
    }
  }
  rows.pop_back();  // after the last line break
  return rows;
}

struct Export {
  std::string id, status;
  std::string file;
};

Export RunExport(httplib::Client& client, const std::string& token, const std::string& body) {
  auto created = client.Post("/marketo/bulk/v1/leads/export/create.json", Bearer(token), body,
                             "application/json");
  REQUIRE(created);
  Json c(created->body);
  REQUIRE(c.ok);
  INFO(created->body);
  REQUIRE(c.root["success"].get_bool().value());
  Export e;
  e.id = Str(c.root["result"].at(0)["exportId"]);
  CHECK(Str(c.root["result"].at(0)["status"]) == "Created");
  auto queued = client.Post(("/marketo/bulk/v1/leads/export/" + e.id + "/enqueue.json").c_str(),
                            Bearer(token), "", "application/json");
  REQUIRE(queued);
  Json q(queued->body);
  REQUIRE(Str(q.root["result"].at(0)["status"]) == "Queued");
  auto status =
      client.Get(("/marketo/bulk/v1/leads/export/" + e.id + "/status.json").c_str(), Bearer(token));
  REQUIRE(status);
  Json s(status->body);
  e.status = Str(s.root["result"].at(0)["status"]);
  if (e.status == "Completed") {
    auto file =
        client.Get(("/marketo/bulk/v1/leads/export/" + e.id + "/file.json").c_str(), Bearer(token));
    REQUIRE(file);
    REQUIRE(file->status == 200);
    e.file = file->body;
    CHECK(s.root["result"].at(0)["fileSize"].get_int64().value() ==
          static_cast<int64_t>(e.file.size()));
  }
  return e;
}

std::string WindowBody(
    const std::string& filter, int64_t start_ms, int64_t end_ms,
    const std::string& fields =
        R"("id","email","company","address","leadStatus","leadSource","updatedAt")") {
  return R"({"fields":[)" + fields + R"(],"format":"CSV","filter":{")" + filter +
         R"(":{"startAt":")" + FormatLeadDateTime(start_ms) + R"(","endAt":")" +
         FormatLeadDateTime(end_ms) + R"("}}})";
}

FakeApiOptions SmallInstance() {
  FakeApiOptions options;
  options.dataset.scale = 20;  // 40 leads, 3 programs
  options.dataset.history_days = 40;
  return options;
}

TEST_CASE("Marketo identity returns the same token with a decreasing expires_in until it expires") {
  auto server = StartServer(SmallInstance());
  auto client = ClientFor(*server);
  int64_t first_expiry = 0, second_expiry = 0;
  const std::string token = Login(*client, &first_expiry);
  CHECK(first_expiry == 3600);
  CHECK(token.ends_with(":int"));
  server->AdvanceClock(std::chrono::seconds(1000));
  CHECK(Login(*client, &second_expiry) == token);
  CHECK(second_expiry >= 2598);
  CHECK(second_expiry <= 2600);
  // Form parameters in a POST work as well as the query.
  auto posted = client->Post(
      "/marketo/identity/oauth/token",
      "grant_type=client_credentials&client_id=fake-marketo-client-id&client_secret=fake-marketo-"
      "client-secret",
      "application/x-www-form-urlencoded");
  REQUIRE(posted);
  CHECK(posted->body.find(token) != std::string::npos);
  // Expired: calls answer 602 in an HTTP 200 envelope; the identity hands out a new token.
  server->AdvanceClock(std::chrono::seconds(2600));
  auto describe = client->Get("/marketo/rest/v1/leads/describe.json", Bearer(token));
  REQUIRE(describe);
  CHECK(describe->status == 200);
  CHECK(ErrorCode(describe->body) == "602");
  const std::string fresh = Login(*client);
  CHECK(fresh != token);
  describe = client->Get("/marketo/rest/v1/leads/describe.json", Bearer(fresh));
  CHECK(ErrorCode(describe->body) == "");
  // Unknown token, no token, and the retired query-string token: 601.
  CHECK(ErrorCode(client->Get("/marketo/rest/v1/leads/describe.json", Bearer("nope"))->body) ==
        "601");
  CHECK(
      ErrorCode(client->Get(("/marketo/rest/v1/leads/describe.json?access_token=" + fresh).c_str())
                    ->body) == "601");
  auto bad = client->Get(
      "/marketo/identity/oauth/token?grant_type=client_credentials&client_id=x&client_secret=y");
  REQUIRE(bad);
  CHECK(bad->status == 401);
  CHECK(bad->body.find("Bad client credentials") != std::string::npos);
}

TEST_CASE("Marketo enforces its rate window (606), concurrency (615) and daily quota (607)") {
  FakeApiOptions options = SmallInstance();
  options.marketo.rate_limit = 3;
  options.marketo.daily_quota = 5;
  auto server = StartServer(options);
  auto client = ClientFor(*server);
  const std::string token = Login(*client);
  std::vector<std::string> codes;
  for (int i = 0; i < 7; ++i) {
    codes.push_back(
        ErrorCode(client->Get("/marketo/rest/v1/leads/describe.json", Bearer(token))->body));
  }
  CHECK(codes == std::vector<std::string>{"", "", "", "606", "606", "607", "607"});
  MarketoOptions unlimited = server->marketo().options();
  unlimited.daily_quota = 1000;
  unlimited.rate_limit = 1000;
  unlimited.max_concurrent = 0;  // every call is one too many
  server->marketo().SetOptions(unlimited);
  CHECK(ErrorCode(client->Get("/marketo/rest/v1/leads/describe.json", Bearer(token))->body) ==
        "615");
}

TEST_CASE("Marketo faults render as envelope codes") {
  auto server = StartServer(SmallInstance());
  auto client = ClientFor(*server);
  const std::string token = Login(*client);
  FaultRule rule;
  rule.kind = FaultKind::kStatus;
  rule.status = 611;
  rule.path = "/marketo/rest";
  server->AddFault(rule);
  auto res = client->Get("/marketo/rest/v1/leads/describe.json", Bearer(token));
  CHECK(res->status == 200);
  CHECK(ErrorCode(res->body) == "611");
  rule.kind = FaultKind::kQuota;
  rule.times = 1;
  server->AddFault(rule);
  CHECK(ErrorCode(client->Get("/marketo/rest/v1/leads/describe.json", Bearer(token))->body) ==
        "607");
  rule.kind = FaultKind::kRateLimited;
  server->AddFault(rule);
  CHECK(ErrorCode(client->Get("/marketo/rest/v1/leads/describe.json", Bearer(token))->body) ==
        "606");
  CHECK(ErrorCode(client->Get("/marketo/rest/v1/leads/describe.json", Bearer(token))->body) == "");
}

TEST_CASE("Marketo bulk lead export writes the window's leads as CSV with Marketo's quirks") {
  auto server = StartServer(SmallInstance());
  auto client = ClientFor(*server);
  const std::string token = Login(*client);
  const int64_t as_of = server->options().dataset.as_of_ms;
  // Two windows of at most 31 days cover the 40-day history.
  std::map<std::string, std::vector<std::string>> by_id;
  std::vector<std::string> header;
  for (int64_t start : {as_of - 45 * 86'400'000LL, as_of - 14 * 86'400'000LL}) {
    Export e = RunExport(*client, token, WindowBody("updatedAt", start, start + 31 * 86'400'000LL));
    REQUIRE(e.status == "Completed");
    auto rows = ParseCsv(e.file);
    REQUIRE(!rows.empty());
    header = rows[0];
    for (size_t i = 1; i < rows.size(); ++i) {
      REQUIRE(rows[i].size() == header.size());
      by_id[rows[i][0]] = rows[i];
    }
  }
  CHECK(header == std::vector<std::string>{"id", "email", "company", "address", "leadStatus",
                                           "leadSource", "updatedAt"});
  int multi_line = 0, quoted = 0, nulls = 0, empties = 0, commas = 0;
  server->WithDataset([&](Dataset& d) {
    REQUIRE(static_cast<int64_t>(by_id.size()) == d.Count(Entity::kLead));
    for (int64_t row = 0; row < d.Count(Entity::kLead); ++row) {
      const MarketoLead lead = RenderMarketoLead(d, row);
      const auto& got = by_id.at(std::to_string(lead.id));
      const auto& address = lead.Value("address");
      CHECK(got[3] == address.value_or("null"));
      if (address && address->find('\n') != std::string::npos) ++multi_line;
      if (address && address->find('"') != std::string::npos) ++quoted;
      if (!lead.Value("leadStatus")) {
        CHECK(got[4] == "null");
        ++nulls;
      }
      if (lead.Value("leadSource") == std::string()) {
        CHECK(got[5].empty());
        ++empties;
      }
      if (lead.Value("company")->find(',') != std::string::npos) ++commas;
      CHECK(got[2] == *lead.Value("company"));
      CHECK(got[6] == *lead.Value("updatedAt"));
    }
    return 0;
  });
  CHECK(multi_line > 0);
  CHECK(quoted > 0);
  CHECK(nulls > 0);
  CHECK(empties > 0);
  CHECK(commas > 0);
}

TEST_CASE("Marketo bulk export: Range, windows over 31 days, 1035 without the updatedAt filter") {
  auto server = StartServer(SmallInstance());
  auto client = ClientFor(*server);
  const std::string token = Login(*client);
  const int64_t as_of = server->options().dataset.as_of_ms;
  const int64_t day = 86'400'000;
  Export e = RunExport(*client, token, WindowBody("createdAt", as_of - 45 * day, as_of - 14 * day));
  REQUIRE(e.status == "Completed");
  REQUIRE(e.file.size() > 100);
  auto part = client->Get(("/marketo/bulk/v1/leads/export/" + e.id + "/file.json").c_str(),
                          {{"Authorization", "Bearer " + token}, {"Range", "bytes=10-59"}});
  REQUIRE(part);
  CHECK(part->status == 206);
  CHECK(part->body == e.file.substr(10, 50));
  CHECK(part->get_header_value("Content-Range") == "bytes 10-59/" + std::to_string(e.file.size()));
  auto tail = client->Get(("/marketo/bulk/v1/leads/export/" + e.id + "/file.json").c_str(),
                          {{"Authorization", "Bearer " + token}, {"Range", "bytes=100-"}});
  CHECK(tail->status == 206);
  CHECK(tail->body == e.file.substr(100));
  auto beyond = client->Get(("/marketo/bulk/v1/leads/export/" + e.id + "/file.json").c_str(),
                            {{"Authorization", "Bearer " + token},
                             {"Range", "bytes=" + std::to_string(e.file.size()) + "-"}});
  CHECK(beyond->status == 416);

  auto wide = client->Post("/marketo/bulk/v1/leads/export/create.json", Bearer(token),
                           WindowBody("updatedAt", as_of - 45 * day, as_of), "application/json");
  CHECK(ErrorCode(wide->body) == "1003");
  MarketoOptions o = server->marketo().options();
  o.updated_at_filter = false;
  server->marketo().SetOptions(o);
  auto refused = client->Post("/marketo/bulk/v1/leads/export/create.json", Bearer(token),
                              WindowBody("updatedAt", as_of - 20 * day, as_of), "application/json");
  CHECK(ErrorCode(refused->body) == "1035");
}

TEST_CASE("Marketo export jobs go Queued -> Processing -> Completed over export_ms") {
  FakeApiOptions options = SmallInstance();
  options.marketo.export_ms = 2000;
  auto server = StartServer(options);
  auto client = ClientFor(*server);
  const std::string token = Login(*client);
  const int64_t as_of = server->options().dataset.as_of_ms;
  Export e = RunExport(*client, token, WindowBody("updatedAt", as_of - 20 * 86'400'000LL, as_of));
  CHECK(e.status == "Queued");
  auto file =
      client->Get(("/marketo/bulk/v1/leads/export/" + e.id + "/file.json").c_str(), Bearer(token));
  CHECK(ErrorCode(file->body) == "1003");
  server->AdvanceClock(std::chrono::milliseconds(1000));
  auto status = client->Get(("/marketo/bulk/v1/leads/export/" + e.id + "/status.json").c_str(),
                            Bearer(token));
  CHECK(status->body.find("\"Processing\"") != std::string::npos);
  server->AdvanceClock(std::chrono::milliseconds(1000));
  status = client->Get(("/marketo/bulk/v1/leads/export/" + e.id + "/status.json").c_str(),
                       Bearer(token));
  CHECK(status->body.find("\"Completed\"") != std::string::npos);
  CHECK(status->body.find("\"numberOfRecords\"") != std::string::npos);
}

// Follows an activity feed from `token` while moreResult; returns the lead ids of every activity.
std::vector<int64_t> WalkActivities(httplib::Client& client, const std::string& auth,
                                    const std::string& path, std::string token, int* empty_pages,
                                    std::string* last_token) {
  std::vector<int64_t> ids;
  for (int pages = 0; pages < 1000; ++pages) {
    auto res = client.Get((path + "&nextPageToken=" + PercentEncode(token)).c_str(), Bearer(auth));
    REQUIRE(res);
    Json json(res->body);
    REQUIRE(json.ok);
    INFO(res->body);
    REQUIRE(json.root["success"].get_bool().value());
    token = Str(json.root["nextPageToken"]);  // on every page, the last included
    size_t n = 0;
    for (auto a : json.root["result"].get_array()) {
      ids.push_back(a["leadId"].get_int64().value());
      ++n;
    }
    if (n == 0 && json.root["moreResult"].get_bool().value()) ++*empty_pages;
    if (!json.root["moreResult"].get_bool().value()) break;
  }
  *last_token = token;
  return ids;
}

TEST_CASE("Marketo activities: paging tokens, lead changes and deleted leads since a time") {
  auto server = StartServer(SmallInstance());
  auto client = ClientFor(*server);
  const std::string auth = Login(*client);
  const int64_t now = server->NowMs();
  auto paging = client->Get(("/marketo/rest/v1/activities/pagingtoken.json?sinceDatetime=" +
                             PercentEncode(FormatLeadDateTime(now - 1000)))
                                .c_str(),
                            Bearer(auth));
  Json p(paging->body);
  REQUIRE(p.ok);
  const std::string since_now = Str(p.root["nextPageToken"]);
  CHECK(since_now.find('=') != std::string::npos);  // base32 padding: clients must encode it
  server->WithDataset([&](Dataset& d) {
    d.TouchRange(Entity::kLead, 3, 4, now + 1000);
    d.ArchiveRange(Entity::kLead, 10, 2, now + 2000);
    return 0;
  });
  int empty = 0;
  std::string last;
  auto changed = WalkActivities(*client, auth,
                                "/marketo/rest/v1/activities/leadchanges.json?fields=email,title",
                                since_now, &empty, &last);
  CHECK(changed == std::vector<int64_t>{kMarketoLeadBase + 3, kMarketoLeadBase + 4,
                                        kMarketoLeadBase + 5, kMarketoLeadBase + 6});
  auto deleted =
      WalkActivities(*client, auth, "/marketo/rest/v1/activities/deletedleads.json?batchSize=300",
                     since_now, &empty, &last);
  CHECK(deleted == std::vector<int64_t>{kMarketoLeadBase + 10, kMarketoLeadBase + 11});
  // From the last token, nothing new; a later change shows.
  std::string again;
  CHECK(WalkActivities(*client, auth, "/marketo/rest/v1/activities/deletedleads.json?batchSize=300",
                       last, &empty, &again)
            .empty());
  // From the start of the history every lead's creation shows, with empty pages on the way.
  empty = 0;
  paging =
      client->Get("/marketo/rest/v1/activities/pagingtoken.json?sinceDatetime=2006-01-01T00:00:00Z",
                  Bearer(auth));
  Json all(paging->body);
  auto created = WalkActivities(
      *client, auth, "/marketo/rest/v1/activities/leadchanges.json?fields=email&batchSize=10",
      Str(all.root["nextPageToken"]), &empty, &last);
  CHECK(created.size() == 38);  // 40 leads, 2 deleted
  CHECK(empty > 0);
}

TEST_CASE("Marketo programs page by offset and end with the No assets found warning") {
  auto server = StartServer(SmallInstance());
  auto client = ClientFor(*server);
  const std::string auth = Login(*client);
  std::vector<int64_t> ids;
  for (int offset = 0;; offset += 2) {
    auto res = client->Get(
        ("/marketo/rest/asset/v1/programs.json?maxReturn=2&offset=" + std::to_string(offset))
            .c_str(),
        Bearer(auth));
    Json json(res->body);
    REQUIRE(json.ok);
    REQUIRE(json.root["success"].get_bool().value());
    simdjson::dom::array result;
    if (json.root["result"].get_array().get(result) != simdjson::SUCCESS) {
      CHECK(Str(json.root["warnings"].at(0)) == "No assets found for the given search criteria.");
      break;
    }
    for (auto program : result) {
      ids.push_back(program["id"].get_int64().value());
      CHECK(Str(program["updatedAt"]).ends_with("Z+0000"));
    }
  }
  CHECK(ids == std::vector<int64_t>{1001, 1002, 1003});
  CHECK(ErrorCode(client->Get("/marketo/rest/asset/v1/programs.json?maxReturn=201", Bearer(auth))
                      ->body) == "1003");
  // Updated since: only the touched program.
  const int64_t now = server->NowMs();
  server->WithDataset([&](Dataset& d) {
    d.TouchRange(Entity::kCampaign, 1, 1, now);
    return 0;
  });
  auto recent =
      client->Get(("/marketo/rest/asset/v1/programs.json?maxReturn=200&earliestUpdatedAt=" +
                   PercentEncode(FormatLeadDateTime(now - 1000)) +
                   "&latestUpdatedAt=" + PercentEncode(FormatLeadDateTime(now + 1000)))
                      .c_str(),
                  Bearer(auth));
  Json r(recent->body);
  REQUIRE(r.root["result"].get_array().size() == 1);
  CHECK(r.root["result"].at(0)["id"].get_int64().value() == 1002);
}

TEST_CASE("Marketo program members page by token, with a token on every page and empty pages") {
  FakeApiOptions options = SmallInstance();
  options.marketo.scan_rows = 5;
  auto server = StartServer(options);
  auto client = ClientFor(*server);
  const std::string auth = Login(*client);
  std::map<int64_t, std::set<int64_t>> expected;
  server->WithDataset([&](Dataset& d) {
    for (int64_t row = 0; row < d.Count(Entity::kCampaignMember); ++row) {
      if (auto m = RenderMarketoMembership(d, row)) {
        expected[kMarketoProgramBase + m->program_row].insert(kMarketoLeadBase + m->lead_row);
      }
    }
    return 0;
  });
  int empty = 0;
  for (const auto& [program, leads] : expected) {
    std::set<int64_t> got;
    std::string token;
    for (int page = 0; page < 100; ++page) {
      std::string path = "/marketo/rest/v1/leads/programs/" + std::to_string(program) +
                         ".json?batchSize=3&fields=email";
      if (!token.empty()) path += "&nextPageToken=" + PercentEncode(token);
      auto res = client->Get(path.c_str(), Bearer(auth));
      Json json(res->body);
      REQUIRE(json.ok);
      INFO(res->body);
      REQUIRE(json.root["success"].get_bool().value());
      token = Str(json.root["nextPageToken"]);
      REQUIRE(!token.empty());
      size_t n = 0;
      for (auto lead : json.root["result"].get_array()) {
        got.insert(lead["id"].get_int64().value());
        CHECK(Str(lead["membership"]["membershipDate"]).ends_with("Z"));
        ++n;
      }
      if (n == 0 && json.root["moreResult"].get_bool().value()) ++empty;
      if (!json.root["moreResult"].get_bool().value()) break;
    }
    CHECK(got == leads);
  }
  CHECK(empty > 0);
  CHECK(ErrorCode(client->Get("/marketo/rest/v1/leads/programs/99999.json", Bearer(auth))->body) ==
        "1013");
}

}  // namespace
}  // namespace tempo::fakes
