// The keyset pass as pure functions: the request it asks, how a page moves it, and whole reads
// against an in-memory collection sorted by a time key that moves while the read pages (the
// moving-sort-key scenario), with both readings of since_ ("after" and "at or after").
#include "keyset_pass.h"

#include <algorithm>
#include <functional>
#include <set>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

namespace mc = tempo::mailchimp;

namespace {

constexpr int64_t kS = 1000;

// A collection as Mailchimp serves it: records sorted by (time, the order they got it in),
// filtered by since_ (strictly after, or inclusive), paged by count/offset.
struct Collection {
  struct Item {
    std::string id;
    int64_t ms;
    int64_t seq;  // insertion order, breaks ties
  };
  std::vector<Item> items;
  bool inclusive = false;
  int64_t seq = 0;

  void Add(const std::string& id, int64_t ms) { items.push_back({id, ms, seq++}); }
  // The record changes now: a new time, the end of its ties.
  void Touch(const std::string& id, int64_t ms) {
    for (Item& i : items) {
      if (i.id == id) i.ms = ms, i.seq = seq++;
    }
  }
  std::vector<Item> Sorted(int64_t since) const {
    std::vector<Item> out;
    for (const Item& i : items) {
      if (since < 0 || (inclusive ? i.ms >= since : i.ms > since)) out.push_back(i);
    }
    std::sort(out.begin(), out.end(), [](const Item& a, const Item& b) {
      return a.ms != b.ms ? a.ms < b.ms : a.seq < b.seq;
    });
    return out;
  }
};

struct ReadResult {
  std::set<std::string> seen;
  int64_t requests = 0;
  int64_t restarts = 0;
};

// Reads `c` with the keyset pass from `start`; `after_page(n)` may change `c` after page n.
ReadResult KeysetRead(Collection& c, int64_t count, mc::Pass start,
                      const std::function<void(int64_t)>& after_page) {
  ReadResult r;
  mc::Pass pass = start;
  for (int guard = 0; guard < 10000; ++guard) {
    const mc::PageRequest req = mc::NextRequest(pass);
    const auto all = c.Sorted(req.since_ms);
    std::vector<std::string> ids;
    std::vector<mc::KeyedRecord> page;
    for (int64_t i = req.offset; i < static_cast<int64_t>(all.size()) && i < req.offset + count;
         ++i) {
      ids.push_back(all[static_cast<size_t>(i)].id);
    }
    for (size_t i = 0; i < ids.size(); ++i) {
      page.push_back({ids[i], all[static_cast<size_t>(req.offset) + i].ms});
    }
    ++r.requests;
    const mc::PageOutcome out =
        mc::ApplyPage(pass, req, page, static_cast<int64_t>(all.size()), count);
    if (out.restarted) ++r.restarts;
    for (size_t i = out.first_new; i < page.size() && !out.restarted; ++i) r.seen.insert(ids[i]);
    if (after_page) after_page(r.requests);
    if (out.done) return r;
    pass = out.next;
  }
  FAIL("the pass did not end");
  return r;
}

// Naive offset paging with a fixed since_: what loses records.
ReadResult OffsetRead(Collection& c, int64_t count,
                      const std::function<void(int64_t)>& after_page) {
  ReadResult r;
  for (int64_t offset = 0;; offset += count) {
    const auto all = c.Sorted(-1);
    for (int64_t i = offset; i < static_cast<int64_t>(all.size()) && i < offset + count; ++i) {
      r.seen.insert(all[static_cast<size_t>(i)].id);
    }
    ++r.requests;
    if (after_page) after_page(r.requests);
    if (offset + count >= static_cast<int64_t>(all.size())) return r;
  }
}

std::set<std::string> AllIds(const Collection& c) {
  std::set<std::string> ids;
  for (const auto& i : c.items) ids.insert(i.id);
  return ids;
}

Collection Distinct(int n) {
  Collection c;
  for (int i = 0; i < n; ++i) c.Add("m" + std::to_string(i), (100 + i) * kS);
  return c;
}

}  // namespace

TEST_CASE("keyset pass: the first request has no since_ and no overlap") {
  const mc::PageRequest r = mc::NextRequest(mc::StartPass(-1));
  CHECK(r.since_ms == -1);
  CHECK(r.offset == 0);
  CHECK_FALSE(r.overlap);
  CHECK(mc::StartPass(10 * kS).since_ms == 9 * kS);  // inclusive of the cursor either way
}

TEST_CASE("keyset pass: after a page it re-anchors at the last time less a second, offset 0") {
  mc::Pass pass = mc::StartPass(-1);
  const mc::PageRequest req = mc::NextRequest(pass);
  const std::vector<mc::KeyedRecord> page = {{"a", 5 * kS}, {"b", 6 * kS}, {"c", 9 * kS}};
  const mc::PageOutcome out = mc::ApplyPage(pass, req, page, 10, 3);
  CHECK_FALSE(out.done);
  CHECK(out.first_new == 0);
  CHECK(out.next.since_ms == 8 * kS);
  CHECK(out.next.offset == 0);
  CHECK(out.next.last_id == "c");
  CHECK(out.next.last_ms == 9 * kS);
}

