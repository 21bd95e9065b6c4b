// The hubspot search cursor as a table: request bodies, and how a run advances page by page
// (re-anchoring, offsets inside one timestamp, the tie mode at the result cap, the end).
#include "search_cursor.h"

#include <catch2/catch.hpp>

namespace hs = tempo::hubspot;

namespace {

const std::vector<std::string> kProps = {"email", "lastmodifieddate"};

hs::RunState At(int64_t anchor_ms, std::string anchor_id, int64_t offset = 0, bool tie = false) {
  hs::RunState run = hs::StartSearch(anchor_ms, anchor_id);
  run.offset = offset;
  run.tie = tie;
  return run;
}

}  // namespace

TEST_CASE("hubspot search: request bodies for the three query shapes") {
  CHECK(
      hs::SearchBody("lastmodifieddate", kProps, At(1000, ""), 200) ==
      R"({"filterGroups":[{"filters":[{"propertyName":"lastmodifieddate","operator":"GTE","value":"1000"}]}],)"
      R"("sorts":[{"propertyName":"lastmodifieddate","direction":"ASCENDING"}],)"
      R"("properties":["email","lastmodifieddate"],"limit":200})");
  // After (time, id): time > T OR (time = T AND id > id).
  CHECK(
      hs::SearchBody("lastmodifieddate", kProps, At(1000, "42", 400), 200) ==
      R"({"filterGroups":[{"filters":[{"propertyName":"lastmodifieddate","operator":"GT","value":"1000"}]},)"
      R"({"filters":[{"propertyName":"lastmodifieddate","operator":"EQ","value":"1000"},)"
      R"({"propertyName":"hs_object_id","operator":"GT","value":"42"}]}],)"
      R"("sorts":[{"propertyName":"lastmodifieddate","direction":"ASCENDING"}],)"
      R"("properties":["email","lastmodifieddate"],"limit":200,"after":"400"})");
  // Tie mode: one timestamp paged by id, sorted by id.
  CHECK(
      hs::SearchBody("hs_lastmodifieddate", {}, At(1000, "7", 0, true), 100) ==
      R"({"filterGroups":[{"filters":[{"propertyName":"hs_lastmodifieddate","operator":"EQ","value":"1000"},)"
      R"({"propertyName":"hs_object_id","operator":"GT","value":"7"}]}],)"
      R"("sorts":[{"propertyName":"hs_object_id","direction":"ASCENDING"}],"properties":[],"limit":100})");
  CHECK(hs::DescribeSearch("lastmodifieddate", At(0, "42", 200)) ==
        "search page 1 (lastmodifieddate >= 1970-01-01T00:00:00.000Z, id > 42, offset 200)");
}

TEST_CASE("hubspot search: how a run advances, page by page") {
  struct Row {
    const char* what;
    hs::RunState before;
    hs::SearchPage page;
    bool done;
    int64_t anchor_ms, offset;
    std::string anchor_id;
    bool tie;
  };
  const int64_t kPage = 200, kCap = 10000;
  const Row rows[] = {
      {"a page ending later re-anchors there, inclusive, from offset 0",
       At(1000, "42", 200),
       {200, "400", 5000, "77"},
       false,
       5000,
       0,
       "",
       false},
      {"a page inside one timestamp moves the offset",
       At(1000, ""),
       {200, "200", 1000, "77"},
       false,
       1000,
       200,
       "",
       false},
      {"the next offset comes from paging.next.after when it is larger",
       At(1000, "", 200),
       {150, "400", 1000, "77"},
       false,
       1000,
       400,
       "",
       false},
      {"a timestamp filling the cap switches to paging it by id",
       At(1000, "", 9800),
       {200, "10000", 1000, "77"},
       false,
       1000,
       0,
       "0",
       true},
      {"the tie mode pages by the last id (keyset)",
       At(1000, "0", 0, true),
       {200, "200", 1000, "555"},
       false,
       1000,
       0,
       "555",
       true},
      {"the tie mode's last page continues after the timestamp",
       At(1000, "555", 0, true),
       {20, "", 1000, "575"},
       false,
       1000,
       0,
       "42",
       false},
      {"an empty last page ends the search",
       At(1000, ""),
       {0, "", -1, ""},
       true,
       1000,
       0,
       "",
       false},
      {"a page without paging.next ends the search",
       At(1000, ""),
       {17, "", 1200, "9"},
       true,
       1000,
       0,
       "",
       false},
      {"records older than the anchor (changed during the run) move the offset only",
       At(5000, ""),
       {200, "200", 4000, "3"},
       false,
       5000,
       200,
       "",
       false},
  };
  for (const Row& r : rows) {
    INFO(r.what);
    hs::RunState run = r.before;
    run.max = {r.before.anchor_ms, "42"};  // the newest seen so far
    const bool done = hs::AdvanceSearch(&run, r.page, kPage, kCap);
    CHECK(done == r.done);
    CHECK(run.page == 1);
    CHECK(run.anchor_ms == r.anchor_ms);
    CHECK(run.offset == r.offset);
    CHECK(run.anchor_id == r.anchor_id);
    CHECK(run.tie == r.tie);
  }
}

TEST_CASE("hubspot search: the newest record seen, with numeric ids and ties") {
  hs::RunState run = hs::StartSearch(1000, "42");
  hs::ObserveRecord(&run, 1000, "9");  // same time, smaller id: not newer
  CHECK(run.max == tempo::sdk::Keyset{1000, "42"});
  hs::ObserveRecord(&run, 1000, "100");  // same time, larger id (numerically)
  CHECK(run.max == tempo::sdk::Keyset{1000, "100"});
  hs::ObserveRecord(&run, 2000, "1");
  hs::ObserveRecord(&run, 1500, "999");  // out of order: ignored
  CHECK(run.max == tempo::sdk::Keyset{2000, "1"});
}

TEST_CASE("hubspot search: a look-back starts behind the cursor and never hands on an older one") {
  // The search index lags writes: a record modified at 400_000 may show up only after records
  // of 600_000 were read. A 300 s look-back asks again from 300_000, the first record there on.
  hs::RunState run = hs::StartSearch(600'000, "42", 300'000);
  CHECK(run.anchor_ms == 300'000);
  CHECK(run.anchor_id.empty());
  CHECK_THAT(hs::SearchBody("lastmodifieddate", kProps, run, 200),
             Catch::Contains(R"("operator":"GTE","value":"300000")"));
  // The late record and the window's others do not move the cursor back.
  hs::ObserveRecord(&run, 400'000, "7");
  hs::ObserveRecord(&run, 600'000, "42");
  CHECK(run.max == tempo::sdk::Keyset{600'000, "42"});
  hs::ObserveRecord(&run, 600'000, "43");
  CHECK(run.max == tempo::sdk::Keyset{600'000, "43"});
  // Near the epoch the window stops at 0; no look-back keeps the (time, id) query.
  CHECK(hs::StartSearch(1000, "1", 300'000).anchor_ms == 0);
  CHECK(hs::StartSearch(600'000, "42", 0).anchor_id == "42");
}
