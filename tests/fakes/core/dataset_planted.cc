// The demo's story, planted in the synthetic company (dataset.h, PartnerRole): what each role
// changes, the billing dates and install dates only the partner team's files show, and the
// partner activity log. Every provider reads the same records, so each sees the same story.
#include <algorithm>
#include <cmath>

#include "fakes/core/dataset.h"
#include "fakes/core/encoding.h"

namespace tempo::fakes {
namespace {

constexpr int64_t kDayMs = 86'400'000;
// Generated history ends this long before as_of (as in dataset.cc).
constexpr int64_t kHistoryEndMs = 4 * kDayMs;

// Salts of the planted quantities, apart from dataset.cc's.
enum PlantedSalt : uint64_t {
  kSynergyAttach = 500,
  kCoMarketingAttach,
  kCoMarketingLead,
  kCoMarketingCampaign,
  kCustomerSince,
  kChurned,
  kArr,
  kActivityTime,
  kActivityAccount,
  kActivityCount,
  kInstallDate = 120'000,  // + integration index
};

constexpr std::string_view kActivityKinds[] = {"intro_given", "intro_received", "deal_registration",
                                               "joint_call",  "joint_event",    "enablement"};
enum Kind : uint8_t {
  kIntroGiven,
  kIntroReceived,
  kDealRegistration,
  kJointCall,
  kJointEvent,
  kEnablement
};

int64_t MidnightUtc(int64_t ms) { return ms - ms % kDayMs; }

int64_t DaysMs(double days) { return static_cast<int64_t>(days * static_cast<double>(kDayMs)); }

}  // namespace

std::string_view PartnerRoleName(PartnerRole role) {
  switch (role) {
    case PartnerRole::kOrdinary:
      return "ordinary";
    case PartnerRole::kSynergy:
      return "synergy";
    case PartnerRole::kCoMarketing:
      return "co_marketing";
    case PartnerRole::kIntegration:
      return "integration";
    case PartnerRole::kDormant:
      return "dormant";
    case PartnerRole::kThin:
      return "thin";
  }
  return "ordinary";
}

int Dataset::PlantedPartner(PartnerRole role) const { return planted_[static_cast<int>(role)]; }

// Strength, partnership start and integration of a planted partner.
void Dataset::PlantRole(PartnerInfo& info, IntegrationInfo& integration) const {
  int64_t partner_days = 0;
  switch (info.role) {
    case PartnerRole::kSynergy:  // an SI that co-sells: no integration of its own
      info.strength = PartnerStrength::kStrong;
      partner_days = 1000;
      integration.status = "planned";
      break;
    case PartnerRole::kCoMarketing:  // an agency
      info.strength = PartnerStrength::kMedium;
      partner_days = 700;
      integration.status = "planned";
      break;
    case PartnerRole::kIntegration:  // a technology partner with a long-released GA integration
      info.strength = PartnerStrength::kMedium;
      partner_days = 1200;
      integration.status = "ga";
      break;
    case PartnerRole::kDormant:  // a reseller gone quiet
      info.strength = PartnerStrength::kMedium;
      partner_days = 900;
      integration.status = "planned";
      break;
    case PartnerRole::kThin:  // a referral partner signed kThinDays ago
      info.strength = PartnerStrength::kWeak;
      partner_days = kThinDays;
      integration.status = "planned";
      break;
    case PartnerRole::kOrdinary:
      return;
  }
  info.partnered_ms = MidnightUtc(options_.as_of_ms - partner_days * kDayMs);
}

bool Dataset::Quiet(int p, int64_t t) const {
  if (p < 0) return false;
  switch (partners_[p].role) {
    case PartnerRole::kThin:
      return t < partners_[p].partnered_ms;
    case PartnerRole::kDormant:
      return t > options_.as_of_ms - kDormantDays * kDayMs;
    default:
      return false;
  }
}

bool Dataset::CustomerOfPartner(int p, int64_t row) const {
  if (p < 0) return false;
  const std::optional<Overlap> overlap = OverlapOf(p, row);
  return overlap && overlap->partner_population == "customer";
}

void Dataset::PlantAttribution(int64_t d, int64_t account, Attribution& a) const {
  const auto attach = [&](int p, bool sourced) {
    if (a.partner == p || a.second_partner == p) return;
    if (a.partner < 0) {
      a.partner = p;
      a.sourced = sourced;
    } else if (a.second_partner < 0) {
      a.second_partner = p;
    }
  };
  // (a) is attached to most deals on its customers, sourcing them as strong partners do.
  const int synergy = PlantedPartner(PartnerRole::kSynergy);
  if (CustomerOfPartner(synergy, account) && Unit(H(Entity::kDeal, kSynergyAttach, d)) < 0.6) {
    attach(synergy, Unit(H(Entity::kDeal, kSynergyAttach + 100, d)) < 0.65);
  }
  // (b) influences most deals no other partner is on, on the accounts it shares with us.
  const int co_marketing = PlantedPartner(PartnerRole::kCoMarketing);
  if (co_marketing >= 0 && a.partner < 0 && OverlapOf(co_marketing, account) &&
      Unit(H(Entity::kDeal, kCoMarketingAttach, d)) < 0.9) {
    attach(co_marketing, false);
  }
  if (a.partner >= 0 && a.partner == co_marketing) a.sourced = false;
  // A quiet partner is on no deal created while it is quiet.
  const int64_t created = CreatedMs(Entity::kDeal, d);
  if (Quiet(a.second_partner, created)) a.second_partner = -1;
  if (Quiet(a.partner, created)) {
    a.partner = a.second_partner;
    a.sourced = false;
    a.second_partner = -1;
  }
}

double Dataset::DealWinChance(int64_t account, const Attribution& a) const {
  const double s = a.partner >= 0 ? partners_[a.partner].strength_value : 0;
  double chance = 0.22 + 0.45 * s;
  if (!options_.planted) return chance;
  const int co_marketing = PlantedPartner(PartnerRole::kCoMarketing);
  if (co_marketing >= 0 && (a.partner == co_marketing || a.second_partner == co_marketing)) {
    return 0;  // (b): no revenue
  }
  if (CustomerOfPartner(PlantedPartner(PartnerRole::kSynergy), account)) {
    chance = std::max(chance, 0.62);
  }
  if (CustomerOfPartner(co_marketing, account)) chance *= 0.15;  // its customers rarely buy
  return chance;
}

double Dataset::DealSizeFactor(int64_t account, const Attribution& a) const {
  double factor = a.partner >= 0 ? 1 + 0.8 * partners_[a.partner].strength_value : 1;
  if (options_.planted && CustomerOfPartner(PlantedPartner(PartnerRole::kSynergy), account)) {
    factor *= 1.4;
  }
  return factor;
}

double Dataset::DealCycleFactor(int64_t account, const Attribution& a) const {
  double factor = a.partner >= 0 ? 1 - 0.35 * partners_[a.partner].strength_value : 1;
  if (options_.planted && CustomerOfPartner(PlantedPartner(PartnerRole::kSynergy), account)) {
    factor *= 0.7;
  }
  return factor;
}

int Dataset::PlantLeadPartner(int64_t row, int64_t created_ms, int drawn) const {
  int p = drawn;
  // The dormant reseller never referred leads; nobody refers one while quiet.
  if (p >= 0 && (partners_[p].role == PartnerRole::kDormant || Quiet(p, created_ms))) p = -1;
  const int co_marketing = PlantedPartner(PartnerRole::kCoMarketing);
  if (p < 0 && co_marketing >= 0 && Unit(H(Entity::kLead, kCoMarketingLead, row)) < 0.06) {
    p = co_marketing;
  }
  return p;
}

int Dataset::PlantCampaignPartner(int64_t row, int64_t start_ms, int drawn) const {
  int p = drawn;
  if (Quiet(p, start_ms)) p = -1;
  const int co_marketing = PlantedPartner(PartnerRole::kCoMarketing);
  if (p < 0 && co_marketing >= 0 && Unit(H(Entity::kCampaign, kCoMarketingCampaign, row)) < 0.35) {
    p = co_marketing;
  }
  return p;
}

double Dataset::InstallRate(const IntegrationInfo& i, bool former) const {
  if (partners_[i.partner].role == PartnerRole::kIntegration) return former ? 0.12 : 0.75;
  return 0.02 + 0.3 * partners_[i.partner].strength_value;
}

void Dataset::AddBillingDates(AccountRecord& r) const {
  const bool customer = r.lifecycle == "customer";
  if (!customer && r.lifecycle != "former_customer") return;
  const double u = Unit(H(Entity::kAccount, kCustomerSince, r.row));
  const int64_t as_of = options_.as_of_ms;
  if (customer) {
    r.customer_since_ms = MidnightUtc(as_of - DaysMs(30 + u * 1400));
  } else {
    r.customer_since_ms = MidnightUtc(as_of - DaysMs(400 + u * 1200));
    const double v = Unit(H(Entity::kAccount, kChurned, r.row));
    r.churned_ms =
        std::max(MidnightUtc(as_of - DaysMs(5 + v * 700)), *r.customer_since_ms + 90 * kDayMs);
  }
  const double w = Unit(H(Entity::kAccount, kArr, r.row));
  const double arr = 1000 + static_cast<double>(AccountBaseEmployees(r.row)) * (30 + 60 * w);
  r.arr_usd = static_cast<int64_t>(std::llround(arr / 100)) * 100;
}

std::vector<InstallRecord> Dataset::Installs(int64_t row) const {
  std::vector<InstallRecord> out;
  const AccountRecord a = Account(row);
  if (!a.customer_since_ms) return out;
  const int64_t last = MidnightUtc(options_.as_of_ms - kHistoryEndMs);
  for (int i : a.integrations) {
    const IntegrationInfo& integration = integrations_[i];
    InstallRecord in;
    in.account_row = row;
    in.integration = i;
    const double u = Unit(H(Entity::kAccount, kInstallDate + i, row));
    in.installed_ms =
        MidnightUtc(std::max(*a.customer_since_ms, integration.released_ms) + DaysMs(3 + u * 120));
    in.installed_ms = std::min(in.installed_ms, last);
    if (a.churned_ms) {
      in.installed_ms = std::min(in.installed_ms, *a.churned_ms - kDayMs);
      in.uninstalled_ms = *a.churned_ms;
    }
    out.push_back(in);
  }
  return out;
}

ActivityRecord Dataset::Activity(int64_t row) const {
  const ActivityRow& a = activities_[row];
  ActivityRecord r;
  r.row = row;
  r.partner = a.partner;
  r.account_row = a.account_row;
  r.kind = kActivityKinds[a.kind];
  r.occurred_ms = a.occurred_ms;
  return r;
}

// The log: every partner, every 30 days of the history, a few entries by its role (ordinary
// partners by strength). Intros and deal registrations name an account the partner has as a
// customer and we do not (an overlap to act on) when one of a few candidates is.
void Dataset::BuildActivities() {
  const int64_t start = options_.as_of_ms - options_.history_days * kDayMs;
  const int64_t end = options_.as_of_ms - kHistoryEndMs;
  const int64_t accounts = base_accounts_ - options_.partners;
  for (int p = 0; p < PartnerCount(); ++p) {
    const PartnerInfo& partner = partners_[p];
    for (int64_t month = 0; start + month * 30 * kDayMs < end; ++month) {
      const uint64_t h = H(Entity::kAccount, kActivityCount, p * 100'000 + month);
      std::vector<Kind> kinds;
      switch (partner.role) {
        case PartnerRole::kSynergy:
          kinds = {kIntroGiven, kIntroReceived, kIntroReceived, kDealRegistration, kJointCall};
          break;
        case PartnerRole::kCoMarketing:
          kinds = {kJointEvent, kEnablement};
          if (month % 3 == 0) kinds.push_back(kIntroGiven);
          break;
        case PartnerRole::kIntegration:
          kinds = {kEnablement, kJointCall, month % 2 == 0 ? kIntroReceived : kIntroGiven};
          break;
        case PartnerRole::kDormant:  // we kept giving; it rarely gave back
          kinds = {kIntroGiven, kIntroGiven, kIntroGiven, kIntroGiven, kIntroGiven};
          if (month % 4 == 0) kinds.push_back(kIntroReceived);
          break;
        case PartnerRole::kThin:
          kinds = {month % 2 == 0 ? kEnablement : kJointCall};
          break;
        case PartnerRole::kOrdinary: {
          static constexpr Kind kCycle[] = {kIntroGiven,      kIntroReceived, kJointCall,
                                            kEnablement,      kIntroReceived, kIntroGiven,
                                            kDealRegistration};
          const int n =
              1 + static_cast<int>(h % (partner.strength == PartnerStrength::kStrong   ? 3
                                        : partner.strength == PartnerStrength::kMedium ? 2
                                                                                       : 1));
          for (int k = 0; k < n; ++k) kinds.push_back(kCycle[(h / 7 + month * 3 + k) % 7]);
          break;
        }
      }
      for (size_t k = 0; k < kinds.size(); ++k) {
        const uint64_t at = H(Entity::kAccount, kActivityTime, p * 100'000 + month * 10 + k);
        const int64_t t = start + month * 30 * kDayMs + DaysMs(Unit(at) * 30);
        if (t >= end || Quiet(p, t)) continue;
        int64_t account = -1;
        if (kinds[k] == kIntroGiven || kinds[k] == kIntroReceived ||
            kinds[k] == kDealRegistration || kinds[k] == kJointCall) {
          for (int attempt = 0; attempt < 24 && accounts > 0; ++attempt) {
            const uint64_t pick = H(Entity::kAccount, kActivityAccount,
                                    (p * 100'000 + month * 10 + k) * 32 + attempt);
            account =
                options_.partners + static_cast<int64_t>(pick % static_cast<uint64_t>(accounts));
            const std::optional<Overlap> o = OverlapOf(p, account);
            if (o && o->partner_population == "customer" && o->our_population != "customer") break;
          }
        }
        activities_.push_back(
            {t, account, static_cast<uint16_t>(p), static_cast<uint8_t>(kinds[k])});
      }
    }
  }
  std::sort(activities_.begin(), activities_.end(), [](const ActivityRow& x, const ActivityRow& y) {
    return x.occurred_ms != y.occurred_ms ? x.occurred_ms < y.occurred_ms
           : x.partner != y.partner       ? x.partner < y.partner
                                          : x.kind < y.kind;
  });
}

}  // namespace tempo::fakes
