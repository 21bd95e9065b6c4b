// The crossbeam cursor logic as pure functions: where an overlap read starts from its saved
// cursor (and when it must restart as a full refresh), which URL each page comes from (never a
// link on another origin), and what a page hands on (the final cursor).
#include "paging.h"

#include <catch2/catch.hpp>

namespace xb = tempo::crossbeam;

namespace {

const std::string kBase = "https://api.crossbeam.com";
const std::string kOrg = "0f1e2d3c-0000-4000-8000-000000000001";

xb::OverlapState Saved(std::string cursor, bool final, std::string query = "limit=1000",
                       std::string org = kOrg) {
  xb::OverlapState s;
  s.organization = std::move(org);
  s.query = std::move(query);
  s.cursor = std::move(cursor);
  s.final = final;
  s.page = 4;
  return s;
}

xb::ListPage Page(const std::string& pagination) {
  xb::ListPage page;
  REQUIRE(page.Parse(R"({"data":[],"pagination":)" + pagination + "}", "test").ok());
  return page;
}

}  // namespace

TEST_CASE("crossbeam paging: an incremental read calls its saved cursor when it still fits") {
  const std::string query = xb::OverlapQuery(1000);
  CHECK(query == "limit=1000");
  // Never listed: a listing (the engine's first sync is incremental with an empty state).
  CHECK(xb::PlanOverlapRead({}, true, kOrg, query).start == xb::Start::kListing);
  CHECK(xb::PlanOverlapRead(Saved("c9", true), true, kOrg, query).start == xb::Start::kResume);
  CHECK(xb::PlanOverlapRead(Saved("c3", false), true, kOrg, query).start == xb::Start::kResume);

  // The query or the organization changed: the cursor is no longer valid; no silent gap.
  xb::Plan page_size = xb::PlanOverlapRead(Saved("c9", true, "limit=25"), true, kOrg, query);
  CHECK(page_size.start == xb::Start::kRestartFull);
  CHECK_THAT(page_size.why, Catch::Contains("page_size"));
  xb::Plan org = xb::PlanOverlapRead(Saved("c9", true, query, "other-org"), true, kOrg, query);
  CHECK(org.start == xb::Start::kRestartFull);
  CHECK_THAT(org.why, Catch::Contains("organization_uuid"));
  // A listing that ended without a final cursor cannot give the changes since.
  CHECK(xb::PlanOverlapRead(Saved("", true), true, kOrg, query).start == xb::Start::kRestartFull);
}

TEST_CASE("crossbeam paging: a full refresh lists, resuming only its own interrupted listing") {
  const std::string query = xb::OverlapQuery(1000);
  CHECK(xb::PlanOverlapRead({}, false, kOrg, query).start == xb::Start::kListing);
  CHECK(xb::PlanOverlapRead(Saved("c3", false), false, kOrg, query).start == xb::Start::kResume);
  // A final cursor, or a listing of another query: a full refresh starts over.
  CHECK(xb::PlanOverlapRead(Saved("c9", true), false, kOrg, query).start == xb::Start::kListing);
  CHECK(xb::PlanOverlapRead(Saved("c3", false, "limit=5"), false, kOrg, query).start ==
        xb::Start::kListing);
}

TEST_CASE("crossbeam paging: page URLs follow next_href only on base_url's origin") {
  using xb::OverlapKind;
  CHECK(xb::OverlapPageUrl(kBase, OverlapKind::kAccounts, "limit=1000", "", "") ==
        "https://api.crossbeam.com/v1/overlaps/accounts?limit=1000");
  CHECK(xb::OverlapPageUrl(kBase, OverlapKind::kLeads, "limit=2", "ey+J/=", "") ==
        "https://api.crossbeam.com/v1/overlaps/leads?limit=2&cursor=ey%2BJ%2F%3D");
  const std::string home = "https://api.crossbeam.com/v1/overlaps/accounts?limit=2&cursor=abc";
  CHECK(xb::OverlapPageUrl(kBase, OverlapKind::kAccounts, "limit=2", "abc", home) == home);
  const std::string away = "https://api.crossbeam.example/v1/overlaps/accounts?cursor=abc";
  CHECK(xb::OverlapPageUrl(kBase, OverlapKind::kAccounts, "limit=2", "abc", away) ==
        "https://api.crossbeam.com/v1/overlaps/accounts?limit=2&cursor=abc");
}

TEST_CASE("crossbeam paging: a page hands on its cursor, the last one the final cursor") {
  xb::OverlapState s = Saved("", false);
  s.page = 0;
  REQUIRE(
      xb::AdvanceOverlap(kBase,
                         Page(R"({"has_more":true,"next_href":")" + kBase +
                              R"(/v1/overlaps/accounts?limit=2&cursor=c1","next_cursor":"c1"})"),
                         "test", &s)
          .ok());
  CHECK(s.cursor == "c1");
  CHECK(s.next_href == kBase + "/v1/overlaps/accounts?limit=2&cursor=c1");
  CHECK_FALSE(s.final);
  CHECK(s.page == 1);
  // A link on another host is not kept; the cursor alone goes on (here taken from the link).
  REQUIRE(xb::AdvanceOverlap(
              kBase, Page(R"({"has_more":true,"next_href":"https://mirror.example/x?cursor=c2"})"),
              "test", &s)
              .ok());
  CHECK(s.cursor == "c2");
  CHECK(s.next_href.empty());
  // has_more false: the cursor is the final one, kept for the next run.
  REQUIRE(xb::AdvanceOverlap(kBase, Page(R"({"has_more":false,"next_cursor":"fin"})"), "test", &s)
              .ok());
  CHECK(s.cursor == "fin");
  CHECK(s.final);
  // has_more without a way on is an error, never an early end.
  xb::OverlapState t;
  CHECK(xb::AdvanceOverlap(kBase, Page(R"({"has_more":true})"), "test", &t).code() ==
        TEMPO_ERR_DATA);
}

TEST_CASE("crossbeam paging: page-number links, followed only at home") {
  const std::string path = "/v1/partners";
  CHECK(xb::NextNumberedPage(kBase, path, "limit=25",
                             Page(R"({"limit":25,"page":1,"next_href":null})"), 1)
            .empty());
  const std::string home = kBase + "/v1/partners?limit=25&page=2";
  CHECK(xb::NextNumberedPage(kBase, path, "limit=25",
                             Page(R"({"limit":25,"page":1,"next_href":")" + home + "\"}"),
                             1) == home);
  CHECK(xb::NextNumberedPage(
            kBase, path, "limit=25",
            Page(R"({"page":3,"next_href":"http://api.crossbeam.com/v1/partners?page=4"})"),
            3) == kBase + "/v1/partners?limit=25&page=4");
  CHECK(xb::NextNumberedPage(kBase, "/v1/populations", "",
                             Page(R"({"next_href":"https://x.example/p"})"),
                             1) == kBase + "/v1/populations?page=2");
}