TEST_CASE("keyset pass: inside one time it pages by offset with a one-record overlap") {
  mc::Pass pass;
  pass.since_ms = 8 * kS;
  pass.last_id = "c";
  pass.last_ms = 9 * kS;
  const mc::PageRequest first = mc::NextRequest(pass);
  // Every record at 9 s: no re-anchor is possible, so the offset moves.
  const std::vector<mc::KeyedRecord> page = {{"c", 9 * kS}, {"d", 9 * kS}, {"e", 9 * kS}};
  const mc::PageOutcome out = mc::ApplyPage(pass, first, page, 20, 3);
  CHECK(out.first_new == 0);
  CHECK(out.next.since_ms == 8 * kS);
  CHECK(out.next.offset == 3);
  const mc::PageRequest second = mc::NextRequest(out.next);
  CHECK(second.overlap);
  CHECK(second.offset == 2);  // starts with "e", the last read
  const std::vector<mc::KeyedRecord> next = {{"e", 9 * kS}, {"f", 9 * kS}, {"g", 9 * kS}};
  const mc::PageOutcome out2 = mc::ApplyPage(out.next, second, next, 20, 3);
  CHECK(out2.first_new == 1);
  CHECK(out2.next.offset == 5);
  CHECK(out2.next.last_id == "g");
}

TEST_CASE("keyset pass: a failed overlap restarts at the last record's time, emitting nothing") {
  mc::Pass pass;
  pass.since_ms = 8 * kS;
  pass.offset = 5;
  pass.last_id = "g";
  pass.last_ms = 9 * kS;
  const mc::PageRequest req = mc::NextRequest(pass);
  const std::vector<mc::KeyedRecord> page = {{"h", 9 * kS}, {"i", 9 * kS}};
  const mc::PageOutcome out = mc::ApplyPage(pass, req, page, 20, 3);
  CHECK(out.restarted);
  CHECK_FALSE(out.done);
  CHECK(out.first_new == 2);
  CHECK(out.next.offset == 0);
  CHECK(out.next.since_ms == 8 * kS);
}

TEST_CASE("keyset pass: a short page or the total ends the pass") {
  const mc::Pass pass = mc::StartPass(-1);
  const mc::PageRequest req = mc::NextRequest(pass);
  CHECK(mc::ApplyPage(pass, req, {{"a", kS}}, 1, 3).done);
  CHECK(mc::ApplyPage(pass, req, {}, 0, 3).done);
  CHECK(mc::ApplyPage(pass, req, {{"a", kS}, {"b", kS}, {"c", kS}}, 3, 3).done);
}

TEST_CASE("moving sort key: naive offset paging loses a member, the keyset pass nobody") {
  for (bool inclusive : {false, true}) {
    INFO("since_ inclusive: " << inclusive);
    // A member on page 1 changes after page 1 is read: it moves to the end and everyone after
    // it moves back by one.
    auto move_first = [](Collection& c) {
      return [&c](int64_t page) {
        if (page == 1) c.Touch("m0", 1000 * kS);
      };
    };
    Collection naive = Distinct(20);
    naive.inclusive = inclusive;
    const auto expected = AllIds(naive);
    const ReadResult lost = OffsetRead(naive, 5, move_first(naive));
    CHECK(lost.seen.size() == expected.size() - 1);  // m5 slid onto page 1's last slot
    CHECK(lost.seen.count("m5") == 0);

    Collection c = Distinct(20);
    c.inclusive = inclusive;
    const ReadResult r = KeysetRead(c, 5, mc::StartPass(-1), move_first(c));
    CHECK(r.seen == expected);
  }
}

TEST_CASE("moving sort key inside one timestamp larger than a page: restart, nobody lost") {
  for (bool inclusive : {false, true}) {
    INFO("since_ inclusive: " << inclusive);
    Collection c;
    c.inclusive = inclusive;
    for (int i = 0; i < 3; ++i) c.Add("early" + std::to_string(i), (10 + i) * kS);
    for (int i = 0; i < 23; ++i) c.Add("tie" + std::to_string(i), 50 * kS);  // a bulk import
    for (int i = 0; i < 4; ++i) c.Add("late" + std::to_string(i), (60 + i) * kS);
    const auto expected = AllIds(c);
    int64_t moved = 0;
    const ReadResult r = KeysetRead(c, 5, mc::StartPass(-1), [&](int64_t page) {
      // Members of the tie already read change while the pass pages inside it.
      if (page == 3) c.Touch("tie1", 900 * kS), ++moved;
      if (page == 6) c.Touch("tie4", 901 * kS), ++moved;
    });
    CHECK(moved == 2);
    CHECK(r.seen == expected);
    CHECK(r.restarts >= 1);
  }
}

TEST_CASE("keyset pass from a cursor reads the cursor's second again, not earlier records") {
  Collection c = Distinct(10);  // m_i at (100 + i) s
  const ReadResult r = KeysetRead(c, 4, mc::StartPass(105 * kS), nullptr);
  CHECK(r.seen == std::set<std::string>{"m5", "m6", "m7", "m8", "m9"});
  c.inclusive = true;
  const ReadResult inclusive = KeysetRead(c, 4, mc::StartPass(105 * kS), nullptr);
  CHECK(inclusive.seen.count("m5") == 1);
  CHECK(inclusive.seen.count("m3") == 0);
}

TEST_CASE("campaign hand-over: capped at the start, never past an open campaign") {
  CHECK(mc::CampaignHandOver(50 * kS, 100 * kS, -1) == 50 * kS);
  CHECK(mc::CampaignHandOver(150 * kS, 100 * kS, -1) == 100 * kS);
  CHECK(mc::CampaignHandOver(50 * kS, 100 * kS, 20 * kS) == 20 * kS);
  CHECK(mc::CampaignHandOver(-1, 100 * kS, -1) == 100 * kS);  // saw nothing: its start
  CHECK(mc::CampaignFinal("sent"));
  CHECK_FALSE(mc::CampaignFinal("save"));
  CHECK_FALSE(mc::CampaignFinal("schedule"));
}
