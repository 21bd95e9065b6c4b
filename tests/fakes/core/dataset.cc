// The synthetic company: how each field is derived from (seed, entity, row), how partners are
// planted, and how mutations keep the modification-time orders sorted. The planted story (the
// partner roles) is in dataset_planted.cc.
#include "fakes/core/dataset.h"

#include <algorithm>
#include <cctype>
#include <cmath>

#include "fakes/core/encoding.h"
#include "fakes/core/synthetic_words.h"

namespace tempo::fakes {
namespace {

constexpr int64_t kDayMs = 86'400'000;
// Generated history ends this long before as_of; the tie block sits just after it, so the tied
// rows are the newest of the generated data (the "bulk update stamped every row" case).
constexpr int64_t kHistoryEndMs = 4 * kDayMs;
constexpr int64_t kTieOffsetMs = 3 * kDayMs - 123;

// Salts: one per derived quantity, so changing one never shifts another.
enum Salt : uint64_t {
  kCreated = 1,
  kModified,
  kLink,
  kPartnerPick,
  kAttributed,
  kSourced,
  kSecondPartner,
  kSecondAttributed,
  kName,
  kSuffix,
  kLifecycle,
  kEmployees,
  kRevenue,
  kIndustry,
  kCountry,
  kTitle,
  kPhone,
  kStage,
  kAmount,
  kCycle,
  kWon,
  kProduct,
  kNewBusiness,
  kLeadSource,
  kStatus,
  kConverted,
  kCampaign,
  kType,
  kCost,
  kResponded,
  kPartnerType,
  kPartnerSince,
  kIntegration,
  kPopulation,
  kMobile,
  kPlace,
  kStreet,
  kAddressForm,
  kPostal,
  kFirmographics,
  kLeadStatus,
  kOverlap = 9000,
  kInstall = 20000,
};

int64_t MidnightUtc(int64_t ms) { return ms - ms % kDayMs; }

double StrengthValue(PartnerStrength s) {
  switch (s) {
    case PartnerStrength::kStrong:
      return 0.9;
    case PartnerStrength::kMedium:
      return 0.45;
    case PartnerStrength::kWeak:
      return 0.1;
  }
  return 0;
}

int64_t Derived(int64_t requested, int64_t fallback) {
  return requested >= 0 ? requested : fallback;
}

constexpr std::string_view kEntityNames[kEntityCount] = {
    "accounts", "contacts", "deals", "deal_partners", "leads", "campaigns", "campaign_members"};

}  // namespace

std::string_view EntityName(Entity entity) { return kEntityNames[static_cast<int>(entity)]; }

std::optional<Entity> ParseEntity(std::string_view name) {
  for (int i = 0; i < kEntityCount; ++i) {
    if (kEntityNames[i] == name) return static_cast<Entity>(i);
  }
  return std::nullopt;
}

std::string_view PartnerStrengthName(PartnerStrength strength) {
  switch (strength) {
    case PartnerStrength::kStrong:
      return "strong";
    case PartnerStrength::kMedium:
      return "medium";
    case PartnerStrength::kWeak:
      return "weak";
  }
  return "medium";
}

Dataset::Dataset(DatasetOptions options) : options_(options) {
  const int64_t scale = std::max<int64_t>(options_.scale, 1);
  const int64_t partners = Derived(options_.partners, std::clamp<int64_t>(scale / 25, 3, 60));
  options_.partners = std::clamp<int64_t>(partners, 1, 60000);
  base_accounts_ = std::max(scale, options_.partners + 1);
  options_.scale = base_accounts_;
  options_.contacts = Derived(options_.contacts, 5 * scale);
  options_.deals = Derived(options_.deals, 2 * scale);
  options_.leads = Derived(options_.leads, 2 * scale);
  options_.campaigns =
      std::max<int64_t>(Derived(options_.campaigns, std::clamp<int64_t>(scale / 20, 3, 500)), 1);
  options_.history_days = std::max<int64_t>(options_.history_days, 6);

  BuildPartners();
  BuildFxRates();
  InitTable(Entity::kAccount, base_accounts_);
  InitTable(Entity::kContact, options_.contacts);
  InitTable(Entity::kDeal, options_.deals);
  BuildDealPartners();
  InitTable(Entity::kDealPartner, static_cast<int64_t>(deal_partners_.size()));
  InitTable(Entity::kLead, options_.leads);
  InitTable(Entity::kCampaign, options_.campaigns);
  InitTable(Entity::kCampaignMember, options_.leads);
  BuildActivities();
}

uint64_t Dataset::H(Entity e, uint64_t salt, int64_t row) const {
  return Hash(options_.seed, (static_cast<uint64_t>(e) + 1) * 100'000 + salt,
              static_cast<uint64_t>(row));
}

// --- Names. ---

Dataset::NameStem Dataset::CompanyStem(int64_t index, uint64_t salt) const {
  const uint64_t stems = words::kCompanyFirst.size() * words::kCompanySecond.size();
  // An odd multiplier is a bijection modulo a power of two: 4096 distinct stems per round.
  const uint64_t combo =
      (static_cast<uint64_t>(index) * 2654435761ULL + Mix64(options_.seed ^ salt)) % stems;
  return {words::kCompanyFirst[combo / words::kCompanySecond.size()],
          words::kCompanySecond[combo % words::kCompanySecond.size()],
          index / static_cast<int64_t>(stems)};
}

std::string Dataset::CompanyName(int64_t index, uint64_t salt, std::string_view suffix) const {
  std::string name;
  AppendCompanyName(name, index, salt, suffix);
  return name;
}

void Dataset::AppendCompanyName(std::string& out, int64_t index, uint64_t salt,
                                std::string_view suffix) const {
  const NameStem stem = CompanyStem(index, salt);
  out += stem.first;
  out += ' ';
  out += stem.second;
  if (stem.round > 0) {
    out += ' ';
    AppendDecimal(out, stem.round + 1);
  }
  if (!suffix.empty()) {
    out += ' ';
    out += suffix;
  }
}

std::string Dataset::CompanyDomain(int64_t index, uint64_t salt, std::string_view tld) const {
  std::string domain;
  AppendCompanyDomain(domain, index, salt, tld);
  return domain;
}

void Dataset::AppendCompanyDomain(std::string& out, int64_t index, uint64_t salt,
                                  std::string_view tld) const {
  const NameStem stem = CompanyStem(index, salt);
  AppendAsciiLower(out, stem.first);
  AppendAsciiLower(out, stem.second);
  if (stem.round > 0) AppendDecimal(out, stem.round + 1);
  out += '.';
  out += tld;
}

// --- Partners and integrations. ---

void Dataset::BuildPartners() {
  static constexpr std::string_view kTypes[] = {"technology", "reseller", "si", "referral",
                                                "agency"};
  static constexpr std::string_view kTypeSuffix[] = {"Software", "Solutions", "Consulting",
                                                     "Advisors", "Digital"};
  // The type each planted role plays (an index into kTypes), in PartnerRole order.
  static constexpr size_t kRoleType[] = {0, 2, 4, 0, 1, 3};
  const int count = static_cast<int>(options_.partners);
  for (int p = 0; p < count; ++p) {
    PartnerInfo info;
    info.index = p;
    info.account_row = p;
    if (options_.planted && p < 5) info.role = static_cast<PartnerRole>(p + 1);
    uint64_t type = H(Entity::kAccount, kPartnerType, p) % std::size(kTypes);
    if (info.role != PartnerRole::kOrdinary) type = kRoleType[static_cast<int>(info.role)];
    info.partner_type = kTypes[type];
    info.name = CompanyName(p, 0, kTypeSuffix[type]);
    info.domain = CompanyDomain(p, 0, "example");
    // Planted: every third partner (rotated by the seed) is strong, medium, weak.
    info.strength = static_cast<PartnerStrength>((p + options_.seed) % 3);
    info.partnered_ms =
        options_.as_of_ms -
        kDayMs * (200 + static_cast<int64_t>(H(Entity::kAccount, kPartnerSince, p) % 500));

    IntegrationInfo integration;
    integration.index = p;
    integration.partner = p;
    integration.name = CompanyName(p, 0, "") + " Connector";
    const double u = Unit(H(Entity::kAccount, kIntegration, p));
    switch (info.strength) {
      case PartnerStrength::kStrong:
        integration.status = "ga";
        break;
      case PartnerStrength::kMedium:
        integration.status = u < 0.5 ? "ga" : "beta";
        break;
      case PartnerStrength::kWeak:
        integration.status = u < 0.5 ? "planned" : "beta";
        break;
    }
    if (info.role != PartnerRole::kOrdinary) {
      PlantRole(info, integration);
      planted_[static_cast<int>(info.role)] = p;
    }
    info.strength_value = StrengthValue(info.strength);
    info.tier = info.strength == PartnerStrength::kStrong   ? "gold"
                : info.strength == PartnerStrength::kMedium ? "silver"
                                                            : "registered";
    integration.released_ms = integration.status == "planned" ? 0 : info.partnered_ms + 60 * kDayMs;
    partners_.push_back(std::move(info));
    integrations_.push_back(std::move(integration));
  }
}

int Dataset::PickPartnerByStrength(uint64_t h1, uint64_t h2) const {
  const uint64_t n = partners_.size();
  int p = static_cast<int>(h1 % n);
  for (uint64_t attempt = 0; attempt < 8; ++attempt) {
    p = static_cast<int>(Mix64(h1 + attempt) % n);
    if (Unit(Mix64(h2 + attempt)) < partners_[p].strength_value) return p;
  }
  return p;
}

std::optional<Overlap> Dataset::OverlapOf(int partner, int64_t account_row) const {
  if (partner < 0 || partner >= PartnerCount() || account_row < options_.partners ||
      account_row >= Count(Entity::kAccount)) {
    return std::nullopt;
  }
  double rate = 0.04 + 0.30 * partners_[partner].strength_value;
  double customers = 0.5;  // the share of the overlap in the partner's customer population
  switch (partners_[partner].role) {
    case PartnerRole::kSynergy:
      rate = 0.45;
      customers = 0.7;
      break;
    case PartnerRole::kCoMarketing:  // other accounts than the synergy partner's customers
      rate = CustomerOfPartner(PlantedPartner(PartnerRole::kSynergy), account_row) ? 0.05 : 0.5;
      break;
    case PartnerRole::kIntegration:
      rate = 0.3;
      customers = 0.6;
      break;
    case PartnerRole::kThin:
      rate = 0.015;
      break;
    default:
      break;
  }
  if (Unit(H(Entity::kAccount, kOverlap + partner, account_row)) >= rate) return std::nullopt;
  Overlap overlap;
  overlap.our_population = AccountLifecycle(account_row) == "customer" ? "customer" : "prospect";
  const double u = Unit(H(Entity::kAccount, kPopulation + 50'000 + partner, account_row));
  overlap.partner_population = u < customers                           ? "customer"
                               : u < customers + 0.7 * (1 - customers) ? "prospect"
                                                                       : "open_opp";
  return overlap;
}

// --- Deals and their partner attribution. ---

int64_t Dataset::DealAccount(int64_t deal_row) const {
  const int64_t customers = base_accounts_ - options_.partners;
  return options_.partners +
         static_cast<int64_t>(H(Entity::kDeal, kLink, deal_row) % static_cast<uint64_t>(customers));
}

Dataset::Attribution Dataset::DealAttribution(int64_t d) const {
  Attribution a;
  if (d >= table(Entity::kDeal).initial && table(Entity::kDeal).initial > 0) return a;
  const int64_t account = DealAccount(d);
  const int p = static_cast<int>(H(Entity::kDeal, kPartnerPick, d) % partners_.size());
  const double s = partners_[p].strength_value;
  const double chance = OverlapOf(p, account) ? 0.25 + 0.6 * s : 0.03;
  if (Unit(H(Entity::kDeal, kAttributed, d)) >= chance) {
    if (options_.planted) PlantAttribution(d, account, a);
    return a;
  }
  a.partner = p;
  a.sourced = Unit(H(Entity::kDeal, kSourced, d)) < 0.3 + 0.4 * s;
  const int q = static_cast<int>(H(Entity::kDeal, kSecondPartner, d) % partners_.size());
  if (q != p && OverlapOf(q, account) && Unit(H(Entity::kDeal, kSecondAttributed, d)) < 0.3) {
    a.second_partner = q;
  }
  if (options_.planted) PlantAttribution(d, account, a);
  return a;
}

int64_t Dataset::DealCloseMs(int64_t d) const {
  const Attribution a = DealAttribution(d);
  double cycle_days = 14 + Unit(H(Entity::kDeal, kCycle, d)) * 160;
  cycle_days *= DealCycleFactor(DealAccount(d), a);
  return MidnightUtc(CreatedMs(Entity::kDeal, d) + static_cast<int64_t>(cycle_days * kDayMs));
}

void Dataset::BuildDealPartners() {
  const int64_t deals = Count(Entity::kDeal);
  for (int64_t d = 0; d < deals; ++d) {
    const Attribution a = DealAttribution(d);
    if (a.partner < 0) continue;
    deal_partners_.push_back({static_cast<uint32_t>(d), static_cast<uint16_t>(a.partner),
                              static_cast<uint8_t>(a.sourced), 1});
    if (a.second_partner >= 0) {
      deal_partners_.push_back(
          {static_cast<uint32_t>(d), static_cast<uint16_t>(a.second_partner), 0, 0});
    }
  }
}

// --- Timestamps and the sort orders. ---

int64_t Dataset::GeneratedCreatedMs(Entity e, int64_t row) const {
  const int64_t end = options_.as_of_ms - kHistoryEndMs;
  switch (e) {
    case Entity::kDealPartner: {
      const int64_t deal = deal_partners_[row].deal;
      return std::min(end, CreatedMs(Entity::kDeal, deal) + kDayMs +
                               static_cast<int64_t>(H(e, kCreated, row) % (3 * kDayMs)));
    }
    case Entity::kCampaignMember:
      return std::min(end, CreatedMs(Entity::kLead, row) +
                               static_cast<int64_t>(H(e, kCreated, row) % (2 * kDayMs)));
    default: {
      const int64_t start = options_.as_of_ms - options_.history_days * kDayMs;
      return start + static_cast<int64_t>(Unit(H(e, kCreated, row)) *
                                          static_cast<double>(end - start - kDayMs));
    }
  }
}

int64_t Dataset::GeneratedModifiedMs(Entity e, int64_t row) const {
  const int64_t created = GeneratedCreatedMs(e, row);
  const int64_t end = options_.as_of_ms - kHistoryEndMs;
  return created +
         static_cast<int64_t>(Unit(H(e, kModified, row)) * static_cast<double>(end - created));
}

int64_t Dataset::CreatedMs(Entity e, int64_t row) const {
  const Table& t = table(e);
  if (row >= t.initial) return t.appended_created_ms[row - t.initial];
  return GeneratedCreatedMs(e, row);
}

void Dataset::InitTable(Entity e, int64_t count) {
  Table& t = table(e);
  t.initial = count;
  t.count = count;
  t.modified_ms.resize(count);
  t.archived.assign(count, 0);
  t.revision.assign(count, 0);
  for (int64_t row = 0; row < count; ++row) t.modified_ms[row] = GeneratedModifiedMs(e, row);
  ApplyTies(e);
  SortTable(e);
}

void Dataset::ApplyTies(Entity e) {
  Table& t = table(e);
  const int64_t ties = std::min(options_.tie_rows, t.count / 4);
  if (ties < 2) return;
  const int64_t first = t.count / 2 - ties / 2;
  const int64_t at = options_.as_of_ms - kTieOffsetMs;
  for (int64_t row = first; row < first + ties; ++row) t.modified_ms[row] = at;
}

void Dataset::SortTable(Entity e) {
  Table& t = table(e);
  struct Key {
    int64_t ms;
    uint32_t row;
  };
  std::vector<Key> keys(t.count);
  for (int64_t row = 0; row < t.count; ++row) {
    keys[row] = {t.modified_ms[row], static_cast<uint32_t>(row)};
  }
  std::sort(keys.begin(), keys.end(),
            [](const Key& a, const Key& b) { return a.ms != b.ms ? a.ms < b.ms : a.row < b.row; });
  t.by_ms.resize(t.count);
  for (int64_t i = 0; i < t.count; ++i) t.by_ms[i] = keys[i].row;
  Resort(e, {});
}

// Re-sorts after `changed` rows got new modification times (empty: only rebuild by_seconds).
void Dataset::Resort(Entity e, std::span<const int64_t> changed) {
  Table& t = table(e);
  if (!changed.empty()) {
    std::vector<uint8_t> moved(t.count, 0);
    std::vector<uint32_t> moved_rows;
    for (int64_t row : changed) {
      if (!moved[row]) moved_rows.push_back(static_cast<uint32_t>(row));
      moved[row] = 1;
    }
    auto less = [&t](uint32_t a, uint32_t b) {
      return t.modified_ms[a] != t.modified_ms[b] ? t.modified_ms[a] < t.modified_ms[b] : a < b;
    };
    std::sort(moved_rows.begin(), moved_rows.end(), less);
    std::vector<uint32_t> kept;
    kept.reserve(t.count);
    for (uint32_t row : t.by_ms) {
      if (row < moved.size() && !moved[row]) kept.push_back(row);
    }
    t.by_ms.clear();
    t.by_ms.reserve(t.count);
    std::merge(kept.begin(), kept.end(), moved_rows.begin(), moved_rows.end(),
               std::back_inserter(t.by_ms), less);
  }
  // Whole seconds: the millisecond order with each equal-second run re-sorted by row.
  t.by_seconds = t.by_ms;
  size_t i = 0;
  while (i < t.by_seconds.size()) {
    const int64_t second = t.modified_ms[t.by_seconds[i]] / 1000;
    size_t j = i + 1;
    while (j < t.by_seconds.size() && t.modified_ms[t.by_seconds[j]] / 1000 == second) ++j;
    if (j - i > 1) std::sort(t.by_seconds.begin() + i, t.by_seconds.begin() + j);
    i = j;
  }
}

std::span<const uint32_t> Dataset::ByModified(Entity entity, TimeUnit unit) const {
  const Table& t = table(entity);
  return unit == TimeUnit::kMillis ? std::span<const uint32_t>(t.by_ms)
                                   : std::span<const uint32_t>(t.by_seconds);
}

// --- Mutations. ---

std::vector<int64_t> Dataset::RowsIn(Entity entity, int64_t first, int64_t count) const {
  std::vector<int64_t> rows;
  for (int64_t row = std::max<int64_t>(first, 0); row < first + count && row < Count(entity);
       ++row) {
    rows.push_back(row);
  }
  return rows;
}

void Dataset::Touch(Entity entity, std::span<const int64_t> rows, int64_t at_ms) {
  ++version_;
  Table& t = table(entity);
  std::vector<int64_t> valid;
  for (int64_t row : rows) {
    if (row < 0 || row >= t.count) continue;
    t.modified_ms[row] = at_ms;
    ++t.revision[row];
    valid.push_back(row);
  }
  Resort(entity, valid);
}

void Dataset::TouchRange(Entity entity, int64_t first, int64_t count, int64_t at_ms) {
  Touch(entity, RowsIn(entity, first, count), at_ms);
}

void Dataset::Archive(Entity entity, std::span<const int64_t> rows, int64_t at_ms) {
  ++version_;
  Table& t = table(entity);
  std::vector<int64_t> valid;
  for (int64_t row : rows) {
    if (row < 0 || row >= t.count) continue;
    if (!t.archived[row]) ++t.archived_count;
    t.archived[row] = 1;
    t.modified_ms[row] = at_ms;
    valid.push_back(row);
  }
  Resort(entity, valid);
}

void Dataset::ArchiveRange(Entity entity, int64_t first, int64_t count, int64_t at_ms) {
  Archive(entity, RowsIn(entity, first, count), at_ms);
}

int64_t Dataset::Append(Entity entity, int64_t count, int64_t at_ms) {
  if (entity == Entity::kDealPartner || entity == Entity::kCampaignMember || count <= 0) return -1;
  ++version_;
  Table& t = table(entity);
  const int64_t first = t.count;
  t.count += count;
  t.modified_ms.resize(t.count, at_ms);
  t.archived.resize(t.count, 0);
  t.revision.resize(t.count, 0);
  t.appended_created_ms.resize(t.count - t.initial, at_ms);
  std::vector<int64_t> rows;
  for (int64_t row = first; row < t.count; ++row) rows.push_back(row);
  Resort(entity, rows);
  return first;
}

// --- Records. ---

template <class R>
R Dataset::Meta(Entity entity, int64_t row) const {
  R r;
  SetMeta(entity, row, r);
  return r;
}

void Dataset::SetMeta(Entity entity, int64_t row, RecordMeta& r) const {
  const Table& t = table(entity);
  r.row = row;
  r.created_ms = CreatedMs(entity, row);
  r.modified_ms = t.modified_ms[row];
  r.archived = t.archived[row] != 0;
  r.revision = t.revision[row];
}

std::string_view Dataset::AccountLifecycle(int64_t row) const {
  if (row < options_.partners) return "partner";
  if (row >= base_accounts_) return "prospect";
  const double u = Unit(H(Entity::kAccount, kLifecycle, row));
  return u < 0.4 ? "customer" : u < 0.9 ? "prospect" : "former_customer";
}

void Dataset::AppendAccountName(std::string& out, int64_t row) const {
  if (row < options_.partners) {
    out += partners_[row].name;
  } else {
    AppendCompanyName(out, row, 0,
                      words::Pick(words::kCompanySuffix, H(Entity::kAccount, kSuffix, row)));
  }
}

void Dataset::AppendAccountDomain(std::string& out, int64_t row) const {
  if (row < options_.partners) {
    out += partners_[row].domain;
  } else if (row == options_.shared_domain_row && row - 1 >= options_.partners) {
    AppendCompanyDomain(out, row - 1, 0, "example");  // planted: two accounts, one domain
  } else {
    AppendCompanyDomain(out, row, 0, "example");
  }
}

std::string_view Dataset::AccountCountry(int64_t row) const {
  return words::Pick(words::kCountries, H(Entity::kAccount, kCountry, row));
}

std::string_view Dataset::AccountIndustry(int64_t row) const {
  return words::Pick(words::kIndustries, H(Entity::kAccount, kIndustry, row));
}

int64_t Dataset::AccountBaseEmployees(int64_t row) const {
  return static_cast<int64_t>(std::exp(std::log(10.0) + Unit(H(Entity::kAccount, kEmployees, row)) *
                                                            (std::log(50000.0) - std::log(10.0))));
}

int64_t Dataset::AccountRevenue(int64_t row) const {
  return AccountBaseEmployees(row) *
         (80'000 + static_cast<int64_t>(H(Entity::kAccount, kRevenue, row) % 170'000));
}

AccountRecord Dataset::Account(int64_t row) const {
  AccountRecord r = AccountProfile(row);
  if (r.lifecycle == "customer" || r.lifecycle == "former_customer") {
    for (const IntegrationInfo& i : integrations_) {
      if (i.status == "planned") continue;
      const double rate = InstallRate(i, r.lifecycle == "former_customer");
      if (Unit(H(Entity::kAccount, kInstall + i.index, row)) < rate)
        r.integrations.push_back(i.index);
    }
  }
  return r;
}

AccountRecord Dataset::AccountProfile(int64_t row) const {
  AccountRecord r = Meta<AccountRecord>(Entity::kAccount, row);
  AppendAccountName(r.name, row);
  AppendAccountDomain(r.domain, row);
  if (row < options_.partners) r.partner = partners_[row].index;
  r.industry = AccountIndustry(row);
  r.country = AccountCountry(row);
  r.lifecycle = AccountLifecycle(row);
  r.employees = AccountBaseEmployees(row) + r.revision;
  r.annual_revenue = AccountRevenue(row);
  AddBillingDates(r);
  return r;
}

namespace {

// An optional string slot, set to `value` (reusing its buffer when it has one).
void SetText(std::optional<std::string>& slot, std::string_view value) {
  if (slot) {
    slot->assign(value);
  } else {
    slot.emplace(value);
  }
}

// An optional string slot, emptied and present, for appending to.
std::string& ClearedText(std::optional<std::string>& slot) {
  if (!slot) slot.emplace();
  slot->clear();
  return *slot;
}

// Appends `pattern` with every '#' replaced by a digit drawn from `h`.
void AppendDigits(std::string& out, std::string_view pattern, uint64_t h) {
  for (const char c : pattern) {
    if (c != '#') {
      out += c;
      continue;
    }
    if (h < 10) h = Mix64(h + 0x51ed);
    out += static_cast<char>('0' + h % 10);
    h /= 10;
  }
}

}  // namespace

ContactRecord Dataset::Contact(int64_t row) const {
  ContactRecord r;
  Contact(row, r);
  return r;
}

void Dataset::Contact(int64_t row, ContactRecord& r) const {
  SetMeta(Entity::kContact, row, r);
  r.account_row = row % base_accounts_;
  const int64_t ordinal = row / base_accounts_;
  const uint64_t names = words::kFirstNames.size() * words::kLastNames.size();
  // 7919 is coprime with 3600: the first 3600 contacts of an account get distinct names.
  const uint64_t combo =
      (static_cast<uint64_t>(ordinal) * 7919 + H(Entity::kAccount, kName, r.account_row)) % names;
  r.first_name = words::kFirstNames[combo / words::kLastNames.size()];
  r.last_name = words::kLastNames[combo % words::kLastNames.size()];
  r.email.clear();
  AppendAsciiLower(r.email, r.first_name);
  r.email += '.';
  AppendAsciiLower(r.email, r.last_name);
  if (ordinal >= static_cast<int64_t>(names)) AppendDecimal(r.email, ordinal / names);
  r.email += '@';
  AppendAccountDomain(r.email, r.account_row);
  r.company.clear();
  AppendAccountName(r.company, r.account_row);
  r.title = words::Pick(words::kTitles, H(Entity::kContact, kTitle, row) + r.revision);
  const uint64_t phone = H(Entity::kContact, kPhone, row);
  const double u = Unit(phone);
  if (u >= 0.3) {
    std::string& text = ClearedText(r.phone);
    text += "+1 555 01";
    AppendDecimal(text, static_cast<int64_t>(10 + phone % 90));
    text += ' ';
    AppendDecimal(text, static_cast<int64_t>(1000 + (phone >> 8) % 9000));
  } else if (u >= 0.2) {
    ClearedText(r.phone);
  } else {
    r.phone.reset();
  }
  static constexpr std::string_view kStages[] = {"lead", "marketingqualifiedlead",
                                                 "salesqualifiedlead", "opportunity"};
  const std::string_view lifecycle = AccountLifecycle(r.account_row);
  r.lifecycle_stage = lifecycle == "customer"  ? "customer"
                      : lifecycle == "partner" ? "other"
                                               : kStages[H(Entity::kContact, kStage, row) % 4];
  AddContactDetails(r);
}

void Dataset::AddContactDetails(ContactRecord& r) const {
  const int64_t row = r.row;
  const uint64_t mobile = H(Entity::kContact, kMobile, row);
  const uint64_t place_h = H(Entity::kContact, kPlace, row);
  const words::Place& place = words::kPlaces[(place_h >> 8) % words::kPlaces.size()];
  if (Unit(mobile) >= 0.55) {
    AppendDigits(ClearedText(r.mobile_phone), place.mobile_pattern, mobile >> 8);
  } else if (Unit(mobile) >= 0.5) {
    ClearedText(r.mobile_phone);
  } else {
    r.mobile_phone.reset();
  }
  // About 8 % have no known place at all; of the rest, about 7 % have no street.
  r.street.reset();
  if (Unit(place_h) >= 0.08) {
    SetText(r.city, place.city);
    SetText(r.state, place.state);
    SetText(r.country, place.country);
    AppendDigits(ClearedText(r.postal_code), place.postal_pattern,
                 H(Entity::kContact, kPostal, row));
    const uint64_t street_h = H(Entity::kContact, kStreet, row);
    if (Unit(street_h) >= 0.07) {
      const uint64_t form = H(Entity::kContact, kAddressForm, row);
      std::string& line = ClearedText(r.street);
      switch (form % 100 / 4) {
        case 2:  // 4 %: care of the company, in double quotes
          line += "c/o \"";
          line += r.company;
          line += "\", ";
          break;
        case 3:  // 4 %: a unit written with a backslash
          line += "Unit ";
          AppendDecimal(line, static_cast<int64_t>(1 + (form >> 8) % 40));
          line += '\\';
          break;
        default:
          break;
      }
      const std::string_view street = words::Pick(place.streets, street_h >> 8);
      const auto number = static_cast<int64_t>(1 + (street_h >> 20) % 240);
      if (place.number_first) {
        AppendDecimal(line, number);
        line += ' ';
        line += street;
      } else {
        line += street;
        line += ' ';
        AppendDecimal(line, number);
      }
      if (form % 100 < 8) {  // 8 %: a suite
        line += ", Suite ";
        AppendDecimal(line, static_cast<int64_t>(100 + (form >> 8) % 900));
      }
    }
  } else {
    r.city.reset();
    r.state.reset();
    r.country.reset();
    r.postal_code.reset();
  }
  const uint64_t firm = H(Entity::kContact, kFirmographics, row);
  if (Unit(firm) >= 0.25) {
    std::string& website = ClearedText(r.website);
    website += "https://www.";
    AppendAccountDomain(website, r.account_row);
  } else {
    r.website.reset();
  }
  if (Unit(Mix64(firm)) >= 0.4) {
    SetText(r.industry, AccountIndustry(r.account_row));
  } else {
    r.industry.reset();
  }
  r.annual_revenue.reset();
  if (Unit(Mix64(firm + 1)) >= 0.55) r.annual_revenue = AccountRevenue(r.account_row);
  const uint64_t status = H(Entity::kContact, kLeadStatus, row);
  if (Unit(status) >= 0.3) {
    SetText(r.lead_status, words::Pick(words::kLeadStatuses, status >> 8));
  } else {
    r.lead_status.reset();
  }
}

DealRecord Dataset::Deal(int64_t row) const {
  DealRecord r = Meta<DealRecord>(Entity::kDeal, row);
  r.account_row = DealAccount(row);
  const Attribution a = DealAttribution(row);
  r.primary_partner = a.partner;
  r.partner_sourced = a.sourced;
  r.is_new_business = AccountLifecycle(r.account_row) != "customer" ||
                      Unit(H(Entity::kDeal, kNewBusiness, row)) < 0.35;
  const std::string_view product = words::Pick(words::kProducts, H(Entity::kDeal, kProduct, row));
  r.name = CompanyName(r.account_row, 0, "") + " - " + std::string(product);
  double amount = std::exp(std::log(5000.0) + Unit(H(Entity::kDeal, kAmount, row)) *
                                                  (std::log(150000.0) - std::log(5000.0)));
  amount *= DealSizeFactor(r.account_row, a);
  if (!r.is_new_business) amount *= 0.4;
  r.close_date_ms = DealCloseMs(row);
  // The deal is worth `amount` dollars; in another currency, that at the close date's rate.
  r.currency = AccountCurrency(r.account_row);
  if (r.currency != "USD") amount /= UsdPerUnit(r.currency, r.close_date_ms);
  r.amount = std::round(amount / 100) * 100 + 1000.0 * r.revision;
  if (r.close_date_ms < options_.as_of_ms) {
    r.is_closed = true;
    r.is_won = Unit(H(Entity::kDeal, kWon, row)) < DealWinChance(r.account_row, a);
    r.stage = r.is_won ? DealStage::kClosedWon : DealStage::kClosedLost;
  } else {
    const double progress =
        static_cast<double>(options_.as_of_ms - r.created_ms) /
        static_cast<double>(std::max<int64_t>(r.close_date_ms - r.created_ms, 1));
    r.stage = static_cast<DealStage>(std::clamp(static_cast<int>(progress * 4), 0, 3));
  }
  static constexpr std::string_view kSources[] = {"Web", "Outbound", "Event", "Webinar",
                                                  "Paid Search"};
  r.lead_source = a.partner >= 0 && a.sourced
                      ? "Partner Referral"
                      : std::string(kSources[H(Entity::kDeal, kLeadSource, row) % 5]);
  auto [lo, hi] = std::equal_range(
      deal_partners_.begin(), deal_partners_.end(),
      DealPartnerRow{static_cast<uint32_t>(row), 0, 0, 0},
      [](const DealPartnerRow& x, const DealPartnerRow& y) { return x.deal < y.deal; });
  for (auto it = lo; it != hi; ++it) r.partner_rows.push_back(it - deal_partners_.begin());
  return r;
}

DealPartnerRecord Dataset::DealPartner(int64_t row) const {
  DealPartnerRecord r = Meta<DealPartnerRecord>(Entity::kDealPartner, row);
  const DealPartnerRow& d = deal_partners_[row];
  r.deal_row = d.deal;
  r.partner = d.partner;
  r.sourced = d.sourced != 0;
  r.is_primary = d.primary != 0;
  return r;
}

LeadRecord Dataset::Lead(int64_t row) const {
  LeadRecord r = Meta<LeadRecord>(Entity::kLead, row);
  const uint64_t link = H(Entity::kLead, kLink, row);
  if (Unit(link) < 0.4) {
    r.account_row = options_.partners +
                    static_cast<int64_t>((link >> 16) %
                                         static_cast<uint64_t>(base_accounts_ - options_.partners));
    r.company = CompanyName(
        r.account_row, 0,
        words::Pick(words::kCompanySuffix, H(Entity::kAccount, kSuffix, r.account_row)));
    r.domain = CompanyDomain(r.account_row, 0, "example");
  } else {
    r.company = CompanyName(row, kLink, "Co");
    r.domain = CompanyDomain(row, kLink, "example.org");
  }
  const uint64_t name = H(Entity::kLead, kName, row);
  r.first_name = words::Pick(words::kFirstNames, name);
  r.last_name = words::Pick(words::kLastNames, name >> 20);
  r.email = AsciiLower(r.first_name) + "." + AsciiLower(r.last_name) + "@" + r.domain;
  r.title = words::Pick(words::kTitles, H(Entity::kLead, kTitle, row) + r.revision);
  static constexpr std::string_view kSources[] = {"Web", "Event", "Webinar", "Paid Search",
                                                  "Content Syndication"};
  const uint64_t source = H(Entity::kLead, kLeadSource, row);
  double s = 0;
  int partner = -1;
  if (Unit(source) < 0.10) {
    partner = PickPartnerByStrength(source, H(Entity::kLead, kPartnerPick, row));
  }
  if (options_.planted) partner = PlantLeadPartner(row, r.created_ms, partner);
  if (partner >= 0) {
    r.lead_source = "Partner Referral";
    r.partner = partner;
    s = partners_[r.partner].strength_value;
  } else {
    r.lead_source = kSources[(source >> 8) % 5];
  }
  r.is_converted = r.account_row >= 0 && Unit(H(Entity::kLead, kConverted, row)) < 0.12 + 0.3 * s;
  static constexpr std::string_view kOpen[] = {"Open - Not Contacted", "Working - Contacted",
                                               "Closed - Not Converted"};
  r.status = r.is_converted ? "Closed - Converted"
                            : std::string(kOpen[H(Entity::kLead, kStatus, row) % 3]);
  r.campaign_row = static_cast<int64_t>(H(Entity::kLead, kCampaign, row) %
                                        static_cast<uint64_t>(table(Entity::kCampaign).initial));
  return r;
}

CampaignRecord Dataset::Campaign(int64_t row) const {
  CampaignRecord r = Meta<CampaignRecord>(Entity::kCampaign, row);
  r.name = std::string(words::Pick(words::kCampaignThemes, H(Entity::kCampaign, kName, row))) +
           " #" + std::to_string(row + 1);
  static constexpr std::string_view kTypes[] = {"Webinar", "Conference", "Email", "Advertisement"};
  const uint64_t type = H(Entity::kCampaign, kType, row);
  r.start_ms = MidnightUtc(r.created_ms + kDayMs * (7 + static_cast<int64_t>(type % 24)));
  int partner = -1;
  if (!partners_.empty() && Unit(type) < 0.3) {
    partner = PickPartnerByStrength(type, H(Entity::kCampaign, kPartnerPick, row));
  }
  if (options_.planted && !partners_.empty()) {
    partner = PlantCampaignPartner(row, r.start_ms, partner);
  }
  if (partner >= 0) {
    r.partner = partner;
    r.type = "Partners";
  } else {
    r.type = kTypes[(type >> 8) % 4];
  }
  r.end_ms = r.start_ms + kDayMs * (1 + static_cast<int64_t>((type >> 16) % 60));
  r.status = r.end_ms < options_.as_of_ms     ? "Completed"
             : r.start_ms > options_.as_of_ms ? "Planned"
                                              : "In Progress";
  r.budgeted_cost = 1000.0 * static_cast<double>(1 + H(Entity::kCampaign, kCost, row) % 50);
  r.actual_cost =
      std::round(r.budgeted_cost * (0.6 + 0.5 * Unit(H(Entity::kCampaign, kCost + 1, row))));
  return r;
}

CampaignMemberRecord Dataset::CampaignMember(int64_t row) const {
  CampaignMemberRecord r = Meta<CampaignMemberRecord>(Entity::kCampaignMember, row);
  r.lead_row = row;
  r.campaign_row = static_cast<int64_t>(H(Entity::kLead, kCampaign, row) %
                                        static_cast<uint64_t>(table(Entity::kCampaign).initial));
  const int partner = Campaign(r.campaign_row).partner;
  const double s = partner >= 0 ? partners_[partner].strength_value : 0;
  r.responded = Unit(H(Entity::kCampaignMember, kResponded, row)) < 0.3 + 0.3 * s;
  r.status = r.responded ? "Responded" : "Sent";
  return r;
}

std::vector<int64_t> Dataset::ContactsOf(int64_t account_row, int64_t limit) const {
  std::vector<int64_t> rows;
  if (account_row < 0 || account_row >= base_accounts_) return rows;
  for (int64_t row = account_row;
       row < Count(Entity::kContact) && static_cast<int64_t>(rows.size()) < limit;
       row += base_accounts_) {
    rows.push_back(row);
  }
  return rows;
}

}  // namespace tempo::fakes
