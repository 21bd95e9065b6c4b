// The rule that ends a run with too many rejects `failed` (issue 14: nothing is lost quietly).
//
// A connection's `max_reject_ratio` (docs/configuration.md) is the largest share of rejected
// records a run may have and still succeed: rejected / (accepted + rejected). Without it the
// default applies: a run that accepted no record fails on any reject (a mapping mistake moves
// nothing and must not look fine), and any other run fails above 1 %. A run with no reject
// never fails by this rule.
#ifndef TEMPO_HOST_SYNC_REJECT_RATIO_H_
#define TEMPO_HOST_SYNC_REJECT_RATIO_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace tempo::sync {

// The default share of rejects a run that accepted records may have.
constexpr double kDefaultMaxRejectRatio = 0.01;

struct RejectVerdict {
  bool too_many = false;
  double ratio = 0;      // rejected / (accepted + rejected); 0 when both are 0
  double threshold = 0;  // the largest ratio allowed for this run
};

// Judges a run's `rejected` records against its `accepted` ones. `max_ratio`: the connection's
// max_reject_ratio (0 to 1), or nullopt for the default rule.
RejectVerdict JudgeRejects(int64_t accepted, int64_t rejected, std::optional<double> max_ratio);

// The error of a run the rule failed, for operators: the counts, the ratio, the threshold and
// where it comes from, and the commands that list and replay the rejects. E.g. "3 of 3 records
// were rejected (100 %), more than the 0 % allowed (max_reject_ratio is not set: any reject
// fails a run that accepted no record, else more than 1 %); list them with `tempo rejects
// partners`; after fixing the mapping, `tempo rejects partners --replay` stores them without
// re-reading the source".
std::string TooManyRejectsMessage(const RejectVerdict& verdict, int64_t accepted, int64_t rejected,
                                  std::optional<double> max_ratio, std::string_view connection);

// A share as people read a percentage: "100 %", "1 %", "0.5 %", "33.33 %".
std::string PercentText(double share);

}  // namespace tempo::sync

#endif  // TEMPO_HOST_SYNC_REJECT_RATIO_H_
