// The synthetic dataset: deterministic per seed, planted partner strength, ties, mutations that
// keep the modification order sorted, and the cost of a million contacts.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <set>

#include <catch2/catch.hpp>

#include "fakes/core/dataset.h"
#include "fakes/core/encoding.h"

namespace tempo::fakes {
namespace {

bool SortedByModified(const Dataset& d, Entity e, TimeUnit unit) {
  auto span = d.ByModified(e, unit);
  if (static_cast<int64_t>(span.size()) != d.Count(e)) return false;
  const int64_t div = unit == TimeUnit::kSeconds ? 1000 : 1;
  for (size_t i = 1; i < span.size(); ++i) {
    const int64_t a = d.ModifiedMs(e, span[i - 1]) / div, b = d.ModifiedMs(e, span[i]) / div;
    if (a > b || (a == b && span[i - 1] >= span[i])) return false;
  }
  return true;
}

int64_t ResidentKb() {
  std::ifstream statm("/proc/self/statm");
  long pages_total = 0, pages_resident = 0;
  statm >> pages_total >> pages_resident;
  return pages_resident * (sysconf(_SC_PAGESIZE) / 1024);
}

TEST_CASE("dataset is deterministic for a seed and differs across seeds") {
  DatasetOptions options;
  options.scale = 300;
  Dataset a(options), b(options);
  options.seed = 7;
  Dataset c(options);
  for (int e = 0; e < kEntityCount; ++e) {
    const Entity entity = static_cast<Entity>(e);
    REQUIRE(a.Count(entity) == b.Count(entity));
    auto x = a.ByModified(entity, TimeUnit::kMillis), y = b.ByModified(entity, TimeUnit::kMillis);
    CHECK(std::equal(x.begin(), x.end(), y.begin(), y.end()));
  }
  for (int64_t row : {0, 17, 299}) {
    CHECK(a.Account(row).name == b.Account(row).name);
    CHECK(a.Account(row).domain == b.Account(row).domain);
    CHECK(a.Contact(row).email == b.Contact(row).email);
    CHECK(a.Deal(row).amount == b.Deal(row).amount);
    CHECK(a.Deal(row).close_date_ms == b.Deal(row).close_date_ms);
  }
  int differing = 0;
  for (int64_t row = 0; row < 50; ++row) differing += a.Account(row).name != c.Account(row).name;
  CHECK(differing > 40);
}

TEST_CASE("dataset: domains are unique and contacts use their account's domain") {
  DatasetOptions options;
  options.scale = 10'000;  // more accounts than one round of 4096 name stems
  Dataset d(options);
  std::set<std::string> domains;
  for (int64_t row = 0; row < d.Count(Entity::kAccount); ++row)
    domains.insert(d.Account(row).domain);
  CHECK(static_cast<int64_t>(domains.size()) == d.Count(Entity::kAccount));
  for (int64_t row : {0, 1, 12'345, 49'999}) {
    const ContactRecord c = d.Contact(row);
    CHECK(c.email.ends_with("@" + d.Account(c.account_row).domain));
  }
  for (int p = 0; p < d.PartnerCount(); ++p)
    CHECK(d.Account(d.Partner(p).account_row).partner == p);
}

TEST_CASE("dataset: contact fields keep their values as the contact grows new ones") {
  DatasetOptions options;
  options.scale = 300;
  Dataset d(options);
  // Values served before contacts had addresses; tests, the demo and stores rely on them.
  const ContactRecord c0 = d.Contact(0);
  CHECK(c0.email == "dmitri.olsen@pioneercurrent.example");
  CHECK(c0.first_name == "Dmitri");
  CHECK(c0.last_name == "Olsen");
  CHECK(c0.title == "Customer Success Manager");
  CHECK(c0.phone == std::optional<std::string>("+1 555 0190 9025"));
  CHECK(c0.company == "Pioneer Current Consulting");
  CHECK(c0.lifecycle_stage == "other");
  CHECK(c0.created_ms == *ParseIsoDateTime("2023-03-05T12:20:26.180Z"));
  CHECK(c0.modified_ms == *ParseIsoDateTime("2023-05-09T04:19:28.751Z"));
  CHECK_FALSE(d.Contact(1).phone.has_value());
  const ContactRecord c77 = d.Contact(77);
  CHECK(c77.email == "hugo.ferreira@trueanchor.example");
  CHECK(c77.title == "IT Director");
  CHECK(c77.phone == std::optional<std::string>("+1 555 0116 8782"));
  CHECK(c77.company == "True Anchor Corp");
  CHECK(c77.lifecycle_stage == "customer");

  // The new fields: deterministic, some unknown, the place's own script, quotes, backslashes.
  int nulls = 0, non_ascii = 0, quoted = 0, backslashed = 0;
  ContactRecord reused;
  for (int64_t row = 0; row < d.Count(Entity::kContact); ++row) {
    const ContactRecord c = d.Contact(row);
    d.Contact(row, reused);  // the in-place form gives the same record
    CHECK(reused.email == c.email);
    CHECK(reused.street == c.street);
    CHECK(reused.mobile_phone == c.mobile_phone);
    CHECK(reused.annual_revenue == c.annual_revenue);
    nulls += !c.street.has_value() + !c.city.has_value() + !c.mobile_phone.has_value() +
             !c.industry.has_value() + !c.lead_status.has_value();
    if (c.city)
      non_ascii +=
          std::any_of(c.city->begin(), c.city->end(), [](char ch) { return (ch & 0x80) != 0; });
    if (c.street) {
      quoted += c.street->starts_with("c/o \"" + c.company + "\", ");
      backslashed += c.street->find('\\') != std::string::npos;
    }
    if (c.website) CHECK(*c.website == "https://www." + d.Account(c.account_row).domain);
  }
  CHECK(nulls > 500);
  CHECK(non_ascii > 200);
  CHECK(quoted > 20);
  CHECK(backslashed > 20);
}

TEST_CASE("dataset plants strong and weak partners") {
  DatasetOptions options;
  options.scale = 3000;
  Dataset d(options);
  REQUIRE(d.PartnerCount() >= 3);
  struct Tally {
    int64_t overlaps = 0, accounts = 0, deals = 0, closed = 0, won = 0;
  };
  Tally tally[3];
  for (int p = 0; p < d.PartnerCount(); ++p) {
    Tally& t = tally[static_cast<int>(d.Partner(p).strength)];
    for (int64_t a = d.PartnerCount(); a < d.Count(Entity::kAccount); ++a) {
      t.overlaps += d.OverlapOf(p, a).has_value();
      ++t.accounts;
    }
  }
  for (int64_t row = 0; row < d.Count(Entity::kDeal); ++row) {
    const DealRecord deal = d.Deal(row);
    if (deal.primary_partner < 0) continue;
    Tally& t = tally[static_cast<int>(d.Partner(deal.primary_partner).strength)];
    ++t.deals;
    t.closed += deal.is_closed;
    t.won += deal.is_won;
  }
  const Tally& strong = tally[static_cast<int>(PartnerStrength::kStrong)];
  const Tally& weak = tally[static_cast<int>(PartnerStrength::kWeak)];
  const double strong_overlap = static_cast<double>(strong.overlaps) / strong.accounts;
  const double weak_overlap = static_cast<double>(weak.overlaps) / weak.accounts;
  CHECK(strong_overlap > 2 * weak_overlap);
  CHECK(strong.deals > 3 * weak.deals);
  REQUIRE(strong.closed > 20);
  REQUIRE(weak.closed > 5);
  CHECK(static_cast<double>(strong.won) / strong.closed >
        static_cast<double>(weak.won) / weak.closed + 0.15);
  // Every attribution row points at a deal that names the same primary partner.
  for (int64_t row = 0; row < d.Count(Entity::kDealPartner); ++row) {
    const DealPartnerRecord dp = d.DealPartner(row);
    if (dp.is_primary) CHECK(d.Deal(dp.deal_row).primary_partner == dp.partner);
  }
}

TEST_CASE("dataset: tied rows share one timestamp and mutations keep both orders sorted") {
  DatasetOptions options;
  options.scale = 400;
  options.tie_rows = 300;
  Dataset d(options);
  const int64_t contacts = d.Count(Entity::kContact);
  const int64_t first_tie = contacts / 2 - 150;
  for (int64_t row = first_tie; row < first_tie + 300; ++row) {
    CHECK(d.ModifiedMs(Entity::kContact, row) == d.ModifiedMs(Entity::kContact, first_tie));
  }
  CHECK(SortedByModified(d, Entity::kContact, TimeUnit::kMillis));
  CHECK(SortedByModified(d, Entity::kContact, TimeUnit::kSeconds));

  const std::string title_before = d.Contact(5).title;
  const int64_t now = options.as_of_ms + 86'400'000;
  d.TouchRange(Entity::kContact, 0, 10, now);
  CHECK(d.Contact(5).revision == 1);
  CHECK(d.Contact(5).modified_ms == now);
  CHECK(d.Contact(5).title != title_before);
  d.ArchiveRange(Entity::kContact, 10, 5, now + 1);
  CHECK(d.ArchivedCount(Entity::kContact) == 5);
  CHECK(d.Contact(12).archived);
  const int64_t appended = d.Append(Entity::kContact, 3, now + 2);
  CHECK(appended == contacts);
  CHECK(d.Count(Entity::kContact) == contacts + 3);
  CHECK(d.Contact(appended).created_ms == now + 2);
  CHECK(d.Append(Entity::kDealPartner, 1, now) == -1);
  CHECK(SortedByModified(d, Entity::kContact, TimeUnit::kMillis));
  CHECK(SortedByModified(d, Entity::kContact, TimeUnit::kSeconds));
  // The newest rows come last, in row order within the same instant.
  auto order = d.ByModified(Entity::kContact, TimeUnit::kMillis);
  CHECK(order[order.size() - 1] == appended + 2);
  CHECK(order[order.size() - 4] == 14);
}

TEST_CASE("dataset: one million contacts generate fast and compact") {
  DatasetOptions options;
  options.scale = 200'000;  // 1M contacts, 400k deals, 400k leads
  const int64_t rss_before = ResidentKb();
  const auto start = std::chrono::steady_clock::now();
  Dataset d(options);
  const double build_s =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  const int64_t rss_mb = (ResidentKb() - rss_before) / 1024;
  REQUIRE(d.Count(Entity::kContact) == 1'000'000);

  const auto read_start = std::chrono::steady_clock::now();
  size_t bytes = 0;
  for (int64_t row = 0; row < d.Count(Entity::kContact); ++row)
    bytes += d.Contact(row).email.size();
  const double read_s =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - read_start).count();
  std::printf(
      "[timing] dataset scale=200000 (1M contacts, 2.2M rows in all): built in %.2f s, +%lld MB "
      "RSS; "
      "1M contact records materialized in %.2f s (%.0f records/s)\n",
      build_s, static_cast<long long>(rss_mb), read_s, 1e6 / read_s);
  CHECK(bytes > 10'000'000);
  CHECK(build_s < 10.0);
  CHECK(rss_mb < 400);
}

}  // namespace
}  // namespace tempo::fakes
