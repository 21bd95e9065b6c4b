// The leads reader against the kit's fake host and a scripted Marketo: export windows read in
// byte ranges with a checkpoint after each, a resumed run that reuses its jobs, the 1035
// fallbacks (createdAt windows; the lead-changes feed), deleted leads, failed and expired jobs,
// and the envelope's error codes (waits recorded, not slept).
#include "lead_reader.h"

#include <catch2/catch.hpp>

#include <memory>
#include <string>
#include <vector>

#include "scripted_marketo.h"
#include "tempo/cursor.hpp"
#include "tempo/testing/fake_host.hpp"
#include "tempo/time.hpp"

namespace mk = tempo::marketo;
namespace sdk = tempo::sdk;
using mk::testing::ActivityPage;
using mk::testing::ScriptedMarketo;
using sdk::testing::FakeHost;
using sdk::testing::FakeHttpRequest;
using sdk::testing::FakeHttpResponse;

namespace {

constexpr const char* kHeader =
    "id,email,company,leadStatus,leadSource,createdAt,updatedAt,acquisitionProgramId,"
    "referringPartner\n";

std::string Row(int id, const std::string& company, const std::string& updated) {
  return std::to_string(id) + ",lead" + std::to_string(id) + "@x.example," + company +
         ",Open,Web,2024-01-01T00:00:00Z," + updated + ",1003,null\n";
}

struct Fixture {
  FakeHost host;
  sdk::Context ctx{host.ctx()};
  ScriptedMarketo marketo;
  mk::Config config;
  std::unique_ptr<mk::MarketoClient> client;
  std::unique_ptr<mk::LeadReader> reader;
  std::vector<double> waits;
  size_t leads = 0;  // what a whole read yields

  explicit Fixture(int64_t days_back = 40) {
    const std::string start =
        sdk::FormatIso(sdk::NowMs() - days_back * sdk::kDayMs, sdk::IsoPrecision::kSeconds);
    REQUIRE(mk::ReadConfig(R"({"base_url":"https://mk.example","client_id":"i",)"
                           R"("client_secret":"s","bulk_poll_seconds":1,)"
                           R"("partner_field":"referringPartner","start_date":")" +
                               start + "\"}",
                           &config)
                .ok());
    client = std::make_unique<mk::MarketoClient>(config);
    client->set_sleeper([this](sdk::Context&, double s) {
      waits.push_back(s);
      return true;
    });
    reader = std::make_unique<mk::LeadReader>(config, *client);
    reader->set_chunk_bytes(16);
    host.http = [this](const FakeHttpRequest& r) { return marketo(r); };
    // The first window has leads 1 and 2 (a quoted company with a comma, a quote and a line
    // break); a later one has lead 3.
    leads = days_back > 31 ? 3 : 2;
    marketo.file_for = [start](const ScriptedMarketo::Job& job) {
      if (job.start == start) {
        return std::string(kHeader) +
               Row(1, "\"Acme, \"\"Inc\"\"\nLabs\"", "2024-01-05T00:00:00Z") +
               Row(2, "Globex", "2024-01-06T00:00:00Z");
      }
      return std::string(kHeader) + Row(3, "Initech", "2024-02-10T00:00:00Z");
    };
  }

  sdk::Status Read(const std::string& state, int32_t mode = TEMPO_SYNC_FULL_REFRESH) {
    return reader->Read(ctx, {"leads", mode, state});
  }
  int Requests(const std::string& part) const {
    int n = 0;
    for (const FakeHttpRequest& r : host.requests) n += r.url.find(part) != std::string::npos;
    return n;
  }
};

}  // namespace

