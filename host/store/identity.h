// Cross-source identity: what `tempo status` reports from the store's identity views
// (docs/store-schema.md, "Cross-source identity"). The views map every account and overlap row
// to one organization key and every partner row to one partner key; the cases they refuse to
// merge are rows of v_identity_issue, read here.
#ifndef TEMPO_HOST_STORE_IDENTITY_H_
#define TEMPO_HOST_STORE_IDENTITY_H_

#include <cstdint>
#include <string>
#include <vector>

#include "common/status.h"
#include "store/sqlite.h"

namespace tempo::store {

struct IdentityIssue {
  std::string kind;        // shared_domain, unknown_crm_id, ambiguous_crm_id, ambiguous_domain
  std::string connection;  // of the row the issue is about
  std::string entity;      // account or overlap
  std::string source_id;
  std::string detail;  // the domain or CRM id concerned
};

// Every issue, ordered by kind, connection, source id; none for a store that predates the views.
Result<std::vector<IdentityIssue>> IdentityIssues(Db& db);

// One line for an operator: what is ambiguous and what to do about it.
std::string DescribeIssue(const IdentityIssue& issue);

}  // namespace tempo::store

#endif  // TEMPO_HOST_STORE_IDENTITY_H_
