// The planted story of the synthetic company (PartnerRole): each role shows in the records every
// provider serves, and turning it off leaves ordinary partners only.
#include <algorithm>

#include <catch2/catch.hpp>

#include "fakes/core/dataset.h"

namespace tempo::fakes {
namespace {

constexpr int64_t kDayMs = 86'400'000;

DatasetOptions DemoLike() {
  DatasetOptions options;
  options.scale = 600;
  options.partners = 8;
  options.history_days = 400;
  return options;
}

bool CustomerOf(const Dataset& d, int p, int64_t row) {
  const std::optional<Overlap> o = d.OverlapOf(p, row);
  return o && o->partner_population == "customer";
}

bool Attached(const DealRecord& deal, const Dataset& d, int p) {
  for (int64_t row : deal.partner_rows) {
    if (d.DealPartner(row).partner == p) return true;
  }
  return false;
}

TEST_CASE("planted partners: the first five play the five roles") {
  Dataset d(DemoLike());
  REQUIRE(d.PartnerCount() == 8);
  const PartnerRole roles[] = {PartnerRole::kSynergy, PartnerRole::kCoMarketing,
                               PartnerRole::kIntegration, PartnerRole::kDormant,
                               PartnerRole::kThin};
  for (int p = 0; p < 5; ++p) {
    CHECK(d.Partner(p).role == roles[p]);
    CHECK(d.PlantedPartner(roles[p]) == p);
  }
  for (int p = 5; p < 8; ++p) CHECK(d.Partner(p).role == PartnerRole::kOrdinary);
  CHECK(d.Partner(0).name == "Pioneer Current Consulting");  // the names the demo prints
  CHECK(d.Partner(1).partner_type == "agency");
  CHECK(d.Partner(2).partner_type == "technology");
  CHECK(d.Integration(2).status == "ga");
  CHECK(d.Partner(4).partnered_ms == d.options().as_of_ms - kThinDays * kDayMs);

  DatasetOptions off = DemoLike();
  off.planted = false;
  Dataset plain(off);
  CHECK(plain.PlantedPartner(PartnerRole::kSynergy) == -1);
  CHECK(plain.Partner(0).role == PartnerRole::kOrdinary);
}

TEST_CASE("planted partners: (a) wins on its customers, (b) never wins") {
  Dataset d(DemoLike());
  int64_t closed_on = 0, won_on = 0, closed_off = 0, won_off = 0, on_customers = 0, attached = 0;
  int64_t co_marketing_deals = 0, co_marketing_won = 0;
  for (int64_t row = 0; row < d.Count(Entity::kDeal); ++row) {
    const DealRecord deal = d.Deal(row);
    if (CustomerOf(d, 0, deal.account_row)) {
      ++on_customers;
      attached += Attached(deal, d, 0);
    }
    if (Attached(deal, d, 1)) {
      ++co_marketing_deals;
      co_marketing_won += deal.is_won;
    }
    if (!deal.is_closed) continue;
    if (CustomerOf(d, 0, deal.account_row)) {
      ++closed_on;
      won_on += deal.is_won;
    } else {
      ++closed_off;
      won_off += deal.is_won;
    }
  }
  REQUIRE(closed_on > 100);
  const double rate_on = static_cast<double>(won_on) / closed_on;
  const double rate_off = static_cast<double>(won_off) / closed_off;
  CHECK(rate_on > 0.55);
  CHECK(rate_on > 2 * rate_off);
  CHECK(attached > on_customers * 6 / 10);
  CHECK(co_marketing_deals > 100);
  CHECK(co_marketing_won == 0);
}

TEST_CASE("planted partners: (c) runs on most customers, and they churn less") {
  Dataset d(DemoLike());
  int64_t customers = 0, with = 0, formers = 0, formers_with = 0;
  for (int64_t row = d.PartnerCount(); row < d.Count(Entity::kAccount); ++row) {
    const AccountRecord a = d.Account(row);
    const bool runs =
        std::find(a.integrations.begin(), a.integrations.end(), 2) != a.integrations.end();
    if (a.lifecycle == "customer") {
      ++customers;
      with += runs;
      CHECK(a.customer_since_ms.has_value());
      CHECK_FALSE(a.churned_ms.has_value());
    } else if (a.lifecycle == "former_customer") {
      ++formers;
      formers_with += runs;
      REQUIRE(a.churned_ms.has_value());
      CHECK(*a.churned_ms > *a.customer_since_ms);
    } else {
      CHECK_FALSE(a.customer_since_ms.has_value());
    }
    for (const InstallRecord& in : d.Installs(row)) {
      CHECK(in.installed_ms >= *a.customer_since_ms);
      CHECK(in.installed_ms < d.options().as_of_ms);
      CHECK(in.uninstalled_ms == a.churned_ms);
    }
  }
  CHECK(with > customers * 65 / 100);
  CHECK(formers_with < formers * 25 / 100);
}

TEST_CASE("planted partners: (d) is quiet for two quarters, (e) exists for two months") {
  Dataset d(DemoLike());
  const int64_t quiet_from = d.options().as_of_ms - kDormantDays * kDayMs;
  const int64_t thin_from = d.Partner(4).partnered_ms;
  int64_t dormant_before = 0, thin_after = 0;
  for (int64_t row = 0; row < d.Count(Entity::kDeal); ++row) {
    const DealRecord deal = d.Deal(row);
    if (Attached(deal, d, 3)) {
      CHECK(deal.created_ms <= quiet_from);
      ++dormant_before;
    }
    if (Attached(deal, d, 4)) CHECK(deal.created_ms >= thin_from);
  }
  for (int64_t row = 0; row < d.Count(Entity::kLead); ++row) {
    const LeadRecord lead = d.Lead(row);
    CHECK(lead.partner != 3);
    if (lead.partner == 4) CHECK(lead.created_ms >= thin_from);
  }
  for (int64_t row = 0; row < d.Count(Entity::kCampaign); ++row) {
    const CampaignRecord c = d.Campaign(row);
    if (c.partner == 3) CHECK(c.start_ms <= quiet_from);
    if (c.partner == 4) CHECK(c.start_ms >= thin_from);
  }
  for (int64_t row = 0; row < d.ActivityCount(); ++row) {
    const ActivityRecord a = d.Activity(row);
    if (a.partner == 3) {
      CHECK(a.occurred_ms <= quiet_from);
      ++dormant_before;
    }
    if (a.partner == 4) {
      CHECK(a.occurred_ms >= thin_from);
      ++thin_after;
    }
    if (row > 0) CHECK(a.occurred_ms >= d.Activity(row - 1).occurred_ms);
  }
  CHECK(dormant_before > 20);  // it was active before
  CHECK(thin_after >= 1);
  CHECK(thin_after <= 3);
}

}  // namespace
}  // namespace tempo::fakes