TEST_CASE("marketo leads: a full read exports each window and reads its file in ranges") {
  Fixture f;
  const int64_t before = sdk::NowMs();
  REQUIRE(f.Read("").ok());
  REQUIRE(f.host.Count("lead") == 3);
  CHECK(f.host.Row("lead", "1").fields.at("company") == "s:Acme, \"Inc\"\nLabs");
  CHECK(f.host.Row("lead", "2").updated_at == "2024-01-06T00:00:00Z");
  CHECK(f.host.Row("lead", "3").fields.at("campaign_source_id") == "s:1003");
  CHECK(f.host.Row("lead", "3").fields.at("partner_source_id") == "null");
  // Two windows of at most 31 days from start_date; the second was queued behind the first.
  REQUIRE(f.marketo.jobs.size() == 2);
  CHECK(f.marketo.jobs[0].filter == "updatedAt");
  CHECK(f.marketo.jobs[0].end == f.marketo.jobs[1].start);
  std::vector<std::string> calls;
  for (const FakeHttpRequest& r : f.host.requests) {
    for (const char* step : {"create.json", "enqueue.json", "status.json"}) {
      if (r.url.find(step) != std::string::npos) calls.push_back(step);
    }
  }
  CHECK(std::vector<std::string>(calls.begin(), calls.begin() + 5) ==
        std::vector<std::string>{"create.json", "enqueue.json", "create.json", "enqueue.json",
                                 "status.json"});
  // 16-byte ranges, a checkpoint after each: the committed offset only grows.
  CHECK(f.Requests("/file.json") > 10);
  CHECK(f.host.states.size() > 10);
  // The end hands on the instant the read started, less the lag.
  mk::LeadsState done;
  REQUIRE(mk::DecodeState(f.host.committed_state, &done).ok());
  CHECK(!done.run);
  CHECK(done.cursor_ms >= sdk::ReadStart(before));
  CHECK(done.cursor_ms <= sdk::ReadStart(sdk::NowMs()));
  CHECK(f.waits.empty());  // nothing to wait for: each status said Completed at once
}

TEST_CASE("marketo leads: a run killed at a checkpoint resumes in the same file with its jobs") {
  for (int kill_at = 3; kill_at <= 12; ++kill_at) {
    INFO("killed at checkpoint " << kill_at);
    Fixture f;
    f.host.fail_checkpoint_number = kill_at;
    CHECK(!f.Read("").ok());
    mk::LeadsState committed;
    REQUIRE(mk::DecodeState(f.host.committed_state, &committed).ok());
    std::vector<std::string> kept;  // the jobs the committed state names
    for (const auto* job : {&committed.run->job, &committed.run->next}) {
      if (*job && !(*job)->id.empty()) kept.push_back((*job)->id);
    }
    f.host.Restart();
    f.host.fail_checkpoint_number = 0;
    const size_t from = f.host.requests.size();
    REQUIRE(f.Read(f.host.committed_state).ok());
    CHECK(f.host.Count("lead") == 3);
    CHECK(f.host.rejects.empty());
    // The jobs the state names are polled again, not made again: at most the one whose
    // creation was not yet committed is made twice.
    CHECK(f.marketo.jobs.size() <= 3);
    for (const std::string& id : kept) {
      bool polled = false;
      for (size_t i = from; i < f.host.requests.size(); ++i) {
        polled |=
            f.host.requests[i].url.find("/export/" + id + "/status.json") != std::string::npos;
      }
      CHECK(polled);
    }
  }
}

TEST_CASE("marketo leads: a resumed read asks for its file from the committed byte") {
  Fixture f;
  f.host.fail_checkpoint_number = 8;  // a few ranges into window 1's file
  CHECK(!f.Read("").ok());
  mk::LeadsState committed;
  REQUIRE(mk::DecodeState(f.host.committed_state, &committed).ok());
  REQUIRE(committed.run);
  REQUIRE(committed.run->job);
  const int64_t offset = committed.run->job->offset;
  REQUIRE(offset > 0);
  CHECK(!committed.run->job->columns.empty());
  f.host.Restart();
  f.host.fail_checkpoint_number = 0;
  const size_t from = f.host.requests.size();
  REQUIRE(f.Read(f.host.committed_state).ok());
  std::string first_range;
  for (size_t i = from; i < f.host.requests.size() && first_range.empty(); ++i) {
    if (f.host.requests[i].url.find("/file.json") != std::string::npos) {
      first_range = f.host.requests[i].Header("Range");
    }
  }
  CHECK(first_range.rfind("bytes=" + std::to_string(offset) + "-", 0) == 0);
  CHECK(f.host.Count("lead") == 3);
}

TEST_CASE("marketo leads: without the updatedAt filter (1035) a full read exports by createdAt") {
  Fixture f;
  f.marketo.updated_at_filter = false;
  REQUIRE(f.Read("").ok());
  CHECK(f.host.Count("lead") == 3);
  REQUIRE(f.marketo.jobs.size() == 2);
  CHECK(f.marketo.jobs[0].filter == "createdAt");
  CHECK(f.Requests("create.json") == 3);  // the refused one, then two windows
}

