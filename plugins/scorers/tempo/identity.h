// Cross-source identity inside the scorer: one partner even when the CRM, the PRM and the
// overlap provider each have a row for it, and one organization per company we sell to.
//
// The keys come from the store's identity views (docs/store-schema.md, "Cross-source
// identity"): v_partner_identity gives every partner row its key ("domain:<domain>", else
// "name:<name in lower case>", else "partner:<connection>:<source_id>"), v_account_identity
// every account and overlap row its organization key. A row the views do not list (deleted
// after the as-of instant, so still live for the run) gets its key by the same rule from its
// own columns (KeyOfPartnerRow, KeyOfAccountRow).
//
// References from other tables (a deal's partner, a lead's account) are resolved here: a
// partner by its domain (overlaps), by the partner row of the same connection, then by a name
// only one partner has; an account by the account row of the same connection.
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

// v_partner_identity's rule, for a row the view does not list.
std::string KeyOfPartnerRow(const Ref& row, std::string_view name, std::string_view domain);
// v_account_identity's rule for an account (without its shared-domain check).
std::string KeyOfAccountRow(const Ref& row, std::string_view domain);

class PartnerIndex {
 public:
  // `since`: the row's partnered_at, if it has one.
  void AddRow(Ref row, std::string name, std::string key, Time since = std::nullopt);
  // Groups the rows by key and picks each partner's representative; call once, after every
  // AddRow. Partners are ordered by key.
  std::vector<Partner> Build();
  // The partner with `key`, or kNone.
  size_t ByKey(std::string_view key) const;
  // A reference from another row (see above); kNone when it names no known partner.
  size_t Resolve(std::string_view connection, std::string_view partner_source_id,
                 std::string_view partner_name, std::string_view partner_domain) const;

 private:
  struct Row {
    Ref ref;
    std::string name, key;
    Time since;
  };
  std::vector<Row> rows_;
  std::map<std::string, size_t, std::less<>> by_key_;                // key -> partner index
  std::map<std::string, size_t, std::less<>> by_row_;                // connection \n source_id
  std::map<std::string, std::vector<size_t>, std::less<>> by_name_;  // name key -> partners
};

class OrgIndex {
 public:
  explicit OrgIndex(std::vector<Org>* orgs) : orgs_(orgs) {}
  // Registers an account row with its organization key and returns its org.
  size_t AddAccount(const Ref& row, const std::string& org_key);
  // The org of an account reference; an account never synced gets an org of its own.
  size_t ByAccount(std::string_view connection, std::string_view account_source_id);
  // The org with `key` (an overlap's); created when no account has it.
  size_t ByKey(const std::string& key);

 private:
  size_t Get(const std::string& key);
  std::vector<Org>* orgs_;
  std::map<std::string, size_t, std::less<>> by_key_;
  std::map<std::string, size_t, std::less<>> by_account_;  // connection \n source_id -> org
};

}  // namespace tempo::scorer

#endif  // TEMPO_PLUGINS_SCORERS_TEMPO_IDENTITY_H_
