// The token bucket: burst, refill, reservations ahead of the refill, pauses, the daily quota,
// the wait bound, the provider's "quota spent" mark and how long it holds; and one bucket (with
// its mark) shared through the SQLite side file by two state objects (two processes in
// production).
#include <catch2/catch.hpp>

#include "http/rate_limiter.h"
#include "store/http_state_file.h"
#include "support/store_rows.h"
#include "support/temp_dir.h"

namespace tempo::http {
namespace {

constexpr int64_t kSecond = 1000000;
constexpr int64_t kDay = 86400 * kSecond;
// Noon of some UTC day.
constexpr int64_t kNoon = 20000 * kDay + 12 * 3600 * kSecond;

TEST_CASE("a fresh bucket grants its burst at once, then one request per 1/rate") {
  BucketState s;
  BucketParams p{10, 3, 0};
  for (int i = 0; i < 3; ++i) {
    Reservation r = ReserveToken(s, p, kNoon, 60);
    REQUIRE(r.kind == Reservation::kGranted);
    CHECK(r.wait_s == Approx(0));
  }
  // The next ones queue behind the refill: 0.1 s, 0.2 s, 0.3 s from now.
  for (int i = 1; i <= 3; ++i) {
    Reservation r = ReserveToken(s, p, kNoon, 60);
    REQUIRE(r.kind == Reservation::kGranted);
    CHECK(r.wait_s == Approx(0.1 * i));
  }
  // A second later the queue has drained and the bucket is full again (capped at the burst).
  Reservation later = ReserveToken(s, p, kNoon + kSecond, 60);
  CHECK(later.wait_s == Approx(0.0).margin(1e-9));
  CHECK(s.tokens == Approx(2));
  // Refill never exceeds the burst: after a long idle time three go at once, not thirty.
  BucketState idle;
  ReserveToken(idle, p, kNoon, 60);
  int granted_now = 0;
  for (int i = 0; i < 10; ++i) {
    if (ReserveToken(idle, p, kNoon + 3600 * kSecond, 60).wait_s == 0) ++granted_now;
  }
  CHECK(granted_now == 3);
}

TEST_CASE("burst 0 means the rate, and at least one") {
  BucketState s;
  BucketParams p{0.5, 0, 0};
  CHECK(ReserveToken(s, p, kNoon, 60).wait_s == Approx(0));
  CHECK(ReserveToken(s, p, kNoon, 60).wait_s == Approx(2));
}

TEST_CASE("a reservation that would wait too long reserves nothing") {
  BucketState s;
  BucketParams p{1, 1, 0};
  REQUIRE(ReserveToken(s, p, kNoon, 0.5).kind == Reservation::kGranted);
  BucketState before = s;
  Reservation r = ReserveToken(s, p, kNoon, 0.5);
  CHECK(r.kind == Reservation::kTooLong);
  CHECK(r.wait_s == Approx(1));
  CHECK(s.tokens == before.tokens);
  CHECK(s.quota_used == before.quota_used);
}

TEST_CASE("the daily quota counts per UTC day and says when it renews") {
  BucketState s;
  BucketParams p{0, 0, 2};
  CHECK(ReserveToken(s, p, kNoon, 60).kind == Reservation::kGranted);
  CHECK(ReserveToken(s, p, kNoon, 60).kind == Reservation::kGranted);
  Reservation spent = ReserveToken(s, p, kNoon, 60);
  CHECK(spent.kind == Reservation::kQuotaSpent);
  CHECK(spent.wait_s == Approx(12 * 3600));
  CHECK(ReserveToken(s, p, kNoon + 12 * 3600 * kSecond, 60).kind == Reservation::kGranted);
}

TEST_CASE("a pause holds every request until it ends, without a burst after it") {
  BucketState s;
  BucketParams p{10, 5, 0};
  PauseBucket(s, p, kNoon, 2.0);
  CHECK(ReserveToken(s, p, kNoon, 60).wait_s == Approx(2.0));
  CHECK(ReserveToken(s, p, kNoon, 60).wait_s == Approx(2.1));
  CHECK(ReserveToken(s, p, kNoon + kSecond, 60).wait_s == Approx(1.2));
  // Unlimited rate: only the pause counts.
  BucketState u;
  BucketParams unlimited{0, 0, 0};
  PauseBucket(u, unlimited, kNoon, 1.5);
  CHECK(ReserveToken(u, unlimited, kNoon, 60).wait_s == Approx(1.5));
  CHECK(ReserveToken(u, unlimited, kNoon + 2 * kSecond, 60).wait_s == Approx(0));
}

TEST_CASE("a clock that jumped back does not freeze the bucket") {
  BucketState s;
  BucketParams p{1, 1, 0};
  ReserveToken(s, p, kNoon + 10 * kDay, 60);  // written by a clock far in the future
  Reservation r = ReserveToken(s, p, kNoon, 60);
  CHECK(r.kind == Reservation::kGranted);
  CHECK(r.wait_s <= 1.0);
}

TEST_CASE("two state objects on one side file share one bucket") {
  tempo::testing::TempDir dir;
  std::string path = store::HttpStatePath(dir.File("tempo.db"));
  auto a = store::NewHttpStateFile(path);
  auto b = store::NewHttpStateFile(path);
  RateLimiter first(a, "acct", {1, 2, 100});
  RateLimiter second(b, "acct", {1, 2, 100});
  RateLimiter other(b, "another", {1, 2, 100});
  auto r1 = first.Reserve(60);
  auto r2 = second.Reserve(60);
  auto r3 = first.Reserve(60);
  auto r4 = other.Reserve(60);
  REQUIRE(r1.ok());
  REQUIRE(r2.ok());
  REQUIRE(r3.ok());
  REQUIRE(r4.ok());
  CHECK(r1->wait_s < 0.1);
  CHECK(r2->wait_s < 0.1);
  CHECK(r3->wait_s > 0.8);  // the third of a burst-2 bucket, whichever object asks
  CHECK(r4->wait_s < 0.1);  // another key is another bucket
  // The budget survives the objects (a crash, a new process).
  a.reset();
  b.reset();
  auto c = store::NewHttpStateFile(path);
  RateLimiter again(c, "acct", {1, 2, 100});
  auto r5 = again.Reserve(60);
  REQUIRE(r5.ok());
  CHECK(r5->wait_s > 1.5);
}

TEST_CASE("a quota mark holds every request back until it ends, then goes away") {
  BucketState s;
  BucketParams p{10, 5, 0};
  REQUIRE(ReserveToken(s, p, kNoon, 60).kind == Reservation::kGranted);
  const BucketState before = s;
  MarkQuotaSpent(s, {kNoon + 3600 * kSecond, kNoon, "hs1", "HTTP 429", false});
  Reservation held = ReserveToken(s, p, kNoon + 60 * kSecond, 1e9);
  CHECK(held.kind == Reservation::kQuotaMarked);
  CHECK(held.wait_s == Approx(3540));
  CHECK(held.mark.connection == "hs1");
  CHECK(held.mark.answer == "HTTP 429");
  CHECK(held.mark.at_us == kNoon);
  CHECK(s.tokens == before.tokens);  // nothing reserved while held
  CHECK(s.quota_used == before.quota_used);
  // At its end the next request goes, and the mark is gone with it.
  Reservation after = ReserveToken(s, p, kNoon + 3600 * kSecond, 60);
  CHECK(after.kind == Reservation::kGranted);
  CHECK(s.quota_mark.until_us == 0);
  CHECK(s.quota_mark.connection.empty());
}

TEST_CASE("a quota mark that ends later wins over one that ends sooner") {
  BucketState s;
  MarkQuotaSpent(s, {kNoon + 600 * kSecond, kNoon, "a", "HTTP 429", true});
  MarkQuotaSpent(s, {kNoon + 300 * kSecond, kNoon + kSecond, "b", "HTTP 429", true});
  CHECK(s.quota_mark.connection == "a");
  MarkQuotaSpent(s, {kNoon + 900 * kSecond, kNoon + 2 * kSecond, "c", "HTTP 403", false});
  CHECK(s.quota_mark.connection == "c");
  CHECK(s.quota_mark.answer == "HTTP 403");
}

TEST_CASE("a quota answer holds until its Retry-After, else until the next full hour") {
  // 12:00:00 exactly: the next full hour is 13:00; 12:59:30 holds 30 s.
  CHECK(QuotaHoldUntil(kNoon, std::nullopt) == kNoon + 3600 * kSecond);
  CHECK(QuotaHoldUntil(kNoon + 3570 * kSecond, std::nullopt) == kNoon + 3600 * kSecond);
  CHECK(QuotaHoldUntil(kNoon + 1, std::nullopt) == kNoon + 3600 * kSecond);
  CHECK(QuotaHoldUntil(kNoon, 90.0) == kNoon + 90 * kSecond);
  CHECK(QuotaHoldUntil(kNoon, 0.0) == kNoon + 3600 * kSecond);     // "Retry-After: 0" says nothing
  CHECK(QuotaHoldUntil(kNoon, 30.0 * 86400) == kNoon + 2 * kDay);  // at most two days
}

TEST_CASE("a quota mark in the side file is seen by every state object on it") {
  tempo::testing::TempDir dir;
  std::string path = store::HttpStatePath(dir.File("tempo.db"));
  auto a = store::NewHttpStateFile(path);
  auto b = store::NewHttpStateFile(path);
  RateLimiter first(a, "hubspot:42", {10, 10, 0});
  RateLimiter second(b, "hubspot:42", {10, 10, 0});
  RateLimiter other(b, "hubspot:43", {10, 10, 0});
  REQUIRE(first.Reserve(60).ok());
  const int64_t now = WallMicros();
  REQUIRE(first.MarkQuotaSpent({now + 3600 * kSecond, now, "hs1", "HTTP 429", false}).ok());
  Result<Reservation> held = second.Reserve(60);
  REQUIRE(held.ok());
  CHECK(held->kind == Reservation::kQuotaMarked);
  CHECK(held->mark.connection == "hs1");
  CHECK(held->mark.answer == "HTTP 429");
  CHECK(held->mark.until_us == now + 3600 * kSecond);
  CHECK_FALSE(held->mark.renewal_known);
  CHECK(held->wait_s > 3590);
  Result<Reservation> elsewhere = other.Reserve(60);  // another account is not held back
  REQUIRE(elsewhere.ok());
  CHECK(elsewhere->kind == Reservation::kGranted);
  // It survives the objects, and a mark that has ended lets requests go and is removed.
  a.reset();
  b.reset();
  auto c = store::NewHttpStateFile(path);
  RateLimiter again(c, "hubspot:42", {10, 10, 0});
  Result<Reservation> still = again.Reserve(60);
  REQUIRE(still.ok());
  CHECK(still->kind == Reservation::kQuotaMarked);
  REQUIRE(again.MarkQuotaSpent({now + 3600 * kSecond, now, "hs1", "HTTP 429", false}).ok());
  auto ended = store::NewHttpStateFile(path);
  RateLimiter past(ended, "hubspot:9", {10, 10, 0});
  REQUIRE(past.MarkQuotaSpent({now - kSecond, now - 2 * kSecond, "hs9", "HTTP 429", true}).ok());
  Result<Reservation> goes = past.Reserve(60);
  REQUIRE(goes.ok());
  CHECK(goes->kind == Reservation::kGranted);
  CHECK(tempo::testing::StoreScalar(path,
                                    "SELECT COUNT(*) FROM quota_mark WHERE key = "
                                    "'hubspot:9'") == 0);
  CHECK(tempo::testing::StoreScalar(path,
                                    "SELECT COUNT(*) FROM quota_mark WHERE key = "
                                    "'hubspot:42'") == 1);
}

TEST_CASE("rotated refresh tokens are stored per connection and the file is private") {
  tempo::testing::TempDir dir;
  std::string path = store::HttpStatePath(dir.File("sub/tempo.db"));
  auto state = store::NewHttpStateFile(path);
  auto none = state->LoadRefreshToken("crm");
  REQUIRE(none.ok());
  CHECK_FALSE(none->has_value());
  REQUIRE(state->SaveRefreshToken("crm", {"fp1", "rt-2"}).ok());
  REQUIRE(state->SaveRefreshToken("crm", {"fp1", "rt-3"}).ok());
  REQUIRE(state->SaveRefreshToken("other", {"fp9", "x-1"}).ok());
  auto reopened = store::NewHttpStateFile(path);
  auto stored = reopened->LoadRefreshToken("crm");
  REQUIRE(stored.ok());
  REQUIRE(stored->has_value());
  CHECK((*stored)->refresh_token == "rt-3");
  CHECK((*stored)->configured_fingerprint == "fp1");
  CHECK((std::filesystem::status(path).permissions() & std::filesystem::perms::others_read) ==
        std::filesystem::perms::none);
  CHECK((std::filesystem::status(path).permissions() & std::filesystem::perms::group_read) ==
        std::filesystem::perms::none);
}

}  // namespace
}  // namespace tempo::http