TEST_CASE(
    "marketo leads: without the updatedAt filter an incremental read follows the "
    "lead-changes feed, then deleted leads soft-delete") {
  Fixture f;
  f.marketo.updated_at_filter = false;
  mk::LeadsState previous;
  previous.cursor_ms = sdk::NowMs() - sdk::kDayMs;
  // Changes: leads 5 and 6 (lead 5 twice), an empty page that says more, then lead 7. The
  // second token has base32 padding: it goes URL-encoded.
  f.marketo.change_pages["T0"] = ActivityPage(
      R"([{"id":1,"leadId":5,"activityTypeId":13},{"id":2,"leadId":6,"activityTypeId":12},)"
      R"({"id":3,"leadId":5,"activityTypeId":13}])",
      "T1==", true);
  f.marketo.change_pages["T1%3D%3D"] = ActivityPage("[]", "T2", true);
  f.marketo.change_pages["T2"] = ActivityPage(R"([{"id":4,"leadId":7}])", "T3", false);
  for (int id : {5, 6, 7}) {
    f.marketo.leads_by_id[std::to_string(id)] =
        R"({"id":)" + std::to_string(id) + R"(,"email":"l)" + std::to_string(id) +
        R"(@x.example","updatedAt":"2024-03-01T00:00:00Z","acquisitionProgramId":1002})";
  }
  f.marketo.deleted_pages["T0"] = ActivityPage(
      R"([{"id":9,"leadId":9,"activityDate":"2024-03-02T00:00:00Z","activityTypeId":37}])", "D1",
      false);
  REQUIRE(f.Read(mk::EncodeState(previous), TEMPO_SYNC_INCREMENTAL).ok());
  CHECK(f.host.Count("lead") == 4);
  CHECK(f.host.Row("lead", "5").fields.at("campaign_source_id") == "s:1002");
  CHECK(f.host.Row("lead", "6").fields.at("email") == "s:l6@x.example");
  CHECK(f.host.Row("lead", "9").deleted);
  CHECK(f.host.Row("lead", "9").updated_at == "2024-03-02T00:00:00Z");
  // One leads.json call per page with changes, the page's distinct ids, 300 at most.
  std::vector<std::string> asked;
  for (const FakeHttpRequest& r : f.host.requests) {
    if (r.url.find("/rest/v1/leads.json") != std::string::npos) {
      asked.push_back(mk::testing::Param(r.url, "filterValues"));
      CHECK(mk::testing::Param(r.url, "filterType") == "id");
    }
  }
  CHECK(asked == std::vector<std::string>{"5,6", "7"});
  // The next run starts at the feeds' last positions.
  mk::LeadsState done;
  REQUIRE(mk::DecodeState(f.host.committed_state, &done).ok());
  CHECK(done.changes_token == "T3");
  CHECK(done.deleted_token == "D1");
  CHECK(f.Requests("pagingtoken.json") == 2);
}

TEST_CASE(
    "marketo leads: an incremental read exports from the cursor, then reads deleted leads "
    "from the last token") {
  Fixture f;
  mk::LeadsState previous;
  previous.cursor_ms = sdk::NowMs() - 2 * sdk::kDayMs;
  previous.deleted_token = "D7";
  f.marketo.deleted_pages["D7"] = ActivityPage(R"([{"id":1,"leadId":2}])", "D8", false);
  REQUIRE(f.Read(mk::EncodeState(previous), TEMPO_SYNC_INCREMENTAL).ok());
  REQUIRE(f.marketo.jobs.size() == 1);  // two days: one window
  CHECK(f.marketo.jobs[0].start == sdk::FormatIso(previous.cursor_ms - previous.cursor_ms % 1000,
                                                  sdk::IsoPrecision::kSeconds));
  CHECK(f.host.Row("lead", "2").deleted);
  CHECK(f.Requests("pagingtoken.json") == 0);
  mk::LeadsState done;
  REQUIRE(mk::DecodeState(f.host.committed_state, &done).ok());
  CHECK(done.deleted_token == "D8");
}

TEST_CASE("marketo leads: exports are polled with the backoff until Completed") {
  Fixture f(10);  // one window
  f.marketo.statuses = {"Queued", "Processing"};
  REQUIRE(f.Read("").ok());
  CHECK(f.waits == std::vector<double>{0.25, 0.5});
  CHECK(f.host.Count("lead") == f.leads);
}

TEST_CASE(
    "marketo leads: a Failed export fails the run naming it, the next run exports the "
    "window again") {
  Fixture f(10);
  f.marketo.statuses = {"Failed"};
  const sdk::Status s = f.Read("");
  CHECK(s.code() == TEMPO_ERR_UNAVAILABLE);
  CHECK(s.message().find("export job1") != std::string::npos);
  CHECK(s.message().find("ended Failed") != std::string::npos);
  REQUIRE(f.Read(f.host.committed_state).ok());
  CHECK(f.marketo.jobs.size() == 2);
  CHECK(f.host.Count("lead") == f.leads);
}

