// The HTTP fault scenarios (faults.h), replayed over the full read's recording.
#include "conformance/faults.h"
#include "conformance/session.h"

namespace tempo::conformance {

void Session::Faults() {
  Result<std::vector<Exchange>> recorded = ReadExchanges(ExchangesFor("full_read"));
  std::optional<size_t> target;
  if (recorded.ok()) target = FaultTarget(*recorded);
  if (!target) {
    report_.Skip("fault_http", "the full read made no HTTP request with a 2xx body to replace");
    return;
  }
  bool oauth = false;
  for (const Exchange& e : *recorded) oauth = oauth || e.IsTokenRequest();
  const Exchange& hit = (*recorded)[*target];
  const std::string where = hit.method + " " + hit.url;
  for (const FaultScenario& scenario : FaultScenarios()) {
    const std::string name = "fault_" + std::string(scenario.name);
    if (scenario.needs_oauth && !oauth) {
      report_.Skip(name, "the recording has no OAuth token request");
      continue;
    }
    const std::string store = File(name + ".db");
    StepResult r =
        Read({name, store, true, 0, std::string(scenario.name), static_cast<int64_t>(*target)});
    const std::string what = std::string(scenario.what) + " for " + where;
    if (!r.json) {
      report_.Fail(name, what + ": " + r.died);
      continue;
    }
    Result<Rows> rows = LiveRows(store);
    if (!rows.ok()) {
      report_.Fail(name, what + ": " + rows.status().message());
      continue;
    }
    if (r.json->Str("status") == "succeeded") {
      const std::string diff = CompareRows(full_rows_, *rows);
      if (diff.empty()) {
        report_.Pass(name, what + ": " + std::to_string(r.json->Int("retries")) +
                               " retries, then the same " + std::to_string(full_rows_.size()) +
                               " rows");
      } else {
        report_.Fail(name, what + ": the read succeeded with other records: " + diff +
                               "; a page that cannot be decoded must fail the read");
      }
      continue;
    }
    const std::string error = r.json->Str("error");
    if (scenario.transient) {
      report_.Fail(name, what +
                             ": the read failed instead of being retried (the host retries "
                             "this unless the plugin's classify hook says otherwise): " +
                             error);
      continue;
    }
    const std::string extra = MissingRows(*rows, full_rows_);
    if (error.empty() || !extra.empty()) {
      report_.Fail(name, what + ": the read failed " +
                             (error.empty() ? "without a message" : "but left " + extra));
      continue;
    }
    report_.Pass(
        name, what + ": the read failed clearly and kept its last commit: " + error.substr(0, 240));
  }
}

}  // namespace tempo::conformance
