// The kit's report: one line per check ("ok", "FAIL" or "skip", its name, what it found), a
// summary "N passed, N failed, N skipped", or the same as one JSON object (--json) for CI.
#ifndef TEMPO_HOST_CONFORMANCE_REPORT_H_
#define TEMPO_HOST_CONFORMANCE_REPORT_H_

#include <string>
#include <vector>

namespace tempo::conformance {

enum class Outcome { kPass, kFail, kSkip };

struct CheckResult {
  std::string name;
  Outcome outcome = Outcome::kPass;
  std::string detail;  // one sentence: what was checked and found; for a failure, what to fix
};

class Report {
 public:
  // Prints each line as it is added (text mode), so a long run shows progress.
  explicit Report(bool json) : json_(json) {}

  void Add(std::string name, Outcome outcome, std::string detail);
  void Pass(std::string name, std::string detail) {
    Add(std::move(name), Outcome::kPass, std::move(detail));
  }
  void Fail(std::string name, std::string detail) {
    Add(std::move(name), Outcome::kFail, std::move(detail));
  }
  void Skip(std::string name, std::string detail) {
    Add(std::move(name), Outcome::kSkip, std::move(detail));
  }

  // Prints the summary (text) or the whole report (JSON) to stdout.
  void Finish(const std::string& plugin, const std::string& version, const std::string& mode);

  int failed() const;
  const std::vector<CheckResult>& checks() const { return checks_; }

 private:
  bool json_;
  std::vector<CheckResult> checks_;
};

}  // namespace tempo::conformance

#endif  // TEMPO_HOST_CONFORMANCE_REPORT_H_
