// The money side of the synthetic company: the currency of each account's deals, the monthly
// exchange rates the CRM fakes serve, and which CRM is the system of record of each deal
// (DatasetOptions::currencies and ::split_crms; docs/fake-api.md, "Currencies" and "Systems of
// record").
#include <algorithm>
#include <cmath>
#include <iterator>

#include "fakes/core/dataset.h"
#include "fakes/core/encoding.h"

namespace tempo::fakes {
namespace {

constexpr int64_t kDayMs = 86'400'000;

struct CountryMoney {
  std::string_view country;
  std::string_view currency;
  bool europe;  // its deals are HubSpot's with split_crms
};
// Every country of the dataset (words::kCountries).
constexpr CountryMoney kCountryMoney[] = {
    {"United States", "USD", false}, {"United Kingdom", "GBP", true}, {"Germany", "EUR", true},
    {"France", "EUR", true},         {"Canada", "CAD", false},        {"Australia", "AUD", false},
    {"Netherlands", "EUR", true},    {"Japan", "JPY", false},         {"Brazil", "BRL", false},
    {"India", "INR", false}};

struct BaseRate {
  std::string_view currency;
  double usd_per_unit;  // around which the monthly rates move (+-3 %)
};
constexpr BaseRate kBaseRates[] = {{"AUD", 0.66}, {"BRL", 0.19},  {"CAD", 0.73},  {"EUR", 1.08},
                                   {"GBP", 1.27}, {"INR", 0.012}, {"JPY", 0.0067}};

const CountryMoney* MoneyOf(std::string_view country) {
  for (const CountryMoney& c : kCountryMoney) {
    if (c.country == country) return &c;
  }
  return nullptr;
}

// Days since 1970-01-01 of a civil date, and back (Howard Hinnant's algorithms).
int64_t DaysFromCivil(int64_t y, int64_t m, int64_t d) {
  y -= m <= 2;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const int64_t yoe = y - era * 400;
  const int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

// The month (years * 12 + month - 1) of a time.
int64_t MonthOf(int64_t ms) {
  int64_t z = (ms >= 0 ? ms : ms - kDayMs + 1) / kDayMs + 719468;
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const int64_t doe = z - era * 146097;
  const int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const int64_t mp = (5 * doy + 2) / 153;
  const int64_t m = mp + (mp < 10 ? 3 : -9);
  const int64_t y = yoe + era * 400 + (m <= 2);
  return y * 12 + m - 1;
}

int64_t MonthStartMs(int64_t month) {
  return DaysFromCivil(month / 12, month % 12 + 1, 1) * kDayMs;
}

}  // namespace

void Dataset::BuildFxRates() {
  fx_rates_.clear();
  if (!options_.currencies) return;
  const int64_t first = MonthOf(options_.as_of_ms - options_.history_days * kDayMs) - 1;
  const int64_t last = MonthOf(options_.as_of_ms);
  for (size_t c = 0; c < std::size(kBaseRates); ++c) {
    for (int64_t month = first; month <= last; ++month) {
      // A function of the calendar month, not of as_of: the same month has the same rate in
      // every world of the seed.
      const double move = 0.06 * (Unit(Hash(options_.seed, 7'700'000 + c, month)) - 0.5);
      const double rate = std::round(kBaseRates[c].usd_per_unit * (1 + move) * 1e6) / 1e6;
      fx_rates_.push_back({kBaseRates[c].currency, MonthStartMs(month), rate});
    }
  }
}

std::string_view Dataset::AccountCurrency(int64_t row) const {
  if (!options_.currencies) return "USD";
  const CountryMoney* money = MoneyOf(AccountCountry(row));
  return money != nullptr ? money->currency : "USD";
}

double Dataset::UsdPerUnit(std::string_view currency, int64_t ms) const {
  if (currency == "USD") return 1;
  const FxRate* found = nullptr;
  for (const FxRate& rate : fx_rates_) {
    if (rate.currency != currency) continue;
    if (found == nullptr || rate.from_ms <= ms) found = &rate;
    if (rate.from_ms > ms) break;
  }
  return found != nullptr ? found->usd_per_unit : 0;
}

Crm Dataset::DealCrm(int64_t deal_row) const {
  const CountryMoney* money = MoneyOf(AccountCountry(DealAccount(deal_row)));
  return money != nullptr && money->europe ? Crm::kHubSpot : Crm::kSalesforce;
}

bool Dataset::Serves(Crm crm, Entity entity, int64_t row) const {
  if (!options_.split_crms) return true;
  if (entity == Entity::kDeal) return DealCrm(row) == crm;
  if (entity == Entity::kDealPartner) return DealCrm(deal_partners_[row].deal) == crm;
  return true;
}

}  // namespace tempo::fakes
