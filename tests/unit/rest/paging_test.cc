// The paging styles as pure functions: the parameters of each request and what follows a page,
// by each stop condition, and the pages that contradict themselves.
#include <catch2/catch.hpp>

#include "paging.h"

namespace {

using tempo::rest::Advance;
using tempo::rest::NextPage;
using tempo::rest::PageFacts;
using tempo::rest::PagingKind;
using tempo::rest::PagingParams;
using tempo::rest::PagingSpec;
using tempo::rest::PositionIsUrl;
using tempo::rest::StopKind;

using Params = std::vector<std::pair<std::string, std::string>>;
const std::string kBase = "https://api.example.com/v2";

PagingSpec Spec(PagingKind kind, StopKind stop, std::string param = "p") {
  PagingSpec p;
  p.kind = kind;
  p.stop = stop;
  p.param = std::move(param);
  p.size_param = "limit";
  p.start = kind == PagingKind::kPage ? 1 : 0;
  p.stop_path.text = "meta.x";
  return p;
}

NextPage Next(const PagingSpec& spec, std::string_view position, const PageFacts& facts,
              int64_t size = 2) {
  NextPage next;
  tempo::sdk::Status s = Advance(spec, size, position, facts, kBase, "stream 'x' page 1", &next);
  INFO(s.message());
  REQUIRE(s.ok());
  return next;
}

std::string Refusal(const PagingSpec& spec, std::string_view position, const PageFacts& facts) {
  NextPage next;
  tempo::sdk::Status s = Advance(spec, 2, position, facts, kBase, "stream 'x' page 1", &next);
  REQUIRE_FALSE(s.ok());
  return s.message();
}

TEST_CASE("paging: the parameters of the first and later requests") {
  CHECK(PagingParams(Spec(PagingKind::kAfterKey, StopKind::kHasMore, "starting_after"), 250, "") ==
        Params{{"limit", "250"}});
  CHECK(PagingParams(Spec(PagingKind::kAfterKey, StopKind::kHasMore, "starting_after"), 250,
                     "deal_7") == Params{{"limit", "250"}, {"starting_after", "deal_7"}});
  CHECK(PagingParams(Spec(PagingKind::kOffset, StopKind::kTotal, "skip"), 50, "") ==
        Params{{"limit", "50"}, {"skip", "0"}});
  CHECK(PagingParams(Spec(PagingKind::kPage, StopKind::kEmptyPage, "page"), 0, "") ==
        Params{{"page", "1"}});
  CHECK(PagingParams(Spec(PagingKind::kCursor, StopKind::kNoNext, "cursor"), 10, "eyJ") ==
        Params{{"limit", "10"}, {"cursor", "eyJ"}});
  const PagingSpec link = Spec(PagingKind::kLinkHeader, StopKind::kNoNext);
  CHECK(PagingParams(link, 10, "") == Params{{"limit", "10"}});
  CHECK(PositionIsUrl(link, "https://api.example.com/v2/x?page=2"));
  CHECK(PagingParams(link, 10, "https://api.example.com/v2/x?page=2").empty());
}

TEST_CASE("paging: a cursor from the body, until it is absent or has_more is false") {
  PagingSpec spec = Spec(PagingKind::kCursor, StopKind::kNoNext);
  PageFacts facts;
  facts.records = 2;
  facts.cursor = "c2";
  CHECK(Next(spec, "c1", facts).position == "c2");
  facts.cursor.reset();
  CHECK_FALSE(Next(spec, "c1", facts).more);
  spec.stop = StopKind::kHasMore;
  facts.has_more = false;
  facts.cursor = "final";  // kept by some APIs on the last page; has_more decides
  CHECK_FALSE(Next(spec, "c1", facts).more);
  facts.has_more = true;
  facts.cursor.reset();
  CHECK_THAT(Refusal(spec, "c1", facts), Catch::Contains("more pages follow but has no cursor"));
  facts.has_more.reset();
  CHECK_THAT(Refusal(spec, "c1", facts), Catch::Contains("has no meta.x (true or false)"));
  spec.stop = StopKind::kNoNext;
  facts.cursor = "c1";
  CHECK_THAT(Refusal(spec, "c1", facts), Catch::Contains("would never end"));
}

TEST_CASE("paging: a next link, from the body or the Link header, only on base_url's host") {
  for (PagingKind kind : {PagingKind::kNextLink, PagingKind::kLinkHeader}) {
    const PagingSpec spec = Spec(kind, StopKind::kNoNext);
    PageFacts facts;
    facts.next_link = "https://api.example.com/v2/items?page=2";
    CHECK(Next(spec, "", facts).position == "https://api.example.com/v2/items?page=2");
    facts.next_link = "/v2/items?page=3";  // relative to the host
    CHECK(Next(spec, "", facts).position == "https://api.example.com/v2/items?page=3");
    facts.next_link.reset();
    CHECK_FALSE(Next(spec, "", facts).more);
    facts.next_link = "https://elsewhere.example/v2/items?page=2&token=abc";
    const std::string e = Refusal(spec, "", facts);
    CHECK_THAT(e, Catch::Contains("points at https://elsewhere.example:443, not at base_url's "
                                  "host"));
    CHECK(e.find("token=abc") == std::string::npos);
  }
}

TEST_CASE("paging: offset to the total, a short page or an empty one") {
  PagingSpec spec = Spec(PagingKind::kOffset, StopKind::kTotal, "skip");
  PageFacts facts;
  facts.records = 2;
  facts.total = 5;
  CHECK(Next(spec, "", facts).position == "2");
  CHECK(Next(spec, "2", facts).position == "4");
  facts.records = 1;
  CHECK_FALSE(Next(spec, "4", facts).more);
  facts.records = 0;  // a total that lies does not loop
  CHECK_FALSE(Next(spec, "2", facts).more);
  facts.total.reset();
  facts.records = 2;
  CHECK_THAT(Refusal(spec, "", facts), Catch::Contains("has no total at meta.x"));
  spec.stop = StopKind::kShortPage;
  CHECK(Next(spec, "", facts).more);
  facts.records = 1;
  CHECK_FALSE(Next(spec, "2", facts).more);
  spec.stop = StopKind::kEmptyPage;
  CHECK(Next(spec, "2", facts).position == "3");
  facts.records = 0;
  CHECK_FALSE(Next(spec, "3", facts).more);
}

TEST_CASE("paging: page numbers to an empty page, a short one, the page count or has_more") {
  PagingSpec spec = Spec(PagingKind::kPage, StopKind::kEmptyPage, "page");
  PageFacts facts;
  facts.records = 2;
  CHECK(Next(spec, "", facts).position == "2");
  CHECK(Next(spec, "2", facts).position == "3");
  facts.records = 0;
  CHECK_FALSE(Next(spec, "3", facts).more);
  spec.stop = StopKind::kTotalPages;
  facts.records = 2;
  facts.total = 3;
  CHECK(Next(spec, "2", facts).more);
  CHECK_FALSE(Next(spec, "3", facts).more);
  spec.start = 0;  // zero-based pages: page 2 is the third of three
  CHECK_FALSE(Next(spec, "2", facts).more);
  spec.stop = StopKind::kHasMore;
  facts.has_more = true;
  CHECK(Next(spec, "2", facts).position == "3");
}

TEST_CASE("paging: starting after the last key, while has_more") {
  PagingSpec spec = Spec(PagingKind::kAfterKey, StopKind::kHasMore, "starting_after");
  spec.key.text = "key";
  PageFacts facts;
  facts.records = 2;
  facts.last_key = "k2";
  facts.has_more = true;
  CHECK(Next(spec, "", facts).position == "k2");
  facts.has_more = false;
  CHECK_FALSE(Next(spec, "k0", facts).more);
  facts.has_more = true;
  facts.records = 0;
  facts.last_key.reset();
  CHECK_THAT(Refusal(spec, "k2", facts), Catch::Contains("an empty page"));
  facts.records = 2;
  CHECK_THAT(Refusal(spec, "k2", facts), Catch::Contains("has no key: nothing to continue after"));
  facts.last_key = "k2";
  CHECK_THAT(Refusal(spec, "k2", facts), Catch::Contains("would never end"));
  spec.stop = StopKind::kEmptyPage;
  facts.has_more.reset();
  facts.last_key = "k4";
  CHECK(Next(spec, "k2", facts).position == "k4");
}

}  // namespace
