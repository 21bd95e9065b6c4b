// JudgeRejects and its message.
#include "sync/reject_ratio.h"

#include <cstdio>

namespace tempo::sync {

RejectVerdict JudgeRejects(int64_t accepted, int64_t rejected, std::optional<double> max_ratio) {
  RejectVerdict v;
  const int64_t seen = accepted + rejected;
  v.ratio = seen > 0 ? static_cast<double>(rejected) / static_cast<double>(seen) : 0;
  v.threshold = max_ratio ? *max_ratio : (accepted == 0 ? 0 : kDefaultMaxRejectRatio);
  v.too_many = rejected > 0 && v.ratio > v.threshold;
  return v;
}

std::string PercentText(double share) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.2f", share * 100);
  std::string text = buf;
  while (text.back() == '0') text.pop_back();
  if (text.back() == '.') text.pop_back();
  return text + " %";
}

std::string TooManyRejectsMessage(const RejectVerdict& verdict, int64_t accepted, int64_t rejected,
                                  std::optional<double> max_ratio, std::string_view connection) {
  char configured[32];
  std::snprintf(configured, sizeof configured, "%g", max_ratio.value_or(0));
  std::string why =
      max_ratio ? std::string("by the connection's max_reject_ratio: ") + configured
                : std::string(
                      "(max_reject_ratio is not set: any reject fails a run that accepted no "
                      "record, else more than ") +
                      PercentText(kDefaultMaxRejectRatio) + ")";
  const std::string conn(connection);
  return std::to_string(rejected) + " of " + std::to_string(accepted + rejected) +
         " records were rejected (" + PercentText(verdict.ratio) + "), more than the " +
         PercentText(verdict.threshold) + " allowed " + why + "; list them with `tempo rejects " +
         conn + "`; after fixing the mapping, `tempo rejects " + conn +
         " --replay` stores them without re-reading the source";
}

}  // namespace tempo::sync
