// Drill-down SQL text.
#include "report/evidence_sql.h"

namespace tempo::report {

std::string SqlLiteral(std::string_view text) {
  std::string out = "'";
  for (char c : text) {
    if (c == '\'') out += '\'';
    out += c;
  }
  return out + "'";
}

std::string EvidenceSql(int64_t run_id, std::string_view metric, std::string_view partner_key) {
  std::string sql =
      "SELECT role, entity_table, entity_connection, entity_source_id FROM v_score_evidence "
      "WHERE run_id = " +
      std::to_string(run_id) + " AND metric = " + SqlLiteral(metric);
  sql += partner_key.empty() ? " AND scope = 'ecosystem'"
                             : " AND partner_key = " + SqlLiteral(partner_key);
  return sql + " ORDER BY role, entity_table, entity_connection, entity_source_id;";
}

}  // namespace tempo::report
