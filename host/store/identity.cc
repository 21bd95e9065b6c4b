#include "store/identity.h"

namespace tempo::store {

Result<std::vector<IdentityIssue>> IdentityIssues(Db& db) {
  std::vector<IdentityIssue> issues;
  // A store an older Tempo wrote (opened read-only, not migrated) has no identity views yet.
  Result<Stmt> exists =
      db.Prepare("SELECT 1 FROM sqlite_master WHERE type = 'view' AND name = 'v_identity_issue'");
  if (!exists.ok()) return exists.status();
  Result<bool> found = exists->Step();
  if (!found.ok()) return found.status();
  if (!*found) return issues;
  Result<Stmt> stmt = db.Prepare(
      "SELECT kind, connection, entity, source_id, detail FROM v_identity_issue "
      "ORDER BY kind, connection, source_id");
  if (!stmt.ok()) return stmt.status();
  for (;;) {
    Result<bool> row = stmt->Step();
    if (!row.ok()) return row.status();
    if (!*row) break;
    issues.push_back({stmt->Text(0), stmt->Text(1), stmt->Text(2), stmt->Text(3), stmt->Text(4)});
  }
  return issues;
}

std::string DescribeIssue(const IdentityIssue& i) {
  const std::string row = i.connection + " " + i.entity + " " + i.source_id;
  if (i.kind == "shared_domain") {
    return row + ": shares the domain " + i.detail +
           " with another live account of the connection; neither is matched across sources by "
           "domain (merge or correct them in the source)";
  }
  if (i.kind == "unknown_crm_id") {
    return row + ": names CRM record " + i.detail +
           ", which no synced account has (sync the CRM connection, or the record was deleted "
           "there)";
  }
  if (i.kind == "ambiguous_crm_id") {
    return row + ": CRM record " + i.detail +
           " is an account id in more than one connection; not matched (see v_account_identity)";
  }
  if (i.kind == "ambiguous_domain") {
    return row + ": its domain " + i.detail +
           " belongs to several accounts of one connection; not matched to them";
  }
  return row + ": " + i.kind + " " + i.detail;
}

}  // namespace tempo::store
