// The fake PartnerStack's records: the shared dataset as a PartnerStack partner program sees
// it. Partnerships are the dataset's partners; customers its accounts that are customers;
// deals the deals a partner sourced (a PRM's deal registrations); leads the leads a partner
// referred. Every value a test compares with is here (PartnerStackView), and the provider
// renders exactly these (ToJson).
//
// Keys are stable for a seed: "part_", "cust_", "deal_", "lead_" and 12 base62 characters; a
// partner's partner_key is its name as a slug ("granite-forge-inc"), a customer's customer_key
// the vendor's own id ("acct-17"). Times are epoch milliseconds; amounts cents. A view lists
// each resource as the API does: newest created first (ties by key, descending); archived
// rows are left out.
//
// Thread-safety: immutable once built.
#ifndef TEMPO_TESTS_FAKES_PARTNERSTACK_PARTNERSTACK_RECORDS_H_
#define TEMPO_TESTS_FAKES_PARTNERSTACK_PARTNERSTACK_RECORDS_H_

#include <cstdint>
#include <string>
#include <vector>

#include "fakes/core/dataset.h"

namespace tempo::fakes {

// What every PartnerStack item has.
struct PsItem {
  int64_t row = 0;  // the dataset row (partner index for partnerships)
  std::string key;
  int64_t created_ms = 0, updated_ms = 0;
};

struct PsPartnership : PsItem {
  std::string partner_key, email, first_name, last_name;
  std::string group_key, group_name, group_slug;  // the tier: Gold / gold
  std::string team_key, team_name;                // the partner's company
  std::string partner_type;                       // the only tag
  int64_t joined_ms = 0;
};

struct PsCustomer : PsItem {
  std::string customer_key, email, name;
  std::string partner_key;  // "" (null) when no partner brought it
};

struct PsDeal : PsItem {
  std::string partner_key, customer_key;  // customer_key "" (null): not a customer (yet)
  std::string account_name, stage, close_date;
  int64_t amount_cents = 0;
};

struct PsLead : PsItem {
  std::string partner_key, email, name, company, status;
  bool approved = false;
};

class PartnerStackView {
 public:
  explicit PartnerStackView(const Dataset& dataset);

  uint64_t version() const { return version_; }
  // Each in listing order.
  const std::vector<PsPartnership>& partnerships() const { return partnerships_; }
  const std::vector<PsCustomer>& customers() const { return customers_; }
  const std::vector<PsDeal>& deals() const { return deals_; }
  const std::vector<PsLead>& leads() const { return leads_; }

  // The partner_key of partner `index`.
  std::string PartnerKey(int index) const;

 private:
  uint64_t version_ = 0;
  std::vector<std::string> partner_keys_;
  std::vector<PsPartnership> partnerships_;
  std::vector<PsCustomer> customers_;
  std::vector<PsDeal> deals_;
  std::vector<PsLead> leads_;
};

// The item as the API writes it (one element of data.items).
std::string ToJson(const PsPartnership& p);
std::string ToJson(const PsCustomer& c);
std::string ToJson(const PsDeal& d);
std::string ToJson(const PsLead& l);

}  // namespace tempo::fakes

#endif  // TEMPO_TESTS_FAKES_PARTNERSTACK_PARTNERSTACK_RECORDS_H_
