// The change since the previous score run: per subject the difference of the composite and of
// each dimension, the previous rank, and which partners are new or no longer scored. Partners
// are matched by partner_key, so a partner whose standing row changed is still the same one.
// Pure functions: no I/O.
#ifndef TEMPO_HOST_REPORT_CHANGES_H_
#define TEMPO_HOST_REPORT_CHANGES_H_

#include <vector>

#include "report/model.h"

namespace tempo::report {

// Sets `ecosystem.change` and each partner's `change` from `previous` (the previous run's rows,
// ecosystem included) and returns the previous run's partners missing from `partners`, by their
// previous rank.
std::vector<Scores> ApplyChanges(Subject& ecosystem, std::vector<Subject>& partners,
                                 const std::vector<Scores>& previous);

}  // namespace tempo::report

#endif  // TEMPO_HOST_REPORT_CHANGES_H_
