// Cross-source identity inside the scorer: one partner even when the CRM, the PRM and the
// overlap provider each have a row for it, and one organization per company we sell to.
//
// Partners: a row with a domain has the key "domain:<domain>"; a row without one takes the key
// of the one domain-keyed partner with the same name (case-insensitive), else "name:<name in
// lower case>", else "partner:<connection>:<source_id>". A reference from another table
// resolves, in this order, by the partner's domain (overlap), by the partner row of the same
// connection, then by name. The same rules as the store's v_partner_identity view
// (docs/store-schema.md), which replaces them once every store has it.
//
// Organizations: an account with a domain is "domain:<domain>", one without is
// "account:<connection>:<source_id>"; overlaps join by their account domain.
#ifndef TEMPO_PLUGINS_SCORERS_TEMPO_IDENTITY_H_
#define TEMPO_PLUGINS_SCORERS_TEMPO_IDENTITY_H_

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "facts.h"

namespace tempo::scorer {

// Lower case, surrounding blanks removed: how names compare.
std::string NameKey(std::string_view name);

class PartnerIndex {
 public:
  void AddRow(Ref row, std::string name, std::string domain);
  // Assigns keys and representatives; call once, after every AddRow. Partners are ordered by
  // key.
  std::vector<Partner> Build();
  // A reference from another row (see above); kNone when it names no known partner.
  size_t Resolve(std::string_view connection, std::string_view partner_source_id,
                 std::string_view partner_name, std::string_view partner_domain) const;

 private:
  struct Row {
    Ref ref;
    std::string name, domain, key;
  };
  std::vector<Row> rows_;
  std::map<std::string, size_t, std::less<>> by_key_;                // key -> partner index
  std::map<std::string, size_t, std::less<>> by_row_;                // connection \n source_id
  std::map<std::string, std::vector<size_t>, std::less<>> by_name_;  // name key -> partners
};

class OrgIndex {
 public:
  explicit OrgIndex(std::vector<Org>* orgs) : orgs_(orgs) {}
  // Registers an account row and returns its org.
  size_t AddAccount(const Ref& row, std::string_view domain);
  // The org of an account reference; an account never synced gets an org of its own.
  size_t ByAccount(std::string_view connection, std::string_view account_source_id);
  // The org of a domain (an overlap's account); created when no account has it.
  size_t ByDomain(std::string_view domain);

 private:
  size_t Get(const std::string& key);
  std::vector<Org>* orgs_;
  std::map<std::string, size_t, std::less<>> by_key_;
  std::map<std::string, size_t, std::less<>> by_account_;  // connection \n source_id -> org
};

}  // namespace tempo::scorer

#endif  // TEMPO_PLUGINS_SCORERS_TEMPO_IDENTITY_H_
