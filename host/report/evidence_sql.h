// The drill-down of a metric: the SQL a reader runs (sqlite3, a BI tool) to list every record
// behind it, against the documented view v_score_evidence (docs/store-schema.md, "Score views").
// The values are written into the text as SQL literals, so it runs as printed.
#ifndef TEMPO_HOST_REPORT_EVIDENCE_SQL_H_
#define TEMPO_HOST_REPORT_EVIDENCE_SQL_H_

#include <cstdint>
#include <string>
#include <string_view>

namespace tempo::report {

// `text` as an SQL string literal: in single quotes, each quote doubled (O'Brien -> 'O''Brien').
std::string SqlLiteral(std::string_view text);

// The query listing the evidence of `metric` in run `run_id` for the partner `partner_key`
// ("" for the ecosystem), one line, ending with ';'.
std::string EvidenceSql(int64_t run_id, std::string_view metric, std::string_view partner_key);

}  // namespace tempo::report

#endif  // TEMPO_HOST_REPORT_EVIDENCE_SQL_H_
