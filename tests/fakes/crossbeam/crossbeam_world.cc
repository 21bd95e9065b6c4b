// The fake Crossbeam's organizations, partners, populations and overlaps (crossbeam_world.h).
#include "fakes/crossbeam/crossbeam_world.h"

#include <algorithm>
#include <cstdio>

#include "fakes/core/encoding.h"
#include "fakes/hubspot/hubspot_objects.h"
#include "fakes/salesforce/salesforce_objects.h"

namespace tempo::fakes {
namespace {

// Hash salts of the Crossbeam view (distinct from the dataset's own).
enum Salt : uint64_t {
  kOrgUuid = 31000,
  kPartnerUuid,
  kTagUuid,
  kOpenOpp,
  kStrategic,
  kPartnerSecond,
  kWebsite,
  kLeadOverlap,
  kLeadPartner,
  kAddedStandard,
};

constexpr int64_t kOurRecordBase = 4'000'000;
constexpr int64_t kPartnerAccountBase = 6'000'000'000;
constexpr int64_t kPartnerLeadBase = 8'000'000'000;
constexpr int64_t kPartnerStride = 10'000'000;
constexpr int64_t kPopCustomers = 17001, kPopProspects = 17002, kPopOpenOpps = 17003,
                  kPopStrategic = 17004, kPopLeads = 17005;
constexpr int64_t kPartnerPopBase = 22000;

std::string Uuid(uint64_t seed, uint64_t salt, uint64_t index) {
  const uint64_t a = Hash(seed, salt, index), b = Hash(seed, salt + 500, index);
  char buf[40];
  std::snprintf(buf, sizeof buf, "%08x-%04x-4%03x-%04x-%012llx", static_cast<unsigned>(a >> 32),
                static_cast<unsigned>(a >> 16) & 0xffff, static_cast<unsigned>(a) & 0xfff,
                0x8000 | (static_cast<unsigned>(b >> 48) & 0x3fff),
                static_cast<unsigned long long>(b & 0xffffffffffffULL));
  return buf;
}

// Partner population id of partner `p` for a standard population.
int64_t PartnerPopulationId(int p, std::string_view standard) {
  const int64_t base = kPartnerPopBase + 10 * static_cast<int64_t>(p);
  if (standard == "customer") return base + 1;
  if (standard == "prospect") return base + 2;
  if (standard == "open_opp") return base + 3;
  return base + 4;  // Leads (people)
}

// The partner_type the connector maps a partner's tags to (the truth of its README table).
std::string_view TagLabel(std::string_view partner_type) {
  if (partner_type == "technology") return "Technology Partner";
  if (partner_type == "reseller") return "Reseller";
  if (partner_type == "si") return "Systems Integrator";
  if (partner_type == "referral") return "Referral Partner";
  return "Agency";
}

}  // namespace

std::string_view OverlapKindName(OverlapKind kind) {
  return kind == OverlapKind::kAccounts ? "accounts" : "leads";
}

std::optional<OverlapKind> ParseOverlapKind(std::string_view name) {
  if (name == "accounts") return OverlapKind::kAccounts;
  if (name == "leads") return OverlapKind::kLeads;
  return std::nullopt;
}

std::string_view StandardPopulation(std::string_view standard_type) {
  if (standard_type == "customers") return "customer";
  if (standard_type == "prospects") return "prospect";
  if (standard_type == "open_opportunities") return "open_opp";
  return "other";
}

CrossbeamWorld::CrossbeamWorld(const Dataset& dataset, std::string_view crm, int organizations,
                               bool missing_crm_overlap)
    : seed_(dataset.options().seed), crm_(crm) {
  for (int i = 0; i < std::max(organizations, 1); ++i) {
    XbOrganization org;
    org.uuid = Uuid(seed_, kOrgUuid, static_cast<uint64_t>(i));
    org.name = i == 0 ? "Tempo Sample Co" : "Tempo Sample Co (sandbox " + std::to_string(i) + ")";
    org.domain = i == 0 ? "tempo-sample.example" : "sandbox" + std::to_string(i) + ".example";
    organizations_.push_back(std::move(org));
  }
  BuildPartners(dataset);
  BuildPopulations();
  BuildOverlaps(dataset, missing_crm_overlap);
  next_add_row_ = dataset.options().partners;
}

std::string CrossbeamWorld::CrmId(int64_t row) const {
  if (crm_ == "hubspot") return std::to_string(HubSpotId(HubSpotCompanies(), row));
  return SfId(*FindSfObject("Account"), row);
}

void CrossbeamWorld::BuildPartners(const Dataset& dataset) {
  for (int p = 0; p < dataset.PartnerCount(); ++p) {
    const PartnerInfo& info = dataset.Partner(p);
    XbPartner partner;
    partner.index = p;
    partner.uuid = Uuid(seed_, kPartnerUuid, static_cast<uint64_t>(p));
    partner.name = info.name;
    partner.expected_domain = info.domain;
    // The domain as partners typed it: normalized on the way in.
    partner.domain = p % 3 == 1   ? "www." + info.domain
                     : p % 3 == 2 ? "https://" + info.domain + "/"
                                  : info.domain;
    auto tag = [&](std::string label) {
      uint64_t h = 1469598103934665603ULL;  // FNV-1a: one tag id per label
      for (unsigned char c : label) h = (h ^ c) * 1099511628211ULL;
      partner.tags.push_back({Uuid(seed_, kTagUuid, h), label});
    };
    if (p == 1) {
      tag("Key Account");  // no tag that names a kind of partnership: other
      partner.expected_type = "other";
    } else {
      if (p % 4 == 0) tag("Strategic");
      tag(std::string(TagLabel(info.partner_type)));
      partner.expected_type = info.partner_type;
    }
    partners_.push_back(std::move(partner));
  }
}

void CrossbeamWorld::BuildPopulations() {
  populations_ = {
      {kPopCustomers, "Customers", "companies", "customers", -1},
      {kPopProspects, "Prospects", "companies", "prospects", -1},
      {kPopOpenOpps, "Open Opportunities", "companies", "open_opportunities", -1},
      {kPopStrategic, "Strategic Accounts", "companies", "", -1},
      {kPopLeads, "Leads", "people", "", -1},
  };
  for (const XbPartner& p : partners_) {
    partner_populations_.push_back(
        {PartnerPopulationId(p.index, "customer"), "Customers", "companies", "customers", p.index});
    partner_populations_.push_back(
        {PartnerPopulationId(p.index, "prospect"), "Prospects", "companies", "prospects", p.index});
    partner_populations_.push_back({PartnerPopulationId(p.index, "open_opp"), "Open Opportunities",
                                    "companies", "open_opportunities", p.index});
    partner_populations_.push_back(
        {PartnerPopulationId(p.index, "other"), "Leads", "people", "", p.index});
  }
}

const XbPopulation* CrossbeamWorld::FindPopulation(int64_t id) const {
  for (const auto* list : {&populations_, &partner_populations_}) {
    for (const XbPopulation& p : *list) {
      if (p.id == id) return &p;
    }
  }
  return nullptr;
}

// Our populations of account `row`: Customers or Prospects by lifecycle (a former customer is
// a prospect again); some prospects are also in Open Opportunities, some accounts in the
// custom Strategic Accounts. The overlap says the best by precedence.
XbOverlap CrossbeamWorld::AccountOverlap(const Dataset& dataset, int partner, int64_t row) const {
  XbOverlap o;
  o.kind = OverlapKind::kAccounts;
  o.partner = partner;
  o.account_row = row;
  o.crossbeam_record_id = kOurRecordBase + row;
  o.partner_crossbeam_record_id = kPartnerAccountBase + kPartnerStride * partner + row;
  o.record_id = CrmId(row);
  const AccountRecord account = dataset.AccountProfile(row);
  o.record_name = account.name;
  o.account_domain = account.domain;
  const uint64_t w = Hash(seed_, kWebsite, static_cast<uint64_t>(row)) % 3;
  o.record_website = w == 0   ? account.domain
                     : w == 1 ? "https://www." + account.domain
                              : "www." + account.domain + "/";
  o.partner_record_name = account.name;
  o.partner_record_website = account.domain;
  const bool customer = account.lifecycle == "customer";
  o.population_ids.push_back(customer ? kPopCustomers : kPopProspects);
  o.our_population = customer ? "customer" : "prospect";
  if (!customer && Unit(Hash(seed_, kOpenOpp, static_cast<uint64_t>(row))) < 0.3) {
    o.population_ids.push_back(kPopOpenOpps);
    o.our_population = "open_opp";
  }
  if (Unit(Hash(seed_, kStrategic, static_cast<uint64_t>(row))) < 0.2) {
    o.population_ids.insert(o.population_ids.begin(), kPopStrategic);  // custom: other
  }
  return o;
}

XbOverlap CrossbeamWorld::LeadOverlap(const Dataset& dataset, int partner, int64_t lead_row) const {
  const LeadRecord lead = dataset.Lead(lead_row);
  XbOverlap o = AccountOverlap(dataset, partner, lead.account_row);
  o.kind = OverlapKind::kLeads;
  o.lead_row = lead_row;
  o.partner_crossbeam_record_id = kPartnerLeadBase + kPartnerStride * partner + lead_row;
  o.partner_record_name = lead.first_name + " " + lead.last_name;
  o.partner_record_website = lead.domain;
  return o;
}

// The partner populations of an overlap, by its kind and revision: account overlaps cycle
// through prospect, open_opp, customer from where the dataset put them; lead overlaps start in
// the partner's Leads (people: other) and move on the same way. Sometimes a record is in two
// of the partner's populations (the overlap names the better one).
void CrossbeamWorld::SetPartnerPopulations(XbOverlap& o) const {
  static constexpr std::string_view kCycle[] = {"prospect", "open_opp", "customer"};
  std::string standard;
  if (o.kind == OverlapKind::kAccounts) {
    auto base = base_partner_standard_.find({o.crossbeam_record_id, o.partner_crossbeam_record_id});
    const std::string start = base == base_partner_standard_.end() ? "prospect" : base->second;
    int at = 0;
    for (int i = 0; i < 3; ++i) {
      if (kCycle[i] == start) at = i;
    }
    standard = std::string(kCycle[(at + o.revision) % 3]);
  } else {
    standard = o.revision == 0 ? "other" : std::string(kCycle[(o.revision - 1) % 3]);
  }
  o.partner_population_ids = {PartnerPopulationId(o.partner, standard)};
  o.partner_population = standard;
  const uint64_t h = Hash(seed_, kPartnerSecond,
                          static_cast<uint64_t>(o.partner_crossbeam_record_id) + o.revision);
  if (standard != "prospect" && standard != "other" && Unit(h) < 0.25) {
    o.partner_population_ids.push_back(PartnerPopulationId(o.partner, "prospect"));
  }
}

void CrossbeamWorld::BuildOverlaps(const Dataset& dataset, bool missing_crm_overlap) {
  const int64_t accounts = dataset.Count(Entity::kAccount);
  const int64_t first = dataset.options().partners;
  for (int p = 0; p < dataset.PartnerCount(); ++p) {
    for (int64_t row = first; row < accounts; ++row) {
      std::optional<Overlap> overlap = dataset.OverlapOf(p, row);
      if (!overlap) continue;
      XbOverlap o = AccountOverlap(dataset, p, row);
      const Key key{o.crossbeam_record_id, o.partner_crossbeam_record_id};
      base_partner_standard_[key] = overlap->partner_population;
      SetPartnerPopulations(o);
      accounts_.emplace(key, std::move(o));
    }
  }
  const int64_t leads = dataset.Count(Entity::kLead);
  for (int64_t l = 0; l < leads; ++l) {
    if (Unit(Hash(seed_, kLeadOverlap, static_cast<uint64_t>(l))) >= 0.2) continue;
    const LeadRecord lead = dataset.Lead(l);
    if (lead.account_row < first) continue;
    const int p = static_cast<int>(Hash(seed_, kLeadPartner, static_cast<uint64_t>(l)) %
                                   static_cast<uint64_t>(dataset.PartnerCount()));
    XbOverlap o = LeadOverlap(dataset, p, l);
    SetPartnerPopulations(o);
    leads_.emplace(Key{o.crossbeam_record_id, o.partner_crossbeam_record_id}, std::move(o));
  }
  if (missing_crm_overlap && dataset.PartnerCount() > 0) {
    // A record Crossbeam still has whose CRM account is gone: a well-formed id of no row.
    XbOverlap o;
    o.kind = OverlapKind::kAccounts;
    o.partner = 0;
    o.crossbeam_record_id = kOurRecordBase - 1;
    o.partner_crossbeam_record_id = kPartnerAccountBase + 9'999'999;
    o.record_id = CrmId(accounts + 1000);
    o.record_name = "Ghost Holdings Inc";
    o.record_website = "https://ghost-holdings.example";
    o.account_domain = "ghost-holdings.example";
    o.partner_record_name = "Ghost Holdings";
    o.partner_record_website = "ghost-holdings.example";
    o.population_ids = {kPopProspects};
    o.our_population = "prospect";
    SetPartnerPopulations(o);
    accounts_.emplace(Key{o.crossbeam_record_id, o.partner_crossbeam_record_id}, std::move(o));
  }
}

XbAmbiguities CrossbeamWorld::Ambiguities(const Dataset& dataset) const {
  XbAmbiguities out;
  const int64_t accounts = dataset.Count(Entity::kAccount);
  for (const auto* list : {&accounts_, &leads_}) {
    for (const auto& [key, o] : *list) {
      if (!o.deleted && o.account_row < 0) out.missing_crm_ids.push_back(o.record_id);
    }
  }
  const int64_t shared = dataset.options().shared_domain_row;
  if (shared >= dataset.options().partners + 1 && shared < accounts) {
    out.shared_domain = dataset.AccountProfile(shared).domain;
    out.shared_domain_crm_ids = {CrmId(shared - 1), CrmId(shared)};
  }
  return out;
}

std::vector<CrossbeamWorld::Key> CrossbeamWorld::LiveKeys(OverlapKind kind, int64_t first,
                                                          int64_t count) const {
  std::vector<Key> keys;
  int64_t index = 0;
  for (const auto& [key, o] : overlaps(kind)) {
    if (o.deleted) continue;
    if (index++ < first) continue;
    if (static_cast<int64_t>(keys.size()) >= count) break;
    keys.push_back(key);
  }
  return keys;
}

std::vector<CrossbeamWorld::Key> CrossbeamWorld::Change(OverlapKind kind, int64_t first,
                                                        int64_t count) {
  std::vector<Key> keys = LiveKeys(kind, first, count);
  auto& list = kind == OverlapKind::kAccounts ? accounts_ : leads_;
  for (const Key& key : keys) {
    XbOverlap& o = list.at(key);
    ++o.revision;
    SetPartnerPopulations(o);
    o.seq = ++seq_;
  }
  return keys;
}

std::vector<CrossbeamWorld::Key> CrossbeamWorld::Delete(OverlapKind kind, int64_t first,
                                                        int64_t count) {
  std::vector<Key> keys = LiveKeys(kind, first, count);
  auto& list = kind == OverlapKind::kAccounts ? accounts_ : leads_;
  for (const Key& key : keys) {
    XbOverlap& o = list.at(key);
    o.deleted = true;
    o.seq = ++seq_;
  }
  return keys;
}

// New overlaps: account overlaps of (partner, row) pairs that have none, walking the account
// rows from where the last Add stopped; lead overlaps of leads of an account that have none.
std::vector<CrossbeamWorld::Key> CrossbeamWorld::Add(const Dataset& dataset, OverlapKind kind,
                                                     int64_t count) {
  std::vector<Key> keys;
  const int64_t first = dataset.options().partners;
  const int64_t accounts = dataset.Count(Entity::kAccount);
  const int partners = dataset.PartnerCount();
  if (partners == 0 || accounts <= first) return keys;
  auto& list = kind == OverlapKind::kAccounts ? accounts_ : leads_;
  const int64_t limit = kind == OverlapKind::kAccounts ? accounts : dataset.Count(Entity::kLead);
  for (int64_t tries = 0; static_cast<int64_t>(keys.size()) < count && tries < limit * partners;
       ++tries) {
    int64_t& next = kind == OverlapKind::kAccounts ? next_add_row_ : next_add_lead_;
    int64_t row = next++;
    if (kind == OverlapKind::kAccounts && (row < first || row >= accounts)) {
      next = first + 1;
      row = first;
    }
    if (kind == OverlapKind::kLeads && row >= limit) {
      next = 1;
      row = 0;
    }
    const int p = static_cast<int>(tries % partners);
    XbOverlap o;
    if (kind == OverlapKind::kAccounts) {
      const uint64_t h = Hash(seed_, kAddedStandard, static_cast<uint64_t>(row * 131 + p));
      const std::string standard = h % 3 == 0 ? "customer" : h % 3 == 1 ? "prospect" : "open_opp";
      o = AccountOverlap(dataset, p, row);
      base_partner_standard_[{o.crossbeam_record_id, o.partner_crossbeam_record_id}] = standard;
    } else {
      if (dataset.Lead(row).account_row < first) continue;
      o = LeadOverlap(dataset, p, row);
    }
    const Key key{o.crossbeam_record_id, o.partner_crossbeam_record_id};
    if (list.count(key) != 0) continue;
    SetPartnerPopulations(o);
    o.seq = ++seq_;
    list.emplace(key, std::move(o));
    keys.push_back(key);
  }
  return keys;
}

}  // namespace tempo::fakes
