// LoadReport: the report of one score run, read from the store's documented score views
// (v_partner_scores, v_score_explanations, v_score_evidence; docs/store-schema.md) and the run
// records (score_run), in one read transaction, so a score run that commits meanwhile is not
// half-seen. The report reads what downstream readers read: if a view is wrong, the report is.
#ifndef TEMPO_HOST_REPORT_LOAD_H_
#define TEMPO_HOST_REPORT_LOAD_H_

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>

#include "common/status.h"
#include "report/model.h"
#include "store/sqlite.h"

namespace tempo::report {

// Evidence records listed per metric, and score runs in the trend.
inline constexpr size_t kEvidenceShown = 3;
inline constexpr size_t kTrendRuns = 12;

struct LoadOptions {
  std::optional<int64_t> run_id;  // none: the most recently computed run
  std::string scorer;             // with no run_id: the latest run of this scorer
  std::string partner;            // narrows the report to this partner (partner_match.h)
};

// The report of the run `options` choose, compared with the run of the same scorer and profile
// before it in time. Errors: NotFound when the store has no score run (telling to run tempo
// score), InvalidArgument for an unknown run, scorer or partner (with what there is), Io when
// the store cannot be read.
Result<Report> LoadReport(store::Db& db, const LoadOptions& options);

}  // namespace tempo::report

#endif  // TEMPO_HOST_REPORT_LOAD_H_