TEST_CASE("marketo leads: a job Marketo no longer knows is exported again") {
  Fixture f(10);
  f.host.fail_checkpoint_number = 3;  // after the job was created and enqueued
  CHECK(!f.Read("").ok());
  f.marketo.jobs.clear();  // seven days later
  f.host.Restart();
  f.host.fail_checkpoint_number = 0;
  REQUIRE(f.Read(f.host.committed_state).ok());
  CHECK(f.host.Count("lead") == f.leads);
  bool warned = false;
  for (const std::string& line : f.host.logs)
    warned |= line.find("no longer knows") != std::string::npos;
  CHECK(warned);
}

TEST_CASE("marketo leads: envelope errors are retried, waited out, deferred or reported") {
  SECTION("606: the rate window is waited out") {
    Fixture f(10);
    f.marketo.errors.push_back({"describe.json", mk::testing::Error("606", "Max rate limit")});
    f.marketo.errors.push_back({"describe.json", mk::testing::Error("606", "Max rate limit")});
    REQUIRE(f.Read("").ok());
    CHECK(f.waits == std::vector<double>{1, 2});
  }
  SECTION("611 six times: a clear failure naming the code") {
    Fixture f(10);
    for (int i = 0; i < 6; ++i) {
      f.marketo.errors.push_back({"describe.json", mk::testing::Error("611", "System error")});
    }
    const sdk::Status s = f.Read("");
    CHECK(s.code() == TEMPO_ERR_UNAVAILABLE);
    CHECK(s.message().find("error 611 (System error) 6 times") != std::string::npos);
    CHECK(f.waits == std::vector<double>{1, 2, 4, 8, 16});
  }
  SECTION("607: the run is deferred at its last checkpoint") {
    Fixture f;
    f.marketo.errors.push_back({"/status.json", mk::testing::Error("607", "Daily quota reached")});
    const sdk::Status s = f.Read("");
    CHECK(s.code() == TEMPO_ERR_QUOTA);
    CHECK(s.message().find("error 607") != std::string::npos);
    CHECK(s.message().find("deferred") != std::string::npos);
    mk::LeadsState committed;
    REQUIRE(mk::DecodeState(f.host.committed_state, &committed).ok());
    REQUIRE(committed.run);
    CHECK(committed.run->job->enqueued);  // the resumed run polls the same job
  }
  SECTION("1029: a full export queue is waited out, a spent allowance defers") {
    Fixture f(10);
    f.marketo.errors.push_back(
        {"enqueue.json", mk::testing::Error("1029", "Too many jobs (10) in queue")});
    REQUIRE(f.Read("").ok());
    CHECK(f.waits == std::vector<double>{1});
    Fixture g(10);
    g.marketo.errors.push_back(
        {"create.json", mk::testing::Error("1029", "Export daily quota 500MB exceeded")});
    CHECK(g.Read("").code() == TEMPO_ERR_QUOTA);
  }
  SECTION("601: the host renews the token and replays the request") {
    Fixture f(10);
    f.marketo.errors.push_back(
        {"describe.json", mk::testing::Error("601", "Access token invalid")});
    REQUIRE(f.Read("").ok());
    CHECK(f.Requests("describe.json") == 2);
    CHECK(f.waits.empty());
  }
  SECTION("another code: a failure naming code and message") {
    Fixture f(10);
    f.marketo.errors.push_back({"create.json", mk::testing::Error("1006", "Field 'x' not found")});
    const sdk::Status s = f.Read("");
    CHECK(s.code() == TEMPO_ERR_INVALID_ARGUMENT);
    CHECK(s.message().find("error 1006 (Field 'x' not found)") != std::string::npos);
  }
  SECTION("603: a permission error that says which role to grant") {
    Fixture f(10);
    f.marketo.errors.push_back({"describe.json", mk::testing::Error("603", "Access denied")});
    const sdk::Status s = f.Read("");
    CHECK(s.code() == TEMPO_ERR_PERMISSION);
    CHECK(s.message().find("Read-Only Lead") != std::string::npos);
  }
}

TEST_CASE("marketo leads: check asks for the lead fields and refuses a missing partner_field") {
  Fixture f;
  REQUIRE(f.reader->Check(f.ctx).ok());
  f.marketo.fields.pop_back();  // referringPartner
  const sdk::Status s = f.reader->Check(f.ctx);
  CHECK(s.code() == TEMPO_ERR_INVALID_ARGUMENT);
  CHECK(s.message().find("referringPartner") != std::string::npos);
}
