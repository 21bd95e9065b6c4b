// Which score runs a report is about: the run itself (the latest, the latest of one scorer, or
// one by id), the runs before it of the same scorer and profile (the previous one for the
// changes, a few more for the trend), and their records from score_run. A run's "place in time"
// is its as-of instant (computed_at for runs that predate --as-of), ties broken by id, so runs
// recomputed for past quarters slot in where they belong.
#ifndef TEMPO_HOST_REPORT_RUNS_H_
#define TEMPO_HOST_REPORT_RUNS_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "common/status.h"
#include "report/model.h"
#include "store/sqlite.h"

namespace tempo::report {

// The id of the run to report: `run_id` if given (InvalidArgument when the store has no such
// run, naming the runs it has), else the most recently computed run, of `scorer` when it is not
// empty. NotFound, telling to run `tempo score`, when the store has no score run at all.
Result<int64_t> ChooseRun(store::Db& db, std::optional<int64_t> run_id, const std::string& scorer);

// The run's record: scorer, plugin, profile, instants, weights, the connections read and left
// out (parsed from its JSON columns).
Result<RunInfo> ReadRun(store::Db& db, int64_t run_id);

// The runs of `run`'s scorer and profile up to and including `run` in time, oldest first, at
// most `limit` of them (the most recent ones); `run` is always the last.
Result<std::vector<TrendRun>> RunsUpTo(store::Db& db, const RunInfo& run, size_t limit);

}  // namespace tempo::report

#endif  // TEMPO_HOST_REPORT_RUNS_H_
