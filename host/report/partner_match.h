// --partner NAME: which partner of a run the reader means. A partner is named by its display
// name (case-insensitive) or by its partner_key (domain:acme.io), as the report prints them.
#ifndef TEMPO_HOST_REPORT_PARTNER_MATCH_H_
#define TEMPO_HOST_REPORT_PARTNER_MATCH_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "common/status.h"
#include "report/model.h"

namespace tempo::report {

// The index in `partners` (the partners of run `run_id`) of the one `wanted` names.
// InvalidArgument when none does (the message lists close names, or the partners there are),
// or when several partners have that name (the message lists their keys, to name one by key).
Result<size_t> FindPartner(const std::vector<Scores>& partners, const std::string& wanted,
                           int64_t run_id);

}  // namespace tempo::report

#endif  // TEMPO_HOST_REPORT_PARTNER_MATCH_H_
