// The fake Crossbeam's data: the synthetic company of fakes/core/dataset.h as Crossbeam shows
// it to our organization. Partners are the dataset's partners; our populations and each
// partner's shared populations are fixed lists; account overlaps are Dataset::OverlapOf (our
// account row x partner), lead overlaps pair one of our accounts with a partner's lead (the
// dataset's leads that belong to an account). An overlap's `record_id` is the id the CRM fake
// our organization is connected to (Salesforce or HubSpot) serves for that account, so a test
// can join Crossbeam and CRM data exactly, and Truth() says what each overlap should become.
//
// Overlaps change between runs through Add, Change and Delete; each change takes the next value
// of a change sequence, which the cursors of provider_crossbeam.h read: a listing's final
// cursor returns what changed after the listing began, deleted overlaps as is_deleted tombstones.
//
// Ids: our organization's records have crossbeam_record_id 4000000 + account row; a partner's
// account record 6000000000 + 10000000 x partner + row, its lead 8000000000 + 10000000 x partner
// + lead row. Our populations are 17001-17005; partner p's shared ones 22000 + 10 p + 1..4 (a
// separate range: partner population ids in the fake never equal one of ours).
//
// Thread-safety: none; the provider guards its world with a mutex.
#ifndef TEMPO_TESTS_FAKES_CROSSBEAM_CROSSBEAM_WORLD_H_
#define TEMPO_TESTS_FAKES_CROSSBEAM_CROSSBEAM_WORLD_H_

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "fakes/core/dataset.h"

namespace tempo::fakes {

enum class OverlapKind : uint8_t { kAccounts, kLeads };
// "accounts" | "leads": the endpoint, /v1/overlaps/<name>.
std::string_view OverlapKindName(OverlapKind kind);
std::optional<OverlapKind> ParseOverlapKind(std::string_view name);

struct XbOrganization {
  std::string uuid, name, domain;
};

struct XbTag {
  std::string id, label;
};

struct XbPartner {
  int index = 0;
  std::string uuid, name;
  std::string domain;  // as served: sometimes "www.x.example" or "https://x.example/"
  std::vector<XbTag> tags;
  std::string expected_domain;  // normalized
  std::string expected_type;    // partner_type the tags map to (other when none maps)
};

struct XbPopulation {
  int64_t id = 0;
  std::string name;
  std::string population_type;  // companies | people
  std::string standard_type;    // customers | prospects | open_opportunities | "" (null)
  int partner = -1;             // -1: ours; else the partner that shares it
};

// One overlap as the fake serves it, with what the connector should make of it.
struct XbOverlap {
  OverlapKind kind = OverlapKind::kAccounts;
  int partner = 0;
  int64_t account_row = -1;  // our side: the CRM account; -1 for the planted missing one
  int64_t lead_row = -1;     // lead overlaps: the dataset lead that is the partner's record
  int64_t crossbeam_record_id = 0, partner_crossbeam_record_id = 0;
  std::string record_id;  // the CRM's id of our account (Truth: the join key)
  std::string record_name, record_website;
  std::string partner_record_name, partner_record_website;
  std::vector<int64_t> population_ids, partner_population_ids;
  bool deleted = false;
  uint32_t revision = 0;  // bumped by Change: the partner population moves on
  uint64_t seq = 0;       // the change that last touched it (0: as generated)
  // Truth: the standard populations by precedence (customer > open_opp > prospect > other),
  // and the normalized domain of our record.
  std::string our_population, partner_population, account_domain;
};

// The planted cases cross-source identity must report (options of the server).
struct XbAmbiguities {
  std::vector<std::string> missing_crm_ids;  // overlaps' record_ids no CRM account has
  std::string shared_domain;                 // a domain two live CRM accounts share ("": none)
  std::vector<std::string> shared_domain_crm_ids;
};

class CrossbeamWorld {
 public:
  // `crm` is "salesforce" or "hubspot"; `organizations` >= 1 (the first holds the data).
  CrossbeamWorld(const Dataset& dataset, std::string_view crm, int organizations,
                 bool missing_crm_overlap);

  const std::vector<XbOrganization>& organizations() const { return organizations_; }
  const std::vector<XbPartner>& partners() const { return partners_; }
  const std::vector<XbPopulation>& populations() const { return populations_; }
  const std::vector<XbPopulation>& partner_populations() const { return partner_populations_; }
  const XbPopulation* FindPopulation(int64_t id) const;

  // Every overlap of `kind` (tombstones included) in key order: (crossbeam_record_id,
  // partner_crossbeam_record_id).
  using Key = std::pair<int64_t, int64_t>;
  const std::map<Key, XbOverlap>& overlaps(OverlapKind kind) const {
    return kind == OverlapKind::kAccounts ? accounts_ : leads_;
  }
  uint64_t seq() const { return seq_; }

  // The CRM id of account `row` (in the CRM the organization is connected to).
  std::string CrmId(int64_t row) const;
  XbAmbiguities Ambiguities(const Dataset& dataset) const;

  // Mutations; each returns the keys it touched. Add creates `count` new overlaps (of account
  // rows and partners that had none); Change moves the partner population of the first
  // `count` live overlaps from `first` on (in key order); Delete deletes them.
  std::vector<Key> Add(const Dataset& dataset, OverlapKind kind, int64_t count);
  std::vector<Key> Change(OverlapKind kind, int64_t first, int64_t count);
  std::vector<Key> Delete(OverlapKind kind, int64_t first, int64_t count);

 private:
  void BuildPartners(const Dataset& dataset);
  void BuildPopulations();
  void BuildOverlaps(const Dataset& dataset, bool missing_crm_overlap);
  XbOverlap AccountOverlap(const Dataset& dataset, int partner, int64_t row) const;
  XbOverlap LeadOverlap(const Dataset& dataset, int partner, int64_t lead_row) const;
  void SetPartnerPopulations(XbOverlap& overlap) const;
  std::vector<Key> LiveKeys(OverlapKind kind, int64_t first, int64_t count) const;

  uint64_t seed_;
  std::string crm_;
  std::vector<XbOrganization> organizations_;
  std::vector<XbPartner> partners_;
  std::vector<XbPopulation> populations_, partner_populations_;
  std::map<Key, XbOverlap> accounts_, leads_;
  std::map<Key, std::string> base_partner_standard_;  // account overlaps: before revisions
  int64_t next_add_row_ = 0, next_add_lead_ = 0;      // where Add looks next
  uint64_t seq_ = 0;
};

// The standard population of Crossbeam's standard_type: customers -> customer, prospects ->
// prospect, open_opportunities -> open_opp, anything else -> other.
std::string_view StandardPopulation(std::string_view standard_type);

}  // namespace tempo::fakes

#endif  // TEMPO_TESTS_FAKES_CROSSBEAM_CROSSBEAM_WORLD_H_
